import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { freshDatabase, hasPgBouncer, pooledUrl } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { sharedDirectoryApp } from '../helpers/ui/app-harness.js';
import { flat } from '../helpers/ui/render.js';

const { app } = sharedDirectoryApp();

describe('the app through what Neon users have', () => {
  if (hasPgBouncer()) {
    it('through a real PgBouncer (transaction mode): the Overview reads both, pooled and read-only, the Monitor ticks, Health reads', async () => {
      const url = await freshDatabase('migrated', 'ui');
      await withClient(url, (c) =>
        c.query(`INSERT INTO organization (name, slug) VALUES ('Pooled', 'pooled');
                 INSERT INTO sync_progress (org_id, sync_id, entity_type, source_system, total_items, processed_count, started_at)
                 SELECT id, 'through-the-pooler', 'product', 'odoo', 1000, 10, now() FROM organization`),
      );
      const ui = app(
        loadConfig({
          env: {},
          issohUrl: pooledUrl(url),
          sppUrl: pooledUrl(await freshDatabase('sppSeed000', 'ui')),
          connectTimeout: 5,
        }),
        120,
        30,
      );
      const overview = await ui.waitFor(/verified at \d\d:\d\d:\d\d/, 20_000);
      expect(overview).toMatch(
        /read-only \(lock 5s, statement 30s\) · pooled · TLS +read-only \(lock 5s, statement 30s\) · pooled · TLS/,
      );
      await ui.type('3');
      expect(await ui.waitFor(/through-the-pooler/, 20_000)).toMatch(/^1 active sync/m);
      await ui.type('6');
      expect(await ui.waitFor(/sync_activity_log_future/, 20_000)).not.toContain('could not');
    }, 60_000);

    it('through a real PgBouncer, t runs the RLS test as test-rls does (one transaction, rolled back), nothing left behind', async () => {
      const url = await freshDatabase('migrated', 'ui');
      const ui = app(loadConfig({ env: {}, issohUrl: pooledUrl(url), connectTimeout: 5 }), 120, 30);
      await ui.waitFor(/verified at \d\d:\d\d:\d\d/, 20_000);
      await ui.type('4');
      await ui.waitFor(/nothing left to apply: t tests RLS isolation/, 20_000);
      expect(flat(ui.frame())).toContain(
        't runs the RLS test through it all the same: one transaction, rolled back, is what transaction pooling keeps',
      );
      await ui.type('t');
      const done = await ui.waitFor(/last: ✓ rls-test isolation holds: \d+ cells as expected, rolled back/, 30_000);
      expect(done).not.toMatch(/^refused:/m);
      // Nothing stays behind: the probes' organizations and users were rolled back.
      const left = await withClient(
        url,
        async (c) => (await c.query('SELECT count(*)::int AS n FROM organization')).rows[0].n,
      );
      expect(left).toBe(0);
    }, 60_000);
  }

  it('one database given for both: the Overview says so once and expects no FDW link between them', async () => {
    const url = await freshDatabase('issohMigrated', 'ui');
    const ui = app(loadConfig({ env: {}, issohUrl: url, sppUrl: url, connectTimeout: 5 }), 120, 30);
    const overview = await ui.waitFor(/verified at \d\d:\d\d:\d\d/, 20_000);
    expect(overview).toMatch(/✓ one database +IS-SOH and SPP are the same database: checked once, no FDW link needed/);
    expect(overview).not.toMatch(/FDW IS-SOH → SPP/);
    expect(overview).not.toContain('0024 in SPP');
  });
});
