/**
 * How fast the rising-negative alert can be, and how fast it is: a table of alert latency by jump
 * size (×2, ×3, ×5 the calm share) and rate (5 and 10 msg/s), for the product's classifier and for
 * gold flags (oracle), with false alarms per hour of calm chat, beside the ideal CUSUM's delay at one
 * false alarm per hour (scripts/train/mood-theory.ts: the floor for any detector).
 *   npx tsx scripts/train/mood-study.ts [--data test/fixtures/eval] [--seed 1] [--runs 20] [--calm-hours 10] [--cfg '{"moodFalseAlarmHours":1}']
 *     [--rates 10,5] [--ratios 2,3,5] [--no-theory] [--json]
 * Replays draw real labelled dev lines (scripts/eval/insights.ts devPools: negative lines and the rest)
 * through the real insights stage in virtual time (runMoodReplays). Tune on one --seed, score on another.
 */
import { parseArgs } from 'node:util';
import { InsightsConfigSchema, type InsightsConfig } from '../../config/insights-config.js';
import { devPools, runMoodReplays, type ReplayFigures, type ReplayPools } from '../eval/insights.js';
import { readSets } from '../eval/io.js';
import { ORACLE_CATEGORIES, classifierCategories, idealCusum, type Category } from './mood-theory.js';

export interface StudyRow {
  ratio: number;
  rate: number;
  limitS: number;
  classifier: { medianS: number | null; withinLimit: string; missed: number; falseAlarmsPerHour: number };
  oracle: { medianS: number | null; withinLimit: string; missed: number };
  /** The ideal CUSUM's delay (s): median after 600 s of calm chat as in the replays, median and mean from a zero sum. */
  idealClassifier: Ideal;
  idealOracle: Ideal;
}

const median = (xs: readonly number[]): number | null => (xs.length ? xs[Math.floor(xs.length / 2)]! : null);
const r1 = (x: number): number => Math.round(x * 10) / 10;

function summary(f: ReplayFigures, runs: number, limitS: number): { medianS: number | null; withinLimit: string; missed: number } {
  const m = median(f.latencies);
  return { medianS: m === null ? null : r1(m), withinLimit: `${f.latencies.filter((x) => x <= limitS).length}/${runs}`, missed: f.missed };
}

interface Ideal {
  afterCalmS: number;
  medianS: number;
  meanS: number;
}
function ideal(cats: readonly Category[], p0: number, ratio: number, rate: number, theory = true): Ideal {
  if (!theory) return { afterCalmS: NaN, medianS: NaN, meanS: NaN };
  const t = idealCusum(cats, p0, ratio * p0, rate);
  return { afterCalmS: r1(t.medianAfterCalmS), medianS: r1(t.medianDelayS), meanS: r1(t.delayS) };
}

export interface StudyOptions {
  readonly pools: ReplayPools;
  readonly p0: number;
  readonly seed: number;
  readonly runs: number;
  readonly calmHours: number;
  readonly cfg: Partial<InsightsConfig>;
  readonly ratios?: readonly number[];
  readonly rates?: readonly number[];
  readonly theory?: boolean;
}

