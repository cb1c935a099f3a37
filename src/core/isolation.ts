/**
 * RLS isolation, the pure parts: which setting the installed auth.uid() reads the user from (the
 * "context convention"), whether row-level security applies to a role at all, and the matrix of
 * probes test-rls runs (table and path × whose rows × command) with the verdict of each cell.
 */
import type { Relation, RoleStanding, RowPath } from './snapshot.js';
import { quoteIdent, quoteQualified } from './sqltext.js';

// ── The context convention ──────────────────────────────────────────────────────────────────

export interface ContextSetting {
  /** the setting auth.uid() reads, e.g. "request.jwt.claims" or "app.current_user_id" */
  readonly name: string;
  /** text: the setting holds the user id; json: a JSON object whose `claim` holds it */
  readonly form: 'text' | 'json';
  /** json: the key of the user id ("sub"); text settings named …role carry the role instead */
  readonly claim: string | null;
}

export interface ContextConvention {
  readonly settings: readonly ContextSetting[];
  /** Supabase's JWT claims (request.jwt.*), a custom setting, or nothing recognisable */
  readonly kind: 'supabase-jwt' | 'custom' | 'unknown';
  /** a user id written into the definition: what a session without context becomes */
  readonly fallbackUser: string | null;
  /** e.g. "request.jwt.claim.sub, request.jwt.claims ->> 'sub' (Supabase's JWT claims)" */
  readonly description: string;
}

const SETTING_CALL = /current_setting\s*\(\s*'([^']+)'/gi;
const UUID_LITERAL = /'([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'/i;
const JWT_CALL = /auth\.jwt\s*\(\s*\)/i;

/** Comments removed, so a commented-out setting or user id is not read as the convention. */
const code = (body: string) => body.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');

/**
 * Reads the convention from the source of auth.uid() (and of auth.jwt(), when auth.uid() takes
 * the user from it): every current_setting() it calls, as text or as JSON with the key it reads.
 */
export function readConvention(uidBody: string | null, jwtBody: string | null = null): ContextConvention {
  const uid = code(uidBody ?? '');
  const settings: ContextSetting[] = [];
  const add = (setting: ContextSetting) => {
    if (!settings.some((s) => s.name === setting.name)) settings.push(setting);
  };
  for (const { name, after } of settingCalls(uid)) {
    const claim = /^[^;]*?->>?\s*'([^']+)'/.exec(after)?.[1] ?? null;
    add(
      claim !== null || name.endsWith('claims')
        ? { name, form: 'json', claim: claim ?? 'sub' }
        : { name, form: 'text', claim: null },
    );
  }
  if (JWT_CALL.test(uid) && jwtBody !== null) {
    // auth.uid() = auth.jwt() ->> 'sub': every setting auth.jwt() reads is a JSON document of claims.
    const claim = /auth\.jwt\s*\(\s*\)\s*->>?\s*'([^']+)'/i.exec(uid)?.[1] ?? 'sub';
    for (const { name } of settingCalls(code(jwtBody))) add({ name, form: 'json', claim });
  }
  const fallbackUser = UUID_LITERAL.exec(uid)?.[1]?.toLowerCase() ?? null;
  const kind =
    settings.length === 0
      ? 'unknown'
      : settings.some((s) => s.name.startsWith('request.jwt.'))
        ? 'supabase-jwt'
        : 'custom';
  const read = settings.map((s) => (s.form === 'json' ? `${s.name} ->> '${s.claim}'` : s.name)).join(', ');
  const label = kind === 'supabase-jwt' ? "Supabase's JWT claims" : kind === 'custom' ? 'a custom setting' : '';
  return {
    settings,
    kind,
    fallbackUser,
    description:
      kind === 'unknown' ? 'no setting the tool recognises (it calls no current_setting())' : `${read} (${label})`,
  };
}

