/**
 * The import graph keeps DESIGN.md's layering: entry → cli, ui; cli → commands, output;
 * ui → commands, core; commands → db, core; db → core; output → core. Only db imports pg, core
 * imports nothing of the others (nor ink, react, pg or the process), and no module imports itself
 * back through others.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

const SRC = join(ROOT, 'src');

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** src/cli.tsx is the entry; otherwise a file's layer is its top folder (or its own name at the top). */
function layerOf(file: string): string {
  const path = relative(SRC, file);
  if (path === 'cli.tsx') return 'entry';
  return path.split('/')[0]!.replace(/\.tsx?$/, '');
}

const IMPORT = /(?:^|\n)\s*(?:import|export)(\s+type\b)?[^'"]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly specifier: string;
  /** `import type`: erased when compiled, so it counts for the layers but closes no cycle */
  readonly typeOnly: boolean;
}

const files = sources(SRC);
const edges: Edge[] = files.flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => {
    const specifier = match[2] ?? match[3]!;
    const to = specifier.startsWith('.') ? resolve(dirname(file), specifier).replace(/\.js$/, '') : specifier;
    return { from: file, to, specifier, typeOnly: match[1] !== undefined };
  }),
);
const local = (edge: Edge) => edge.specifier.startsWith('.');
const targetFile = (edge: Edge) => files.find((f) => f.replace(/\.tsx?$/, '') === edge.to);

/** What each layer may import besides itself; the small modules at the top (sql, audit, version, config) are named. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  entry: ['cli', 'ui', 'core'],
  cli: ['commands', 'output', 'core', 'config'],
  ui: ['commands', 'core', 'output', 'version'],
  commands: ['db', 'core', 'sql', 'audit', 'version'],
  db: ['core', 'sql'],
  output: ['core'],
  config: ['core'],
  core: [],
  sql: [],
  audit: [],
  version: [],
};

describe('the layering of src', () => {
  it('each layer imports only the layers below it', () => {
    const wrong = edges
      .filter(local)
      .map((edge) => ({ edge, from: layerOf(edge.from), to: layerOf(targetFile(edge) ?? `${edge.to}.ts`) }))
      .filter(({ from, to }) => from !== to && !(ALLOWED[from] ?? []).includes(to))
      .map(({ edge, from, to }) => `${relative(ROOT, edge.from)} (${from}) imports ${edge.specifier} (${to})`);
    expect(wrong).toEqual([]);
  });

  it('only db imports pg; core imports no package, nor the process', () => {
    const wrong = edges
      .filter((edge) => !local(edge))
      .filter(
        (edge) =>
          (/^pg(-|$)/.test(edge.specifier) && layerOf(edge.from) !== 'db') ||
          (layerOf(edge.from) === 'core' && !edge.specifier.startsWith('.')),
      )
      .map((edge) => `${relative(ROOT, edge.from)} imports ${edge.specifier}`);
    expect(wrong).toEqual([]);
    const processInCore = files
      .filter((file) => layerOf(file) === 'core')
      .filter((file) => /\bprocess\.|\bnew Date\(\)|\bDate\.now\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(processInCore).toEqual([]);
  });

  it('no module imports itself back through others (when running: type-only imports are erased)', () => {
    const next = new Map<string, string[]>();
    for (const edge of edges.filter((e) => local(e) && !e.typeOnly)) {
      const to = targetFile(edge);
      if (to) next.set(edge.from, [...(next.get(edge.from) ?? []), to]);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const to of next.get(file) ?? []) visit(to, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
