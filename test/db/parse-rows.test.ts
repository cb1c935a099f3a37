import { describe, expect, it } from 'vitest';
import { parseRows, RepeatedTexts } from '../../src/db/sample.js';

const ORG = '11111111-1111-4111-8111-111111111111';
const line = (...fields: Array<string | number>) => fields.join('\t');

describe("the tick's lines (COPY's text format)", () => {
  it('reads text fields with their escapes, \\N as NULL, and integers (negative too)', () => {
    const text = [
      line(ORG, 'plain', 'product', 'odoo', '\\N', 5, 1, 10, 1_700_000_000_000, 1_700_000_002_000),
      line(ORG, 'odd\\tid\\n"quoted"\\\\', '\\N', '', '\\\\N', -3, 0, 0, 0, 7),
    ].join('\n');
    expect(parseRows(text)).toEqual([
      {
        orgId: ORG,
        syncId: 'plain',
        entityType: 'product',
        sourceSystem: 'odoo',
        status: null,
        processed: 5,
        failed: 1,
        total: 10,
        startedAt: 1_700_000_000_000,
        updatedAt: 1_700_000_002_000,
      },
      {
        orgId: ORG,
        syncId: 'odd\tid\n"quoted"\\',
        entityType: null,
        sourceSystem: '',
        status: '\\N',
        processed: -3,
        failed: 0,
        total: 0,
        startedAt: 0,
        updatedAt: 7,
      },
    ]);
  });

  it('reads organization ids through the cache kept from tick to tick, and an escaped (non-uuid) one too', () => {
    const ids = new RepeatedTexts();
    const other = '22222222-2222-4222-8222-222222222222';
    const first = parseRows(
      [line(ORG, 'a', 'x', 'y', '\\N', 1, 0, 2, 0, 0), line(other, 'b', 'x', 'y', '\\N', 1, 0, 2, 0, 0)].join('\n'),
      ids,
    );
    const second = parseRows(line(ORG, 'c', 'x', 'y', '\\N', 1, 0, 2, 0, 0), ids);
    expect(second[0]!.orgId).toBe(ORG);
    expect(first[1]!.orgId).toBe(other);
    expect(parseRows(line('org\\twith tab', 's', 'x', 'y', '\\N', 0, 0, 0, 0, 0), ids)[0]!.orgId).toBe('org\twith tab');
  });

  it('reads sync ids through a cache of their own, right when many share a slot (a collision is a copy, never the wrong id)', () => {
    const syncIds = new RepeatedTexts(16);
    const ids = Array.from({ length: 500 }, (_, i) => `sync-${i}-0123456789abcdef`);
    const text = ids.map((id) => line(ORG, id, 'x', 'y', '\\N', 1, 0, 2, 0, 0)).join('\n');
    for (let tick = 0; tick < 2; tick++)
      expect(parseRows(text, new RepeatedTexts(), syncIds).map((row) => row.syncId)).toEqual(ids);
  });
});
