/**
 * `--format sarif`: SARIF 2.1.0 for code scanning, built with node-sarif-builder (its types are
 * the SARIF schema's, @types/sarif). A rule per finding code with its meaning and impact as help;
 * a result per finding that is not a pass, at the database object as a logical location, and at
 * the application's file and line where the finding has one (a statement that will fail).
 */

import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Result } from 'sarif';
import { CODES } from '../core/codes.js';
import type { Finding } from '../core/finding.js';
import { failingStatuses, type GateRun, matrixOf, reportable, targetPrefix } from '../core/gate.js';
import { type CiOptions, DATABASE_LABEL, detailOf, sourcePath } from './ci.js';

export function renderSarif(run: GateRun, options: CiOptions = {}): string {
  const sarif = new SarifBuilder();
  const sarifRun = new SarifRunBuilder().initSimple({
    toolDriverName: 'mantis-sync-tui',
    toolDriverVersion: run.version,
  });
  const failing = failingStatuses(run.failOn);
  const findings = run.targets.flatMap((target) => reportable(target.findings).map((finding) => ({ target, finding })));
  for (const code of [...new Set(findings.map(({ finding }) => finding.code))].sort())
    sarifRun.addRule(ruleOf(code, findings.find(({ finding }) => finding.code === code)!.finding));
  for (const { target, finding } of findings) {
    const level: Result.level = failing.includes(finding.status)
      ? 'error'
      : finding.status === 'warn'
        ? 'warning'
        : 'note';
    const result = new SarifResultBuilder().initSimple({
      ruleId: finding.code,
      level,
      messageText: `${targetPrefix(target)}${finding.title}: expected ${finding.expected}; actual ${finding.actual}`,
      ...(finding.location ? { fileUri: sourcePath(finding.location, options), startLine: finding.location.line } : {}),
    });
    const where = [target.name, DATABASE_LABEL[finding.database], finding.object].filter(Boolean).join('/');
    const locations = result.result.locations ?? [{}];
    locations[0] = { ...locations[0], logicalLocations: [{ fullyQualifiedName: where, name: finding.object }] };
    result.result.locations = locations;
    result.result.kind = 'fail';
    // The same finding in the same environment is the same alert from one run to the next.
    result.result.partialFingerprints = { mantisFinding: `${target.name ?? ''}:${finding.id}` };
    result.result.properties = {
      status: finding.status,
      severity: finding.severity,
      database: DATABASE_LABEL[finding.database],
      ...(target.name ? { environment: target.name } : {}),
      detail: detailOf(finding, options),
    };
    sarifRun.addResult(result);
  }
  for (const target of run.targets) {
    for (const message of target.unreadable) {
      const invocation = {
        executionSuccessful: false,
        toolExecutionNotifications: [
          { message: { text: `${targetPrefix(target)}${message}` }, level: 'error' as const },
        ],
      };
      sarifRun.run.invocations = [...(sarifRun.run.invocations ?? []), invocation];
    }
  }
  sarifRun.run.invocations ??= [{ executionSuccessful: true }];
  sarifRun.run.automationDetails = { id: `mantis-sync-tui/${run.command}/` };
  // The environment × group matrix, as the text and Markdown show it, for a consumer that reads the run's properties.
  const matrix = matrixOf(run);
  sarifRun.run.properties = {
    failOn: run.failOn,
    matrix: matrix.rows.map((row) => ({
      environment: row.target.name,
      exitCode: row.exitCode,
      groups: Object.fromEntries(
        matrix.groups.map((group) => [
          group,
          row.cells[group] ? { status: row.cells[group].status, count: row.cells[group].count } : null,
        ]),
      ),
    })),
  };
  sarif.addRun(sarifRun);
  return `${sarif.buildSarifJsonString({ indent: true })}\n`;
}

function ruleOf(code: string, example: Finding): SarifRuleBuilder {
  const info = (CODES as Readonly<Record<string, (typeof CODES)[keyof typeof CODES] | undefined>>)[code];
  const meaning = info?.meaning ?? example.title;
  const impact = info?.impact ?? example.impact;
  const rule = new SarifRuleBuilder().initSimple({
    ruleId: code,
    shortDescriptionText: meaning,
    fullDescriptionText: `${meaning}. ${impact}`,
  });
  rule.rule.name = code;
  rule.rule.help = {
    text: `${meaning}. ${impact} Each result carries the SQL that shows the fact (evidence) and, where a machine can mend it, the SQL that does (fix).`,
    markdown: `**${code}**: ${meaning}.\n\n${impact}\n\nEach result carries the SQL that shows the fact (evidence) and, where a machine can mend it, the SQL that does (fix).`,
  };
  rule.rule.defaultConfiguration = {
    level: info?.severity === 'low' || info?.severity === 'info' ? 'warning' : 'error',
  };
  rule.rule.properties = {
    tags: [...new Set([info?.group ?? example.group, info?.category ?? example.category])],
    ...(info
      ? { 'problem.severity': info.severity === 'critical' || info.severity === 'high' ? 'error' : 'warning' }
      : {}),
  };
  return rule;
}
