/** maintain's text: the task, what it did, and the verdict. */
import type { MaintainOutcome, MaintainTask, MaintenanceResult } from '../core/maintenance.js';
import { count } from '../core/words.js';
import { glyph, paint, type Style } from './style.js';

export const MAINTAIN_TASK_TITLES: Record<MaintainTask, string> = {
  partitions: 'create monthly partitions ahead (moving rows out of the catch-all)',
  archive: 'archive old partitions (export, detach, rename *_archived)',
  cache: 'delete expired preview cache entries (auto_cleanup_preview_cache())',
};

/** What the task did, line by line (empty when it did nothing). */
function details(outcome: MaintainOutcome): string {
  if (outcome.task === 'partitions') {
    const value = outcome.result.value;
    return value
      ? [
          `create: ${value.plan.create.map((m) => m.name).join(', ')}`,
          value.plan.newCatchAllFrom
            ? `catch-all ${value.plan.catchAll?.name} now FROM ${value.plan.newCatchAllFrom.slice(0, 10)} TO MAXVALUE; ${count(value.moved, 'row')} moved into their months`
            : '',
          ...value.rowsAfter
            .filter((p) => p.rows > 0)
            .map((p) => `  ${p.partition.padEnd(32)} ${String(p.rows).padStart(10)} ${p.rows === 1 ? 'row ' : 'rows'}`),
        ]
          .filter(Boolean)
          .join('\n')
      : '';
  }
  if (outcome.task === 'archive') {
    const value = outcome.result.value;
    return value
      ? [
          outcome.result.outcome === 'dry-run'
            ? `would export to ${value.exported.directory} (rows counted, nothing written):`
            : `exported to ${value.exported.directory}:`,
          ...value.archived.map((a) => `  ${a.partition} → ${a.archivedAs} (${count(a.rows, 'row')})`),
        ].join('\n')
      : '';
  }
  const value = outcome.result.value;
  return value
    ? `preview cache: ${value.before.live} live, ${value.before.expired} expired; deleted ${value.deleted}`
    : '';
}

/**
 * The task, what it did, and how it ended. An error is said once, on stderr (src/cli/write-policy.ts):
 * then only the task's line. `stakes`: its dry run, shown before it is confirmed, without a verdict.
 */
/** The first line of a task's report: printed before it runs, so a wait for a lock is not a silence. */
export function maintainHeader(task: MaintainTask, style: Style): string {
  return `${paint(style, 'bold', `maintain ${task}`)}: ${MAINTAIN_TASK_TITLES[task]}\n`;
}

export function renderMaintain(
  outcome: MaintainOutcome,
  style: Style,
  options: { readonly stakes?: boolean; readonly header?: boolean } = {},
): string {
  const text = details(outcome);
  const verdict = options.stakes ? null : maintainVerdict(outcome, style);
  if (!options.stakes && verdict === null && !text) return '';
  const header = options.header === false ? '' : maintainHeader(outcome.task, style);
  return `${header}${text ? `${text}\n` : ''}${verdict ? `${verdict}\n` : ''}`;
}

/**
 * How a task ended, in words, for the CLI and the app's Health screen alike; null when it ended in
 * an error, which is said in its own words (on stderr by the CLI).
 */
export function maintainVerdictWords(
  result: Pick<MaintenanceResult<unknown>, 'outcome' | 'durationMs'>,
): string | null {
  switch (result.outcome) {
    case 'committed':
      return `done in ${result.durationMs} ms`;
    case 'dry-run':
      return `dry run: done, checked and rolled back (${result.durationMs} ms); nothing was changed`;
    case 'nothing-to-do':
      return 'nothing to do';
    default:
      return null;
  }
}

/** How a task ended, in one line; null when it ended in an error (said on its own). */
export function maintainVerdict(outcome: MaintainOutcome, style: Style): string | null {
  const words = maintainVerdictWords(outcome.result);
  return words === null ? null : `${glyph(style, 'pass')} ${words}`;
}
