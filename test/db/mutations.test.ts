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
  // Every attribute the catalog holds is compared: one change each.
  {
    name: 'a trigger narrowed to UPDATE OF one column',
    sql: 'DROP TRIGGER sync_progress_update_timestamp ON sync_progress; CREATE TRIGGER sync_progress_update_timestamp BEFORE UPDATE OF total_items ON sync_progress FOR EACH ROW EXECUTE FUNCTION update_sync_progress_timestamp()',
    code: 'TRG002',
    object: 'public.sync_progress.sync_progress_update_timestamp',
  },
  {
    name: 'a trigger given a WHEN condition',
    sql: 'DROP TRIGGER sync_progress_update_timestamp ON sync_progress; CREATE TRIGGER sync_progress_update_timestamp BEFORE UPDATE ON sync_progress FOR EACH ROW WHEN (OLD.total_items IS DISTINCT FROM NEW.total_items) EXECUTE FUNCTION update_sync_progress_timestamp()',
    code: 'TRG002',
    object: 'public.sync_progress.sync_progress_update_timestamp',
  },
  {
    name: 'a trigger made statement-level and AFTER',
    sql: 'DROP TRIGGER sync_progress_update_elapsed ON sync_progress; CREATE TRIGGER sync_progress_update_elapsed AFTER INSERT OR UPDATE ON sync_progress FOR EACH STATEMENT EXECUTE FUNCTION update_sync_progress_elapsed()',
    code: 'TRG002',
    object: 'public.sync_progress.sync_progress_update_elapsed',
  },
  {
    name: 'a trigger set to fire on replicas only',
    sql: 'ALTER TABLE sync_progress ENABLE REPLICA TRIGGER sync_progress_validate_totals',
    code: 'TRG003',
    object: 'public.sync_progress.sync_progress_validate_totals',
  },
  {
    name: 'an extra privilege granted to authenticated',
    sql: 'GRANT TRUNCATE ON sync_progress TO authenticated',
    code: 'GRT006',
    object: 'public.sync_progress → authenticated',
  },
  {
    name: "a column's collation changed",
    sql: 'ALTER TABLE sync_progress ALTER COLUMN source_system TYPE varchar(50) COLLATE "C"',
    code: 'TBL008',
    object: 'public.sync_progress.source_system',
    repairable: false,
  },
  {
    name: 'a column made an identity',
    sql: 'ALTER TABLE sync_progress ALTER COLUMN batch_number DROP DEFAULT, ALTER COLUMN batch_number SET NOT NULL, ALTER COLUMN batch_number ADD GENERATED BY DEFAULT AS IDENTITY',
    code: 'TBL008',
    object: 'public.sync_progress.batch_number',
    repairable: false,
  },
  {
    name: 'a column made generated',
    sql: 'ALTER TABLE sync_progress DROP COLUMN eta_seconds; ALTER TABLE sync_progress ADD COLUMN eta_seconds integer GENERATED ALWAYS AS (total_items - current_item) STORED',
    code: 'TBL008',
    object: 'public.sync_progress.eta_seconds',
    repairable: false,
  },
  {
    name: 'a function made STRICT',
    sql: 'ALTER FUNCTION update_sync_progress_timestamp() STRICT',
    code: 'FUN003',
    object: 'public.update_sync_progress_timestamp()',
  },
  {
    name: 'a function given a setting',
    sql: 'ALTER FUNCTION update_sync_progress_timestamp() SET search_path = public',
    code: 'FUN003',
    object: 'public.update_sync_progress_timestamp()',
  },
  {
    name: 'a function made SECURITY DEFINER',
    sql: 'ALTER FUNCTION validate_sync_progress_totals() SECURITY DEFINER',
    code: 'FUN003',
    object: 'public.validate_sync_progress_totals()',
  },
  {
    name: 'a function made STABLE',
    sql: 'ALTER FUNCTION update_sync_progress_elapsed() STABLE',
    code: 'FUN003',
    object: 'public.update_sync_progress_elapsed()',
  },
  {
    name: 'a policy made restrictive',
    sql: 'DROP POLICY sync_progress_delete ON sync_progress; CREATE POLICY sync_progress_delete ON sync_progress AS RESTRICTIVE FOR DELETE USING (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_progress.org_id))',
    code: 'RLS005',
    object: 'public.sync_progress.sync_progress_delete',
  },
  {
    name: "a policy's roles changed",
    sql: 'ALTER POLICY sync_progress_select ON sync_progress TO anon',
    code: 'RLS005',
    object: 'public.sync_progress.sync_progress_select',
  },
  {
    name: "a policy's WITH CHECK loosened",
    sql: 'ALTER POLICY sync_progress_insert ON sync_progress WITH CHECK (true)',
    code: 'RLS004',
    object: 'public.sync_progress.sync_progress_insert',
  },
  {
    name: "an index's method changed",
    sql: 'DROP INDEX idx_sync_preview_cache_expires; CREATE INDEX idx_sync_preview_cache_expires ON sync_preview_cache USING hash (expires_at)',
    code: 'IDX002',
    object: 'public.idx_sync_preview_cache_expires',
  },
  {
    name: "an index's order changed",
    sql: 'DROP INDEX idx_sync_preview_cache_computed; CREATE INDEX idx_sync_preview_cache_computed ON sync_preview_cache (computed_at)',
    code: 'IDX002',
    object: 'public.idx_sync_preview_cache_computed',
  },
  {
    name: "an index's collation changed",
    sql: 'DROP INDEX idx_sync_preview_cache_key; CREATE INDEX idx_sync_preview_cache_key ON sync_preview_cache (cache_key COLLATE "C") WHERE cache_key IS NOT NULL',
    code: 'IDX002',
    object: 'public.idx_sync_preview_cache_key',
  },
  {
    name: 'an index made unique',
    sql: 'DROP INDEX idx_sync_progress_org_job; CREATE UNIQUE INDEX idx_sync_progress_org_job ON sync_progress (org_id, job_id)',
    code: 'IDX002',
    object: 'public.idx_sync_progress_org_job',
  },
  {
    name: 'a foreign key made deferrable',
    sql: 'ALTER TABLE sync_progress ALTER CONSTRAINT sync_progress_org_id_fkey DEFERRABLE INITIALLY DEFERRED',
    code: 'CON007',
    object: 'public.sync_progress.sync_progress_org_id_fkey',
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
