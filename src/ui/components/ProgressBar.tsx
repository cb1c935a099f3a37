/**
 * A progress bar of a fixed width, as segments of a line. In colour, cells of background colour
 * that carry text too ("=====-----", each drawn in its cell's colour): what a copy, a screen
 * reader or a terminal without colours reads is the bar, not blanks; ASCII, which Ink measures
 * and cuts several times faster than block glyphs (a line with any non-ASCII character takes
 * string-width's grapheme-by-grapheme path, and every row of the Monitor has a bar). Without
 * colour, "███████░░░" (or "#######..." in ASCII): the glyphs carry it. The percentage beside it
 * says the same in text, and the bar never says more: under 1 % no cell is filled.
 */

import type { Theme } from '../theme.js';
import type { Segment } from './Line.js';

/** `fraction` 0..1 over `width` cells; from 1 % at least one cell, an unfinished one at most width − 1. */
export function progressBar(fraction: number, width: number, theme: Theme): Segment[] {
  const cells = Math.max(0, Math.floor(width));
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  let filled = Math.round(f * cells);
  // The percentage reads "0%" below 1 %: a filled cell there would say more than it.
  if (f >= 0.01 && filled === 0) filled = Math.min(1, cells);
  if (f < 0.01) filled = 0;
  if (f < 1 && filled === cells && cells > 0) filled = cells - 1;
  if (theme.color) {
    return [
      { text: '='.repeat(filled), tone: 'green', background: 'green' },
      { text: '-'.repeat(cells - filled), tone: 'gray', background: 'gray' },
    ];
  }
  const [full, empty] = theme.unicode ? ['█', '░'] : ['#', '.'];
  return [{ text: full.repeat(filled) + empty.repeat(cells - filled) }];
}
