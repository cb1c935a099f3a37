/**
 * Exports the rows of tables about to be dropped or rebuilt, inside the step's transaction and
 * after an ACCESS EXCLUSIVE lock, so the files hold exactly the rows the step removes. Rows are
 * read through a cursor in batches of 5,000 (memory stays flat on big tables), one JSON document
 * per line.
 * The export is checked (lines = rows) before the step may go on.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { renderSql } from '../core/sqltext.js';
import { loadSql } from '../sql.js';
import type { StepClient } from './transaction.js';

export interface ExportedTable {
  readonly table: string;
  /** file name inside the export directory */
  readonly file: string;
  readonly rows: number;
  readonly sha256: string;
}

export interface ExportManifest {
  readonly directory: string;
  readonly tables: readonly ExportedTable[];
}

/** `write: false` (dry runs) reads and counts without leaving files behind. */
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
    const count = await client.query<{ rows: string }>(renderSql(loadSql('execute/count_rows'), { relation: table }));
    const expected = Number(count.rows[0]?.rows ?? -1);
    const file = `${table}.jsonl`;
    const hash = createHash('sha256');
    const fd = write ? openSync(join(directory, file), 'w') : null;
    let written = 0;
    try {
      await client.query(renderSql(loadSql('execute/export_rows'), { relation: table }));
      for (;;) {
        const batch = await client.query<{ row: string }>(loadSql('execute/fetch_export'));
        if (batch.rows.length === 0) break;
        const text = batch.rows.map((r) => `${r.row}\n`).join('');
        hash.update(text);
        if (fd !== null) writeSync(fd, text);
        written += batch.rows.length;
      }
      await client.query(loadSql('execute/close_export'));
    } finally {
      if (fd !== null) closeSync(fd);
    }
    if (written !== expected) {
      throw new Error(`export of ${table} wrote ${written} rows but the table holds ${expected}: nothing was changed`);
    }
    exported.push({ table, file, rows: written, sha256: hash.digest('hex') });
  }
  const manifest = { directory, tables: exported };
  if (write) writeFileSync(join(directory, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
