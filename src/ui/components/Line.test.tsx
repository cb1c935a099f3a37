/** Line: styled segments in one terminal line, and their ASCII runs. */
import { Box } from 'ink';
import { describe, expect, it } from 'vitest';
import { render } from '../../../test/helpers/ui/render.js';
import { asciiRuns, Line } from './Line.js';

describe('Line', () => {
  it('cuts a line into printable-ASCII runs and the rest, keeping each segment’s style', () => {
    expect(asciiRuns([{ text: '› Acme Corpor…', bold: true }, { text: '  40%' }])).toEqual([
      { text: '›', bold: true },
      { text: ' Acme Corpor', bold: true },
      { text: '…', bold: true },
      { text: '  40%' },
    ]);
  });

  it('draws a line with non-ASCII runs exactly as its text, cut to the width', () => {
    const segments = [
      { text: '› ' },
      { text: 'Simulated organisation', tone: 'green' as const },
      { text: ' · ETA 1m35s · ↑↓ move' },
    ];
    const { lines } = render(<Line segments={segments} width={30} />);
    // Cut at a word: the ETA's label is not split from its value.
    expect(lines()[0]).toBe('› Simulated organisation · …');
    const ascii = render(<Line segments={[{ text: 'plain ASCII line' }]} width={30} />);
    expect(ascii.lines()[0]).toBe('plain ASCII line');
  });

  it('leaves a line with characters two columns wide to Ink whole: one line, cursor kept, nothing spilt into the next', () => {
    const { frame } = render(
      <Box flexDirection="column" width={30} height={2}>
        <Line segments={[{ text: '› ' }, { text: '株式会社サンプル東京本社 · ETA 1m35s and more' }]} width={30} />
        <Line segments={[{ text: 'next line' }]} width={30} />
      </Box>,
    );
    expect(frame()).toBe('› 株式会社サンプル東京本社 · …\nnext line');
  });
});
