/**
 * The Overview's keys, as data: what a key does (pure), the status-bar hints and the Help lines.
 * keymap.ts calls in here.
 */
import { act, effect } from '../../keyCommands.js';
import type { Command, HelpSection, Hint, KeyPress } from '../../keyTypes.js';
import { TAB_SCREENS } from '../../navigation.js';

/** Keys on the Overview (after the keys that work everywhere). */
export function overviewKeys(input: string, key: KeyPress): Command[] {
  if (input === 'r') return [effect({ type: 'reverify' })];
  if (input === 'e') return [effect({ type: 'export' })];
  if (key.return) return [act({ type: 'nav/go', screen: 'checklist' })];
  return [];
}

/** The status bar, most useful first (help and quit are added last by the caller). */
export function overviewHints(): Hint[] {
  return [
    { keys: 'Enter', label: 'checklist' },
    { keys: 'r', label: 're-verify' },
    { keys: 'e', label: 'export report' },
    { keys: `1-${TAB_SCREENS.length}/Tab`, label: 'screens' },
  ];
}

/** Help's section for the keys the Overview shares with the Checklist. */
export const OVERVIEW_HELP: HelpSection = {
  title: 'Overview and Checklist',
  keys: [
    ['r', 're-verify both databases'],
    ['e', 'write the Markdown report to mantis-verify-<date>.md here'],
    ['Enter', 'Overview: open the checklist'],
  ],
};
