/**
 * The contract scanner over the fixture application (test/fixtures/app, whose README lists each
 * statement with what the spec and the variant databases say of it). Pure: no database.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanApplication, scanSource, UnreadableSourceError } from '../../src/contract/scan.js';
import { analyseStatement, loadSqlParser } from '../../src/contract/sql.js';
import { type ContractStatement, contractTargets } from '../../src/core/contract.js';
import type { Manifest } from '../../src/core/manifest.js';
import { loadJson } from '../../src/sql.js';

const APP = join(import.meta.dirname, '../fixtures/app');
const TRACKER = 'src/services/SyncProgressTracker.ts';
const targets = contractTargets(loadJson<Manifest>('manifest.json'));

/** Source and messages hold JavaScript's `${…}`; written here as `#{…}` so that they read as plain strings. */
const js = (text: string) => text.replaceAll('#{', '${');
const place = (s: ContractStatement) => `${s.file}:${s.line} ${s.kind}`;
const at = (statements: readonly ContractStatement[], file: string, line: number) => {
  const found = statements.find((s) => s.file === file && s.line === line);
  if (!found) throw new Error(`no statement at ${file}:${line}`);
  return found;
};

describe('scanApplication over the fixture application', () => {
  let result: Awaited<ReturnType<typeof scanApplication>>;
  beforeAll(async () => {
    result = await scanApplication(APP, { targets });
  });

  it('finds every statement sent to a 0024 object, sorted by file and line, with its kind', () => {
    expect(result.statements.map(place)).toEqual([
      'src/queries/progress.sql:7 SelectStmt',
      'src/routes/activity.ts:16 SelectStmt',
      'src/routes/activity.ts:27 SelectStmt',
      'src/routes/activity.ts:36 InsertStmt',
      'src/routes/activity.ts:44 SelectStmt',
      'src/routes/preview.ts:7 SelectStmt',
      'src/routes/preview.ts:17 InsertStmt',
      'src/routes/share.ts:6 InsertStmt',
      `${TRACKER}:22 SelectStmt`,
      `${TRACKER}:30 SelectStmt`,
      `${TRACKER}:41 UpdateStmt`,
      `${TRACKER}:49 InsertStmt`,
      `${TRACKER}:59 InsertStmt`,
      `${TRACKER}:69 SelectStmt`,
    ]);
    expect(result.unreadable).toEqual([]);
  });

  it('reads the application files only, and parses only those that name a target', () => {
    // db.ts, logger.ts, progress.sql, activity.ts, preview.ts, share.ts, SyncProgressTracker.ts; db.ts names no target.
    expect(result.filesScanned).toBe(7);
    expect(result.filesParsed).toBe(6);
  });

  it('skips node_modules, migration directories and test files', () => {
    const files = new Set(result.statements.map((s) => s.file));
    expect([...files].sort()).toEqual([
      'src/queries/progress.sql',
      'src/routes/activity.ts',
      'src/routes/preview.ts',
      'src/routes/share.ts',
      TRACKER,
    ]);
  });

  it("finds the test file's statement with includeTests", async () => {
    const withTests = await scanApplication(APP, { targets, includeTests: true });
    expect(withTests.filesScanned).toBe(8);
    const test = withTests.statements.filter((s) => s.file === 'src/services/SyncProgressTracker.test.ts');
    expect(test.map((s) => [s.line, s.kind, s.sql])).toEqual([
      [4, 'DeleteStmt', 'DELETE FROM sync_progress WHERE org_id = $1'],
    ]);
    expect(withTests.statements.some((s) => s.file?.includes('node_modules') || s.file?.includes('migrations'))).toBe(
      false,
    );
  });

  it('ignores a string that names a target without being SQL', () => {
    expect(result.statements.filter((s) => s.file === 'src/logger.ts')).toEqual([]);
  });

  it('numbers template values after the written $n, and takes example values from literals and call arrays', () => {
    const recent = at(result.statements, TRACKER, 69);
    expect(recent.sql).toContain('LIMIT $3');
    expect(recent.params).toEqual([null, null, null]);

    const tagged = at(result.statements, 'src/routes/activity.ts', 16);
    expect(tagged.sql).toContain('WHERE org_id = $1 AND action = $2');
    expect(tagged.params).toEqual([null, 'sync_complete', null]);

    // through `const query = …; pool.query(query, [this.orgId, 'running'])`
    expect(at(result.statements, TRACKER, 30).params).toEqual([null, 'running']);
    expect(at(result.statements, TRACKER, 41)).toMatchObject({
      sql: 'UPDATE sync_progress SET status = $3, completed_at = now() WHERE org_id = $1 AND sync_id = $2',
      params: [null, null, 'completed'],
    });
    expect(at(result.statements, TRACKER, 49).params).toEqual([null, null, 'products', null]);
    expect(at(result.statements, TRACKER, 59).params).toEqual(['0d000000-0000-4000-8000-000000000001', 'product', '0']);
    // pool.query({ text, values })
    expect(at(result.statements, 'src/routes/preview.ts', 17).params).toEqual([null, 'odoo', null, null]);
    expect(at(result.statements, 'src/queries/progress.sql', 7).params).toEqual([null]);
  });

  it('marks a table name built at run time dynamic, with the expression and its line', () => {
    const dynamic = result.statements.filter((s) => s.dynamic !== null);
    expect(dynamic.map(place)).toEqual(['src/routes/activity.ts:27 SelectStmt']);
    expect(dynamic[0]).toMatchObject({
      dynamic: js("#{table} (line 27) stands where a name goes: the statement's text is only known at run time"),
      sql: js('SELECT * FROM "#{table}" WHERE org_id = $1 AND action = $2::sync_action'),
      params: [null, 'sync_start'],
      references: { types: ['sync_action'] },
    });
  });

  it('tells the relations, columns, functions and types each statement names', () => {
    expect(at(result.statements, TRACKER, 41).references).toEqual({
      relations: ['sync_progress'],
      columns: ['sync_progress.completed_at', 'sync_progress.org_id', 'sync_progress.status', 'sync_progress.sync_id'],
      functions: [],
      types: [],
    });
    expect(at(result.statements, 'src/routes/preview.ts', 17).references.columns).toEqual([
      'sync_preview_cache.cache_key',
      'sync_preview_cache.computed_at',
      'sync_preview_cache.delta_data',
      'sync_preview_cache.org_id',
      'sync_preview_cache.sync_type',
    ]);
    expect(at(result.statements, 'src/routes/activity.ts', 36).references.columns).toContain(
      'sync_activity_log.activity_type',
    );
  });

  it('gives each statement a unique id: its file stem and the first 8 hex of its fingerprint', () => {
    const ids = result.statements.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const statement of result.statements) {
      expect(statement.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      const stem = statement
        .file!.split('/')
        .pop()!
        .replace(/\.[^.]+$/, '');
      expect(statement.id).toBe(`${stem}-${statement.fingerprint.slice(0, 8)}`);
    }
  });

  it('keeps ids when the file is laid out differently, and follows the lines', async () => {
    const text = await readFile(join(APP, TRACKER), 'utf8');
    const relaid = `// a header comment\n\n${text}`
      .replace('current_item, total_items, eta_seconds', 'current_item,   total_items,  eta_seconds')
      .replace('ORDER BY started_at DESC', 'order   by started_at desc');
    const before = await scanSource(TRACKER, text, targets);
    const after = await scanSource(TRACKER, relaid, targets);
    expect(after.map((s) => s.id)).toEqual(before.map((s) => s.id));
    expect(after.map((s) => s.line)).toEqual(before.map((s) => s.line! + 2));
    expect(after[0]!.sql).toContain('current_item,   total_items');
  });

  it('gives an id of its own to each repeat of a statement in one file', async () => {
    const text = `${'pool.query("SELECT total_items FROM sync_progress WHERE org_id = $1", [orgId]);\n'.repeat(3)}`;
    const statements = await scanSource('src/Repeats.ts', text, targets);
    const base = statements[0]!.id;
    expect(statements.map((s) => s.id)).toEqual([base, `${base}-2`, `${base}-3`]);
    expect(statements.map((s) => s.line)).toEqual([1, 2, 3]);
  });

  it("writes a dynamic statement's sql so that it parses back to the same fingerprint", async () => {
    await loadSqlParser();
    const [dynamic] = result.statements.filter((s) => s.dynamic !== null);
    expect(analyseStatement(dynamic!.sql)).toMatchObject({ kind: 'SelectStmt', fingerprint: dynamic!.fingerprint });
  });
});

