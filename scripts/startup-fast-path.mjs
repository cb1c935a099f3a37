/**
 * The start-up fast path: build-time changes to dependencies whose only purpose is a faster start
 * (issue 25: `verify --json` within 2× of `node -e 0`). Each is fenced here with its reason; its
 * benchmark is test/bench/startup.ts (npm run bench startup), whose breakdown shows the module
 * loading it saves. The build fails if a dependency no longer has what is changed, rather than
 * quietly ship the slow path or a wrong one.
 *
 * pg's Cloudflare probe. node-postgres (lib/stream.js) asks at load whether it runs in a Cloudflare
 * Worker: on Node 20, which has no `navigator`, it evaluates `typeof Response` and builds a
 * `new Response(...)`, and that global is Node's lazily loaded fetch implementation (undici, with
 * http2 and the rest): 15-35 ms of loading for a program that never fetches. Our bundle is for
 * Node alone (platform: 'node'), so the probe's answer is known when we build: no.
 *
 * yoga-layout's WebAssembly loader (the app's layout engine, Ink's). Its embedded binary is a
 * base64 data: URI, which the loader fetches with `fetch` whenever `typeof fetch` is a function: on
 * Node, that loads undici (15-35 ms) before the app's first frame, only to decode a string it
 * holds. Told there is no fetch, it decodes the same bytes itself (its own non-browser path), and
 * that with Node's Buffer rather than atob and a loop over 70 KB in JavaScript (20-45 ms before the
 * app's first frame, 0.3 ms this way).
 *
 * pg's SCRAM on Node's crypto. node-postgres computes SCRAM-SHA-256 (PBKDF2, HMACs, the channel
 * binding's certificate hash) with WebCrypto, whose first use loads its own modules and whose every
 * call is a job sent to the thread pool and back: 5-10 ms of the app's connect, on the way to its
 * verdict (test/bench/ui.ts: "connect"). scripts/pg-crypto-utils.cjs is the same functions on
 * Node's crypto, the one that PBKDF2 still runs in the thread pool; the build checks that pg's
 * file still exports exactly those functions.
 */
import { readFileSync } from 'node:fs';

/**
 * An esbuild plugin that gives the files `filter` matches the text `rewrite` makes of them. The
 * build fails, saying `missing`, when no file was rewritten: `rewrite` returns undefined when a
 * file no longer has what it changes.
 */
function rewriteOnLoad(name, filter, rewrite, missing) {
  return {
    name,
    setup(builder) {
      let replaced = false;
      builder.onLoad({ filter }, (args) => {
        const contents = rewrite(readFileSync(args.path, 'utf8'));
        if (contents === undefined) return undefined;
        replaced = true;
        return { contents, loader: 'js' };
      });
      builder.onEnd((result) => {
        if (!replaced && result.errors.length === 0) result.errors.push({ text: missing });
      });
    },
  };
}

const CLOUDFLARE_PROBE = /function isCloudflareRuntime\(\) \{[\s\S]*?\n\}\n/;

export const skipPgCloudflareProbe = rewriteOnLoad(
  'skip-pg-cloudflare-probe',
  /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/,
  (source) =>
    CLOUDFLARE_PROBE.test(source)
      ? source.replace(
          CLOUDFLARE_PROBE,
          '// scripts/startup-fast-path.mjs: a Node bundle is not a Cloudflare Worker\nfunction isCloudflareRuntime() {\n  return false\n}\n',
        )
      : undefined,
  "pg/lib/stream.js's isCloudflareRuntime() was not found: check scripts/startup-fast-path.mjs against the installed pg",
);

const YOGA_FETCH_PROBE = 'function ya(){return w||"function"!=typeof fetch?';
const YOGA_DECODE =
  'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c';

export const skipYogaFetch = rewriteOnLoad(
  'skip-yoga-fetch',
  /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
  (source) =>
    source.includes(YOGA_FETCH_PROBE) && source.includes(YOGA_DECODE)
      ? // scripts/startup-fast-path.mjs: the binary is decoded from its data: URI, not fetched, by Buffer
        source
          .replace(YOGA_FETCH_PROBE, 'function ya(){return true?')
          .replace(YOGA_DECODE, 'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))')
      : undefined,
  "yoga-layout's wasm loader (ya, its base64 decoding) was not found: check scripts/startup-fast-path.mjs against the installed yoga-layout",
);

const PG_CRYPTO_EXPORTS =
  'module.exports = {\n  postgresMd5PasswordHash,\n  randomBytes,\n  deriveKey,\n  sha256,\n  hashByName,\n  hmacSha256,\n  md5,\n}';

export const pgCryptoOnNodeCrypto = rewriteOnLoad(
  'pg-crypto-on-node-crypto',
  /[\\/]node_modules[\\/]pg[\\/]lib[\\/]crypto[\\/]utils\.js$/,
  (source) => (source.includes(PG_CRYPTO_EXPORTS) ? readFileSync('scripts/pg-crypto-utils.cjs', 'utf8') : undefined),
  "pg/lib/crypto/utils.js's exports were not found as expected: check scripts/pg-crypto-utils.cjs against the installed pg",
);
