/**
 * A TCP proxy that drops startup parameters, as Neon's proxy has been seen to do: of the
 * StartupMessage it forwards only user, database and application_name, so `options`,
 * `statement_timeout`, `lock_timeout`... never reach the server. It refuses TLS (answers 'N'), so
 * its URLs say sslmode=disable; cancel requests pass through untouched.
 */
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

export interface OptionDroppingProxy {
  readonly port: number;
  /** `directUrl` pointed at the proxy, with sslmode=disable. */
  url(directUrl: string): string;
  stop(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const PROTOCOL_MAJOR_3 = 3;
const KEPT_PARAMETERS = new Set(['user', 'database', 'application_name']);

/** A StartupMessage with only the kept parameters, same protocol version. */
function dropStartupParameters(packet: Buffer): Buffer {
  const fields = packet.subarray(8).toString('utf8').split('\0');
  const kept: string[] = [];
  for (let i = 0; i + 1 < fields.length && fields[i] !== ''; i += 2) {
    const name = fields[i] as string;
    if (KEPT_PARAMETERS.has(name)) kept.push(name, fields[i + 1] as string);
  }
  const body = Buffer.from(`${kept.map((field) => `${field}\0`).join('')}\0`, 'utf8');
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + body.length, 0);
  header.writeInt32BE(packet.readInt32BE(4), 4);
  return Buffer.concat([header, body]);
}

/**
 * Reads the client's opening packets, answering TLS / GSS encryption requests with 'N', and
 * resolves with the first packet to forward (rewritten if a StartupMessage) plus any bytes after it.
 */
function readOpening(client: Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let pending = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 8) {
        const length = pending.readInt32BE(0);
        if (length < 8 || length > 10_000) return fail(new Error(`not a PostgreSQL opening packet (length ${length})`));
        if (pending.length < length) return;
        const packet = pending.subarray(0, length);
        const rest = pending.subarray(length);
        const code = packet.readInt32BE(4);
        if (length === 8 && (code === SSL_REQUEST || code === GSSENC_REQUEST)) {
          client.write('N');
          pending = rest;
          continue;
        }
        done();
        const forwarded = code >> 16 === PROTOCOL_MAJOR_3 ? dropStartupParameters(packet) : packet; // CancelRequest: as is
        return resolve(Buffer.concat([forwarded, rest]));
      }
    };
    const onEnd = () => fail(new Error('client closed before its startup message'));
    const fail = (error: Error) => {
      done();
      reject(error);
    };
    const done = () => {
      client.off('data', onData);
      client.off('error', fail);
      client.off('end', onEnd);
      client.pause();
    };
    client.on('data', onData);
    client.on('error', fail);
    client.on('end', onEnd);
  });
}

export async function startOptionDroppingProxy(targetPort: number): Promise<OptionDroppingProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const server = createServer((client) => {
    track(client);
    readOpening(client).then(
      (opening) => {
        const upstream = connect({ host: '127.0.0.1', port: targetPort });
        track(upstream);
        upstream.once('connect', () => {
          upstream.write(opening);
          client.pipe(upstream);
          upstream.pipe(client);
          client.resume();
        });
        const closeBoth = () => {
          client.destroy();
          upstream.destroy();
        };
        upstream.on('error', closeBoth);
        upstream.on('close', closeBoth);
        client.on('error', closeBoth);
        client.on('close', closeBoth);
      },
      () => client.destroy(),
    );
  });

  // Port 0: the kernel picks a free port, with no window for another process to take it.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    port,
    url(directUrl: string): string {
      const url = new URL(directUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      url.searchParams.set('sslmode', 'disable');
      return url.toString();
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
