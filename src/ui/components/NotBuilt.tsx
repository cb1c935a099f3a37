/** A screen whose issue has not landed yet says so, in one line. */
import { Line } from './Line.js';

type Properties = {
  readonly title: string;
  readonly issue: number;
  readonly what: string;
  readonly width: number;
};

export function NotBuilt({ title, issue, what, width }: Properties) {
  return (
    <Line
      segments={[
        { text: `${title}: `, bold: true },
        { text: `not built yet (issue ${issue}: ${what}).`, tone: 'yellow' },
      ]}
      width={width}
    />
  );
}
