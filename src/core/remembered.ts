/**
 * Speed trick, measured by test/bench/verify-all.ts: a text function's results, kept by input.
 *
 * `verify --all` judges every environment against one intended state, and a fleet's databases
 * print mostly the same definitions, so the checks normalize the same SQL text again and again
 * (about 40% of their time over 50 environments). A pure function of a string is worth keeping.
 * Bounded: past MAX_ENTRIES a cache starts over, so a huge catalog cannot grow it without end.
 */

const MAX_ENTRIES = 20_000;

/** `fn`, answering an input it has seen from memory. `fn` must be pure. */
export function remembered(fn: (text: string) => string): (text: string) => string {
  const results = new Map<string, string>();
  return (text) => {
    const known = results.get(text);
    if (known !== undefined) return known;
    const result = fn(text);
    if (results.size >= MAX_ENTRIES) results.clear();
    results.set(text, result);
    return result;
  };
}
