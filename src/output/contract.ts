/** contract's faces: the text table of statements, and its JSON (one shape, built here). */
import { type ContractReport, placeOf } from '../core/contract.js';
import { count } from '../core/words.js';
import { glyph, paint, type Style } from './style.js';

const STATUS = { ok: 'pass', fail: 'fail', unchecked: 'warn' } as const;

/** `contract --json`: the statements first (id, file, line, sql, status, sqlstate, message), then the rest. */
export function contractJson(report: ContractReport): string {
  const { statements, ...rest } = report;
  return `${JSON.stringify(
    {
      statements: statements.map((s) => ({
        id: s.id,
        file: s.file,
        line: s.line,
        sql: s.sql,
        status: s.status,
        sqlstate: s.sqlstate,
        message: s.message,
        object: s.object,
        reason: s.reason,
      })),
      ...rest,
    },
    null,
    2,
  )}\n`;
}

export function renderContract(report: ContractReport, options: { style: Style; verbose: boolean }): string {
  const { style } = options;
  const db = report.database;
  const how =
    report.mode === 'execute' ? 'run and rolled back' : 'parsed, bound and planned by the server (nothing ran)';
  const lines = [
    paint(style, 'bold', `Application contract on ${db.label} ${db.host}/${db.database}`) +
      paint(
        style,
        'gray',
        ` · ${count(report.summary.total, 'statement')}, ${how}${report.role ? ` · as ${report.role}` : ''}`,
      ),
    '',
  ];
  for (const statement of report.statements) {
    if (statement.status === 'ok' && !options.verbose) continue;
    lines.push(
      `  ${glyph(style, STATUS[statement.status])} ${placeOf(statement)}  ${paint(style, 'gray', statement.id)}`,
    );
    if (statement.status === 'fail')
      lines.push(
        `      ${statement.sqlstate ?? ''} ${statement.message ?? ''}${statement.object ? paint(style, 'gray', ` (${statement.object})`) : ''}`,
      );
    if (statement.status === 'unchecked') lines.push(paint(style, 'gray', `      not checked: ${statement.reason}`));
    const finding = report.findings.find((f) => f.id.endsWith(`:${statement.id}`));
    if (statement.status === 'fail' && finding) {
      const because = finding.actual.split('\n').slice(1).join(' ');
      if (because) lines.push(paint(style, 'gray', `      ${because}`));
    }
  }
  for (const entry of report.stale)
    lines.push(`  ${glyph(style, 'warn')} ${entry.file}:${entry.line}  stale: ${entry.id} ${entry.why}`);
  for (const file of report.unreadable) lines.push(`  ${glyph(style, 'warn')} ${file.file}  not read: ${file.message}`);
  const advanced = Object.entries(report.sequencesAdvanced);
  if (report.mode === 'execute')
    lines.push(
      '',
      paint(
        style,
        'gray',
        advanced.length > 0
          ? `Rolled back; what a rollback does not undo: ${advanced.map(([name, value]) => `${name} now at ${value}`).join(', ')}`
          : 'Rolled back; a rolled-back INSERT still uses up sequence values, and none moved here',
      ),
    );
  const s = report.summary;
  lines.push(
    '',
    `${paint(style, 'bold', 'Summary')}  ${s.ok} ok · ${s.fail} fail · ${s.unchecked} unchecked${report.stale.length ? ` · ${report.stale.length} stale` : ''}  → ${
      s.total === 0
        ? paint(style, 'yellow', "no statement found that names the migration's objects")
        : s.fail > 0
          ? paint(style, 'red', `the application's statements fail here: ${count(s.fail, 'statement')}`)
          : paint(style, 'green', 'every checked statement works here')
    }`,
  );
  return `${lines.join('\n')}\n`;
}
