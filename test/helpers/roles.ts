/** Login roles of a test's own: roles are cluster-wide, so each name carries the process id and a counter. */
import { adminUrl } from './context.js';
import { withClient } from './databases.js';

const PASSWORD = 'rls-test-pw';
let roles = 0;

/** A new LOGIN role with a password, for connecting as it (urlAs) or naming it with --as. */
export async function loginRole(prefix: string): Promise<string> {
  const role = `mantis_${prefix}_${process.pid}_${roles++}`;
  await withClient(adminUrl(), (c) =>
    c.query(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN PASSWORD '${PASSWORD}'`),
  );
  return role;
}

/** `url` connecting as `role` (made by loginRole). */
export function urlAs(url: string, role: string): string {
  const as = new URL(url);
  as.username = role;
  as.password = PASSWORD;
  return as.toString();
}
