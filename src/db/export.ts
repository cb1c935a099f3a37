/**
 * Exports the rows of tables about to be dropped or rebuilt, inside the step's transaction and
 * after an ACCESS EXCLUSIVE lock, so the file holds exactly the rows the step removes. The export
 * is checked (line count = row count) before the step may go on.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSql } from '../core/sqltext.js';
import { loadSql } from '../sql.js';
import type { StepClient } from './transaction.js';

export interface ExportedTable {
  readonly table: string;
  readonly file: string;
  readonly rows: number;
  readonly sha256: string;
}

export interface ExportManifest {
  readonly directory: string;
  readonly tables: readonly ExportedTable[];
}

/** `write: false` (dry runs) counts and checks without leaving files behind. */
export async function exportTables(
  client: StepClient,
  tables: readonly string[],
  directory: string,
  write = true,
): Promise<ExportManifest> {
  if (write) mkdirSync(directory, { recursive: true });
  const exported: ExportedTable[] = [];
  for (const table of tables) {
    await client.query(renderSql(loadSql('execute/lock_table'), { relation: table }));
    const rows = await client.query<{ row: string }>(renderSql(loadSql('execute/export_rows'), { relation: table }));
    const count = await client.query<{ rows: string }>(renderSql(loadSql('execute/count_rows'), { relation: table }));
    const body = rows.rows.map((r) => `${r.row}\n`).join('');
    const file = join(directory, `${table}.jsonl`);
    if (write) writeFileSync(file, body);
    const expected = Number(count.rows[0]?.rows ?? -1);
    const written = body === '' ? 0 : body.split('\n').length - 1;
    if (written !== expected) {
      throw new Error(`export of ${table} wrote ${written} rows but the table holds ${expected}: nothing was changed`);
    }
    exported.push({ table, file, rows: written, sha256: createHash('sha256').update(body).digest('hex') });
  }
  const manifest = { directory, tables: exported };
  if (write) writeFileSync(join(directory, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
