/**
 * npm run bench (test/bench/contract.ts): what the application's contract costs verify. About 30
 * statements (the fixture application's, repeated) checked on loopback: the probe's round trips
 * on the wire, and verify's time with and without the contract group (targets: 1 round trip for
 * the statements, < 100 ms added). The scan of a large source tree is test/bench/contract-scan.ts.
 */
import { join } from 'node:path';
import { type LoadedContract, loadContract, probeSettingsOf } from '../../src/commands/contract.js';
import { defaultDependencies, verify } from '../../src/commands/verify.js';
import { loadConfig } from '../../src/config.js';
import { buildTemplates, createDatabase, ROOT } from '../helpers/databases.js';
import { startTestServer } from '../helpers/server.js';
import { countRoundTrips } from '../helpers/wire.js';

const STATEMENTS = 30;
const RUNS = 30;
const TARGET_ADDED_MS = 100;

const p50 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

/** The fixture's statements, repeated under new ids until there are `count`. */
function repeated(loaded: LoadedContract, count: number): LoadedContract {
  const statements = Array.from({ length: count }, (_, i) => {
    const s = loaded.statements[i % loaded.statements.length]!;
    return { ...s, id: `${s.id}-${i}` };
  });
  return { ...loaded, statements };
}

const server = await startTestServer();
try {
  await buildTemplates(server.adminUrl);
  const issoh = await createDatabase(server.adminUrl, 'issohMigrated', 'bench');
  const config = loadConfig({ env: {}, issohUrl: issoh });
  const deps = defaultDependencies();
  const loaded = repeated(
    await loadContract(
      { kind: 'app', directory: join(ROOT, 'test', 'fixtures', 'app'), includeTests: false },
      deps.manifest,
    ),
    STATEMENTS,
  );
  const contract = { loaded, settings: probeSettingsOf(loaded, {}) };
  console.log(`server: ${server.description}; ${loaded.statements.length} statements`);

  const { value: plain, roundTrips: plainTrips } = await countRoundTrips(() => verify(config, deps));
  const { value: withContract, roundTrips: contractTrips } = await countRoundTrips(() =>
    verify(config, deps, { contract }),
  );
  const checked = withContract.findings.filter((f) => f.group === 'contract' && f.code !== 'APP003').length;
  console.log(
    `round trips to IS-SOH: verify ${plainTrips}, verify with ${checked} statements checked ${contractTrips}: the statements take ${contractTrips - plainTrips} (target 1)`,
  );
  if (plain.summary.fail !== 0) console.log(`  note: the database has ${plain.summary.fail} failing findings`);

  const time = async (withStatements: boolean) => {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await verify(config, deps, withStatements ? { contract } : {});
      samples.push(performance.now() - started);
    }
    return p50(samples);
  };
  await time(true); // warm: connections, catalog caches, the parser
  const [without, withIt] = [await time(false), await time(true)];
  const added = withIt - without;
  console.log(
    `verify on loopback, ${RUNS} runs each: p50 ${without.toFixed(1)} ms without the contract, ${withIt.toFixed(1)} ms with ${STATEMENTS} statements: +${added.toFixed(1)} ms  (target < ${TARGET_ADDED_MS} ms)  ${added < TARGET_ADDED_MS ? 'met' : 'NOT met'}`,
  );
} finally {
  await server.stop();
}
