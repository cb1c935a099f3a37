/**
 * Which variant of a migration the live database holds (--migrations, files that create the same
 * tables): each file's intended state judged by the same checks, object by object. When another
 * file matches better than the one aimed at (--target, else the last), MIG004 says so: a plan
 * toward the aimed file would rebuild what the application was written for.
 */
import type { Finding } from '../finding.js';
import type { VariantGroup } from '../manifest.js';
import type { CheckContext } from './context.js';
import { makeFinding } from './context.js';
import { presenceIn } from './ledger.js';

type Check = (ctx: CheckContext) => Finding[];

/**
 * The findings about each object, indexed once: "public.f(a int)" and "public.t → role" are about
 * public.f and public.t; "public.t.c" is about public.t.c, public.t and public.
 */
function findingsAbout(findings: readonly Finding[]): (object: string) => readonly Finding[] {
  const byObject = new Map<string, Finding[]>();
  for (const finding of findings) {
    const name = finding.object.replace(/ → .*$/, '').replace(/\(.*\)$/, '');
    for (let dot = name.indexOf('.'); ; dot = name.indexOf('.', dot + 1)) {
      const object = dot < 0 ? name : name.slice(0, dot);
      const about = byObject.get(object);
      if (about) about.push(finding);
      else byObject.set(object, [finding]);
      if (dot < 0) break;
    }
  }
  return (object) => byObject.get(object) ?? [];
}

export function checkVariants(ctx: CheckContext, groups: readonly VariantGroup[], checks: readonly Check[]): Finding[] {
  return groups.map((group) => {
    const intended = group.states.map((s) => presenceIn(s.expected));
    const live = presenceIn(ctx.actual);
    const objects = group.objects.filter((o) => intended.some((present) => present(o)));
    const judged = group.states.map((state, index) => {
      const findings = checks.flatMap((check) =>
        check({ ...ctx, expected: state.expected, relations: state.relations }),
      );
      const about = findingsAbout(findings);
      const agrees = objects.filter((object) =>
        intended[index]!(object)
          ? about(object).every((f) => f.status === 'pass' || f.status === 'warn')
          : !live(object),
      );
      return { file: state.file, agrees: new Set(agrees) };
    });
    const best = Math.max(...judged.map((j) => j.agrees.size));
    const aimed = judged.find((j) => j.file === group.aimed)!;
    const winners = judged.filter((j) => j.agrees.size === best).map((j) => j.file);
    const holdsAimed = aimed.agrees.size === best;
    const score = (j: (typeof judged)[number]) =>
      `${j.file}: ${j.agrees.size} of ${objects.length} objects as it defines them`;
    const byObject = objects.map((object) => {
      const files = judged.filter((j) => j.agrees.has(object)).map((j) => j.file);
      return `${object}: ${files.length ? files.join(', ') : 'none'}`;
    });
    return {
      ...makeFinding(ctx, {
        code: 'MIG004',
        object: group.aimed,
        status: holdsAimed ? 'pass' : 'fail',
        title: holdsAimed
          ? `${group.aimed}: the database holds this variant (${aimed.agrees.size} of ${objects.length} objects; variants ${group.files.join(', ')})`
          : `the database matches another variant of the migration better: ${winners.join(', ')} (${best} of ${objects.length} objects), not ${group.aimed} (${aimed.agrees.size}); aim there with --target ${winners[0]}`,
        expected: `the objects as ${group.aimed} defines them`,
        actual: [...judged.map(score), 'object by object:', ...byObject].join('\n'),
        evidence: `-- variants of one migration in ${group.files.join(', ')}: each built in place of the others and compared`,
        fix: null,
      }),
      location: { file: holdsAimed ? group.aimed : winners[0]!, line: 1 },
    };
  });
}
