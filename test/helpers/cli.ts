/** Runs the built binary (bin/mantis-sync-tui.js → dist/cli.js) as a person would. */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './databases.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

const BIN = join(ROOT, 'bin', 'mantis-sync-tui.js');

/** A clean environment; a deprecated call (queries overlapping on one client) makes the binary fail. */
const CHILD_ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  NODE_OPTIONS: '--throw-deprecation',
};

export async function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  options: { readonly cwd?: string } = {},
): Promise<CliResult> {
  if (!existsSync(join(ROOT, 'dist', 'cli.js')))
    throw new Error('dist/cli.js is missing: run `npm run build` (npm test does)');
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...CHILD_ENV, ...env }, timeout: 30_000, ...(options.cwd ? { cwd: options.cwd } : {}) },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, ms: performance.now() - started });
      },
    );
  });
}

export interface RunningCli {
  /** resolves with the text so far once `pattern` appears in that stream (never a sleep) */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<string>;
  readonly stdout: () => string;
  readonly stderr: () => string;
  kill(signal?: NodeJS.Signals): void;
  readonly done: Promise<CliResult>;
}

/** The binary running in the background, its output watched as it comes. */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}): RunningCli {
  if (!existsSync(join(ROOT, 'dist', 'cli.js')))
    throw new Error('dist/cli.js is missing: run `npm run build` (npm test does)');
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...CHILD_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const text = { stdout: '', stderr: '' };
  const waiters: Array<{ pattern: RegExp; stream: 'stdout' | 'stderr'; resolve: (s: string) => void }> = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (w.pattern.test(text[w.stream])) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(text[w.stream]);
      }
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    text.stdout += chunk.toString('utf8');
    check();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    text.stderr += chunk.toString('utf8');
    check();
  });
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code) => {
      for (const w of waiters) w.resolve(text[w.stream]);
      resolve({ code: code ?? 1, stdout: text.stdout, stderr: text.stderr, ms: performance.now() - started });
    });
  });
  return {
    waitFor: (pattern, stream = 'stdout') =>
      new Promise((resolve) => {
        waiters.push({ pattern, stream, resolve });
        check();
      }),
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    kill: (signal = 'SIGTERM') => child.kill(signal),
    done,
  };
}
