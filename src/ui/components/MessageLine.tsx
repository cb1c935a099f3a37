/**
 * The line above the status bar: the filter being typed, the outcome of the last action
 * ("copied …", "wrote …"), or when the databases were last verified. Nothing here ticks.
 */
import { Text } from 'ink';
import type { AppState } from '../appState.js';
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
  const { checklist, message, verification } = state;
  if (state.navigation.screen === 'checklist' && checklist.editing) {
    return (
      <Line
        segments={[
          { text: '/', bold: true, tone: 'cyan' },
          { text: checklist.filter },
          { text: theme.unicode ? '▏' : '_', tone: 'cyan' },
          { text: '   Enter keeps the filter, Esc clears it', dim: true },
        ]}
        width={width}
      />
    );
  }
  if (state.navigation.screen === 'monitor' && state.monitor.editing) {
    return (
      <Line
        segments={[
          { text: '/', bold: true, tone: 'cyan' },
          { text: state.monitor.filter },
          { text: theme.unicode ? '▏' : '_', tone: 'cyan' },
          { text: '   organization or entity; Enter keeps the filter, Esc clears it', dim: true },
        ]}
        width={width}
      />
    );
  }
  if (message) {
    const color = message.tone === 'error' ? 'red' : message.tone === 'success' ? 'green' : undefined;
    return <Line segments={[{ text: message.text, tone: color }]} width={width} />;
  }
  if (verification.running) {
    return <ProgressRow label="" text={`verifying IS-SOH and SPP${sym.ellipsis}`} width={width} />;
  }
  if (verification.generatedAt) {
    return (
      <Text wrap="truncate-end" dimColor={theme.color}>
        {`verified at ${clock(verification.generatedAt)}${state.navigation.screen === 'monitor' || state.navigation.screen === 'health' ? '' : `  ${sym.dot}  r re-verifies`}`}
      </Text>
    );
  }
  return <Text> </Text>;
}
