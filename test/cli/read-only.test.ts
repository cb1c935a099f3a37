/** --read-only (and an environment marked "readOnly"): every write and dry run refused with one line, reads as usual. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';

const tables = (url: string) =>
  withClient(
    url,
    async (c) =>
      (await c.query("SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'sync\\_%' AND relkind IN ('r', 'p')"))
        .rows[0].n as number,
  );

describe('read-only', () => {
  it('refuses every writing command and dry run (exit 3, one line on stderr), reads as usual', async () => {
    const url = await freshDatabase('migrated', 'ro');
    const before = await tables(url);
    const env = { DATABASE_URL: url };
    const writes: ReadonlyArray<readonly string[]> = [
      ['apply', '--yes'],
      ['apply', '--dry-run'],
      ['rollback', '--dry-run'],
      ['maintain', 'partitions', '--yes'],
      ['test-rls'],
    ];
    for (const args of writes) {
      const r = await runCli([...args, '--read-only'], env);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 3]);
      expect(r.stderr).toMatch(
        /^mantis-sync-tui: refused: .* writes \(its dry run takes the same locks\), and --read-only: nothing was changed\n$/,
      );
      expect(r.stdout).toBe('');
    }
    expect(await tables(url)).toBe(before);
    const read = await runCli(['verify', '--read-only'], { ...env, NEON_SPP_DATABASE_URL: url });
    expect(read.stderr).not.toContain('refused');
  });

  it('an environment marked "readOnly" is refused the same way, naming it', async () => {
    const url = await freshDatabase('migrated', 'ro');
    const cwd = scratchDirectory('mantis-ro-');
    writeFileSync(
      join(cwd, 'mantis-sync-tui.json'),
      JSON.stringify({ environments: { production: { issoh: 'PROD_URL', spp: 'PROD_SPP_URL', readOnly: true } } }),
    );
    const r = await runCli(
      ['rollback', '--dry-run', '--env', 'production'],
      { PROD_URL: url, PROD_SPP_URL: url },
      { cwd },
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      'refused: rollback writes (its dry run takes the same locks), and environment production is read-only',
    );
  });
});
