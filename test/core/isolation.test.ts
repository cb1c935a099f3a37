/**
 * The pure parts of test-rls: reading the user-context convention from auth.uid() as apps write
 * it, where test rows go in the captured partitions, and the matrix and report of a captured
 * test-rls result (test/fixtures/rls: `test-rls --json` on a real 0024 with one partition granted).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  contextValues,
  isolationGrid,
  isolationReport,
  loginContext,
  partitionTargets,
  type RlsTestResult,
  readConvention,
  sessionDefaultUser,
} from '../../src/core/isolation.js';
import { ROOT } from '../helpers/databases.js';
import { manifest, snapshotFixture } from '../helpers/fixtures.js';

const captured = (): RlsTestResult =>
  JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'rls', 'partition-granted.json'), 'utf8')) as RlsTestResult;

describe('readConvention: where auth.uid() takes the user from', () => {
  it("this tool's (Supabase-compatible) auth.uid(): the sub setting as text, the claims as JSON", () => {
    const body = manifest.expected.functions.find((f) => f.schema === 'auth' && f.name === 'uid')!.body;
    const convention = readConvention(body);
    expect(convention.settings).toEqual([
      { name: 'request.jwt.claim.sub', form: 'text', claim: null },
      { name: 'request.jwt.claims', form: 'json', claim: 'sub' },
    ]);
    expect(convention.kind).toBe('supabase-jwt');
    expect(convention.fallbackUser).toBeNull();
    expect(contextValues(convention, 'u-1', 'authenticated')).toEqual({
      names: ['request.jwt.claim.sub', 'request.jwt.claims'],
      values: ['u-1', '{"sub":"u-1","role":"authenticated"}'],
    });
    expect(contextValues(convention, null, 'authenticated').values).toEqual([null, null]);
  });

  it('the four definitions an application may carry', () => {
    const custom = readConvention(`SELECT current_setting('app.current_user_id', true)::uuid`);
    expect(custom.description).toBe('app.current_user_id (a custom setting)');
    expect(custom.fallbackUser).toBeNull();
    const fallback = readConvention(
      `SELECT COALESCE(current_setting('app.user_id', true)::uuid, '00000000-0000-0000-0000-00000000000A'::uuid)`,
    );
    expect(fallback.settings).toEqual([{ name: 'app.user_id', form: 'text', claim: null }]);
    expect(fallback.fallbackUser).toBe('00000000-0000-0000-0000-00000000000a');
    const claims = readConvention(`select (current_setting('request.jwt.claims', true)::json->>'user_id')::uuid`);
    expect(claims.settings).toEqual([{ name: 'request.jwt.claims', form: 'json', claim: 'user_id' }]);
    const jwt = readConvention(
      `select (auth.jwt() ->> 'sub')::uuid`,
      `select coalesce(nullif(current_setting('request.jwt.claim', true), ''), nullif(current_setting('request.jwt.claims', true), ''))::jsonb`,
    );
    expect(jwt.settings.map((s) => `${s.name}:${s.form}:${s.claim}`)).toEqual([
      'request.jwt.claim:json:sub',
      'request.jwt.claims:json:sub',
    ]);
  });

  it('comments are not read; a body with no setting is unknown', () => {
    const commented = readConvention(
      `-- was: '00000000-0000-0000-0000-000000000001'\nSELECT nullif(current_setting('app.uid', true), '')::uuid /* current_setting('old.uid') */`,
    );
    expect(commented.settings.map((s) => s.name)).toEqual(['app.uid']);
    expect(commented.fallbackUser).toBeNull();
    const unknown = readConvention(`SELECT id FROM auth.sessions WHERE pid = pg_backend_pid()`);
    expect(unknown.kind).toBe('unknown');
    expect(unknown.description).toBe('no setting the tool recognises (it calls no current_setting())');
  });

  it('a user the role’s sessions start with outranks the database’s, and counts as a fallback', () => {
    const convention = readConvention(`SELECT nullif(current_setting('app.user_id', true), '')::uuid`);
    const settings = [
      'app.user_id=00000000-0000-4000-8000-000000000001',
      'search_path=public',
      'app.user_id=00000000-0000-4000-8000-000000000002',
    ];
    expect([...loginContext(convention, settings)]).toEqual([['app.user_id', '00000000-0000-4000-8000-000000000001']]);
    expect(sessionDefaultUser(convention, settings)?.user).toBe('00000000-0000-4000-8000-000000000001');
    expect(sessionDefaultUser(convention, ['search_path=public'])).toBeNull();
  });
});

describe('partitionTargets: a created_at inside each partition', () => {
  it('the five partitions of the captured 0024: each lower bound, the catch-all’s included', () => {
    const partitions = snapshotFixture('issoh-migrated').relations.filter(
      (r) => r.partitionOf === 'public.sync_activity_log',
    );
    expect(partitionTargets(partitions)).toEqual([
      { partition: 'public.sync_activity_log_2025_11', createdAt: '2025-11-01T00:00:00.000Z' },
      { partition: 'public.sync_activity_log_2025_12', createdAt: '2025-12-01T00:00:00.000Z' },
      { partition: 'public.sync_activity_log_2026_01', createdAt: '2026-01-01T00:00:00.000Z' },
      { partition: 'public.sync_activity_log_2026_02', createdAt: '2026-02-01T00:00:00.000Z' },
      { partition: 'public.sync_activity_log_future', createdAt: '2026-03-01T00:00:00.000Z' },
    ]);
  });

  it('a DEFAULT partition gets an instant no range covers', () => {
    const partitions = snapshotFixture('issoh-migrated').relations.filter(
      (r) => r.partitionOf === 'public.sync_activity_log',
    );
    const targets = partitionTargets([
      ...partitions,
      { schema: 'public', name: 'sync_activity_log_older', partitionBound: 'DEFAULT' },
    ]);
    expect(targets.at(-1)).toEqual({
      partition: 'public.sync_activity_log_older',
      createdAt: '1971-01-01T00:00:00.000Z',
    });
  });
});

describe('the matrix of a captured test-rls run', () => {
  it('one line per table and partition, S I U D for A’s rows, B’s rows and no user', () => {
    const grid = isolationGrid(captured().cells, true);
    expect(grid.header).toEqual([
      "                             A's rows   B's rows   no user",
      '                             S I U D    S I U D    S I U D',
    ]);
    expect(grid.lines.map((l) => `${l.wrong ? '!' : ' '}${l.text}`)).toEqual([
      ' sync_preview_cache           ✓ ✓ ✓ ✓    ✓ ✓ ✓ ✓    ✓ ✓ ✓ ✓',
      ' sync_progress                ✓ ✓ ✓ ✓    ✓ ✓ ✓ ✓    ✓ ✓ ✓ ✓',
      ' sync_activity_log            ✓ ✓ ✓ ✓    ✓ ✓ ✓ ✓    ✓ ✓ ✓ ✓',
      '   sync_activity_log_2025_11  · · · ·    ✓ ✓ ✓ ✓    ✓ ✓ ✓ ✓',
      '   sync_activity_log_2025_12  · · · ·    ✓ ✓ ✓ ✓    ✓ ✓ ✓ ✓',
      '   sync_activity_log_2026_01  · · · ·    ✓ ✓ ✓ ✓    ✓ ✓ ✓ ✓',
      '   sync_activity_log_2026_02  · · · ·    ✓ ✓ ✓ ✓    ✓ ✓ ✓ ✓',
      '!  sync_activity_log_future   ✓ · · ·    ✗ ✓ ✓ ✓    ✗ ✓ ✓ ✓',
    ]);
    expect(isolationGrid(captured().cells, false).lines.at(-1)?.text).toBe(
      '  sync_activity_log_future   + . . .    X + + +    X + + +',
    );
  });

  it('in a narrow pane, partitions named by their month and tighter columns: 44 columns', () => {
    const lines = isolationReport(captured(), true, 50)
      .filter((l) => l.grid)
      .map((l) => l.text);
    expect(lines[0]).toBe("                   A's rows B's rows no user");
    expect(lines.at(-1)).toBe('  future           ✓ · · ·  ✗ ✓ ✓ ✓  ✗ ✓ ✓ ✓');
    expect(Math.max(...lines.map((l) => l.length))).toBe(44);
    expect(
      isolationReport(captured(), true)
        .filter((l) => l.grid)
        .at(-1)?.text,
    ).toBe('  sync_activity_log_future   ✓ · · ·    ✗ ✓ ✓ ✓    ✗ ✓ ✓ ✓');
  });

  it('the report: who and how, the matrix, the wrong cells under their context with their probes, the verdict', () => {
    const lines = isolationReport(captured(), true);
    expect(lines[0]).toEqual({
      text: 'as role authenticated, connected as postgres; in one transaction, rolled back',
      tone: 'dim',
      grid: false,
    });
    const wrong = lines.filter((l) => l.tone === 'fail').map((l) => l.text);
    expect(wrong.filter((t) => t.startsWith('✗ '))).toEqual([
      "✗ sync_activity_log_future (a partition of sync_activity_log, read directly) · no user · SELECT: expected refused; a session with no user reads A's and B's rows: sees 2 of 2 rows",
      "✗ sync_activity_log_future (a partition of sync_activity_log, read directly) · B's rows · SELECT: expected refused; user A reads B's rows: sees 1 of 1 row",
    ]);
    expect(lines.filter((l) => l.tone === 'sql').map((l) => l.text.trim().split(' ')[0])).toEqual([
      'SET',
      '--',
      'SELECT',
      'SET',
      'SELECT',
      'SELECT',
    ]);
    expect(lines.at(-1)?.text).toMatch(
      /^isolation BROKEN: 2 of 96 cells wrong \(\d+ ms, rolled back: nothing was kept\)$/,
    );
  });

  it('a run that could not start is one line', () => {
    const failed: RlsTestResult = {
      ...captured(),
      ok: false,
      cells: [],
      error: 'role authenticated does not exist',
      errorKind: 'missing',
    };
    expect(isolationReport(failed, false)).toEqual([
      { text: '[FAIL] the RLS test could not run: role authenticated does not exist', tone: 'fail', grid: false },
    ]);
  });
});
