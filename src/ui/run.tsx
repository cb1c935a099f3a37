/** Entry of the interactive app (loaded lazily by cli.tsx only on a terminal). */
import type { Config } from '../config.js';
import type { CommandIO } from '../commands/io.js';
import { runVerifyCommand } from '../commands/run-verify.js';

export interface AppOptions {
  readonly noColor: boolean;
}

export async function runApp(config: Config, options: AppOptions, io: CommandIO): Promise<number> {
  return runVerifyCommand(config, { format: 'text', verbose: false, noColor: options.noColor }, io);
}
