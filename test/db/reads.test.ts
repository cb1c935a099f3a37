/**
 * A read is one message: its own read-only transaction with in-band timeouts, then the query
 * with its values bound as literals. Against the real server: values come back exactly, nothing
 * can write, and the timeouts hold.
 */

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DbError } from '../../src/core/errors.js';
import { type Database, openDatabase } from '../../src/db/connect.js';
import { bindInline } from '../../src/db/inline.js';
import { freshDatabase } from '../helpers/context.js';

const opened: Database[] = [];
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
});
async function reader(template: 'empty' | 'migrated' = 'empty', statementTimeoutMs = 10_000) {
  const url = await freshDatabase(template, 'reads');
  const db = openDatabase(loadConfig({ env: {}, issohUrl: url }).issoh!, {
    readOnly: true,
    connectTimeoutMs: 5000,
    statementTimeoutMs,
    max: 1,
  });
  opened.push(db);
  return { db, url };
}

describe('bindInline', () => {
  it('replaces placeholders only outside quotes, identifiers, comments and dollar-quoted bodies', () => {
    const sql = `-- $1 in a comment\nSELECT $1::int, '$2 in a string', "col$2", $body$ $2 $body$, /* $2 */ $2::text, x$1`;
    expect(bindInline(sql, [42, "it's"])).toBe(
      `-- $1 in a comment\nSELECT '42'::int, '$2 in a string', "col$2", $body$ $2 $body$, /* $2 */ 'it''s'::text, x$1`,
    );
  });

  it('refuses a placeholder that has no value', () => {
    expect(() => bindInline('SELECT $2', [1])).toThrow('SQL placeholder $2 has no value (1 given)');
  });

  it('binds the same statement anew each time: its text is read once, its values each time', () => {
    const sql = `SELECT $1::int, '$1', $2::text -- $2`;
    expect(bindInline(sql, [1, 'a'])).toBe(`SELECT '1'::int, '$1', 'a'::text -- $2`);
    expect(bindInline(sql, [2, 'b'])).toBe(`SELECT '2'::int, '$1', 'b'::text -- $2`);
    expect(() => bindInline(sql, [3])).toThrow('SQL placeholder $2 has no value (1 given)');
  });
});

describe('a read', () => {
  it('chosen by the server to break a deadlock with a write, is read again once and answers', async () => {
    const { db, url } = await reader();
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    await setup.query('CREATE TABLE first_table (x int); CREATE TABLE second_table (x int)');
    await setup.end();
    // The writer waits 10 s before it looks for a deadlock, the read 1 s: the read is the one rolled back.
    const writer = new pg.Client({ connectionString: url });
    await writer.connect();
    try {
      await writer.query("BEGIN; SET LOCAL deadlock_timeout = '10s'; LOCK TABLE second_table IN ACCESS EXCLUSIVE MODE");
      // The read locks first_table, then waits for second_table behind the writer.
      const read = db.query<{ n: string }>('SELECT count(*) AS n FROM first_table, second_table');
      const watcher = new pg.Client({ connectionString: url });
      await watcher.connect();
      for (;;) {
        const waiting = await watcher.query(
          "SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'second_table'::regclass",
        );
        if (waiting.rowCount) break;
      }
      await watcher.end();
      // The writer now wants first_table: a deadlock, which the server breaks by rolling the read back.
      await writer.query('LOCK TABLE first_table IN ACCESS EXCLUSIVE MODE');
      await writer.query('ROLLBACK');
      expect((await read).rows).toEqual([{ n: '0' }]);
      expect(db.queryCount).toBe(2);
    } finally {
      await writer.end();
    }
  });

  it('brings every value back exactly: quotes, backslashes, unicode, line separators, NULL, arrays', async () => {
    const { db } = await reader();
    const texts = ["it's", 'back\\slash', 'tab\there', 'line\u2028sep', 'ünïcødé 🐘', '', '{"a":[1,2]}', 'NULL', '$1'];
    const result = await db.query<{ a: string[]; b: string | null; c: string; n: string }>(
      'SELECT $1::text[] AS a, $2::text AS b, $3::text AS c, $4::numeric AS n',
      [texts, null, texts.join('\n'), '12345678901234567890.000000000001'],
    );
    expect(result.rows[0]).toEqual({ a: texts, b: null, c: texts.join('\n'), n: '12345678901234567890.000000000001' });
  });

  it('runs read-only with its own timeouts, in one round trip, and leaves the session as it was', async () => {
    const { db } = await reader();
    const settings = await db.query<{ ro: string; lock: string; statement: string }>(
      "SELECT current_setting('transaction_read_only') AS ro, current_setting('lock_timeout') AS lock, current_setting('statement_timeout') AS statement",
    );
    expect(settings.rows[0]).toEqual({ ro: 'on', lock: '5s', statement: '10s' });
    await expect(db.query('CREATE TABLE sneaky (id int)')).rejects.toMatchObject({
      kind: 'read-only',
      sqlstate: '25006',
    });
    expect(db.queryCount).toBe(2);
  });

  it('gives up on a held lock after the 5 s lock timeout, and a slow statement after its statement timeout', async () => {
    const { db, url } = await reader('migrated', 1000);
    await expect(db.query('SELECT pg_sleep(5)')).rejects.toMatchObject({
      kind: 'statement-timeout',
      sqlstate: '57014',
    });
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('BEGIN; LOCK TABLE public.sync_progress IN ACCESS EXCLUSIVE MODE');
      // A statement timeout far beyond the lock timeout: the 5 s lock timeout is what stops it.
      const locked = openDatabase(loadConfig({ env: {}, issohUrl: url }).issoh!, {
        readOnly: true,
        connectTimeoutMs: 5000,
        statementTimeoutMs: 20_000,
      });
      opened.push(locked);
      const error = await locked.query('SELECT count(*) FROM public.sync_progress').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DbError);
      expect(error).toMatchObject({ kind: 'lock-timeout', sqlstate: '55P03', transient: false });
      // A read changes nothing whatever happens: it does not reassure that nothing was changed.
      expect((error as DbError).message).toContain('another session holds a lock this read needs');
      expect((error as DbError).message).not.toContain('nothing was changed');
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  });
});
