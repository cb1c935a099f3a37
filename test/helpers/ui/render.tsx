/**
 * Component tests render the real components with ink-testing-library and read the unstyled
 * text of the last frame. Terminal size and resizes go through the test stdout, as a terminal's
 * would (columns, rows, a 'resize' event).
 */

import { render as inkRender } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import { type Theme, ThemeContext } from '../../../src/ui/theme.js';

export const UNICODE: Theme = { color: false, unicode: true };
export const ASCII: Theme = { color: false, unicode: false };

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;
export const strip = (text: string): string => text.replace(ANSI, '');

/** Wrapped lines joined again. */
export const flat = (text: string): string => text.replace(/\s+/g, ' ');

export interface Rendered {
  /** the last frame, without escape sequences */
  readonly frame: () => string;
  readonly lines: () => string[];
  /** every raw write so far (frames and anything written straight to the stream) */
  readonly writes: () => string[];
  readonly type: (...keys: string[]) => Promise<void>;
  readonly resize: (columns: number, rows: number) => Promise<void>;
  readonly waitFor: (test: string | RegExp | ((frame: string) => boolean), timeoutMs?: number) => Promise<string>;
  readonly unmount: () => void;
  /** the test stdin: Ink listens on it while the app reads keys */
  readonly stdin: NodeJS.EventEmitter;
}

const mounted: Array<() => void> = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 15));

export function render(
  element: ReactElement,
  options: { theme?: Theme; columns?: number; rows?: number } = {},
): Rendered {
  let columns = options.columns ?? 80;
  let rows = options.rows ?? 24;
  const tree = <ThemeContext.Provider value={options.theme ?? UNICODE}>{element}</ThemeContext.Provider>;
  const instance = inkRender(tree);
  // The test stream reports 100 columns and no rows; give it a size of our own, and draw again
  // at that size (under CI=1 Ink does not listen for resizes itself; the app does).
  Object.defineProperty(instance.stdout, 'columns', { get: () => columns, configurable: true });
  Object.defineProperty(instance.stdout, 'rows', { get: () => rows, configurable: true });
  instance.stdout.emit('resize');
  instance.rerender(tree);
  mounted.push(() => instance.unmount());
  const frame = () => strip(instance.lastFrame() ?? '');
  const waitFor = async (test: string | RegExp | ((frame: string) => boolean), timeoutMs = 10_000) => {
    const matches =
      typeof test === 'function'
        ? test
        : typeof test === 'string'
          ? (f: string) => f.includes(test)
          : (f: string) => test.test(f);
    const deadline = Date.now() + timeoutMs;
    while (!matches(frame())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(test)}; last frame:\n${frame()}`);
      await tick();
    }
    return frame();
  };
  return {
    frame,
    lines: () => frame().split('\n'),
    writes: () => instance.frames,
    async type(...keys) {
      for (const key of keys) {
        instance.stdin.write(key);
        // A lone Esc is told apart from an escape sequence on the next turn of the event loop.
        await tick();
      }
    },
    async resize(c, r) {
      columns = c;
      rows = r;
      instance.stdout.emit('resize');
      await tick();
    },
    waitFor,
    unmount: () => instance.unmount(),
    stdin: instance.stdin,
  };
}
