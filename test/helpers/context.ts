/** Per-test-file access to the server global setup started. */
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
