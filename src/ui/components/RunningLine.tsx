/**
 * "⠋ applying prereq-organization… 1.4 s · q cancels it": a spinner and the elapsed time of the
 * write that is running, and while it waits for a lock, that wait in the CLI's words ("waiting
 * 3 s for a lock on …, held by pid 42 (psql, user ops) for 12 s"). The only part of these screens
 * that ticks, and only while a write runs.
 */
import { Text } from 'ink';
import Spinner from 'ink-spinner';
import { createContext, useContext, useEffect, useState } from 'react';
import { truncate } from '../text.js';
import { symbols, tone, useTheme } from '../theme.js';
import { cutAtWord } from './cut.js';

type Properties = {
  readonly text: string;
  /** Date.now() when the write started */
  readonly startedAt: number;
  /** said after the time, dimmed */
  readonly after: string;
  readonly width: number;
};

/** The running write's wait for a lock, in words (the app's state, given by the frame), or null. */
export const LockWaitContext = createContext<string | null>(null);

/** "0.4 s", "12.3 s", "2 min 05 s" */
export function elapsedText(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

export function RunningLine({ text, startedAt, after, width }: Properties) {
  const theme = useTheme();
  const sym = symbols(theme);
  const waiting = useContext(LockWaitContext);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, []);
  const elapsed = ` ${elapsedText(now - startedAt)}`;
  const room = Math.max(0, width - 2 - elapsed.length);
  const main = truncate(`${text}${sym.ellipsis}`, room, sym.ellipsis);
  // The hint after the time is cut at a word ("q cancels it …"), never inside one.
  const said = waiting ?? after;
  const rest = cutAtWord(said ? `  ${sym.dot} ${said}` : '', Math.max(0, room - main.length), sym.ellipsis, 0);
  return (
    <Text wrap="truncate-end">
      <Text color={tone(theme, 'cyan')}>
        <Spinner type={sym.spinner} />
      </Text>
      <Text bold> {main}</Text>
      <Text>{elapsed}</Text>
      {waiting ? <Text color={tone(theme, 'yellow')}>{rest}</Text> : <Text dimColor={theme.color}>{rest}</Text>}
    </Text>
  );
}
