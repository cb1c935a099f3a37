/** Help lists the keys of Remediate, Rollback and the confirmations. */
import { describe, expect, it } from 'vitest';
import { render } from '../../../test/helpers/ui/render.js';
import { Help } from './Help.js';

describe('Help', () => {
  it('lists the keys of Remediate, Rollback and the confirmations', () => {
    const { frame } = render(<Help width={120} height={90} scroll={0} />, { columns: 120, rows: 94 });
    for (const text of [
      'Remediate',
      'Rollback',
      'Confirmations',
      'dry run: the step in a transaction',
      'discard data on/off',
      'allow CASCADE to drop the selected dependent',
    ]) {
      expect(frame()).toContain(text);
    }
  });
});
