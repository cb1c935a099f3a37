/** The 4 enum types of 0024: exact labels, in order; missing and extra labels named. */
import { differences } from '../diff.js';
import type { Finding } from '../finding.js';
import { quoteLiteral } from '../sqltext.js';
import { count } from '../words.js';
import { absentStatus, type CheckContext, listOrNone, makeFinding, sql } from './context.js';

export function checkEnums(ctx: CheckContext): Finding[] {
  return ctx.expected.enums.map((spec) => {
    const qualifiedName = `${spec.schema}.${spec.name}`;
    const found = ctx.actual.enums.find((e) => e.schema === spec.schema && e.name === spec.name);
    const evidence = ['evidence/enum', { schema: spec.schema, name: spec.name }] as const;
    if (!found) {
      return makeFinding(ctx, {
        code: 'ENM001',
        object: qualifiedName,
        status: absentStatus(ctx),
        expected: `${spec.labels.length} labels: ${spec.labels.join(', ')}`,
        actual: 'does not exist',
        evidence,
        fix: ['fix/create_enum', { type: qualifiedName, labels: spec.labels }],
      });
    }
    const missing = spec.labels.filter((l) => !found.labels.includes(l));
    const extra = found.labels.filter((l) => !spec.labels.includes(l));
    const common = found.labels.filter((l) => spec.labels.includes(l));
    const reordered = common.join() !== spec.labels.filter((l) => found.labels.includes(l)).join();
    if (differences('enum', spec, found).length === 0) {
      return makeFinding(ctx, {
        code: 'ENM002',
        object: qualifiedName,
        status: 'pass',
        title: `${qualifiedName}: ${spec.labels.length} labels in order`,
        expected: spec.labels.join(', '),
        actual: found.labels.join(', '),
        evidence,
      });
    }
    const problems = [
      missing.length ? `missing ${listOrNone(missing)}` : '',
      extra.length ? `extra ${listOrNone(extra)}` : '',
      reordered ? 'labels out of order' : '',
    ].filter(Boolean);
    // Missing labels can be added in place; extra or reordered labels need the type rebuilt.
    const fix =
      extra.length === 0 && !reordered
        ? missing
            .map((label) => {
              const index = spec.labels.indexOf(label);
              const next = spec.labels.slice(index + 1).find((l) => found.labels.includes(l));
              const previous = spec.labels
                .slice(0, index)
                .reverse()
                .find((l) => found.labels.includes(l));
              const position = next
                ? `BEFORE ${quoteLiteral(next)}`
                : previous
                  ? `AFTER ${quoteLiteral(previous)}`
                  : '';
              return sql(ctx, 'fix/add_enum_label', { type: qualifiedName, label, position });
            })
            .join('\n')
        : null;
    return makeFinding(ctx, {
      code: 'ENM002',
      object: qualifiedName,
      status: 'fail',
      title: `enum labels differ: ${qualifiedName}: ${problems.join('; ')}`,
      expected: `${spec.labels.length} labels: ${spec.labels.join(', ')}`,
      actual: `${count(found.labels.length, 'label')}: ${found.labels.join(', ')}`,
      evidence,
      fix,
    });
  });
}
