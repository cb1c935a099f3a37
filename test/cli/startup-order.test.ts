/**
 * Start-up order of a headless verify (issue 25): what the built binary loads, and when its
 * connections go out, read from a module-load trace (test/helpers/load-order.mjs). Properties, not
 * times: both catalog queries are written before the checks' code is loaded, and nothing of the app (Ink, React,
 * the layout engine) or of fetch (undici) is loaded at all. And the app's: what its first frame
 * waits for is the first screens' code, not the others' views nor the commands that write.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshDatabase } from '../helpers/context.js';
import { ROOT } from '../helpers/databases.js';
import { BIN, spawnPty, terminalEnv } from '../helpers/pty.js';

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

/** The sources a bundle file holds: it names each in a comment, "// node_modules/ink/build/..." or "// src/...". */
const sourcesIn = (path: string) =>
  [...readFileSync(path, 'utf8').matchAll(/^\/\/ ((?:node_modules|src)\/\S+)$/gm)].map((match) => match[1]!);

/** The sources a chunk of dist/ holds with every chunk it imports statically: what loads before its code runs. */
function staticSources(chunk: string, seen = new Set<string>()): Set<string> {
  const sources = new Set<string>();
  if (seen.has(chunk)) return sources;
  seen.add(chunk);
  const path = join(ROOT, 'dist', chunk);
  for (const source of sourcesIn(path)) sources.add(source);
  for (const [, imported] of readFileSync(path, 'utf8').matchAll(/^(?:import|} from) "\.\/([\w-]+\.js)";$/gm))
    for (const source of staticSources(imported!, seen)) sources.add(source);
  return sources;
}

/** The views and the commands the other screens use: none is needed for the Overview and its verdict. */
const NOT_BEFORE_THE_FIRST_FRAME = [
  'src/ui/screens/Monitor/Monitor.tsx',
  'src/ui/screens/Remediate/Remediate.tsx',
  'src/ui/screens/Rollback/Rollback.tsx',
  'src/ui/screens/Health/Health.tsx',
  'src/commands/apply.ts',
  'src/commands/rollback.ts',
  'src/commands/restore.ts',
  'src/commands/maintain.ts',
  'src/commands/health.ts',
];

describe('verify --json at start-up', () => {
  it('writes both catalog queries before the checks are loaded, and loads neither the app nor fetch', async () => {
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
    // IS-SOH's snapshot and SPP's topology are on their way before the checks' code is read and compiled.
    expect(lines.slice(connect, checks).filter((line) => line === 'query')).toHaveLength(2);

    const packages = new Set(
      lines.flatMap(sourcesOf).flatMap((source) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1] ?? []),
    );
    expect(packages).toContain('pg');
    for (const app of ['ink', 'react', 'react-reconciler', 'yoga-layout']) expect(packages).not.toContain(app);
    expect(lines.at(-1)).toBe('undici not loaded');
  });
});

describe('the app at start-up', () => {
  it('draws its first frame and verdict with neither React nor Ink loaded (src/ui/first-frame.ts)', () => {
    const run = readdirSync(join(ROOT, 'dist')).find((file) => /^run-[\w-]+\.js$/.test(file));
    expect(run).toBeDefined();
    const beforeInk = [...staticSources(run!)];
    expect(beforeInk).toContain('src/ui/first-frame.ts');
    const packages = new Set(beforeInk.flatMap((source) => /^node_modules\/([^/]+)/.exec(source)?.[1] ?? []));
    for (const app of ['ink', 'react', 'react-reconciler', 'yoga-layout']) expect(packages).not.toContain(app);
  });

  it("loads the first screens' code for its first frame, and the others' views once the verdict is drawn, before any key", async () => {
    const start = readdirSync(join(ROOT, 'dist')).find((file) => /^start-[\w-]+\.js$/.test(file));
    expect(start).toBeDefined();
    const first = staticSources(start!);
    expect(first).toContain('src/ui/screens/Overview/Overview.tsx');
    expect(first).toContain('src/ui/screens/Checklist/Checklist.tsx');
    expect(first).toContain('node_modules/ink/build/ink.js');
    for (const source of NOT_BEFORE_THE_FIRST_FRAME) expect(first).not.toContain(source);

    // Run: the views load without a key once the verdict is on the screen.
    const file = join(directory, 'app.trace');
    const session = spawnPty(process.execPath, [BIN], {
      env: terminalEnv({
        DATABASE_URL: await freshDatabase('issohSeed000', 'order'),
        NEON_SPP_DATABASE_URL: await freshDatabase('sppSeed000', 'order'),
        NODE_OPTIONS: `--throw-deprecation --import ${PRELOAD}`,
        MANTIS_LOAD_ORDER_FILE: file,
      }),
    });
    try {
      await session.waitFor(/^Verification {2}✓ \d+ pass/m, 20_000);
      const loaded = () =>
        (existsSync(file) ? readFileSync(file, 'utf8').split('\n') : []).flatMap((line) =>
          line.startsWith('load file:') ? sourcesIn(fileURLToPath(line.slice('load '.length))) : [],
        );
      await expect
        .poll(loaded, { timeout: 10_000 })
        .toEqual(
          expect.arrayContaining(['src/ui/screens/Remediate/Remediate.tsx', 'src/ui/screens/Health/Health.tsx']),
        );
      session.write('4');
      await session.waitFor(/^Plan for IS-SOH/m, 20_000);
    } finally {
      session.kill();
    }
  });
});