describe('scanSource on one file', () => {
  const scan = (text: string, file = 'src/Queries.ts') => scanSource(file, text, targets);

  it('gives each statement of a multi-statement string its own line', async () => {
    const statements = await scan(
      'await db.query(`SELECT 1;\n  DELETE FROM sync_progress WHERE org_id = $1;\n\n  SELECT total_items FROM sync_progress`, [org]);',
    );
    expect(statements.map((s) => [s.line, s.kind, s.sql])).toEqual([
      [2, 'DeleteStmt', 'DELETE FROM sync_progress WHERE org_id = $1'],
      [4, 'SelectStmt', 'SELECT total_items FROM sync_progress'],
    ]);
  });

  it('takes the outermost + chain only, with a non-literal operand as a parameter', async () => {
    const statements = await scan(
      "db.query('SELECT processed_count FROM sync_progress ' + 'WHERE org_id = $1 AND total_items > ' + minimum, [org]);",
    );
    expect(statements.map((s) => [s.sql, s.params, s.dynamic])).toEqual([
      ['SELECT processed_count FROM sync_progress WHERE org_id = $1 AND total_items > $2', [null, null], null],
    ]);
  });

  it('marks dynamic a value inside quotes, a value where a column list goes, and SQL text put in', async () => {
    const statements = await scan(
      js(
        [
          "db.query(`SELECT * FROM sync_progress WHERE sync_id = '#{syncId}'`);",
          'db.query(`SELECT #{columns} FROM sync_progress WHERE org_id = $1`, [org]);',
          "db.query(sql`SELECT * FROM sync_progress WHERE #{sql.join(conditions, ' AND ')}`);",
          'db.query(`SELECT * FROM sync_activity_log_#{month} WHERE org_id = $1`, [org]);',
        ].join('\n'),
      ),
    );
    const runTime = ": the statement's text is only known at run time";
    expect(statements.map((s) => [s.line, s.dynamic])).toEqual([
      [1, js(`#{syncId} (line 1) is inside quotes${runTime}`)],
      [2, js(`#{columns} (line 2) stands where a name goes${runTime}`)],
      [3, js(`#{sql.join(conditions, ' AND ')} (line 3) is SQL text put together at run time${runTime}`)],
      [4, js(`#{month} (line 4) stands where a name goes${runTime}`)],
    ]);
    expect(statements[3]!.sql).toBe(js('SELECT * FROM "sync_activity_log_#{month}" WHERE org_id = $1'));
  });

  it('resolves a two-part column through its alias and leaves out output names and built-ins', async () => {
    const [statement] = await scan(
      'db.query(`SELECT count(*) AS n, p.entity_type, l.status FROM sync_progress p JOIN public.sync_activity_log l ON l.sync_id = p.sync_id WHERE p.org_id = $1 AND l.action = $2::public.sync_action GROUP BY 2, 3 ORDER BY n`, [org]);',
    );
    expect(statement!.references).toEqual({
      relations: ['public.sync_activity_log', 'sync_progress'],
      columns: [
        'public.sync_activity_log.action',
        'public.sync_activity_log.status',
        'public.sync_activity_log.sync_id',
        'sync_progress.entity_type',
        'sync_progress.org_id',
        'sync_progress.sync_id',
      ],
      functions: [],
      types: ['public.sync_action'],
    });
  });

  it('finds a call of a migration function and a cast to a migration type', async () => {
    const [statement] = await scan("db.query('SELECT * FROM auto_cleanup_preview_cache()');\n", 'src/cleanup.js');
    expect(statement).toMatchObject({ kind: 'SelectStmt', references: { functions: ['auto_cleanup_preview_cache'] } });
    const [cast] = await scan("db.query(`SELECT 'order'::sync_entity_type`);");
    expect(cast!.references.types).toEqual(['sync_entity_type']);
  });

  it('throws UnreadableSourceError for code that does not parse', async () => {
    await expect(scan('const query = ; // sync_progress')).rejects.toBeInstanceOf(UnreadableSourceError);
  });
});

