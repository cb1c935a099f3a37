/** Seed 000's two databases, linked with postgres_fdw both ways, as the real pair is. */
import { describe, expect, it } from 'vitest';
import { adminUrl, freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { verifyUrls } from '../helpers/verify.js';

async function link(from: string, to: string, server: string) {
  const target = new URL(to);
  await withClient(from, (client) =>
    client.query(`
      CREATE EXTENSION IF NOT EXISTS postgres_fdw;
      CREATE SERVER ${server} FOREIGN DATA WRAPPER postgres_fdw
        OPTIONS (host '${target.hostname}', port '${target.port}', dbname '${target.pathname.slice(1)}');
      CREATE USER MAPPING FOR CURRENT_USER SERVER ${server}
        OPTIONS (user '${target.username}', password '${decodeURIComponent(target.password)}');
    `),
  );
}

describe('topology', () => {
  it('finds the postgres_fdw link each way, and never shows the mapping password', async () => {
    const issoh = await freshDatabase('issohMigrated', 'topo');
    const spp = await freshDatabase('sppSeed000', 'topo');
    await link(issoh, spp, 'spp_link');
    await link(spp, issoh, 'issoh_link');
    const report = await verifyUrls(issoh, spp);
    const links = report.findings.filter((f) => f.code === 'TOP004');
    expect(links.map((f) => [f.database, f.status, f.title])).toEqual([
      ['issoh', 'pass', 'postgres_fdw link to SPP: spp_link'],
      ['spp', 'pass', 'postgres_fdw link to IS-SOH: issoh_link'],
    ]);
    expect(JSON.stringify(report)).not.toContain(decodeURIComponent(new URL(adminUrl()).password));
  });

  it('reports 0024 applied to SPP while IS-SOH lacks it', async () => {
    const report = await verifyUrls(
      await freshDatabase('issohSeed000', 'topo'),
      await freshDatabase('migrated', 'topo'),
    );
    const misplaced = report.findings.filter((f) => f.code === 'TOP005' && f.status === 'fail');
    expect(misplaced.map((f) => f.object)).toContain('public.sync_progress');
    expect(misplaced[0]?.actual).toContain('exists in SPP, not in IS-SOH');
  });
});
