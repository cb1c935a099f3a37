/** The Health screen's reducer as a pure function. */
import { describe, expect, it } from 'vitest';
import { REPORT } from '../../../../test/helpers/ui/monitor-health-fixtures.js';
import type { MaintenanceResult, PartitionMaintenance } from '../../../core/maintenance.js';
import { maintainVerdict } from '../../../output/maintain.js';
import {
  type HealthScreenState,
  healthReducer,
  initialHealth,
  summarizeMaintenance,
  verdict,
  WINDOWS,
} from './state.js';

describe('health reducer', () => {
  it('drops answers to an older read; w cycles the window 15 → 60 → 1440 minutes', () => {
    let h = healthReducer(initialHealth, { type: 'health/loading', request: 1 });
    h = healthReducer(h, { type: 'health/loading', request: 2 });
    expect(
      healthReducer(h, { type: 'health/loaded', request: 1, report: REPORT, windowMinutes: 60 }).report,
    ).toBeNull();
    h = healthReducer(h, { type: 'health/loaded', request: 2, report: REPORT, windowMinutes: 60 });
    expect(h.report).toBe(REPORT);
    expect(h.loading).toBe(false);
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      h = healthReducer(h, { type: 'health/window' });
      seen.push(h.windowMinutes);
    }
    expect(seen).toEqual([1440, 15, 60]);
    expect(WINDOWS).toEqual([15, 60, 1440]);
  });

  it('asks y/N for partitions and the cache, the database name for archiving; not while refused or running', () => {
    const h: HealthScreenState = { ...initialHealth, database: 'mantis_issoh', report: REPORT };
    expect(healthReducer(h, { type: 'health/ask', task: 'partitions' }).confirm?.confirm.kind).toBe('yes-no');
    const archive = healthReducer(h, { type: 'health/ask', task: 'archive' });
    expect(archive.confirm?.confirm).toMatchObject({ kind: 'name', expected: 'mantis_issoh', typed: '' });
    expect(
      healthReducer({ ...h, refusal: 'refused: pooled' }, { type: 'health/ask', task: 'cache' }).confirm,
    ).toBeNull();
    expect(healthReducer({ ...h, running: 'cache' }, { type: 'health/ask', task: 'cache' }).confirm).toBeNull();
  });

  it('summarizes a partition step: created, moved, rows per partition', () => {
    const result: MaintenanceResult<PartitionMaintenance> = {
      outcome: 'committed',
      durationMs: 42,
      error: null,
      value: {
        plan: {
          catchAll: {
            name: 'sync_activity_log_future',
            bound: { from: Date.UTC(2026, 2, 1), to: Infinity, isDefault: false },
          },
          create: [
            {
              name: 'sync_activity_log_2026_03',
              month: '2026-03',
              from: '2026-03-01 00:00:00+00',
              to: '2026-04-01 00:00:00+00',
            },
            {
              name: 'sync_activity_log_2026_04',
              month: '2026-04',
              from: '2026-04-01 00:00:00+00',
              to: '2026-05-01 00:00:00+00',
            },
          ],
          newCatchAllFrom: '2026-05-01 00:00:00+00',
          nothingToDo: null,
        },
        moved: 6,
        rowsAfter: [
          { partition: 'sync_activity_log_2026_03', rows: 4 },
          { partition: 'sync_activity_log_2026_04', rows: 0 },
          { partition: 'sync_activity_log_future', rows: 2 },
        ],
      },
    };
    const summary = summarizeMaintenance('partitions', result);
    expect(summary.lines).toEqual([
      'created 2 partitions: 2026-03, 2026-04',
      'moved 6 rows out of the catch-all sync_activity_log_future, now FROM 2026-05-01 TO MAXVALUE (counted before and after)',
      'rows per partition: sync_activity_log_2026_03 4, sync_activity_log_future 2',
    ]);
    expect(
      summarizeMaintenance('partitions', { outcome: 'nothing-to-do', value: null, durationMs: 3, error: null })
        .lines[0],
    ).toContain('already has a partition');
    // A dry run says what it would do.
    expect(summarizeMaintenance('partitions', { ...result, outcome: 'dry-run' }).lines).toEqual([
      'would create 2 partitions: 2026-03, 2026-04',
      'would move 6 rows out of the catch-all sync_activity_log_future, then FROM 2026-05-01 TO MAXVALUE (counted before and after)',
      'rows per partition it would leave: sync_activity_log_2026_03 4, sync_activity_log_future 2',
    ]);
  });

  it("words how a step ended as maintain does: the CLI's line without its glyph, an error in its own words", () => {
    const plain = { color: false, unicode: true };
    for (const outcome of ['committed', 'dry-run', 'nothing-to-do'] as const) {
      const result = { outcome, value: null, durationMs: 12, error: null };
      expect(`✓ ${verdict(summarizeMaintenance('cache', result))}`).toBe(
        maintainVerdict({ task: 'cache', result }, plain),
      );
    }
    const interrupted = 'interrupted: the step was rolled back, nothing was changed';
    expect(
      verdict(
        summarizeMaintenance('cache', { outcome: 'interrupted', value: null, durationMs: 5, error: interrupted }),
      ),
    ).toBe(interrupted);
  });
});
