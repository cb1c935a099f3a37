/**
 * Loaded with `node --import` by the benchmarks (test/helpers/phases.ts), never by the product: when
 * the process exits, it writes to $MANTIS_PHASES_FILE the process's `mantis:` marks
 * (src/startup-marks.ts), Node's own end of bootstrap and the moment of the first write to stdout
 * (for the app, its first frame), all in milliseconds from the process's start.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.MANTIS_PHASES_FILE;
let firstOutput = null;
const write = process.stdout.write;
process.stdout.write = function timedWrite(...args) {
  firstOutput ??= performance.now();
  return write.apply(this, args);
};
process.on('exit', () => {
  if (!file) return;
  const marks = Object.fromEntries(
    performance
      .getEntriesByType('mark')
      .filter((mark) => mark.name.startsWith('mantis:'))
      .map((mark) => [mark.name.slice('mantis:'.length), mark.startTime]),
  );
  writeFileSync(
    file,
    JSON.stringify({
      bootstrap: performance.nodeTiming.bootstrapComplete,
      marks,
      firstOutput,
      exit: performance.now(),
    }),
  );
});
