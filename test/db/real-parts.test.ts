/**
 * The test infrastructure itself, checked with plain `pg`: the server's TLS and SCRAM (with
 * channel binding), PgBouncer in transaction mode, and the proxy that drops startup options.
 * What needs a missing tool is not registered; scripts/test.mjs prints what did not run.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminUrl,
  freshDatabase,
  hasPgBouncer,
  hasTls,
  pooledUrl,
  scratchDirectory,
  tlsCaFile,
} from '../helpers/context.js';
import { type OptionDroppingProxy, startOptionDroppingProxy } from '../helpers/option-dropping-proxy.js';
import { makeCertificateAuthority } from '../helpers/tls.js';

/** Connection settings from a URL, parsed here so `ssl` is exactly what the test passes. */
function fromUrl(url: string, extra: pg.ClientConfig = {}): pg.ClientConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)),
    ...extra,
  };
}

interface Connected {
  /** The SASL mechanism the client chose, e.g. SCRAM-SHA-256-PLUS. */
  readonly mechanism: string;
  readonly row: Record<string, unknown>;
}

/** Connects, runs `sql` and returns its last result's first row, and which SASL mechanism was used. */
async function connectAndQuery(config: pg.ClientConfig, sql: string): Promise<Connected> {
  const client = new pg.Client(config);
  // pg does not expose the mechanism after login: record it on the way out.
  const connection = (
    client as unknown as { connection: { sendSASLInitialResponseMessage(mechanism: string, response: string): void } }
  ).connection;
  const send = connection.sendSASLInitialResponseMessage.bind(connection);
  let mechanism = '';
  connection.sendSASLInitialResponseMessage = (chosen, response) => {
    mechanism = chosen;
    send(chosen, response);
  };
  await client.connect();
  try {
    const result = (await client.query(sql)) as pg.QueryResult | pg.QueryResult[];
    const last = Array.isArray(result) ? result.filter((r) => r.rows.length > 0).at(-1) : result;
    return { mechanism, row: last?.rows[0] ?? {} };
  } finally {
    await client.end();
  }
}

/** A CancelRequest on its own connection, as libpq sends it. */
async function sendCancelRequest(port: number, processId: number, secretKey: number): Promise<void> {
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(80877102, 4);
  packet.writeInt32BE(processId, 8);
  packet.writeInt32BE(secretKey, 12);
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => socket.end(packet));
    socket.once('close', () => resolve());
  });
}

const IS_TLS = 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()';

describe('the test server: SCRAM', () => {
  it('stores the password as a SCRAM verifier and authenticates plain URLs (no sslmode) with SCRAM', async () => {
    const { mechanism, row } = await connectAndQuery(
      { connectionString: adminUrl() },
      `SELECT rolpassword LIKE 'SCRAM-SHA-256$%' AS scram, (${IS_TLS}) AS ssl FROM pg_authid WHERE rolname = current_user`,
    );
    expect(mechanism).toBe('SCRAM-SHA-256');
    expect(row).toEqual({ scram: true, ssl: false });
  });
});

if (hasTls()) {
  describe('the test server: TLS', () => {
    const ca = () => readFileSync(tlsCaFile(), 'utf8');

    it('verifies fully against the test CA (servername localhost) and binds SCRAM to the channel', async () => {
      const { mechanism, row } = await connectAndQuery(
        fromUrl(adminUrl(), {
          ssl: { ca: ca(), rejectUnauthorized: true, servername: 'localhost' },
          enableChannelBinding: true,
        }),
        IS_TLS,
      );
      expect(row).toEqual({ ssl: true });
      expect(mechanism).toBe('SCRAM-SHA-256-PLUS');
    });

    it('verifies a libpq-style URL: sslmode=verify-full&sslrootcert=<CA> against IP 127.0.0.1', async () => {
      const url = new URL(adminUrl());
      url.searchParams.set('sslmode', 'verify-full');
      url.searchParams.set('sslrootcert', tlsCaFile());
      const { row } = await connectAndQuery({ connectionString: url.toString() }, IS_TLS);
      expect(row).toEqual({ ssl: true });
    });

    it('refuses the server certificate when verifying against another CA', async () => {
      const otherCa = makeCertificateAuthority(scratchDirectory('mantis-other-ca-'), 'other-ca');
      const config = fromUrl(adminUrl(), {
        ssl: { ca: readFileSync(otherCa.certFile, 'utf8'), rejectUnauthorized: true, servername: 'localhost' },
      });
      await expect(connectAndQuery(config, 'SELECT 1')).rejects.toMatchObject({
        code: expect.stringMatching(/CERT|SIGNATURE/),
      });
    });
  });
}

