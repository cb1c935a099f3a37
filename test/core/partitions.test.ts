import { describe, expect, it } from 'vitest';
import { describeBound, parseBound } from '../../src/core/checks/partitions.js';

describe('parseBound', () => {
  it('reads bounds printed in any session time zone as the same instants', () => {
    const utc = parseBound("FOR VALUES FROM ('2025-11-01 00:00:00+00') TO ('2025-12-01 00:00:00+00')");
    const auckland = parseBound("FOR VALUES FROM ('2025-11-01 13:00:00+13') TO ('2025-12-01 13:00:00+13')");
    expect(auckland).toEqual(utc);
    expect(describeBound(utc!)).toBe('FROM 2025-11-01 TO 2025-12-01');
  });

  it('reads MAXVALUE, MINVALUE and DEFAULT', () => {
    expect(parseBound("FOR VALUES FROM ('2026-03-01 00:00:00+00') TO (MAXVALUE)")?.to).toBe(Infinity);
    expect(parseBound("FOR VALUES FROM (MINVALUE) TO ('2026-03-01 00:00:00+00')")?.from).toBe(-Infinity);
    expect(parseBound('DEFAULT')?.isDefault).toBe(true);
    expect(parseBound('FOR VALUES IN (1)')).toBeNull();
  });
});
