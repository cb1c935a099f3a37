/**
 * Every finding code, documented once. Codes never change meaning; new checks get new codes.
 * `meaning` is what a failing (or warning) finding with this code says; a passing one says the
 * check held.
 */
import type { Category, Group, Severity } from './finding.js';

export interface CodeInfo {
  readonly group: Group;
  readonly category: Category;
  readonly severity: Severity;
  readonly meaning: string;
  readonly impact: string;
}

const code = (group: Group, category: Category, severity: Severity, meaning: string, impact: string): CodeInfo => ({
  group,
  category,
  severity,
  meaning,
  impact,
});

const APP_BREAKS = 'Sync endpoints that touch this object fail with 500 errors.';
const ISOLATION = 'Tenant isolation: users may read or write other organizations’ sync data.';

export const CODES = {
  // Topology (seed 000's dual-database layout)
  TOP001: code(
    'topology',
    'topology',
    'high',
    'IS-SOH schema missing (core / serve)',
    'Writes that belong in core.* have nowhere to go; the database may not be IS-SOH.',
  ),
  TOP002: code(
    'topology',
    'topology',
    'medium',
    'compatibility relation in public is not a view',
    'public.* should be read-only views over core.*; a table here splits the data in two.',
  ),
  TOP003: code(
    'topology',
    'topology',
    'high',
    'SPP schema spp missing',
    'Upload metadata and staging rows have no home; the database may not be SPP.',
  ),
  TOP004: code(
    'topology',
    'topology',
    'low',
    'postgres_fdw link to the other database missing',
    'Cross-database reads (SPP → core/serve, IS-SOH → spp) fail.',
  ),
  TOP005: code(
    'topology',
    'topology',
    'critical',
    '0024 object found in the wrong database',
    'The application reads IS-SOH: a 0024 applied to SPP is invisible to it.',
  ),
  TOP006: code(
    'topology',
    'topology',
    'high',
    '0024 object in the wrong schema',
    'The application looks for it in public and does not find it.',
  ),
  TOP007: code(
    'topology',
    'topology',
    'low',
    'IS-SOH and SPP are the same database',
    "One database holds both (the application's unified setup): no postgres_fdw link is needed between them.",
  ),
  // Prerequisites (seed 000 steps 1–2, seed 001 step 3)
  PRQ001: code(
    'prerequisites',
    'missing-object',
    'critical',
    'organization table missing',
    'Migration 0024 fails at its first REFERENCES organization(id).',
  ),
  PRQ002: code(
    'prerequisites',
    'divergent-definition',
    'high',
    'organization.id is not a uuid primary key',
    'The 0024 foreign keys to organization(id) cannot be created.',
  ),
  PRQ003: code(
    'prerequisites',
    'missing-object',
    'critical',
    'schema auth missing',
    'auth.users_extended and auth.uid() cannot exist; every RLS policy of 0024 fails.',
  ),
  PRQ004: code(
    'prerequisites',
    'missing-object',
    'critical',
    'auth.users_extended missing',
    'The 0024 foreign keys and all 12 RLS policies reference it.',
  ),
  PRQ005: code(
    'prerequisites',
    'divergent-definition',
    'high',
    'auth.users_extended does not reference organization',
    'User-to-organization mapping is not enforced; RLS isolation rests on it.',
  ),
  PRQ006: code(
    'prerequisites',
    'missing-object',
    'critical',
    'auth.uid() missing',
    'Every RLS policy of 0024 calls auth.uid(): creating them fails.',
  ),
  PRQ007: code(
    'prerequisites',
    'divergent-definition',
    'medium',
    'auth.uid() is not a STABLE function returning uuid',
    'Policies call it per row (VOLATILE) or compare the wrong type.',
  ),
  PRQ008: code(
    'prerequisites',
    'missing-object',
    'critical',
    'role authenticated missing',
    'The 0024 grants to authenticated fail.',
  ),
  PRQ009: code(
    'prerequisites',
    'missing-object',
    'critical',
    'gen_random_uuid() unavailable',
    'Default ids of the 0024 tables cannot be generated.',
  ),
  PRQ010: code(
    'prerequisites',
    'missing-object',
    'low',
    'role anon missing',
    'Supabase-style clients that connect as anon are refused.',
  ),
  PRQ011: code(
    'prerequisites',
    'grants',
    'high',
    'role authenticated cannot use schema auth or read auth.users_extended',
    'RLS policies evaluated as authenticated raise permission denied instead of filtering rows.',
  ),
  PRQ012: code(
    'prerequisites',
    'divergent-definition',
    'info',
    'prerequisite definition differs between seeds',
    'Seeds 000 and 001 disagree; the live database decides which one it follows.',
  ),
  // Enums
  ENM001: code('enums', 'missing-object', 'high', 'enum type missing', APP_BREAKS),
  ENM002: code(
    'enums',
    'divergent-definition',
    'high',
    'enum labels differ',
    'Values the application writes are rejected, or values it does not know appear.',
  ),
  // Tables and columns
  TBL001: code('tables', 'missing-object', 'critical', 'table missing', APP_BREAKS),
  TBL002: code('tables', 'missing-object', 'high', 'column missing', 'Inserts and selects naming this column fail.'),
  TBL003: code(
    'tables',
    'divergent-definition',
    'low',
    'column not in the spec',
    'Extra columns are harmless to the spec’s queries but show drift.',
  ),
  TBL004: code(
    'tables',
    'divergent-definition',
    'high',
    'column type differs',
    'Values may be truncated, rejected or compared wrongly.',
  ),
  TBL005: code(
    'tables',
    'divergent-definition',
    'high',
    'column nullability differs',
    'NULLs the spec forbids can be written, or required NULLs are refused.',
  ),
  TBL006: code(
    'tables',
    'divergent-definition',
    'medium',
    'column default differs',
    'Inserts that omit the column get another value, or fail.',
  ),
  TBL007: code(
    'tables',
    'divergent-definition',
    'critical',
    'relation has the wrong kind',
    'The object exists but is not what the spec creates (e.g. a view, or not partitioned).',
  ),
  // Constraints
  CON001: code(
    'constraints',
    'missing-object',
    'high',
    'primary key missing or different',
    'Duplicate rows can be written; row identity for updates is lost.',
  ),
  CON002: code(
    'constraints',
    'missing-object',
    'high',
    'unique constraint missing or different',
    'Duplicates the application relies on being impossible can be written.',
  ),
  CON003: code(
    'constraints',
    'missing-object',
    'medium',
    'check constraint missing or different',
    'Invalid values the spec rejects can be written.',
  ),
  CON004: code(
    'constraints',
    'missing-object',
    'high',
    'foreign key missing',
    'Rows can point at organizations or users that do not exist.',
  ),
  CON005: code(
    'constraints',
    'divergent-definition',
    'high',
    'foreign key differs (target or ON DELETE)',
    'Deleting an organization or user no longer cascades / nulls as the spec says.',
  ),
  CON006: code(
    'constraints',
    'divergent-definition',
    'medium',
    'constraint not validated',
    'A NOT VALID constraint does not vouch for existing rows.',
  ),
  // Indexes
  IDX001: code(
    'indexes',
    'missing-object',
    'medium',
    'index missing',
    'Queries the index serves scan the table; the monitor and API slow down as rows grow.',
  ),
  IDX002: code(
    'indexes',
    'divergent-definition',
    'medium',
    'index definition differs',
    'The index does not serve the queries it was made for (columns, order or WHERE differ).',
  ),
  IDX003: code(
    'indexes',
    'divergent-definition',
    'low',
    'index present under another name',
    'Works, but tools and migrations that name the index do not find it.',
  ),
  IDX004: code(
    'indexes',
    'divergent-definition',
    'high',
    'index invalid',
    'An INVALID index (failed CREATE INDEX CONCURRENTLY, unattached partition) is not used.',
  ),
  // Partitions
  PRT001: code(
    'partitions',
    'divergent-definition',
    'critical',
    'sync_activity_log not partitioned by RANGE (created_at)',
    'Monthly partitions, archiving and partition pruning are impossible.',
  ),
  PRT002: code(
    'partitions',
    'missing-object',
    'high',
    'partition missing',
    'Rows in its range have no partition (inserts fail) or land elsewhere.',
  ),
  PRT003: code(
    'partitions',
    'divergent-definition',
    'high',
    'partition bounds differ',
    'Rows are routed to other partitions than the spec intends.',
  ),
  PRT004: code(
    'partitions',
    'divergent-definition',
    'low',
    'month without a partition of its own',
    'Its rows pile up in the catch-all partition: no pruning, no monthly archiving.',
  ),
  PRT005: code(
    'partitions',
    'divergent-definition',
    'low',
    'rows in the catch-all partition',
    'They must be moved before monthly partitions can be created for their months.',
  ),
  // RLS and policies
  RLS001: code('rls', 'rls', 'critical', 'row-level security disabled', ISOLATION),
  RLS002: code(
    'rls',
    'rls',
    'critical',
    'policy missing',
    'With RLS on and the policy missing, that command is refused for every user.',
  ),
  RLS003: code(
    'rls',
    'rls',
    'critical',
    'policy not in the spec',
    'Permissive policies are OR-ed: an extra one widens access beyond the spec.',
  ),
  RLS004: code('rls', 'rls', 'critical', 'policy expression differs', ISOLATION),
  RLS005: code(
    'rls',
    'rls',
    'high',
    'policy command, roles or mode differ',
    'The policy applies to other commands or roles than the spec says.',
  ),
  RLS006: code(
    'rls',
    'rls',
    'critical',
    "row-level security does not apply to the application's role",
    'The application sees and changes every organization’s rows: no policy filters a superuser, a BYPASSRLS role, or a table’s owner without FORCE ROW LEVEL SECURITY.',
  ),
  RLS007: code(
    'rls',
    'rls',
    'critical',
    'a session without user context acts as a fixed user',
    'A request that forgets to set the user context reads and writes as that user’s organization instead of seeing nothing.',
  ),
  // Functions and triggers
  FUN001: code(
    'functions',
    'missing-object',
    'high',
    'function missing',
    'Triggers that call it cannot exist; progress, ETA and audit logging stop.',
  ),
  FUN002: code(
    'functions',
    'divergent-definition',
    'high',
    'function body differs',
    'Progress, ETA, validation or audit logging behave otherwise than the spec.',
  ),
  FUN003: code(
    'functions',
    'divergent-definition',
    'medium',
    'function signature or attributes differ',
    'Language, volatility, return type or SECURITY DEFINER differ from the spec.',
  ),
  TRG001: code(
    'functions',
    'missing-object',
    'high',
    'trigger missing',
    'Elapsed time, ETA, validation or audit logging are not maintained.',
  ),
  TRG002: code(
    'functions',
    'divergent-definition',
    'high',
    'trigger definition differs',
    'It fires at another time, on other events, or calls another function.',
  ),
  TRG003: code(
    'functions',
    'divergent-definition',
    'high',
    'trigger disabled',
    'It never fires: what it maintains silently goes stale.',
  ),
  // Grants
  GRT001: code(
    'grants',
    'grants',
    'high',
    'table privilege missing for authenticated',
    'Signed-in users get permission denied on this table.',
  ),
  GRT002: code(
    'grants',
    'grants',
    'medium',
    'EXECUTE missing for authenticated',
    'Signed-in users cannot call the function.',
  ),
  GRT003: code(
    'grants',
    'grants',
    'high',
    'table privileges for anon or PUBLIC',
    'Anonymous clients can reach sync data; RLS is the only guard left.',
  ),
  GRT004: code(
    'grants',
    'grants',
    'critical',
    '0024 rows reachable around their policies',
    'A partition read directly, a view that is not security_invoker or a materialized view shows every organization’s rows to the roles it is granted to.',
  ),
  GRT005: code(
    'grants',
    'grants',
    'high',
    'new partitions will be granted to anon, authenticated or PUBLIC',
    'Default privileges give each partition created later (maintain partitions) privileges of its own, which skip the parent’s policies.',
  ),
  // Lints beyond the spec (splinter and friends)
  LNT001: code(
    'lints',
    'lint',
    'low',
    'auth.uid() evaluated per row in a policy',
    'Wrap it as (SELECT auth.uid()) so Postgres evaluates it once per statement (splinter: auth_rls_initplan).',
  ),
  LNT002: code('lints', 'lint', 'low', 'duplicate index', 'Every write maintains two identical indexes.'),
  LNT003: code(
    'lints',
    'lint',
    'low',
    'unindexed foreign key',
    'Deleting a referenced user scans this whole table under lock.',
  ),
  LNT004: code(
    'lints',
    'lint',
    'low',
    'function without a fixed search_path',
    'A caller’s search_path can shadow the tables the function uses.',
  ),
  LNT005: code(
    'lints',
    'lint',
    'medium',
    'CHECK constraint calls a volatile function',
    'CHECK (expires_at > now()) holds at insert but not later: expired rows cannot be updated and a dump fails to restore.',
  ),
  LNT006: code(
    'lints',
    'lint',
    'low',
    'RLS not forced for the table owner',
    'Connections as the owner (often the app’s migration role) bypass every policy.',
  ),
  LNT007: code(
    'lints',
    'lint',
    'high',
    'policy is always true',
    'USING (true) / WITH CHECK (true) lets every row through.',
  ),
  LNT008: code(
    'lints',
    'lint',
    'medium',
    'RLS enabled without policies',
    'Every non-owner query returns nothing and every write is refused.',
  ),
  LNT009: code(
    'lints',
    'lint',
    'high',
    'policies exist but RLS is disabled',
    'The policies are ignored: every row is visible.',
  ),
  LNT010: code(
    'lints',
    'lint',
    'low',
    'several permissive policies for one role and command',
    'Each is evaluated for every row; they are OR-ed, which is easy to widen by mistake.',
  ),
  LNT011: code(
    'lints',
    'lint',
    'info',
    'session bypasses RLS',
    'The verifying user is superuser or BYPASSRLS: row counts shown are all rows, not what an app user sees.',
  ),
  // The application's contract (issue 19): its own statements, checked by the server
  APP001: code(
    'contract',
    'contract',
    'critical',
    'application statement fails on this database',
    'The application’s sync feature that sends this statement fails at run time; the application may swallow the error.',
  ),
  APP002: code(
    'contract',
    'contract',
    'critical',
    'the application and the specified migration disagree',
    'No database can satisfy both: the application or the migration must change before this statement works.',
  ),
  APP003: code(
    'contract',
    'contract',
    'low',
    'application statement not checked',
    'Nothing is known of this statement until it runs.',
  ),
  APP004: code(
    'contract',
    'contract',
    'low',
    'contract entry stale: its source line moved or changed',
    'The contract checks a statement the application may no longer send; write the contract again.',
  ),
  // Drift between two environments (diff ENV_A ENV_B): a finding's group is that of the object's kind.
  DIF001: code(
    'topology',
    'missing-object',
    'high',
    'object present in one environment only',
    'What works in one environment fails in the other: a deploy tested on staging is not the deploy production gets.',
  ),
  DIF002: code(
    'topology',
    'divergent-definition',
    'medium',
    'object differs between environments',
    'The two environments behave differently for this object: a test passed on one says little of the other.',
  ),
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;
