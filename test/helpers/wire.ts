/**
 * Query round trips as the wire shows them, for the benches: every exchange ends with the server's
 * ReadyForQuery, and each connection gets one at the end of its startup, which is not a query.
 */
import pg from 'pg';

const wire = { readyForQuery: 0, connections: 0 };
const emit = pg.Connection.prototype.emit;
pg.Connection.prototype.emit = function countReadyForQuery(
  this: pg.Connection,
  event: string | symbol,
  ...args: unknown[]
) {
  if (event === 'readyForQuery') wire.readyForQuery++;
  if (event === 'authenticationOk') wire.connections++;
  return emit.call(this, event, ...args);
} as typeof emit;

/** Round trips `work` sends (over every connection it opens). */
export async function countRoundTrips<T>(work: () => Promise<T>): Promise<{ value: T; roundTrips: number }> {
  wire.readyForQuery = 0;
  wire.connections = 0;
  const value = await work();
  return { value, roundTrips: wire.readyForQuery - wire.connections };
}
