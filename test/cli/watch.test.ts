/** watch through the real binary: NDJSON per tick, --once, bad input. */
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';
import { freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { BIN, spawnPty, terminalEnv } from '../helpers/pty.js';

const SYNCS = `
  INSERT INTO organization (name, slug) VALUES ('Acme', 'acme'), ('Globex', 'globex');
  INSERT INTO sync_progress (org_id, sync_id, entity_type, source_system, total_items, processed_count, failed_count, started_at)
  SELECT o.id, o.slug || '-sync', e::sync_entity_type, 'odoo', 1000, 100, 5, now() - interval '1 minute'
  FROM organization o, (VALUES ('product'), ('order')) v(e) WHERE (o.slug = 'acme') = (e = 'product');
`;

describe('mantis-sync-tui watch', () => {
  it('--json prints one object per tick with every active sync, and stops after --ticks', async () => {
    const url = await freshDatabase('migrated', 'watch');
    await withClient(url, (c) => c.query(SYNCS));
    const r = await runCli(['watch', '--json', '--ticks', '2', '--interval', '0.5'], { DATABASE_URL: url });
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[1].syncs).toHaveLength(2);
    expect(Object.keys(lines[1].syncs[0])).toEqual(
      expect.arrayContaining([
        'org_id',
        'sync_id',
        'entity_type',
        'processed',
        'failed',
        'total',
        'rate_per_min',
        'eta_seconds',
        'stalled',
        'updated_at',
      ]),
    );
    expect(lines[0].syncs[0].rate_per_min).toBeNull(); // one sample: unknown, not invented
  });

  it('--org and --entity filter; --once prints one table, --once --json one line', async () => {
    const url = await freshDatabase('migrated', 'watch');
    await withClient(url, (c) => c.query(SYNCS));
    const filtered = await runCli(['watch', '--json', '--ticks', '1', '--org', 'globex'], { DATABASE_URL: url });
    expect(JSON.parse(filtered.stdout).syncs.map((s: { sync_id: string }) => s.sync_id)).toEqual(['globex-sync']);
    const byEntity = await runCli(['watch', '--json', '--ticks', '1', '--entity', 'product'], { DATABASE_URL: url });
    expect(JSON.parse(byEntity.stdout).syncs.map((s: { sync_id: string }) => s.sync_id)).toEqual(['acme-sync']);
    const once = await runCli(['watch', '--once', '--interval', '0.5'], { DATABASE_URL: url });
    expect(once.code).toBe(0);
    expect(once.stdout).toMatch(/2 active syncs\nORG\s+SYNC\s+ENTITY\s+DONE\s+FAILED\s+TOTAL/);
    expect(once.stdout).toMatch(/Acme\s+acme-sync\s+product\s+100\s+5\s+1000/);
    // once means one: two samples (so rates are known), only the last printed, as a table or one JSON line
    const onceJson = await runCli(['watch', '--once', '--json', '--interval', '0.5'], { DATABASE_URL: url });
    expect(onceJson.code).toBe(0);
    const printed = onceJson.stdout.trim().split('\n');
    expect(printed).toHaveLength(1);
    expect(JSON.parse(printed[0]!)).toMatchObject({ tick: 2 });
    expect(once.stdout.match(/active syncs/g)).toHaveLength(1);
  });

  it('--changes: after the first line, only the syncs that changed and the ones that left', async () => {
    const url = await freshDatabase('migrated', 'watch');
    await withClient(url, (c) =>
      c.query(`${SYNCS}
        INSERT INTO sync_progress (org_id, sync_id, entity_type, source_system, total_items, processed_count, started_at)
        SELECT id, 'steady', 'product', 'odoo', 1000, 10, now() - interval '1 minute' FROM organization WHERE slug = 'acme';`),
    );
    const watching = spawnCli(['watch', '--json', '--changes', '--interval', '0.5', '--ticks', '60'], {
      DATABASE_URL: url,
    });
    try {
      const lines = (text: string) =>
        text
          .split('\n')
          .filter(Boolean)
          .map(
            (line) => JSON.parse(line) as { tick: number; syncs: Array<Record<string, unknown>>; removed: unknown[] },
          );
      const first = lines(await watching.waitFor(/\n/))[0]!;
      expect(first.syncs.map((s) => s.sync_id).sort()).toEqual(['acme-sync', 'globex-sync', 'steady']);
      expect(first.removed).toEqual([]);
      // one sync moves, one finishes; 'steady' is not written again
      await withClient(url, (c) =>
        c.query(`UPDATE sync_progress SET processed_count = 150, updated_at = now() WHERE sync_id = 'acme-sync';
                 UPDATE sync_progress SET completed_at = now(), updated_at = now() WHERE sync_id = 'globex-sync';`),
      );
      await watching.waitFor(/"sync_id":"acme-sync"[^}]*"processed":150/);
      const removedAt = await watching.waitFor(/"removed":\[\{"org_id":"[^"]+","sync_id":"globex-sync"\}\]/);
      const later = lines(removedAt).slice(1);
      expect(later.length).toBeGreaterThan(0);
      const sent = later.flatMap((line) => line.syncs.map((s) => s.sync_id));
      expect(sent).not.toContain('steady');
      expect(sent).not.toContain('globex-sync');
      expect(sent).toContain('acme-sync');
      // each line is a tick of its own; the full snapshot stays the default (without --changes)
      expect(later.map((line) => line.tick)).toEqual([...later.keys()].map((i) => i + 2));
    } finally {
      watching.kill();
      await watching.done;
    }
    const full = await runCli(['watch', '--json', '--ticks', '2', '--interval', '0.5'], { DATABASE_URL: url });
    expect(
      full.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).syncs.length),
    ).toEqual([2, 2]);
    expect(full.stdout).not.toContain('"removed"');
  });

  it('--changes goes with --json, and watch --help lists it', async () => {
    const text = await runCli(['watch', '--changes'], { DATABASE_URL: 'postgresql://u@h/db' });
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('--changes goes with --json');
    const help = await runCli(['watch', '--help']);
    expect(help.stdout).toMatch(/--changes +With --json: each line carries only the syncs new, written, stalled or/);
  });

  it('more syncs than 200 without a terminal: one line per organization, the stalled first', async () => {
    const url = await freshDatabase('migrated', 'watch');
    await withClient(url, (c) =>
      c.query(`
        INSERT INTO organization (name, slug) VALUES ('Acme', 'acme'), ('Globex', 'globex'), ('Initech', 'initech');
        INSERT INTO sync_progress (org_id, sync_id, entity_type, source_system, total_items, processed_count, started_at)
        SELECT o.id, o.slug || '-' || i, 'product', 'odoo', 1000, 100, now() - interval '1 minute'
        FROM organization o, generate_series(1, 100) i WHERE o.slug IN ('acme', 'globex');
        INSERT INTO sync_progress (org_id, sync_id, entity_type, source_system, total_items, processed_count, started_at, updated_at)
        SELECT id, 'initech-quiet', 'product', 'odoo', 1000, 100, now() - interval '10 minutes', now() - interval '5 minutes'
        FROM organization WHERE slug = 'initech';`),
    );
    const r = await runCli(['watch', '--ticks', '1'], { DATABASE_URL: url });
    expect(r.code).toBe(0);
    const shown = r.stdout.trim().split('\n');
    expect(shown[0]).toMatch(/201 active syncs in 3 organizations$/);
    expect(shown[2]).toMatch(/^ORG +SYNCS +STALLED +DONE +FAILED +TOTAL +% +RATE\/MIN +SLOWEST ETA +LOOK AT$/);
    expect(shown[3]).toMatch(/^Initech +1 +1 +100 +0 +1000 +10 .* initech-quiet stalled 5m/);
    expect(
      shown
        .slice(4)
        .map((line) => line.split(/ +/)[0])
        .sort(),
    ).toEqual(['Acme', 'Globex']);
    // the heading, the note, the header and three organizations: not 201 rows
    expect(shown).toHaveLength(6);
  });

  it('says when sync_progress does not exist (exit 1) and rejects a too short --interval (exit 2)', async () => {
    const r = await runCli(['watch', '--json', '--ticks', '1'], {
      DATABASE_URL: await freshDatabase('issohSeed000', 'watch'),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('public.sync_progress does not exist here');
    const fast = await runCli(['watch', '--interval', '0.1'], { DATABASE_URL: 'postgresql://u@h/db' });
    expect(fast.code).toBe(2);
    expect(fast.stderr).toContain('--interval must be at least 0.5 seconds');
  });
});

/**
 * Rows nobody should write, that one day someone did (by hand, or a bug): updated_at infinity and
 * -infinity in active syncs, completed_at infinity in a finished one, next to ordinary syncs.
 */
const INFINITY_SYNCS = `${SYNCS}
  INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count, started_at, updated_at)
  SELECT id, 'forever', 'invoice', 1000, 10, now() - interval '1 minute', 'infinity' FROM organization WHERE slug = 'acme';
  INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count, started_at, updated_at)
  SELECT id, 'never', 'customer', 1000, 10, now() - interval '1 minute', '-infinity' FROM organization WHERE slug = 'globex';
  INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count, started_at, completed_at)
  SELECT id, 'done-forever', 'product', 1000, 10, now() - interval '1 minute', 'infinity' FROM organization WHERE slug = 'acme';
`;

describe('an infinity row', () => {
  it('is shown as such (ETA unknown, which timestamp is infinity) and every other sync carries on, in JSON and as a table', async () => {
    const url = await freshDatabase('migrated', 'watch');
    await withClient(url, (c) => c.query(INFINITY_SYNCS));
    const json = await runCli(['watch', '--once', '--json', '--interval', '0.5'], { DATABASE_URL: url });
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const { syncs } = JSON.parse(json.stdout);
    expect(syncs.map((s: { sync_id: string }) => s.sync_id)).toEqual(['acme-sync', 'forever', 'globex-sync', 'never']);
    const bySync = (id: string) => syncs.find((s: { sync_id: string }) => s.sync_id === id);
    expect(bySync('forever')).toMatchObject({
      org_name: 'Acme',
      processed: 10,
      total: 1000,
      rate_per_min: null,
      eta_seconds: null,
      stalled: false,
      updated_at: 'infinity',
      problem: 'updated_at is infinity',
    });
    expect(bySync('never')).toMatchObject({
      eta_seconds: null,
      stalled: false,
      updated_at: '-infinity',
      problem: 'updated_at is -infinity',
    });
    for (const id of ['acme-sync', 'globex-sync']) {
      expect(bySync(id)).toMatchObject({ processed: 100, failed: 5, total: 1000, problem: null });
      expect(bySync(id).updated_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    }

    const table = await runCli(['watch', '--once', '--interval', '0.5'], { DATABASE_URL: url });
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /4 active syncs\nORG +SYNC +ENTITY +DONE +FAILED +TOTAL +% +RATE\/MIN +ETA +ELAPSED +UPDATED +PROBLEM\n/,
    );
    expect(table.stdout).toMatch(/^Acme +acme-sync +product +100 +5 +1000 +11 +\? +\? +1m\d\ds +\d+s ago$/m);
    expect(table.stdout).toMatch(
      /^Acme +forever +invoice +10 +0 +1000 +1 +\? +\? +1m\d\ds +infinity +updated_at is infinity$/m,
    );
    expect(table.stdout).toMatch(
      /^Globex +never +customer +10 +0 +1000 +1 +\? +\? +1m\d\ds +-infinity +updated_at is -infinity$/m,
    );

    // health's key metrics leave a row without a real duration out, rather than fail on it (PostgreSQL 15)
    const health = await runCli(['health', '--json'], { DATABASE_URL: url });
    expect(health.stderr).toBe('');
    expect(health.code).toBeLessThan(2);
  });
});

describe('a bounded watch and a server that never answers', () => {
  it('--once gives up within --connect-timeout with exit 4 and says how to keep trying', async () => {
    const r = await runCli(['watch', '--once', '--connect-timeout', '2'], {
      DATABASE_URL: 'postgresql://ops:secret@127.0.0.1:1/mantis_issoh',
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /connection refused.*: no answer within 2 s \(raise --connect-timeout; watch without --once or --ticks keeps trying\)\n$/,
    );
    expect(r.stderr).not.toContain('secret');
  });
});

/** The drifted 0024 as the application wrote it: no writer times, an activity log of its own. */
const DRIFTED_SHAPE = `ALTER TABLE public.sync_progress DROP COLUMN updated_at CASCADE, DROP COLUMN started_at CASCADE;
  ALTER TABLE public.sync_activity_log RENAME COLUMN action TO activity_type;`;

describe("what the table's shape keeps the monitor from showing", () => {
  it('is said once on stderr in text mode, in each --json tick as limits, and not at all on 0024', async () => {
    const url = await freshDatabase('drifted', 'watch');
    await withClient(url, (c) => c.query(DRIFTED_SHAPE));
    const text = await runCli(['watch', '--ticks', '2', '--interval', '0.5'], { DATABASE_URL: url });
    expect(text.code).toBe(0);
    expect(text.stderr.match(/cannot show everything/g)).toHaveLength(1);
    expect(text.stderr).toContain('no elapsed time: public.sync_progress has no started_at');
    expect(text.stderr).toContain('no activity feed: public.sync_activity_log has no action');
    expect(text.stdout.match(/active sync/g)).toHaveLength(2);
    const json = await runCli(['watch', '--json', '--ticks', '2', '--interval', '0.5'], { DATABASE_URL: url });
    expect(json.code).toBe(0);
    const ticks = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(ticks).toHaveLength(2);
    for (const tick of ticks)
      expect(tick.limits).toEqual(
        expect.arrayContaining([
          "rates from the monitor's own samples, not the writers' times: public.sync_progress has no updated_at",
          'no elapsed time: public.sync_progress has no started_at',
        ]),
      );
    const migrated = await freshDatabase('migrated', 'watch');
    const plain = await runCli(['watch', '--json', '--ticks', '1'], { DATABASE_URL: migrated });
    expect(Object.keys(JSON.parse(plain.stdout))).not.toContain('limits');
    expect(plain.stderr).toBe('');
  });
});

describe('watch on a terminal', () => {
  it('draws each tick over the last, as watch(1) does, instead of scrolling a table per tick', async () => {
    const url = await freshDatabase('migrated', 'watch');
    await withClient(url, (c) => c.query(SYNCS));
    const session = spawnPty(process.execPath, [BIN, 'watch', '--ticks', '4', '--interval', '0.5'], {
      env: terminalEnv({ DATABASE_URL: url }),
    });
    try {
      expect((await session.exited(30_000)).exitCode).toBe(0);
      await session.settle(200);
      const screen = session.lines();
      expect(screen.filter((line) => /^ORG +SYNC +ENTITY/.test(line))).toHaveLength(1);
      expect(screen.filter((line) => /^Acme +acme-sync /.test(line))).toHaveLength(1);
      expect(screen[0]).toMatch(/^\d{4}-\d\d-\d\dT.*2 active syncs$/);
      // Four tables were drawn, three of them over the one before.
      expect(session.output().match(/active syncs/g)).toHaveLength(4);
    } finally {
      session.kill();
    }
    // Piped, each tick's table follows the last, as before.
    const piped = await runCli(['watch', '--ticks', '2', '--interval', '0.5'], { DATABASE_URL: url });
    expect(piped.stdout.match(/^ORG +SYNC/gm)).toHaveLength(2);
    expect(piped.stdout).not.toContain('\u001b');
  });
});
