/** The Monitor table's columns and row segments at each width. */
import { describe, expect, it } from 'vitest';
import { tableColumns } from './Monitor.js';

describe('monitor columns', () => {
  it('fit the width exactly or less, keep org, sync, progress and ETA, and add entity, age, elapsed, source as room allows', () => {
    for (const width of [60, 80, 100, 120, 200]) {
      const columns = tableColumns(width);
      const used = 2 + columns.reduce((sum, c) => sum + c.width, 0) + columns.length - 1;
      expect(used, `${width}`).toBeLessThanOrEqual(width);
      expect(columns.map((c) => c.id)).toEqual(expect.arrayContaining(['org', 'sync', 'progress', 'eta']));
    }
    expect(tableColumns(80).map((c) => c.id)).toEqual(['org', 'sync', 'progress', 'counts', 'rate', 'eta']);
    expect(tableColumns(120).map((c) => c.id)).toEqual([
      'org',
      'sync',
      'entity',
      'source',
      'progress',
      'counts',
      'rate',
      'eta',
      'elapsed',
      'age',
    ]);
  });
});
