/** The Markdown report file the app writes. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appStateFor } from '../../test/helpers/ui/fixtures.js';
import { reportFileName, writeReport } from './export.js';
import { reportOf } from './verification/state.js';

describe('the Markdown report file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mantis-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is named by the local date and minute', () => {
    expect(reportFileName(new Date(2026, 10, 21, 23, 15, 42))).toBe('mantis-verify-2026-11-21T2315.md');
  });

  it('is written without overwriting an earlier one from the same minute', () => {
    const report = reportOf(appStateFor().verification)!;
    const now = new Date(2026, 10, 21, 23, 15);
    const first = writeReport(report, dir, now);
    const second = writeReport(report, dir, now);
    expect(first).toBe(join(dir, 'mantis-verify-2026-11-21T2315.md'));
    expect(second).toBe(join(dir, 'mantis-verify-2026-11-21T2315-2.md'));
    expect(readdirSync(dir)).toHaveLength(2);
    const text = readFileSync(first, 'utf8');
    expect(text).toContain('# Migration 0024 verification report');
    expect(text).toContain('PRQ001');
    expect(text).not.toContain('s3cret-pw');
  });
});
