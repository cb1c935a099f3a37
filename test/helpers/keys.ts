/** Keys as a terminal sends them: for the rendered components (ink-testing-library) and the real binary in a pty. */
export const KEY = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  shiftTab: '\u001b[Z',
  backspace: '\u007f',
  ctrlC: '\u0003',
  ctrlL: '\u000c',
  pageDown: '\u001b[6~',
  pageUp: '\u001b[5~',
} as const;
