/**
 * The Overview's keys, as data: what a key does (pure), the status-bar hints and the Help lines.
 * Its definition (screen.tsx) hands them to the shell.
 */
import { act, effect } from '../../keyCommands.js';
import type { Command, HelpSection, Hint, KeyPress } from '../../keyTypes.js';

/** Keys on the Overview (after the keys that work everywhere). */
export function overviewKeys(input: string, key: KeyPress): Command[] {
  if (input === 'r') return [effect({ type: 'reverify' })];
  if (input === 'e') return [effect({ type: 'export' })];
  // The findings are the next screen.
  if (key.return) return [act({ type: 'nav/cycle', by: 1 })];
  return [];
}

/** The status bar, most useful first (the screens, help and quit are added last by the shell). */
export function overviewHints(): Hint[] {
  return [
    { keys: 'Enter', label: 'findings' },
    { keys: 'r', label: 're-verify' },
    { keys: 'e', label: 'export report' },
  ];
}

/** Help's section for the keys the Overview shares with the list of findings. */
export const OVERVIEW_HELP: HelpSection = {
  title: 'Overview and Checklist',
  keys: [
    ['r', 're-verify both databases'],
    ['e', 'write the Markdown report to mantis-verify-<date>.md here'],
    ['Enter', 'Overview: open the findings (the next screen)'],
  ],
};
