/** The bottom line: the keys that work on this screen, as many as fit, help and quit always last. */
import { Text } from 'ink';
import type { Hint } from '../keymap.js';
import { useTheme } from '../theme.js';
import { width as textWidth } from '../text.js';

type Properties = {
  readonly hints: readonly Hint[];
  readonly width: number;
};

const SEPARATOR = '  ';

/** The hints that fit in `width`, keeping the last two (help, quit) whatever else is dropped. */
export function fitHints(hints: readonly Hint[], width: number): Hint[] {
  const size = (list: readonly Hint[]) => list.reduce((sum, h, i) => sum + (i ? SEPARATOR.length : 0) + textWidth(`${h.keys} ${h.label}`), 0);
  if (size(hints) <= width) return [...hints];
  const pinned = hints.slice(-2);
  const rest = hints.slice(0, -2);
  while (rest.length > 0 && size([...rest, ...pinned]) > width) rest.pop();
  return [...rest, ...pinned];
}

export function StatusBar({ hints, width }: Properties) {
  const theme = useTheme();
  const shown = fitHints(hints, width);
  return (
    <Text wrap="truncate-end">
      {shown.map((hint, i) => (
        <Text key={`${hint.keys}-${hint.label}`}>
          {i > 0 ? SEPARATOR : ''}
          <Text bold color={theme.color ? 'cyan' : undefined}>
            {hint.keys}
          </Text>
          <Text> {hint.label}</Text>
        </Text>
      ))}
    </Text>
  );
}
