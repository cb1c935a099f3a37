/** One round trip per database: sql/catalog/snapshot.sql → Snapshot. */

import { type SnapshotScope, scopeParameters } from '../core/scope.js';
import type { Snapshot, TopologySnapshot } from '../core/snapshot.js';
import { loadSql } from '../sql.js';
import type { Database } from './connect.js';

/**
 * `appRole`: the application's role (--as), judged beside the connection's own; `scope`: what to
 * read, when it is a migration set's (`--migrations`) rather than the built-in 0024's.
 */
export async function introspect(
  db: Pick<Database, 'query'>,
  options: { readonly appRole?: string | null; readonly scope?: SnapshotScope | undefined } = {},
): Promise<Snapshot> {
  const result = await db.query<{ snapshot: Snapshot }>(
    loadSql('catalog/snapshot'),
    scopeParameters(options.scope, options.appRole ?? null),
  );
  const row = result.rows[0];
  if (!row) throw new Error('the catalog query returned no row');
  return row.snapshot;
}

/** SPP's read in verify: the topology fields only (sql/catalog/topology), a third of the cost. */
export async function introspectTopology(
  db: Pick<Database, 'query'>,
  options: { readonly scope?: SnapshotScope | undefined } = {},
): Promise<TopologySnapshot> {
  const result = await db.query<{ snapshot: TopologySnapshot }>(
    loadSql('catalog/topology'),
    scopeParameters(options.scope, null),
  );
  const row = result.rows[0];
  if (!row) throw new Error('the catalog query returned no row');
  return row.snapshot;
}
