/** The CLI handler of diff ENV_A ENV_B: the drift between two environments, in the chosen format, and the gate's exit code. */
import { diffEnvironments } from '../commands/diff.js';
import { type GateRun, gateExitCode } from '../core/gate.js';
import { diffJson } from '../output/json.js';
import { renderMatrixMarkdown, renderMatrixText } from '../output/matrix.js';
import { detectStyle } from '../output/style.js';
import { VERSION } from '../version.js';
import { environmentConfigs } from './environments.js';
import { emitReport, failOnOf, outputOf, renderCi } from './gate.js';
import { formatOf, type Handler } from './options.js';
import type { Format } from './usage.js';
import { UsageError } from './usage.js';

export const handle: Handler = async (flags, operands, io) => {
  const [a, b] = operands;
  if (a === undefined || b === undefined)
    throw new UsageError(
      'diff needs two environments of mantis-sync-tui.json, e.g. mantis-sync-tui diff staging production',
    );
  if (a === b) throw new UsageError(`diff ${a} ${b} compares an environment with itself: name two`);
  const format = formatOf(flags, 'diff');
  const failOn = failOnOf(flags);
  const output = outputOf(flags);
  const [left, right] = environmentConfigs(flags, [a, b], `diff ${a} ${b}`, io);
  const result = await diffEnvironments(left!, right!);
  const run: GateRun = {
    command: 'diff',
    version: VERSION,
    generatedAt: io.now().toISOString(),
    failOn,
    targets: [{ name: `${a} → ${b}`, findings: result.findings, unreadable: result.unreadable }],
  };
  const render = async (chosen: Format): Promise<string> => {
    if (chosen === 'text')
      return renderMatrixText(run, detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: !flags.color }));
    if (chosen === 'markdown') return renderMatrixMarkdown(run);
    if (chosen === 'json') return diffJson(run, result);
    return (await renderCi(chosen, run, {})) ?? '';
  };
  await emitReport({ format, output, run, render }, io);
  for (const message of [...result.unreadable, ...result.uncompared]) io.stderr(`mantis-sync-tui: ${message}\n`);
  return gateExitCode(run);
};