if (hasPgBouncer()) {
  describe("PgBouncer in transaction mode, as Neon's pooler", () => {
    const tls = () => ({ ca: readFileSync(tlsCaFile(), 'utf8'), servername: 'localhost' });

    it('reaches a database created during the run; settings go in-band, per transaction', async () => {
      const url = pooledUrl(await freshDatabase('empty', 'pooled'));
      expect(new URL(url).searchParams.get('sslmode')).toBe('require');
      expect(new URL(url).searchParams.get('pgbouncer')).toBe('true');
      const { mechanism, row } = await connectAndQuery(
        fromUrl(url, { ssl: tls() }),
        `BEGIN READ ONLY; SET LOCAL statement_timeout = '5s';
         SELECT current_setting('statement_timeout') AS statement_timeout, current_setting('transaction_read_only') AS read_only,
                current_database() = '${decodeURIComponent(new URL(url).pathname.slice(1))}' AS right_database;
         COMMIT`,
      );
      expect(row).toEqual({ statement_timeout: '5s', read_only: 'on', right_database: true });
      expect(mechanism).toBe('SCRAM-SHA-256'); // PgBouncer 1.18 offers no channel binding
    });

    it('refuses statement_timeout and options as startup parameters (08P01)', async () => {
      const url = pooledUrl(adminUrl());
      for (const [parameter, extra] of [
        ['statement_timeout', { statement_timeout: 1000 }],
        ['options', { options: '-c lock_timeout=1000' }],
      ] as const) {
        await expect(connectAndQuery(fromUrl(url, { ssl: tls(), ...extra }), 'SELECT 1')).rejects.toMatchObject({
          code: '08P01',
          message: `unsupported startup parameter: ${parameter}`,
        });
      }
    });

    it('requires TLS from clients', async () => {
      await expect(connectAndQuery(fromUrl(pooledUrl(adminUrl()), { ssl: false }), 'SELECT 1')).rejects.toMatchObject({
        code: '08P01',
        message: 'SSL required',
      });
    });
  });
}

describe("the option-dropping proxy, as Neon's proxy has been seen to behave", () => {
  let proxy: OptionDroppingProxy;
  beforeAll(async () => {
    proxy = await startOptionDroppingProxy(Number(new URL(adminUrl()).port));
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  const startupSettings = {
    options: '-c default_transaction_read_only=on -c lock_timeout=1234',
    statement_timeout: 777,
    application_name: 'real-parts',
  };
  const READ_SETTINGS = `SELECT current_setting('default_transaction_read_only') AS read_only, current_setting('lock_timeout') AS lock_timeout,
    current_setting('statement_timeout') AS statement_timeout, current_setting('application_name') AS application_name`;

  it('drops options and statement_timeout, keeps user, database and application_name', async () => {
    const url = await freshDatabase('empty', 'proxied');
    const direct = await connectAndQuery({ connectionString: url, ...startupSettings }, READ_SETTINGS);
    expect(direct.row).toEqual({
      read_only: 'on',
      lock_timeout: '1234ms',
      statement_timeout: '777ms',
      application_name: 'real-parts',
    });
    const proxied = await connectAndQuery(
      { connectionString: proxy.url(url), ...startupSettings },
      `${READ_SETTINGS}, current_database() AS database`,
    );
    expect(proxied.row).toEqual({
      read_only: 'off',
      lock_timeout: '0',
      statement_timeout: '0',
      application_name: 'real-parts',
      database: decodeURIComponent(new URL(url).pathname.slice(1)),
    });
  });

  it('says sslmode=disable in its URLs and answers N to a TLS request', async () => {
    expect(new URL(proxy.url(adminUrl())).searchParams.get('sslmode')).toBe('disable');
    await expect(
      connectAndQuery(fromUrl(proxy.url(adminUrl()), { ssl: { rejectUnauthorized: false } }), 'SELECT 1'),
    ).rejects.toThrow('The server does not support SSL connections');
  });

  it('forwards a CancelRequest as is: a long statement through the proxy is cancelled', async () => {
    const client = new pg.Client({ connectionString: proxy.url(adminUrl()) });
    await client.connect();
    try {
      const sleeping = client.query('SELECT pg_sleep(30)');
      await new Promise((resolve) => setTimeout(resolve, 200));
      // The backend's key, from BackendKeyData at login (pg keeps it on the client).
      const { processID, secretKey } = client as unknown as { processID: number; secretKey: number };
      await sendCancelRequest(proxy.port, processID, secretKey);
      await expect(sleeping).rejects.toMatchObject({ code: '57014' });
    } finally {
      await client.end();
    }
  });
});
