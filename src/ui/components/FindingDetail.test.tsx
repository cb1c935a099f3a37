/**
 * The finding detail pane, rendered with ink-testing-library from snapshots captured on a real
 * server; unstyled text asserted.
 */
import { describe, expect, it } from 'vitest';
import { appStateFor } from '../../../test/helpers/ui/fixtures.js';
import { render } from '../../../test/helpers/ui/render.js';
import { FindingDetail } from './FindingDetail.js';

describe('FindingDetail', () => {
  const findings = appStateFor({ issoh: 'issoh-drifted' }).verification.findings ?? [];
  const finding = findings.find((f) => f.code === 'IDX001' && f.status === 'fail')!;

  it('shows expected, actual, impact, blocked-by, the evidence SQL and the fix SQL', () => {
    const { frame } = render(<FindingDetail finding={finding} width={80} height={40} scroll={0} />);
    const text = frame();
    expect(text).toMatch(/^✗ IDX001 · fail · medium · IS-SOH/);
    expect(text).toContain('Expected    CREATE INDEX idx_sync_activity_log_action ON ONLY');
    expect(text).toContain('Actual      no index with this name or definition');
    expect(text).toContain('Impact      Queries the index serves scan the table');
    expect(text).toContain('Blocked by  nothing');
    expect(text).toContain('Evidence SQL  (Y copies it)');
    expect(text).toContain('Fix SQL  (y copies it)');
    expect(text).toContain(`CREATE INDEX`);
  });

  it('scrolls, and says which lines are shown', () => {
    const top = render(<FindingDetail finding={finding} width={80} height={8} scroll={0} />);
    expect(top.lines()[0]).toMatch(/lines 1-7 of \d+ ↑↓$/);
    expect(top.frame()).not.toContain('Fix SQL');
    const bottom = render(<FindingDetail finding={finding} width={80} height={8} scroll={999} />);
    expect(bottom.frame()).toContain(finding.fix!.trim().split('\n').at(-1)!.trim().slice(0, 40));
  });

  it('names the prerequisite a blocked finding waits for, and a finding without a fix says a person decides', () => {
    const seed = appStateFor().verification.findings ?? [];
    const blocked = seed.find((f) => f.status === 'blocked')!;
    const { frame } = render(<FindingDetail finding={blocked} width={80} height={40} scroll={0} />);
    expect(frame()).toMatch(/Blocked by {2}PRQ\d{3} \(/);
    const manual = seed.find((f) => f.fix === null)!;
    expect(render(<FindingDetail finding={manual} width={80} height={40} scroll={0} />).frame()).toContain(
      'none: a person must decide',
    );
  });
});
