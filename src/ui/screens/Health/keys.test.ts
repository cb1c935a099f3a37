/** The Health screen's keys and confirmations as pure functions through the app's reducer. */
import { describe, expect, it } from 'vitest';
import { keysIn, MONITOR_HEALTH_LAYOUT as LAYOUT } from '../../../../test/helpers/ui/key-harness.js';
import { appWith, loadedHealth } from '../../../../test/helpers/ui/monitor-health-fixtures.js';
import { keyContext } from '../../keymap.js';
import { healthOf } from './state.js';

const { keys, effects, messages } = keysIn(LAYOUT);

describe('health keys', () => {
  const onHealth = (refusal: string | null = null) => keys(appWith([], loadedHealth('mantis_issoh', refusal)), '6');

  it('p asks y/N; y runs the step, any other key says it was not confirmed', () => {
    const asked = keys(onHealth(), 'p');
    expect(keyContext(asked, LAYOUT)).toBe('health-yes-no');
    expect(effects(asked, 'y')).toEqual([
      { type: 'work', request: { kind: 'run', task: 'partitions', dryRun: false } },
    ]);
    expect(healthOf(keys(asked, 'y')).confirm).toBeNull();
    expect(effects(asked, 'n')).toEqual([]);
    expect(messages(asked, 'q')).toEqual(['not confirmed: no partition was created; nothing was changed']);
    expect(healthOf(keys(asked, ['', { return: true }])).confirm).toBeNull();
    expect(effects(keys(onHealth(), 'c'), 'Y')).toEqual([
      { type: 'work', request: { kind: 'run', task: 'cache', dryRun: false } },
    ]);
  });

  it('d then p, c or A dry-runs that step without a confirmation; any other key runs nothing', () => {
    const choosing = keys(onHealth(), 'd');
    expect(keyContext(choosing, LAYOUT)).toBe('health-dry-run');
    expect(messages(onHealth(), 'd')[0]).toContain('dry run of which step?');
    expect(effects(choosing, 'p')).toEqual([
      { type: 'work', request: { kind: 'run', task: 'partitions', dryRun: true } },
    ]);
    expect(effects(choosing, 'A')).toEqual([{ type: 'work', request: { kind: 'run', task: 'archive', dryRun: true } }]);
    expect(healthOf(keys(choosing, 'c')).choosingDryRun).toBe(false);
    expect(effects(choosing, 'x')).toEqual([]);
    expect(messages(choosing, 'q')).toEqual(['no dry run: nothing was changed']);
    expect(keyContext(keys(choosing, ['', { escape: true }]), LAYOUT)).toBe('health');
    // Refused where the steps are: a pooled endpoint writes nothing, not even a rolled-back transaction.
    expect(messages(onHealth('refused: pooled'), 'd')).toEqual(['refused: pooled']);
  });

  it('A needs the exact database name: a wrong one refuses, Esc cancels, the right one runs', () => {
    let s = keys(onHealth(), 'A');
    expect(keyContext(s, LAYOUT)).toBe('health-name');
    s = keys(s, 'm', 'a', 'n', 't', 'i', 's', '_', 's', 'p', 'p');
    const refused = messages(s, '', { return: true })[0];
    expect(refused).toContain('"mantis_spp" is not');
    expect(refused).toContain('nothing was changed');
    expect(effects(s, '', { return: true })).toEqual([]);
    expect(messages(s, '', { escape: true })).toEqual(['cancelled: nothing was archived; nothing was changed']);
    s = keys(
      s,
      ['', { backspace: true }],
      ['', { backspace: true }],
      ['', { backspace: true }],
      'i',
      's',
      's',
      'o',
      'h',
    );
    expect(effects(s, '', { return: true })).toEqual([
      { type: 'work', request: { kind: 'run', task: 'archive', dryRun: false } },
    ]);
  });

  it("a pooled URL refuses p, c and A at once, with pooledRefusal's words; w, r and scrolling work", () => {
    const s = onHealth(
      'refused: IS-SOH (ep-x-pooler.neon.tech) is a Neon pooled endpoint (-pooler): write through the direct host',
    );
    for (const key of ['p', 'c', 'A']) {
      expect(messages(s, key)[0]).toContain('is a Neon pooled endpoint (-pooler)');
      expect(healthOf(keys(s, key)).confirm).toBeNull();
    }
    expect(healthOf(keys(s, 'w')).windowMinutes).toBe(1440);
    expect(effects(s, 'r')).toEqual([{ type: 'work', request: { kind: 'reload' } }]);
    expect(healthOf(keys(s, 'j', 'j')).scroll).toBe(2);
    expect(healthOf(keys(s, 'G')).scroll).toBe(12);
    expect(healthOf(keys(s, ['', { pageDown: true }])).scroll).toBe(5);
  });
});
