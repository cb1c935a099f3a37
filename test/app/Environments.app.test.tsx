/**
 * The app's environments (issue 24 item 6) through the whole app against real database pairs on
 * the test server: E lists the environments of a real mantis-sync-tui.json (the CLI's own reader,
 * src/cli/environments.ts), Enter switches to one and every screen reads its databases; the
 * typed-name confirmation names the environment; a read-only one refuses writes; a write running
 * blocks the switch; a variable that is not set is one line and the app stays.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { environmentSwitch } from '../../src/cli/environments.js';
import type { EnvironmentSwitch } from '../../src/core/environments.js';
import { App } from '../../src/ui/App.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { KEY } from '../helpers/keys.js';
import { databaseOf, NOW, SLOW } from '../helpers/ui/app-harness.js';
import { flat, render } from '../helpers/ui/render.js';

const directory = scratchDirectory('mantis-environments-');
const configFile = join(directory, 'mantis-sync-tui.json');

/** Two pairs of databases, and the file naming them by their variables (one variable left unset). */
async function environments() {
  const [staging, stagingSpp, production, productionSpp] = await Promise.all([
    freshDatabase('migrated', 'env'),
    freshDatabase('sppSeed000', 'env'),
    freshDatabase('migrated', 'env'),
    freshDatabase('sppSeed000', 'env'),
  ]);
  writeFileSync(
    configFile,
    JSON.stringify({
      environments: {
        staging: { issoh: 'STAGING_URL', spp: 'STAGING_SPP_URL' },
        production: { issoh: 'PROD_URL', spp: 'PROD_SPP_URL', production: true },
        'production-look': { issoh: 'PROD_URL', spp: 'PROD_SPP_URL', production: true, readOnly: true },
        'pr-42': { issoh: 'PR_42_URL' },
      },
    }),
  );
  const variables = {
    STAGING_URL: staging,
    STAGING_SPP_URL: stagingSpp,
    PROD_URL: production,
    PROD_SPP_URL: productionSpp,
  };
  return { switcher: environmentSwitch({ config: configFile, connectTimeout: 5 }, { env: variables }), variables };
}

function app(switcher: EnvironmentSwitch, start: string) {
  const config = switcher.open(switcher.read()!, start).config;
  return render(
    <App
      config={config}
      directory={directory}
      now={() => NOW}
      env={{ HOME: directory }}
      writeSettings={{ lockTimeoutMs: 60_000, auditLog: join(directory, 'audit.jsonl') }}
      environments={switcher}
    />,
    { columns: 120, rows: 30 },
  );
}

/** Moves the switcher's cursor to `name` (the list is in the file's order) and presses Enter. */
async function switchTo(ui: ReturnType<typeof render>, name: string) {
  await ui.type('E');
  await ui.waitFor('Environments of');
  const order = ['staging', 'production', 'production-look', 'pr-42'];
  await ui.type('g', ...Array.from({ length: order.indexOf(name) }, () => 'j'), KEY.enter);
}

