/**
 * Data a tenant controls never acts on the operator's terminal (issue 22): organization names,
 * sync ids, error messages, partition and policy names and a database's own name, holding a title
 * change, a screen clear, a bare CR, an OSC 52 clipboard write and an 8-bit CSI, go through every
 * text face. The raw bytes of stdout and stderr are searched for ESC, BEL, CR and C1 controls:
 * none may be there, and the payload must be shown visibly instead.
 */
import { describe, expect, it } from 'vitest';
import { forTerminal, showControls, styleToken } from '../../src/output/terminal-text.js';
import { type CliResult, runCli } from '../helpers/cli.js';
import { adminUrl, freshDatabase, scratchDirectory } from '../helpers/context.js';
import { databaseUrl, withClient } from '../helpers/databases.js';

const TITLE = '\u001b]0;pwned\u0007';
const CLEAR = '\u001b[2J\u001b[H';
const CLIPBOARD = '\u001b]52;c;ZXZpbA==\u0007';
const OVERWRITE = 'ok\rEVIL';
const CSI_8BIT = '\u009b2J';

/** ESC, BEL, CR and the C1 controls: what a terminal acts on. */
const ACTING = /[\u001b\u0007\r\u0080-\u009f]/;

function clean(result: CliResult, what: string) {
  for (const [stream, text] of [
    ['stdout', result.stdout],
    ['stderr', result.stderr],
  ] as const) {
    const found = ACTING.exec(text);
    expect(
      found,
      `${what}: ${stream} holds ${JSON.stringify(found?.[0])} near ${JSON.stringify(text.slice(Math.max(0, (found?.index ?? 0) - 30), (found?.index ?? 0) + 30))}`,
    ).toBeNull();
  }
}

const sql = (text: string) => `'${text.replaceAll("'", "''")}'`;

describe('control characters from the database', () => {
  it('are shown, never sent: forTerminal keeps the tool’s own colour tokens only', () => {
    expect(showControls(`a${TITLE}b`)).toBe('a\\u001b]0;pwned\\u0007b');
    expect(forTerminal(`${styleToken('red')}x${styleToken('end-color')}${CLIPBOARD}`)).toBe(
      '\u001b[31mx\u001b[39m\\u001b]52;c;ZXZpbA==\\u0007',
    );
    // a token mark arriving with data is shown, so data cannot pass for the tool's own colour
    expect(forTerminal(showControls(`\uFDD0C${OVERWRITE}`))).toBe('\\ufdd0C' + 'ok\\u000dEVIL');
    // Even unescaped: data that holds the mark and every guess at a code is shown, never obeyed.
    const forged = Array.from({ length: 26 }, (_, i) => `\uFDD0\uE000${String.fromCharCode(0x41 + i)}`).join('');
    expect(forTerminal(forged)).not.toMatch(/[\u001b\r]/);
    expect(forTerminal(`x${styleToken('red')}y${styleToken('end-color')}`)).toBe('x\u001b[31my\u001b[39m');
  });

  it('watch, health, verify --verbose and --format markdown, plan --verbose and rollback --dry-run print none of them', async () => {
    const url = await freshDatabase('issohMigrated', 'hostile');
    await withClient(url, (c) =>
      c.query(`
        INSERT INTO organization (name, slug) VALUES (${sql(`Acme${TITLE}${CLIPBOARD}`)}, 'acme');
        INSERT INTO sync_progress (org_id, sync_id, entity_type, source_system, total_items, processed_count, failed_count, started_at)
        SELECT o.id, ${sql(`sync${CLEAR}${OVERWRITE}`)}, 'product', ${sql(`odoo${CSI_8BIT}`)}, 1000, 100, 5, now() - interval '1 minute'
        FROM organization o;
        INSERT INTO sync_activity_log (id, org_id, sync_id, action, status, error_message, created_at)
        SELECT gen_random_uuid(), o.id, ${sql(`sync${CLEAR}`)}, 'sync_complete', 'failed', ${sql(`boom${TITLE}`)}, now()
        FROM organization o;
        CREATE TABLE public.${JSON.stringify(`sync_activity_log_2020_01${TITLE}`)} PARTITION OF public.sync_activity_log
          FOR VALUES FROM ('2020-01-01') TO ('2020-02-01');
        CREATE POLICY ${JSON.stringify(`open${CLIPBOARD}`)} ON public.sync_progress FOR SELECT USING (true);
      `),
    );
    const env = { DATABASE_URL: url, XDG_STATE_HOME: scratchDirectory('mantis-hostile-') };
    const watch = await runCli(['watch', '--once', '--interval', '0.5'], env);
    expect(watch.code).toBe(0);
    clean(watch, 'watch --once');
    expect(watch.stdout).toContain('\\u001b]0;pwned');
    for (const args of [
      ['health'],
      ['verify', '--verbose'],
      ['verify', '--format', 'markdown'],
      ['plan', '--verbose'],
      ['rollback', '--dry-run'],
    ]) {
      const r = await runCli(args, env);
      expect(r.code, args.join(' ')).toBeLessThan(5);
      clean(r, args.join(' '));
    }
    const verbose = await runCli(['verify', '--verbose'], env);
    expect(verbose.stdout).toContain('\\u001b]52;c;ZXZpbA==\\u0007');
  });

  it('a database name in an error message, and a URL typed where a command goes, are shown safely', async () => {
    const name = `mantis_hostile${TITLE}`;
    await withClient(adminUrl(), (c) => c.query(`CREATE DATABASE ${JSON.stringify(name)}`));
    try {
      const missing = databaseUrl(adminUrl(), `${name}_missing`);
      const r = await runCli(['verify'], { DATABASE_URL: missing });
      expect(r.code).toBe(4);
      clean(r, 'verify on a missing database');
      const found = await runCli(['verify'], { DATABASE_URL: databaseUrl(adminUrl(), name) });
      clean(found, 'verify on a database with a hostile name');
    } finally {
      await withClient(adminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS ${JSON.stringify(name)} WITH (FORCE)`));
    }
    const typed = await runCli(['postgresql://ops:s3cret-pass@db.example/x'], {});
    expect(typed.code).toBe(2);
    expect(typed.stderr).not.toContain('s3cret-pass');
    const argument = await runCli(['verify', 'postgresql://ops:s3cret-pass@db.example/x'], {});
    expect(argument.code).toBe(2);
    expect(argument.stderr).not.toContain('s3cret-pass');
    expect(argument.stderr).toContain('postgresql://ops:***@db.example/x');
  });
});
