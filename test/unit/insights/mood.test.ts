import { describe, expect, it } from 'vitest';
import { MOOD_FLAG_RATES, MOOD_THEMES, correctedShare, themeStarts, themesOf, isAngry, moodPriorityBoost, moodRate, moodThreshold, newMoodState, stepMood, tickMood, viewMood, type MoodState } from '../../../insights/mood.js';
import { scoreSentiment } from '../../../insights/sentiment.js';
import { seededRandom } from '../../../filters/random.js';

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

const s0 = newMoodState();

/** A small deterministic PRNG (mulberry32) for random replays. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('negative share corrected for the flag\'s errors', () => {
  it('inverts known error rates and clips to 0..1', () => {
    const r = { tpr: 0.65, fpr: 0.114 };
    // 6 % truly negative lines show 0.06·0.65 + 0.94·0.114 flagged
    expect(correctedShare(0.06 * 0.65 + 0.94 * 0.114, r)).toBeCloseTo(0.06, 3);
    expect(correctedShare(0.05, r)).toBe(0);
    expect(correctedShare(0.9, r)).toBe(1);
    expect(correctedShare(0.3, { tpr: 0.5, fpr: 0.48 })).toBe(0.3); // a flag that cannot tell: raw
  });

  it('corrects per language, weighted by lines; without rates the raw flagged share', () => {
    const feedLang = (s: MoodState): void => {
      for (let i = 0; i < 400; i++) {
        const lang = i % 2 === 0 ? 'en' : 'zh';
        // English: every 5th line flagged (20 %), Chinese: none flagged
        const negative = lang === 'en' && i % 10 === 0;
        stepMood(s, { text: 'x', userId: `u${i}`, sentiment: negative ? -0.8 : 0.2, lang }, 10_000 + i * 100);
      }
    };
    const raw = newMoodState();
    feedLang(raw);
    const fixed = newMoodState({ flagRates: MOOD_FLAG_RATES });
    feedLang(fixed);
    const now = 10_000 + 400 * 100;
    const share = (s: MoodState): number => viewMood(s, now).negativeShare;
    expect(share(raw)).toBeCloseTo(0.1, 2);
    const en = correctedShare(0.2, MOOD_FLAG_RATES.en);
    expect(share(fixed)).toBeCloseTo(en / 2, 2); // zh: 0 flagged → 0 after correction
    expect(share(fixed)).toBeLessThan(share(raw));
  });
});

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

  it('keeps the last maxRecent negative lines in order as they are written over, and shows the latest', () => {
    const s = newMoodState({ minAlertMs: 60_000, maxRecent: 5 });
    let t = feed(s, 0, 6000, 100, 10);
    t = feed(s, t, 300, 100, 3);
    expect(s.alert).not.toBeNull();
    // seven price complaints overwrite the five kept lines, the ring's start moving round past its end
    const lines = Array.from({ length: 7 }, (_, i) => `太贵了，涨价坑钱 ${i}`);
    for (const [i, text] of lines.entries()) {
      t += 100;
      stepMood(s, { text, userId: `p${i}`, sentiment: scoreSentiment(text) }, t);
    }
    expect(s.recent).toHaveLength(5);
    // the examples are the latest first (equal themes: newest wins)
    expect(viewMood(s, t).alert?.examples).toEqual([lines[6], lines[5], lines[4]]);
  });

  it('describes a running alert as of its latest negative line when viewed', () => {
    const s = newMoodState({ minAlertMs: 60_000 });
    let t = feed(s, 0, 6000, 100, 10);
    t = feed(s, t, 300, 100, 3);
    expect(s.alert).not.toBeNull();
    // a new complaint about price during the alert: the view names it (described when read, not per line)
    for (let i = 0; i < 6; i++) {
      t += 100;
      stepMood(s, { text: '太贵了，涨价坑钱', userId: `p${i}`, sentiment: scoreSentiment('太贵了，涨价坑钱') }, t);
    }
    const view = viewMood(s, t);
    expect(view.alert?.examples).toContain('太贵了，涨价坑钱');
    expect(view.alert?.themes).toContain('price');
    expect(s.alert?.since).toBe(view.alert?.since);
  });

  it('asks for more evidence during the cooldown, but a real rise after a false alarm still alerts', () => {
    const afterAlert = (cooldownMs: number): { s: MoodState; t: number } => {
      const s = newMoodState({ cooldownMs, minAlertMs: 0 });
      let t = feed(s, 0, 3000, 100, 10);
      t = feed(s, t, 300, 100, 2);
      expect(s.alert).not.toBeNull();
      t = feed(s, t, 1000, 100, 1000);
      expect(s.alert).toBeNull();
      return { s, t };
    };
    const delay = (cooldownMs: number): number => {
      const { s, t } = afterAlert(cooldownMs);
      for (let i = 1; i <= 1200; i++) {
        const text = i % 3 === 0 ? '还没发货，骗子' : 'hello 主播好'; // a third negative, from many viewers
        stepMood(s, { text, userId: `r${i % 500}`, sentiment: scoreSentiment(text) }, t + i * 100);
        if (s.alert) return i;
      }
      return Infinity;
    };
    const cooling = delay(300_000);
    const free = delay(0);
    expect(free).toBeLessThan(200);
    expect(cooling).toBeGreaterThan(free); // the raised threshold needs more messages
    expect(cooling).toBeLessThan(400); // … but the rise is not swallowed for 5 minutes (3000 messages)
  });

  it.each([
    [5, 0.1],
    [10, 0.1],
    [20, 0.15],
  ])('adapts the threshold to the rate (%s msg/s, %s negative): slower chat needs less evidence', (rate, p0) => {
    const at = (r: number): number => {
      const s = newMoodState();
      const gap = 1000 / r;
      feed(s, 0, 3000, gap, Math.round(1 / p0), 3001); // every message from a new viewer: all count
      return moodThreshold(s, 3000 * gap);
    };
    const h = at(rate);
    expect(h).toBeGreaterThan(s0.opts.alertOn);
    expect(at(rate * 2)).toBeGreaterThan(h);
    expect(at(rate / 2)).toBeLessThan(h);
    expect(moodRate((() => { const s = newMoodState(); feed(s, 0, 1200, 1000 / rate, 10); return s; })(), 1200 * (1000 / rate))).toBeCloseTo(rate, 0);
  });

  it.each([
    ['5 msg/s', 5],
    ['20 msg/s', 20],
  ])('raises at most one false alarm per hour of random calm chat at %s, and catches a doubling', (_name, rate) => {
    const rand = mulberry32(rate);
    const s = newMoodState();
    const negScore = scoreSentiment('骗子，太失望了');
    const calmScore = scoreSentiment('hello 主播好');
    let t = 0;
    let alarms = 0;
    const step = (p: number): void => {
      t += (-Math.log(1 - rand()) / rate) * 1000;
      const neg = rand() < p;
      if (stepMood(s, { text: neg ? '骗子' : 'hi', userId: `u${Math.floor(rand() * 400)}`, sentiment: neg ? negScore : calmScore }, t).raised) alarms++;
    };
    while (t < 2 * 3600_000) step(0.1);
    expect(alarms).toBeLessThanOrEqual(2);
    tickMood(s, t + 10 * 60_000); // any alert is over, the cooldown too
    t += 10 * 60_000;
    const change = t;
    while (!s.alert && t < change + 120_000) step(0.2);
    expect(s.alert?.since ?? Infinity).toBeLessThan(change + 60_000);
  });
  it('counts the first two of a viewer\'s negative lines within repeatMs of each other, not the rest', () => {
    const s = newMoodState({ repeatMs: 30_000, minEvidence: 1000 }); // never alerts: watch the counts
    let t = feed(s, 0, 3000, 100, 10);
    const counted = (): number => s.pendN[0] + s.pendN[1] + s.pendN[2] + s.langSeen[0] + s.langSeen[1] + s.langSeen[2];
    const step = (userId: string, dt: number): number => {
      t += dt;
      const before = counted();
      stepMood(s, { text: '骗子', userId, sentiment: -0.9 }, t);
      return counted() - before;
    };
    expect([step('a', 100), step('a', 10_000), step('a', 10_000), step('a', 10_000)]).toEqual([1, 1, 0, 0]);
    expect(step('a', 31_000)).toBe(1); // a new run after repeatMs of quiet
    expect(s.repeats.size).toBeLessThanOrEqual(s.angry.size);
  });

  it('counts one angry viewer repeating themselves at most twice', () => {
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

describe('themesOf and its start tables', () => {
  const plain = (text: string): string[] => {
    const lower = text.toLowerCase();
    return MOOD_THEMES.filter(([, re]) => re.test(lower)).map(([name]) => name);
  };

  it('finds exactly the themes the patterns match, on 20,000 seeded lines made of their alternatives and near misses', () => {
    const rnd = seededRandom(31);
    const alts = MOOD_THEMES.flatMap(([, re]) => re.source.split('|').map((a) => a.replace(/\\(.)/g, '$1').replace(/\.\?/g, rnd() < 0.5 ? '' : '-')));
    // pieces of the alternatives (a match's start cut off or its middle kept) and other words, upper case sometimes
    const pieces = [...alts, ...alts.map((a) => a.slice(1)), ...alts.map((a) => a.slice(0, -1)), 'hello', 'so', 'bad', '!!', '  ', '主播', '太', '了', 'S', 'HIP', 'Rip', 'Off', '$'];
    let themed = 0;
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      const k = 1 + Math.floor(rnd() * 4);
      for (let i = 0; i < k; i++) {
        const p = pieces[Math.floor(rnd() * pieces.length)]!;
        text += (rnd() < 0.2 ? p.toUpperCase() : p) + (rnd() < 0.5 ? ' ' : '');
      }
      const want = plain(text);
      expect(themesOf(text), text).toEqual(want);
      if (want.length > 0) themed++;
    }
    expect(themed).toBeGreaterThan(5000);
  });

  it('keys each alternative by where it starts, and refuses patterns it cannot read', () => {
    const t = themeStarts([['a', /ship|\$|rip.?off|快递/]]);
    expect(t.pairs['s'.charCodeAt(0) * 128 + 'h'.charCodeAt(0)]).toBe(1);
    expect(t.singles['$'.charCodeAt(0)]).toBe(1);
    expect(t.pairs['r'.charCodeAt(0) * 128 + 'i'.charCodeAt(0)]).toBe(1);
    expect(t.firsts['快'.charCodeAt(0)]).toBe(1);
    expect(themesOf('STILL WAITING, 没收到')).toEqual(['shipping']);
    expect(themesOf('fine, thanks')).toEqual([]);
    expect(() => themeStarts([['a', /(ship|send)/]])).toThrow(/not a plain alternation/);
    expect(() => themeStarts([['a', /ship/i]])).toThrow(/not a plain alternation/);
  });
});
