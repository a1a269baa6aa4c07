import { describe, expect, it } from 'vitest';
import { createFloodState, floodUsers, stepFlood, userEntries } from '../../../filters/flood.js';
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
    expect(state.size).toBeLessThanOrEqual(50);
    expect(state.size).toBeGreaterThan(40);
    expect(floodUsers(state)).toHaveLength(state.size);
    let entries = 0;
    for (const id of floodUsers(state)) {
      const e = userEntries(state, id)!;
      expect(e).toBeLessThanOrEqual(4);
      entries += e;
    }
    expect(entries).toBeGreaterThan(0);
    expect(state.entries).toBe(entries);
  });
});

describe('the flood tables', () => {
  /** What stepFlood must say, from every message kept in full (no caps, no tables). */
  function reference(lines: [number, string, string][], c: typeof cfg): string[] {
    const seen = new Map<string, { at: number; key: number }[]>();
    return lines.map(([at, user, text]) => {
      const key = compareKeyOf(normalizeForCompare(text));
      const past = seen.get(user) ?? [];
      const recent = 1 + past.filter((e) => e.at > at - c.windowMs).length;
      const same = 1 + past.filter((e) => key !== 0 && e.at > at - c.repeatWindowMs && e.key === key).length;
      seen.set(user, [...past, { at, key }]);
      return [recent > c.maxMessages ? 'spam.flood' : '', key !== 0 && same > c.maxRepeats ? 'spam.user_repeat' : ''].filter(Boolean).join(',');
    });
  }

  it('says what a full record says, over hundreds of users arriving, returning and leaving', () => {
    // a pseudo-random conversation: 300 users (tables grow past their first 64 slots, users expire and
    // come back, the open-addressing table deletes and re-inserts), bursts and repeated texts
    let x = 7;
    const rnd = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n);
    const lines: [number, string, string][] = [];
    let t = 0;
    for (let i = 0; i < 6000; i++) {
      t += rnd(40);
      const user = rnd(4) === 0 ? `hot${rnd(5)}` : `user-${rnd(300)}`;
      lines.push([t, user, ['buy now', 'hello', 'nice one', `msg ${rnd(50)}`, 'ok'][rnd(5)]!]);
    }
    const c = { ...cfg, maxEntriesPerUser: 1000, maxUsers: 100_000 };
    expect(replay(lines, c).out).toEqual(reference(lines, c));
    expect(replay(lines, c).out.filter(Boolean).length).toBeGreaterThan(100); // the check had findings to compare
  });

  it('forgets a user once their last message has left the longer window', () => {
    const { state } = replay([[0, 'a', 'x1'], [1000, 'b', 'x2'], [29_000, 'c', 'x3']]);
    expect(state.size).toBe(3);
    stepFlood(state, chat('later', { user: 'c' }), 31_500, cfg, compareKeyOf('later'));
    expect(floodUsers(state)).toEqual(['c']); // a (0 s) and b (1 s) are out of the 30 s window
    expect(userEntries(state, 'a')).toBeNull();
    expect(state.entries).toBe(2);
  });

  it('drops the least recently seen user at the cap, not the busiest', () => {
    const small = { ...cfg, maxUsers: 3 };
    const { state } = replay([[0, 'a', '1'], [1, 'b', '2'], [2, 'c', '3'], [3, 'a', '4'], [4, 'd', '5']], small);
    expect(floodUsers(state)).toEqual(['d', 'a', 'c']); // b was seen least recently
    expect(userEntries(state, 'a')).toBe(2);
  });
});
