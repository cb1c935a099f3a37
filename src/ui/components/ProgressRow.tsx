/** "IS-SOH ⠋ connecting and reading the catalog…": a spinner for one database while it is read. */
import { Text } from 'ink';
import Spinner from 'ink-spinner';
import { truncate } from '../text.js';
import { symbols, tone, useTheme } from '../theme.js';

type Properties = {
  readonly label: string;
  readonly text: string;
  readonly width: number;
};

export function ProgressRow({ label, text, width }: Properties) {
  const theme = useTheme();
  const sym = symbols(theme);
  const head = label ? `${label.padEnd(7)} ` : '';
  return (
    <Text wrap="truncate-end">
      <Text bold>{head}</Text>
      <Text color={tone(theme, 'cyan')}>
        <Spinner type={sym.spinner} />
      </Text>
      <Text> {truncate(text, Math.max(0, width - head.length - 2), sym.ellipsis)}</Text>
    </Text>
  );
}
