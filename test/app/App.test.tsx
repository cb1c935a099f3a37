/**
 * The whole app (ink-testing-library) against real databases on the test server: progress,
 * errors, every key, and the effects (re-verify, OSC 52, the report file).
 */

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Config } from '../../src/core/config.js';
import { App } from '../../src/ui/App.js';
import { adminUrl, freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { KEY } from '../helpers/keys.js';
import { freePort } from '../helpers/server.js';
import { NOW } from '../helpers/ui/app-harness.js';
import { ASCII, flat, type Rendered, render } from '../helpers/ui/render.js';

const directory = mkdtempSync(join(tmpdir(), 'mantis-app-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const config = (issohUrl: string | null, sppUrl: string | null): Config =>
  loadConfig({ env: {}, issohUrl: issohUrl ?? undefined, sppUrl: sppUrl ?? undefined, connectTimeout: 5 });

function app(cfg: Config, options: { columns?: number; rows?: number; ascii?: boolean } = {}): Rendered {
  return render(<App config={cfg} directory={directory} now={() => NOW} />, {
    columns: options.columns ?? 80,
    rows: options.rows ?? 24,
    ...(options.ascii ? { theme: ASCII } : {}),
  });
}

const VERIFIED = /verified at \d\d:\d\d:\d\d/;

describe('the app on IS-SOH and SPP as seed 000 leaves them', () => {
  let issoh: string;
  let spp: string;
  beforeAll(async () => {
    [issoh, spp] = await Promise.all([freshDatabase('issohSeed000', 'ui'), freshDatabase('sppSeed000', 'ui')]);
  });

  it('draws a frame at once with a spinner per database, then the overview', async () => {
    const ui = app(config(issoh, spp));
    const first = ui.frame();
    expect(first).toContain('1 Overview  2 Checklist');
    expect(first).toMatch(/IS-SOH +\S connecting and reading the catalog…/);
    expect(first).toMatch(/SPP +\S connecting and reading the catalog…/);
    const overview = await ui.waitFor(VERIFIED);
    expect(overview).toMatch(/IS-SOH ✓ read in \d+ ms · round trip [\d.]+ ms \(connect \+ 1 query\)/);
    expect(overview).toContain('  read-only (lock 5s, statement 30s) · direct · TLS');
    expect(overview).toMatch(/user postgres \(superuser\) · PostgreSQL \d+\.\d+/);
    expect(overview).toContain('Verification  ✓ 8 pass  ✗ 4 fail  ! 3 warn  ⊘ 75 blocked');
    expect(overview).toMatch(/! FDW IS-SOH → SPP +missing/);
    expect(overview).toContain('Enter findings  r re-verify  e export report');
    expect(overview).not.toContain('mantis-test-secret');
    expect(ui.lines()).toHaveLength(23);
  });

  it('number keys, Tab and Shift-Tab switch screens; ? shows every key; Esc goes back', async () => {
    const ui = app(config(issoh, spp));
    await ui.waitFor(VERIFIED);
    await ui.type('2');
    expect(await ui.waitFor('90 checks')).toContain('▾ Prerequisites');
    await ui.type(KEY.tab);
    expect(await ui.waitFor('press 4 for Remediate')).toContain('sync_progress does not exist');
    await ui.type(KEY.tab, KEY.tab);
    await ui.waitFor('Rollback of 0024 on IS-SOH');
    await ui.type(KEY.shiftTab);
    await ui.waitFor('Plan for IS-SOH');
    await ui.type('6');
    await ui.waitFor('the 0024 tables do not exist here');
    await ui.type('?');
    const help = await ui.waitFor('Everywhere');
    expect(help).toContain('q  Ctrl-C');
    expect(help).toContain('Esc back');
    await ui.type(KEY.escape);
    await ui.waitFor('the 0024 tables do not exist here');
    await ui.type(KEY.escape);
    await ui.waitFor('Verification  ✓ 8 pass');
  });

  it('moves with arrows and j/k, opens a failing finding with Enter, and Esc goes back to the list', async () => {
    const ui = app(config(issoh, spp));
    await ui.waitFor(VERIFIED);
    await ui.type(KEY.enter);
    await ui.waitFor('90 checks');
    // Topology (header + 7), then the Prerequisites header: the first failure is 9 rows down.
    await ui.type(...Array.from({ length: 5 }, () => 'j'), ...Array.from({ length: 4 }, () => KEY.down), 'k', 'j');
    const list = await ui.waitFor(/^› +✗ PRQ003 schema auth missing/m);
    expect(list).toMatch(/^ {2}▾ Prerequisites +3\/7 pass {2}✗ 4 fail/m);
    await ui.type(KEY.enter);
    const detail = await ui.waitFor('Fix SQL');
    expect(detail).toContain('✗ PRQ003 · fail · critical · IS-SOH');
    expect(detail).toContain('Expected    schema auth');
    expect(detail).toContain('Actual      does not exist');
    expect(detail).toContain("SELECT nspname FROM pg_namespace WHERE nspname = 'auth';");
    expect(detail).toContain('CREATE SCHEMA IF NOT EXISTS auth;');
    expect(detail).toContain('↑↓/jk scroll  y copy fix SQL  Y copy evidence  Esc back');
    await ui.type(KEY.escape);
    await ui.waitFor(/^› +✗ PRQ003/m);
  });

  it('collapses and opens groups with Enter and the arrows', async () => {
    const ui = app(config(issoh, spp));
    await ui.waitFor(VERIFIED);
    await ui.type('2');
    await ui.waitFor('› ▾ Topology');
    await ui.type(KEY.enter);
    const collapsed = await ui.waitFor('› ▸ Topology');
    expect(collapsed.split('\n')[3]).toMatch(/^ {2}▾ Prerequisites/);
    await ui.type(KEY.right);
    await ui.waitFor('› ▾ Topology');
    await ui.type('j', KEY.left);
    await ui.waitFor('› ▸ Topology');
  });

  it('/ filters as you type, Enter keeps the filter, Esc clears it; f shows failures only', async () => {
    const ui = app(config(issoh, spp));
    await ui.waitFor(VERIFIED);
    await ui.type('2', '/', 'u', 'i', 'd');
    const typing = await ui.waitFor('/uid▏');
    expect(typing).toMatch(/^2 of 90 shown {2}· filter "uid"/m);
    expect(typing).toMatch(/✓ PRQ009 gen_random_uuid\(\): as specified/);
    expect(typing).toMatch(/^› +✗ PRQ006 auth\.uid\(\) missing/m);
    expect(typing).toContain('type to filter  Enter keep  Esc clear');
    await ui.type(KEY.enter);
    await ui.waitFor(VERIFIED);
    await ui.type(KEY.escape);
    await ui.waitFor(/^90 checks/m);
    await ui.type('f');
    const failures = await ui.waitFor(/^4 of 90 shown {2}· failures only/m);
    expect(failures.match(/✗ PRQ\d{3}/g)).toHaveLength(4);
    expect(failures).not.toContain('TOP004');
    await ui.type('f');
    await ui.waitFor(/^90 checks/m);
  });

  it('y copies the fix SQL and Y the evidence SQL through OSC 52', async () => {
    const ui = app(config(issoh, spp));
    await ui.waitFor(VERIFIED);
    await ui.type('2', 'f', KEY.enter);
    await ui.waitFor('Fix SQL');
    await ui.type('y');
    await ui.waitFor('copied the fix SQL of PRQ003 auth to the clipboard (OSC 52)');
    const sequences = ui.writes().filter((w) => w.startsWith('\u001b]52;c;'));
    expect(sequences).toHaveLength(1);
    const copied = Buffer.from(sequences[0]!.slice(7, -1), 'base64').toString('utf8');
    expect(copied).toContain('CREATE SCHEMA IF NOT EXISTS auth;');
    await ui.type('Y');
    await ui.waitFor('copied the evidence SQL of PRQ003');
    const evidence = ui
      .writes()
      .filter((w) => w.startsWith('\u001b]52;c;'))
      .at(-1)!;
    expect(Buffer.from(evidence.slice(7, -1), 'base64').toString('utf8')).toBe(
      "SELECT nspname FROM pg_namespace WHERE nspname = 'auth';\n",
    );
  });

  it('e writes the Markdown report to a dated file and says where', async () => {
    const ui = app(config(issoh, spp));
    await ui.waitFor(VERIFIED);
    await ui.type('e');
    const path = join(directory, 'mantis-verify-2026-11-21T2315.md');
    const message = await ui.waitFor('wrote mantis-verify-2026-11-21T2315.md in ');
    expect(message).toContain(`wrote mantis-verify-2026-11-21T2315.md in ${directory}`);
    expect(existsSync(path)).toBe(true);
    const markdown = readFileSync(path, 'utf8');
    expect(markdown).toContain('**Summary:** 8 pass · 4 fail · 3 warn · 75 blocked');
    expect(markdown).toContain('### Gap ID: GAP-001');
    expect(markdown).not.toContain('mantis-test-secret');
  });

  it('takes several keys arriving in one read (a slow SSH link) one by one', async () => {
    const ui = app(config(issoh, spp));
    await ui.waitFor(VERIFIED);
    await ui.type('2fjj');
    await ui.waitFor(/^› +✗ PRQ004/m);
    await ui.type(`/${'org'}`);
    await ui.waitFor('/org▏');
  });

  it('q quits: the app stops reading keys and gives raw mode back', async () => {
    const ui = app(config(issoh, spp));
    await ui.waitFor(VERIFIED);
    expect(ui.stdin.listenerCount('readable')).toBe(1);
    await ui.type('q');
    expect(ui.stdin.listenerCount('readable')).toBe(0);
  });

  it('Ctrl-C quits too, even while typing a filter', async () => {
    const ui = app(config(issoh, spp));
    await ui.waitFor(VERIFIED);
    await ui.type('2', '/', 'q');
    await ui.waitFor('/q▏');
    await ui.type(KEY.ctrlC);
    expect(ui.stdin.listenerCount('readable')).toBe(0);
  });

  it('reflows on resize; below 60x15 it says the terminal is too small, and q still quits', async () => {
    const ui = app(config(issoh, spp));
    await ui.waitFor(VERIFIED);
    await ui.resize(120, 30);
    await ui.waitFor(/^mantis-sync-tui +1 Overview/m);
    expect(ui.lines()[1]).toMatch(/IS-SOH ✓ read .* SPP {4}✓ read/);
    expect(ui.lines()).toHaveLength(29);
    await ui.resize(59, 24);
    await ui.waitFor('Terminal too small: 59x24');
    await ui.resize(60, 14);
    await ui.waitFor('Terminal too small: 60x14');
    await ui.resize(60, 15);
    const small = await ui.waitFor('Topology  ✓ core');
    expect(small.split('\n').every((line) => line.length <= 60)).toBe(true);
    expect(small.split('\n')).toHaveLength(14);
    await ui.resize(40, 10);
    await ui.type('2', 'q');
    expect(ui.stdin.listenerCount('readable')).toBe(0);
  });

  it('is legible in ASCII for TERM=vt100', async () => {
    const ui = app(config(issoh, spp), { ascii: true });
    await ui.waitFor(VERIFIED);
    await ui.type('2');
    const list = await ui.waitFor('90 checks');
    expect(list).toContain('[FAIL] 4 fail');
    expect(list).toContain('Up/Down/jk move');
    expect(list).not.toMatch(/[^\x00-\x7f]/);
  });
});

describe('one database that cannot be read', () => {
  it('shows the error with its fix in its place, and the other database stays usable', async () => {
    const spp = await freshDatabase('sppSeed000', 'ui');
    const wrong = (await freshDatabase('issohSeed000', 'ui')).replace(/:[^:@/]*@/, ':wrong-password@');
    const ui = app(config(wrong, spp));
    const overview = await ui.waitFor(VERIFIED);
    expect(overview).toContain('IS-SOH ✗ could not be read');
    expect(flat(overview)).toContain(
      'password authentication failed for the user in --issoh-url: fix the password there',
    );
    expect(overview).toMatch(/SPP {4}✓ read in \d+ ms/);
    expect(overview).toContain('→ incomplete: IS-SOH could not be read');
    expect(overview).toMatch(/✓ spp +SPP: exists, 2 relations/);
    expect(overview).not.toContain('wrong-password');
    await ui.type('2');
    const list = await ui.waitFor('TOP003');
    expect(list).toContain('✗ not read, its checks are missing: IS-SOH');
    await ui.type('j', 'j', KEY.enter);
    await ui.waitFor('Evidence SQL');
  });

  it('says so for an unreachable server', async () => {
    const port = await freePort();
    const ui = app(config(`postgresql://ops:pw@127.0.0.1:${port}/nowhere`, null));
    const overview = await ui.waitFor(VERIFIED);
    expect(flat(overview)).toContain('connection refused: is the server running and the port right in --issoh-url?');
    expect(overview).toContain('SPP    – not checked');
    expect(overview).toContain('no URL: set NEON_SPP_DATABASE_URL (or --spp-url)');
  });
});

describe('r re-verifies', () => {
  it('reads both databases again and shows what changed', async () => {
    const issoh = await freshDatabase('issohMigrated', 'ui');
    const spp = await freshDatabase('sppSeed000', 'ui');
    const ui = app(config(issoh, spp));
    const before = await ui.waitFor(VERIFIED);
    expect(before).toContain('✗ 0 fail');
    await withClient(issoh, (client) => client.query('DROP INDEX public.idx_sync_progress_org_job'));
    await ui.type('r');
    await ui.waitFor('✗ 1 fail');
    await ui.type('2', 'f');
    const list = await ui.waitFor(/^› +✗ IDX001 index missing +idx_sync_p\S*org_job +IS-SOH/m);
    expect(list).toMatch(/^1 of \d+ shown/m);
    expect(adminUrl()).toContain('127.0.0.1');
  });
});
