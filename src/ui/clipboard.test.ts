/** OSC 52: what the terminal is sent to copy. */
import { describe, expect, it } from 'vitest';
import { osc52 } from './clipboard.js';

describe('OSC 52', () => {
  it('carries the text base64-encoded, terminated by BEL', () => {
    const sequence = osc52('CREATE SCHEMA IF NOT EXISTS auth; -- ✓');
    expect(sequence.startsWith('\u001b]52;c;')).toBe(true);
    expect(sequence.endsWith('\u0007')).toBe(true);
    expect(Buffer.from(sequence.slice(7, -1), 'base64').toString('utf8')).toBe(
      'CREATE SCHEMA IF NOT EXISTS auth; -- ✓',
    );
  });
});
