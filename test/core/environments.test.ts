/** mantis-sync-tui.json read and resolved: every mistake is one line that names the fix. */
import { describe, expect, it } from 'vitest';
import { parseEnvironments, resolveEnvironment } from '../../src/core/environments.js';

const FILE = 'mantis-sync-tui.json';
const parse = (value: unknown) => parseEnvironments(typeof value === 'string' ? value : JSON.stringify(value), FILE);

describe('parseEnvironments', () => {
  it('reads the environments in the file’s order, with production and readOnly', () => {
    const file = parse({
      environments: {
        staging: { issoh: 'STAGING_DATABASE_URL', spp: 'STAGING_SPP_DATABASE_URL' },
        production: { issoh: 'DATABASE_URL', spp: 'NEON_SPP_DATABASE_URL', production: true, readOnly: true },
      },
    });
    expect(file.environments).toEqual([
      {
        name: 'staging',
        issoh: 'STAGING_DATABASE_URL',
        spp: 'STAGING_SPP_DATABASE_URL',
        production: false,
        readOnly: false,
      },
      { name: 'production', issoh: 'DATABASE_URL', spp: 'NEON_SPP_DATABASE_URL', production: true, readOnly: true },
    ]);
  });

  it.each([
    [
      '{"environments": {',
      /^mantis-sync-tui\.json is not valid JSON at line 1, column 19 .*: fix it, e\.g\. \{"environments"/,
    ],
    ['{\n  "environments": {\n    "a": {"issoh": "X",}\n  }\n}', /is not valid JSON at line 3, column 24/],
    [{ envs: {} }, /must hold an object "environments" naming each environment/],
    [{ environments: {} }, /names no environment/],
    [{ environments: { 'bad name': { issoh: 'X' } } }, /environment "bad name": a name is letters, digits/],
    [
      { environments: { a: { issoh: 'X', sp: 'Y' } } },
      /environment "a" has "sp": the keys are issoh, spp, production, readOnly/,
    ],
    [
      { environments: { a: { issoh: 'not a variable' } } },
      /"issoh" must name the environment variable that holds IS-SOH's URL, e\.g\. "A_ISSOH_DATABASE_URL"/,
    ],
    [{ environments: { a: { issoh: 'X', production: 'yes' } } }, /"production" must be true or false/],
    [{ environments: { a: { production: true } } }, /environment "a" names no database/],
  ])('refuses %j in one line', (text, message) => {
    expect(() => parse(text)).toThrow(message);
  });
});

describe('resolveEnvironment', () => {
  const file = parse({
    environments: {
      staging: { issoh: 'STAGING_DATABASE_URL' },
      inline: { issoh: 'postgresql://app:s3cret@db.example/app', spp: 'postgresql://app@db.example/spp' },
    },
  });

  it('reads the URLs from the variables the environment names', () => {
    expect(resolveEnvironment(file, 'staging', { STAGING_DATABASE_URL: ' postgresql://a@h/d ' })).toEqual({
      name: 'staging',
      production: false,
      readOnly: false,
      issoh: { url: 'postgresql://a@h/d', source: 'STAGING_DATABASE_URL' },
      spp: null,
      warnings: [],
    });
  });

  it('names the fix for an unknown environment and for a variable that is not set', () => {
    expect(() => resolveEnvironment(file, 'prod', {})).toThrow(
      'no environment "prod" in mantis-sync-tui.json: use one of staging, inline',
    );
    expect(() => resolveEnvironment(file, 'staging', { STAGING_DATABASE_URL: '' })).toThrow(
      'environment "staging": STAGING_DATABASE_URL is not set (mantis-sync-tui.json names it for IS-SOH): export STAGING_DATABASE_URL=postgresql://…, or fix the name in mantis-sync-tui.json',
    );
  });

  it('warns of a URL with a password written in the file, naming the variable to use, and never the password', () => {
    const resolved = resolveEnvironment(file, 'inline', {});
    expect(resolved.issoh?.url).toBe('postgresql://app:s3cret@db.example/app');
    expect(resolved.warnings).toEqual([
      `mantis-sync-tui.json: environment "inline" writes IS-SOH's URL with its password in the file: move the URL to an environment variable (e.g. INLINE_ISSOH_DATABASE_URL) and write its name there instead`,
    ]);
    expect(resolved.warnings.join('')).not.toContain('s3cret');
  });
});
