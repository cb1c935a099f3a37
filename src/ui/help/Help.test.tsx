/** The Help screen rendered with ink-testing-library; unstyled text asserted. */
import { describe, expect, it } from 'vitest';
import { render } from '../../../test/helpers/ui/render.js';
import { Help } from './Help.js';

describe('Help', () => {
  it('lists every key', () => {
    const { frame } = render(<Help width={100} height={60} scroll={0} />, { columns: 100, rows: 64 });
    for (const key of [
      '1 2 3 4 5 6',
      'Tab  Shift-Tab',
      '?',
      'Esc',
      'q  Ctrl-C',
      'Ctrl-L',
      'r',
      'e',
      'Enter',
      '/',
      'f',
      'y',
      'Y',
      '↑ ↓  j k',
    ]) {
      expect(frame()).toContain(`  ${key}`);
    }
    expect(frame()).toContain('Overview, Checklist, Monitor, Remediate, Rollback, Health');
    expect(frame()).toContain('OSC 52');
  });

  it('scrolls on a short terminal', () => {
    const { lines } = render(<Help width={80} height={10} scroll={5} />);
    expect(lines()).toHaveLength(10);
    expect(lines()[0]).not.toBe('Everywhere');
  });
});
