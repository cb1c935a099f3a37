/**
 * A write through a pooled endpoint is refused where every write session is opened, whichever face
 * asked: the use-cases themselves refuse, before any connection, unless allowPooled says otherwise.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maintain } from '../../src/commands/maintain.js';
import { rollback } from '../../src/commands/rollback.js';
import { loadConfig } from '../../src/config.js';
import { RefusedError } from '../../src/core/errors.js';
import type { RemediationSettings } from '../../src/core/write-settings.js';
import { writableDatabase } from '../../src/db/session.js';
import { scratchDirectory } from '../helpers/context.js';

// Nothing listens here: a refusal must come before any connection is tried.
const POOLER = 'postgresql://ops:secret@ep-calm-456-pooler.eu-central-1.aws.neon.tech:9/mantis_issoh';
const PGBOUNCER = 'postgresql://ops:secret@127.0.0.1:9/mantis_issoh?pgbouncer=true';
const settings: RemediationSettings = { lockTimeoutMs: 5000, statementTimeoutMs: 60_000, allowPooled: false };
const io = { env: {}, now: () => new Date('2026-12-01T00:00:00Z') };

describe('writes through a pooled endpoint', () => {
  it('are refused when the write session is opened: a -pooler host, and pgbouncer=true', () => {
    for (const url of [POOLER, PGBOUNCER]) {
      const config = loadConfig({ env: {}, issohUrl: url });
      expect(() => writableDatabase(config.issoh!, config, settings)).toThrow(RefusedError);
      expect(() => writableDatabase(config.issoh!, config, settings)).toThrow(/pass --allow-pooled$/);
    }
  });

  it('are refused by the use-cases themselves, not only by the faces that check first', async () => {
    const config = loadConfig({ env: {}, issohUrl: POOLER });
    const audited = { ...settings, auditLog: join(scratchDirectory('session'), 'audit.jsonl') };
    await expect(
      maintain(config, audited, { task: 'cache', ahead: 3, olderThanMonths: 6, dryRun: false, io }),
    ).rejects.toThrow(RefusedError);
    await expect(
      rollback(config, audited, { database: 'issoh', dryRun: false, discardData: false, allowCascade: [], io }),
    ).rejects.toThrow(RefusedError);
  });

  it('open with allowPooled (transaction mode: the advisory lock is per transaction)', async () => {
    const config = loadConfig({ env: {}, issohUrl: PGBOUNCER });
    const db = writableDatabase(config.issoh!, config, { ...settings, allowPooled: true });
    await db.close();
  });
});
