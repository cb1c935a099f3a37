/** Per-test-file access to the server global setup started. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { createDatabase, dropDatabase, type TemplateName } from './databases.js';

export const adminUrl = (): string => inject('pgAdminUrl');

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((url) => dropDatabase(adminUrl(), url).catch(() => {})));
});

/** A fresh database from a template, dropped when the file's tests end. */
export async function freshDatabase(template: TemplateName, label?: string): Promise<string> {
  const url = await createDatabase(adminUrl(), template, label);
  created.push(url);
  return url;
}

const scratches: string[] = [];
afterAll(() => {
  for (const directory of scratches) rmSync(directory, { recursive: true, force: true });
});

/** A temporary directory (exports, audit logs) removed when the file's tests end. */
export function scratchDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  scratches.push(directory);
  return directory;
}
