// Replaces ink/build/output.js in the bundle (scripts/build.mjs). Ink turns every frame into text
// here, and that was the app's largest cost while it starts (issue 25: a third of its CPU before
// the verdict is on screen, in a profile of the built binary): each frame it built 80x24 cell
// objects, re-tokenized every line it had already seen (its caches lived one frame), cut every line
// inside an overflow="hidden" box with slice-ansi even when nothing was cut, and diffed the styles
// of every cell. Same output, byte for byte (test/ui/ink-output.test.ts holds it against Ink's):
// - the caches outlive a frame (bounded, started afresh at LIMIT entries, as ink-measure-text.js);
// - a line within its clip is not cut;
// - a row is text made once from what is written in it (position and line), and reused while the
//   same is written; rows nothing is written in are empty;
// - neighbouring cells with the same styles are not diffed (the diff of equal styles is empty).
import { ansiCodesToString, diffAnsiCodes, styledCharsFromTokens, tokenize } from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';

export const LIMIT = 2000;

/** A Map that starts afresh once it holds LIMIT entries: a long session draws ever new lines (ages, ETAs). */
class BoundedCache {
  map = new Map();
  get(key) {
    return this.map.get(key);
  }
  set(key, value) {
    if (this.map.size >= LIMIT) this.map = new Map();
    this.map.set(key, value);
    return value;
  }
  get size() {
    return this.map.size;
  }
}

const widths = new BoundedCache();
const blockWidths = new BoundedCache();
const styledChars = new BoundedCache();
const rows = new BoundedCache();

const widthOf = (text) => widths.get(text) ?? widths.set(text, stringWidth(text));

function widestLine(text) {
  let cached = blockWidths.get(text);
  if (cached === undefined) {
    cached = 0;
    for (const line of text.split('\n')) cached = Math.max(cached, widthOf(line));
    blockWidths.set(text, cached);
  }
  return cached;
}

const charsOf = (line) => styledChars.get(line) ?? styledChars.set(line, styledCharsFromTokens(tokenize(line)));

/** How many lines, widths and rows the caches hold (for the test that checks the bound). */
export const cachedEntries = () => widths.size + blockWidths.size + styledChars.size + rows.size;

const sameStyles = (a, b) => {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].code !== b[i].code) return false;
  return true;
};

/** @alcalzone/ansi-tokenize's styledCharsToString, without diffing cells whose styles are the same. */
function charsToString(chars) {
  let text = '';
  let previous = null;
  for (const char of chars) {
    if (previous === null) text += ansiCodesToString(char.styles);
    else if (!sameStyles(previous.styles, char.styles))
      text += ansiCodesToString(diffAnsiCodes(previous.styles, char.styles));
    text += char.value;
    previous = char;
  }
  if (previous !== null) text += ansiCodesToString(diffAnsiCodes(previous.styles, []));
  return text;
}

/** One row from its writes (x, line) in order, as Ink fills its grid of cells. */
function rowText(width, writes) {
  const cells = [];
  for (let x = 0; x < width; x++) cells.push({ type: 'char', value: ' ', fullWidth: false, styles: [] });
  for (const { x, line } of writes) {
    let offsetX = x;
    for (const character of charsOf(line)) {
      cells[offsetX] = character;
      // the printed width, as the text was measured
      const characterWidth = Math.max(1, widthOf(character.value));
      // a wide character's following cells are cleared, so no stray space is drawn
      for (let index = 1; index < characterWidth; index++)
        cells[offsetX + index] = { type: 'char', value: '', fullWidth: false, styles: character.styles };
      offsetX += characterWidth;
    }
  }
  return charsToString(cells.filter((cell) => cell !== undefined)).trimEnd();
}

export default class Output {
  width;
  height;
  operations = [];
  constructor(options) {
    const { width, height } = options;
    this.width = width;
    this.height = height;
  }
  write(x, y, text, options) {
    const { transformers } = options;
    if (!text) return;
    this.operations.push({ type: 'write', x, y, text, transformers });
  }
  clip(clip) {
    this.operations.push({ type: 'clip', clip });
  }
  unclip() {
    this.operations.push({ type: 'unclip' });
  }
  get() {
    // What each row is given, in order; a row keeps its place even when nothing is written in it.
    const written = [];
    for (let y = 0; y < this.height; y++) written.push(null);
    const clips = [];
    for (const operation of this.operations) {
      if (operation.type === 'clip') clips.push(operation.clip);
      if (operation.type === 'unclip') clips.pop();
      if (operation.type !== 'write') continue;
      const { text, transformers } = operation;
      let { x, y } = operation;
      let lines = text.split('\n');
      const clip = clips.at(-1);
      if (clip) {
        const clipHorizontally = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
        const clipVertically = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
        // text outside the clip altogether is skipped
        if (clipHorizontally) {
          const width = widestLine(text);
          if (x + width < clip.x1 || x > clip.x2) continue;
        }
        if (clipVertically) {
          const height = lines.length;
          if (y + height < clip.y1 || y > clip.y2) continue;
        }
        if (clipHorizontally) {
          lines = lines.map((line) => {
            const from = x < clip.x1 ? clip.x1 - x : 0;
            const width = widthOf(line);
            const to = x + width > clip.x2 ? clip.x2 - x : width;
            return from === 0 && to === width ? line : sliceAnsi(line, from, to);
          });
          if (x < clip.x1) x = clip.x1;
        }
        if (clipVertically) {
          const from = y < clip.y1 ? clip.y1 - y : 0;
          const height = lines.length;
          const to = y + height > clip.y2 ? clip.y2 - y : height;
          lines = lines.slice(from, to);
          if (y < clip.y1) y = clip.y1;
        }
      }
      let offsetY = 0;
      for (let [index, line] of lines.entries()) {
        // as Ink: a line outside the output is not drawn, nor are the lines after it
        if (written[y + offsetY] === undefined) continue;
        for (const transformer of transformers) line = transformer(line, index);
        const row = y + offsetY;
        written[row] ??= [];
        written[row].push({ x, line });
        offsetY++;
      }
    }
    const output = written
      .map((writes) => {
        if (writes === null) return '';
        const key = `${this.width}\u0000${writes.map((w) => `${w.x}\u0001${w.line}`).join('\u0002')}`;
        return rows.get(key) ?? rows.set(key, rowText(this.width, writes));
      })
      .join('\n');
    return { output, height: written.length };
  }
}
