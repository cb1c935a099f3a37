/**
 * A deprecation fails the test it happens in: node-postgres warns, and in its next major throws,
 * when queries overlap on one client. A warning is emitted after the call returns, so it is
 * collected here and turned into a failure when the test ends (where the suite counts it).
 */
import { afterEach } from 'vitest';

const seen: string[] = [];
process.on('warning', (warning) => {
  if (warning.name === 'DeprecationWarning') seen.push(`${warning.message}\n${warning.stack ?? ''}`);
});

afterEach(() => {
  if (seen.length > 0) throw new Error(`deprecated call during this test: ${seen.splice(0).join('\n')}`);
});
