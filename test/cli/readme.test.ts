/**
 * The README's sample sessions are what the tool prints: each `$ mantis-sync-tui …` in a README
 * code block runs, through the built binary, on seed 000's IS-SOH and SPP (in order, on the same
 * databases), and every line shown under it must be in its real output. Normalised: hosts and
 * database names, the user, the server version, timestamps and durations, and runs of spaces.
 * `…` in a line stands for any text; a line that is only `…` stands for lines left out. Between
 * two such lines, the sample's lines are consecutive in the real output too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { ROOT, withClient } from '../helpers/databases.js';

interface Sample {
  readonly command: string;
  readonly args: string[];
  readonly lines: string[];
}

/** Every `$ … mantis-sync-tui ARGS` of the README's code blocks, with the lines shown under it. */
function readmeSamples(readme: string): Sample[] {
  const samples: Sample[] = [];
  for (const block of readme.matchAll(/^```\n(\$ [\s\S]*?)^```$/gm)) {
    for (const line of block[1]!.split('\n')) {
      const command = /^\$ (?:.* )?mantis-sync-tui(.*)$/.exec(line);
      if (command) samples.push({ command: line, args: command[1]!.trim().split(/\s+/).filter(Boolean), lines: [] });
      else if (line.trim() !== '') samples.at(-1)?.lines.push(line);
    }
  }
  return samples;
}

/** What differs between runs and machines, made equal. */
const normalise = (line: string): string =>
  line
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME')
    .replace(/\b(127\.0\.0\.1|localhost|[\w.-]+\.neon\.tech)\/\w+/g, 'HOST/DB')
    .replace(/PostgreSQL \d+\.\d+( \([^)]*\))?/g, 'PostgreSQL V')
    .replace(/\buser \w+( \(superuser\))?/g, 'user U')
    .replace(/connected as \w+/g, 'connected as U')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '…')
    .replace(/\d+ ms\b/g, 'N ms')
    .replace(/\s+/g, ' ')
    .trim();

const ELIDED = '…';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pattern = (sampleLine: string) =>
  new RegExp(`^${normalise(sampleLine).split(ELIDED).map(escapeRegExp).join('.*')}$`);

/** The sample lines not found (in order, consecutive between `…` lines) in the real output; [] when all are. */
function missingLines(sample: readonly string[], output: string): string[] {
  // Blank lines are left out on both sides: a sample's blank line separates commands.
  const real = output
    .split('\n')
    .map(normalise)
    .filter((l) => l !== '');
  const chunks: string[][] = [[]];
  for (const line of sample) {
    if (normalise(line) === ELIDED) chunks.push([]);
    else chunks.at(-1)!.push(line);
  }
  let from = 0;
  for (const chunk of chunks.filter((c) => c.length > 0)) {
    const patterns = chunk.map(pattern);
    let at = -1;
    for (let start = from; start + patterns.length <= real.length && at < 0; start++) {
      if (patterns.every((p, i) => p.test(real[start + i]!))) at = start;
    }
    if (at < 0) {
      // Name the first line that is nowhere after the previous chunk, or else the chunk, not consecutive.
      const lost = patterns.findIndex((p) => !real.slice(from).some((l) => p.test(l)));
      return lost >= 0 ? [chunk[lost]!] : [`not consecutive: ${chunk.join(' / ')}`];
    }
    from = at + patterns.length;
  }
  return [];
}

/** What a sample's situation needs before its command runs, beyond the commands before it. */
const GIVEN: Record<string, string> = {
  // The RLS section's sample: a partition granted to clients, read directly past the table's policies.
  'test-rls': 'GRANT SELECT ON public.sync_activity_log_future TO authenticated',
};

describe("the README's sample output", () => {
  const samples = readmeSamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  it('finds the samples: verify, apply, test-rls, each with lines to check', () => {
    expect(samples.map((s) => s.args.join(' '))).toEqual(['verify', 'apply --yes', 'test-rls']);
    expect(samples.every((s) => s.lines.length >= 10)).toBe(true);
  });

  it('is what the tool prints on seed 000, line for line', async () => {
    const env = {
      DATABASE_URL: await freshDatabase('issohSeed000', 'readme'),
      NEON_SPP_DATABASE_URL: await freshDatabase('sppSeed000', 'readme'),
      XDG_STATE_HOME: scratchDirectory('mantis-readme-state-'),
    };
    for (const sample of samples) {
      const given = GIVEN[sample.args[0]!];
      if (given) await withClient(env.DATABASE_URL, (c) => c.query(given));
      const r = await runCli(sample.args, env);
      expect({ command: sample.command, missing: missingLines(sample.lines, r.stdout) }).toEqual({
        command: sample.command,
        missing: [],
      });
    }
  }, 60_000);

  it('a sample line that the tool does not print is caught, as is one out of place', () => {
    const output =
      'Summary  8 pass · 4 fail · 3 warn · 75 blocked\n[1/8] a\n    ✓ committed in 47 ms: 1 finding fixed\n[2/8] b';
    expect(missingLines(['Summary  8 pass · 4 fail · 3 warn · 75 blocked'], output)).toEqual([]);
    expect(missingLines(['Summary  8 pass · 4 fail · 3 warn · 76 blocked'], output)).toEqual([
      'Summary  8 pass · 4 fail · 3 warn · 76 blocked',
    ]);
    expect(missingLines(['[1/8] a', '    ✓ committed in 5 ms: 1 finding fixed', '…', '[2/8] b'], output)).toEqual([]);
    expect(missingLines(['[1/8] a', '[2/8] b'], output)).toEqual(['not consecutive: [1/8] a / [2/8] b']);
    expect(missingLines(['[2/8] b', '…', '[1/8] a'], output)).toEqual(['[1/8] a']);
  });
});