/** Each current_setting('name') call, with the text up to the next one (where its ->> 'key' is). */
function settingCalls(body: string): Array<{ name: string; after: string }> {
  const calls = [...body.matchAll(SETTING_CALL)];
  return calls.map((call, i) => ({
    name: call[1]!,
    after: body.slice(call.index! + call[0].length, calls[i + 1]?.index ?? body.length),
  }));
}

/**
 * The settings that make auth.uid() return `user` (null: no user; each setting goes back to its
 * default), in the convention's own form. JSON claims carry the role too, as PostgREST sends it.
 */
export function contextValues(
  convention: ContextConvention,
  user: string | null,
  role: string,
): { names: string[]; values: Array<string | null> } {
  const names = convention.settings.map((s) => s.name);
  const values = convention.settings.map((s) => {
    if (user === null) return null;
    if (s.form === 'json') return JSON.stringify({ [s.claim ?? 'sub']: user, role });
    return /\.role$/.test(s.name) ? role : user;
  });
  return { names, values };
}

/** The convention's settings a session of this role starts with (ALTER ROLE / DATABASE … SET), most specific first. */
export function loginContext(convention: ContextConvention, loginSettings: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of loginSettings) {
    const eq = entry.indexOf('=');
    const name = entry.slice(0, eq);
    if (eq > 0 && !found.has(name) && convention.settings.some((s) => s.name === name))
      found.set(name, entry.slice(eq + 1));
  }
  return found;
}

/** The user a session without context acts as, from the definition or the role's login settings; null when none. */
export function sessionDefaultUser(
  convention: ContextConvention,
  loginSettings: readonly string[],
): { user: string; source: string } | null {
  for (const [name, value] of loginContext(convention, loginSettings)) {
    const user = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(value)?.[0];
    if (user)
      return {
        user: user.toLowerCase(),
        source: `${name} = '${value}', set for its sessions (ALTER ROLE / ALTER DATABASE … SET)`,
      };
  }
  return convention.fallbackUser
    ? { user: convention.fallbackUser, source: 'the fallback written into auth.uid()' }
    : null;
}

// ── Whether row-level security applies to a role ────────────────────────────────────────────

export interface StandingVerdict {
  readonly role: string;
  readonly exists: boolean;
  /** row-level security filters this role on every 0024 table */
  readonly applies: boolean;
  /** the tables it is not filtered on */
  readonly unfilteredOn: readonly string[];
  /** a superuser: an administrator's session (Neon gives its users none), never filtered */
  readonly superuser: boolean;
  /** why it is not filtered, one plain sentence each */
  readonly reasons: readonly string[];
  /** what would make row-level security apply to it */
  readonly remedies: readonly string[];
}

type TableFacts = Pick<Relation, 'schema' | 'name' | 'owner' | 'rlsEnabled' | 'rlsForced'>;
type PartitionFacts = Pick<RowPath, 'relation' | 'kind' | 'source' | 'rlsEnabled' | 'rlsForced'>;

/**
 * `partitions`: the tables' partitions (other row paths are ignored). Their owner reads them
 * directly with no policy at all: FORCE ROW LEVEL SECURITY on the parent does not reach them.
 */
