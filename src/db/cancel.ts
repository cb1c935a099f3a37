/**
 * Reads cancelled on the server when the operator interrupts (Ctrl-C, SIGTERM, a dropped SSH
 * session). A read-only session's client is registered while it is checked out for a read, and
 * cancelRunningReads sends its server a CancelRequest, as libpq's PQcancel does: the read ends now
 * instead of at its lock or statement timeout, and nothing of it runs on once the process is gone.
 */
import { connect } from 'node:net';
import type pg from 'pg';

interface Server {
  readonly host: string;
  readonly port: number;
}

/** What the server sent at startup to name this session in a CancelRequest (pg keeps it, untyped). */
interface BackendKey {
  readonly processID?: number | null;
  readonly secretKey?: number | null;
}

const reading = new Map<pg.PoolClient, Server>();

/** `pool`'s clients, while checked out, can be cancelled by cancelRunningReads. */
export function cancelOnInterrupt(pool: pg.Pool, server: Server): void {
  pool.on('acquire', (client) => reading.set(client, server));
  pool.on('release', (_error, client) => reading.delete(client));
}

/** Asks the server of every read running now to cancel it; how many there were. Settles within a second. */
export async function cancelRunningReads(): Promise<number> {
  const running = [...reading];
  await Promise.all(running.map(([client, server]) => sendCancelRequest(server, client as unknown as BackendKey)));
  return running.length;
}

const CANCEL_REQUEST_CODE = 80877102;
const CANCEL_WAIT_MS = 1_000;

function sendCancelRequest(server: Server, key: BackendKey): Promise<void> {
  const { processID, secretKey } = key;
  if (typeof processID !== 'number' || typeof secretKey !== 'number') return Promise.resolve();
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  packet.writeInt32BE(processID, 8);
  packet.writeInt32BE(secretKey, 12);
  return new Promise((resolve) => {
    const socket = server.host.startsWith('/')
      ? connect(`${server.host}/.s.PGSQL.${server.port}`)
      : connect(server.port, server.host);
    // Settled once the request is handed to the kernel (it is delivered even if the process leaves
    // now, before the cancelled read can answer); a server that cannot be reached is not waited for.
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.setTimeout(CANCEL_WAIT_MS, done);
    socket.once('error', done);
    socket.once('close', done);
    socket.once('connect', () => socket.end(packet, done));
  });
}
