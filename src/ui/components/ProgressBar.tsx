/**
 * A progress bar of a fixed width, as segments of a line. In colour it is cells of background
 * colour: plain spaces, which Ink measures and cuts several times faster than block glyphs (a
 * line with any non-ASCII character takes string-width's grapheme-by-grapheme path, and every
 * row of the Monitor has a bar), and fewer bytes over SSH. Without colour, "███████░░░" (or
 * "#######..." in ASCII): the glyphs carry it. The percentage beside it says the same in text.
 */

import type { Theme } from '../theme.js';
import type { Segment } from './Line.js';

/** `fraction` 0..1 over `width` cells; a started sync shows at least one cell, an unfinished one at most width − 1. */
export function progressBar(fraction: number, width: number, theme: Theme): Segment[] {
  const cells = Math.max(0, Math.floor(width));
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  let filled = Math.round(f * cells);
  if (f > 0 && filled === 0) filled = Math.min(1, cells);
  if (f < 1 && filled === cells && cells > 0) filled = cells - 1;
  if (theme.color) {
    return [
      { text: ' '.repeat(filled), background: 'green' },
      { text: ' '.repeat(cells - filled), background: 'gray' },
    ];
  }
  const [full, empty] = theme.unicode ? ['█', '░'] : ['#', '.'];
  return [{ text: full.repeat(filled) + empty.repeat(cells - filled) }];
}
