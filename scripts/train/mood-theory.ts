/**
 * The bound on how fast any rising-negative alert can be: the ideal CUSUM, which knows the calm
 * share and the size of the rise exactly and sees each line as one of a few categories (gold label
 * for the oracle; language × sentiment bin for a real classifier), with its threshold set so that
 * calm chat crosses it once an hour on average. Page's CUSUM is optimal for this (Lorden, Moustakides):
 * no detector with the same false-alarm rate has a smaller worst-case mean delay, so its delay is a
 * floor for the product's detector, which must also estimate the calm share and does not know the
 * rise's size. Figures by simulation (seeded, no clock), not approximations.
 */
import { seededRandom } from '../../filters/random.js';
import { classify } from '../../insights/classify.js';
import { moodBin } from '../../insights/mood.js';

/** One category of line: its probability among negative lines and among the others. */
export interface Category {
  readonly neg: number;
  readonly other: number;
}

/** The categories a perfect classifier sees: the gold label. */
export const ORACLE_CATEGORIES: readonly Category[] = [
  { neg: 1, other: 0 },
  { neg: 0, other: 1 },
];

const LANG_INDEX = { en: 0, zh: 1, other: 2 } as const;

/** What the classifier shows of a line pool: P(language × sentiment bin) among negative lines and among the others. */
export function classifierCategories(pools: { readonly calm: readonly string[]; readonly angry: readonly string[] }): Category[] {
  const count = (lines: readonly string[]): number[] => {
    const c = new Array<number>(9).fill(0);
    for (const t of lines) {
      const k = classify(t);
      c[LANG_INDEX[k.lang] * 3 + moodBin(k.sentiment)]! += 1 / lines.length;
    }
    return c;
  };
  const neg = count(pools.angry);
  const other = count(pools.calm);
  return neg.map((n, i) => ({ neg: n, other: other[i] ?? 0 })).filter((c) => c.neg > 0 || c.other > 0);
}

interface Chain {
  /** Cumulative probabilities of the categories under the calm and the risen share. */
  readonly cdf0: Float64Array;
  readonly cdf1: Float64Array;
  /** Log-likelihood ratio (risen vs calm) of each category. */
  readonly llr: Float64Array;
}

function chain(cats: readonly Category[], p0: number, p1: number): Chain {
  const k = cats.length;
  const cdf0 = new Float64Array(k);
  const cdf1 = new Float64Array(k);
  const llr = new Float64Array(k);
  let c0 = 0;
  let c1 = 0;
  cats.forEach((c, i) => {
    const q0 = p0 * c.neg + (1 - p0) * c.other;
    const q1 = p1 * c.neg + (1 - p1) * c.other;
    c0 += q0;
    c1 += q1;
    cdf0[i] = c0;
    cdf1[i] = c1;
    llr[i] = q0 > 0 && q1 > 0 ? Math.log(q1 / q0) : q1 > 0 ? 50 : -50;
  });
  cdf0[k - 1] = 1;
  cdf1[k - 1] = 1;
  return { cdf0, cdf1, llr };
}

function draw(cdf: Float64Array, u: number): number {
  let i = 0;
  while (u >= cdf[i]! && i < cdf.length - 1) i++;
  return i;
}

/**
 * Run lengths (messages) until the CUSUM crosses h, messages drawn from `cdf`; stops after `budget`
 * messages in all. Each run starts from 0, or after `burnIn` calm messages (restarting at 0 after
 * any alarm among them), as the replays do.
 */
function runLengths(c: Chain, cdf: Float64Array, h: number, rand: () => number, runs: number, budget: number, burnIn = 0): number[] {
  const out: number[] = [];
  let steps = 0;
  for (let r = 0; r < runs && steps < budget; r++) {
    let s = 0;
    let n = 0;
    for (let i = 0; i < burnIn; i++) {
      s = Math.max(0, s + c.llr[draw(c.cdf0, rand())]!);
      if (s >= h) s = 0;
    }
    while (s < h && steps < budget) {
      s = Math.max(0, s + c.llr[draw(cdf, rand())]!);
      steps++;
      n++;
    }
    if (s >= h) out.push(n);
  }
  return out;
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Infinity);

export interface IdealCusum {
  /** Threshold in nats for one false alarm per hour at this rate. */
  readonly h: number;
  /** Mean and median chat-seconds from the change to the alert, the sum starting from 0 at the change (the worst case). */
  readonly delayS: number;
  readonly medianDelayS: number;
  /** Median chat-seconds after `burnInS` of calm chat (the sum where calm chat left it, as in the replays). */
  readonly medianAfterCalmS: number;
  /** Information per message after the change (KL divergence, nats). */
  readonly klPerMessage: number;
}

/**
 * The ideal CUSUM for a rise from share p0 to p1 seen through `cats` at `rate` messages a second:
 * the threshold whose simulated calm run length is one hour of messages (Newton steps on ln(run
 * length), which grows about linearly in h), then the delay over 4000 simulated rises.
 */
export function idealCusum(cats: readonly Category[], p0: number, p1: number, rate: number, seed = 1, burnInS = 600): IdealCusum {
  const c = chain(cats, p0, p1);
  const arl = rate * 3600;
  let h = Math.max(1, Math.log(arl) - 3);
  for (let i = 0; i < 6; i++) {
    const alarms = i < 3 ? 40 : 150;
    const len = mean(runLengths(c, c.cdf0, h, seededRandom(seed + i), alarms, alarms * 20 * arl));
    h = Math.max(0.2, h + Math.max(-2, Math.min(2, Math.log(arl / len))));
  }
  const delays = runLengths(c, c.cdf1, h, seededRandom(seed + 99), 4000, Number.MAX_SAFE_INTEGER).sort((a, b) => a - b);
  const afterCalm = runLengths(c, c.cdf1, h, seededRandom(seed + 98), 1000, Number.MAX_SAFE_INTEGER, Math.round(burnInS * rate)).sort((a, b) => a - b);
  let kl = 0;
  for (let i = 0; i < c.llr.length; i++) {
    const q1 = c.cdf1[i]! - (i > 0 ? c.cdf1[i - 1]! : 0);
    if (q1 > 0) kl += q1 * c.llr[i]!;
  }
  return { h, delayS: mean(delays) / rate, medianDelayS: (delays[delays.length >> 1] ?? Infinity) / rate, medianAfterCalmS: (afterCalm[afterCalm.length >> 1] ?? Infinity) / rate, klPerMessage: kl };
}
