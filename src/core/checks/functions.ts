/** The 5 functions (body compared) and the 4 triggers (timing, events, function, enabled). */
import type { Finding } from '../finding.js';
import type { DbFunction, Trigger } from '../snapshot.js';
import { normalizeBody } from '../sqltext.js';
import { absentStatus, blockedByTable, type CheckContext, makeFinding, splitName, tableVars } from './context.js';
import { findRelation } from './tables.js';

export function checkFunctions(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const spec of ctx.expected.functions.filter((f) => f.schema === 'public')) {
    const signature = `${spec.schema}.${spec.name}(${spec.identityArgs})`;
    const evidence = ['evidence/function', { schema: spec.schema, name: spec.name }] as const;
    const fix = ['fix/create_function', { definition: (spec.definition ?? '').trim() }] as const;
    const found = ctx.actual.functions.find(
      (f) => f.schema === spec.schema && f.name === spec.name && f.identityArgs === spec.identityArgs,
    );
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
    const attributes = (f: DbFunction) =>
      `RETURNS ${f.returns} LANGUAGE ${f.language} ${f.volatility.toUpperCase()}${f.securityDefiner ? ' SECURITY DEFINER' : ''}`;
    const sameBody = normalizeBody(found.body) === normalizeBody(spec.body);
    const sameAttributes = attributes(found) === attributes(spec);
    findings.push(
      makeFinding(ctx, {
        code: !sameBody ? 'FUN002' : !sameAttributes ? 'FUN003' : 'FUN001',
        object: signature,
        status: sameBody && sameAttributes ? 'pass' : 'fail',
        title: sameBody && sameAttributes ? `${signature}: body and attributes as specified` : undefined,
        expected: sameBody ? attributes(spec) : `${attributes(spec)}\n${spec.body.trim()}`,
        actual: sameBody ? attributes(found) : `${attributes(found)}\n${found.body.trim()}`,
        evidence,
        fix,
      }),
    );
  }
  findings.push(...checkTriggers(ctx));
  return findings;
}

const describeTrigger = (t: Trigger) =>
  `${t.timing} ${t.events.join(' OR ')} FOR EACH ${t.level} EXECUTE FUNCTION ${t.function}()`;

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
    const found = ctx.actual.triggers.find((t) => t.relation === spec.relation && t.name === spec.name);
    if (!found) {
      const fnMissing = !ctx.actual.functions.some((f) => `${f.schema}.${f.name}` === spec.function);
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
    const sameShape = describeTrigger(found) === describeTrigger(spec);
    const enabled = found.enabled === 'origin' || found.enabled === 'always';
    findings.push(
      makeFinding(ctx, {
        code: !sameShape ? 'TRG002' : !enabled ? 'TRG003' : 'TRG001',
        object,
        status: sameShape && enabled ? 'pass' : 'fail',
        title: sameShape && enabled ? `${object}: ${describeTrigger(found)}` : undefined,
        expected: `${describeTrigger(spec)}, enabled`,
        actual: `${describeTrigger(found)}, ${found.enabled === 'origin' ? 'enabled' : found.enabled}`,
        evidence,
        fix: sameShape ? ['fix/enable_trigger', { relation: spec.relation, trigger: spec.name }] : fix,
      }),
    );
  }
  return findings;
}
