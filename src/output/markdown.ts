/** Seed 003's evidence template, one section per finding that is not a pass. */
import { type Category, type Finding, GROUP_TITLES, GROUPS, summarize } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { showControls } from './terminal-text.js';

const CATEGORY_TITLES: Record<Category, string> = {
  'missing-object': 'A. Missing Objects',
  'divergent-definition': 'B. Divergent Definitions',
  rls: 'C. Missing/Incorrect RLS',
  grants: 'D. Missing/Incorrect Grants',
  realtime: 'E. Realtime Configuration',
  storage: 'F. Storage',
  lint: 'Lint',
  topology: 'Topology',
  contract: 'Application contract',
};

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(
    '# Migration 0024 verification report',
    '',
    `Generated: ${report.generatedAt} by mantis-sync-tui ${report.version}`,
    '',
  );
  out.push('| Database | Status | Where | Server | User |', '| --- | --- | --- | --- | --- |');
  for (const db of Object.values(report.databases)) {
    out.push(
      `| ${db.label} | ${db.status === 'ok' ? 'checked' : cell(db.error ?? db.status)} | ${cell(db.url ?? '—')} | ${db.serverVersion ?? '—'} | ${db.user ?? '—'} |`,
    );
  }
  const s = report.summary;
  out.push('', `**Summary:** ${s.pass} pass · ${s.fail} fail · ${s.warn} warn · ${s.blocked} blocked`, '');
  out.push('## Checklist', '', '| Group | Pass | Fail | Warn | Blocked |', '| --- | --- | --- | --- | --- |');
  for (const group of GROUPS) {
    const findings = report.findings.filter((f) => f.group === group);
    if (findings.length === 0) continue;
    const g = summarize(findings);
    out.push(`| ${GROUP_TITLES[group]} | ${g.pass} | ${g.fail} | ${g.warn} | ${g.blocked} |`);
  }
  const gaps = report.findings.filter((f) => f.status !== 'pass' && f.status !== 'skip');
  out.push('', '## Findings', '');
  if (gaps.length === 0) out.push('No gaps: every check passed.', '');
  gaps.forEach((finding, index) => {
    out.push(...section(finding, index + 1));
  });
  // A report is read in a terminal and in editors alike: data's control characters are shown, never kept.
  return showControls(`${out.join('\n').trimEnd()}\n`);
}

export function section(f: Finding, n: number): string[] {
  const id = `GAP-${String(n).padStart(3, '0')}`;
  return [
    `### Gap ID: ${id} (${f.code})`,
    `**Category**: ${CATEGORY_TITLES[f.category]}`,
    `**Severity**: ${capitalize(f.severity)}`,
    `**Status**: ${f.status}${f.blockedBy.length ? ` (blocked by ${f.blockedBy.join(', ')})` : ''}`,
    `**Database**: ${f.database === 'issoh' ? 'IS-SOH' : 'SPP'}`,
    `**Table/Object**: ${f.object}`,
    ...(f.location ? [`**Source**: ${f.location.file}:${f.location.line}`] : []),
    `**Issue**: ${f.title}`,
    '**Evidence Query**:',
    '```sql',
    f.evidence,
    '```',
    `**Expected**: ${f.expected}`,
    `**Actual**: ${f.actual}`,
    `**Impact**: ${f.impact}`,
    ...(f.fix ? ['**Fix**:', '```sql', f.fix, '```'] : ['**Fix**: a person must decide (no safe automatic fix)']),
    '',
  ];
}
