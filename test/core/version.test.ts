import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESCRIPTION, VERSION } from '../../src/version.js';

describe('the version', () => {
  it('is the one package.json says (what --version prints)', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
    expect(VERSION).toBe(pkg.version);
  });

  it('is described as package.json describes it (the first line of --help)', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
    expect(DESCRIPTION).toBe(pkg.description);
  });
});