export function moodStudy(o: StudyOptions): { rows: StudyRow[]; calm: Record<string, number> } {
  const cats = classifierCategories(o.pools);
  const rows: StudyRow[] = [];
  for (const rate of o.rates ?? [10, 5]) {
    const limitS = rate >= 10 ? 20 : 30;
    for (const ratio of o.ratios ?? [2, 3, 5]) {
      const base = { rate, p0: o.p0, runs: o.runs, calmS: 600, riseS: 120, seed: o.seed * 100 + ratio, ratio, pools: o.pools, cfg: o.cfg };
      const f = runMoodReplays(base);
      const g = runMoodReplays({ ...base, oracle: true });
      rows.push({
        ratio,
        rate,
        limitS,
        classifier: { ...summary(f, o.runs, limitS), falseAlarmsPerHour: Math.round((100 * f.falseAlarms) / f.calmHours) / 100 },
        oracle: summary(g, o.runs, limitS),
        idealClassifier: ideal(cats, o.p0, ratio, rate, o.theory),
        idealOracle: ideal(ORACLE_CATEGORIES, o.p0, ratio, rate, o.theory),
      });
    }
  }
  // calm chat only: steady at 5 and 10 msg/s, and 10 msg/s with bursts of chatter (4× for 30 s every 5 minutes)
  const calm: Record<string, number> = {};
  const runs = Math.max(1, Math.round(o.calmHours));
  const calmRuns: Array<[string, Parameters<typeof runMoodReplays>[0]]> = [
    ['calm_10ps', { rate: 10, p0: o.p0, runs, calmS: 3600, riseS: 0, seed: o.seed * 100 + 51, pools: o.pools, cfg: o.cfg }],
    ['calm_5ps', { rate: 5, p0: o.p0, runs, calmS: 3600, riseS: 0, seed: o.seed * 100 + 52, pools: o.pools, cfg: o.cfg }],
    ['calm_bursts_10ps', { rate: 10, p0: o.p0, runs, calmS: 3600, riseS: 0, seed: o.seed * 100 + 53, pools: o.pools, cfg: o.cfg, bursts: { everyS: 300, lengthS: 30, factor: 4 } }],
  ];
  for (const [name, replay] of calmRuns) {
    const f = runMoodReplays(replay);
    calm[`${name}_false_alarms_per_hour`] = Math.round((100 * f.falseAlarms) / f.calmHours) / 100;
    calm[`${name}_hours`] = f.calmHours;
  }
  return { rows, calm };
}

const fmtIdeal = (i: Ideal): string => `${i.afterCalmS}; ${i.medianS}, ${i.meanS}`;

export function formatStudy(rows: readonly StudyRow[]): string {
  const out = ['| rate | jump | classifier median s (≤ limit) | missed /120 s | FA/h in calm phases | oracle median s (≤ limit) | ideal CUSUM s, classifier: median after calm; from 0: median, mean | same, oracle |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    out.push(
      `| ${r.rate} msg/s | ×${r.ratio} | ${r.classifier.medianS ?? '–'} (${r.classifier.withinLimit} ≤ ${r.limitS} s) | ${r.classifier.missed} | ${r.classifier.falseAlarmsPerHour} | ${r.oracle.medianS ?? '–'} (${r.oracle.withinLimit}) | ${fmtIdeal(r.idealClassifier)} | ${fmtIdeal(r.idealOracle)} |`,
    );
  }
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: 'test/fixtures/eval' },
      seed: { type: 'string', default: '1' },
      runs: { type: 'string', default: '20' },
      'calm-hours': { type: 'string', default: '10' },
      p0: { type: 'string', default: '0.06' },
      cfg: { type: 'string', default: '{}' },
      'no-theory': { type: 'boolean', default: false },
      rates: { type: 'string', default: '10,5' },
      ratios: { type: 'string', default: '2,3,5' },
      json: { type: 'boolean', default: false },
    },
  });
  const pools = devPools({ sets: readSets(values.data ?? ''), progress: () => {} });
  if (!pools) throw new Error(`no labelled sentiment set under ${values.data}`);
  const cfg = InsightsConfigSchema.parse(JSON.parse(values.cfg ?? '{}'));
  const res = moodStudy({ pools, p0: Number(values.p0), seed: Number(values.seed), runs: Number(values.runs), calmHours: Number(values['calm-hours']), cfg, theory: !values['no-theory'], rates: (values.rates ?? '').split(',').map(Number), ratios: (values.ratios ?? '').split(',').map(Number) });
  if (values.json) console.log(JSON.stringify(res));
  else {
    console.log(`pools: ${pools.sets.join('+')}; calm share ${values.p0}; seed ${values.seed}; ${values.runs} runs per cell (600 s calm, 120 s risen)`);
    console.log(formatStudy(res.rows));
    console.log(Object.entries(res.calm).map(([k, v]) => `${k}: ${v}`).join('\n'));
  }
}
