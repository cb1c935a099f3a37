/** The Overview's topology lines (which database holds what, the FDW links). */
import { describe, expect, it } from 'vitest';
import { verificationFor } from '../../../../test/helpers/ui/fixtures.js';
import { symbols } from '../../theme.js';
import { topologyItems } from './topology.js';

describe('topology', () => {
  it('reads core, serve, the public views, spp and the FDW link each way from the TOP findings', () => {
    const items = topologyItems(
      verificationFor().findings,
      verificationFor().databases,
      symbols({ color: false, unicode: true }),
    );
    expect(items.map((i) => [i.name, i.status])).toEqual([
      ['core', 'pass'],
      ['serve', 'pass'],
      ['public views', 'pass'],
      ['spp', 'pass'],
      ['FDW IS-SOH → SPP', 'warn'],
      ['FDW SPP → IS-SOH', 'warn'],
    ]);
    expect(items[2]?.detail).toBe('2 of 2 are views');
  });

  it('says which database was not read instead of guessing', () => {
    const v = verificationFor({ spp: { error: 'SPP (h/db): connection refused' } });
    const items = topologyItems(v.findings, v.databases, symbols({ color: false, unicode: false }));
    expect(items.find((i) => i.name === 'spp')).toMatchObject({ status: 'skip', detail: 'SPP not read' });
    expect(items.find((i) => i.name === 'FDW SPP -> IS-SOH')).toMatchObject({ status: 'skip' });
    expect(items.find((i) => i.name === 'core')?.status).toBe('pass');
  });
});
