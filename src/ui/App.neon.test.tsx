/**
 * The whole app through what Neon users have (a PgBouncer in transaction mode, one database for
 * both), against real databases on the test server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, hasPgBouncer, pooledUrl } from '../../test/helpers/context.js';
import { withClient } from '../../test/helpers/databases.js';
import { type Rendered, render } from '../../test/helpers/ui/render.js';
import { loadConfig } from '../config.js';
import type { Config } from '../core/config.js';
import { App } from './App.js';

const NOW = new Date(2026, 10, 21, 23, 15, 0);
const directory = mkdtempSync(join(tmpdir(), 'mantis-live-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const auditLog = join(directory, 'audit.jsonl');

function app(cfg: Config, columns = 80, rows = 24, lockTimeoutMs?: number): Rendered {
  return render(
    <App
      config={cfg}
      directory={directory}
      now={() => NOW}
      env={{ HOME: directory }}
      writeSettings={{ auditLog, ...(lockTimeoutMs ? { lockTimeoutMs } : {}) }}
      watch={{ intervalMs: 400, feedEvery: 2 }}
    />,
    { columns, rows },
  );
}

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
