/**
 * Plain-text layout helpers for the app. Every line the app draws is measured here, so a frame
 * never wraps on its own: a wrapped line would push the frame past the terminal's height.
 */

/** Display width of plain text (the app draws ASCII and single-width symbols only). */
export const width = (text: string): number => [...text].length;

/** Cuts text to `max` columns, ending it with `ellipsis` when something was cut. */
export function truncate(text: string, max: number, ellipsis = '…'): string {
  if (max <= 0) return '';
  const chars = [...text];
  if (chars.length <= max) return text;
  const mark = [...ellipsis];
  if (max <= mark.length) return chars.slice(0, max).join('');
  return chars.slice(0, max - mark.length).join('') + ellipsis;
}

/** Pads (or truncates) to exactly `size` columns. */
export function fit(text: string, size: number, ellipsis = '…'): string {
  const cut = truncate(text, size, ellipsis);
  return cut + ' '.repeat(Math.max(0, size - width(cut)));
}

/**
 * `fit` for a qualified name: cut in the middle, so both ends stay ("sync_progress.…updated_at"):
 * names that share a table differ at their end, which an end cut hides.
 */
export function fitName(text: string, size: number, ellipsis = '…'): string {
  const chars = [...text];
  if (chars.length <= size) return text + ' '.repeat(Math.max(0, size - width(text)));
  const room = size - [...ellipsis].length;
  if (room < 6) return fit(text, size, ellipsis);
  const head = Math.ceil(room / 2);
  return `${chars.slice(0, head).join('')}${ellipsis}${chars.slice(chars.length - (room - head)).join('')}`;
}

/**
 * Word-wraps text to `max` columns; long words (SQL identifiers, URLs) are broken hard. Keeps
 * the text's own line breaks and leading indentation, so SQL stays readable.
 */
export function wrap(text: string, max: number): string[] {
  const limit = Math.max(1, max);
  const out: string[] = [];
  for (const raw of text.replace(/\r/g, '').replace(/\t/g, '  ').split('\n')) {
    if (width(raw) <= limit) {
      out.push(raw);
      continue;
    }
    const indent = /^ */.exec(raw)?.[0] ?? '';
    const hang = indent.length <= limit / 2 ? indent : '';
    let line = indent.length <= limit / 2 ? indent : '';
    let empty = true;
    for (const word of raw.slice(indent.length).split(' ')) {
      const candidate = empty ? line + word : `${line} ${word}`;
      if (width(candidate) <= limit) {
        line = candidate;
        empty = false;
        continue;
      }
      if (!empty) {
        out.push(line);
        line = hang;
      }
      let rest = word;
      while (width(line + rest) > limit) {
        const room = limit - width(line);
        const chars = [...rest];
        out.push(line + chars.slice(0, room).join(''));
        rest = chars.slice(room).join('');
        line = hang;
      }
      line += rest;
      empty = rest === '';
    }
    if (line.trim() !== '') out.push(line);
  }
  return out;
}

/** "public.sync_progress.org_id" → "sync_progress.org_id": the public schema goes without saying. */
export const shortObject = (object: string): string => object.replace(/^public\./, '');

const ASCII_FALLBACK: Record<string, string> = {
  '→': '->',
  '←': '<-',
  '↑': '^',
  '↓': 'v',
  '·': '-',
  '…': '...',
  '—': '-',
  '–': '-',
  '’': "'",
  '‘': "'",
  '“': '"',
  '”': '"',
  '✓': '[ok]',
  '✗': '[FAIL]',
  '⊘': '[blocked]',
  '×': 'x',
  '≥': '>=',
  '≤': '<=',
};

/** For a terminal without Unicode (TERM=vt100, dumb): what the data itself carries (arrows, quotes) in ASCII. */
export function toAscii(text: string): string {
  return text.replace(/[^\x00-\x7f]/gu, (c) => ASCII_FALLBACK[c] ?? '?');
}
