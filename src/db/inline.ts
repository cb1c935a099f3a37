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
  const { pieces, slots } = placeholdersOf(sql);
  let out = pieces[0]!;
  for (const [i, slot] of slots.entries()) {
    if (slot.index < 0 || slot.index >= values.length)
      throw new Error(`SQL placeholder ${slot.text} has no value (${values.length} given)`);
    out += literal(values[slot.index]) + pieces[i + 1]!;
  }
  return out;
}

/** A statement's text around its placeholders: `pieces` has one more entry than `slots`. */
interface Placeholders {
  readonly pieces: readonly string[];
  readonly slots: ReadonlyArray<{ readonly index: number; readonly text: string }>;
}

/**
 * Read once per statement text (the statements are the files of sql/, a few dozen): the catalog
 * query is 30 kB, and verify --all binds it for every database (test/bench/verify-all.ts).
 */
const placeholderCache = new Map<string, Placeholders>();
const PLACEHOLDER_CACHE_SIZE = 256;

function placeholdersOf(sql: string): Placeholders {
  const cached = placeholderCache.get(sql);
  if (cached) return cached;
  const pieces: string[] = [];
  const slots: Array<{ index: number; text: string }> = [];
  let pieceStart = 0;
  let at = 0;
  const length = sql.length;
  while (at < length) {
    // Plain text up to the next quote, comment or dollar sign stays in the current piece.
    SPECIAL.lastIndex = at;
    const special = SPECIAL.exec(sql);
    if (!special) break;
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
        pieces.push(sql.slice(pieceStart, at));
        slots.push({ index: Number(placeholder[1]) - 1, text: placeholder[0] });
        at += placeholder[0].length;
        pieceStart = at;
        continue;
      }
      if (tag) {
        const close = sql.indexOf(tag[0], at + tag[0].length);
        end = close < 0 ? length : close + tag[0].length;
      }
    }
    at = end;
  }
  pieces.push(sql.slice(pieceStart));
  const found = { pieces, slots };
  if (placeholderCache.size >= PLACEHOLDER_CACHE_SIZE) placeholderCache.clear();
  placeholderCache.set(sql, found);
  return found;
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
