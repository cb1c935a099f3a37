/**
 * A screen's view (its component and the geometry its keys read) loaded apart from the app's
 * code: only the first screens' code loads before the first frame (issue 25); the others load
 * once the first verification is done (start.tsx) or when first shown, whichever comes first.
 * Until then the screen says it is loading, and its keys read an empty geometry.
 */
import { Text } from 'ink';
import { useEffect, useState } from 'react';
import { symbols, useTheme } from './theme.js';

export interface LazyView<M> {
  /** starts loading (once); resolves with the module */
  readonly load: () => Promise<M>;
  /** the module, or null while it is not loaded */
  readonly loaded: () => M | null;
}

export function lazyView<M>(importer: () => Promise<M>): LazyView<M> {
  let module: M | null = null;
  let loading: Promise<M> | null = null;
  return {
    load: () => {
      loading ??= importer().then((loaded) => {
        module = loaded;
        return loaded;
      });
      return loading;
    },
    loaded: () => module,
  };
}

/** In a screen's component: its view's module, or null until it has loaded (then it renders again). */
export function useLoadedView<M>(view: LazyView<M>): M | null {
  const [current, setCurrent] = useState(view.loaded);
  useEffect(() => {
    if (current) return;
    let mounted = true;
    void view.load().then((loaded) => {
      if (mounted) setCurrent(() => loaded);
    });
    return () => {
      mounted = false;
    };
  }, [current, view]);
  return current;
}

/** What a screen shows while its view loads (a moment, once). */
export function ViewLoading() {
  return <Text dimColor>loading{symbols(useTheme()).ellipsis}</Text>;
}
