import { describe, expect, it } from 'vitest';
import { createFloodState, stepFlood, userEntries } from '../../../filters/flood.js';
import { normalizeForCompare } from '../../../filters/text-stats.js';
import { compareKeyOf } from '../../../filters/prepare.js';
import { chat, config } from './spam-helpers.js';

const cfg = config({ flood: { maxMessages: 3, windowMs: 10_000, maxRepeats: 2, repeatWindowMs: 30_000 } }).flood;

/** Replays [ms, user, text] in virtual time and returns the findings' names per message. */
function replay(lines: [number, string, string][], c = cfg) {
  const state = createFloodState();
  return { state, out: lines.map(([at, user, text]) => stepFlood(state, chat(text, { user }), at, c, compareKeyOf(normalizeForCompare(text))).findings.map((f) => f.filter).join(',')) };
}

describe('per-user flood', () => {
  it('flags the 4th message one user sends within 10 s, then forgets', () => {
    // t(s):   0    1    2    3    14
    const { out } = replay([[0, 'u1', 'a1'], [1000, 'u1', 'b2'], [2000, 'u1', 'c3'], [3000, 'u1', 'd4'], [14_000, 'u1', 'e5']]);
    expect(out).toEqual(['', '', '', 'spam.flood', '']);
  });
  it('counts each user separately', () => {
    const { out } = replay([0, 1, 2, 3, 4, 5].map((i) => [i * 100, `u${i % 2}`, `m${i}`] as [number, string, string]));
    expect(out.every((x) => x === '')).toBe(true);
  });
  it('flags the same text from one user a 3rd time within 30 s, with small differences ignored', () => {
    const { out } = replay([[0, 'u1', 'buy now!'], [11_000, 'u1', 'BUY NOW'], [22_000, 'u1', 'buy   now!!!'], [60_000, 'u1', 'buy now']]);
    expect(out).toEqual(['', '', 'spam.user_repeat', '']);
  });
  it('同一用户重复发中文也算', () => {
    const { out } = replay([[0, 'u1', '加我看看'], [5000, 'u1', '加我看看！'], [12_000, 'u1', '加我 看看']]);
    expect(out[2]).toBe('spam.user_repeat');
  });
  it('caps users and entries per user, and reports them', () => {
    const small = { ...cfg, maxUsers: 50, maxEntriesPerUser: 4 };
    const { state } = replay(Array.from({ length: 500 }, (_, i) => [i, `u${i % 100}`, `text ${i}`] as [number, string, string]), small);
    expect(state.users.size).toBeLessThanOrEqual(50);
    expect(state.users.size).toBeGreaterThan(40);
    let entries = 0;
    for (const id of state.users.keys()) {
      const e = userEntries(state, id)!;
      expect(e).toBeLessThanOrEqual(4);
      entries += e;
    }
    expect(entries).toBeGreaterThan(0);
    expect(state.entries).toBe(entries);
  });
});