describe('scanApplication over a directory of its own', () => {
  const QUERY = "db.query('SELECT sync_id FROM sync_progress');\n";
  let directory: string;
  const write = async (file: string, text: string) => {
    await mkdir(join(directory, file, '..'), { recursive: true });
    await writeFile(join(directory, file), text);
  };
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'mantis-contract-scan-'));
    await write('src/good.ts', QUERY);
    await write('src/broken.ts', 'export const query = ( "SELECT * FROM sync_progress";\n');
    // Each of these names a target, and none is the application's own code.
    await write('node_modules/some-lib/index.js', QUERY);
    await write('supabase/migrations/0024.sql', 'CREATE TABLE sync_progress (id uuid);\n');
    await write('packages/api/migration/0001.sql', 'DROP TABLE sync_progress;\n');
    await write('dist/index.js', QUERY);
    await write('.next/server/page.js', QUERY);
    await write('src/types/db.d.ts', "declare const query: 'SELECT sync_id FROM sync_progress';\n");
    await write('src/notes.md', 'SELECT sync_id FROM sync_progress;\n');
    await write('src/good.spec.ts', QUERY);
    await write('src/__tests__/good.ts', QUERY);
    await write('e2e/flow.ts', QUERY);
    // A link to the fixture application is not followed.
    await symlink(APP, join(directory, 'src/linked-app'), 'dir');
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reports a file whose code does not parse, goes on with the others, and skips what is not the application', async () => {
    const result = await scanApplication(directory, { targets });
    expect(result.unreadable).toEqual([{ file: 'src/broken.ts', message: expect.any(String) }]);
    expect(result.unreadable[0]!.message).not.toBe('');
    expect(result.statements.map(place)).toEqual(['src/good.ts:1 SelectStmt']);
    expect(result.filesScanned).toBe(2);
    expect(result.filesParsed).toBe(2);
  });

  it('reads test files and test directories with includeTests', async () => {
    const result = await scanApplication(directory, { targets, includeTests: true });
    expect(result.statements.map(place)).toEqual([
      'e2e/flow.ts:1 SelectStmt',
      'src/__tests__/good.ts:1 SelectStmt',
      'src/good.spec.ts:1 SelectStmt',
      'src/good.ts:1 SelectStmt',
    ]);
    // "good" twice with the same statement: the second file's id gets the next number.
    expect(new Set(result.statements.map((s) => s.id)).size).toBe(4);
  });
});
