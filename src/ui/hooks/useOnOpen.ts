/**
 * Runs `open` each time a screen is opened (not when it comes back from Help, which is no
 * opening), unless a write is running: how Remediate reads its plan and Rollback its dry run afresh.
 */
import { useEffect, useRef } from 'react';
import { HELP } from '../navigation.js';
import type { WorkContext } from '../screen.js';

export function useOnOpen(context: Pick<WorkContext, 'shown' | 'id' | 'writes'>, open: () => void): void {
  const previous = useRef<string | null>(null);
  const writes = useRef(context.writes);
  writes.current = context.writes;
  const { shown, id } = context;
  useEffect(() => {
    const from = previous.current;
    previous.current = shown;
    if (from === HELP || from === shown) return;
    if (shown === id && !writes.current.running()) open();
  }, [shown, id, open]);
}
