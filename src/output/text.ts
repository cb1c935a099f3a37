/** The readable checklist: verify on a TTY, or with --format text. */
import { type Finding, GROUP_TITLES, GROUPS, type Group, summarize } from '../core/finding.js';
import type { DatabaseReport, Report } from '../core/report.js';
import { verdictOf } from '../core/report.js';
import { glyph, paint, type Style } from './style.js';

export interface TextOptions {
  readonly style: Style;
  /** list passing findings one by one too */
  readonly verbose: boolean;
}

const LABEL = { issoh: 'IS-SOH', spp: 'SPP' } as const;

export function renderText(report: Report, options: TextOptions): string {
  const { style } = options;
  const lines: string[] = [];
  lines.push(paint(style, 'bold', `mantis-sync-tui verify`) + paint(style, 'gray', ` · ${report.generatedAt}`));
  if (report.sameDatabase) {
    lines.push(databaseLine({ ...report.databases.issoh, label: 'IS-SOH' }, style));
    lines.push(`${paint(style, 'bold', 'SPP'.padEnd(7))}IS-SOH and SPP are the same database: checked once`);
  } else {
    for (const key of ['issoh', 'spp'] as const) lines.push(databaseLine(report.databases[key], style));
  }
  lines.push('');
  for (const group of GROUPS) {
    const findings = report.findings.filter((f) => f.group === group);
    if (findings.length === 0) continue;
    lines.push(...renderGroup(group, findings, options));
  }
  const s = report.summary;
  const { verdict: said, unchecked } = verdictOf(report);
  const verdict =
    said === 'ready'
      ? unchecked.length > 0
        ? paint(style, 'yellow', `ready on what was read: ${unchecked.join(' and ')} not checked (no URL)`)
        : paint(style, 'green', 'ready: no failing findings')
      : said === 'incomplete'
        ? paint(style, 'red', 'incomplete: a database could not be read')
        : paint(style, 'red', `not ready: ${s.fail} failing, ${s.blocked} blocked`);
  lines.push(
    `${paint(style, 'bold', 'Summary')}  ${s.pass} pass · ${s.fail} fail · ${s.warn} warn · ${s.blocked} blocked${s.skip ? ` · ${s.skip} skip` : ''}  → ${verdict}`,
  );
  const intended = report.intended;
  if (intended?.partial)
    lines.push(
      paint(
        style,
        'yellow',
        `partial: the intended state of ${intended.directory} is built without ${intended.unapplied.join(', ')} (${intended.unapplied.length} of ${intended.files} files did not apply)`,
      ),
    );
  // What to run next, as the app's Overview says it.
  if (said === 'not-ready')
    lines.push(
      'next: mantis-sync-tui plan shows the steps that mend this; apply --dry-run tries them, apply runs them',
    );
  if (said === 'incomplete') lines.push('next: mend the connection named above, then verify again');
  return `${lines.join('\n')}\n`;
}

function databaseLine(db: DatabaseReport, style: Style): string {
  const label = paint(style, 'bold', db.label.padEnd(7));
  if (db.status === 'missing') return `${label}${paint(style, 'yellow', `not checked: ${db.error}`)}`;
  // Why it could not be read is said once, on stderr (src/cli/verify.ts); JSON and Markdown carry it as data.
  if (db.status === 'error')
    return `${label}${db.host}/${db.database}  ${paint(style, 'red', 'not read (why: on stderr)')}`;
  const facts = [
    db.serverVersion,
    `user ${db.user}${db.superuser ? ' (superuser)' : ''}`,
    db.readOnly ? 'read-only' : 'read-write',
    db.lockTimeout !== null ? `lock_timeout ${db.lockTimeout}` : null,
    db.statementTimeout !== null ? `statement_timeout ${db.statementTimeout}` : null,
    db.pooled ? 'pooled' : 'direct',
    db.ssl ? 'TLS' : 'no TLS',
    db.elapsedMs !== null ? `${db.elapsedMs} ms` : null,
    db.waitedMs > 0 ? `waited ${(db.waitedMs / 1000).toFixed(1)} s for the server to come up` : null,
  ].filter(Boolean);
  return `${label}${db.host}/${db.database}  ${paint(style, 'gray', facts.join(' · '))}`;
}

function renderGroup(group: Group, findings: readonly Finding[], options: TextOptions): string[] {
  const { style } = options;
  const s = summarize(findings);
  const counts = [
    s.pass ? paint(style, 'green', `${s.pass} pass`) : '',
    s.fail ? paint(style, 'red', `${s.fail} fail`) : '',
    s.warn ? paint(style, 'yellow', `${s.warn} warn`) : '',
    s.blocked ? paint(style, 'magenta', `${s.blocked} blocked`) : '',
    s.skip ? `${s.skip} skip` : '',
  ].filter(Boolean);
  const lines = [`${paint(style, 'bold', GROUP_TITLES[group].padEnd(26))}${counts.join(' · ')}`];
  for (const finding of findings) {
    if (finding.status === 'blocked' || (finding.status === 'pass' && !options.verbose)) continue;
    lines.push(
      `  ${glyph(style, finding.status)} ${paint(style, 'gray', finding.code)} ${finding.title}${databaseTag(finding)}`,
    );
    if (finding.status === 'fail' || (finding.status === 'warn' && options.verbose)) {
      lines.push(`      expected: ${indent(finding.expected)}`, `      actual:   ${indent(finding.actual)}`);
    }
  }
  const blocked = findings.filter((f) => f.status === 'blocked');
  if (blocked.length > 0) {
    const by = [...new Set(blocked.flatMap((f) => f.blockedBy))].join(', ');
    const objects = blocked.map((f) => f.object.replace(/^public\./, ''));
    const shown =
      objects.length > 4 ? `${objects.slice(0, 4).join(', ')}, … (${objects.length - 4} more)` : objects.join(', ');
    lines.push(`  ${glyph(style, 'blocked')} ${blocked.length} blocked by ${by}: ${shown}`);
  }
  return lines;
}

const databaseTag = (finding: Finding) => `  [${LABEL[finding.database]}]`;

function indent(text: string): string {
  return text.split('\n').join('\n                ');
}
