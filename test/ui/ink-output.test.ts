import { styleText } from 'node:util';
import { describe, expect, it } from 'vitest';

interface OutputClass {
  new (options: {
    width: number;
    height: number;
  }): {
    write(
      x: number,
      y: number,
      text: string,
      options: { transformers: Array<(line: string, index: number) => string> },
    ): void;
    clip(clip: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
    unclip(): void;
    get(): { output: string; height: number };
  };
}
// Ink's own, and the module scripts/build.mjs puts in the bundle in its place.
const ink = (await import('../../node_modules/ink/build/output.js' as string)).default as OutputClass;
const ours = (await import('../../scripts/ink-output.js' as string)) as {
  default: OutputClass;
  cachedEntries: () => number;
  LIMIT: number;
};

/** Styles as Ink's Text writes them (SGR sequences), nested as given, whatever the test's output is. */
const style = (formats: Parameters<typeof styleText>[0], text: string) =>
  styleText(formats, text, { validateStream: false });
const TEXTS = [
  'plain text',
  'IS-SOH  ✓ read in 412 ms · round trip 3.1 ms',
  `${style('bold', 'Verification  ')}${style('green', '✓ 41 pass  ')}${style(['red', 'bold'], '✗ 3 fail  ')}`,
  `${style('dim', 'dim ')}${style('bold', 'bold ')}${style(['dim', 'bold'], 'both')} none`,
  `${style(['bgBlue', 'white'], ' 1 Overview ')}  2 Checklist`,
  `\u001b[38;2;255;136;0morange\u001b[39m\u001b[38;5;33m 256 \u001b[39m${style('inverse', 'inv')}`,
  `${style('bold', `outer ${style('italic', 'inner')} outer`)} after`,
  '漢字とかなの幅 wide',
  '👍🏽 emoji 🇫🇷 flags',
  `${style('cyan', '⠋')} connecting and reading the catalog…`,
  `${style('red', 'a')}${style('red', 'b')}${style(['underline', 'red'], 'c')}`,
  `line one\nline two is longer\n${style('yellow', 'line three')}`,
  '\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007 after',
  '',
];
const upper = (line: string) => line.toUpperCase();
const numbered = (line: string, index: number) => `${index}:${line}`;

/** A seeded sequence of frames: writes, clips and transformers at many places, some outside the output. */
function* frames(seed: number, count: number) {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  for (let frame = 0; frame < count; frame++) {
    const width = [80, 40, 120, 0][next(4)]!;
    const height = [24, 10, 3][next(3)]!;
    const ops: Array<(o: InstanceType<OutputClass>) => void> = [];
    let depth = 0;
    for (let op = 0; op < 14; op++) {
      const kind = next(6);
      if (kind === 0) {
        const clip = [
          { x1: next(10), x2: 20 + next(70), y1: next(5), y2: 5 + next(20) },
          { y1: next(5), y2: 5 + next(20) },
          { x1: next(30), x2: 30 + next(20) },
        ][next(3)]!;
        ops.push((o) => o.clip(clip));
        depth++;
      } else if (kind === 1 && depth > 0) {
        ops.push((o) => o.unclip());
        depth--;
      } else {
        const text = TEXTS[next(TEXTS.length)]!;
        const x = next(90) - 5;
        const y = next(30) - 3;
        const transformers = [[], [upper], [numbered, upper]][next(3)]!;
        ops.push((o) => o.write(x, y, text, { transformers }));
      }
    }
    yield { width, height, ops };
  }
}

describe("Ink's output, made faster (the bundle's)", () => {
  it("draws every frame byte for byte as Ink's own, again and again (cached)", () => {
    for (const { width, height, ops } of frames(7, 400)) {
      const expected = new ink({ width, height });
      const actual = new ours.default({ width, height });
      for (const op of ops) {
        op(expected);
        op(actual);
      }
      const want = expected.get();
      expect(actual.get()).toEqual(want);
      // the same frame again, from the caches
      const again = new ours.default({ width, height });
      for (const op of ops) op(again);
      expect(again.get()).toEqual(want);
    }
  });

  it('keeps its caches bounded however many distinct lines a long session draws', () => {
    for (let i = 0; i < ours.LIMIT * 3; i++) {
      const output = new ours.default({ width: 80, height: 2 });
      output.write(0, 0, `sync ${i} eta ${i % 97}s`, { transformers: [] });
      output.get();
    }
    expect(ours.cachedEntries()).toBeLessThanOrEqual(4 * ours.LIMIT);
  });
});

describe("the benchmarks' Ink (scripts/ink-replacements.mjs)", () => {
  const hooks = import('../../scripts/ink-replacements.mjs' as string) as Promise<{
    resolve: (
      specifier: string,
      context: object,
      next: (specifier: string, context: object) => Promise<{ url: string }>,
    ) => Promise<{ url: string }>;
  }>;
  const resolvedAs = async (url: string) => (await (await hooks).resolve('x', {}, async () => ({ url }))).url;

  it('resolves each Ink build file the bundle replaces to ours, and any other file as it was', async () => {
    const ink = 'file:///app/node_modules/ink/build/';
    expect(await resolvedAs(`${ink}output.js`)).toMatch(/\/scripts\/ink-output\.js$/);
    expect(await resolvedAs(`${ink}measure-text.js`)).toMatch(/\/scripts\/ink-measure-text\.js$/);
    expect(await resolvedAs(`${ink}renderer.js`)).toBe(`${ink}renderer.js`);
    expect(await resolvedAs('file:///app/src/output.js')).toBe('file:///app/src/output.js');
  });
});
