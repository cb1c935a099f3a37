/** A write step waiting for a lock, and who holds it: said while it waits, and when lock_timeout ends the wait. */

export interface LockWait {
  /** the relation waited for, schema-qualified as the server prints it; null for a lock on something else */
  readonly relation: string | null;
  readonly holderPid: number;
  readonly holderApplication: string;
  readonly holderUser: string | null;
  /** how long the holder's transaction has been open */
  readonly heldMs: number;
  /** how long the step has waited */
  readonly waitedMs: number;
}

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

/** "a lock on public.x, held by pid 42 (psql, user ops) for 12 s": the same words in the CLI and the app. */
export function describeLockWait(wait: LockWait): string {
  const who = [wait.holderApplication || 'no application_name', wait.holderUser ? `user ${wait.holderUser}` : null]
    .filter(Boolean)
    .join(', ');
  return `a lock on ${wait.relation ?? 'an object the step needs'}, held by pid ${wait.holderPid} (${who}) for ${seconds(wait.heldMs)}`;
}

/** The line shown while a step waits: what it awaits and for how long. */
export function waitingLine(wait: LockWait): string {
  return `waiting ${seconds(wait.waitedMs)} for ${describeLockWait(wait)}`;
}