export function judgeStanding(
  role: RoleStanding,
  tables: readonly TableFacts[],
  partitions: readonly PartitionFacts[] = [],
): StandingVerdict {
  const all = tables.map((t) => `${t.schema}.${t.name}`);
  if (!role.exists) {
    return {
      role: role.name,
      exists: false,
      applies: false,
      unfilteredOn: all,
      superuser: false,
      reasons: [`role ${role.name} does not exist`],
      remedies: [],
    };
  }
  const reasons: string[] = [];
  const remedies: string[] = [];
  const unfiltered = new Set<string>();
  if (role.superuser) {
    reasons.push(
      `${role.name} is a superuser: row-level security never applies to it, FORCE ROW LEVEL SECURITY included`,
    );
    remedies.push(`connect the application as a role without SUPERUSER (and without BYPASSRLS)`);
    all.forEach((t) => {
      unfiltered.add(t);
    });
  } else if (role.bypassRls) {
    reasons.push(`${role.name} has BYPASSRLS: no policy filters it`);
    remedies.push(`ALTER ROLE ${quoteIdent(role.name)} NOBYPASSRLS, or connect the application as a role without it`);
    all.forEach((t) => {
      unfiltered.add(t);
    });
  } else if (role.bypassVia) {
    reasons.push(
      `${role.name} is a member of ${role.bypassVia}, which has BYPASSRLS: Neon lets its members bypass row security`,
    );
    remedies.push(
      `connect the application as a role created with SQL (CREATE ROLE … LOGIN), which is not a member of ${role.bypassVia}`,
    );
    all.forEach((t) => {
      unfiltered.add(t);
    });
  }
  const owned = tables.filter((t) => role.ownerOf.includes(`${t.schema}.${t.name}`) && !t.rlsForced && t.rlsEnabled);
  if (owned.length > 0 && !role.superuser) {
    const names = owned.map((t) => `${t.schema}.${t.name}`);
    const owners = [...new Set(owned.map((t) => t.owner))];
    const member = owners.some((o) => o !== role.name) ? ` (it is, or is a member of, ${owners.join(', ')})` : '';
    reasons.push(
      `${role.name} owns ${names.join(', ')}${member} without FORCE ROW LEVEL SECURITY: a table's owner is not filtered by its policies`,
    );
    remedies.push(
      `${names.map((n) => `ALTER TABLE ${quoteQualified(n)} FORCE ROW LEVEL SECURITY;`).join(' ')} (then ${role.name} is filtered like any user and must set the user context before its queries), or connect the application as a role that does not own the tables`,
    );
    names.forEach((t) => {
      unfiltered.add(t);
    });
  }
  const ownedPartitions = partitions.filter(
    (p) => p.kind === 'partition' && role.ownerOf.includes(p.relation) && !(p.rlsEnabled && p.rlsForced),
  );
  const bypassesAll = role.superuser || role.bypassRls || role.bypassVia !== null;
  if (ownedPartitions.length > 0 && !bypassesAll) {
    const names = ownedPartitions.map((p) => p.relation);
    reasons.push(
      `${role.name} owns the partitions ${names.join(', ')}: read directly, a partition applies none of its table's policies (FORCE on the table does not reach it)`,
    );
    remedies.push(`connect the application as a role that owns neither the tables nor their partitions`);
    names.forEach((p) => {
      unfiltered.add(p);
    });
    all.push(...names);
  }
  const disabled = tables.filter((t) => !t.rlsEnabled).map((t) => `${t.schema}.${t.name}`);
  if (disabled.length > 0) {
    reasons.push(`row-level security is disabled on ${disabled.join(', ')}: no policy applies to anyone`);
    remedies.push(disabled.map((n) => `ALTER TABLE ${quoteQualified(n)} ENABLE ROW LEVEL SECURITY;`).join(' '));
    disabled.forEach((t) => {
      unfiltered.add(t);
    });
  }
  const unfilteredOn = all.filter((t) => unfiltered.has(t));
  return {
    role: role.name,
    exists: true,
    applies: unfilteredOn.length === 0,
    unfilteredOn,
    superuser: role.superuser,
    reasons,
    remedies,
  };
}

/** One line: "RLS applies to X" or "RLS does not apply to X: …; to make it apply: …". */
export function describeStanding(verdict: StandingVerdict): string {
  if (!verdict.exists) return `role ${verdict.role} does not exist`;
  if (verdict.applies)
    return `row-level security applies to ${verdict.role}: not a superuser, no BYPASSRLS, owns none of the tables unforced`;
  return `row-level security does not apply to ${verdict.role}: ${verdict.reasons.join('; ')}. To make it apply: ${verdict.remedies.join('; ')}`;
}

// ── The matrix ──────────────────────────────────────────────────────────────────────────────

