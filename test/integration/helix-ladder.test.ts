/** The escalation ladder on its own: rungs, forgetting, the bounded user map, bad ladders. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, escalation } from '../../server/enforcement/escalation.js';

describe('escalation', () => {
  it.each([
    [1, { action: 'delete' }],
    [2, { action: 'timeout', seconds: 600 }],
    [3, { action: 'timeout', seconds: 86_400 }],
    [4, { action: 'ban' }],
    [7, { action: 'ban' }],
  ])('offence %i gets %j and stays on the last rung', (n, step) => {
    const e = escalation(DEFAULT_LADDER);
    let got = e.next('u1', 0);
    for (let i = 1; i < n; i++) got = e.next('u1', i);
    expect(got).toEqual({ step, offence: n });
  });

  it('peek does not record', () => {
    const e = escalation();
    expect(e.peek('u', 0)).toEqual({ action: 'delete' });
    expect(e.peek('u', 0)).toEqual({ action: 'delete' });
    expect(e.size).toBe(0);
  });

  it('forgets an offender after a quiet period, and on forgive', () => {
    const e = escalation(DEFAULT_LADDER, { forgetAfterMs: 60_000 });
    e.next('u', 0);
    expect(e.next('u', 60_000).offence).toBe(2); // exactly at the limit: remembered
    expect(e.next('u', 120_001).offence).toBe(1);
    e.next('u', 120_002);
    e.forgive('u');
    expect(e.next('u', 120_003).offence).toBe(1);
  });

  it('bounds the user map, dropping the least recently seen', () => {
    const e = escalation(DEFAULT_LADDER, { maxUsers: 3 });
    e.next('a', 0);
    e.next('b', 1);
    e.next('c', 2);
    e.next('a', 3); // a is now the most recent
    e.next('d', 4); // evicts b
    expect(e.size).toBe(3);
    expect(e.next('a', 5).offence).toBe(3);
    expect(e.next('b', 6).offence).toBe(1);
    for (let i = 0; i < 10_000; i++) e.next(`flood${i}`, 7);
    expect(e.size).toBe(3);
  });

  it('refuses an empty ladder or a timeout without seconds', () => {
    expect(() => escalation([])).toThrow(/at least one step/);
    expect(() => escalation([{ action: 'timeout' }])).toThrow(/whole positive seconds/);
  });
});
