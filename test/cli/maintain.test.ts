/** maintain and health through the real binary. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';

describe('mantis-sync-tui maintain and health', () => {
  it('maintain partitions: refused without --yes, dry run changes nothing, then done, then nothing to do', async () => {
    const url = await freshDatabase('migrated', 'maintcli');
    const refused = await runCli(['maintain', 'partitions'], { DATABASE_URL: url });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toBe(
      'mantis-sync-tui: refused: maintain partitions changes the database and nobody can confirm here (stdin is not a terminal): pass --yes; nothing was changed\n',
    );
    const dry = await runCli(['maintain', 'partitions', '--dry-run', '--ahead', '1'], { DATABASE_URL: url });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run: done, checked and rolled back');
    const done = await runCli(['maintain', 'partitions', '--yes', '--ahead', '1'], { DATABASE_URL: url });
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(
      /create: sync_activity_log_2026_03, .*\n.*catch-all sync_activity_log_future now FROM \d{4}-\d{2}-01 TO MAXVALUE/,
    );
    const again = await runCli(['maintain', 'partitions', '--yes', '--ahead', '1'], { DATABASE_URL: url });
    expect(again.stdout).toContain('nothing to do');
  });

  it('maintain cache and archive, and a typo in the task', async () => {
    const url = await freshDatabase('migrated', 'maintcli');
    const cache = await runCli(['maintain', 'cache', '--yes'], { DATABASE_URL: url });
    expect(cache.code).toBe(0);
    expect(cache.stdout).toContain('preview cache: 0 live, 0 expired; deleted 0');
    const archive = await runCli(['maintain', 'archive', '--yes'], { DATABASE_URL: url });
    expect(archive.code).toBe(3);
    expect(archive.stderr).toContain('archiving is severe: pass --confirm=');
    // A dry run names where a real one would export, and writes nothing there.
    const directory = join(scratchDirectory('maintcli'), 'archive');
    const dry = await runCli(['maintain', 'archive', '--dry-run', '--export-dir', directory], { DATABASE_URL: url });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`would export to ${directory} (rows counted, nothing written):`);
    expect(existsSync(directory)).toBe(false);
    const typo = await runCli(['maintain', 'partition'], { DATABASE_URL: url });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean partitions?');
  });

  it('health --json reports partitions, coverage, metrics, cache, indexes and tables', async () => {
    const url = await freshDatabase('migrated', 'maintcli');
    await withClient(url, (c) => c.query(`INSERT INTO organization (name, slug) VALUES ('Acme', 'acme')`));
    const r = await runCli(['health', '--json', '--window', '30'], { DATABASE_URL: url });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.partitions.map((p: { name: string }) => p.name)).toContain('sync_activity_log_future');
    expect(report.coverage.some((f: { code: string }) => f.code === 'PRT004')).toBe(true);
    // A month without its own partition names the step that mends it.
    const gap = report.coverage.find(
      (f: { code: string; status: string }) => f.code === 'PRT004' && f.status === 'warn',
    );
    expect(gap?.impact).toContain('mantis-sync-tui maintain partitions');
    expect(report.health.metrics).toMatchObject({ windowMinutes: 30, activeSyncs: 0 });
    expect(report.health.indexes.length).toBeGreaterThanOrEqual(15);
    const text = await runCli(['health'], { DATABASE_URL: url });
    expect(text.stdout).toContain('Key metrics (last 60 minutes)');
    const blocked = await runCli(['health'], { DATABASE_URL: await freshDatabase('issohSeed000', 'maintcli') });
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('the 0024 tables do not exist here');
  });
});
