/**
 * The ledger against reality (--migrations): a migration the ledger lists as run whose objects are
 * missing (MIG002), and one whose objects are all present that the ledger does not list (MIG003).
 * Any shape a team's tool keeps: a name, filename or version column, with or without a timestamp,
 * checksum or status (a failed or pending row has not run).
 */
import type { Finding } from '../finding.js';
import type { MigrationSet } from '../migration-set.js';
import type { LedgerTable, Snapshot } from '../snapshot.js';
import { type CheckContext, makeFinding, splitName } from './context.js';

/** Columns that name a migration, most specific first. */
const NAME_COLUMNS = ['filename', 'file_name', 'file', 'script', 'migration', 'name', 'version', 'migration_name'];
/** A row whose status says it did not run. */
const NOT_RUN = /^(failed|failure|error|pending|rolled[ _]?back|reverted|down)$/i;

/**
 * The migration file a ledger entry stands for: its name, its name without .sql, or its version
 * prefix. Each way of naming is looked up in a map made once from the files (the first file in
 * order wins, as a search in order would find it), not searched per entry: a ledger lists every file.
 */
export function entryFinder(files: readonly string[]): (values: readonly string[]) => string | null {
  const byName = new Map<string, string>();
  const byPrefix = new Map<string, string>();
  const byNumber = new Map<number, string>();
  const keep = <K>(map: Map<K, string>, key: K, file: string) => {
    if (!map.has(key)) map.set(key, file);
  };
  for (const file of files) {
    keep(byName, file.replace(/\.sql$/i, ''), file);
    // "0003" or "0003_add" for 0003_add_x.sql: what comes before a _ . or -
    for (let at = 1; at < file.length; at++) if ('_.-'.includes(file[at]!)) keep(byPrefix, file.slice(0, at), file);
    // flyway's V3__name.sql or a bare number 3 for 003_name.sql
    const number = file.match(/^V?(\d+)/i)?.[1];
    if (number !== undefined) keep(byNumber, Number(number), file);
  }
  return (values) => {
    for (const value of values.map((v) => v.trim()).filter(Boolean)) {
      const bare = value.replace(/\.sql$/i, '');
      const found =
        byName.get(bare) ??
        (/^[\w.-]+$/.test(bare) ? byPrefix.get(bare) : undefined) ??
        (/^\d+$/.test(bare) ? byNumber.get(Number(bare)) : undefined);
      if (found) return found;
    }
    return null;
  };
}

/** Whether a ledger row says its migration ran (no status, or a status that is not a failure). */
function ran(row: Readonly<Record<string, unknown>>): boolean {
  if (row.success === false || row.dirty === true || row.applied === false) return false;
  const status = row.status ?? row.state;
  return !(typeof status === 'string' && NOT_RUN.test(status));
}

/** The files a ledger says ran. */
export function filesInLedger(ledger: LedgerTable, files: readonly string[]): Set<string> {
  const columns = NAME_COLUMNS.filter((c) => ledger.columns.includes(c));
  const fileOfEntry = entryFinder(files);
  const listed = new Set<string>();
  for (const row of ledger.rows) {
    if (!ran(row)) continue;
    const values = columns.map((c) => row[c]).filter((v) => typeof v === 'string' || typeof v === 'number');
    const file = fileOfEntry(values.map(String));
    if (file) listed.add(file);
  }
  return listed;
}

/**
 * Whether an object named as findings name it exists in a snapshot: a test made once per snapshot
 * (from sets of what it holds), as every object of a set is asked about.
 */
export function presenceIn(
  snapshot: Pick<
    Snapshot,
    'relations' | 'columns' | 'constraints' | 'indexes' | 'policies' | 'functions' | 'triggers' | 'enums'
  >,
): (object: string) => boolean {
  const named = new Set<string>();
  for (const rows of [snapshot.relations, snapshot.functions, snapshot.enums])
    for (const row of rows) named.add(`${row.schema}.${row.name}`);
  // an index is named by its table's schema
  const indexes = new Set<string>();
  for (const index of snapshot.indexes) {
    const dot = index.relation.indexOf('.');
    if (dot >= 0) indexes.add(`${index.relation.slice(0, dot)}\u0000${index.name}`);
  }
  const children = new Set<string>();
  for (const rows of [snapshot.columns, snapshot.constraints, snapshot.triggers, snapshot.policies])
    for (const row of rows) children.add(`${row.relation}\u0000${row.name}`);
  return (object) => {
    // "schema.name", then what of that relation it names (a column, constraint, trigger or policy)
    const second = object.indexOf('.', object.indexOf('.') + 1);
    const qualified = second < 0 ? object : object.slice(0, second);
    const child = second < 0 ? '' : object.slice(second + 1);
    if (child) return children.has(`${qualified}\u0000${child}`);
    return named.has(qualified) || indexes.has(`${object.split('.', 1)[0]}\u0000${splitName(qualified).name}`);
  };
}

export function checkLedger(ctx: CheckContext, set: MigrationSet): Finding[] {
  const findings: Finding[] = [];
  const ledgers = ctx.actual.ledgers ?? [];
  if (ledgers.length === 0) return findings;
  // each file's objects, in the order of set.origins
  const created = new Map<string, string[]>();
  for (const [object, origin] of Object.entries(set.origins)) {
    const objects = created.get(origin.file);
    if (objects) objects.push(object);
    else created.set(origin.file, [object]);
  }
  const intended = presenceIn(ctx.expected);
  const live = presenceIn(ctx.actual);
  for (const ledger of ledgers) {
    const listed = filesInLedger(ledger, set.files);
    // A ledger that lists none of these files keeps another set's migrations.
    if (listed.size === 0) continue;
    const evidence = ['evidence/ledger', { relation: ledger.relation }] as const;
    for (const file of set.files) {
      if (set.unapplied.some((u) => u.file === file)) continue;
      // the objects the file created that the intended state still holds (a later file may drop them)
      const objects = (created.get(file) ?? []).filter(intended);
      if (objects.length === 0) continue;
      const missing = objects.filter((o) => !live(o));
      if (listed.has(file) && missing.length > 0) {
        findings.push({
          ...makeFinding(ctx, {
            code: 'MIG002',
            object: file,
            status: 'fail',
            title: `migration listed in ${ledger.relation} but its objects are missing: ${file}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`,
            expected: `${objects.length} objects of ${file}: ${objects.join(', ')}`,
            actual: `missing: ${missing.join(', ')}`,
            evidence,
            fix: null,
          }),
          location: { file, line: 1 },
        });
      } else if (!listed.has(file) && missing.length === 0) {
        findings.push({
          ...makeFinding(ctx, {
            code: 'MIG003',
            object: file,
            status: 'warn',
            title: `migration applied but missing from ${ledger.relation}: ${file} (its ${objects.length} objects are present)`,
            expected: `${file} listed in ${ledger.relation}`,
            actual: 'not listed; every object it creates exists',
            evidence,
            fix: null,
          }),
          location: { file, line: 1 },
        });
      }
    }
  }
  return findings;
}
