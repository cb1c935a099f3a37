/**
 * `e`: the Markdown report (seed 003's evidence template) written to a dated file in a directory;
 * and the directories the app's writes export rows to.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Report } from '../core/report.js';
import { renderMarkdown } from '../output/markdown.js';

const two = (n: number) => String(n).padStart(2, '0');

/** mantis-verify-2026-11-21T2315.md, in local time (the clock on the wall of the person running it). */
export function reportFileName(now: Date, attempt = 1): string {
  const stamp = `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}T${two(now.getHours())}${two(now.getMinutes())}`;
  return `mantis-verify-${stamp}${attempt > 1 ? `-${attempt}` : ''}.md`;
}

/** Writes the report without overwriting an earlier one; returns the absolute path. */
export function writeReport(report: Report, directory: string, now: Date): string {
  const text = renderMarkdown(report);
  for (let attempt = 1; ; attempt++) {
    const path = resolve(join(directory, reportFileName(now, attempt)));
    try {
      writeFileSync(path, text, { flag: 'wx', mode: 0o644 });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 99) throw error;
    }
  }
}

/**
 * An export directory's stamp has seconds (as the CLI's): a second export in the same second gets
 * "-2", "-3", … rather than writing over the first one's manifest.
 */
export function unusedDirectory(path: string): string {
  if (!existsSync(path)) return path;
  for (let n = 2; ; n++) if (!existsSync(`${path}-${n}`)) return `${path}-${n}`;
}
