/** The rising-negative alert's evidence: per-language bins, true calm share, lagged baseline, minimum evidence; replays in virtual time. */
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../../config/chat.js';
import { MOOD_EVIDENCE, moodBin, moodThreshold, newMoodState, stepMood, type MoodState } from '../../../insights/mood.js';
import { seededRandom } from '../../../filters/random.js';
import { devPools, runMoodReplays } from '../../../scripts/eval/insights.js';
import { readSets } from '../../../scripts/eval/io.js';
import { ORACLE_CATEGORIES, idealCusum } from '../../../scripts/train/mood-theory.js';

/** A sentiment score in bin b (moodBin). */
const SCORE = [-0.9, -0.4, 0.1] as const;

/** Draws a line's bin the way MOOD_EVIDENCE says `lang` shows a negative line (or another). */
function drawBin(rand: () => number, lang: Lang, negative: boolean): 0 | 1 | 2 {
  const p = negative ? MOOD_EVIDENCE[lang].neg : MOOD_EVIDENCE[lang].other;
  const u = rand();
  return u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
}

/** `n` lines of `lang` at `gapMs`, truly negative with probability `share`, each from a new viewer. */
function feed(s: MoodState, rand: () => number, from: number, n: number, gapMs: number, lang: Lang, share: number): { t: number; alerts: number } {
  let t = from;
  let alerts = 0;
  for (let i = 0; i < n; i++) {
    t += gapMs;
    const bin = drawBin(rand, lang, rand() < share);
    if (stepMood(s, { text: 'x', userId: `u${t}`, sentiment: SCORE[bin], lang }, t).raised) alerts++;
  }
  return { t, alerts };
}

