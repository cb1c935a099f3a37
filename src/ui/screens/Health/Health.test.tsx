/** The Health screen rendered with ink-testing-library; unstyled text asserted. */
import { describe, expect, it } from 'vitest';
import { check, snapshotFixture } from '../../../../test/helpers/fixtures.js';
import { REPORT } from '../../../../test/helpers/ui/monitor-health-fixtures.js';
import { render } from '../../../../test/helpers/ui/render.js';
import { Health } from './Health.js';
import { type HealthAction, type HealthScreenState, healthReducer, initialHealth } from './state.js';

const health = (
  actions: readonly HealthAction[],
  options: { columns?: number; height?: number; throughput?: Array<{ at: number; perMin: number }> } = {},
) => {
  const state: HealthScreenState = actions.reduce(healthReducer, initialHealth);
  const columns = options.columns ?? 80;
  const height = options.height ?? 60;
  return render(<Health health={state} throughput={options.throughput ?? []} width={columns} height={height} />, {
    columns,
    rows: height + 4,
  });
};
const loaded = (report = REPORT): HealthAction[] => [
  { type: 'health/configure', database: 'mantis_issoh', refusal: null },
  { type: 'health/loading', request: 1 },
  { type: 'health/loaded', request: 1, report, windowMinutes: 60 },
];

