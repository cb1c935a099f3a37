/** Remediate: not built yet (issue 5). */
import { NotBuilt } from '../components/NotBuilt.js';

type Properties = {
  readonly width: number;
};

export function Remediate({ width }: Properties) {
  return <NotBuilt title="Remediate" issue={5} what="plan, dry-run, confirm, apply, re-verify" width={width} />;
}
