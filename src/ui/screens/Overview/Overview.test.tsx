/**
 * The Overview screen rendered with ink-testing-library from snapshots captured on a real server;
 * unstyled text asserted.
 */
import { describe, expect, it } from 'vitest';
import { configFor, verificationFor } from '../../../../test/helpers/ui/fixtures.js';
import { ASCII, render } from '../../../../test/helpers/ui/render.js';
import { initialVerification } from '../../verification/state.js';
import { Overview } from './Overview.js';

const PASSWORD = 's3cret-pw';

describe('Overview', () => {
  it('shows both databases, the summary and the topology at 80x24, stacked', () => {
    const { frame, lines } = render(<Overview verification={verificationFor()} width={80} height={20} />);
    const text = frame();
    expect(lines()[0]).toBe('IS-SOH ✓ read in 56 ms · round trip 0.4 ms (connect + 1 query)');
    expect(text).toContain('  ep-cool-123.eu-central-1.aws.neon.tech/mantis_issoh (from --issoh-url)');
    expect(text).toContain('  user postgres (superuser) · PostgreSQL 17.10');
    expect(text).toContain('  read-only (lock 5s, statement 30s) · direct · TLS');
    expect(text).toContain('SPP    ✓ read in 56 ms');
    expect(text).toContain('  read-only (lock 5s, statement 30s) · pooled · TLS');
    expect(text).toContain('Verification  ✓ 8 pass  ✗ 4 fail  ! 3 warn  ⊘ 75 blocked');
    expect(text).toContain('→ not ready: 4 failing, 75 blocked');
    // What is wrong, and the key that acts on it.
    expect(text).toContain('  ✗ Prerequisites: auth, auth.uid(), auth.users_extended, organization');
    expect(text).toContain('  → next: press 4 for Remediate: its plan fixes these in order, step by step');
    // The topology's presence checks share a line to make room; the links keep theirs.
    expect(text).toContain('Topology  ✓ core  ✓ serve  ✓ public views  ✓ spp');
    expect(text).toMatch(/! FDW IS-SOH → SPP +missing: no postgres_fdw server/);
    expect(text).toMatch(/! FDW SPP → IS-SOH +missing: no postgres_fdw server/);
    expect(lines().length).toBeLessThanOrEqual(20);
    const tall = render(<Overview verification={verificationFor()} width={80} height={26} />, { rows: 30 }).frame();
    expect(tall).toMatch(/✓ core +IS-SOH: exists, 2 relations/);
    expect(tall).toMatch(/✓ serve +IS-SOH: exists, 1 relation/);
    expect(tall).toMatch(/✓ public views +2 of 2 are views/);
    expect(tall).toMatch(/✓ spp +SPP: exists, 2 relations/);
    expect(text).not.toContain(PASSWORD);
  });

  it('puts the databases side by side from 100 columns on', () => {
    const { lines } = render(<Overview verification={verificationFor()} width={120} height={26} />, {
      columns: 120,
      rows: 30,
    });
    expect(lines()[0]).toMatch(/^IS-SOH ✓ read in 56 ms .* {2,}SPP {4}✓ read in 56 ms/);
    expect(lines()[3]).toMatch(
      /read-only \(lock 5s, statement 30s\) · direct · TLS +read-only \(lock 5s, statement 30s\) · pooled · TLS/,
    );
  });

  it('at 100 columns, side by side, the timeouts give way before pooled and TLS are cut', () => {
    const { lines } = render(<Overview verification={verificationFor()} width={100} height={26} />, {
      columns: 100,
      rows: 30,
    });
    expect(lines()[3]).toMatch(/^ {2}read-only · direct · (no )?TLS +read-only · pooled · (no )?TLS$/);
  });

  it('keeps who it is connected as, and whether a superuser, at 100 columns and on a short 60-column terminal', () => {
    const base = verificationFor();
    // Neon's owner role and a server that says more of its version: the version gives way, not the user.
    const neon = (db: (typeof base.databases)['issoh']) => ({
      ...db,
      report: db.report && {
        ...db.report,
        user: 'neondb_owner',
        serverVersion: 'PostgreSQL 17.10 (Debian 17.10-1.pgdg120+1)',
      },
    });
    const verification = { ...base, databases: { issoh: neon(base.databases.issoh), spp: neon(base.databases.spp) } };
    const wide = render(<Overview verification={verification} width={100} height={26} />, { columns: 100, rows: 30 });
    expect(wide.lines()[2]).toMatch(
      /^ {2}user neondb_owner \(superuser\) · \S.* {2,}user neondb_owner \(superuser\) · /,
    );
    const short = render(<Overview verification={verification} width={60} height={11} />, { columns: 60, rows: 15 });
    expect(short.lines().filter((l) => l.startsWith('  user neondb_owner (superuser) · read-only'))).toHaveLength(2);
  });

  it('draws the same facts in fewer lines on a short terminal', () => {
    const { frame, lines } = render(<Overview verification={verificationFor()} width={60} height={11} />, {
      columns: 60,
      rows: 15,
    });
    expect(lines().length).toBeLessThanOrEqual(11);
    expect(frame()).toContain('Topology  ✓ core  ✓ serve  ✓ public views  ✓ spp');
    expect(frame()).toContain('FDW SPP → IS-SOH');
    expect(frame()).toContain('→ not ready');
  });

  it('shows a spinner per database while it is read', () => {
    const { frame } = render(
      <Overview verification={initialVerification(configFor(), '0.1.0')} width={80} height={20} />,
    );
    expect(frame()).toMatch(/IS-SOH +\S connecting and reading the catalog…/);
    expect(frame()).toMatch(/SPP +\S connecting and reading the catalog…/);
    expect(frame()).toContain('Verification: waiting for both databases');
    expect(frame()).toMatch(/– core +checking…/);
  });

  it('shows an error in place of a database that could not be read, with its fix, and the other one checked', () => {
    const error =
      'SPP (db.example/mantis_spp): password authentication failed for the user in NEON_SPP_DATABASE_URL: fix the password there';
    const { frame } = render(<Overview verification={verificationFor({ spp: { error } })} width={80} height={20} />);
    expect(frame()).toContain('SPP    ✗ could not be read');
    expect(frame()).toContain('fix the password there');
    expect(frame()).toContain('IS-SOH ✓ read in 56 ms');
    expect(frame()).toContain('→ incomplete: SPP could not be read');
    expect(frame()).toMatch(/– spp +SPP not read/);
    expect(frame()).toContain('→ next: fix the connection said above, then r re-verifies');
    expect(frame()).not.toContain('Remediate');
  });

  it('names the env variable to set for a database without a URL', () => {
    const { frame } = render(<Overview verification={verificationFor({ spp: null })} width={80} height={20} />);
    expect(frame()).toContain('SPP    – not checked');
    expect(frame()).toContain('no URL: set NEON_SPP_DATABASE_URL (or --spp-url)');
  });

  it('says ready on IS-SOH alone when SPP has no URL, not ready on both', () => {
    const { frame } = render(
      <Overview verification={verificationFor({ issoh: 'issoh-migrated', spp: null })} width={80} height={20} />,
    );
    expect(frame()).toContain('→ ready on IS-SOH: SPP not checked (no URL)');
    expect(frame()).not.toContain('every check passes');
  });

  it('is legible in ASCII (TERM=vt100)', () => {
    const { frame } = render(<Overview verification={verificationFor()} width={80} height={20} />, { theme: ASCII });
    expect(frame()).toContain('[ok] 8 pass  [FAIL] 4 fail  [warn] 3 warn  [blocked] 75 blocked');
    expect(frame()).toContain('-> not ready');
    expect(frame()).toContain('FDW IS-SOH -> SPP');
    expect(frame()).not.toMatch(/[^\x00-\x7f]/);
  });
});
