/** Monitor: not built yet (issue 4). */
import { NotBuilt } from '../components/NotBuilt.js';

type Properties = {
  readonly width: number;
};

export function Monitor({ width }: Properties) {
  return <NotBuilt title="Monitor" issue={4} what="live monitor of syncs with an honest ETA" width={width} />;
}
