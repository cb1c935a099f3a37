/**
 * Every screen at 80x24, the size the README recommends, drawn by the real components from
 * realistic fixtures (seed 000 verified, a plan with a dry run, a live Monitor, a Health report, a
 * rollback and its restore, Help scrolled through): no line may end in a word cut in two, and the
 * status bar keeps every key hint of its screen. Names, the verdict and the key that acts stay
 * whole; the rest wraps or is abbreviated at a word.
 */
import { describe, expect, it } from 'vitest';
import { appStateFor } from '../../test/helpers/ui/fixtures.js';
import { FEED, REPORT, tickEvents } from '../../test/helpers/ui/monitor-health-fixtures.js';
import {
  apply,
  remediateState,
  rollbackResult,
  rollbackRun,
  rollbackState,
} from '../../test/helpers/ui/remediate-rollback-fixtures.js';
import { render, UNICODE } from '../../test/helpers/ui/render.js';
import { AppFrame } from './App.js';
import type { AppAction, AppState } from './appState.js';
import { isGeneralHint } from './components/StatusBar.js';
import { helpMaxScroll } from './help/Help.js';
import { keyHints } from './keymap.js';
import { layoutFor } from './layout.js';
import { loadScreenViews } from './screens/index.js';
import { remediateOf } from './screens/Remediate/state.js';
import { symbols } from './theme.js';

const SIZE = { columns: 80, rows: 24 } as const;

// The app loads the screens' views after its first frame; each scene here is drawn at once.
await loadScreenViews();

function frameOf(state: AppState): string[] {
  const layout = layoutFor(state, SIZE, UNICODE);
  const { lines } = render(<AppFrame state={state} layout={layout} rows={SIZE.rows} />, { ...SIZE });
  return lines();
}

/** A line that ends in part of a word: a letter or digit right before the ellipsis the cut left. */
const cutWord = (line: string) => /[\p{L}\p{N}_]…$/u.test(line.trimEnd());

const monitorOn = (state: AppState): AppState =>
  apply(
    state,
    { type: 'monitor/started', intervalMs: 2000, minutes: 15 },
    ...tickEvents(40, undefined, FEED).map((event): AppAction => ({ type: 'monitor/event', event })),
    { type: 'nav/go', screen: 'monitor' },
  );

const SCENES: ReadonlyArray<readonly [string, () => AppState]> = [
  ['Overview on seed 000', () => appStateFor()],
  ['Overview, migrated', () => appStateFor({ issoh: 'issoh-migrated' })],
  ['Checklist on seed 000', () => apply(appStateFor(), { type: 'nav/go', screen: 'checklist' })],
  [
    'Checklist, migrated',
    () => apply(appStateFor({ issoh: 'issoh-migrated' }), { type: 'nav/go', screen: 'checklist' }),
  ],
  ['Monitor, live', () => monitorOn(appStateFor())],
  ['Remediate, the plan', () => remediateState()],
  [
    'Remediate, after a dry run',
    () => {
      const state = remediateState();
      const failing = remediateOf(state).plan!.findings.find((f) => f.code === 'PRQ003')!;
      return apply(state, {
        type: 'remediate/finished',
        outcome: {
          kind: 'step',
          stepId: 'prereq-organization',
          title: 'x',
          result: {
            stepId: 'prereq-organization',
            mode: 'dry-run',
            outcome: 'dry-run',
            durationMs: 47,
            error: null,
            stillFailing: [failing],
            exported: null,
          } as never,
          fixed: [],
        },
      });
    },
  ],
  ['Rollback, the dry run', () => rollbackState()],
  [
    'Rollback, after rolling back',
    () =>
      apply(rollbackState(), {
        type: 'rollback/finished',
        run: rollbackRun({ ...rollbackResult(), outcome: 'committed' }, 'apply'),
      }),
  ],
  [
    'Rollback, u asks to restore',
    () =>
      apply(
        rollbackState(),
        { type: 'rollback/finished', run: rollbackRun({ ...rollbackResult(), outcome: 'committed' }, 'apply') },
        { type: 'rollback/ask-restore' },
      ),
  ],
  [
    'Rollback, restoring',
    () =>
      apply(
        rollbackState(),
        { type: 'rollback/finished', run: rollbackRun({ ...rollbackResult(), outcome: 'committed' }, 'apply') },
        { type: 'rollback/restore-started', at: Date.now() - 12_345 },
      ),
  ],
  [
    'Health',
    () =>
      apply(
        appStateFor(),
        { type: 'health/configure', database: 'mantis_issoh', refusal: null },
        { type: 'health/loading', request: 1 },
        { type: 'health/loaded', request: 1, report: REPORT, windowMinutes: 60 },
        { type: 'nav/go', screen: 'health' },
      ),
  ],
];

/** Help, scrolled from top to bottom. */
function helpScenes(): Array<readonly [string, AppState]> {
  const help = apply(appStateFor(), { type: 'nav/go', screen: 'help' });
  const max = helpMaxScroll(layoutFor(help, SIZE, UNICODE).bodyHeight, UNICODE, SIZE.columns);
  const scenes: Array<readonly [string, AppState]> = [];
  for (let at = 0; at <= max; at += 5)
    scenes.push([`Help from line ${at + 1}`, apply(help, { type: 'nav/help-scroll', by: at, max })]);
  scenes.push([`Help, the end`, apply(help, { type: 'nav/help-scroll', by: max, max })]);
  return scenes;
}

describe('every screen at 80x24', () => {
  const scenes: Array<readonly [string, AppState]> = [
    ...SCENES.map(([name, make]) => [name, make()] as const),
    ...helpScenes(),
  ];

  it.each(scenes)('%s: no line ends in a cut word', (_, state) => {
    const lines = frameOf(state);
    expect(lines.length).toBeLessThanOrEqual(SIZE.rows - 1);
    expect(lines.filter(cutWord)).toEqual([]);
  });

  it('Help wraps a long description under itself instead of cutting it', () => {
    const lines = helpScenes().flatMap(([, state]) => frameOf(state).slice(1, -2));
    expect(lines.some((line) => line.includes('…'))).toBe(false);
  });

  it.each(scenes)('%s: the status bar keeps every key that acts on the screen, and quit', (_, state) => {
    const layout = layoutFor(state, SIZE, UNICODE);
    const hints = keyHints(state, layout, symbols(UNICODE));
    const bar = frameOf(state).at(-1)!;
    // Keys that work everywhere or only move (screens, Esc, r, e, arrows) may give way: the header and Help show them.
    const acting = hints.filter((h) => !isGeneralHint(h));
    expect(acting.filter((h) => !bar.includes(`${h.keys} ${h.label}`)).map((h) => `${h.keys} ${h.label}`)).toEqual([]);
    // Quit is q, or Ctrl-C while a question waits for its answer.
    expect(bar).toMatch(/ (q|Ctrl-C) quit$/);
  });
});
