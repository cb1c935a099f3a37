/**
 * A confirmation being asked: y/N for safe and moderate changes, the database name typed for
 * severe ones (after Shopify CLI's DangerousConfirmationPrompt: type the exact name, Enter
 * confirms, Esc cancels, a wrong name refuses). Pure; the screens' reducers hold one of these.
 */

export type Confirm =
  | {
      readonly kind: 'yes-no';
      /** the question, without "[y/N]" */
      readonly question: string;
    }
  | {
      readonly kind: 'name';
      /** what is about to happen, and what typing the name agrees to */
      readonly question: string;
      /** the database name that must be typed, exactly */
      readonly expected: string;
      /** what typing it agrees to, reading on into the environment's name: "roll back", "apply x in" */
      readonly action: string;
      readonly typed: string;
      /** said in red above the prompt (rows that will not be exported, …) */
      readonly warning: string | null;
    };

export const askYesNo = (question: string): Confirm => ({ kind: 'yes-no', question });

export const askName = (
  question: string,
  expected: string,
  action: string,
  warning: string | null = null,
): Confirm => ({
  kind: 'name',
  question,
  expected,
  action,
  typed: '',
  warning,
});

/** Only printable text reaches the typed name: control characters and escape sequences never do. */
export function printable(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b./g, '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

/** A name is at most a Postgres identifier (63 bytes) plus room to see a mistake. */
const MAX_TYPED = 128;

export function typeInto(confirm: Confirm, text: string): Confirm {
  if (confirm.kind !== 'name') return confirm;
  const add = printable(text);
  if (add === '') return confirm;
  return { ...confirm, typed: [...(confirm.typed + add)].slice(0, MAX_TYPED).join('') };
}

export function backspace(confirm: Confirm): Confirm {
  if (confirm.kind !== 'name' || confirm.typed === '') return confirm;
  return { ...confirm, typed: [...confirm.typed].slice(0, -1).join('') };
}

/** Enter on a typed name: the exact name confirms; anything else (also nothing) refuses. */
export function judgeName(
  confirm: Confirm,
): { readonly confirmed: true } | { readonly confirmed: false; readonly reason: string } {
  if (confirm.kind !== 'name') return { confirmed: false, reason: 'not a name confirmation' };
  if (confirm.typed === confirm.expected) return { confirmed: true };
  const said = confirm.typed === '' ? 'nothing was typed' : `"${confirm.typed}" is not ${confirm.expected}`;
  return { confirmed: false, reason: `refused: ${said}; nothing was changed` };
}
