/**
 * npm run bench (test/bench/verify.ts): prints figures (no pass/fail). Verify: query round trips per database, direct
 * and through a real PgBouncer (counted on the wire as the client sees them), time on loopback for both databases,
 * and the same with 10,000 unrelated tables in the catalog. The whole binary, spawn to exit, is test/bench/startup.ts.
 */
import { defaultDependencies, verify } from '../../src/commands/verify.js';
import { loadConfig } from '../../src/config.js';
import { buildTemplates, createDatabase, withClient } from '../helpers/databases.js';
import { hasPgBouncerBinary, startPgBouncer } from '../helpers/pgbouncer.js';
import { startTestServer } from '../helpers/server.js';
import { countRoundTrips } from '../helpers/wire.js';

async function roundTrips(label: string, url: string, database: 'issoh' | 'spp') {
  const config = loadConfig({ env: {}, [database === 'issoh' ? 'issohUrl' : 'sppUrl']: url });
  const { value: report, roundTrips: trips } = await countRoundTrips(() => verify(config, defaultDependencies()));
  const status = report.databases[database].status;
  console.log(
    `${label}: verify's query round trips for ${database === 'issoh' ? 'IS-SOH' : 'SPP'}: ${trips} on the wire (${status}; target 1)`,
  );
}

const RUNS = 30;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), min: sorted[0]! };
}
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function benchVerify(label: string, issohUrl: string, sppUrl: string) {
  const config = loadConfig({ env: {}, issohUrl, sppUrl });
  const deps = defaultDependencies();
  await verify(config, deps); // warm: first connection, catalog caches
  const samples: number[] = [];
  let queries = { issoh: 0, spp: 0 };
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const report = await verify(config, deps);
    samples.push(performance.now() - started);
    queries = { issoh: report.databases.issoh.queries, spp: report.databases.spp.queries };
  }
  const s = stats(samples);
  console.log(
    `${label}: verify both databases (connect + 1 query each + checks), ${RUNS} runs: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, min ${ms(s.min)}`,
  );
  console.log(`${label}: query round trips per database: IS-SOH ${queries.issoh}, SPP ${queries.spp} (target 1)`);
  return s;
}

const server = await startTestServer();
try {
  await buildTemplates(server.adminUrl);
  const issoh = await createDatabase(server.adminUrl, 'issohMigrated', 'bench');
  const spp = await createDatabase(server.adminUrl, 'sppSeed000', 'bench');
  console.log(`server: ${server.description}`);
  await roundTrips('direct', issoh, 'issoh');
  await roundTrips('direct', spp, 'spp');
  if (hasPgBouncerBinary() && server.tls) {
    const bouncer = await startPgBouncer(server.adminUrl, server.tls);
    const pooled = (url: string) => {
      const u = new URL(url);
      u.port = String(bouncer.port);
      u.search = '?sslmode=require&pgbouncer=true';
      return u.toString();
    };
    try {
      await roundTrips('pooled (PgBouncer, transaction mode, TLS)', pooled(issoh), 'issoh');
      await roundTrips('pooled (PgBouncer, transaction mode, TLS)', pooled(spp), 'spp');
    } finally {
      await bouncer.stop();
    }
  } else {
    console.log('pooled: not measured (pgbouncer or openssl not installed)');
  }
  const plain = await benchVerify('loopback', issoh, spp);
  console.log(`  target < 150 ms for both databases: ${plain.p50 < 150 ? 'met' : 'NOT met'} (p50)`);

  const started = performance.now();
  // In batches: one transaction creating 10,000 tables runs out of lock slots.
  await withClient(issoh, async (client) => {
    for (let batch = 0; batch < 20; batch++) {
      await client.query(`DO $$ BEGIN
        FOR i IN ${batch * 500 + 1}..${batch * 500 + 500} LOOP
          EXECUTE format('CREATE TABLE public.unrelated_%s (id int PRIMARY KEY, name text)', i);
        END LOOP; END $$`);
    }
  });
  await withClient(issoh, (client) => client.query('ANALYZE pg_catalog.pg_class'));
  console.log(
    `created 10,000 unrelated tables (+10,000 indexes) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const crowded = await benchVerify('10k tables', issoh, spp);
  console.log(`  target < 300 ms with 10,000 unrelated tables: ${crowded.p50 < 300 ? 'met' : 'NOT met'} (p50)`);
} finally {
  await server.stop();
}
