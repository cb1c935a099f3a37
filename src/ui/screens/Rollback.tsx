/** Rollback: not built yet (issue 6). */
import { NotBuilt } from '../components/NotBuilt.js';

type Properties = {
  readonly width: number;
};

export function Rollback({ width }: Properties) {
  return <NotBuilt title="Rollback" issue={6} what="a rollback wizard that never loses data" width={width} />;
}