export const RLS_COMMANDS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;
export type RlsCommand = (typeof RLS_COMMANDS)[number];

/** Whose rows a cell is about: user A on its own organization's, on B's, and a session with no user on both. */
export type Subject = 'own' | 'other' | 'none';
export const SUBJECTS: readonly Subject[] = ['own', 'other', 'none'];
export const SUBJECT_LABEL: Record<Subject, string> = { own: "A's rows", other: "B's rows", none: 'no user' };

/** allowed: must work on all the rows; refused: must change or show none; either: a partition read directly (no access is as good) */
export type Expectation = 'allowed' | 'refused' | 'allowed or no access';

export interface ProbeOutcome {
  /** rows seen (SELECT) or changed (INSERT, UPDATE, DELETE); 0 on error */
  readonly rows: number;
  readonly error: { readonly code: string; readonly message: string } | null;
}

export interface Probe {
  /** what it tried, in words: "user A moves B's rows into organization A" */
  readonly tried: string;
  /** the statement, with the values it ran with, as psql would take it */
  readonly sql: string;
  /** rows the statement targets (all of them when allowed) */
  readonly target: number;
  readonly outcome: ProbeOutcome;
  readonly ok: boolean;
  readonly happened: string;
}

export interface RlsCell {
  /** the 0024 table, "schema.name" */
  readonly table: string;
  /** what was probed: the table itself, or one of its partitions read directly */
  readonly path: string;
  readonly subject: Subject;
  readonly command: RlsCommand;
  readonly expectation: Expectation;
  /** no probe applied (no test row lives in this partition) */
  readonly probed: boolean;
  readonly ok: boolean;
  /** allowed: every probe worked on every row; refused: none did */
  readonly outcome: 'allowed' | 'refused' | 'partly' | 'not probed';
  /** the role and user context the probes ran with, as SQL */
  readonly context: string;
  readonly probes: readonly Probe[];
}

const refusedBy = (o: ProbeOutcome) => (o.error ? `refused (${o.error.code}: ${o.error.message})` : null);

/** A probe's verdict: allowed probes must reach every target row, refused ones none. */
export function judgeProbe(
  command: RlsCommand,
  expectation: Expectation,
  tried: string,
  sql: string,
  target: number,
  outcome: ProbeOutcome,
): Probe {
  const reached = outcome.error === null && outcome.rows > 0;
  const all = outcome.error === null && outcome.rows === target;
  const ok = expectation === 'allowed' ? all : expectation === 'refused' ? !reached : true;
  const verb =
    command === 'SELECT' ? 'sees' : command === 'INSERT' ? 'inserted' : command === 'UPDATE' ? 'changed' : 'deleted';
  const happened =
    refusedBy(outcome) ??
    (command === 'INSERT'
      ? outcome.rows > 0
        ? 'allowed: the row was written'
        : 'nothing written'
      : `${verb} ${outcome.rows} of ${target} ${target === 1 ? 'row' : 'rows'}`);
  return { tried, sql, target, outcome, ok, happened };
}

export function makeCell(fields: Omit<RlsCell, 'ok' | 'outcome' | 'probed'>): RlsCell {
  const probes = fields.probes;
  if (probes.length === 0) return { ...fields, probed: false, ok: true, outcome: 'not probed' };
  const reached = probes.filter((p) => p.outcome.error === null && p.outcome.rows > 0);
  const complete = probes.every((p) => p.outcome.error === null && p.outcome.rows === p.target);
  const outcome = complete ? 'allowed' : reached.length === 0 ? 'refused' : 'partly';
  return { ...fields, probed: true, ok: probes.every((p) => p.ok), outcome };
}

// ── The result, and its matrix as text ──────────────────────────────────────────────────────

