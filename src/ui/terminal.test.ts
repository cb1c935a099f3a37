/** What reaches the terminal: line diffs, clipping, the stream Ink writes to. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { osc52 } from './clipboard.js';
import { clipLine, diffedStream, ScreenDiff } from './terminal.js';

const size = { columns: 20, rows: 6 };
const diff = () => new ScreenDiff(() => size);

describe('ScreenDiff', () => {
  it('draws the first frame whole from the top left, erasing what is below', () => {
    expect(diff().update('one\ntwo\n')).toBe('\u001b[Hone\u001b[K\r\ntwo\u001b[K\u001b[J');
  });

  it('then sends only the lines that changed, each at its row', () => {
    const screen = diff();
    screen.update('a\nb\nc\nd\n');
    expect(screen.update('a\nB\nc\nD\n')).toBe('\u001b[2;1HB\u001b[K\u001b[4;1HD\u001b[K');
    expect(screen.update('a\nB\nX\nY\n')).toBe('\u001b[3;1HX\u001b[K\r\nY\u001b[K');
    expect(screen.update('a\nB\nX\nY\n')).toBe('');
    expect(screen.update('a\nB\n')).toBe('\u001b[3;1H\u001b[J');
  });

  it('never writes the last row or past the last column, and never erases a full row', () => {
    const screen = diff();
    const frame = Array.from({ length: 9 }, (_, i) => `${i}`.repeat(30)).join('\n');
    const out = screen.update(frame);
    expect(out.split('\r\n')).toHaveLength(size.rows - 1);
    expect(out).toContain('0'.repeat(20));
    expect(out).not.toContain('0'.repeat(21));
    expect(out).not.toContain('\u001b[K');
  });

  it('repaints everything after invalidate() and on repaint()', () => {
    const screen = diff();
    screen.update('a\nb\n');
    expect(screen.repaint()).toBe('\u001b[Ha\u001b[K\r\nb\u001b[K\u001b[J');
    screen.invalidate();
    expect(screen.update('a\nb\n')).toBe('\u001b[Ha\u001b[K\r\nb\u001b[K\u001b[J');
  });

  it('clips by visible columns, keeping escape sequences whole and resetting a cut style', () => {
    expect(clipLine('\u001b[31mred text\u001b[39m', 3)).toEqual({ text: '\u001b[31mred\u001b[39m\u001b[0m', width: 3 });
    expect(clipLine('✓ ok', 10)).toEqual({ text: '✓ ok', width: 4 });
  });
});

describe('the stream Ink writes to', () => {
  class Sink extends EventEmitter {
    written: string[] = [];
    columns = 20;
    rows = 6;
    isTTY = true;
    write(chunk: string, callback?: () => void) {
      this.written.push(chunk);
      callback?.();
      return true;
    }
  }

  it('turns Ink frames into line diffs and lets everything else through', () => {
    const sink = new Sink();
    const stream = diffedStream(sink as unknown as NodeJS.WriteStream, new ScreenDiff(() => sink));
    stream.write('\u001b[?25l');
    stream.write('one\ntwo\n');
    stream.write('\u001b[2K\u001b[1A\u001b[2K\u001b[1A\u001b[2K\u001b[Gone\nTWO\n');
    stream.write(osc52('SELECT 1;'));
    expect(sink.written).toEqual([
      '\u001b[?25l',
      '\u001b[Hone\u001b[K\r\ntwo\u001b[K\u001b[J',
      '\u001b[2;1HTWO\u001b[K',
      osc52('SELECT 1;'),
    ]);
    expect(stream.columns).toBe(20);
    expect(stream.isTTY).toBe(true);
  });

  it('draws whole again after Ink cleared the terminal', () => {
    const sink = new Sink();
    const stream = diffedStream(sink as unknown as NodeJS.WriteStream, new ScreenDiff(() => sink));
    stream.write('a\nb\n');
    stream.write('\u001b[2J\u001b[3J\u001b[Ha\nb\n');
    expect(sink.written.at(-1)).toBe('\u001b[Ha\u001b[K\r\nb\u001b[K\u001b[J');
  });
});
