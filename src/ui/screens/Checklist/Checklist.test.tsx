/**
 * The Checklist screen rendered with ink-testing-library from snapshots captured on a real server;
 * unstyled text asserted.
 */
import { describe, expect, it } from 'vitest';
import { appStateFor, configFor } from '../../../../test/helpers/ui/fixtures.js';
import { ASCII, render } from '../../../../test/helpers/ui/render.js';
import { initialVerification } from '../../verification/state.js';
import { Checklist } from './Checklist.js';
import { checklistOf } from './state.js';

describe('Checklist', () => {
  const state = appStateFor();

  it('lists findings by group with counts, each with glyph, code, title, object and database', () => {
    const { lines, frame } = render(
      <Checklist verification={state.verification} checklist={checklistOf(state)} width={80} height={20} />,
    );
    expect(lines()[0]).toBe('90 checks  ✓ 8 pass  ✗ 4 fail  ! 3 warn  ⊘ 75 blocked');
    expect(lines()[1]).toMatch(/^› ▾ Topology +5\/7 pass {2}! 2 warn/);
    expect(frame()).toMatch(/ {4}! TOP004 postgres_fdw link to SPP missing +postgres_fdw → SPP +IS-SOH/);
    expect(frame()).toMatch(/ {2}▾ Prerequisites +3\/7 pass {2}✗ 4 fail/);
    expect(frame()).toMatch(/ {4}✗ PRQ001 organization table missing +organization +IS-SOH/);
    expect(frame()).toMatch(/ {4}✓ TOP003 SPP schema spp present \(2 relations\) +spp +SPP/);
    expect(lines()).toHaveLength(20);
  });

  it('under failures only and a filter, shows the matches and says so', () => {
    const filtered = appStateFor({}, [
      { type: 'nav/go', screen: 'checklist' },
      { type: 'list/failures-only' },
      { type: 'filter/start' },
      { type: 'filter/input', text: 'auth' },
    ]);
    const { lines } = render(
      <Checklist verification={filtered.verification} checklist={checklistOf(filtered)} width={80} height={20} />,
    );
    expect(lines()[0]).toMatch(/^3 of 90 shown {2}· filter "auth" {2}· failures only {2}· {2}✓ 8 pass/);
    expect(lines()[1]).toMatch(/▾ Prerequisites +3\/7 pass {2}✗ 4 fail {2}\(3 shown\)/);
    expect(
      lines()
        .slice(2, 5)
        .map((l) => l.match(/PRQ\d+/)?.[0]),
    ).toEqual(['PRQ003', 'PRQ006', 'PRQ004']);
    expect(lines()[2]).toMatch(/^›/);
  });

  it('collapsed groups show only their header', () => {
    const collapsed = appStateFor({}, [{ type: 'list/open' }]);
    const { lines } = render(
      <Checklist verification={collapsed.verification} checklist={checklistOf(collapsed)} width={80} height={20} />,
    );
    expect(lines()[1]).toMatch(/^› ▸ Topology/);
    expect(lines()[2]).toMatch(/^ {2}▾ Prerequisites/);
  });

  it('scrolls the list with the selection', () => {
    const moved = appStateFor({}, [{ type: 'list/move', by: 30, viewport: 19 }]);
    const { lines } = render(
      <Checklist verification={moved.verification} checklist={checklistOf(moved)} width={80} height={20} />,
    );
    expect(lines()[19]).toMatch(/^›/);
    expect(lines()[1]).not.toContain('Topology');
  });

  it('shows progress before the first findings, and why a database is missing after them', () => {
    const first = initialVerification(configFor(), '0.1.0');
    const reading = render(<Checklist verification={first} checklist={checklistOf(state)} width={80} height={20} />);
    expect(reading.frame()).toMatch(/IS-SOH +\S connecting and reading the catalog…/);
    const error = 'IS-SOH (h/db): connection refused: is the server running and the port right in DATABASE_URL?';
    const broken = appStateFor({ issoh: { error } });
    const { frame } = render(
      <Checklist verification={broken.verification} checklist={checklistOf(broken)} width={80} height={20} />,
    );
    expect(frame()).toContain('✗ not read, its checks are missing: IS-SOH (h/db): connection refused');
    expect(frame()).toContain('▾ Topology');
    expect(frame()).toContain('TOP003');
  });

  it('is legible in ASCII', () => {
    const { frame } = render(
      <Checklist verification={state.verification} checklist={checklistOf(state)} width={80} height={20} />,
      { theme: ASCII },
    );
    expect(frame()).toMatch(/> - Topology/);
    expect(frame()).toMatch(/\[FAIL\] +PRQ003 schema auth missing/);
    expect(frame()).toContain('postgres_fdw -> SPP');
    expect(frame()).not.toMatch(/[^\x00-\x7f]/);
  });
});
