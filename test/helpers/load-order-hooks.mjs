/** The module loader's side of test/helpers/load-order.mjs: one `load <url>` line per file loaded. */
import { appendFileSync } from 'node:fs';

let file;
export function initialize(data) {
  file = data.file;
}

export async function load(url, context, next) {
  appendFileSync(file, `load ${url}\n`);
  return next(url, context);
}
