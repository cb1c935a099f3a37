/** Health: not built yet (issue 8). */
import { NotBuilt } from '../components/NotBuilt.js';

type Properties = {
  readonly width: number;
};

export function Health({ width }: Properties) {
  return <NotBuilt title="Health" issue={8} what="partitions, preview cache, sync metrics" width={width} />;
}
