/**
 * The checklist's own state (selection, collapsed groups, filter, detail pane) and the rows it
 * shows: pure functions of the findings and that state, tested without rendering.
 */
import { type Finding, GROUP_TITLES, GROUPS, type Group, type Summary, summarize } from '../../../core/finding.js';
import type { AppState } from '../../appState.js';
import { sliceOf } from '../../screen.js';
import { scrollOffset } from '../../scroll.js';

export type Row =
  | {
      readonly kind: 'group';
      readonly key: string;
      readonly group: Group;
      readonly title: string;
      /** counts over the whole group, whatever the filter */
      readonly summary: Summary;
      readonly collapsed: boolean;
      /** findings of the group that pass the filter */
      readonly shown: number;
    }
  | { readonly kind: 'finding'; readonly key: string; readonly finding: Finding };

export interface ChecklistState {
  readonly collapsed: readonly Group[];
  /** whether the default collapse (groups that all pass) was applied to the first findings */
  readonly seeded: boolean;
  /** key of the selected row */
  readonly selected: string | null;
  /** first row shown in the list viewport */
  readonly offset: number;
  readonly filter: string;
  /** the filter is being typed */
  readonly editing: boolean;
  readonly failuresOnly: boolean;
  /** the detail pane, when open: which finding, scrolled how far */
  readonly detail: { readonly id: string; readonly scroll: number } | null;
}

export type ChecklistAction =
  | { readonly type: 'list/move'; readonly by: number | 'start' | 'end'; readonly viewport: number }
  | { readonly type: 'list/open' }
  | { readonly type: 'list/collapse' }
  | { readonly type: 'list/expand' }
  | { readonly type: 'list/failures-only' }
  | { readonly type: 'filter/start' }
  | { readonly type: 'filter/input'; readonly text: string }
  | { readonly type: 'filter/backspace' }
  | { readonly type: 'filter/accept' }
  | { readonly type: 'filter/clear' }
  | { readonly type: 'detail/close' }
  | { readonly type: 'detail/scroll'; readonly by: number | 'start' | 'end'; readonly max: number };

/** The Checklist's state in the app's. */
export const checklistOf = (app: AppState): ChecklistState => sliceOf<ChecklistState>(app, 'checklist');

/** What the keys read of the Checklist's geometry (screen.tsx measures it). */
export interface ChecklistLayout {
  /** rows of the list shown at once */
  readonly listViewport: number;
  /** how far the open detail pane can scroll */
  readonly detailMax: number;
  /** lines moved by PgUp / PgDn */
  readonly page: number;
}

/** y and Y: the SQL of the selected finding to the clipboard (the screen's work). */
export interface CopyRequest {
  readonly copy: 'fix' | 'evidence';
}

export const initialChecklist: ChecklistState = {
  collapsed: [],
  seeded: false,
  selected: null,
  offset: 0,
  filter: '',
  editing: false,
  failuresOnly: false,
  detail: null,
};

export const groupKey = (group: Group): string => `group:${group}`;

const DATABASE_LABELS = { issoh: 'is-soh issoh', spp: 'spp' } as const;

/** Every word of the query must appear in the finding's code, title, object, database or status. */
export function matchesFilter(finding: Finding, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    finding.code,
    finding.title,
    finding.object,
    DATABASE_LABELS[finding.database],
    finding.status,
    GROUP_TITLES[finding.group],
  ]
    .join(' ')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** While a filter or "failures only" narrows the list, every group with a match is shown open. */
export const isNarrowed = (state: ChecklistState): boolean => state.filter.trim() !== '' || state.failuresOnly;

export function checklistRows(findings: readonly Finding[], state: ChecklistState): Row[] {
  const narrowed = isNarrowed(state);
  const rows: Row[] = [];
  for (const group of GROUPS) {
    const all = findings.filter((f) => f.group === group);
    if (all.length === 0) continue;
    const visible = all.filter((f) => (!state.failuresOnly || f.status === 'fail') && matchesFilter(f, state.filter));
    if (narrowed && visible.length === 0) continue;
    const collapsed = !narrowed && state.collapsed.includes(group);
    rows.push({
      kind: 'group',
      key: groupKey(group),
      group,
      title: GROUP_TITLES[group],
      summary: summarize(all),
      collapsed,
      shown: visible.length,
    });
    if (!collapsed) for (const finding of visible) rows.push({ kind: 'finding', key: finding.id, finding });
  }
  return rows;
}

export function selectedIndex(rows: readonly Row[], state: ChecklistState): number {
  const index = rows.findIndex((row) => row.key === state.selected);
  return Math.max(index, 0);
}

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