describe('Health', () => {
  it('shows partitions with bounds, rows and size; the cache; the metrics; indexes; tables', () => {
    const { frame, lines } = health(loaded());
    const text = frame();
    expect(lines()[0]).toBe('Health of IS-SOH mantis_issoh  · metrics over 60 min  · read 23:15:04 UTC');
    expect(text).toContain('Partitions of sync_activity_log (3)');
    expect(text).toMatch(/ {2}sync_activity_log_future +FROM 2026-03-01 TO MAXVALUE +56,000 +5\.0 MB/);
    expect(text).toMatch(/ {2}sync_activity_log_2026_01 +FROM 2026-01-01 TO 2026-02-01 +1,200 +80 kB/);
    expect(text).toContain('Preview cache  12 live · 5 expired   c deletes the expired ones');
    expect(text).toContain('Key metrics (last 60 min, w changes it)');
    expect(text).toContain("  active syncs 3 · average speed 1,235 items/min (trigger's lifetime average)");
    expect(text).toContain('  completed 7 · average duration 2m05s');
    expect(text).toContain('  activity 420 entries · success rate 97.5 % · error rate 2.5 %');
    expect(text).toContain('Indexes (2, 1 never used)');
    expect(text).toMatch(/ {2}idx_sync_progress_active +sync_progress +4,321 scans/);
    expect(text).toMatch(/ {2}idx_sync_preview_cache_key +sync_preview_cache +0 scans {2}never used/);
    expect(text).toMatch(/^ {2}sync_progress +64 kB +10 +40 {2}never +11-21 22:00$/m);
    expect(text).toMatch(/^ {4}sync_activity_log_2026_01 +80 kB +1,200 +0 {2}11-20 03:00 +never$/m);
    expect(lines().every((line) => line.length <= 80)).toBe(true);
    expect(text).toContain('no ticks yet');
  });

  it('shows the coverage findings that do not pass, and a count when all do', () => {
    const findings = check(snapshotFixture('issoh-migrated'), snapshotFixture('spp-seed000')).filter(
      (f) => f.group === 'partitions',
    );
    expect(findings.length).toBeGreaterThan(0);
    const passing = health(
      loaded({ ...REPORT, coverage: findings.map((f) => ({ ...f, status: 'pass' as const })) }),
    ).frame();
    expect(passing).toContain(`✓ coverage: ${findings.length} checks pass`);
    const open = {
      ...findings[0]!,
      status: 'warn' as const,
      code: 'PRT005',
      title: 'rows in the catch-all partition: 6 rows of months that have no partition',
    };
    const months = ['2026-11', '2026-12', '2027-01', '2027-02'].map((month) => ({
      ...findings[0]!,
      code: 'PRT004',
      status: 'warn' as const,
      object: `public.sync_activity_log ${month}`,
      title: `${month} has no partition of its own (rows go to sync_activity_log_future)`,
    }));
    const warned = health(loaded({ ...REPORT, coverage: [open, ...months] })).frame();
    expect(warned.replace(/\s+/g, ' ')).toContain(
      '! PRT005 rows in the catch-all partition: 6 rows of months that have no partition',
    );
    // Several of one code: one line, the code's meaning and what it is about.
    expect(warned).toContain('  ! PRT004 month without a partition of its own (4): 2026-11, 2026-12, 2027-01,');
    expect(warned).not.toContain('2026-11 has no partition of its own');
  });

  it('draws the throughput of the session as a sparkline with now and peak', () => {
    const throughput = [0, 600, 1200, 1800, 2400, 3000, 3600, 4200].map((perMin, i) => ({ at: i * 2000, perMin }));
    const { frame } = health(loaded(), { throughput });
    expect(frame()).toContain('  ▁▂▃▄▅▆▇█  now 4200 · peak 4200 · 8 ticks');
  });

  it('the y/N question and the typed name sit above the report; a result is on top of it', () => {
    const ask = health([...loaded(), { type: 'health/ask', task: 'partitions' }]).frame();
    expect(ask.split('\n')[1]).toMatch(/^Create the monthly partitions of sync_activity_log through 3 months ahead on/);
    expect(ask.replace(/\s+/g, ' ')).toContain('in one transaction. [y/N]');
    const name = health([
      ...loaded(),
      { type: 'health/ask', task: 'archive' },
      { type: 'health/confirm-input', text: 'mantis_' },
    ]).frame();
    expect(name).toContain('Type mantis_issoh: mantis_▏   Enter confirms · Esc cancels');
    const done = health([
      ...loaded(),
      { type: 'health/running', task: 'cache' },
      {
        type: 'health/result',
        outcome: {
          task: 'cache',
          outcome: 'committed',
          durationMs: 12,
          lines: ['deleted 5 expired entries (before: 12 live, 5 expired)'],
          error: null,
        },
      },
    ]).lines();
    expect(done[1]).toBe('✓ Cache cleanup: done in 12 ms');
    expect(done[2]).toBe('  deleted 5 expired entries (before: 12 live, 5 expired)');
    const refused = health([
      ...loaded(),
      {
        type: 'health/result',
        outcome: {
          task: 'partitions',
          outcome: 'refused',
          durationMs: 0,
          lines: [],
          error: 'lock_timeout: sync_activity_log is locked',
        },
      },
    ]).lines();
    // An error reads in its own words, as `maintain` says it on stderr.
    expect(refused[1]).toBe('✗ Partitions ahead: lock_timeout: sync_activity_log is locked');
  });

  it('scrolls under its title on a short terminal and says which lines are shown', () => {
    const state = [...loaded(), { type: 'health/scroll' as const, by: 5, max: 100 }].reduce(
      healthReducer,
      initialHealth,
    );
    const { lines } = render(<Health health={state} throughput={[]} width={80} height={10} />, {
      columns: 80,
      rows: 14,
    });
    expect(lines()).toHaveLength(10);
    expect(lines()[0]).toMatch(/^Health of IS-SOH mantis_issoh {2}· metrics over 60 min {2}· lines 6-14 of \d+/);
    expect(lines()[1]).not.toContain('Partitions of');
  });

  it('when the 0024 tables do not exist it says so and points to Remediate; a read error is shown in red', () => {
    const gone = health(
      loaded({
        ...REPORT,
        partitions: [],
        health: null,
        unavailable: 'the 0024 tables do not exist here: apply 0024 first (mantis-sync-tui apply)',
      }),
    ).frame();
    expect(gone).toContain('✗ the 0024 tables do not exist here: apply 0024 first (mantis-sync-tui apply)');
    expect(gone).toContain('→ press 4 for Remediate');
    const failed = health([
      { type: 'health/loading', request: 1 },
      { type: 'health/failed', request: 1, error: 'connection refused: is the server running?' },
    ]).frame();
    expect(failed).toContain('✗ could not read the health report: connection refused: is the server running?');
  });
});
