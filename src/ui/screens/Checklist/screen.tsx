/** The Checklist as the shell sees it: the findings of the last verification, its keys, and copying their SQL. */
import { useCallback } from 'react';
import { copiedMessage } from '../../clipboard.js';
import { detailMaxScroll } from '../../components/FindingDetail.js';
import type { ScreenDefinition, WorkContext } from '../../screen.js';
import { Checklist, listViewport } from './Checklist.js';
import { CHECKLIST_BINDINGS, checklistContext } from './keys.js';
import {
  type ChecklistAction,
  type ChecklistLayout,
  type ChecklistState,
  type CopyRequest,
  checklistOf,
  checklistReducer,
  initialChecklist,
  selectedFinding,
  withFindings,
} from './state.js';

/** y and Y: the fix or evidence SQL of the selected finding to the clipboard, through OSC 52. */
function useChecklistWork({ dispatch, getState, copy, env }: WorkContext) {
  return useCallback(
    (request: unknown) => {
      const { copy: what } = request as CopyRequest;
      const app = getState();
      const finding = selectedFinding(app.verification.findings ?? [], checklistOf(app));
      if (!finding) {
        dispatch({ type: 'message', message: { text: 'select a finding to copy its SQL', tone: 'info' } });
        return;
      }
      const useFix = what === 'fix' && finding.fix !== null;
      const sql = useFix ? (finding.fix ?? '') : finding.evidence;
      // Raw on the stream, not through Ink: the sequence draws nothing, and Ink would repaint around it.
      copy(`${sql.trimEnd()}\n`);
      const said = useFix ? 'fix SQL' : what === 'fix' ? 'evidence SQL (no automatic fix)' : 'evidence SQL';
      dispatch({ type: 'message', message: copiedMessage(`the ${said} of ${finding.code} ${finding.object}`, env) });
    },
    [dispatch, getState, copy, env],
  );
}

export const checklistScreen: ScreenDefinition<ChecklistState> = {
  id: 'checklist',
  key: '2',
  title: 'Checklist',
  needs: { verification: true, feed: false },
  initial: () => initialChecklist,
  owns: ['list/', 'filter/', 'detail/'],
  reduce: (slice, action, app) => checklistReducer(slice, action as ChecklistAction, app.verification.findings ?? []),
  isEvent: () => false,
  withFindings,
  Component: ({ app, width, height }) => (
    <Checklist verification={app.verification} checklist={checklistOf(app)} width={width} height={height} />
  ),
  layout: (app, columns, bodyHeight, theme): ChecklistLayout => {
    const checklist = checklistOf(app);
    const viewport = listViewport(app.verification, columns, bodyHeight, theme);
    const detail = checklist.detail ? app.verification.findings?.find((f) => f.id === checklist.detail?.id) : undefined;
    return {
      listViewport: viewport,
      detailMax: detail ? detailMaxScroll(detail, columns, bodyHeight, theme) : 0,
      page: Math.max(1, viewport - 1),
    };
  },
  keys: {
    context: checklistContext,
    modal: (context) => context === 'filter',
    bindings: CHECKLIST_BINDINGS,
  },
  messageLine: (app, theme) => {
    const checklist = checklistOf(app);
    if (!checklist.editing) return null;
    return [
      { text: '/', bold: true, tone: 'cyan' },
      { text: checklist.filter },
      { text: theme.unicode ? '▏' : '_', tone: 'cyan' },
      { text: '   Enter keeps the filter, Esc clears it', dim: true },
    ];
  },
  useWork: useChecklistWork,
};