/** Groups whose findings all pass start collapsed: the eye goes to what is wrong. */
export function defaultCollapsed(findings: readonly Finding[]): Group[] {
  return GROUPS.filter((group) => {
    const own = findings.filter((f) => f.group === group);
    return own.length > 0 && own.every((f) => f.status === 'pass' || f.status === 'skip');
  });
}

/** After the findings were replaced (first run, re-verify): seed collapse, keep the selection when it still exists. */
export function withFindings(state: ChecklistState, findings: readonly Finding[]): ChecklistState {
  const seeded = state.seeded ? state : { ...state, collapsed: defaultCollapsed(findings), seeded: true };
  const rows = checklistRows(findings, seeded);
  const selected = rows.some((r) => r.key === seeded.selected) ? seeded.selected : (rows[0]?.key ?? null);
  const detail = seeded.detail && findings.some((f) => f.id === seeded.detail?.id) ? seeded.detail : null;
  return { ...seeded, selected, detail };
}

/** After the filter changed: select the first matching finding, or the first row. */
function reselect(state: ChecklistState, findings: readonly Finding[]): ChecklistState {
  const rows = checklistRows(findings, state);
  const kept = rows.find((r) => r.key === state.selected);
  if (kept && (kept.kind === 'finding' || !isNarrowed(state))) return state;
  const first = rows.find((r) => r.kind === 'finding') ?? rows[0];
  return { ...state, selected: first?.key ?? null, offset: 0 };
}

export function checklistReducer(
  state: ChecklistState,
  action: ChecklistAction,
  findings: readonly Finding[],
): ChecklistState {
  switch (action.type) {
    case 'list/move': {
      const rows = checklistRows(findings, state);
      if (rows.length === 0) return state;
      const current = selectedIndex(rows, state);
      const target =
        action.by === 'start'
          ? 0
          : action.by === 'end'
            ? rows.length - 1
            : clamp(current + action.by, 0, rows.length - 1);
      return {
        ...state,
        selected: rows[target]?.key ?? null,
        offset: scrollOffset(state.offset, target, action.viewport, rows.length),
      };
    }
    case 'list/open': {
      const rows = checklistRows(findings, state);
      const row = rows[selectedIndex(rows, state)];
      if (!row) return state;
      if (row.kind === 'finding') return { ...state, selected: row.key, detail: { id: row.finding.id, scroll: 0 } };
      if (isNarrowed(state)) return state;
      const collapsed = row.collapsed
        ? state.collapsed.filter((g) => g !== row.group)
        : [...state.collapsed, row.group];
      return { ...state, selected: row.key, collapsed };
    }
    case 'list/collapse': {
      if (isNarrowed(state)) return state;
      const rows = checklistRows(findings, state);
      const row = rows[selectedIndex(rows, state)];
      if (!row) return state;
      const group = row.kind === 'group' ? row.group : row.finding.group;
      const collapsed = state.collapsed.includes(group) ? state.collapsed : [...state.collapsed, group];
      return { ...state, collapsed, selected: groupKey(group) };
    }
    case 'list/expand': {
      const rows = checklistRows(findings, state);
      const row = rows[selectedIndex(rows, state)];
      if (row?.kind !== 'group') return state;
      return { ...state, collapsed: state.collapsed.filter((g) => g !== row.group) };
    }
    case 'list/failures-only':
      return reselect({ ...state, failuresOnly: !state.failuresOnly }, findings);
    case 'filter/start':
      return { ...state, editing: true };
    case 'filter/input': {
      // Only printable text: control characters and escape sequences never reach the filter.
      const text = action.text
        .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b./g, '')
        .replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
      if (text === '') return state;
      return reselect({ ...state, filter: state.filter + text }, findings);
    }
    case 'filter/backspace':
      return reselect({ ...state, filter: [...state.filter].slice(0, -1).join('') }, findings);
    case 'filter/accept':
      return { ...state, editing: false };
    case 'filter/clear':
      return reselect({ ...state, filter: '', editing: false }, findings);
    case 'detail/close':
      return { ...state, detail: null };
    case 'detail/scroll': {
      if (!state.detail) return state;
      const max = Math.max(0, action.max);
      const scroll =
        action.by === 'start' ? 0 : action.by === 'end' ? max : clamp(state.detail.scroll + action.by, 0, max);
      return { ...state, detail: { ...state.detail, scroll } };
    }
    default:
      return state;
  }
}

/** The finding the cursor is on, when it is on a finding. */
export function selectedFinding(findings: readonly Finding[], state: ChecklistState): Finding | null {
  if (state.detail) return findings.find((f) => f.id === state.detail?.id) ?? null;
  return findings.find((f) => f.id === state.selected) ?? null;
}
