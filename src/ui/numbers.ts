/**
 * Numbers as the Monitor and Health screens print them: compact counts that keep a column's
 * width ("12.3k", "1.25M"), grouped exact counts ("12,345"), sizes and ages. Pure.
 */

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [1e3, 'k'],
  [1e6, 'M'],
  [1e9, 'G'],
  [1e12, 'T'],
];

/** Three significant digits, trailing zeros of the fraction dropped: 1.20 → "1.2", 12.0 → "12". */
const significant = (x: number): string => {
  const text = x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : String(Math.round(x));
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
};

/** At most 5 characters for any count under 1,000 T: 9999, 12.3k, 123k, 1.23M, 12.3M, 123M, 1.23G. */
export function compact(value: number): string {
  const n = Math.round(value);
  if (!Number.isFinite(n)) return '?';
  if (n < 0) return `-${compact(-n)}`;
  if (n < 10_000) return String(n);
  let unit = UNITS.findLastIndex(([size]) => n >= size);
  let text = significant(n / UNITS[unit]![0]);
  // 999,960 would print as "1000k": that is "1M".
  if (Number(text) >= 1000 && unit < UNITS.length - 1) {
    unit++;
    text = significant(n / UNITS[unit]![0]);
  }
  return `${text}${UNITS[unit]![1]}`;
}

/** 12345 → "12,345" */
export const grouped = (value: number): string => Math.round(value).toLocaleString('en-US');

/** Bytes as the health command prints them: kB below a megabyte, then MB, then GB. */
export function bytes(value: number): string {
  if (value >= 1 << 30) return `${(value / (1 << 30)).toFixed(1)} GB`;
  if (value >= 1 << 20) return `${(value / (1 << 20)).toFixed(1)} MB`;
  return `${Math.round(value / 1024)} kB`;
}

/** 0.9834 → "98.3 %", null → "—" (or "-" in ASCII) */
export const percent = (value: number | null, none = '—'): string =>
  value === null ? none : `${(value * 100).toFixed(1)} %`;
