/** Text renderers for rollback and restore. */

import { quote } from 'shell-quote';
import type { DatabaseTarget } from '../core/config.js';
import type { ExportManifest } from '../core/export.js';
import { type RestoreResult, type RollbackResult, recreateStatement, rollbackTitle } from '../core/rollback.js';
import { count } from '../core/words.js';
import { glyph, paint, type Style } from './style.js';

/**
 * The rollback's result. Its error is said on stderr, once (src/cli/write-policy.ts): a rollback that
 * ended with nothing to show is the empty string. `stakes`: its dry run, shown before the name is
 * typed, without the dry run's own verdict.
 */
export function renderRollback(
  target: DatabaseTarget,
  result: RollbackResult,
  style: Style,
  options: { readonly stakes?: boolean } = {},
): string {
  const what = result.migrations ?? '0024';
  const lines = [paint(style, 'bold', `Rollback of ${what} on ${target.label} ${target.host}/${target.database}`)];
  if (result.items.length > 0) {
    lines.push('', `${rollbackTitle(result)}:`);
    for (const item of result.items) {
      lines.push(
        `  ${item.present ? paint(style, 'red', 'drop ') : paint(style, 'gray', 'skip ')} ${item.kind.padEnd(8)} ${item.object}${item.present ? '' : paint(style, 'gray', ' (already gone)')}`,
      );
    }
  }
  if ((result.archives ?? []).length > 0) {
    lines.push(
      '',
      `The tool's own archived partitions (maintain archive), exported and dropped with 0024, made again by restore:`,
      ...(result.archives ?? []).map((name) => `  ${paint(style, 'red', 'drop ')} table    ${name}`),
    );
  }
  if (result.rowCounts.length > 0) {
    lines.push('', 'Rows:');
    for (const count of result.rowCounts) {
      lines.push(
        `  ${count.partitionOf ? '  ' : ''}${count.table.padEnd(count.partitionOf ? 38 : 40)} ${String(count.rows).padStart(10)}`,
      );
    }
  }
  if (result.dependents.length > 0) {
    lines.push('', 'Outside 0024, CASCADE would also drop:');
    for (const d of result.dependents) {
      lines.push(
        `  ${d.dependent}${d.relation && !d.dependent.includes(d.relation) ? ` (${d.relationKind ?? 'relation'} ${d.relation})` : ''}${d.blocker ? paint(style, 'red', '  BLOCKER: typed with a 0024 enum') : ''}`,
      );
      if (d.fix) lines.push(`    fix: ${d.fix}`);
      const recreate = recreateStatement(d);
      if (recreate) lines.push(`    re-create after the rollback: ${recreate.replaceAll('\n', ' ')}`);
    }
  }
  if (result.exported && result.exported.directory === '') {
    // A dry run writes nothing: it says what the export would hold.
    lines.push('', "Would export (COPY text, checked, with the server's fingerprint), nothing written now:");
    for (const t of result.exported.tables)
      lines.push(`  ${t.table.padEnd(40)} ${String(t.rows).padStart(10)} ${t.rows === 1 ? 'row' : 'rows'}`);
  } else if (result.exported) {
    lines.push(
      '',
      `Exported (COPY text; checked: lines = rows, sha256; the server's fingerprint recorded) to ${result.exported.directory}:`,
    );
    for (const t of result.exported.tables)
      lines.push(
        `  ${t.file.padEnd(40)} ${String(t.rows).padStart(10)} ${t.rows === 1 ? 'row ' : 'rows'}  sha256 ${t.sha256.slice(0, 16)}…`,
      );
  }
  if (options.stakes) return `${lines.join('\n')}\n`;
  const verdict = rollbackVerdict(result, style);
  if (verdict === null && lines.length === 1) return '';
  if (verdict !== null) lines.push('', verdict);
  return `${lines.join('\n')}\n`;
}

function rollbackVerdict(result: RollbackResult, style: Style): string | null {
  switch (result.outcome) {
    case 'committed':
      return `${glyph(style, 'pass')} rolled back in ${result.durationMs} ms: 0024 is gone, the prerequisites are intact${result.exported ? `; restore with: mantis-sync-tui restore ${quote([result.exported.directory])}` : ''}`;
    case 'dry-run':
      return `${glyph(style, 'pass')} dry run: the rollback above ran, was checked, and was rolled back (${result.durationMs} ms); nothing was changed`;
    case 'rolled-back':
      return `${glyph(style, 'fail')} rolled back, nothing changed: ${result.remaining.length ? `still present: ${result.remaining.join(', ')}` : ''}${result.brokenPrerequisites.length ? ` prerequisites broken: ${result.brokenPrerequisites.map((f) => f.code).join(', ')}` : ''}`;
    default:
      // refused, failed, interrupted, unusable-export: the error is the whole verdict, on stderr
      return null;
  }
}

/** What an export holds, table by table: shown before a restore is confirmed. */
export function renderExportSummary(manifest: ExportManifest): string {
  const lines = [`Export ${manifest.directory}:`];
  for (const t of manifest.tables)
    lines.push(
      `  ${t.table.padEnd(40)} ${String(t.rows).padStart(10)} ${t.rows === 1 ? 'row ' : 'rows'}${t.partitions.length > 0 ? `  ${count(t.partitions.length, 'partition')}` : ''}`,
    );
  for (const table of manifest.absent ?? [])
    lines.push(`  ${table.padEnd(40)} re-created empty (absent when exported)`);
  return `${lines.join('\n')}\n`;
}

/** A committed restore, table by table; anything else is its error alone, said once on stderr (src/cli/write-policy.ts). */
export function renderRestore(result: RestoreResult, style: Style): string {
  if (result.outcome !== 'committed') return '';
  const lines = result.tables.map(
    (t) =>
      `  ${t.table.padEnd(32)} ${String(t.restored).padStart(8)} of ${count(t.exported, 'row')} restored${t.skippedExpired ? ` (${count(t.skippedExpired, 'expired preview row')} skipped)` : ''}`,
  );
  if (result.partitions.length > 0) lines.push(`  partitions re-created as exported: ${result.partitions.join(', ')}`);
  const absent = result.absent ?? [];
  for (const table of absent)
    lines.push(`  ${table.padEnd(32)} re-created empty (it did not exist when the export was made)`);
  lines.push(
    `${glyph(style, 'pass')} restored in ${result.durationMs} ms: 0024 re-applied; ${restoredContent(result)}`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * What the server proved of a committed restore. "Equals" only when it does: every table of the
 * export (the set is part of the fingerprint), no row left out; expired preview rows skipped are
 * counted instead.
 */
function restoredContent(result: RestoreResult): string {
  const tables = count(result.tables.length + (result.absent?.length ?? 0), 'table');
  const fingerprint = result.fingerprint ? ` (export fingerprint ${result.fingerprint.slice(0, 16)}…)` : '';
  const skipped = result.tables.filter((t) => t.skippedExpired > 0);
  if (skipped.length === 0)
    return `the content of all ${tables} of the export, fingerprinted by the server before COMMIT, equals the export's${fingerprint}`;
  const total = skipped.reduce((sum, t) => sum + t.skippedExpired, 0);
  const left = skipped.map((t) => `${count(t.skippedExpired, 'expired preview row')} of ${t.table}`).join(', ');
  return `the ${tables} of the export were loaded and fingerprinted by the server before COMMIT${fingerprint}, but ${left} ${total === 1 ? 'was' : 'were'} left out (expired since the export): the database holds the export less ${total === 1 ? 'that row' : 'those rows'}`;
}
