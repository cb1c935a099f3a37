/**
 * Where the time to the first answer goes: performance marks named `mantis:<phase>` (main, handler
 * loaded, the app's code loaded, connected, query done, checks done), which npm run bench reads (test/helpers/phases.ts) to
 * split start-up into process start, module loading, connect, query, checks and first output.
 * Each phase is marked once, at its first occurrence, so a long-running app keeps no growing timeline.
 */
const marked = new Set<string>();

export function markStartup(phase: string): void {
  if (marked.has(phase)) return;
  marked.add(phase);
  performance.mark(`mantis:${phase}`);
}
