/**
 * collate (src/core/collation.ts) orders as localeCompare does: over printable ASCII without ICU,
 * checked here against ICU's own collator, and through ICU for anything else.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { collate } from '../../src/core/collation.js';

const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');

/** A small deterministic generator (xorshift), so a failure names the same strings on every run. */
function randomStrings(count: number, alphabet: string, seed = 2463534242): string[] {
  let state = seed;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: Math.floor(next() * 7) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''),
  );
}

describe('collate', () => {
  // This process's default locale is English (the tests run under C.UTF-8 or en_US): the fast path.
  const icu = new Intl.Collator();
  /** The pairs that collate orders otherwise than ICU. */
  const disagreements = (left: readonly string[], right: readonly string[]) =>
    left.flatMap((a) =>
      right.filter((b) => Math.sign(collate(a, b)) !== Math.sign(icu.compare(a, b))).map((b) => [a, b]),
    );

  it('orders every pair of printable ASCII characters as ICU does', () => {
    expect(disagreements([...PRINTABLE], [...PRINTABLE])).toEqual([]);
  });

  it('orders printable ASCII strings as ICU does: prefixes, case only where all else is equal, punctuation', () => {
    // Few letters in both cases, digits and punctuation: many pairs equal but for case or length.
    const strings = [
      ...randomStrings(1500, 'aAbB_.-1 ('),
      ...randomStrings(500, PRINTABLE),
      ...['public.organization', 'auth.uid()', 'auth.users_extended', 'TOP004', 'top004', 'issoh', 'spp', ''],
    ];
    expect(disagreements(strings, strings)).toEqual([]);
    expect([...strings].sort(collate)).toEqual([...strings].sort(icu.compare));
  });

  it('leaves anything else to ICU: accents, other scripts, control characters', () => {
    const strings = ['é', 'e', 'E', 'ė', 'z', 'ä', 'a\u0301', 'Ω', 'ß', 'ss', 'a\u0000b', 'ab', 'a\tb', '日本'];
    expect(disagreements(strings, strings)).toEqual([]);
  });

  it("follows another locale's order through ICU (Danish sorts aa after z), made ready beforehand", () => {
    const sorted = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { collate, prepareCollation } = await import(${JSON.stringify(new URL('../../src/core/collation.ts', import.meta.url).href)});
        prepareCollation();
        console.log(['aa', 'z', 'ab'].sort(collate).join(' '));`,
      ],
      { env: { ...process.env, LC_ALL: 'da_DK.UTF-8', LANG: 'da_DK.UTF-8' }, encoding: 'utf8' },
    );
    expect(sorted.trim()).toBe('ab z aa');
  });
});
