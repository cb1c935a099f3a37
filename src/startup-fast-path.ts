/**
 * The start-up fast path (issue 25: the first answer, over SSH or across a region, about as soon
 * as psql's). What is here changes no result, only when work is done or how many round trips it
 * takes, and each entry says why. Benchmark: test/bench/startup.ts (`npm run bench startup`:
 * verify --json against `node -e 0`, and through a proxy adding 100 ms of round trip against
 * `psql -c 'select 1'`), whose breakdown shows the phase each entry shortens. The build's part (pg's
 * Cloudflare probe) is scripts/startup-fast-path.mjs. Also here, issue 25's other speed tricks, each
 * naming its own benchmark: the TLS context shared by connections, the checks rehearsed while
 * verify waits for its server, the young generation collected while the Watcher waits for its
 * server, and the heap's growth in a headless watch.
 */

import { createRequire } from 'node:module';
import type { SecureContext, SecureContextOptions } from 'node:tls';

/**
 * Node's own modules that only some runs use (TLS, V8's flags, contexts), loaded when first used:
 * loading them with this module would put them before the first frame (node:tls alone, 4-8 ms).
 */
const requireWhenUsed = createRequire(import.meta.url);

/**
 * The TLS key share offered first is P-256's. PostgreSQL up to 17 accepts one group by default
 * (ssl_ecdh_curve = prime256v1): a client that leads with X25519, as Node and libpq do, is sent a
 * HelloRetryRequest, one more round trip before the first query. Both stay offered; the server
 * still chooses (a pooler or proxy that prefers X25519 gets it).
 */
export const TLS_KEY_SHARE_GROUPS = 'P-256:X25519:P-384';

/**
 * TLS that encrypts without verifying the server (sslmode=prefer or require without a root
 * certificate, as libpq) is given an empty list of certificate authorities. Without one, Node
 * builds its store of ~140 bundled root certificates for the connection's context, 80-160 ms on
 * first use (OpenSSL 3 parses each), only for a chain nobody checks. A context that verifies
 * (verify-ca, verify-full, require with sslrootcert) keeps its roots.
 */
export const UNVERIFIED_TLS_AUTHORITIES: readonly string[] = [];

const tlsContexts = new Map<string, SecureContext>();
/** Options a connection reads for itself (how it judges the server), not its context. */
const CONNECTION_OPTIONS = new Set(['rejectUnauthorized', 'checkServerIdentity', 'servername', 'secureContext']);
/** An option's value as a key: bytes as base64, so two different files never read as one. */
const asKey = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(asKey)
    : Buffer.isBuffer(value)
      ? value.toString('base64')
      : value === undefined
        ? null
        : String(value);

/**
 * One TLS context for every connection made with the same context options (authorities, client
 * certificate and key, key share groups: every option but those the connection reads itself):
 * Node otherwise builds one per connection, about a millisecond of CPU each, and verify --all
 * opens a hundred (test/bench/verify-all.ts). The options that judge a server
 * (rejectUnauthorized, checkServerIdentity) stay the connection's.
 */
export function sharedTlsContext(options: SecureContextOptions): SecureContext {
  const key = JSON.stringify(
    Object.entries(options)
      .filter(([name]) => !CONNECTION_OPTIONS.has(name))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => [name, asKey(value)]),
  );
  let context = tlsContexts.get(key);
  if (!context) {
    const { createSecureContext } = requireWhenUsed('node:tls') as typeof import('node:tls');
    context = createSecureContext(options);
    tlsContexts.set(key, context);
  }
  return context;
}

interface EndingConnection {
  end(): unknown;
  readonly stream: { once(event: 'finish', listener: () => void): unknown; destroy(): void };
}

/**
 * A session that ends closes its socket once its Terminate message and end of stream have left,
 * without waiting for the server's own goodbye: node-postgres waits for it, one more round trip
 * before the process can exit (psql does not wait either). Nothing is outstanding by then: a
 * write's COMMIT or ROLLBACK was answered before the session ends.
 */
export function closeWithoutWaitingForGoodbye(connection: EndingConnection): void {
  const end = connection.end.bind(connection);
  connection.end = () => {
    const stream = connection.stream;
    stream.once('finish', () => stream.destroy());
    return end();
  };
}

