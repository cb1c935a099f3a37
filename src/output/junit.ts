/**
 * `--format junit`: a test suite per target and checklist group, a test case per check. A check
 * that fails the gate (--fail-on) is a failure carrying its expected and actual values, the
 * evidence SQL and the fix; a database that could not be read is an error. Written with
 * junit-report-builder, which escapes and lays out the XML as Jenkins and GitLab read it.
 */
import type { Builder, TestSuite } from 'junit-report-builder';
import junitReportBuilder from 'junit-report-builder';
import { type Finding, GROUP_TITLES, GROUPS } from '../core/finding.js';
import { failingStatuses, type GateRun } from '../core/gate.js';
import { type CiOptions, DATABASE_LABEL, detailOf, sourcePath } from './ci.js';
import { showControls } from './terminal-text.js';

// Its types declare `export default`; its CommonJS module.exports is the builder itself, as Node imports it.
const junit = junitReportBuilder as unknown as Builder;

export function renderJunit(run: GateRun, options: CiOptions = {}): string {
  const builder = junit.newBuilder().name(`mantis-sync-tui ${run.command}`);
  const failing = failingStatuses(run.failOn);
  for (const target of run.targets) {
    const prefix = target.name ? `${target.name} / ` : '';
    const className = `mantis-sync-tui.${run.command}${target.name ? `.${target.name}` : ''}`;
    if (target.unreadable.length > 0) {
      const suite = builder.testSuite().name(`${prefix}Databases`).timestamp(run.generatedAt);
      for (const message of target.unreadable)
        suite
          .testCase()
          .className(`${className}.databases`)
          .name('read the database')
          .error(showControls(message), 'unreadable');
    }
    for (const group of GROUPS) {
      const findings = target.findings.filter((f) => f.group === group);
      if (findings.length === 0) continue;
      const suite = builder.testSuite().name(`${prefix}${GROUP_TITLES[group]}`).timestamp(run.generatedAt);
      if (target.name) suite.property('environment', target.name);
      for (const finding of findings) addCase(suite, finding, `${className}.${group}`, failing, options);
    }
  }
  return `${builder.build()}\n`;
}

function addCase(
  suite: TestSuite,
  finding: Finding,
  className: string,
  failing: readonly string[],
  options: CiOptions,
): void {
  const testCase = suite
    .testCase()
    .className(className)
    .name(showControls(`${finding.code} ${finding.object} [${DATABASE_LABEL[finding.database]}]`));
  // XML 1.0 cannot hold most control characters: a database's are shown as text (\u001b), as everywhere.
  const detail = showControls(detailOf(finding, options));
  const title = showControls(finding.title);
  if (finding.location) testCase.file(showControls(sourcePath(finding.location, options)));
  if (failing.includes(finding.status)) {
    testCase.failure(`${title} (${finding.status})`, finding.code).stacktrace(detail);
  } else if (finding.status === 'blocked' || finding.status === 'skip') {
    // Not judged: a missing prerequisite (or nothing to check) leaves it open, which JUnit calls skipped.
    testCase.skipped().standardOutput(`${finding.status}: ${title}\n${detail}`);
  } else if (finding.status === 'warn') {
    testCase.standardOutput(`warning: ${title}\n${detail}`);
  }
}
