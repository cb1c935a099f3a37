/** Text renderers for rollback and restore. */

import { quote } from 'shell-quote';
import type { DatabaseTarget } from '../core/config.js';
import { type RestoreResult, type RollbackResult, recreateStatement } from '../core/rollback.js';
import { count } from '../core/words.js';
import { glyph, paint, type Style } from './style.js';

export function renderRollback(target: DatabaseTarget, result: RollbackResult, style: Style): string {
  const lines = [paint(style, 'bold', `Rollback of 0024 on ${target.label} ${target.host}/${target.database}`)];
  if (result.items.length > 0) {
    lines.push('', "Seed 001's rollback, in its order:");
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
  lines.push('');
  switch (result.outcome) {
    case 'committed':
      lines.push(
        `${glyph(style, 'pass')} rolled back in ${result.durationMs} ms: 0024 is gone, the prerequisites are intact${result.exported ? `; restore with: mantis-sync-tui restore ${quote([result.exported.directory])}` : ''}`,
      );
      break;
    case 'dry-run':
      lines.push(
        `${glyph(style, 'pass')} dry run: the rollback above ran, was checked, and was rolled back (${result.durationMs} ms); nothing was changed`,
      );
      break;
    case 'rolled-back':
      lines.push(
        `${glyph(style, 'fail')} rolled back, nothing changed: ${result.remaining.length ? `still present: ${result.remaining.join(', ')}` : ''}${result.brokenPrerequisites.length ? ` prerequisites broken: ${result.brokenPrerequisites.map((f) => f.code).join(', ')}` : ''}`,
      );
      break;
    case 'refused':
    case 'unusable-export':
      lines.push(`${glyph(style, 'fail')} ${result.error ?? 'refused'}`);
      break;
    default:
      lines.push(`${glyph(style, 'fail')} ${result.outcome}: ${result.error ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderRestore(result: RestoreResult, style: Style): string {
  const lines = result.tables.map(
    (t) =>
      `  ${t.table.padEnd(32)} ${String(t.restored).padStart(8)} of ${count(t.exported, 'row')} restored${t.skippedExpired ? ` (${count(t.skippedExpired, 'expired preview row')} skipped)` : ''}`,
  );
  if (result.partitions.length > 0) lines.push(`  partitions re-created as exported: ${result.partitions.join(', ')}`);
  const absent = result.absent ?? [];
  for (const table of absent)
    lines.push(`  ${table.padEnd(32)} re-created empty (it did not exist when the export was made)`);
  lines.push(
    result.outcome === 'committed'
      ? `${glyph(style, 'pass')} restored in ${result.durationMs} ms: 0024 re-applied; ${restoredContent(result)}`
      : `${glyph(style, 'fail')} ${result.outcome}: ${(result.error ?? '').replace(/[;:]? ?nothing was changed$/, '')}; nothing was changed`,
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
