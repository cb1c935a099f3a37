/** The bottom line: the keys that work on this screen, as many as fit, help and quit always last. */
import { Text } from 'ink';
import type { Hint } from '../keyTypes.js';
import { width as textWidth } from '../text.js';
import { useTheme } from '../theme.js';

type Properties = {
  readonly hints: readonly Hint[];
  readonly width: number;
};

const SEPARATOR = '  ';

/**
 * Hints for keys that work on every screen or only move: the header and Help show them too, so
 * they give way first when the line is short; the keys that act on this screen stay.
 */
const GENERAL = new Set([
  'screens',
  'back',
  'move',
  'scroll',
  'scroll SQL',
  'page',
  'step',
  're-verify',
  'export',
  'export report',
]);
export const isGeneralHint = (hint: Hint): boolean => GENERAL.has(hint.label);

/** The hints that fit in `width`, keeping the last two (help, quit) whatever else is dropped: general ones first, then from the end. */
export function fitHints(hints: readonly Hint[], width: number): Hint[] {
  const size = (list: readonly Hint[]) =>
    list.reduce((sum, h, i) => sum + (i ? SEPARATOR.length : 0) + textWidth(`${h.keys} ${h.label}`), 0);
  if (size(hints) <= width) return [...hints];
  const pinned = hints.slice(-2);
  let rest = hints.slice(0, -2);
  for (let i = rest.length - 1; i >= 0 && size([...rest, ...pinned]) > width; i--) {
    if (isGeneralHint(rest[i]!)) rest = [...rest.slice(0, i), ...rest.slice(i + 1)];
  }
  while (rest.length > 0 && size([...rest, ...pinned]) > width) rest = rest.slice(0, -1);
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
