/** Reading the Monitor screen as a person would: counts on a sync's line, and waiting for them to move. */

/** "12.3k" → 12300 */
export function fromCompact(text: string): number {
  const m = /^([\d.]+)([kMG]?)$/.exec(text);
  if (!m) throw new Error(`not a count: ${text}`);
  return Number(m[1]) * ({ '': 1, k: 1e3, M: 1e6, G: 1e9 } as Record<string, number>)[m[2]!]!;
}

/**
 * The processed count on a sync's row (DONE/FAILED/TOTAL), or null while it is not on the screen.
 * `syncId` may be the start of the id: narrow columns cut long ids in the middle ("odoo-…ghtly"), keeping their start.
 */
export function processedOf(screen: string, syncId: string): number | null {
  const line = screen.split('\n').find((l) => new RegExp(`^. \\S.* ${syncId}\\S* `).test(l));
  const counts = line ? /(\S+)\/(\S+)\/(\S+) /.exec(line) : null;
  return counts ? fromCompact(counts[1]!) : null;
}

/** Resolves with the screen once `ready(screen)` holds; rejects with the last screen after `timeoutMs`. */
export function screenWhere(
  screen: () => string,
  ready: (screen: string) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const poll = () => {
      const current = screen();
      if (ready(current)) return resolve(current);
      if (Date.now() > deadline) return reject(new Error(`${what} never happened:\n${current}`));
      setTimeout(poll, 50);
    };
    poll();
  });
}
