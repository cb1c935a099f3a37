/**
 * useReducer whose latest state can be read synchronously. Keys arrive in bursts (a pasted
 * filter, "jjj" typed fast, arrows over a slow link): each key must be judged against the state
 * the previous key left, not the state of the last render.
 */
import { useCallback, useRef, useState } from 'react';

export function useStore<S, A>(
  reducer: (state: S, action: A) => S,
  initial: () => S,
): [S, (action: A) => void, () => S] {
  const [state, setState] = useState(initial);
  const ref = useRef(state);
  const dispatch = useCallback(
    (action: A) => {
      const next = reducer(ref.current, action);
      if (next === ref.current) return;
      ref.current = next;
      setState(next);
    },
    [reducer],
  );
  const get = useCallback(() => ref.current, []);
  return [state, dispatch, get];
}