describe('mood evidence', () => {
  it('bins sentiment into strong, weak and no negative', () => {
    expect(SCORE.map(moodBin)).toEqual([0, 1, 2]);
  });

  it('estimates the true calm share per language, not the flagged share', () => {
    const rand = seededRandom(4);
    const s = newMoodState();
    let t = 0;
    for (let i = 0; i < 20_000; i++) {
      t += 100;
      const lang: Lang = i % 2 === 0 ? 'en' : 'zh';
      const share = lang === 'en' ? 0.06 : 0.1;
      stepMood(s, { text: 'x', userId: `u${i}`, sentiment: SCORE[drawBin(rand, lang, rand() < share)], lang }, t);
    }
    // English flags about 13 % of lines at a true 6 %; the estimate is the true share
    expect(s.base[0]).toBeGreaterThan(0.035);
    expect(s.base[0]).toBeLessThan(0.085);
    expect(s.base[1]).toBeGreaterThan(0.085);
    expect(s.base[1]).toBeLessThan(0.115);
  });

  it('weighs a flag by its language: a Chinese flag is worth more than an English weak one', () => {
    const s = newMoodState();
    feed(s, seededRandom(5), 0, 3000, 100, 'zh', 0.06);
    feed(s, seededRandom(6), 300_000, 3000, 100, 'en', 0.06);
    const llr = (lang: 0 | 1, bin: 0 | 1 | 2): number => s.llr[lang * 3 + bin]!;
    expect(llr(1, 0)).toBeGreaterThan(llr(0, 0));
    expect(llr(0, 0)).toBeGreaterThan(llr(0, 1));
    expect(llr(0, 1)).toBeLessThan(0.5 * llr(1, 1));
    for (const l of [0, 1] as const) expect(llr(l, 2)).toBeLessThan(0);
    // at most ln(riseRatio) per line, whatever the bin
    expect(Math.max(...s.llr)).toBeLessThanOrEqual(Math.log(s.opts.riseRatio) + 1e-9);
  });

  it('does not learn a building rise as calm: suspect lines wait until the sum is back at zero', () => {
    const s = newMoodState({ falseAlarmHours: 0, alertOn: 1000, alertOff: 1 }); // never alerts: watch the sums
    const rand = seededRandom(7);
    const { t } = feed(s, rand, 0, 6000, 100, 'zh', 0.06);
    const before = s.llr[3]!;
    const baseBefore = s.base[1];
    const t2 = feed(s, rand, t, 250, 100, 'zh', 0.3).t;
    expect(s.cusum).toBeGreaterThan(0);
    expect(s.pendN[1]).toBeGreaterThan(100); // the rise's lines wait …
    expect(Math.abs(s.base[1] - baseBefore)).toBeLessThan(0.005); // … the calm share did not move …
    expect(Math.abs(s.llr[3]! - before)).toBeLessThan(0.02); // … nor the alert's likelihoods
    let u = t2;
    for (let i = 0; i < 2000 && s.cusum > 0; i++) {
      u += 100;
      stepMood(s, { text: 'hi', userId: `c${i}`, sentiment: 0.1, lang: 'zh' }, u);
    }
    expect(s.cusum).toBe(0);
    expect(s.pendN).toEqual([0, 0, 0]);
    expect(s.base[1]).toBeGreaterThan(baseBefore + 0.004); // learned once the sum fell back: it was calm after all
  });

  it('does not raise the threshold while a rise builds: suspects and recent bin frequencies wait', () => {
    const s = newMoodState({ minEvidence: 1000 }); // never alerts: watch the threshold
    const rand = seededRandom(11);
    let { t } = feed(s, rand, 0, 6000, 100, 'en', 0.06);
    for (let i = 0; i < 1000 && s.cusum > 0; i++) {
      t += 100;
      stepMood(s, { text: 'x', userId: `c${i}`, sentiment: SCORE[2], lang: 'en' }, t);
    }
    expect(s.cusum).toBe(0);
    const h0 = s.h;
    const counts = Array.from(s.binCounts);
    // one strong English flag lifts the sum above zero: its bin waits with the suspects
    stepMood(s, { text: 'x', userId: 'first', sentiment: SCORE[0], lang: 'en' }, t + 100);
    expect(s.cusum).toBeGreaterThan(0);
    expect(Array.from(s.pendBins)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(s.binCounts)).toEqual(counts);
    // a doubling for 60 s: the threshold stays about where calm chat put it (it rose by 0.8–1.4 nats
    // on these seeds when it learned the chat's bin frequencies as they came)
    let rise = 0;
    for (const seed of [11, 12, 13, 14, 15]) {
      const r = newMoodState({ minEvidence: 1000 });
      const rr = seededRandom(seed);
      const { t: u } = feed(r, rr, 0, 6000, 100, 'en', 0.06);
      const before = r.h;
      feed(r, rr, u, 600, 100, 'en', 0.12);
      rise += (r.h - before) / 5;
    }
    expect(rise).toBeLessThan(0.5);
    expect(h0).toBeGreaterThan(s.opts.alertOn);
  });

  it('asks for extra evidence until the baseline has 1.5× baselineMessages lines behind it', () => {
    const s = newMoodState({ baselineMessages: 1000 });
    const { t } = feed(s, seededRandom(12), 0, 3000, 100, 'zh', 0.06);
    // the same chat and tables, only the count of lines seen differs: the warm-up margin (2 nats) alone
    const at = (seen: number): number => {
      s.seen = seen;
      return moodThreshold(s, t);
    };
    const settled = at(3000);
    expect(at(1500)).toBeCloseTo(settled, 9);
    expect(at(1000) - settled).toBeCloseTo(2 / 3, 6); // a running mean of 1000 lines is noisier than the EWMA over 1000
    expect(at(500) - settled).toBeCloseTo(4 / 3, 6);
  });

  it('needs minEvidence flagged lines: a few lines never alert', () => {
    const run = (minEvidence: number): boolean => {
      // a nominal false alarm every 0.4 h (an hour's run length with ARL_MARGIN): four near-certain
      // negatives (1.47 nats each) cross it in slow chat
      const s = newMoodState({ riseRatio: 5, minEvidence, falseAlarmHours: 0.4 });
      let t = 0;
      for (let i = 0; i < 4000; i++) {
        t += 1000; // slow chat (1 line a second), no flagged line: the sum stands at 0
        stepMood(s, { text: 'hi', userId: `u${i}`, sentiment: 0.1, lang: 'zh' }, t);
      }
      expect(s.cusum).toBe(0);
      let alerted = false;
      for (let i = 0; i < 4; i++) {
        t += 1000;
        if (stepMood(s, { text: '骗子', userId: `angry${i}`, sentiment: -0.9, lang: 'zh' }, t).raised) alerted = true;
      }
      return alerted;
    };
    expect(run(0)).toBe(true); // four near-certain negatives are enough evidence in slow chat …
    expect(run(5)).toBe(false); // … but not enough lines
  });

  it('keeps false alarms under one an hour of calm chat and catches a tripling within 20 s at 10 msg/s', () => {
    const s = newMoodState();
    const rand = seededRandom(9);
    const calm = feed(s, rand, 0, 4 * 36_000, 100, 'zh', 0.06); // 4 hours
    expect(calm.alerts).toBeLessThanOrEqual(4);
    let t = calm.t + 10 * 60_000; // past any cooldown
    const change = t;
    let at = -1;
    for (let i = 0; i < 1200 && at < 0; i++) {
      t += 100;
      const r = stepMood(s, { text: 'x', userId: `r${i}`, sentiment: SCORE[drawBin(rand, 'zh', rand() < 0.18)], lang: 'zh' }, t);
      if (r.raised || s.alert) at = t;
    }
    expect(at).toBeGreaterThan(change);
    expect(at - change).toBeLessThan(20_000);
  });
});

