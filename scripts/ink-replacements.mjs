/**
 * Ink's build files this project replaces with its own (each of ours says why at its top). The
 * bundle takes them (scripts/build.mjs), and so do the benchmarks that render in process, through
 * `resolve` (a hook for node:module's register): they then draw as the binary does.
 */
export const INK_REPLACEMENTS = {
  /** Ink's text measure, with its cache bounded. */
  'measure-text.js': 'scripts/ink-measure-text.js',
  /** Ink's frame to text, with caches that outlive a frame and without the work that changes nothing (issue 25). */
  'output.js': 'scripts/ink-output.js',
};

const INK_BUILD_FILE = /[\\/]ink[\\/]build[\\/]([\w-]+\.js)$/;

/** Module resolution hook: a replaced file of Ink's build resolves to ours. */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const file = INK_BUILD_FILE.exec(resolved.url)?.[1];
  if (file === undefined || !Object.hasOwn(INK_REPLACEMENTS, file)) return resolved;
  return { ...resolved, url: new URL(`../${INK_REPLACEMENTS[file]}`, import.meta.url).href };
}
