import { describe, expect, it } from 'vitest';
import {
  indexShape,
  normalizeBody,
  normalizeExpression,
  quoteIdent,
  quoteLiteral,
  quoteQualified,
  renderSql,
} from '../../src/core/sqltext.js';

describe('renderSql', () => {
  it('quotes literals and identifiers and leaves casts alone', () => {
    const sql = renderSql('SELECT :\'name\'::text, x::int FROM :"relation" WHERE y = :raw', {
      name: "o'brien",
      relation: 'public.Weird Table',
      raw: 'now()',
    });
    expect(sql).toBe(`SELECT 'o''brien'::text, x::int FROM "public"."Weird Table" WHERE y = now()`);
  });

  it('does not mistake time literals or a variable followed by another for one variable', () => {
    expect(renderSql("SELECT '00:00:00+00', :a :b, :ab", { a: 'A', b: 'B', ab: 'C' })).toBe(
      "SELECT '00:00:00+00', A B, C",
    );
  });

  it('drops the leading comment lines of a template', () => {
    expect(renderSql('-- what this is\nSELECT 1;', {})).toBe('SELECT 1;');
  });

  it('refuses a template variable without a value', () => {
    expect(() => renderSql('SELECT :missing', {})).toThrow(/:missing/);
  });

  it('always quotes an identifier, as escapeIdentifier does: reserved words, capitals, quotes, spaces', () => {
    expect(quoteIdent('sync_progress')).toBe('"sync_progress"');
    for (const word of ['limit', 'user', 'order', 'select', 'offset', 'window', 'authorization', 'collation'])
      expect(quoteIdent(word)).toBe(`"${word}"`);
    expect(quoteIdent('Org')).toBe('"Org"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteIdent('my table')).toBe('"my table"');
    expect(quoteQualified('public.limit')).toBe('"public"."limit"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
  });
});

describe('normalisation', () => {
  it('reads the initplan form of auth.uid() as auth.uid()', () => {
    const bare =
      '(EXISTS ( SELECT 1\n   FROM auth.users_extended u\n  WHERE ((u.id = auth.uid()) AND (u.org_id = sync_progress.org_id))))';
    const initPlan =
      '(EXISTS ( SELECT 1\n   FROM auth.users_extended u\n  WHERE ((u.id = ( SELECT auth.uid() AS uid)) AND (u.org_id = sync_progress.org_id))))';
    expect(normalizeExpression(initPlan)).toBe(normalizeExpression(bare));
  });

  it('ignores the public. qualifier and outer parentheses, not meaning', () => {
    expect(normalizeExpression('(public.f(x) > 0)')).toBe('f(x) > 0');
    expect(normalizeExpression('(a > 0) AND (b > 0)')).toBe('(a > 0) AND (b > 0)');
    expect(normalizeExpression('true')).not.toBe(normalizeExpression('(org_id = auth.uid())'));
  });

  it('compares function bodies without comments, case, spacing or public.', () => {
    expect(normalizeBody('BEGIN\n  -- note\n  DELETE FROM public.t WHERE a < NOW();\nEND;')).toBe(
      normalizeBody('begin delete from t where a<now(); end;'),
    );
    expect(normalizeBody('BEGIN RETURN 1; END')).not.toBe(normalizeBody('BEGIN RETURN 2; END'));
  });

  it('removes an index name, so a renamed index has the same shape', () => {
    // pg_get_indexdef quotes a name only when it must.
    expect(indexShape('CREATE INDEX "Limit" ON public.t USING btree (x)', 'Limit')).toBe(
      indexShape('CREATE INDEX b ON public.t USING btree (x)', 'b'),
    );
    expect(indexShape('CREATE INDEX a ON ONLY public.t USING btree (x)', 'a')).toBe(
      indexShape('CREATE INDEX b ON public.t USING btree (x)', 'b'),
    );
  });
});

describe('the templates in sql/evidence and sql/fix', () => {
  it('render completely: no variable is left behind', async () => {
    const { loadTemplates } = await import('../../src/sql.js');
    const templates = loadTemplates(['evidence', 'fix']);
    expect(Object.keys(templates).length).toBeGreaterThan(40);
    for (const [name, template] of Object.entries(templates)) {
      const names = [...template.matchAll(/(?<![:\w]):['"]?(\w+)/g)].map((m) => m[1]!);
      const rendered = renderSql(template, Object.fromEntries(names.map((n) => [n, 'v'])));
      for (const variable of names) {
        expect(rendered, `${name} leaves :${variable}`).not.toMatch(new RegExp(`(?<![:\\w]):['"]?${variable}\\b`));
      }
    }
  });
});