describe('named environments in the app', () => {
  it('E lists the environments of the file; Enter switches: the header names it, every screen reads the other pair', async () => {
    const { switcher, variables } = await environments();
    const ui = app(switcher, 'staging');
    const first = await ui.waitFor(/verified at/, SLOW);
    expect(first).toMatch(/^ staging /);
    expect(first).toContain(databaseOf(variables.STAGING_URL));
    await ui.type('E');
    const list = await ui.waitFor('Environments of');
    expect(list).toContain(`Environments of ${configFile}  4 · Enter switches · Esc stays`);
    expect(list).toMatch(/^› staging +→ current$/m);
    expect(list).toMatch(/^ {2}production +production$/m);
    expect(list).toMatch(/^ {2}production-look +production +read-only$/m);
    expect(list).toMatch(/^ {2}pr-42$/m);
    // Esc stays where it was.
    await ui.type(KEY.escape);
    await ui.waitFor((f) => !f.includes('Environments of'));
    await ui.type('2');
    await ui.waitFor(/^ staging .*2 Checklist/m);
    await switchTo(ui, 'production');
    const switched = await ui.waitFor(/now on PRODUCTION: /);
    expect(flat(switched)).toContain(
      `now on PRODUCTION: IS-SOH 127.0.0.1/${databaseOf(variables.PROD_URL)}, SPP 127.0.0.1/${databaseOf(variables.PROD_SPP_URL)}`,
    );
    // The same screen (the Checklist), read again from the production pair.
    expect(switched).toMatch(/^ PRODUCTION .*2 Checklist/m);
    await ui.type('1');
    const overview = await ui.waitFor((f) => /verified at/.test(f) && f.includes(databaseOf(variables.PROD_URL)), SLOW);
    expect(overview).toContain(databaseOf(variables.PROD_SPP_URL));
    expect(overview).not.toContain(databaseOf(variables.STAGING_URL));
    expect(overview).not.toContain(databaseOf(variables.STAGING_SPP_URL));
    // The list now marks production as current.
    await ui.type('E');
    expect(await ui.waitFor('Environments of')).toMatch(/^› production +production +→ current$/m);
  }, 90_000);

  it('the typed-name confirmation names the environment: PRODUCTION upper-cased, staging as written', async () => {
    const { switcher, variables } = await environments();
    const ui = app(switcher, 'production');
    await ui.waitFor(/verified at/, SLOW);
    await ui.type('5');
    await ui.waitFor(/✓ dry run at/, SLOW);
    await ui.type('a');
    await ui.waitFor(`Type ${databaseOf(variables.PROD_URL)} to roll back PRODUCTION: ▏`, SLOW);
    await ui.type(KEY.escape);
    await ui.waitFor('cancelled: ');
    await switchTo(ui, 'staging');
    await ui.waitFor(/now on staging: /);
    // The new session opens on Rollback, whose dry run runs on staging: A waits until it is done.
    await ui.waitFor((f) => /✓ dry run at/.test(f) && f.includes(databaseOf(variables.STAGING_URL)), SLOW);
    await ui.type('6');
    await ui.waitFor(/Partitions of sync_activity_log \(\d+\)/, SLOW);
    await ui.type('A');
    await ui.waitFor(`Type ${databaseOf(variables.STAGING_URL)} to archive old partitions in staging: ▏`, SLOW);
  }, 90_000);

  it('a read-only environment chosen with E refuses every write key with one line, and the header says so', async () => {
    const { switcher } = await environments();
    const ui = app(switcher, 'staging');
    await ui.waitFor(/verified at/, SLOW);
    await switchTo(ui, 'production-look');
    expect(await ui.waitFor(/now on PRODUCTION-LOOK · READ-ONLY: /)).toMatch(/^ PRODUCTION-LOOK · READ-ONLY /m);
    await ui.type('6');
    await ui.waitFor(/Partitions of sync_activity_log \(\d+\)/, SLOW);
    await ui.type('p', 'y');
    await ui.waitFor(
      /refused: maintain partitions writes \(its dry run takes the same locks\), and environment production-look is read-only/,
      20_000,
    );
  }, 90_000);

  it('a variable that is not set is one line, as the CLI says it, and the app stays where it is', async () => {
    const { switcher, variables } = await environments();
    const ui = app(switcher, 'staging');
    await ui.waitFor(/verified at/, SLOW);
    await switchTo(ui, 'pr-42');
    // The CLI's line (cut at the terminal's width, on the message line).
    // The CLI's line, whole (wrapped under the list); the app stays on staging.
    const refused = await ui.waitFor(/PR_42_URL is not set/);
    expect(flat(refused)).toContain(
      `✗ environment "pr-42": PR_42_URL is not set (${configFile} names it for IS-SOH): export PR_42_URL=postgresql://…, or fix the name in ${configFile}`,
    );
    expect(refused).toMatch(/^ staging /);
    // Still on staging, still its databases.
    await ui.type(KEY.escape, '1');
    const overview = await ui.waitFor(/^ staging /m);
    expect(overview).toContain(databaseOf(variables.STAGING_URL));
  }, 90_000);

  it('a write running blocks the switch, and says so', async () => {
    const { switcher, variables } = await environments();
    const ui = app(switcher, 'staging');
    await ui.waitFor(/verified at/, SLOW);
    const blocker = new pg.Client({ connectionString: variables.STAGING_URL });
    await blocker.connect();
    try {
      await blocker.query('BEGIN; LOCK TABLE public.sync_progress IN ACCESS EXCLUSIVE MODE');
      // Rollback's dry run (a write: it takes the rollback's locks) starts when the screen opens, and waits.
      await ui.type('5');
      await ui.waitFor(/waiting \d+ s for a lock on \S*sync_progress/, SLOW);
      await switchTo(ui, 'production');
      await ui.waitFor(/is running: switch environments once it has ended/);
      expect(ui.frame()).toMatch(/^ staging /m);
    } finally {
      await blocker.query('ROLLBACK').catch(() => {});
      await blocker.end();
    }
  }, 90_000);

  it('without an environments file E says there are no named environments, in one line', async () => {
    const url = await freshDatabase('migrated', 'env');
    const ui = render(
      <App
        config={
          environmentSwitch({ connectTimeout: 5 }, { env: {} }).open(
            {
              path: 'inline.json',
              environments: [{ name: 'here', issoh: url, spp: null, production: false, readOnly: false }],
            },
            'here',
          ).config
        }
        directory={directory}
        now={() => NOW}
        env={{ HOME: directory }}
      />,
      { columns: 120, rows: 30 },
    );
    await ui.waitFor(/verified at/, SLOW);
    await ui.type('E');
    await ui.waitFor(
      /^no named environments: write mantis-sync-tui\.json in the working directory \(see the README, "CI and many databases"\)$/m,
    );
    expect(ui.frame()).not.toContain('Environments of');
  }, 60_000);
});
