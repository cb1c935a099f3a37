/**
 * Hot path, measured by test/bench/watch-100k.ts (peak RSS of `watch` at 100,000 syncs) and
 * test/bench/monitor-ui.ts (the app's frame at 100,000 syncs).
 *
 * A state is never changed once made: each tick copies the arrays of the state before and writes
 * the syncs that changed. At 100,000 syncs those copies are 8.8 MB of numbers, 2.4 MB of clocked
 * values and two arrays of 0.8 MB, every tick. Each lives two ticks (as the state, then as the
 * `previous` of the next), long enough for V8 to move it to the old generation, which it empties
 * only at a full collection: between two, `watch`'s RSS grew by those 13 MB a tick, and the full
 * collection that followed landed in the app's frame.
 *
 * So the Watcher, which alone knows which states nobody reads any more, hands reduce() and
 * computeViews() its `spare`: the state two ticks back (the screens and the CLI have the newest
 * one, computeViews the one before). Its arrays are written over instead of new ones being made.
 * Everyone else passes no spare and gets new arrays, as before.
 */

/** `source` copied into `spare` when it has the same length (and is another array); else a new copy. */
export function copiedInto(source: Float64Array, spare: Float64Array | undefined): Float64Array {
  if (spare === undefined || spare === source || spare.length !== source.length) return source.slice();
  spare.set(source);
  return spare;
}

/** As copiedInto, for an array of values. */
export function listCopiedInto<T>(source: readonly T[], spare: readonly T[] | undefined): T[] {
  if (spare === undefined || spare === source || spare.length !== source.length) return source.slice();
  // The spare is the caller's to write over (see above); readonly only to everyone else.
  const list = spare as T[];
  for (let i = 0; i < source.length; i++) list[i] = source[i]!;
  return list;
}

/** A typed array of `length` for values all written afresh: `spare` when it fits, else a new one. */
export const freshOrSpare = (length: number, spare: Float64Array | undefined): Float64Array =>
  spare !== undefined && spare.length === length ? spare : new Float64Array(length);
