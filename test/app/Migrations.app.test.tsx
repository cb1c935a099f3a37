/**
 * --migrations DIR in the app: the databases judged against the intended state of the team's own
 * files (src/cli.tsx builds it and hands it to the app): the Checklist's "Migration files" group,
 * and findings on the files' objects, which the reads must read (the intended state's scope).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dependenciesFor } from '../../src/commands/intended.js';
import { App } from '../../src/ui/App.js';
import { scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { KEY } from '../helpers/keys.js';
import { databaseFrom, MIGRATION_FIXTURES } from '../helpers/migrations.js';
import { issohConfig, NOW, SLOW, TIMEOUT } from '../helpers/ui/app-harness.js';
import { render } from '../helpers/ui/render.js';

const FAILING = join(MIGRATION_FIXTURES, 'failing');

describe('the app with --migrations DIR', () => {
  it(
    "the Overview and Checklist judge the files' objects (read with their scope): the file that does not apply, a column that differs and its fix",
    async () => {
      const url = await databaseFrom(FAILING, ['002_patch.sql'], 'uimig');
      await withClient(url, (client) => client.query('ALTER TABLE shop.orders ALTER COLUMN note TYPE varchar(100)'));
      const deps = await dependenciesFor(FAILING, scratchDirectory('mantis-cache-'), () => NOW);
      const directory = scratchDirectory('mantis-app-mig-');
      const ui = render(
        <App config={issohConfig(url)} directory={directory} now={() => NOW} dependencies={() => deps} />,
        { columns: 120, rows: 40 },
      );
      const overview = await ui.waitFor(/verified at/, SLOW);
      // judged against the files: their objects, not 0024's
      expect(overview).toContain('✗ Migration files: 002_patch.sql; Tables and columns: shop.orders.note');
      expect(overview).toMatch(/Verification {2}✓ \d+ pass {2}✗ 2 fail {2}! 0 warn {2}⊘ 0 blocked/);
      // seed 000's topology is the built-in 0024's: the files' intended state has none to show
      expect(overview).toContain('holds no topology to show');
      expect(overview).not.toMatch(/public views|FDW IS-SOH|seed 000: IS-SOH holds/);
      await ui.type('2', 'f');
      const list = await ui.waitFor(/2 of \d+ shown/);
      expect(list).toMatch(/▾ Migration files +0\/1 pass {2}✗ 1 fail/);
      expect(list).toMatch(
        /✗ MIG001 migration file does not apply:4: 42601 syntax error at or near "RAI… 002_patch\.sql +IS-SOH/,
      );
      expect(list).toMatch(
        /✗ TBL004 column type differs: character varying\(100\), expected .* shop\.orders\.note +IS-SOH/,
      );
      expect(list).not.toContain('sync_progress');
      await ui.type(KEY.down, KEY.down, KEY.enter);
      const detail = await ui.waitFor('Expected');
      // the file and line that created the column, as the CLI's SARIF and annotations give it
      expect(detail).toContain('Source      001_schema.sql:15');
      expect(detail).toContain('Expected    character varying(200)');
      expect(detail).toContain('Actual      character varying(100)');
      expect(detail).toContain('ALTER TABLE "shop"."orders" ALTER COLUMN "note" TYPE character varying(200)');
    },
    TIMEOUT,
  );

  it(
    "Health, the Monitor and Rollback on a set whose tables are not 0024's read the set's tables",
    async () => {
      const renamed = join(MIGRATION_FIXTURES, 'renamed');
      const url = await databaseFrom(renamed, [], 'uiren');
      await withClient(url, (client) =>
        client.query(`INSERT INTO stock.import_run (org_id, sync_id, processed_count, total_items)
          VALUES ('11111111-1111-4111-8111-111111111111', 'nightly-import', 40, 200)`),
      );
      const deps = await dependenciesFor(renamed, scratchDirectory('mantis-cache-'), () => NOW);
      const ui = render(
        <App
          config={issohConfig(url)}
          directory={scratchDirectory('mantis-app-ren-')}
          now={() => NOW}
          dependencies={() => deps}
        />,
        { columns: 120, rows: 40 },
      );
      await ui.waitFor(/verified at/, SLOW);
      await ui.type('6');
      const health = await ui.waitFor(/Partitions of stock\.import_event \(3\)/, SLOW);
      expect(health).toContain('import_event_later');
      expect(health).toContain("Key metrics and the preview cache: seed 004's");
      expect(health).not.toMatch(/sync_activity_log|sync_progress/);
      await ui.type('3');
      const monitor = await ui.waitFor(/nightly-import/, SLOW);
      expect(monitor).toMatch(/1 active sync\b/);
      await ui.type('5');
      // the dry run drops each table before the tables it references
      const rollback = await ui.waitFor(/drop +table +stock\.item/, SLOW);
      expect(rollback).toMatch(/The rollback of \S*renamed, in dependency order/);
      expect(rollback).toMatch(/^Rollback of \S*renamed on IS-SOH /m);
      const tables = rollback.split('\n').filter((line) => /drop +table /.test(line));
      expect(tables.map((line) => line.trim().split(/ +/).at(-1))).toEqual([
        'stock.import_event',
        'stock.import_run',
        'stock.movement',
        'stock.item',
      ]);
      expect(rollback).not.toMatch(/sync_progress|sync_activity_log/);
    },
    TIMEOUT,
  );
});
