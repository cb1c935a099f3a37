/**
 * Binds a statement's values into its text as literals, so that a read can travel as one
 * simple-protocol message together with the `SET TRANSACTION READ ONLY` and `SET LOCAL` that
 * guard it (the extended protocol carries one statement per round trip, and a pooler refuses
 * those settings as startup parameters). Literals come from node-postgres's own quoting
 * (prepareValue, escapeLiteral), never from string concatenation of our own.
 */
import pgUtils from 'pg/lib/utils.js';

/** Where something bindInline looks at can begin: a quote, a comment, a dollar sign. */
const SPECIAL = /['"$]|--|\/\*/g;

/** `$1` … `$n` outside quotes, quoted identifiers, comments and dollar-quoted bodies → literals. */
export function bindInline(sql: string, values: readonly unknown[] = []): string {
  if (values.length === 0) return sql;
  let out = '';
  let at = 0;
  const length = sql.length;
  while (at < length) {
    // Plain text up to the next quote, comment or dollar sign is copied as it is, in one piece.
    SPECIAL.lastIndex = at;
    const special = SPECIAL.exec(sql);
    if (!special) {
      out += sql.slice(at);
      break;
    }
    out += sql.slice(at, special.index);
    at = special.index;
    const ch = sql[at]!;
    const next = sql[at + 1];
    let end = at + 1;
    if (ch === "'" || ch === '"') {
      end = closingQuote(sql, at + 1, ch);
    } else if (ch === '-' && next === '-') {
      end = sql.indexOf('\n', at);
      if (end < 0) end = length;
    } else if (ch === '/' && next === '*') {
      end = sql.indexOf('*/', at + 2);
      end = end < 0 ? length : end + 2;
    } else if (ch === '$') {
      const placeholder = /^\$(\d+)/.exec(sql.slice(at, at + 12));
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(at, at + 64));
      if (placeholder && !/[\w$]/.test(sql[at - 1] ?? ' ')) {
        const index = Number(placeholder[1]) - 1;
        if (index < 0 || index >= values.length)
          throw new Error(`SQL placeholder $${placeholder[1]} has no value (${values.length} given)`);
        out += literal(values[index]);
        at += placeholder[0].length;
        continue;
      }
      if (tag) {
        const close = sql.indexOf(tag[0], at + tag[0].length);
        end = close < 0 ? length : close + tag[0].length;
      }
    }
    out += sql.slice(at, end);
    at = end;
  }
  return out;
}

function closingQuote(sql: string, from: number, quote: string): number {
  let at = from;
  for (;;) {
    const found = sql.indexOf(quote, at);
    if (found < 0) return sql.length;
    if (sql[found + 1] === quote) {
      at = found + 2;
      continue;
    }
    return found + 1;
  }
}

function literal(value: unknown): string {
  const prepared = pgUtils.prepareValue(value) as string | Buffer | null;
  if (prepared === null || prepared === undefined) return 'NULL';
  if (Buffer.isBuffer(prepared)) return `'\\x${prepared.toString('hex')}'::bytea`;
  return pgUtils.escapeLiteral(String(prepared));
}
