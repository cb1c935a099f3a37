/** Pure helpers for numbers next to nouns in text output. */

/** "1 row", "7 rows", "1 entry" / "2 entries": the number with its noun in the form the number takes. */
export const count = (n: number, singular: string, plural = `${singular}s`): string =>
  `${n} ${n === 1 ? singular : plural}`;

/**
 * 12345 → "12,345": an integer with its thousands grouped, as en-US writes it, without ICU (whose
 * number formats cost 10-30 ms to load on first use; verify's checks should not wait for them).
 */
export const groupDigits = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
