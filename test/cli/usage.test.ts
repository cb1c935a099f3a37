/** Each command owns its flags: another command's flag is refused like a typo, and help lists only its own. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// A URL nobody listens on: every case here must stop before a connection is tried.
const env = { DATABASE_URL: 'postgresql://nobody@127.0.0.1:9/none' };
const lines = (text: string) => text.split('\n').filter(Boolean);

describe('flags belong to their commands', () => {
  it('an option of another command → 2, one line naming its commands and the help to read', async () => {
    const r = await runCli(['watch', '--confirm', 'x'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([
      'mantis-sync-tui: watch does not take --confirm (it is an option of maintain, apply, rollback); see mantis-sync-tui watch --help',
    ]);
    const health = await runCli(['health', '--yes'], env);
    expect(health.code).toBe(2);
    expect(lines(health.stderr)).toEqual([
      'mantis-sync-tui: health does not take --yes (it is an option of maintain, apply, restore); see mantis-sync-tui health --help',
    ]);
    // health works on IS-SOH alone, yet takes the SPP URL (and ignores it, as it ignores the variable):
    // one alias serves every command. The mistake after it is the one said.
    const spp = await runCli(['health', '--spp-url', 'postgresql://x@127.0.0.1:9/spp', '--window', '-5'], env);
    expect(spp.code).toBe(2);
    expect(lines(spp.stderr)).toEqual(['mantis-sync-tui: --window must be a positive number (got -5)']);
    const demo = await runCli(['demo', '--spp-url', 'postgresql://x@127.0.0.1:9/spp'], env);
    expect(demo.code).toBe(2);
    expect(demo.stderr).toContain('demo does not take --spp-url (it is an option of verify, watch, health');
    const bare = await runCli(['--discard-data'], env);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('does not take --discard-data (it is an option of rollback)');
  });

  it('a typo is still suggested, from the command’s own options', async () => {
    const r = await runCli(['apply', '--dryrun'], env);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(['mantis-sync-tui: unknown option --dryrun: did you mean --dry-run? (see --help)']);
    const watch = await runCli(['watch', '--tick=2'], env);
    expect(watch.code).toBe(2);
    expect(watch.stderr).toContain('unknown option --tick: did you mean --ticks?');
  });

  it('<command> --help lists that command’s options and not the others’; --help alone lists the commands', async () => {
    const watch = await runCli(['watch', '--help'], env);
    expect(watch.code).toBe(0);
    expect(watch.stderr).toBe('');
    expect(watch.stdout).toContain('$ mantis-sync-tui watch [options]');
    for (const own of ['--interval', '--ticks', '--once', '--org', '--entity', '--sort', '--json', '--issoh-url'])
      expect(watch.stdout).toContain(own);
    for (const foreign of ['--confirm', '--yes', '--dry-run', '--discard-data', '--window', '--audit-log'])
      expect(watch.stdout).not.toContain(foreign);
    expect(watch.stdout).toMatch(/--spp-url <url> +Accepted and ignored: watch works on IS-SOH alone/);
    const rollback = await runCli(['rollback', '-h'], env);
    expect(rollback.code).toBe(0);
    for (const own of ['--confirm', '--dry-run', '--discard-data', '--allow-cascade', '--database', '--export-dir'])
      expect(rollback.stdout).toContain(own);
    for (const foreign of ['--interval', '--step', '--yes', '--window', '--print-urls'])
      expect(rollback.stdout).not.toContain(foreign);
    const top = await runCli(['--help'], env);
    for (const command of [
      'verify',
      'watch',
      'plan',
      'apply',
      'test-rls',
      'health',
      'maintain',
      'rollback',
      'restore',
      'demo',
    ])
      expect(top.stdout).toContain(`    ${command}`);
  });
});

describe('a wrong value or operand says what is wrong before anything connects or asks', () => {
  it('a negative number after an option names the option, not a flag "-5"', async () => {
    const r = await runCli(['health', '--window', '-5'], env);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(['mantis-sync-tui: --window must be a positive number (got -5)']);
  });

  it("a number option given something else says what was typed; Markdown is verify's alone", async () => {
    const ticks = await runCli(['watch', '--ticks', 'abc'], env);
    expect(ticks.code).toBe(2);
    expect(lines(ticks.stderr)).toEqual(['mantis-sync-tui: --ticks needs a number (got "abc")']);
    const markdown = await runCli(['watch', '--once', '--format', 'markdown'], env);
    expect(markdown.code).toBe(2);
    expect(lines(markdown.stderr)).toEqual([
      "mantis-sync-tui: --format must be text or json here (markdown is verify's) (got markdown)",
    ]);
  });

  it('an unknown maintain task is named, with the tasks there are', async () => {
    const r = await runCli(['maintain', 'partitons', '--yes'], env);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([
      'mantis-sync-tui: unknown task partitons: maintain takes partitions, archive or cache (did you mean partitions?)',
    ]);
    const none = await runCli(['maintain'], env);
    expect(lines(none.stderr)).toEqual(['mantis-sync-tui: maintain needs a task: partitions, archive or cache']);
  });

  it('restore of a directory that is not an export → 2 before asking for a confirmation', async () => {
    const r = await runCli(['restore', '/nonexistent-export'], env);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([
      'mantis-sync-tui: refused: /nonexistent-export does not exist; nothing was changed',
    ]);
  });
});

describe('help and version come from the same tables as the flags', () => {
  it('--version after a command prints the version and runs nothing', async () => {
    const r = await runCli(['maintain', 'cache', '--yes', '--version'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(r.stderr).toBe('');
  });

  it('a write says its statements get 60 s; --help alone lists every command and the options without one', async () => {
    expect((await runCli(['rollback', '--help'], env)).stdout).toMatch(
      /--statement-timeout <s> +Seconds a statement may run \(default: 60\)/,
    );
    expect((await runCli(['verify', '--help'], env)).stdout).toMatch(
      /--statement-timeout <s> +Seconds a query may run \(default: 30\)/,
    );
    const top = await runCli(['--help'], env);
    for (const command of [
      'verify',
      'watch',
      'health',
      'maintain partitions|archive|cache',
      'plan',
      'apply',
      'test-rls',
    ])
      expect(top.stdout).toMatch(new RegExp(`^ {4}${command.replace(/\|/g, '\\|')}\\b`, 'm'));
    expect(top.stdout).toMatch(/^ {4}restore DIR +Re-apply 0024/m);
    expect(top.stdout).toContain('Options without a command (verify, or the app on a terminal)');
    expect(top.stdout).toMatch(/^ {4}--lock-timeout <s> /m);
    expect(top.stdout).not.toMatch(/^ {4}--discard-data/m);
  });
});
