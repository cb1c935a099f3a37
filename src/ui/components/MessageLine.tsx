/**
 * The line above the status bar: what the shown screen takes as text (a filter being typed), the
 * outcome of the last action ("copied …", "wrote …"), or when the databases were last verified.
 * Nothing here ticks.
 */
import { Text } from 'ink';
import type { AppState } from '../appState.js';
import { screenOf } from '../shell.js';
import { symbols, useTheme } from '../theme.js';
import { Line } from './Line.js';
import { ProgressRow } from './ProgressRow.js';

type Properties = {
  readonly state: AppState;
  readonly width: number;
};

const two = (n: number) => String(n).padStart(2, '0');
const clock = (iso: string) => {
  const d = new Date(iso);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
};

export function MessageLine({ state, width }: Properties) {
  const theme = useTheme();
  const sym = symbols(theme);
  const { message, verification } = state;
  const screen = screenOf(state.navigation.screen);
  const typing = screen?.messageLine?.(state, theme);
  if (typing) return <Line segments={typing} width={width} />;
  if (message) {
    const color = message.tone === 'error' ? 'red' : message.tone === 'success' ? 'green' : undefined;
    return <Line segments={[{ text: message.text, tone: color }]} width={width} />;
  }
  if (verification.running) {
    return <ProgressRow label="" text={`verifying IS-SOH and SPP${sym.ellipsis}`} width={width} />;
  }
  if (verification.generatedAt) {
    // Where the screen shows the verification's results, r reads them again.
    const shows = screen === null || screen.needs.verification;
    return (
      <Text wrap="truncate-end" dimColor={theme.color}>
        {`verified at ${clock(verification.generatedAt)}${shows ? `  ${sym.dot}  r re-verifies` : ''}`}
      </Text>
    );
  }
  return <Text> </Text>;
}
