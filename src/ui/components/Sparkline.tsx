/**
 * A sparkline of values over time: "▁▂▄▆█▇▅" (or "._-=+*#" in ASCII). Samples carry their time,
 * so the line spans the whole period evenly even when samples are irregular (a reconnect leaves
 * a gap, drawn as a blank).
 */
import { Text } from 'ink';
import type { Theme } from '../theme.js';

export interface TimedValue {
  readonly at: number;
  readonly perMin: number;
}

const UNICODE_LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII_LEVELS = ['_', '.', '-', '~', '=', '+', '*', '#'];

/** The values averaged into `width` equal time buckets from the first sample to the last; null where no sample fell. */
export function buckets(samples: readonly TimedValue[], width: number): Array<number | null> {
  const cells = Math.max(0, Math.floor(width));
  if (samples.length === 0 || cells === 0) return [];
  if (samples.length <= cells) return samples.map((s) => s.perMin);
  const first = samples[0]!.at;
  const span = Math.max(1, samples[samples.length - 1]!.at - first);
  const sums = new Array<number>(cells).fill(0);
  const counts = new Array<number>(cells).fill(0);
  for (const sample of samples) {
    const index = Math.min(cells - 1, Math.floor(((sample.at - first) / span) * cells));
    sums[index]! += sample.perMin;
    counts[index]! += 1;
  }
  return sums.map((sum, i) => (counts[i]! > 0 ? sum / counts[i]! : null));
}

/** One character per bucket, scaled from zero to the largest value. All zero: the lowest level throughout. */
export function sparkline(samples: readonly TimedValue[], width: number, theme: Theme): string {
  const levels = theme.unicode ? UNICODE_LEVELS : ASCII_LEVELS;
  const values = buckets(samples, width);
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  return values
    .map((v) => {
      if (v === null) return ' ';
      if (max <= 0) return levels[0]!;
      return levels[Math.min(levels.length - 1, Math.round((v / max) * (levels.length - 1)))]!;
    })
    .join('');
}

type Properties = {
  readonly samples: readonly TimedValue[];
  readonly width: number;
  readonly theme: Theme;
};

export function Sparkline({ samples, width, theme }: Properties) {
  return <Text>{sparkline(samples, width, theme)}</Text>;
}
