/**
 * Is the alert's evidence table (MOOD_EVIDENCE) overfitted to the dev lines the mood replays draw?
 *   npx tsx scripts/train/mood-crossfit.ts [--data test/fixtures/eval] [--runs 40] [--seed 3]
 * Splits every labelled dev set in two by text hash (foldOf), measures the bin tables on one half
 * (flagBins, as scripts/train/mood-rates.ts does) and replays the other half's lines through
 * stepMood in virtual time (Poisson arrivals, 400 viewers, 600 s calm at 6 % then ×2 for 120 s, as
 * runMoodReplays), against the same replays with the tables measured on all lines (in-sample, the
 * shipped way). Both halves in turn. Prints median latency, misses and false alarms per hour.
 */
import { parseArgs } from 'node:util';
import type { Lang } from '../../config/chat.js';
import { classify } from '../../insights/classify.js';
import { MOOD_FLAG_RATES, newMoodState, stepMood, type MoodBins, type MoodEvidence } from '../../insights/mood.js';
import { seededRandom } from '../../filters/random.js';
import { readSets } from '../eval/io.js';
import type { Row } from '../eval/types.js';
import { foldOf } from './model-train.js';
import { RATE_SETS, flagBins } from './mood-rates.js';

interface Line {
  readonly text: string;
  readonly sentiment: number;
  readonly lang: Lang;
  readonly negative: boolean;
}

function tables(rowsByLang: Readonly<Record<'en' | 'zh', readonly Row[]>>): MoodEvidence {
  const en: MoodBins = flagBins(rowsByLang.en);
  return { en, zh: flagBins(rowsByLang.zh), other: en };
}

/** One replay set: median latency (s), missed rises, false alarms per hour of calm. */
function replay(lines: readonly Line[], evidence: MoodEvidence, runs: number, seed: number, rate: number, ratio: number): { medianS: number | null; missed: number; faPerHour: number } {
  const calm = lines.filter((l) => !l.negative);
  const angry = lines.filter((l) => l.negative);
  const lat: number[] = [];
  let missed = 0;
  let fa = 0;
  for (let run = 0; run < runs; run++) {
    const rand = seededRandom(seed * 1000 + run);
    const s = newMoodState({ evidence, flagRates: MOOD_FLAG_RATES });
    const change = 600_000;
    let t = 0;
    let detected = -1;
    while (t < change + 120_000 && detected < 0) {
      t += (-Math.log(1 - rand()) / rate) * 1000;
      const neg = rand() < (t >= change ? ratio * 0.06 : 0.06);
      const pool = neg ? angry : calm;
      const l = pool[Math.floor(rand() * pool.length)]!;
      const r = stepMood(s, { text: l.text, userId: `v${Math.floor(rand() * 400)}`, sentiment: l.sentiment, lang: l.lang }, t);
      if (r.raised) {
        if (t < change) fa++;
        else detected = t - change;
      }
    }
    if (detected >= 0) lat.push(detected / 1000);
    else missed++;
  }
  lat.sort((a, b) => a - b);
  return { medianS: lat.length ? Math.round(lat[lat.length >> 1]! * 10) / 10 : null, missed, faPerHour: Math.round((100 * fa) / ((runs * 600) / 3600)) / 100 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { data: { type: 'string', default: 'test/fixtures/eval' }, runs: { type: 'string', default: '40' }, seed: { type: 'string', default: '3' } } });
  const sets = readSets(values.data ?? '');
  const rowsOf = (lang: 'en' | 'zh', half: number | null): Row[] =>
    RATE_SETS[lang].flatMap((n) => sets.get(n) ?? []).filter((r) => half === null || foldOf(r.text, 2) === half);
  const toLines = (rows: readonly Row[]): Line[] =>
    rows.map((r) => {
      const c = classify(r.text);
      return { text: r.text, sentiment: c.sentiment, lang: c.lang, negative: r.label === 'negative' };
    });
  const all = tables({ en: rowsOf('en', null), zh: rowsOf('zh', null) });
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  for (const half of [0, 1]) {
    const own = tables({ en: rowsOf('en', 1 - half), zh: rowsOf('zh', 1 - half) });
    const lines = toLines([...rowsOf('en', half), ...rowsOf('zh', half)]);
    for (const rate of [10, 5]) {
      const inSample = replay(lines, all, runs, seed, rate, 2);
      const crossFit = replay(lines, own, runs, seed, rate, 2);
      console.log(`half ${half} (${lines.length} lines) ${rate} msg/s ×2: tables from all lines ${JSON.stringify(inSample)}; from the other half ${JSON.stringify(crossFit)}`);
    }
  }
}