export interface RlsTestResult {
  /** every cell as expected, no role problem, no error */
  readonly ok: boolean;
  /** the role the probes ran as (--as, or authenticated) */
  readonly role: string;
  /** the role of the connection */
  readonly connectionRole: string;
  /** how auth.uid() finds the user, as read from its definition; null when the test could not start */
  readonly context: ContextConvention | null;
  /** what auth.uid() returned for the session with no user: "null", a user id, or the error */
  readonly withoutContext: string | null;
  /** whether row-level security applies to the application's role (--as, else the connection's) and to the probe role */
  readonly standings: readonly StandingVerdict[];
  readonly cells: readonly RlsCell[];
  /** what makes isolation broken besides a wrong cell (a role RLS does not apply to, a fallback user) */
  readonly problems: readonly string[];
  /** worth knowing, not broken */
  readonly notes: readonly string[];
  readonly durationMs: number;
  /** set when the test could not run at all */
  readonly error: string | null;
  /** why it could not: a role named with --as that does not exist (usage), what it needs missing (0024, auth.uid(), the role), or the database */
  readonly errorKind?: 'usage' | 'missing' | 'database';
}

export const wrongCells = (result: Pick<RlsTestResult, 'cells'>): RlsCell[] => result.cells.filter((c) => !c.ok);

export interface GridLine {
  readonly text: string;
  /** a row with a wrong cell */
  readonly wrong: boolean;
}

/**
 * The matrix, one line per table and partition: S I U D for A's rows, B's rows and no user.
 * `compact` (a narrow pane): partitions named by what follows their table's name, tighter columns.
 */
export function isolationGrid(
  cells: readonly RlsCell[],
  unicode: boolean,
  compact = false,
): { readonly header: readonly string[]; readonly lines: readonly GridLine[]; readonly legend: string } {
  const mark = unicode
    ? { ok: '✓', wrong: '✗', noAccess: '·', none: '–' }
    : { ok: '+', wrong: 'X', noAccess: '.', none: '-' };
  const paths: Array<{ table: string; path: string }> = [];
  for (const cell of cells)
    if (!paths.some((p) => p.path === cell.path)) paths.push({ table: cell.table, path: cell.path });
  const partitionLabel = (p: { table: string; path: string }) =>
    compact && p.path.startsWith(`${p.table}_`) ? p.path.slice(p.table.length + 1) : bare(p.path);
  const label = (p: { table: string; path: string }) => (p.path === p.table ? bare(p.table) : `  ${partitionLabel(p)}`);
  const width = compact
    ? Math.max(...paths.map((p) => label(p).length)) + 1
    : Math.max(20, ...paths.map((p) => label(p).length)) + 2;
  const group = (s: string) => s.padEnd(compact ? 9 : 11);
  const header = [
    `${''.padEnd(width)}${SUBJECTS.map((s) => group(SUBJECT_LABEL[s])).join('')}`.trimEnd(),
    `${''.padEnd(width)}${SUBJECTS.map(() => group('S I U D')).join('')}`.trimEnd(),
  ];
  const lines = paths.map((p) => {
    const row = cells.filter((c) => c.path === p.path);
    const marks = SUBJECTS.map((subject) =>
      group(
        RLS_COMMANDS.map((command) => {
          const cell = row.find((c) => c.subject === subject && c.command === command);
          if (!cell?.probed) return mark.none;
          if (!cell.ok) return mark.wrong;
          return cell.expectation === 'allowed or no access' && cell.outcome !== 'allowed' ? mark.noAccess : mark.ok;
        }).join(' '),
      ),
    ).join('');
    return { text: `${label(p).padEnd(width)}${marks}`.trimEnd(), wrong: row.some((c) => !c.ok) };
  });
  const legend = `S I U D = SELECT INSERT UPDATE DELETE; ${mark.ok} as expected (allowed on A's rows, refused on the rest); ${mark.noAccess} no access to the partition itself (as good); ${mark.wrong} wrong; ${mark.none} no test row there`;
  return { header, lines, legend };
}

