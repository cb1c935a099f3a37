/**
 * On a terminal, a line on stderr that keeps saying how far a big export or restore has got:
 * rows done of the total, the rate, and the time left at that rate.
 */

import type { ExportProgress } from '../core/export.js';
import type { CommandIO } from '../core/io.js';
import { styleToken } from '../core/terminal-text.js';

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
