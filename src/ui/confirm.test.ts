/** The confirmation prompts' logic (y/N, the name typed) as pure functions. */
import { describe, expect, it } from 'vitest';
import { askName, askYesNo, backspace, judgeName, typeInto } from './confirm.js';

describe('the confirmation', () => {
  it('takes only printable text, erases with Backspace, and confirms only the exact name', () => {
    let c = askName('Apply it?', 'mantis_issoh', 'apply it in');
    c = typeInto(c, 'mantis_');
    c = typeInto(c, '\u001b[A');
    c = typeInto(c, 'issoo\u0007');
    expect(c.kind === 'name' && c.typed).toBe('mantis_issoo');
    expect(judgeName(c)).toEqual({
      confirmed: false,
      reason: 'refused: "mantis_issoo" is not mantis_issoh; nothing was changed',
    });
    c = typeInto(backspace(c), 'h');
    expect(judgeName(c)).toEqual({ confirmed: true });
    expect(judgeName(askName('x', 'db', 'go on in'))).toMatchObject({
      confirmed: false,
      reason: 'refused: nothing was typed; nothing was changed',
    });
    expect(typeInto(askYesNo('ok?'), 'y')).toEqual(askYesNo('ok?'));
  });
});
