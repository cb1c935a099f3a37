/**
 * A line's parts (segments) and how a line is cut to its width: Line.tsx draws what these leave, and so does the
 * frame drawn before Ink loads (first-frame.ts). No Ink here.
 */

import { symbols, type Theme, type Tone } from '../symbols.js';
import { width as textWidth, toAscii, truncate } from '../text.js';

export interface Segment {
  readonly text: string;
  readonly tone?: Tone | undefined;
  /** a background colour (the progress bar's cells): kept as it is on an inverse line */
  readonly background?: Tone | undefined;
  readonly bold?: boolean | undefined;
  readonly dim?: boolean | undefined;
  readonly inverse?: boolean | undefined;
}

export type LineSegments = readonly Segment[];

/** Cuts the segments to `width` columns, with the theme's ellipsis where text was cut. */
export function cutSegments(given: LineSegments, width: number, theme: Theme): Segment[] {
  const segments = theme.unicode ? given : given.map((s) => ({ ...s, text: toAscii(s.text) }));
  const out: Segment[] = [];
  let left = width;
  const total = segments.reduce((sum, s) => sum + textWidth(s.text), 0);
  const ellipsis = symbols(theme).ellipsis;
  for (const segment of segments) {
    if (left <= 0) break;
    const size = textWidth(segment.text);
    if (size <= left && (total <= width || size < left)) {
      out.push(segment);
      left -= size;
      continue;
    }
    // After other text, a segment may shrink to its first words or to nothing but the ellipsis; alone, it keeps at least half the line.
    out.push({ ...segment, text: cutAtWord(segment.text, left, ellipsis, out.length > 0 ? 0 : 0.5) });
    left = 0;
  }
  return out;
}

/**
 * Cuts text to `max` columns at the end of a word, then the ellipsis: "user postgres …", not
 * "user postg…". When that would keep less than `keep` of the room (a URL, a long identifier), it
 * is cut where it must be.
 */
export function cutAtWord(text: string, max: number, ellipsis: string, keep = 0.5): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const room = max - [...ellipsis].length - 1;
  if (room <= 0) return truncate(text, max, ellipsis);
  const head = chars.slice(0, room + 1).join('');
  const space = head.lastIndexOf(' ');
  if (space < 0 || [...head.slice(0, space)].length < room * keep) return truncate(text, max, ellipsis);
  const kept = head.slice(0, space).trimEnd();
  return kept === '' ? `${head.slice(0, space)}${ellipsis}` : `${kept} ${ellipsis}`;
}
