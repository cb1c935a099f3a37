/**
 * localeCompare's order without ICU where it would give the same answer: a speed trick, fenced in
 * this module (issue 25; its benchmark is test/bench/ui.ts, the verdict on screen, whose "checks"
 * and "connect" rows pay for ICU otherwise; test/bench/startup.ts too).
 *
 * Why: the first collation loads ICU's collation data, 10-30 ms of one synchronous call, on the
 * way to every verdict (the findings are sorted before they are shown). The names compared there
 * (databases, objects, codes) are printable ASCII, and for printable ASCII the root collation,
 * which every English locale uses, is short to write down: each character has its place in
 * ROOT_ORDER (a letter's two cases one place), strings compare by those places, shorter first when
 * one is the other's start, and only when they are equal so far does case decide, lower case
 * first, at the first letter that differs. Any other string, or another locale (whose tailoring
 * may differ: Danish sorts "aa" after "z"), goes to ICU as before. collation.test.ts holds this
 * equal to Intl.Collator over printable ASCII.
 */

/** Printable ASCII in the root collation's order, lower case standing for both cases. */
const ROOT_ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz';

/** Each printable ASCII character's place in ROOT_ORDER (-1: not printable ASCII). */
const PLACE = new Int8Array(128).fill(-1);
for (let i = 0; i < ROOT_ORDER.length; i++) {
  const character = ROOT_ORDER[i]!;
  PLACE[character.charCodeAt(0)] = i;
  PLACE[character.toUpperCase().charCodeAt(0)] = i;
}

const placeOf = (text: string, at: number): number => {
  const code = text.charCodeAt(at);
  return code < 128 ? PLACE[code]! : -1;
};

const printableAscii = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (placeOf(text, i) < 0) return false;
  return true;
};

/** The root collation's comparison of two printable ASCII strings. */
function compareRoot(a: string, b: string): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const difference = placeOf(a, i) - placeOf(b, i);
    if (difference !== 0) return Math.sign(difference);
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  for (let i = 0; i < shared; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    // The same letter in both cases: lower case (the greater code) first.
    if (x !== y) return x > y ? -1 : 1;
  }
  return 0;
}

let collator: Intl.Collator | undefined;
let rootLocale: boolean | undefined;

/** Whether the default locale collates as the root (English): learnt without loading the collation data. */
const inRootLocale = (): boolean =>
  (rootLocale ??= /^(en|und)(-|$)/.test(new Intl.PluralRules().resolvedOptions().locale));

/** As `a.localeCompare(b)`: the same sign, with ICU's collator loaded only when it is needed. */
export function collate(a: string, b: string): number {
  // Most pairs a sort compares share their database or code: nothing to look up for those.
  if (a === b) return 0;
  if (inRootLocale() && printableAscii(a) && printableAscii(b)) return compareRoot(a, b);
  collator ??= new Intl.Collator();
  return collator.compare(a, b);
}

/**
 * In a locale whose order is ICU's alone, its collator is made now (verify: while the servers
 * answer) rather than by the first sort, after them.
 */
export function prepareCollation(): void {
  if (!inRootLocale()) collator ??= new Intl.Collator();
}
