/**
 * The header's words and styles as plain segments, without Ink: Header.tsx draws them, and so
 * does the frame drawn before Ink loads (first-frame.ts), so the two cannot differ.
 */
import { HELP } from '../navigation.js';
import { type Place, placeLabel } from '../place.js';
import { width as textWidth } from '../text.js';
import type { Segment } from './cut.js';

/** A tab of the header: what the screen's definition says of itself (screen.ts). */
export interface Tab {
  readonly id: string;
  readonly key: string;
  readonly title: string;
}

export interface TabPart {
  readonly text: string;
  readonly current: boolean;
}

const NAME = 'mantis-sync-tui';

/** The header's text parts; the current tab is padded by a space each side (drawn inverse). */
export function headerParts(tabs: readonly Tab[], screen: string, width: number, place?: Place): TabPart[] {
  const label = placeLabel(place);
  const parts = tabParts(tabs, screen, width - (label ? textWidth(label) + 3 : 0));
  return label ? [{ text: ` ${label} `, current: false }, { text: ' ', current: false }, ...parts] : parts;
}

function tabParts(screens: readonly Tab[], screen: string, width: number): TabPart[] {
  const tabs = [
    ...screens.map((s) => ({ key: s.key, title: s.title, current: s.id === screen })),
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

/**
 * The header as styled segments: the place inverse (on red in production, on yellow when
 * read-only), the current tab inverse and bold, the app's name bold, the other tabs cyan (the
 * colours only where the theme has colour: the one drawing them decides).
 */
export function headerSegments(
  tabs: readonly Tab[],
  screen: string,
  width: number,
  place: Place | undefined,
): Segment[] {
  const label = placeLabel(place);
  const warning = place?.environment?.production || place?.readOnly;
  return headerParts(tabs, screen, width, place).map((part, i) => {
    const isPlace = label !== '' && i === 0;
    const isName = part.text.startsWith(NAME);
    return {
      text: part.text,
      inverse: part.current || isPlace,
      background: isPlace && warning ? (place?.environment?.production ? 'red' : 'yellow') : undefined,
      bold: part.current || isName,
      tone: !part.current && !isName ? 'cyan' : undefined,
    };
  });
}