/**
 * While verify waits for its servers (connect, TLS, authentication, the catalog query: tens of
 * milliseconds on loopback, hundreds across a region), the process would sit idle and then do its
 * own work after the answer. `prepare` (the manifest and templates) runs in that wait instead,
 * after one turn of the event loop, so the connections are on their way first. (So does ICU's
 * collation, 10-30 ms, in a locale where the findings' sort needs it: src/core/collation.ts.)
 */
export async function prepareWhileServersAnswer<T>(prepare: () => T): Promise<T> {
  await new Promise((resolve) => setImmediate(resolve));
  return prepare();
}

let checksRehearsed = false;

/**
 * A process's first run of the checks is mostly V8 compiling them: 20-30 ms cold, 4-5 ms warm, on
 * the critical path between the IS-SOH answer and the verdict (test/bench/startup.ts's "checks"
 * phase, test/bench/ui.ts's verdict). So while that answer is still at the server, verify runs them
 * once on a stand-in (the intended state, as a snapshot) and throws the findings away: the real run
 * then finds its code compiled. Once per process (verify --all's other environments find it warm);
 * not when the answer is already in, where it would only hold the answer up. A rehearsal that
 * throws is ignored: no finding comes from it, and test/db/verify-rehearsal.test.ts holds that
 * it runs clean on the built-in manifest and on a migration set's.
 */
export function rehearseChecksOnce(rehearse: () => unknown, answered: () => boolean): void {
  if (checksRehearsed || answered()) return;
  checksRehearsed = true;
  try {
    rehearse();
  } catch {
    // only the warm-up is lost
  }
}

let collectGarbage: ((options: { type: 'minor' }) => void) | null | undefined;

/**
 * Collects V8's young generation now (a scavenge, 2-5 ms at 10,000 syncs). The Watcher calls it
 * while its tick query is at the server: a tick's work (the rows parsed, the reducer, the views,
 * Ink's frame: 7-10 MB at 10,000 syncs) then starts with an empty young generation and is not
 * interrupted by one, which V8 would otherwise run every other tick, in the middle of the reducer
 * or the render (test/bench/monitor-ui.ts: at 10,000 syncs the whole tick's p95 went from 30.8 to
 * 22.1 ms, both with stock Ink). V8 offers the collection only as the `gc` of a context made after
 * --expose-gc is set; where that is refused, nothing is done.
 */
export function collectYoungGarbage(): void {
  if (collectGarbage === undefined) {
    try {
      (requireWhenUsed('node:v8') as typeof import('node:v8')).setFlagsFromString('--expose-gc');
      const { runInNewContext } = requireWhenUsed('node:vm') as typeof import('node:vm');
      collectGarbage = runInNewContext('gc') as (options: { type: 'minor' }) => void;
    } catch {
      collectGarbage = null;
    }
  }
  collectGarbage?.({ type: 'minor' });
}

/**
 * How far V8 lets the old generation grow past what its last full collection kept before it
 * starts the next one (incrementally, as always), in percent. Left to itself V8 chooses 10-300%:
 * at 100,000 syncs a tick keeps about 60 MB and promotes 11 MB more, V8 let the heap reach
 * 170-200 MB, and `watch` held 268-308 MB after 25 ticks (test/bench/watch-100k.ts, target
 * < 250 MB). At 30%: 227-240 MB, each full collection's pause 5-25 ms.
 */
const HEAP_GROWTH_PERCENT = 30;

/**
 * A headless `watch`, which may run for days, holds close to what it keeps rather than what V8
 * would let it reach. Not the app: its Monitor's frames would share their 20 ms with the more
 * frequent full collections (test/bench/monitor-ui.ts: at 10,000 syncs the whole tick's p95 went
 * from 17 to 36 ms). V8 reads the growth from a flag at each collection; where setting it is
 * refused, V8 keeps its own.
 */
export function limitHeapGrowth(): void {
  try {
    (requireWhenUsed('node:v8') as typeof import('node:v8')).setFlagsFromString(
      `--heap-growing-percent=${HEAP_GROWTH_PERCENT}`,
    );
  } catch {
    // V8 keeps its own growth
  }
}
