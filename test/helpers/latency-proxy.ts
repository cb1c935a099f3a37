/**
 * A loopback TCP proxy that holds every chunk for half the given round-trip time in each direction:
 * a server across an SSH hop or a region, for the start-up benchmark. Bytes pass untouched (TLS and
 * all); order is kept because every chunk waits the same time.
 */
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

export interface LatencyProxy {
  readonly port: number;
  /** `directUrl` pointed at the proxy. */
  url(directUrl: string): string;
  stop(): Promise<void>;
}

export async function startLatencyProxy(targetUrl: string, roundTripMs: number): Promise<LatencyProxy> {
  const target = new URL(targetUrl);
  const oneWay = roundTripMs / 2;
  const sockets = new Set<Socket>();
  const delayed = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), oneWay));
    from.on('end', () => setTimeout(() => to.end(), oneWay));
    from.on('error', () => to.destroy());
    from.on('close', () => setTimeout(() => to.destroy(), oneWay));
  };
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    delayed(client, upstream);
    delayed(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url(directUrl) {
      const url = new URL(directUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
