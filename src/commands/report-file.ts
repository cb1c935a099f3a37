/**
 * Where a CI report is written besides stdout: --output FILE (replaced) and GitHub's job summary
 * ($GITHUB_STEP_SUMMARY, appended to, as every step of the job shares it). The path is checked
 * as every file the tool writes is (core/paths): no /proc, /sys, /dev, FIFO or device.
 */
import * as fs from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../core/config.js';
import { PathRefused, preparePath } from '../core/paths.js';

function prepare(path: string, what: string): string {
  const absolute = resolve(path);
  try {
    preparePath(absolute, 'file', fs);
  } catch (error) {
    if (error instanceof PathRefused) throw new ConfigError(`${what} ${path}: ${error.reason}`);
    throw error;
  }
  return absolute;
}

/** Fails as a ConfigError (exit 2) naming the file. */
function attempt(what: string, path: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `${what} ${path} cannot be written (${code ?? (error as Error).message}): give a file you can write`,
    );
  }
}

export function writeReportFile(path: string, text: string): void {
  const absolute = prepare(path, '--output');
  attempt('--output', path, () => fs.writeFileSync(absolute, text, 'utf8'));
}

export function appendToFile(path: string, text: string, what: string): void {
  const absolute = prepare(path, what);
  attempt(what, path, () => fs.appendFileSync(absolute, text, 'utf8'));
}
