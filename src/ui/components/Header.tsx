/**
 * The top line: where the app is (the environment, READ-ONLY), then the screens, numbered, the
 * current one highlighted; compacted to fit narrow terminals, the place always kept.
 */
import { Text } from 'ink';
import type { Place } from '../place.js';
import { TABS } from '../shell.js';
import { tone, useTheme } from '../theme.js';
import { headerSegments } from './headerText.js';

type Properties = {
  readonly screen: string;
  readonly width: number;
  readonly place?: Place | undefined;
};

export function Header({ screen, width, place }: Properties) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end">
      {headerSegments(TABS, screen, width, place).map((part, i) => (
        <Text
          key={i}
          inverse={part.inverse}
          backgroundColor={tone(theme, part.background)}
          bold={part.bold}
          color={tone(theme, part.tone)}
        >
          {part.text}
        </Text>
      ))}
    </Text>
  );
}
