/**
 * npm run bench (test/bench/contract-scan.ts): `contract --app DIR`'s scan of an application's source
 * tree. A synthetic tree of 2,500 files (~25 MB) is written to a temporary directory: mostly
 * TypeScript that names none of the migration's objects, and a few hundred services whose queries
 * do. It is scanned 5 times; the figure is the median against the target of 3 s.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanApplication } from '../../src/contract/scan.js';
import { contractTargets } from '../../src/core/contract.js';
import type { Manifest } from '../../src/core/manifest.js';
import { loadJson } from '../../src/sql.js';

const FILES = 2_500;
const FILES_WITH_SQL = 300;
const AVERAGE_FILE_BYTES = 10_000;
const RUNS = 5;
const TARGET_SECONDS = 3;

/** Deterministic: the same tree on every run of the bench. */
let seed = 19;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const NOUNS = ['invoice', 'customer', 'basket', 'shipment', 'coupon', 'warehouse', 'ledger', 'session', 'report'];
const VERBS = ['load', 'save', 'render', 'validate', 'merge', 'format', 'compute', 'refresh', 'archive'];

/** A block of ordinary application code: types, a class, string and template literals, no SQL. */
function unrelatedBlock(index: number): string {
  const noun = pick(NOUNS);
  const verb = pick(VERBS);
  const Name = `${noun[0]!.toUpperCase()}${noun.slice(1)}${index}`;
  return `
export interface ${Name}Props {
  readonly id: string;
  readonly label: string;
  readonly amount: number;
  readonly tags: readonly string[];
}

/** ${verb}s a ${noun} for the dashboard; keeps the previous value while the next one loads. */
export class ${Name}Store {
  private readonly cache = new Map<string, ${Name}Props>();

  ${verb}(props: ${Name}Props): string {
    const key = \`${noun}:\${props.id}:\${props.tags.join(',')}\`;
    this.cache.set(key, props);
    if (props.amount > ${Math.floor(random() * 1000)}) return 'over the ${noun} limit: ' + props.label;
    return props.tags.length === 0 ? 'no tags' : \`\${props.tags.length} tags on \${props.label}\`;
  }

  summary(): string[] {
    return [...this.cache.values()].map((p) => p.label.padEnd(${10 + Math.floor(random() * 20)}, ' ') + String(p.amount));
  }
}
`;
}

/** A service that queries the migration's tables the ways applications do. */
function queryBlock(index: number): string {
  const entity = pick(['product', 'customer', 'order', 'invoice']);
  return `
export async function progress${index}(pool: Pool, orgId: string, syncId: string) {
  const { rows } = await pool.query(
    'SELECT processed_count, failed_count, total_items FROM sync_progress WHERE org_id = $1 AND sync_id = $2',
    [orgId, syncId],
  );
  return rows[0];
}

export async function recent${index}(pool: Pool, orgId: string, limit: number) {
  const query = \`
    SELECT sync_id, action, status, created_at
      FROM sync_activity_log
     WHERE org_id = $1 AND entity_type = $2
     ORDER BY created_at DESC
     LIMIT \${limit}\`;
  return (await pool.query(query, [orgId, '${entity}'])).rows;
}

export async function preview${index}(pool: Pool, orgId: string, key: string) {
  await pool.query('DELETE FROM sync_preview_cache WHERE org_id = $1 ' + 'AND cache_key = $2', [orgId, key]);
  logger.info('sync_preview_cache entry dropped', { key });
}
`;
}

async function writeTree(root: string): Promise<number> {
  let bytes = 0;
  const withSql = new Set<number>();
  while (withSql.size < FILES_WITH_SQL) withSql.add(Math.floor(random() * FILES));
  for (let file = 0; file < FILES; file++) {
    const directory = join(root, 'src', `module${file % 50}`, file % 3 === 0 ? 'components' : 'services');
    await mkdir(directory, { recursive: true });
    const size = AVERAGE_FILE_BYTES * (0.5 + random());
    let text = "import type { Pool } from 'pg';\nimport { logger } from '../../logger.js';\n";
    for (let block = 0; text.length < size; block++) {
      text += withSql.has(file) && block % 4 === 1 ? queryBlock(block) : unrelatedBlock(block);
    }
    bytes += Buffer.byteLength(text);
    await writeFile(join(directory, `File${file}.ts`), text);
  }
  return bytes;
}

const root = await mkdtemp(join(tmpdir(), 'mantis-contract-bench-'));
try {
  const bytes = await writeTree(root);
  const targets = contractTargets(loadJson<Manifest>('manifest.json'));
  const seconds: number[] = [];
  let last: Awaited<ReturnType<typeof scanApplication>> | undefined;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    last = await scanApplication(root, { targets });
    seconds.push((performance.now() - started) / 1000);
  }
  const sorted = [...seconds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const s = (n: number) => `${n.toFixed(2)} s`;
  console.log(
    `contract scan, ${last!.filesScanned.toLocaleString('en')} files (${(bytes / 1e6).toFixed(1)} MB): median ${s(median)}  (target < ${TARGET_SECONDS} s)  ${median < TARGET_SECONDS ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  ${RUNS} runs: min ${s(sorted[0]!)}, median ${s(median)}, max ${s(sorted[sorted.length - 1]!)}; ${last!.filesParsed} files parsed, ${last!.statements.length.toLocaleString('en')} statements found, ${last!.unreadable.length} unreadable`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
