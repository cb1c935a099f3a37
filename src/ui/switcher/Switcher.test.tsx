/** The environment switcher: its reducer, and the list drawn (marks, current, scrolling, a refusal wrapped). */
import { describe, expect, it } from 'vitest';
import { ASCII, render } from '../../../test/helpers/ui/render.js';
import type { EnvironmentsFile } from '../../core/environments.js';
import { Switcher } from './Switcher.js';
import { chosen, type SwitcherState, switcherReducer } from './state.js';

const FILE: EnvironmentsFile = {
  path: 'mantis-sync-tui.json',
  environments: [
    { name: 'staging', issoh: 'STAGING_URL', spp: null, production: false, readOnly: false },
    { name: 'production', issoh: 'DATABASE_URL', spp: null, production: true, readOnly: false },
    { name: 'production-look', issoh: 'DATABASE_URL', spp: null, production: true, readOnly: true },
    ...Array.from({ length: 20 }, (_, i) => ({
      name: `pr-${i + 1}`,
      issoh: `PR_${i + 1}_URL`,
      spp: null,
      production: false,
      readOnly: false,
    })),
  ],
};

const open = (current: string | null) => switcherReducer(null, { type: 'switcher/open', file: FILE, current })!;

describe('the environment switcher', () => {
  it('opens on the environment the app is on, moves within the list, and forgets a refusal on a move', () => {
    expect(open('production').cursor).toBe(1);
    expect(open(null).cursor).toBe(0);
    let state: SwitcherState | null = open('production');
    state = switcherReducer(state, { type: 'switcher/move', by: -1 });
    state = switcherReducer(state, { type: 'switcher/move', by: -1 });
    expect(state && chosen(state)).toBe('staging');
    state = switcherReducer(state, { type: 'switcher/move', by: 'end' });
    expect(state && chosen(state)).toBe('pr-20');
    state = switcherReducer(state, { type: 'switcher/refused', problem: 'PR_20_URL is not set' });
    expect(state?.problem).toBe('PR_20_URL is not set');
    state = switcherReducer(state, { type: 'switcher/move', by: -1 });
    expect(state?.problem).toBeNull();
    expect(switcherReducer(state, { type: 'switcher/close' })).toBeNull();
  });

  it('lists each environment with its marks and the current one; a long list scrolls to the cursor; ASCII too', () => {
    const { lines } = render(<Switcher state={open('production')} width={80} height={6} />);
    expect(lines()).toEqual([
      'Environments of mantis-sync-tui.json  23 · Enter switches · Esc stays',
      '  staging',
      '› production       production  → current',
      '  production-look  production  read-only',
      '  pr-1',
      '  pr-2',
    ]);
    const end = switcherReducer(open('production'), { type: 'switcher/move', by: 'end' })!;
    const scrolled = render(<Switcher state={end} width={80} height={6} />, { theme: ASCII }).lines();
    expect(scrolled.at(-1)).toBe('> pr-20');
    expect(scrolled.join('\n')).not.toMatch(/[^\x00-\x7f]/);
  });

  it('a choice that could not be switched to: the line whole, wrapped under the list', () => {
    const problem =
      'environment "pr-1": PR_1_URL is not set (mantis-sync-tui.json names it for IS-SOH): export PR_1_URL=postgresql://…, or fix the name in mantis-sync-tui.json';
    const refused = switcherReducer(open('staging'), { type: 'switcher/refused', problem })!;
    const text = render(<Switcher state={refused} width={60} height={10} />, { columns: 60 }).lines();
    expect(text.every((line) => line.length <= 60)).toBe(true);
    expect(text.slice(-4).join(' ')).toBe(`✗ ${problem}`);
  });
});
