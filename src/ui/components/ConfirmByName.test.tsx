/** The confirmation components and the running line, rendered with ink-testing-library; unstyled text asserted. */
import { describe, expect, it } from 'vitest';
import { render } from '../../../test/helpers/ui/render.js';
import { askName, askYesNo, typeInto } from '../confirm.js';
import { PlaceContext } from '../placeContext.js';
import { ConfirmByName, ConfirmPrompt } from './ConfirmByName.js';
import { elapsedText, RunningLine } from './RunningLine.js';

describe('the confirmation components', () => {
  it('ConfirmByName shows the question, what was typed and how to confirm or cancel; y/N shows the question', () => {
    const confirm = typeInto(
      askName('Roll back 0024 on IS-SOH h/db.', 'db', 'roll back', 'DISCARD DATA: rows are not exported.'),
      'd',
    );
    const { lines } = render(<ConfirmByName confirm={confirm} width={80} />);
    expect(lines()).toEqual([
      '→ DISCARD DATA: rows are not exported.',
      'Roll back 0024 on IS-SOH h/db.',
      'Type db: d▏   Enter confirms · Esc cancels',
    ]);
    // In a named environment the typed name names it: production upper-cased, as the header has it.
    const inPlace = (environment: { name: string; production: boolean }) =>
      render(
        <PlaceContext.Provider value={{ environment, readOnly: false }}>
          <ConfirmByName confirm={confirm} width={80} />
        </PlaceContext.Provider>,
      ).lines()[2];
    expect(inPlace({ name: 'production', production: true })).toBe(
      'Type db to roll back PRODUCTION: d▏   Enter confirms · Esc cancels',
    );
    expect(inPlace({ name: 'staging', production: false })).toBe(
      'Type db to roll back staging: d▏   Enter confirms · Esc cancels',
    );
    expect(render(<ConfirmByName confirm={askYesNo('x?')} width={80} />).frame()).toBe('');
    expect(render(<ConfirmPrompt confirm={askYesNo('Apply it?')} width={80} />).frame()).toBe('Apply it? [y/N]');
  });

  it('the running line ticks the elapsed time', async () => {
    expect(elapsedText(1234)).toBe('1.2 s');
    expect(elapsedText(125_000)).toBe('2 min 05 s');
    const ui = render(<RunningLine text="applying x" startedAt={Date.now()} after="q cancels" width={60} />);
    await ui.waitFor(/applying x… 0\.\d s {2}· q cancels/);
    await ui.waitFor(/applying x… [1-9]\.\d s/, 5000);
  });
});
