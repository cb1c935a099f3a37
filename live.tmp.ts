import { startTestServer } from '/work/main/test/helpers/server.ts';
import { buildTemplates, createDatabase } from '/work/main/test/helpers/databases.ts';
const s = await startTestServer(); await buildTemplates(s.adminUrl);
const out: Record<string,string> = {};
for (const t of ['issohSeed000','sppSeed000','issohMigrated','drifted'] as const) out[t] = await createDatabase(s.adminUrl, t, t.toLowerCase());
console.log(JSON.stringify(out));
process.on('SIGTERM', async () => { await s.stop(); process.exit(0); });
setInterval(()=>{}, 1000);
