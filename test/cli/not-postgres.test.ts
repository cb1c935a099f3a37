/** A host that answers but is not PostgreSQL (a web server on the port, say) is named as such. */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a host that is not PostgreSQL', () => {
  it('is named with its host and port, once, on stderr (exit 4)', async () => {
    const r = await runCli(['verify', '--connect-timeout', '3'], {
      DATABASE_URL: `postgresql://ops:secret@127.0.0.1:${port}/mantis?sslmode=require`,
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      `what answers at 127.0.0.1:${port} is not a PostgreSQL server (it did not answer PostgreSQL's TLS request): check the host and port in DATABASE_URL`,
    );
    expect(r.stderr.split('not a PostgreSQL server').length).toBe(2);
    expect(r.stderr).not.toContain('secret');
  });
});
