/**
 * The whole app (ink-testing-library) against real databases on the test server, at a fixed
 * clock, writing its exports and audit log into temporary directories removed after the test file.
 * The harness functions register that clean-up: call them at the top level of a test file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import type { Config } from '../../../src/core/config.js';
import { App } from '../../../src/ui/App.js';
import { type Rendered, render } from './render.js';

export const NOW = new Date(2026, 10, 21, 23, 15, 0);

/** Waits for a database write and a re-read: generous, the machine is shared. */
export const SLOW = 30_000;
export const TIMEOUT = 120_000;

/** The database's name in a connection URL. */
export const databaseOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/** IS-SOH alone, no SPP. */
export const issohConfig = (issohUrl: string): Config => loadConfig({ env: {}, issohUrl, connectTimeout: 5 });

/**
 * One directory for the whole test file, holding the audit log; the Monitor ticks every 400 ms.
 * `app` renders the app at this size (80×24 unless told), with this lock timeout if given.
 */
export function sharedDirectoryApp() {
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
  return { directory, auditLog, app };
}

/**
 * A directory of its own for each app (100×30) it renders, as user ops; `audit` reads back the
 * entries the app wrote to that directory's audit log.
 */
export function directoryPerRunApp() {
  const scratch = mkdtempSync(join(tmpdir(), 'mantis-writes-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  let counter = 0;
  return function app(
    issoh: string,
    spp: string | null = null,
    settings: { lockTimeoutMs?: number; auditLog?: string } = {},
  ) {
    const directory = mkdtempSync(join(scratch, `run-${counter++}-`));
    const auditLog = join(directory, 'audit.jsonl');
    const config: Config = loadConfig({ env: {}, issohUrl: issoh, sppUrl: spp ?? undefined, connectTimeout: 5 });
    const ui = render(
      <App
        config={config}
        directory={directory}
        now={() => NOW}
        env={{ HOME: directory, USER: 'ops' }}
        writeSettings={{ auditLog, ...settings }}
      />,
      { columns: 100, rows: 30 },
    );
    const audit = () =>
      existsSync(auditLog)
        ? readFileSync(auditLog, 'utf8')
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as { step: string; mode: string; outcome: string; database: string })
            // outcome lines only: each attempt's intent ("started") comes before its outcome
            .filter((entry) => entry.outcome !== 'started')
        : [];
    return { ui, directory, audit };
  };
}
