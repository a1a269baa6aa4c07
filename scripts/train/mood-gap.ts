/**
 * Where the rising-negative alert loses time against the ideal CUSUM: the replays of
 * scripts/train/mood-study.ts (real labelled dev lines, 400 viewers, Poisson arrivals, 600 s calm at
 * 6 % then ×ratio for 120 s) fed straight to stepMood, with one part of the detector made ideal at a
 * time, and the ideal CUSUM itself run on the same streams:
 *   npx tsx scripts/train/mood-gap.ts [--data test/fixtures/eval] [--seed 1] [--runs 100] [--calm-hours 10] [--rate 10] [--ratio 2]
 *     [--variants base,truth,idealH,...] [--cfg '{"moodBaselineMessages":4000}'] [--bursts]
 * Variants: base (the shipped detector); truth (its calm share replaced by the true one, per language,
 * every line); idealH (its threshold fixed at the ideal's); unique (every line from a new viewer, so
 * the repeat rule drops nothing); noMinEv (minEvidence 0); ideal (the ideal CUSUM on the stream: true
 * llr per language × bin, ideal threshold); idealRepeat (the same on the lines the first repeat rule
 * kept: every negative line within 30 s of the same viewer's last one dropped);
 * frozenFreq (the threshold's bin frequencies stop learning at the change).
 * Also per variant: the mean threshold and the calm-share estimate's error at the change. Seeded;
 * choose on seeds other than 5.
 */
import { parseArgs } from 'node:util';
import type { Lang } from '../../config/chat.js';
import { InsightsConfigSchema } from '../../config/insights-config.js';
import { seededRandom } from '../../filters/random.js';
import { classify } from '../../insights/classify.js';
import { isNegative } from '../../insights/sentiment.js';
import { MOOD_FLAG_RATES, moodBin, moodOptionsFrom, newMoodState, stepMood, type MoodOptions, type MoodState } from '../../insights/mood.js';
import { devPools } from '../eval/insights.js';
import { readSets } from '../eval/io.js';
import { idealCusum, type Category } from './mood-theory.js';

interface Line {
  readonly text: string;
  readonly sentiment: number;
  readonly lang: Lang;
  /** Language × bin index (0..8). */
  readonly cat: number;
}
const SLOT: Readonly<Record<Lang, number>> = { en: 0, zh: 1, other: 2 };

export interface GapSetup {
  readonly calm: readonly Line[];
  readonly angry: readonly Line[];
  /** P(cat | negative line), P(cat | other line) over the 9 language × bin categories. */
  readonly cats: readonly Category[];
  /** True negative share per language at share p. */
  trueShare(p: number): [number, number, number];
}

export function gapSetup(pools: { readonly calm: readonly string[]; readonly angry: readonly string[] }): GapSetup {
  const toLine = (text: string): Line => {
    const c = classify(text);
    return { text, sentiment: c.sentiment, lang: c.lang, cat: SLOT[c.lang] * 3 + moodBin(c.sentiment) };
  };
  const calm = pools.calm.map(toLine);
  const angry = pools.angry.map(toLine);
  const freq = (ls: readonly Line[]): number[] => {
    const f = new Array<number>(9).fill(0);
    for (const l of ls) f[l.cat]! += 1 / ls.length;
    return f;
  };
  const fn = freq(angry);
  const fo = freq(calm);
  const cats = fn.map((n, i) => ({ neg: n, other: fo[i]! }));
  const trueShare = (p: number): [number, number, number] =>
    [0, 1, 2].map((l) => {
      const n = p * (fn[3 * l]! + fn[3 * l + 1]! + fn[3 * l + 2]!);
      const o = (1 - p) * (fo[3 * l]! + fo[3 * l + 1]! + fo[3 * l + 2]!);
      return n + o > 0 ? n / (n + o) : p;
    }) as [number, number, number];
  return { calm, angry, cats, trueShare };
}

export interface GapRun {
  readonly rate: number;
  readonly ratio: number;
  readonly p0: number;
  readonly runs: number;
  readonly seed: number;
  readonly calmS: number;
  readonly riseS: number;
  readonly opts: Partial<MoodOptions>;
  readonly variant: string;
  /** Chatter 4× faster for 30 s every 5 minutes. */
  readonly bursts?: boolean;
}

