import { describe, expect, it } from 'vitest';

interface BoundedMeasure {
  readonly default: (text: string) => { width: number; height: number };
  readonly cachedTexts: () => number;
  readonly LIMIT: number;
}
// The module scripts/build.mjs puts in the bundle in place of ink/build/measure-text.js.
const bounded = (await import('../../scripts/ink-measure-text.js' as string)) as BoundedMeasure;

describe("Ink's text measure, bounded (the bundle's)", () => {
  it('measures as Ink does: widest line, line count, styles not counted', () => {
    expect(bounded.default('')).toEqual({ width: 0, height: 0 });
    expect(bounded.default('abc\nde')).toEqual({ width: 3, height: 2 });
    expect(bounded.default('\u001b[32m█░░\u001b[39m · x')).toEqual({ width: 7, height: 1 });
  });

  it('keeps at most LIMIT texts however many distinct lines a long session draws', () => {
    for (let i = 0; i < bounded.LIMIT * 3 + 5; i++) bounded.default(`sync ${i} eta ${i % 97}s`);
    expect(bounded.cachedTexts()).toBeGreaterThan(0);
    expect(bounded.cachedTexts()).toBeLessThanOrEqual(bounded.LIMIT);
  });
});
