/**
 * Each command's --help is drawn from its row of the command table (src/cli/usage.ts): it lists the
 * options that command accepts and no other, the formats it writes, and the exit codes it can
 * return; and what it lists is what it accepts.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_TABLE, COMMANDS, CONNECTION, FLAGS, optionsOf } from '../../src/cli/usage.js';
import { runCli } from '../helpers/cli.js';

const env = { DATABASE_URL: 'postgresql://nobody@127.0.0.1:9/none' };
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const EVERY_FLAG = Object.keys(FLAGS)
  .filter((f) => f !== 'color')
  .map(kebab);

/** The lines of one section of a help text ("Options", "Exit codes"). */
function section(help: string, title: string): string[] {
  const lines = help.split('\n');
  const start = lines.findIndex((l) => l.trim() === title);
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines.slice(start + 1, end);
}

describe('<command> --help comes from the command table', () => {
  for (const command of COMMANDS) {
    it(`${command}: only its options, its formats, its exit codes`, async () => {
      const spec = COMMAND_TABLE[command];
      const r = await runCli([command, '--help'], env);
      expect(r.code).toBe(0);
      const options = section(r.stdout, 'Options')
        .map((l) => /^ {4}(--[a-z-]+)/.exec(l)?.[1])
        .filter(Boolean);
      const expected = [...(spec.connects ? CONNECTION : []), ...spec.flags, 'no-color', 'help'].map((f) => `--${f}`);
      expect(new Set(options)).toEqual(new Set(expected));
      // An option it does not take is nowhere in its help; one it ignores (kept for old scripts) is not offered.
      for (const flag of EVERY_FLAG.filter((f) => !expected.includes(`--${f}`)))
        expect(r.stdout).not.toMatch(new RegExp(`^ {4}--${flag}\\b`, 'm'));
      for (const ignored of Object.keys(spec.ignored ?? {})) expect(options).not.toContain(`--${ignored}`);
      if (spec.formats.length > 0) expect(r.stdout).toContain(`--format <${spec.formats.join('|')}>`);
      if (!spec.formats.includes('markdown')) expect(r.stdout).not.toContain('markdown');
      const exits = section(r.stdout, 'Exit codes').map((l) => Number(/^ {4}(\d+) /.exec(l)?.[1]));
      expect(exits).toEqual([...Object.keys(spec.exits).map(Number), 70].sort((a, b) => a - b));
    });
  }

  it('watch offers no markdown; verify does; a reader never lists 3 or 130', async () => {
    expect((await runCli(['watch', '--help'], env)).stdout).not.toMatch(/markdown/i);
    expect((await runCli(['verify', '--help'], env)).stdout).toContain(
      '--format <text|markdown|json|junit|sarif|github>',
    );
    const verify = section((await runCli(['verify', '--help'], env)).stdout, 'Exit codes').join('\n');
    expect(verify).not.toMatch(/^ {4}(3|130) /m);
    const apply = section((await runCli(['apply', '--help'], env)).stdout, 'Exit codes').join('\n');
    expect(apply).toMatch(/^ {4}130 +cancelled at a prompt/m);
  });
});

describe('what help lists is what the command accepts', () => {
  const OPERANDS: Partial<Record<string, string[]>> = {
    maintain: ['partitions'],
    restore: ['/nonexistent-export'],
    contract: ['--contract', '/nonexistent.yaml'],
  };
  for (const command of COMMANDS.filter((c) => COMMAND_TABLE[c].connects)) {
    it(`${command} takes every connection option (the SPP URL ignored where SPP is not used)`, async () => {
      const r = await runCli(
        [
          command,
          ...(OPERANDS[command] ?? []),
          '--issoh-url',
          'postgresql://nobody@127.0.0.1:9/none',
          '--spp-url',
          'postgresql://nobody@127.0.0.1:9/spp',
          '--connect-timeout',
          '1',
          '--statement-timeout',
          '5',
          '--frobnicate',
        ],
        {},
      );
      // Every option up to the last was accepted: the one it does not know is the one refused.
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('unknown option --frobnicate')]);
    });
  }

  it('an option of no command that connects is refused by demo, with the commands that take it', async () => {
    const r = await runCli(['demo', '--issoh-url', 'postgresql://x@127.0.0.1:9/x'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('demo does not take --issoh-url');
  });

  it('each command refuses an option of another: 2, one line', async () => {
    for (const command of COMMANDS) {
      const foreign = EVERY_FLAG.find((f) => !optionsOf(command).includes(f) && f !== 'print-urls');
      const r = await runCli([command, `--${foreign}`], env);
      expect({ command, code: r.code, lines: r.stderr.trim().split('\n').length }).toEqual({
        command,
        code: 2,
        lines: 1,
      });
      expect(r.stderr).toMatch(new RegExp(`does not take --${foreign}|--${foreign} needs a value`));
    }
  });

  it('test-rls --yes, which scripts have, still runs, with a one-line note', async () => {
    const r = await runCli(['test-rls', '--yes', '--connect-timeout', '1'], env);
    expect(r.code).toBe(4);
    expect(r.stderr.split('\n')[0]).toBe(
      'mantis-sync-tui: note: test-rls never asks (it always rolls back); --yes is ignored and will be refused in a later release',
    );
  });

  it('a value-taking option without its value: 2, "needs a value", never the environment instead', async () => {
    for (const args of [
      ['verify', '--issoh-url', '--json'],
      ['verify', '--json', '--issoh-url'],
      ['verify', '--issoh-url='],
      ['watch', '--org', '--once'],
      ['rollback', '--export-dir', '--dry-run'],
      ['maintain', 'cache', '--audit-log'],
    ]) {
      const r = await runCli(args, env);
      const flag = args
        .find((a) => a.startsWith('--') && !['--json', '--once', '--dry-run'].includes(a))!
        .replace(/=$/, '');
      expect({ args, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        args,
        code: 2,
        stdout: '',
        stderr: `mantis-sync-tui: ${flag} needs a value (see mantis-sync-tui ${args[0]} --help)\n`,
      });
    }
  });
});
