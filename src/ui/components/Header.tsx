/**
 * The top line: where the app is (the environment, READ-ONLY), then the screens, numbered, the
 * current one highlighted; compacted to fit narrow terminals, the place always kept.
 */
import { Text } from 'ink';
import { HELP } from '../navigation.js';
import { type Place, placeLabel } from '../place.js';
import { TABS } from '../shell.js';
import { width as textWidth } from '../text.js';
import { useTheme } from '../theme.js';

type Properties = {
  readonly screen: string;
  readonly width: number;
  readonly place?: Place | undefined;
};

export interface TabPart {
  readonly text: string;
  readonly current: boolean;
}

const NAME = 'mantis-sync-tui';

/** The header's text parts; the current tab is padded by a space each side (drawn inverse). */
export function headerParts(screen: string, width: number, place?: Place): TabPart[] {
  const label = placeLabel(place);
  const tabs = tabParts(screen, width - (label ? textWidth(label) + 3 : 0));
  return label ? [{ text: ` ${label} `, current: false }, { text: ' ', current: false }, ...tabs] : tabs;
}

function tabParts(screen: string, width: number): TabPart[] {
  const tabs = [
    ...TABS.map((s) => ({ key: s.key, title: s.title, current: s.id === screen })),
    { key: '?', title: 'Help', current: screen === HELP },
  ];
  const lay = (labelOf: (t: (typeof tabs)[number]) => string): TabPart[] =>
    tabs.flatMap((tab, i) => {
      const previous = tabs[i - 1];
      const separator = i === 0 ? '' : tab.current || previous?.current ? ' ' : '  ';
      const label = labelOf(tab);
      return [
        ...(separator ? [{ text: separator, current: false }] : []),
        { text: tab.current ? ` ${label} ` : label, current: tab.current },
      ];
    });
  const size = (parts: TabPart[]) => parts.reduce((sum, p) => sum + textWidth(p.text), 0);
  const full = lay((t) => `${t.key} ${t.title}`);
  if (size(full) + NAME.length + 2 <= width) return [{ text: `${NAME}  `, current: false }, ...full];
  if (size(full) <= width) return full;
  return lay((t) => (t.current ? `${t.key} ${t.title}` : t.key));
}

export function Header({ screen, width, place }: Properties) {
  const theme = useTheme();
  const parts = headerParts(screen, width, place);
  const label = placeLabel(place);
  const warning = place?.environment?.production || place?.readOnly;
  return (
    <Text wrap="truncate-end">
      {parts.map((part, i) => (
        <Text
          key={i}
          inverse={part.current || (label !== '' && i === 0)}
          backgroundColor={
            label !== '' && i === 0 && theme.color && warning
              ? place?.environment?.production
                ? 'red'
                : 'yellow'
              : undefined
          }
          bold={part.current || part.text.startsWith(NAME)}
          color={!part.current && theme.color && !part.text.startsWith(NAME) ? 'cyan' : undefined}
        >
          {part.text}
        </Text>
      ))}
    </Text>
  );
}
