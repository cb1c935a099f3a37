/**
 * The application's contract in the app (--app DIR): its statements as the Checklist's
 * "Application contract" group, and the Remediate screen marking the step that breaks one that
 * works today, whose confirmation names what breaks. The whole app against real databases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { App } from '../../src/ui/App.js';
import { freshDatabase } from '../helpers/context.js';
import { ROOT } from '../helpers/databases.js';
import { KEY } from '../helpers/keys.js';
import { NOW, SLOW, TIMEOUT } from '../helpers/ui/app-harness.js';
import { flat, render } from '../helpers/ui/render.js';

const APP = join(ROOT, 'test', 'fixtures', 'app');
const scratch = mkdtempSync(join(tmpdir(), 'mantis-contract-app-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function app(issoh: string) {
  const config = loadConfig({ env: {}, issohUrl: issoh, connectTimeout: 5 });
  return render(
    <App
      config={config}
      directory={scratch}
      now={() => NOW}
      env={{ HOME: scratch, USER: 'ops' }}
      writeSettings={{ auditLog: join(scratch, 'audit.jsonl') }}
      contract={{ kind: 'app', directory: APP, includeTests: false }}
    />,
    { columns: 120, rows: 40 },
  );
}

describe('the application contract in the app', () => {
  it(
    'the Checklist has the "Application contract" group: each failing statement by file and line, its error in the detail',
    async () => {
      const ui = app(await freshDatabase('issohMigrated', 'uic'));
      await ui.waitFor(/verified at/, SLOW);
      await ui.type('2', 'f');
      const failures = await ui.waitFor(/Application contract/);
      expect(failures).toMatch(/Application contract +8\/14/);
      expect(failures).toMatch(/✗ APP002 src\/services\/SyncProgressTracker\.ts:49 fails: 22P02/);
      await ui.type('G', KEY.enter);
      const detail = await ui.waitFor('PREPARE mantis_contract');
      expect(detail).toContain('EXPLAIN EXECUTE mantis_contract');
    },
    TIMEOUT,
  );

  it(
    'Remediate marks the step that breaks a statement, and its confirmation names it and asks for the database name',
    async () => {
      const url = await freshDatabase('drifted', 'uic');
      const ui = app(url);
      await ui.waitFor(/verified at/, SLOW);
      await ui.type('4');
      const plan = await ui.waitFor('Application contract: after these steps', SLOW);
      expect(plan).toContain('after these steps 3 application statements fail (now 5)');
      expect(plan).toMatch(/^ +2\. repair-before-tables-sync_pre… moderate \[breaks 1 app statement\] Repair tables/m);
      await ui.type('j');
      const pane = await ui.waitFor(/^› +2\. repair-before-tables-sync_pre/m);
      expect(pane).toContain('Breaks application statements that work today');
      expect(pane).toMatch(/src\/routes\/preview\.ts:17 preview-[0-9a-f]{8}: 42703/);
      await ui.type('a');
      const asked = flat(
        await ui.waitFor((frame) => flat(frame).includes('Type the database name to apply it anyway')),
      );
      expect(asked).toContain('breaks 1 application statement that works today');
      expect(asked).toContain('breaks src/routes/preview.ts:17 (42703');
      await ui.type(KEY.escape);
      await ui.waitFor((frame) => !flat(frame).includes('Type the database name'));
    },
    TIMEOUT,
  );

  it(
    'Rollback says which application statements the rollback breaks',
    async () => {
      const ui = app(await freshDatabase('issohMigrated', 'uic'));
      await ui.waitFor(/verified at/, SLOW);
      await ui.type('5');
      const screen = flat(
        await ui.waitFor((frame) => flat(frame).includes('Application contract: after the rollback'), SLOW),
      );
      expect(screen).toContain('after the rollback 13 application statements fail (now 5)');
      expect(screen).toMatch(/the rollback breaks src\/queries\/progress\.sql:7/);
    },
    TIMEOUT,
  );
});
