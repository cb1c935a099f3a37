/**
 * Pure helpers for SQL text: quoting, rendering templates from sql/ with psql-style variables,
 * and normalising catalog expressions so equal definitions compare equal.
 */

import { withoutComments } from './lookup.js';

/**
 * Always quoted, as node-postgres' escapeIdentifier and libpq's PQescapeIdentifier do: no list of
 * reserved words to keep up with (limit, user, a name with capitals or a space are all safe).
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteQualified(qualifiedName: string): string {
  const dot = qualifiedName.indexOf('.');
  if (dot < 0) return quoteIdent(qualifiedName);
  return `${quoteIdent(qualifiedName.slice(0, dot))}.${quoteIdent(qualifiedName.slice(dot + 1))}`;
}

/** standard_conforming_strings is on in every supported server: only quotes need doubling. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export type TemplateValue = string | number | readonly string[];

/**
 * Renders a template with psql's variable syntax: :'name' → a quoted literal, :"name" → a quoted
 * identifier (a dot splits schema and name), :name → the text as is (only for fragments that come
 * from catalog definitions, never from a person). "::" casts and "00:00" are left alone, which is
 * why a variable must not follow another directly (write ":a :b").
 */
export function renderSql(template: string, values: Readonly<Record<string, TemplateValue>>): string {
  return withoutComments(template).replace(
    /(?<![:\w]):(?:'(\w+)'|"(\w+)"|(\w+)(?![:\w]))/g,
    (_match, literal?: string, ident?: string, raw?: string) => {
      const name = literal ?? ident ?? raw ?? '';
      const value = values[name];
      if (value === undefined) throw new Error(`SQL template variable :${name} has no value`);
      if (literal !== undefined) {
        return Array.isArray(value)
          ? value.map((v) => quoteLiteral(String(v))).join(', ')
          : quoteLiteral(String(value));
      }
      if (ident !== undefined) return quoteQualified(String(value));
      return Array.isArray(value) ? value.join(', ') : String(value);
    },
  );
}

/**
 * Normalises an expression or definition from the catalog so that the same meaning compares equal:
 * whitespace collapsed, the public. qualifier dropped (it appears or not depending on the session's
 * search_path), and `(SELECT auth.uid() AS uid)`, the initplan form that splinter recommends, read
 * as `auth.uid()`.
 */
export function normalizeExpression(text: string | null): string | null {
  if (text === null) return null;
  let out = text
    .replace(/\s+/g, ' ')
    .replace(/\bpublic\./g, '')
    .replace(/\(\s*SELECT auth\.uid\(\) AS uid\s*\)/gi, 'auth.uid()')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .trim();
  while (out.startsWith('(') && out.endsWith(')') && balanced(out.slice(1, -1))) out = out.slice(1, -1).trim();
  return out;
}

function balanced(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Function bodies: comments dropped, whitespace collapsed, case and the public. qualifier ignored. */
export function normalizeBody(body: string): string {
  return body
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\bpublic\./gi, '')
    .replace(/\s*([(),;:=<>+*/-])\s*/g, '$1')
    .trim()
    .toLowerCase();
}

/** A type from format_type(): the public. qualifier and varchar spelling do not matter. */
export function normalizeType(type: string): string {
  return type.replace(/\bpublic\./g, '').replace(/^varchar\b/, 'character varying');
}

/** An index definition with its own name removed, so a renamed copy compares equal. */
export function indexShape(definition: string, name: string): string {
  // pg_get_indexdef quotes a name only when it must: look for it both ways.
  const named = [`INDEX ${quoteIdent(name)} ON `, `INDEX ${name} ON `].find((text) => definition.includes(text));
  return (named ? definition.replace(named, 'INDEX ON ') : definition).replace(/\bON ONLY\b/, 'ON');
}

/**
 * pg_get_indexdef prints a partitioned table's index as "ON ONLY parent", which creates it on the
 * parent alone, INVALID until every partition has one. To create it for real, recurse.
 */
export function creatableIndex(definition: string): string {
  return definition.replace(' ON ONLY ', ' ON ');
}
