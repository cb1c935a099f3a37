/**
 * The checks' speed tricks, fenced here; test/bench/migrations.ts measures them (verify --migrations
 * on a 200-table set against plain verify). A migration set's checks look up, for each relation,
 * its columns, constraints, indexes, grants and the relation itself, and render an evidence query
 * for each of thousands of findings: a scan of the whole list each time grew with the square of the
 * set's size, and each template was parsed (comments dropped, variables found) each time.
 *
 * - rowsWhere: an index per list and key, built on first use. The lists of a snapshot and of an
 *   intended state are never changed once read, so the index (in a WeakMap: it goes when the list
 *   goes) answers as the scan did, in list order.
 * - parsedTemplate: a template cut at its variables once (src/core/sqltext.ts renderSql), kept per
 *   template text (a few dozen templates), rather than a regular expression run over it per finding.
 */

const indexes = new WeakMap<readonly unknown[], Map<string, ReadonlyMap<string, readonly unknown[]>>>();

const NONE: readonly never[] = [];

/**
 * The rows of `rows` whose `key` is `value`, in their order; `name` names the key (one index per
 * list and name). A row whose key is null is in no group.
 */
export function rowsWhere<T>(
  rows: readonly T[],
  name: string,
  key: (row: T) => string | null,
  value: string,
): readonly T[] {
  let byName = indexes.get(rows);
  if (!byName) {
    byName = new Map();
    indexes.set(rows, byName);
  }
  let index = byName.get(name) as ReadonlyMap<string, readonly T[]> | undefined;
  if (!index) {
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const k = key(row);
      if (k === null) continue;
      const group = groups.get(k);
      if (group) group.push(row);
      else groups.set(k, [row]);
    }
    index = groups;
    byName.set(name, index);
  }
  return index.get(value) ?? NONE;
}

const parsed = new Map<string, unknown>();

/** What `parse` makes of a SQL template's text, kept per text: `parse` must be the same for a text. */
export function parsedTemplate<T>(template: string, parse: (template: string) => T): T {
  let result = parsed.get(template) as T | undefined;
  if (result === undefined) {
    result = parse(template);
    parsed.set(template, result);
  }
  return result;
}
