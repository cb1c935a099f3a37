/** Pure helpers for numbers next to nouns in text output. */

/** "1 row", "7 rows", "1 entry" / "2 entries": the number with its noun in the form the number takes. */
export const count = (n: number, singular: string, plural = `${singular}s`): string =>
  `${n} ${n === 1 ? singular : plural}`;
