/**
 * The frame around the screens (header, status bar, too small) and that no screen shows a password;
 * unstyled text asserted.
 */
import { describe, expect, it } from 'vitest';
import { appStateFor, ISSOH_URL } from '../../../test/helpers/ui/fixtures.js';
import { render, UNICODE } from '../../../test/helpers/ui/render.js';
import { keyHints } from '../keymap.js';
import { Checklist } from '../screens/Checklist/Checklist.js';
import { checklistOf } from '../screens/Checklist/state.js';
import { Overview } from '../screens/Overview/Overview.js';
import { symbols } from '../theme.js';
import { Header } from './Header.js';
import { StatusBar } from './StatusBar.js';
import { TooSmall } from './TooSmall.js';

const PASSWORD = 's3cret-pw';

describe('the frame around the screens', () => {
  it('the header numbers the screens and fits 80 columns; it compacts below', () => {
    expect(render(<Header screen="checklist" width={80} />).frame()).toBe(
      '1 Overview  2 Checklist  3 Monitor  4 Remediate  5 Rollback  6 Health  ? Help',
    );
    expect(render(<Header screen="checklist" width={120} />, { columns: 120 }).frame()).toMatch(
      /^mantis-sync-tui {2}1 Overview/,
    );
    expect(render(<Header screen="checklist" width={60} />, { columns: 60 }).frame()).toBe(
      '1  2 Checklist  3  4  5  6  ?',
    );
  });

  it('the status bar shows what fits, keeping help and quit', () => {
    const onChecklist = appStateFor({}, [{ type: 'nav/go', screen: 'checklist' }]);
    const hints = keyHints(onChecklist, { tooSmall: false }, symbols(UNICODE));
    expect(render(<StatusBar hints={hints} width={200} />, { columns: 200 }).frame()).toBe(
      '↑↓/jk move  Enter open  / filter  f failures  y copy SQL  r re-verify  e export  1-6/Tab screens  ? help  q quit',
    );
    const narrow = render(<StatusBar hints={hints} width={60} />, { columns: 60 }).frame();
    expect(narrow.length).toBeLessThanOrEqual(60);
    expect(narrow).toMatch(/\? help {2}q quit$/);
  });

  it('below 60x15 the app says the terminal is too small', () => {
    const { lines } = render(<TooSmall columns={50} rows={12} />, { columns: 50, rows: 12 });
    expect(lines().every((line) => line.length <= 50)).toBe(true);
    const text = lines().join(' ');
    expect(text).toContain('Terminal too small: 50x12');
    expect(text).toContain('at least 60x15');
    expect(text).toContain('press q to quit');
  });
});

describe('URLs', () => {
  it('no screen shows a password', () => {
    const state = appStateFor();
    const all = [
      render(<Overview verification={state.verification} width={80} height={20} />).frame(),
      render(
        <Checklist verification={state.verification} checklist={checklistOf(state)} width={80} height={20} />,
      ).frame(),
    ].join('\n');
    expect(all).not.toContain(PASSWORD);
    expect(ISSOH_URL).toContain(PASSWORD);
  });
});
