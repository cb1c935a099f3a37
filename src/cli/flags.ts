/**
 * The command line read into FLAGS' names and types (camelCase; --no-color is `color: false`), by
 * Node's own parser. meow did this before; loading it (a package.json reader and its licence tables,
 * sorted at load) was a third of `verify --json`'s start-up (issue 25). checkFlags (usage.ts) has
 * refused what is unknown, another command's, without its value or not a number before this runs,
 * so this only reads.
 */
import { parseArgs } from 'node:util';
import { FLAGS } from './usage.js';

interface FlagSpec {
  readonly type: 'string' | 'boolean' | 'number';
  readonly isMultiple?: boolean;
  readonly default?: boolean;
}
type ValueOf<Spec> = Spec extends { readonly isMultiple: true }
  ? string[]
  : Spec extends { readonly type: 'boolean' }
    ? boolean
    : Spec extends { readonly type: 'number' }
      ? number | undefined
      : string | undefined;

export type Flags = { readonly [Name in keyof typeof FLAGS]: ValueOf<(typeof FLAGS)[Name]> };

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const SPECS = Object.entries(FLAGS as Readonly<Record<string, FlagSpec>>);
const PARSE_OPTIONS = Object.fromEntries(
  SPECS.map(([name, spec]) => [
    kebab(name),
    { type: spec.type === 'boolean' ? ('boolean' as const) : ('string' as const), multiple: spec.isMultiple === true },
  ]),
);

/** The words that are not options (the command, its operands, anything after `--`) and the flags. */
export function parseCommandLine(argv: readonly string[]): { readonly input: string[]; readonly flags: Flags } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: PARSE_OPTIONS,
    strict: false,
    allowPositionals: true,
  });
  const flags: Record<string, unknown> = {};
  for (const [name, spec] of SPECS) {
    const given = values[kebab(name)];
    if (spec.type === 'boolean') flags[name] = values[`no-${kebab(name)}`] === true ? false : (given ?? spec.default);
    else if (spec.isMultiple) flags[name] = given ?? [];
    else if (spec.type === 'number') flags[name] = given === undefined ? undefined : Number(given);
    else flags[name] = given;
  }
  return { input: positionals, flags: flags as Flags };
}