/** "partition public.x, B's rows, SELECT: user A sees 1 of 1 row" */
export function describeCell(cell: RlsCell): string {
  const where =
    cell.path === cell.table
      ? bare(cell.table)
      : `${bare(cell.path)} (a partition of ${bare(cell.table)}, read directly)`;
  const failing = cell.probes.filter((p) => !p.ok);
  return `${where} · ${SUBJECT_LABEL[cell.subject]} · ${cell.command}: expected ${cell.expectation}; ${failing.map((p) => `${p.tried}: ${p.happened}`).join('; ')}`;
}

const bare = (name: string) => name.replace(/^public\./, '');

// ── Where the test rows go ──────────────────────────────────────────────────────────────────

const BOUND = /FROM \((MINVALUE|'[^']*')\) TO \((MAXVALUE|'[^']*')\)/;

const instant = (literal: string): number =>
  Date.parse(
    literal
      .slice(1, -1)
      .replace(' ', 'T')
      .replace(/([+-]\d\d)$/, '$1:00'),
  );

/**
 * A created_at inside each partition of a table partitioned by a time range, so a test row lands
 * in every one (the DEFAULT partition: an instant no range covers). Partitions whose bounds do
 * not parse get none: where the rows landed is read back anyway.
 */
export function partitionTargets(
  partitions: ReadonlyArray<Pick<Relation, 'schema' | 'name' | 'partitionBound'>>,
): Array<{ partition: string; createdAt: string }> {
  const DAY = 86_400_000;
  const ranges = partitions.flatMap((p) => {
    const m = BOUND.exec(p.partitionBound ?? '');
    if (!m) return [];
    const from = m[1] === 'MINVALUE' ? -Infinity : instant(m[1]!);
    const to = m[2] === 'MAXVALUE' ? Infinity : instant(m[2]!);
    return Number.isNaN(from) || Number.isNaN(to) ? [] : [{ partition: `${p.schema}.${p.name}`, from, to }];
  });
  const targets = ranges.map((r) => ({ partition: r.partition, at: Number.isFinite(r.from) ? r.from : r.to - DAY }));
  const fallback = partitions.find((p) => p.partitionBound === 'DEFAULT');
  if (fallback) {
    const covered = (t: number) => ranges.some((r) => t >= r.from && t < r.to);
    const candidates = [Date.UTC(1971, 0, 1), ...ranges.flatMap((r) => [r.to, r.from - DAY]), Date.UTC(9000, 0, 1)];
    const free = candidates.find((t) => Number.isFinite(t) && !covered(t));
    if (free !== undefined) targets.push({ partition: `${fallback.schema}.${fallback.name}`, at: free });
  }
  return targets.map((t) => ({ partition: t.partition, createdAt: new Date(t.at).toISOString() }));
}

// ── Column grants ───────────────────────────────────────────────────────────────────────────

/** Columns that tell whose test row a row is, best first: its id, its organization, its sync id. */
const ROW_KEYS = ['id', 'org_id', 'sync_id'] as const;
export type RowKey = (typeof ROW_KEYS)[number];

/**
 * What `role` can read of a path only through column grants (to it, to PUBLIC or to a role whose
 * privileges it has): a `SELECT *`-style probe is refused there, yet these columns show every
 * row. Null when it can read the whole relation (or nothing). `key`: the first granted column that
 * tells whose row it is, null when none does.
 */
export function columnGrantRead(
  path: Pick<RowPath, 'access'> | undefined,
  role: string,
): { readonly columns: readonly string[]; readonly key: RowKey | null } | null {
  const held = (path?.access ?? []).filter((a) => a.role === role || a.role === 'public');
  const whole = held.some(
    (a) =>
      a.through === 'owner' ||
      ((a.through === 'grant' || a.through === 'predefined role') && a.privileges.includes('SELECT')),
  );
  if (whole) return null;
  const columns = [
    ...new Set(
      held
        .filter((a) => a.through === 'column grant' && a.privileges.includes('SELECT'))
        .flatMap((a) => a.columns ?? []),
    ),
  ];
  if (columns.length === 0) return null;
  return { columns, key: ROW_KEYS.find((k) => columns.includes(k)) ?? null };
}

