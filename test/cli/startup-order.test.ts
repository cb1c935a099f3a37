/**
 * Start-up order of a headless verify (issue 25): what the built binary loads, and when its
 * connections go out, read from a module-load trace (test/helpers/load-order.mjs). Properties, not
 * times: the reads are sent before the checks' code is loaded, and nothing of the app (Ink, React,
 * the layout engine) or of fetch (undici) is loaded at all.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshDatabase } from '../helpers/context.js';

const directory = mkdtempSync(join(tmpdir(), 'mantis-load-order-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const PRELOAD = pathToFileURL(join(import.meta.dirname, '..', 'helpers', 'load-order.mjs')).href;

/** The trace of one `verify --json`: its lines, and the packages and sources each loaded file holds. */
async function traceVerify(name: string, env: Record<string, string>) {
  const file = join(directory, `${name}.trace`);
  const result = await runCli(['verify', '--json'], {
    ...env,
    NODE_OPTIONS: `--throw-deprecation --import ${PRELOAD}`,
    MANTIS_LOAD_ORDER_FILE: file,
  });
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  // The bundle names each source it holds in a comment: "// node_modules/ink/build/..." or "// src/...".
  const sourcesOf = (line: string) =>
    line.startsWith('load file:')
      ? [
          ...readFileSync(fileURLToPath(line.slice('load '.length)), 'utf8').matchAll(
            /^\/\/ ((?:node_modules|src)\/\S+)$/gm,
          ),
        ].map((match) => match[1]!)
      : [];
  return { result, lines, sourcesOf };
}

describe('verify --json at start-up', () => {
  it('sends its reads before the checks are loaded, and loads neither the app nor fetch', async () => {
    const { result, lines, sourcesOf } = await traceVerify('verify', {
      DATABASE_URL: await freshDatabase('issohMigrated', 'order'),
      NEON_SPP_DATABASE_URL: await freshDatabase('sppSeed000', 'order'),
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summary.fail).toBe(0);

    const connect = lines.indexOf('connect');
    const checks = lines.findIndex((line) => sourcesOf(line).includes('src/core/checks/index.ts'));
    expect(connect).toBeGreaterThan(0);
    expect(checks).toBeGreaterThan(connect);

    const packages = new Set(
      lines.flatMap(sourcesOf).flatMap((source) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1] ?? []),
    );
    expect(packages).toContain('pg');
    for (const app of ['ink', 'react', 'react-reconciler', 'yoga-layout']) expect(packages).not.toContain(app);
    expect(lines.at(-1)).toBe('undici not loaded');
  });
});
