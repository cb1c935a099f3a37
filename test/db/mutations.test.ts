/**
 * Each single mutation of a correct database is caught by a failing finding that names the
 * object; applying the fixes the findings carry brings the database back to zero failures.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { verifyUrls } from '../helpers/verify.js';

interface Mutation {
  readonly name: string;
  readonly sql: string;
  readonly code: string;
  readonly object: string;
  /** false where no automatic fix is safe (the finding says a person must decide) */
  readonly repairable?: boolean;
}

const MUTATIONS: Mutation[] = [
  {
    name: 'a policy dropped',
    sql: 'DROP POLICY sync_progress_select ON sync_progress',
    code: 'RLS002',
    object: 'public.sync_progress.sync_progress_select',
  },
  {
    name: 'a policy loosened to true',
    sql: 'ALTER POLICY preview_cache_select ON sync_preview_cache USING (true)',
    code: 'RLS004',
    object: 'public.sync_preview_cache.preview_cache_select',
  },
  {
    name: 'RLS disabled',
    sql: 'ALTER TABLE sync_activity_log DISABLE ROW LEVEL SECURITY',
    code: 'RLS001',
    object: 'public.sync_activity_log',
  },
  {
    name: 'an index dropped',
    sql: 'DROP INDEX idx_sync_progress_entity',
    code: 'IDX001',
    object: 'public.idx_sync_progress_entity',
  },
  {
    name: 'an index of the partitioned log dropped',
    sql: 'DROP INDEX idx_sync_activity_log_status',
    code: 'IDX001',
    object: 'public.idx_sync_activity_log_status',
  },
  {
    name: 'the expiry CHECK dropped (restored NOT VALID: expired rows may exist)',
    sql: 'ALTER TABLE sync_preview_cache DROP CONSTRAINT preview_cache_not_expired',
    code: 'CON003',
    object: 'public.sync_preview_cache.preview_cache_not_expired',
  },
  {
    name: 'an index recreated without its WHERE',
    sql: 'DROP INDEX idx_sync_progress_active; CREATE INDEX idx_sync_progress_active ON sync_progress (org_id, updated_at DESC)',
    code: 'IDX002',
    object: 'public.idx_sync_progress_active',
  },
  {
    name: 'an extra enum label',
    sql: "ALTER TYPE sync_type ADD VALUE 'magento'",
    code: 'ENM002',
    object: 'public.sync_type',
    repairable: false,
  },
  {
    name: 'a partition dropped',
    sql: 'DROP TABLE sync_activity_log_2025_12',
    code: 'PRT002',
    object: 'public.sync_activity_log_2025_12',
  },
  {
    name: "a column's type changed",
    sql: 'ALTER TABLE sync_progress ALTER COLUMN source_system TYPE text',
    code: 'TBL004',
    object: 'public.sync_progress.source_system',
  },
  {
    name: 'NOT NULL dropped',
    sql: 'ALTER TABLE sync_progress ALTER COLUMN total_items DROP NOT NULL',
    code: 'TBL005',
    object: 'public.sync_progress.total_items',
  },
  {
    name: 'NOT NULL added',
    sql: 'ALTER TABLE sync_preview_cache ALTER COLUMN sync_id SET NOT NULL',
    code: 'TBL005',
    object: 'public.sync_preview_cache.sync_id',
  },
  {
    name: "an FK's ON DELETE changed",
    sql: 'ALTER TABLE sync_progress DROP CONSTRAINT sync_progress_org_id_fkey; ALTER TABLE sync_progress ADD CONSTRAINT sync_progress_org_id_fkey FOREIGN KEY (org_id) REFERENCES organization(id) ON DELETE RESTRICT',
    code: 'CON005',
    object: 'public.sync_progress.sync_progress_org_id_fkey',
  },
  {
    name: 'a trigger disabled',
    sql: 'ALTER TABLE sync_progress DISABLE TRIGGER sync_progress_validate_totals',
    code: 'TRG003',
    object: 'public.sync_progress.sync_progress_validate_totals',
  },
  {
    name: 'a trigger dropped',
    sql: 'DROP TRIGGER sync_progress_update_elapsed ON sync_progress',
    code: 'TRG001',
    object: 'public.sync_progress.sync_progress_update_elapsed',
  },
  {
    name: 'a function body changed',
    sql: 'CREATE OR REPLACE FUNCTION update_sync_progress_timestamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$',
    code: 'FUN002',
    object: 'public.update_sync_progress_timestamp()',
  },
  {
    name: 'a grant revoked',
    sql: 'REVOKE DELETE ON sync_activity_log FROM authenticated',
    code: 'GRT001',
    object: 'public.sync_activity_log',
  },
  {
    name: 'a CHECK dropped',
    sql: 'ALTER TABLE sync_progress DROP CONSTRAINT sync_progress_positive_counts',
    code: 'CON003',
    object: 'public.sync_progress.sync_progress_positive_counts',
  },
  {
    name: 'a UNIQUE dropped',
    sql: 'ALTER TABLE sync_progress DROP CONSTRAINT sync_progress_org_id_sync_id_key',
    code: 'CON002',
    object: 'public.sync_progress.sync_progress_org_id_sync_id_key',
  },
  {
    name: 'a default dropped',
    sql: 'ALTER TABLE sync_progress ALTER COLUMN current_item DROP DEFAULT',
    code: 'TBL006',
    object: 'public.sync_progress.current_item',
  },
  { name: 'auth.uid() dropped', sql: 'DROP FUNCTION auth.uid() CASCADE', code: 'PRQ006', object: 'auth.uid()' },
  {
    name: 'auth.users_extended dropped',
    sql: 'DROP TABLE auth.users_extended CASCADE',
    code: 'PRQ004',
    object: 'auth.users_extended',
  },
];

const failing = (findings: readonly Finding[]) => findings.filter((f) => f.status === 'fail');

describe('each single mutation of a correct database', () => {
  it('starts from a database with zero failing findings', async () => {
    const report = await verifyUrls(await freshDatabase('migrated', 'mut'));
    expect(failing(report.findings)).toEqual([]);
  });

  for (const mutation of MUTATIONS) {
    it(`catches ${mutation.name}`, async () => {
      const url = await freshDatabase('migrated', 'mut');
      await withClient(url, (client) => client.query(mutation.sql));
      const report = await verifyUrls(url);
      const caught = failing(report.findings).find((f) => f.code === mutation.code && f.object === mutation.object);
      expect(
        caught,
        `${mutation.code} ${mutation.object} among ${failing(report.findings)
          .map((f) => `${f.code} ${f.object}`)
          .join('; ')}`,
      ).toBeDefined();
      expect(caught!.title).toContain(mutation.object.replace(/^public\./, ''));
      if (mutation.repairable === false) {
        expect(caught!.fix).toBeNull();
        return;
      }
      // The fixes the findings carry, applied in checklist order, repair the database.
      await withClient(url, async (client) => {
        for (const finding of failing(report.findings)) {
          if (finding.fix) await client.query(finding.fix);
        }
      });
      const after = await verifyUrls(url);
      expect(failing(after.findings).map((f) => `${f.code} ${f.object}`)).toEqual([]);
    });
  }
});
