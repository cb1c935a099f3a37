/**
 * The one way a writing command (apply, rollback, restore, maintain) refuses, asks, reports and
 * exits, so that no handler carries its own copy:
 * - a write nobody may make (a pooled endpoint) or nobody can confirm is refused: one line, exit 3;
 * - what is at stake is shown before the question; the question is y/N, or the database name typed
 *   for a severe write (a wrong name says what was typed);
 * - Ctrl-C or Ctrl-D at a prompt is "cancelled, nothing changed", exit EXIT.interrupted; a signal during a step
 *   cancels its statement and rolls back (src/cli/interrupt.ts);
 * - the result is printed once, on stdout; its error once, on stderr; the exit code comes from the
 *   one outcome table in src/cli/exit.ts.
 */
import type { Config, DatabaseTarget } from '../core/config.js';
import { CancelledError } from '../core/errors.js';
import type { CommandIO } from '../core/io.js';
import { type NamedEnvironment, typeNameTo } from '../core/words.js';
import { pooledRefusal, type RemediationSettings, readOnlyRefusal } from '../core/write-settings.js';
import { auditLogFailed, EXIT, OUTCOME_EXIT, type WriteOutcome } from './exit.js';
import { withInterrupt } from './interrupt.js';
import { ask, type Prompt } from './options.js';

/** What the person gave to consent: --yes, --confirm NAME, and a terminal to ask on. */
export interface Consent {
  readonly yes: boolean;
  readonly confirm?: string | undefined;
  /** absent when stdin is not a terminal (or when --yes already answers every y/N) */
  readonly prompt?: Prompt | undefined;
}

export interface ConsentRequest {
  /** the write, as the refusal names it: "apply changes the database", "step x is severe (…)" */
  readonly action: string;
  /** the question asked on a terminal (y/N, or what the typed name is for) */
  readonly question: string;
  /** what is at stake, printed on stderr before the question (only when there is one to ask) */
  readonly stakes?: (() => Promise<string> | string) | undefined;
  /** a severe write: the database name typed, or given with --confirm; --yes is not enough */
  readonly database?: string | undefined;
  /** with `database`: what typing it agrees to, reading on into the environment's name ("roll back") */
  readonly to?: string | undefined;
  /** the named environment (--env) the write goes to: the typed-name prompt names it */
  readonly environment?: NamedEnvironment | undefined;
  /** what stands when it is not confirmed */
  readonly unchanged?: string | undefined;
}

/** true, or why not (a line that starts with "refused:" or "not confirmed:"). */
export type Consented = true | string;

const isYes = (answer: string) => /^y(es)?$/i.test(answer.trim());

/** Asks for consent as the request and the person's flags say; never asks what a flag answered. */
export async function consentTo(request: ConsentRequest, consent: Consent, io: CommandIO): Promise<Consented> {
  const unchanged = request.unchanged ?? 'nothing was changed';
  const showStakes = async () => {
    const stakes = await request.stakes?.();
    if (stakes) io.stderr(stakes.endsWith('\n') ? stakes : `${stakes}\n`);
  };
  const { database } = request;
  if (database !== undefined) {
    if (consent.confirm !== undefined)
      return consent.confirm === database
        ? true
        : `refused: --confirm=${consent.confirm} does not name the database (${database}); ${unchanged}`;
    if (!consent.prompt)
      return `refused: ${request.action} is severe: pass --confirm=${database} (${consent.yes ? '--yes confirms safe and moderate steps only' : 'stdin is not a terminal to type it'}); ${unchanged}`;
    await showStakes();
    // In a named environment the prompt names it ("Type mantis_issoh to roll back PRODUCTION"), as the app's does.
    const ask =
      request.environment && request.to
        ? typeNameTo(database, request.to, request.environment)
        : `Type the database name (${database}) to go on`;
    const typed = (await consent.prompt(`${request.question} ${ask}, or press Enter to stop: `)).trim();
    if (typed === database) return true;
    return typed === ''
      ? `not confirmed: ${unchanged}`
      : `not confirmed: you typed "${typed}", not ${database}; ${unchanged}`;
  }
  if (consent.yes) return true;
  if (!consent.prompt)
    return `refused: ${request.action} and nobody can confirm here (stdin is not a terminal): pass --yes; ${unchanged}`;
  await showStakes();
  return isYes(await consent.prompt(`${request.question} [y/N] `)) ? true : `not confirmed: ${unchanged}`;
}

/** A refusal, said once on stderr: exit 3. */
export function refuse(io: Pick<CommandIO, 'stderr'>, refusal: string): number {
  io.stderr(`mantis-sync-tui: ${refusal}\n`);
  return EXIT.refused;
}

/** Any write (or dry run) in read-only mode: the exit code (3), or null to go on. */
export function refuseReadOnly(io: Pick<CommandIO, 'stderr'>, config: Config, what: string): number | null {
  const refusal = readOnlyRefusal(config, what);
  return refusal ? refuse(io, refusal) : null;
}

/** Writes through a pooled endpoint are refused unless --allow-pooled: the exit code, or null to go on. */
export function refusePooled(io: Pick<CommandIO, 'stderr'>, target: DatabaseTarget, settings: RemediationSettings) {
  const refusal = pooledRefusal(target, settings);
  return refusal ? refuse(io, refusal) : null;
}

/**
 * Runs a writing command: `prompt` asks on the terminal (undefined without one) and is cancelled by
 * the same signal that cancels a running step; a prompt left with Ctrl-C or Ctrl-D ends the command
 * with its CancelledError's words on stderr and exit EXIT.interrupted.
 */
export function runWrite(
  io: CommandIO,
  work: (signal: AbortSignal, prompt: Prompt | undefined) => Promise<number>,
): Promise<number> {
  return withInterrupt(async (signal) => {
    try {
      return await work(signal, io.stdinIsTTY ? (question) => ask(question, signal) : undefined);
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      io.stderr(`mantis-sync-tui: ${error.message}\n`);
      return EXIT.interrupted;
    }
  });
}

export interface WriteReport {
  readonly outcome: WriteOutcome;
  /** the result, JSON or text; text never repeats the error */
  readonly output: string;
  readonly error: string | null;
  readonly auditError: Error | null;
  /** in the line that says the audit log failed: "the rollback (committed)" */
  readonly what: string;
  /** where the outcome alone does not say it (maintain on a database without 0024: 1) */
  readonly exitCode?: number | undefined;
}

/** The result once on stdout, its error once on stderr, and the exit code of its outcome. */
export function reportWrite(io: Pick<CommandIO, 'stdout' | 'stderr'>, report: WriteReport): number {
  if (report.output) io.stdout(report.output);
  if (report.error) io.stderr(`mantis-sync-tui: ${report.error}\n`);
  if (report.auditError) return auditLogFailed(io, report.what, report.auditError);
  return report.exitCode ?? OUTCOME_EXIT[report.outcome];
}
