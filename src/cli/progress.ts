/**
 * On a terminal, a line on stderr that keeps saying how far a big export or restore has got:
 * rows done of the total, the rate, and the time left at that rate.
 */

import type { ExportProgress } from '../core/export.js';
import type { CommandIO } from '../core/io.js';
import { type LockWait, waitingLine } from '../core/lock-wait.js';
import { styleToken } from '../output/terminal-text.js';

export function progressReporter(verb: string, io: CommandIO): { onProgress?: (progress: ExportProgress) => void } {
  if (!io.stdoutIsTTY) return {};
  let table = '';
  let started = 0;
  return {
    onProgress({ table: current, rows, totalRows }) {
      const now = io.now().getTime();
      if (current !== table) {
        table = current;
        started = now;
      }
      const rate = now > started ? (rows * 1000) / (now - started) : 0;
      const left = rate > 0 ? Math.ceil((totalRows - rows) / rate) : null;
      const done = rows >= totalRows;
      io.stderr(
        `${styleToken('redraw-line')}  ${verb} ${current}: ${rows.toLocaleString('en')} of ${totalRows.toLocaleString('en')} ${totalRows === 1 ? 'row' : 'rows'}${rate > 0 ? ` · ${Math.round(rate).toLocaleString('en')} rows/s` : ''}${!done && left !== null ? ` · ${left} s left` : ''}${done ? '\n' : ''}`,
      );
    },
  };
}

/**
 * A write waiting for a lock, said on stderr: on a terminal one line kept current (what is
 * awaited, who holds it, for how long); elsewhere one line per holder, and none for the rest of
 * the same wait. The wait's end clears the line.
 */
export function lockWaitReporter(io: CommandIO): (wait: LockWait | null) => void {
  let holder: number | null = null;
  return (wait) => {
    if (wait === null) {
      if (holder !== null && io.stdoutIsTTY) io.stderr(`${styleToken('redraw-line')}`);
      holder = null;
      return;
    }
    if (io.stdoutIsTTY) io.stderr(`${styleToken('redraw-line')}  ${waitingLine(wait)}`);
    else if (holder !== wait.holderPid) io.stderr(`mantis-sync-tui: ${waitingLine(wait)}\n`);
    holder = wait.holderPid;
  };
}
