/**
 * A progress bar of a fixed width: "███████░░░" (or "#######..." in ASCII). The text is a pure
 * function, so a table row can carry it as one of its segments.
 */
import { Text } from 'ink';
import type { Theme } from '../theme.js';

/** `fraction` 0..1 over `width` cells; a started sync shows at least one cell, an unfinished one at most width − 1. */
export function progressBar(fraction: number, width: number, theme: Theme): string {
  const cells = Math.max(0, Math.floor(width));
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  let filled = Math.round(f * cells);
  if (f > 0 && filled === 0) filled = Math.min(1, cells);
  if (f < 1 && filled === cells && cells > 0) filled = cells - 1;
  const [full, empty] = theme.unicode ? ['█', '░'] : ['#', '.'];
  return full.repeat(filled) + empty.repeat(cells - filled);
}

type Properties = {
  readonly fraction: number;
  readonly width: number;
  readonly theme: Theme;
};

export function ProgressBar({ fraction, width, theme }: Properties) {
  return <Text>{progressBar(fraction, width, theme)}</Text>;
}