export interface GapFigures {
  medianS: number | null;
  meanS: number | null;
  missed: number;
  falseAlarms: number;
  calmHours: number;
  faPerHour: number;
  /** Mean threshold at the change (nats), mean (estimated − true) calm share at the change, lines-weighted. */
  hAtChange: number;
  shareErr: number;
  shareErrSd: number;
  /** False alarms by minute of the run (cold start: the first minutes are the warm-up). */
  faByMinute: number[];
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

/** The ideal threshold at this rate for a rise p0 → ratio·p0 (cached). */
const idealH = new Map<string, number>();
function idealThreshold(g: GapSetup, p0: number, ratio: number, rate: number): number {
  const k = `${p0}:${ratio}:${rate}`;
  let h = idealH.get(k);
  if (h === undefined) {
    h = idealCusum(g.cats, p0, ratio * p0, rate).h;
    idealH.set(k, h);
  }
  return h;
}

export function runGap(g: GapSetup, o: GapRun): GapFigures {
  const lat: number[] = [];
  let missed = 0;
  let fa = 0;
  let hSum = 0;
  let errSum = 0;
  let errSq = 0;
  const faByMinute: number[] = [];
  const truth0 = g.trueShare(o.p0);
  const hIdeal = idealThreshold(g, o.p0, o.ratio, o.rate);
  // ideal CUSUM's llr per category
  const llr = g.cats.map((c) => {
    const q0 = o.p0 * c.neg + (1 - o.p0) * c.other;
    const q1 = o.ratio * o.p0 * c.neg + (1 - o.ratio * o.p0) * c.other;
    return q0 > 0 && q1 > 0 ? Math.log(q1 / q0) : 0;
  });
  const isIdeal = o.variant === 'ideal' || o.variant === 'idealRepeat';
  const opts: Partial<MoodOptions> = { flagRates: MOOD_FLAG_RATES, ...o.opts };
  if (o.variant === 'idealH') Object.assign(opts, { falseAlarmHours: 0, alertOn: hIdeal, alertOff: Math.min(hIdeal / 2, opts.alertOff ?? 2) });
  if (o.variant === 'noMinEv') Object.assign(opts, { minEvidence: 0 });
  for (let run = 0; run < o.runs; run++) {
    const rand = seededRandom(o.seed * 1000 + run);
    const s: MoodState = newMoodState(opts);
    const change = o.calmS * 1000;
    const end = change + o.riseS * 1000;
    let t = 0;
    let detected = -1;
    let sum = 0;
    let alertUntil = -1;
    const lastNeg = new Map<string, number>();
    let uid = 0;
    let sampled = false;
    while (t < end && detected < 0) {
      const bursting = o.bursts === true && t % 300_000 < 30_000;
      t += (-Math.log(1 - rand()) / (bursting ? 4 * o.rate : o.rate)) * 1000;
      if (!sampled && t >= change) {
        sampled = true;
        hSum += s.h;
        let e = 0;
        for (let l = 0; l < 3; l++) e += s.mix[l]! * (s.base[l]! - truth0[l]!);
        errSum += e;
        errSq += e * e;
      }
      const risen = t >= change;
      const neg = rand() < (risen ? o.ratio * o.p0 : o.p0);
      const pool = neg ? g.angry : g.calm;
      const l = pool[Math.floor(rand() * pool.length)]!;
      const user = o.variant === 'unique' ? `n${uid++}` : `v${Math.floor(rand() * 400)}`;
      if (isIdeal) {
        let counts = true;
        if (o.variant === 'idealRepeat' && isNegative(l.sentiment)) {
          const prev = lastNeg.get(user);
          counts = !(prev !== undefined && t - prev < 30_000);
          lastNeg.set(user, t);
        }
        if (!counts) continue;
        sum = Math.max(0, sum + llr[l.cat]!);
        if (sum >= hIdeal && t >= alertUntil) {
          if (risen) detected = t - change;
          else {
            fa++;
            faByMinute[Math.floor(t / 60_000)] = (faByMinute[Math.floor(t / 60_000)] ?? 0) + 1;
          }
          sum = 0;
          alertUntil = t + 30_000;
        }
        continue;
      }
      // frozenFreq: the threshold's bin frequencies stop learning at the change (an upper bound for lagging them)
      if (o.variant === 'frozenFreq' && risen) s.binCounts.fill(0);
      if (o.variant === 'truth') {
        for (let k = 0; k < 3; k++) {
          s.base[k] = truth0[k]!;
          for (let j = 0; j < s.lagRing.length / 3; j++) s.lagRing[j * 3 + k] = truth0[k]!;
        }
      }
      const r = stepMood(s, { text: l.text, userId: user, sentiment: l.sentiment, lang: l.lang }, t);
      if (r.raised) {
        if (risen) detected = t - change;
        else {
          fa++;
          faByMinute[Math.floor(t / 60_000)] = (faByMinute[Math.floor(t / 60_000)] ?? 0) + 1;
        }
      }
    }
    if (detected >= 0) lat.push(detected / 1000);
    else missed++;
  }
  lat.sort((a, b) => a - b);
  const calmHours = (o.runs * o.calmS) / 3600;
  const n = Math.max(1, o.runs);
  return {
    medianS: lat.length ? Math.round(lat[lat.length >> 1]! * 10) / 10 : null,
    meanS: lat.length ? Math.round((10 * lat.reduce((a, b) => a + b, 0)) / lat.length) / 10 : null,
    missed,
    falseAlarms: fa,
    calmHours,
    faPerHour: r2(fa / calmHours),
    hAtChange: r2(hSum / n),
    shareErr: Math.round((10000 * errSum) / n) / 10000,
    faByMinute: Array.from(faByMinute, (x) => x ?? 0),
    shareErrSd: Math.round(10000 * Math.sqrt(Math.max(0, errSq / n - (errSum / n) ** 2))) / 10000,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: 'test/fixtures/eval' },
      seed: { type: 'string', default: '1' },
      runs: { type: 'string', default: '100' },
      'calm-hours': { type: 'string', default: '10' },
      rate: { type: 'string', default: '10' },
      ratio: { type: 'string', default: '2' },
      p0: { type: 'string', default: '0.06' },
      variants: { type: 'string', default: 'base,truth,idealH,unique,noMinEv,ideal,idealRepeat' },
      cfg: { type: 'string', default: '{}' },
      bursts: { type: 'boolean', default: false },
    },
  });
  const pools = devPools({ sets: readSets(values.data ?? ''), progress: () => {} });
  if (!pools) throw new Error(`no labelled sentiment set under ${values.data}`);
  const g = gapSetup(pools);
  const cfg = InsightsConfigSchema.parse(JSON.parse(values.cfg ?? '{}'));
  const opts = moodOptionsFrom(cfg);
  const seed = Number(values.seed);
  const rate = Number(values.rate);
  const ratio = Number(values.ratio);
  const p0 = Number(values.p0);
  const calmRuns = Math.max(1, Math.round(Number(values['calm-hours'])));
  console.log(`seed ${seed}, ${rate} msg/s, ×${ratio} from ${p0}; ideal h ${idealThreshold(g, p0, ratio, rate).toFixed(2)} nats; true share per language ${g.trueShare(p0).map((x) => x.toFixed(3)).join(' ')}`);
  for (const variant of (values.variants ?? '').split(',')) {
    const base = { rate, ratio, p0, seed, opts, variant, bursts: values.bursts === true };
    const rise = runGap(g, { ...base, runs: Number(values.runs), calmS: 600, riseS: 120 });
    const calm = runGap(g, { ...base, runs: calmRuns, calmS: 3600, riseS: 0, seed: seed + 50 });
    console.log(
      `${variant.padEnd(12)} median ${rise.medianS} s mean ${rise.meanS} missed ${rise.missed}/${values.runs}; FA/h cold-start calm ${rise.faPerHour}, steady ${calm.faPerHour} (${calm.falseAlarms} in ${calm.calmHours} h); h at change ${rise.hAtChange}; share err ${rise.shareErr} ± ${rise.shareErrSd}; cold-start alarms by minute ${rise.faByMinute.join(' ')}`,
    );
  }
}