describe('mood replays and the bound', () => {
  const pools = devPools({ sets: readSets('test/fixtures/eval'), progress: () => {} });

  it('replays a ×5 rise of the labelled dev lines in virtual time, with bursts of chatter', () => {
    expect(pools).not.toBeNull();
    if (!pools) return;
    const base = { rate: 10, p0: 0.06, runs: 4, calmS: 300, riseS: 60, seed: 21, pools };
    const f = runMoodReplays({ ...base, ratio: 5 });
    expect(f.riseShare).toBeGreaterThan(2.5 * f.baseShare);
    expect(f.latencies).toHaveLength(4);
    expect(f.latencies.every((x) => x > 0 && x <= 20)).toBe(true);
    // two hours of calm chat 4× faster a third of the time, each run from a cold start: at most one false alarm an hour
    const g = runMoodReplays({ ...base, runs: 24, ratio: 1, bursts: { everyS: 60, lengthS: 20, factor: 4 } });
    expect(g.calmHours).toBe(2);
    expect(g.falseAlarms).toBeLessThanOrEqual(2);
  }, 60_000);

  it('the ideal CUSUM is faster for bigger rises and faster chat, and needs more evidence for fast chat', () => {
    const a = idealCusum(ORACLE_CATEGORIES, 0.06, 0.12, 10);
    const b = idealCusum(ORACLE_CATEGORIES, 0.06, 0.3, 10);
    const c = idealCusum(ORACLE_CATEGORIES, 0.06, 0.12, 5);
    expect(b.delayS).toBeLessThan(a.delayS / 4);
    expect(c.delayS).toBeGreaterThan(a.delayS);
    expect(a.h).toBeGreaterThan(c.h);
    // the KL divergence of a doubling from 6 %: 0.12·ln 2 + 0.88·ln(0.88/0.94)
    expect(a.klPerMessage).toBeCloseTo(0.12 * Math.log(2) + 0.88 * Math.log(0.88 / 0.94), 6);
    // a doubling from 6 % at 10 msg/s: more than 20 s on average even for the ideal detector with gold flags
    expect(a.delayS).toBeGreaterThan(20);
  }, 60_000);
});