export type ReportTone = 'pass' | 'fail' | 'warn' | 'plain' | 'dim' | 'sql';

export interface ReportLine {
  readonly text: string;
  readonly tone: ReportTone;
  /** a line of the matrix: cut, never wrapped, so the columns stay aligned */
  readonly grid: boolean;
}

/**
 * test-rls's result as lines, for the command line and the Remediate screen alike: who the probes
 * ran as and with which user context, the matrix, then each wrong cell with its exact probe, the
 * role problems and notes, and the verdict.
 */
/** `width`: when the full matrix does not fit, the compact one. */
export function isolationReport(result: RlsTestResult, unicode: boolean, width = Infinity): ReportLine[] {
  const mark = unicode ? { pass: '✓', fail: '✗', warn: '!' } : { pass: '[ok]', fail: '[FAIL]', warn: '[warn]' };
  const lines: ReportLine[] = [];
  const say = (text: string, tone: ReportTone = 'plain', grid = false) => lines.push({ text, tone, grid });
  if (result.error) {
    say(`${mark.fail} the RLS test could not run: ${result.error}`, 'fail');
    return lines;
  }
  say(
    `as role ${result.role}${result.role === result.connectionRole ? ' (this connection)' : `, connected as ${result.connectionRole}`}; in one transaction, rolled back`,
    'dim',
  );
  if (result.context)
    say(
      `user context: auth.uid() reads ${result.context.description}; with no user it returns ${result.withoutContext ?? 'null'}`,
      'dim',
    );
  // A role RLS does not apply to is one of the problems, said at the end.
  for (const standing of result.standings.filter((s) => s.applies))
    say(`${mark.pass} ${describeStanding(standing)}`, 'pass');
  const full = isolationGrid(result.cells, unicode);
  const grid =
    Math.max(...full.lines.map((l) => l.text.length), ...full.header.map((h) => h.length)) > width
      ? isolationGrid(result.cells, unicode, true)
      : full;
  grid.header.forEach((text) => {
    say(text, 'dim', true);
  });
  grid.lines.forEach((line) => {
    say(line.text, line.wrong ? 'fail' : 'plain', true);
  });
  say(grid.legend, 'dim');
  // Wrong cells with their exact probes, under the role and user context they ran with.
  const wrong = wrongCells(result);
  for (const context of [...new Set(wrong.map((c) => c.context))]) {
    say(
      `wrong cells${context.includes('set_config') ? ', as user A' : ', with no user'}; the probes ran after:`,
      'fail',
    );
    context.split('\n').forEach((text) => {
      say(`    ${text}`, 'sql');
    });
    for (const cell of wrong.filter((c) => c.context === context)) {
      say(`${mark.fail} ${describeCell(cell)}`, 'fail');
      for (const probe of cell.probes.filter((p) => !p.ok))
        probe.sql.split('\n').forEach((text) => {
          say(`    ${text.trim()}`, 'sql');
        });
    }
  }
  result.problems.forEach((text) => {
    say(`${mark.fail} ${text}`, 'fail');
  });
  result.notes.forEach((text) => {
    say(`${mark.warn} ${text}`, 'warn');
  });
  const probed = result.cells.filter((c) => c.probed).length;
  const broken = [
    wrong.length > 0 ? `${wrong.length} of ${probed} cells wrong` : '',
    result.problems.length > 0
      ? `${result.problems.length} role or context ${result.problems.length === 1 ? 'problem' : 'problems'}`
      : '',
  ]
    .filter(Boolean)
    .join(', ');
  say(
    result.ok
      ? `isolation holds: ${probed} cells as expected (${result.durationMs} ms, rolled back: nothing was kept)`
      : `isolation BROKEN: ${broken} (${result.durationMs} ms, rolled back: nothing was kept)`,
    result.ok ? 'pass' : 'fail',
  );
  return lines;
}
