import { describe, expect, it } from 'vitest';
import { remembered } from '../../src/core/remembered.js';
import { indexShape, normalizeBody, normalizeExpression } from '../../src/core/sqltext.js';

describe('remembered', () => {
  it('answers an input it has seen without calling the function again', () => {
    const inputs: string[] = [];
    const upper = remembered((text) => {
      inputs.push(text);
      return text.toUpperCase();
    });
    expect([upper('a'), upper('b'), upper('a'), upper('b')]).toEqual(['A', 'B', 'A', 'B']);
    expect(inputs).toEqual(['a', 'b']);
  });

  it('starts over past 20,000 inputs, so it cannot grow without end', () => {
    const inputs: string[] = [];
    const same = remembered((text) => {
      inputs.push(text);
      return text;
    });
    for (let i = 0; i <= 20_000; i++) same(String(i));
    same('0');
    expect(inputs.filter((text) => text === '0')).toHaveLength(2);
  });

  it('leaves the normalizers’ answers as they were, asked once or twice', () => {
    for (let round = 0; round < 2; round++) {
      expect(normalizeExpression('(  (organization_id = public.current_org()) )')).toBe(
        'organization_id = current_org()',
      );
      expect(normalizeBody('BEGIN -- note\n  RETURN  public.f( x ); END')).toBe('begin return f(x);end');
      expect(indexShape('CREATE INDEX "Idx" ON ONLY public.t USING btree (a)', 'Idx')).toBe(
        'CREATE INDEX ON public.t USING btree (a)',
      );
      expect(indexShape('CREATE INDEX idx ON public.t USING btree (a)', 'other')).toBe(
        'CREATE INDEX idx ON public.t USING btree (a)',
      );
    }
  });
});
