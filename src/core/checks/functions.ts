/**
 * The intended functions (every attribute: arguments, result, language, volatility, strictness,
 * security, settings, body) and triggers (the whole definition and whether it is enabled).
 */

import { CODES } from '../codes.js';
import { describeDifferences, differences } from '../diff.js';
import type { Finding } from '../finding.js';
import { rowsWhere } from '../lookup.js';
import type { DbFunction, Trigger } from '../snapshot.js';
import {
  absentStatus,
  blockedByTable,
  type CheckContext,
  expectedFor,
  makeFinding,
  splitName,
  tableVars,
} from './context.js';
import { findRelation } from './tables.js';

export function checkFunctions(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  // The prerequisites' functions (auth.uid()) are judged as prerequisites.
  const created = new Set(ctx.created.functions);
  for (const spec of ctx.expected.functions.filter((f) => created.has(nameOf(f)))) {
    const signature = signatureOf(spec);
    const evidence = ['evidence/function', { schema: spec.schema, name: spec.name }] as const;
    const fix = ['fix/create_function', { definition: (spec.definition ?? '').trim() }] as const;
    const found = rowsWhere(ctx.actual.functions, 'signature', signatureOf, signature)[0];
    if (!found) {
      findings.push(
        makeFinding(ctx, {
          code: 'FUN001',
          object: signature,
          status: absentStatus(ctx),
          expected: `${spec.language} function returning ${spec.returns}`,
          actual: 'does not exist',
          evidence,
          fix,
        }),
      );
      continue;
    }
    const differing = differences('function', spec, found);
    const bodyDiffers = differing.some((d) => d.attribute === 'body');
    const attributes = differing.filter((d) => d.attribute !== 'body');
    const same = differing.length === 0;
    findings.push(
      makeFinding(ctx, {
        code: bodyDiffers ? 'FUN002' : !same ? 'FUN003' : 'FUN001',
        object: signature,
        status: same ? 'pass' : 'fail',
        title: same
          ? `${signature}: body and attributes as specified`
          : attributes.length > 0
            ? `${CODES[bodyDiffers ? 'FUN002' : 'FUN003'].meaning}: ${signature}: ${describeDifferences(attributes)}`
            : undefined,
        expected: bodyDiffers ? `${describeFunction(spec)}\n${spec.body.trim()}` : describeFunction(spec),
        actual: bodyDiffers ? `${describeFunction(found)}\n${found.body.trim()}` : describeFunction(found),
        evidence,
        fix,
      }),
    );
  }
  findings.push(...checkTriggers(ctx));
  return findings;
}

/** "schema.name(arguments)": how grants name a function */
export const signatureOf = (f: DbFunction) => `${f.schema}.${f.name}(${f.identityArgs})`;
const nameOf = (f: DbFunction) => `${f.schema}.${f.name}`;

const describeFunction = (f: DbFunction) =>
  [
    `(${f.arguments ?? f.identityArgs}) RETURNS ${f.returns} LANGUAGE ${f.language} ${f.volatility.toUpperCase()}`,
    f.strict ? 'STRICT' : '',
    f.securityDefiner ? 'SECURITY DEFINER' : '',
    f.leakproof ? 'LEAKPROOF' : '',
    f.parallel && f.parallel !== 'unsafe' ? `PARALLEL ${f.parallel.toUpperCase()}` : '',
    ...(f.config ?? []).map((setting) => `SET ${setting}`),
  ]
    .filter(Boolean)
    .join(' ');

const describeTrigger = (t: Trigger) =>
  `${t.timing} ${t.events.join(' OR ')}${t.updateOf?.length ? ` OF ${t.updateOf.join(', ')}` : ''} FOR EACH ${t.level}${t.when ? ` WHEN (${t.when})` : ''} EXECUTE FUNCTION ${t.function}(${(t.arguments ?? []).join(', ')})`;

function checkTriggers(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const spec of ctx.expected.triggers) {
    const object = `${spec.relation}.${spec.name}`;
    const vars = tableVars(spec.relation);
    const evidence = ['evidence/triggers', { schema: vars.schema, table: vars.table }] as const;
    const fix = [
      'fix/create_trigger',
      { trigger: spec.name, relation: spec.relation, definition: spec.definition },
    ] as const;
    if (!findRelation(ctx.actual.relations, spec.relation)) {
      findings.push(
        makeFinding(ctx, {
          code: 'TRG001',
          object,
          status: 'blocked',
          title: `trigger ${object} cannot exist: table ${spec.relation} missing`,
          expected: describeTrigger(spec),
          actual: `table ${spec.relation} does not exist`,
          evidence,
          blockedBy: blockedByTable(ctx),
        }),
      );
      continue;
    }
    const found = expectedFor(ctx.actual.triggers, spec.relation).find((t) => t.name === spec.name);
    if (!found) {
      const fnMissing = rowsWhere(ctx.actual.functions, 'name', nameOf, spec.function).length === 0;
      findings.push(
        makeFinding(ctx, {
          code: 'TRG001',
          object,
          status: 'fail',
          expected: describeTrigger(spec),
          actual: `does not exist${fnMissing ? ` (nor does its function ${splitName(spec.function).name}())` : ''}`,
          evidence,
          fix,
        }),
      );
      continue;
    }
    const differing = differences('trigger', spec, found);
    const shape = differing.filter((d) => d.attribute !== 'enabled');
    const enabled = !differing.some((d) => d.attribute === 'enabled');
    const state = (t: Trigger) => (t.enabled === 'origin' ? 'enabled' : t.enabled);
    findings.push(
      makeFinding(ctx, {
        code: shape.length > 0 ? 'TRG002' : !enabled ? 'TRG003' : 'TRG001',
        object,
        status: differing.length === 0 ? 'pass' : 'fail',
        title:
          differing.length === 0
            ? `${object}: ${describeTrigger(found)}`
            : shape.length > 0
              ? `trigger definition differs: ${object}: ${describeDifferences(shape)}`
              : undefined,
        expected: `${describeTrigger(spec)}, ${state(spec)}`,
        actual: `${describeTrigger(found)}, ${state(found)}`,
        evidence,
        fix: shape.length === 0 ? ['fix/enable_trigger', { relation: spec.relation, trigger: spec.name }] : fix,
      }),
    );
  }
  return findings;
}
