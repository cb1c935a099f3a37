// npm run bench: builds, then runs every test/bench/*.ts in turn; each prints its own figures.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

if (spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const only = process.argv.slice(2);
let status = 0;
for (const file of readdirSync('test/bench')
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  if (only.length > 0 && !only.some((name) => file.includes(name))) continue;
  console.log(`\n=== ${file} ===`);
  const result = spawnSync('npx', ['tsx', `test/bench/${file}`], { stdio: 'inherit' });
  if (result.status !== 0) status = 1;
}
process.exitCode = status;
