/**
 * The Overview's topology block from the TOP findings: which of core, serve, the public
 * compatibility views and spp exist, and the postgres_fdw link each way (seed 000).
 */
import type { Finding, Status } from '../../../core/finding.js';
import type { IntendedSummary } from '../../../core/report.js';
import { COMPATIBILITY_VIEWS } from '../../../core/scope.js';
import type { Symbols } from '../../theme.js';
import type { DatabaseState } from '../../verification/state.js';

export interface TopologyItem {
  readonly name: string;
  readonly status: Status;
  readonly detail: string;
}

const WORST: readonly Status[] = ['fail', 'warn', 'blocked', 'skip', 'pass'];
export const worstStatus = (statuses: readonly Status[]): Status => WORST.find((s) => statuses.includes(s)) ?? 'pass';

/**
 * `intended`: a migration set judged against (--migrations DIR). Its intended state is one
 * database's objects: it says nothing of seed 000's two databases, their schemas or their link.
 */
export function topologyItems(
  findings: readonly Finding[] | null,
  databases: { readonly issoh: DatabaseState; readonly spp: DatabaseState },
  sym: Pick<Symbols, 'arrow' | 'ellipsis'>,
  intended: IntendedSummary | null = null,
): TopologyItem[] {
  if (intended)
    return [
      {
        name: 'none',
        status: 'skip',
        detail: `the intended state of ${intended.directory} holds no topology to show (seed 000's core, serve, spp and postgres_fdw are the built-in 0024's)`,
      },
    ];
  const read = (db: DatabaseState) => db.phase === 'done' && db.report?.status === 'ok';
  const unread = (db: DatabaseState) =>
    db.phase === 'reading' || findings === null
      ? `checking${sym.ellipsis}`
      : db.phase === 'missing'
        ? `${db.label} not checked`
        : `${db.label} not read`;
  const find = (code: string, database: 'issoh' | 'spp', object?: string) =>
    (findings ?? []).filter(
      (f) => f.code === code && f.database === database && (object === undefined || f.object === object),
    );
  const items: TopologyItem[] = [];
  const fdwName = (from: string, to: string) => `FDW ${from} ${sym.arrow} ${to}`;

  const issohOk = read(databases.issoh) && findings !== null;
  for (const schema of ['core', 'serve']) {
    const f = find('TOP001', 'issoh', schema)[0];
    items.push(
      issohOk && f
        ? { name: schema, status: f.status, detail: `IS-SOH: ${f.actual}` }
        : { name: schema, status: 'skip', detail: unread(databases.issoh) },
    );
  }
  if (issohOk) {
    const views = find('TOP002', 'issoh');
    const asViews = views.filter((f) => f.status === 'pass').length;
    const odd = views.filter((f) => f.status !== 'pass').map((f) => f.actual);
    items.push(
      views.length === 0
        ? { name: 'public views', status: 'skip', detail: `none of ${COMPATIBILITY_VIEWS.join(', ')} in IS-SOH` }
        : {
            name: 'public views',
            status: worstStatus(views.map((f) => f.status)),
            detail: `${asViews} of ${views.length} are views${odd.length ? `; ${odd.join('; ')}` : ''}`,
          },
    );
  } else {
    items.push({ name: 'public views', status: 'skip', detail: unread(databases.issoh) });
  }
  const sppOk = read(databases.spp) && findings !== null;
  const spp = find('TOP003', 'spp')[0];
  items.push(
    sppOk && spp
      ? { name: 'spp', status: spp.status, detail: `SPP: ${spp.actual}` }
      : { name: 'spp', status: 'skip', detail: unread(databases.spp) },
  );

  const link = (database: 'issoh' | 'spp', ok: boolean, db: DatabaseState, name: string) => {
    const f = find('TOP004', database)[0];
    items.push(
      ok && f
        ? { name, status: f.status, detail: f.status === 'pass' ? f.actual : `missing: ${f.actual}` }
        : { name, status: 'skip', detail: unread(db) },
    );
  };
  const same = find('TOP007', 'spp')[0];
  if (sppOk && same) {
    items.push({
      name: 'one database',
      status: 'pass',
      detail: 'IS-SOH and SPP are the same database: checked once, no FDW link needed',
    });
  } else {
    link('issoh', issohOk, databases.issoh, fdwName('IS-SOH', 'SPP'));
    link('spp', sppOk, databases.spp, fdwName('SPP', 'IS-SOH'));
  }

  const misplaced = (findings ?? []).filter((f) => (f.code === 'TOP005' || f.code === 'TOP006') && f.status !== 'pass');
  for (const code of ['TOP005', 'TOP006']) {
    const own = misplaced.filter((f) => f.code === code);
    if (own.length === 0) continue;
    items.push({
      name: code === 'TOP005' ? '0024 in SPP' : '0024 off public',
      status: worstStatus(own.map((f) => f.status)),
      detail: `${own.map((f) => f.object).join(', ')} (${code})`,
    });
  }
  return items;
}
