/**
 * Pure helpers for SQL text: quoting, rendering templates from sql/ with psql-style variables,
 * and normalising catalog expressions so equal definitions compare equal.
 */

import { parsedTemplate } from './lookup.js';
import { remembered } from './remembered.js';

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

/** A template variable: :'name', :"name" or :name, not after a colon or a word character (casts, times). */
const VARIABLE = /(?<![:\w]):(?:'(\w+)'|"(\w+)"|(\w+)(?![:\w]))/;

/**
 * A template's body (its "-- " comment lines dropped, trimmed) cut at its variables: the text
 * before the first, then for each variable its three captures (literal, identifier, raw name; one
 * is set) and the text after it.
 */
function templateParts(template: string): readonly (string | undefined)[] {
  const body = template
    .split('\n')
    .filter((line) => !line.startsWith('-- '))
    .join('\n')
    .trim();
  return body.split(VARIABLE);
}

/**
 * Renders a template with psql's variable syntax: :'name' → a quoted literal, :"name" → a quoted
 * identifier (a dot splits schema and name), :name → the text as is (only for fragments that come
 * from catalog definitions, never from a person). "::" casts and "00:00" are left alone, which is
 * why a variable must not follow another directly (write ":a :b").
 */
export function renderSql(template: string, values: Readonly<Record<string, TemplateValue>>): string {
  const parts = parsedTemplate(template, templateParts);
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 4) {
    const literal = parts[i];
    const ident = parts[i + 1];
    const name = literal ?? ident ?? parts[i + 2] ?? '';
    const value = values[name];
    if (value === undefined) throw new Error(`SQL template variable :${name} has no value`);
    if (literal !== undefined) {
      out += Array.isArray(value) ? value.map((v) => quoteLiteral(String(v))).join(', ') : quoteLiteral(String(value));
    } else if (ident !== undefined) out += quoteQualified(String(value));
    else out += Array.isArray(value) ? value.join(', ') : String(value);
    out += parts[i + 3] ?? '';
  }
  return out;
}

/**
 * Normalises an expression or definition from the catalog so that the same meaning compares equal:
 * whitespace collapsed, the public. qualifier dropped (it appears or not depending on the session's
 * search_path), and `(SELECT auth.uid() AS uid)`, the initplan form that splinter recommends, read
 * as `auth.uid()`.
 */
export function normalizeExpression(text: string | null): string | null {
  return text === null ? null : normalizedExpression(text);
}

const normalizedExpression = remembered((text) => {
  // Most of what the catalog prints has nothing the rewrites change: one look for it instead of five passes.
  let out = REWRITTEN.test(text) ? rewritten(text) : text;
  while (out.startsWith('(') && out.endsWith(')') && balanced(out.slice(1, -1))) out = out.slice(1, -1).trim();
  return out;
});

/** Something `rewritten` changes: whitespace that is not one space between words, public., "( ", " )", a SELECT in parentheses. */
const REWRITTEN = /\s\s|[^\S ]|^\s|\s$|public\.|\(\s|\(SELECT| \)/i;

function rewritten(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\bpublic\./g, '')
    .replace(/\(\s*SELECT auth\.uid\(\) AS uid\s*\)/gi, 'auth.uid()')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .trim();
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
export const normalizeBody = remembered((body) =>
  body
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\bpublic\./gi, '')
    .replace(/\s*([(),;:=<>+*/-])\s*/g, '$1')
    .trim()
    .toLowerCase(),
);

/** A type from format_type(): the public. qualifier and varchar spelling do not matter. */
export function normalizeType(type: string): string {
  return type.replace(/\bpublic\./g, '').replace(/^varchar\b/, 'character varying');
}

/** An index definition with its own name removed, so a renamed copy compares equal. */
export function indexShape(definition: string, name: string): string {
  // A name holds no NUL (PostgreSQL refuses one): the pair is one key.
  return shapeOf(`${name}\u0000${definition}`);
}

const shapeOf = remembered((key) => {
  const at = key.indexOf('\u0000');
  const [name, definition] = [key.slice(0, at), key.slice(at + 1)];
  // pg_get_indexdef quotes a name only when it must: look for it both ways.
  const named = [`INDEX ${quoteIdent(name)} ON `, `INDEX ${name} ON `].find((text) => definition.includes(text));
  return (named ? definition.replace(named, 'INDEX ON ') : definition).replace(/\bON ONLY\b/, 'ON');
});

/**
 * pg_get_indexdef prints a partitioned table's index as "ON ONLY parent", which creates it on the
 * parent alone, INVALID until every partition has one. To create it for real, recurse.
 */
export function creatableIndex(definition: string): string {
  return definition.replace(' ON ONLY ', ' ON ');
}
