/**
 * Key bindings read three ways, so the three cannot drift: which binding a key press reaches (the
 * dispatcher), the hints of the bindings at work (the status bar), and every binding's line
 * (Help). Pure.
 */
import type { HelpSection, Hint, KeyBinding, KeyName, KeyPress, Press } from './keyTypes.js';
import type { Symbols } from './theme.js';

/** The named keys and how Ink reports each. */
const NAMED: Readonly<Record<string, (key: KeyPress) => boolean>> = {
  up: (k) => k.upArrow === true,
  down: (k) => k.downArrow === true,
  left: (k) => k.leftArrow === true,
  right: (k) => k.rightArrow === true,
  pageup: (k) => k.pageUp === true,
  pagedown: (k) => k.pageDown === true,
  home: (k) => k.home === true,
  end: (k) => k.end === true,
  enter: (k) => k.return === true,
  esc: (k) => k.escape === true,
  tab: (k) => k.tab === true && !k.shift,
  'shift-tab': (k) => k.tab === true && k.shift === true,
  // Terminals send DEL for Backspace, which Ink reports as delete.
  backspace: (k) => k.backspace === true || k.delete === true,
};

const WILDCARDS = new Set(['text', 'any']);
export const isWildcard = (name: KeyName): boolean => WILDCARDS.has(name);

/** Whether the name is one the bindings may use: a character, a named key, a Ctrl chord or a wildcard. */
export const isKeyName = (name: KeyName): boolean =>
  name in NAMED || isWildcard(name) || /^ctrl-[a-z]$/.test(name) || [...name].length === 1;

/** Printable text typed: no Ctrl, Meta, Tab, Enter or Esc. */
const isText = ({ input, key }: Press): boolean =>
  input !== '' && !key.ctrl && !key.meta && !key.tab && !key.return && !key.escape;

/** Whether the press is this key (a wildcard takes what no other key there takes). */
export function isKey(name: KeyName, press: Press): boolean {
  const { input, key } = press;
  const named = NAMED[name];
  if (named) return named(key);
  if (name === 'any') return true;
  if (name === 'text') return isText(press);
  if (name.startsWith('ctrl-')) return key.ctrl === true && input === name.slice('ctrl-'.length);
  // A character, typed as such: with Ctrl or Meta held it is another key.
  return input === name && !key.ctrl && !key.meta;
}

/** A binding at work where the keys are read, with the keys of it that work there and its hint there. */
export interface Active {
  readonly binding: KeyBinding;
  readonly keys: readonly KeyName[];
  readonly hint: string | undefined;
}

/** A binding's hint in a context. */
const hintIn = (binding: KeyBinding, context: string): string | undefined =>
  typeof binding.hint === 'string' ? binding.hint : binding.hint?.[context];

/** The bindings of `bindings` that work in `context`, all their keys. */
export const activeIn = (bindings: readonly KeyBinding[], context: string): Active[] =>
  bindings
    .filter((b) => b.in.includes(context))
    .map((binding) => ({ binding, keys: binding.keys, hint: hintIn(binding, context) }));

/** The binding a press reaches: one whose key it is, else one whose wildcard takes it. */
export function bindingFor(active: readonly Active[], press: Press): Active | undefined {
  return (
    active.find((a) => a.keys.some((k) => !isWildcard(k) && isKey(k, press))) ??
    active.find((a) => a.keys.some((k) => isWildcard(k) && isKey(k, press)))
  );
}

/** A key as the status bar and Help name it. */
function keyLabel(name: KeyName, sym: Symbols): string {
  const unicode = sym.up === '↑';
  switch (name) {
    case 'up':
      return sym.up;
    case 'down':
      return sym.down;
    case 'left':
      return unicode ? '←' : 'Left';
    case 'right':
      return unicode ? '→' : 'Right';
    case 'pageup':
      return 'PgUp';
    case 'pagedown':
      return 'PgDn';
    case 'home':
      return 'Home';
    case 'end':
      return 'End';
    case 'enter':
      return 'Enter';
    case 'esc':
      return 'Esc';
    case 'tab':
      return 'Tab';
    case 'shift-tab':
      return 'Shift-Tab';
    case 'backspace':
      return 'Backspace';
    case 'text':
      return 'type';
    case 'any':
      return 'any key';
    case ' ':
      return 'space';
    default:
      return name.startsWith('ctrl-') ? `Ctrl-${name.slice('ctrl-'.length).toUpperCase()}` : name;
  }
}

type Family = 'character' | 'named' | 'chord' | 'wildcard';
const familyOf = (name: KeyName): Family =>
  isWildcard(name)
    ? 'wildcard'
    : name.startsWith('ctrl-') || name === 'shift-tab'
      ? 'chord'
      : name in NAMED
        ? 'named'
        : 'character';

/** Keys in runs of one family (arrows, letters, chords): "↑ ↓", "j k", "Ctrl-U Ctrl-D". */
function runs(names: readonly KeyName[], sym: Symbols): string[][] {
  const groups: Array<{ family: Family; labels: string[] }> = [];
  for (const name of names) {
    const family = familyOf(name);
    const last = groups.at(-1);
    if (last && last.family === family) last.labels.push(keyLabel(name, sym));
    else groups.push({ family, labels: [keyLabel(name, sym)] });
  }
  return groups.map((g) => g.labels);
}

/** Keys as Help names them: "↑ ↓  j k", "q  Ctrl-C". */
export const helpKeysText = (names: readonly KeyName[], sym: Symbols): string =>
  runs(names, sym)
    .map((labels) => labels.join(' '))
    .join('  ');

/** Single characters in a row, with a run of digits as its ends: "jk", "1-6". */
function squeeze(labels: readonly string[]): string {
  const digits = labels.every((l) => /^\d$/.test(l));
  if (digits && labels.length > 2) return `${labels[0]}-${labels.at(-1)}`;
  return labels.join('');
}

/** Keys as the status bar names them: "↑↓/jk", "PgUp/PgDn", "1-6/Tab". */
const hintKeysText = (names: readonly KeyName[], sym: Symbols): string =>
  runs(names, sym)
    .map((labels) => (labels.every((l) => [...l].length === 1) ? squeeze(labels) : labels.join('/')))
    .join('/');

/** The hints of the bindings at work, in their order: each names its keys that work here. */
export function hintsOf(active: readonly Active[], sym: Symbols): Hint[] {
  return active.flatMap(({ binding, keys, hint }) => {
    if (hint === undefined) return [];
    const preferred = (binding.hintKeys ?? binding.keys).filter((k) => keys.includes(k));
    const names = preferred.length > 0 ? preferred : keys;
    return [{ keys: hintKeysText(names, sym), label: hint, names }];
  });
}

/** Whose bindings Help lists, under which title when a binding names no section of its own. */
export interface BindingOwner {
  readonly title: string;
  readonly bindings: readonly KeyBinding[];
}

/** Help's sections, in the order they first appear; a line two owners share (a confirmation's keys) is listed once. */
export function helpSectionsOf(owners: readonly BindingOwner[], sym: Symbols): HelpSection[] {
  const sections = new Map<string, Array<readonly [string, string]>>();
  for (const { title, bindings } of owners) {
    for (const binding of bindings) {
      const section = binding.section ?? title;
      const lines = sections.get(section) ?? [];
      const line = [helpKeysText(binding.keys, sym), binding.help] as const;
      if (!lines.some(([k, h]) => k === line[0] && h === line[1])) lines.push(line);
      sections.set(section, lines);
    }
  }
  return [...sections].map(([title, keys]) => ({ title, keys }));
}
