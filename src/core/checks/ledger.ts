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

/** The migration file a ledger entry stands for: its name, its name without .sql, or its version prefix. */
export function fileOfEntry(files: readonly string[], values: readonly string[]): string | null {
  for (const value of values.map((v) => v.trim()).filter(Boolean)) {
    const bare = value.replace(/\.sql$/i, '');
    const found =
      files.find((f) => f === value || f.replace(/\.sql$/i, '') === bare) ??
      files.find((f) => /^[\w.-]+$/.test(bare) && new RegExp(`^${bare.replace(/[.]/g, '\\.')}[_.-]`).test(f)) ??
      // flyway's V3__name.sql or a bare number 3 for 003_name.sql
      files.find((f) => /^\d+$/.test(bare) && Number(f.match(/^V?(\d+)/i)?.[1] ?? Number.NaN) === Number(bare));
    if (found) return found;
  }
  return null;
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
  const listed = new Set<string>();
  for (const row of ledger.rows) {
    if (!ran(row)) continue;
    const values = columns.map((c) => row[c]).filter((v) => typeof v === 'string' || typeof v === 'number');
    const file = fileOfEntry(files, values.map(String));
    if (file) listed.add(file);
  }
  return listed;
}

/** Whether an object named as findings name it exists in a snapshot; null when the name is no object the snapshot reads. */
export function presentIn(
  snapshot: Pick<
    Snapshot,
    'relations' | 'columns' | 'constraints' | 'indexes' | 'policies' | 'functions' | 'triggers' | 'enums'
  >,
  object: string,
): boolean | null {
  const parts = object.split('.');
  const qualified = parts.slice(0, 2).join('.');
  const child = parts.slice(2).join('.');
  const schema = parts[0];
  if (!child) {
    if (snapshot.relations.some((r) => `${r.schema}.${r.name}` === qualified)) return true;
    if (snapshot.functions.some((f) => `${f.schema}.${f.name}` === qualified)) return true;
    if (snapshot.enums.some((e) => `${e.schema}.${e.name}` === qualified)) return true;
    const { name } = splitName(qualified);
    if (snapshot.indexes.some((i) => i.name === name && i.relation.startsWith(`${schema}.`))) return true;
    return false;
  }
  const of = (rows: ReadonlyArray<{ relation: string; name: string }>) =>
    rows.some((r) => r.relation === qualified && r.name === child);
  return of(snapshot.columns) || of(snapshot.constraints) || of(snapshot.triggers) || of(snapshot.policies);
}

export function checkLedger(ctx: CheckContext, set: MigrationSet): Finding[] {
  const findings: Finding[] = [];
  for (const ledger of ctx.actual.ledgers ?? []) {
    const listed = filesInLedger(ledger, set.files);
    // A ledger that lists none of these files keeps another set's migrations.
    if (listed.size === 0) continue;
    const evidence = ['evidence/ledger', { relation: ledger.relation }] as const;
    for (const file of set.files) {
      if (set.unapplied.some((u) => u.file === file)) continue;
      // the objects the file created that the intended state still holds (a later file may drop them)
      const objects = Object.entries(set.origins)
        .filter(([object, origin]) => origin.file === file && presentIn(ctx.expected, object))
        .map(([object]) => object);
      if (objects.length === 0) continue;
      const missing = objects.filter((o) => !presentIn(ctx.actual, o));
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
