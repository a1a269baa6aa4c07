import { describe, expect, it } from 'vitest';
import { isAngry, moodPriorityBoost, newMoodState, stepMood, tickMood, viewMood, type MoodState } from '../../../filters/mood.js';
import { scoreSentiment } from '../../../filters/sentiment.js';

/** Feeds `n` messages, one every `gapMs`, negative every `negEvery`-th; users rotate over `users`. */
function feed(s: MoodState, from: number, n: number, gapMs: number, negEvery: number, users = 300, neg = '还没发货，骗子', calm = 'hello 主播好'): number {
  let t = from;
  for (let i = 0; i < n; i++) {
    t += gapMs;
    const text = i % negEvery === 0 ? neg : calm;
    stepMood(s, { text, userId: `u${(i * 7) % users}`, sentiment: scoreSentiment(text) }, t);
  }
  return t;
}

describe('stepMood', () => {
  it('keeps quiet on calm chat with a steady share of complaints', () => {
    const s = newMoodState();
    feed(s, 0, 20_000, 100, 10); // 10 msg/s, 10 % negative, 33 minutes
    expect(s.alert).toBeNull();
    expect(viewMood(s, 2_000_000).negativeShare).toBeCloseTo(0.1, 1);
  });

  it('alerts when the negative share doubles, says what about, and ends after calm with hysteresis', () => {
    const s = newMoodState({ minAlertMs: 30_000 });
    let t = feed(s, 0, 6000, 100, 10);
    expect(s.alert).toBeNull();
    const change = t;
    t = feed(s, t, 300, 100, 3); // a third negative for 30 s
    expect(s.alert).not.toBeNull();
    expect(s.alert?.since).toBeGreaterThan(change);
    expect(s.alert?.themes).toEqual(expect.arrayContaining(['shipping', 'fake']));
    expect(s.alert?.examples[0]).toBe('还没发货，骗子');
    t = feed(s, t, 3000, 100, 10);
    expect(s.alert).toBeNull();
  });

  it('does not alert again during the cooldown', () => {
    const s = newMoodState({ cooldownMs: 300_000, minAlertMs: 0 });
    let t = feed(s, 0, 3000, 100, 10);
    t = feed(s, t, 300, 100, 2);
    expect(s.alert).not.toBeNull();
    t = feed(s, t, 1000, 100, 1000);
    expect(s.alert).toBeNull();
    t = feed(s, t, 300, 100, 2);
    expect(s.alert).toBeNull();
  });

  it('counts one angry viewer repeating themselves once', () => {
    const s = newMoodState();
    let t = feed(s, 0, 3000, 100, 10);
    for (let i = 0; i < 200; i++) {
      t += 100;
      const spam = i % 2 === 0;
      const text = spam ? 'scam scam scam' : 'hello';
      stepMood(s, { text, userId: spam ? 'troll' : `u${i}`, sentiment: scoreSentiment(text) }, t);
    }
    expect(s.alert).toBeNull();
    expect(isAngry(s, 'troll', t)).toBe(true);
  });

  it('boosts angry viewers, more during an alert, and forgets them', () => {
    const s = newMoodState({ angryMs: 60_000, warmupMessages: 0 });
    stepMood(s, { text: 'worst service ever', userId: 'a', sentiment: scoreSentiment('worst service ever') }, 1000);
    expect(moodPriorityBoost(s, 'a', 2000)).toBe(1);
    expect(moodPriorityBoost(s, 'b', 2000)).toBe(0);
    expect(moodPriorityBoost(s, 'a', 62_000)).toBe(0);
  });

  it('ends an alert when chat goes silent', () => {
    const s = newMoodState({ silenceMs: 60_000, minAlertMs: 0 });
    let t = feed(s, 0, 3000, 100, 10);
    t = feed(s, t, 300, 100, 2);
    expect(s.alert).not.toBeNull();
    tickMood(s, t + 61_000);
    expect(s.alert).toBeNull();
  });

  it('draws a 30-minute timeline at 10 s and stays bounded', () => {
    const s = newMoodState();
    const t = feed(s, 0, 50_000, 100, 10); // ~83 minutes
    const v = viewMood(s, t);
    expect(v.timeline).toHaveLength(180);
    expect(v.timeline[179]?.at).toBe(Math.floor(t / 10_000) * 10_000);
    expect(s.buckets.size).toBeLessThanOrEqual(181);
    expect(s.angry.size).toBeLessThanOrEqual(s.opts.maxUsers);
    expect(s.recent.length).toBeLessThanOrEqual(s.opts.maxRecent);
    expect(v.index).toBeGreaterThan(-1);
  });
});
