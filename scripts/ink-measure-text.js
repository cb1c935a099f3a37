// Replaces ink/build/measure-text.js in the bundle (scripts/build.mjs). Ink caches the size of
// every text it has ever measured in a module-level Map that is never emptied; the Monitor draws
// new lines on every tick (ages, ETAs), so a session left open for a day would keep a million of
// them (about 130 MB). Same measure, same cache, but started afresh once it holds LIMIT texts.
import widestLine from 'widest-line';

export const LIMIT = 2000;
let cache = new Map();

const measureText = (text) => {
  if (text.length === 0) return { width: 0, height: 0 };
  const cached = cache.get(text);
  if (cached) return cached;
  const dimensions = { width: widestLine(text), height: text.split('\n').length };
  if (cache.size >= LIMIT) cache = new Map();
  cache.set(text, dimensions);
  return dimensions;
};

/** How many texts the cache holds (for the test that checks the bound). */
export const cachedTexts = () => cache.size;

export default measureText;
