/**
 * How much each line tells the rising-negative alert, and where the rest is lost: the information
 * per line (KL divergence of a ×2 rise from the calm share, nats) and the ideal CUSUM's median delay
 * after 600 s of calm chat (scripts/train/mood-theory.ts: the floor for any detector at one false
 * alarm an hour) when the dev-pool lines are seen through
 *   - the shipped bins (language × strong / weak negative / rest, moodBin),
 *   - finer sentiment bins (would more bins in MOOD_EVIDENCE help?),
 *   - the shipped bins with English "rest" lines split by the English model's probability,
 *   - gold labels for one language and the classifier for the other, and gold labels for both.
 *   npx tsx scripts/train/mood-info.ts [--data test/fixtures/eval] [--share 0.06] [--seed 1]
 * Medians move by about a second with the seed (the KL does not): compare KL first.
 */
import { parseArgs } from 'node:util';
import { classify } from '../../insights/classify.js';
import { lexiconDetail, loadSentimentModel } from '../../insights/sentiment.js';
import { moodBin } from '../../insights/mood.js';
import { readSets } from '../eval/io.js';
import { MOOD_POOL_SETS } from '../eval/insights.js';
import { idealCusum, type Category } from './mood-theory.js';

/** A way of seeing a line: its category key (lines with the same key are indistinguishable). */
type View = (text: string, negative: boolean) => string;

/** Categories (P among negative lines, P among the others) of the pools seen through `view`. */
export function categoriesOf(calm: readonly string[], angry: readonly string[], view: View): Category[] {
  const cats = new Map<string, { neg: number; other: number }>();
  const add = (lines: readonly string[], negative: boolean): void => {
    for (const t of lines) {
      const key = view(t, negative);
      const c = cats.get(key) ?? { neg: 0, other: 0 };
      if (negative) c.neg += 1 / lines.length;
      else c.other += 1 / lines.length;
      cats.set(key, c);
    }
  };
  add(angry, true);
  add(calm, false);
  return [...cats.keys()].sort().map((k) => cats.get(k)!);
}

const binOf = (cuts: readonly number[], x: number): number => {
  const i = cuts.findIndex((c) => x < c);
  return i < 0 ? cuts.length : i;
};

function views(): Array<[string, View]> {
  const model = loadSentimentModel();
  const shipped: View = (t) => {
    const k = classify(t);
    return `${k.lang}:${moodBin(k.sentiment)}`;
  };
  const fine = (cuts: readonly number[]): View => (t) => {
    const k = classify(t);
    return `${k.lang}:${binOf(cuts, k.sentiment)}`;
  };
  const gold = (lang: 'en' | 'zh' | 'all'): View => (t, negative) => {
    const k = classify(t);
    return lang === 'all' || k.lang === lang ? `${k.lang}:gold:${negative}` : `${k.lang}:${moodBin(k.sentiment)}`;
  };
  const byP: View = (t) => {
    const k = classify(t);
    const b = moodBin(k.sentiment);
    if (k.lang !== 'en' || b !== 2 || !model) return `${k.lang}:${b}`;
    const p = model.probability(t, lexiconDetail(t));
    return `en:2:${Number.isNaN(p) ? 'short' : binOf([0.2, 0.3, 0.44, 0.64], p)}`;
  };
  return [
    ['shipped bins (strong, weak, rest)', shipped],
    ['4 bins (rest split at 0: positive apart)', fine([-0.6, -0.2, 0.0001])],
    ['5 bins', fine([-0.6, -0.2, -0.0001, 0.3])],
    ['14 bins', fine([-0.9, -0.8, -0.7, -0.6, -0.4, -0.2, -0.1, -0.0001, 0.0001, 0.2, 0.4, 0.6, 0.8])],
    ['English rest bin split by model probability', byP],
    ['English gold, Chinese classifier', gold('en')],
    ['Chinese gold, English classifier', gold('zh')],
    ['gold labels', gold('all')],
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { data: { type: 'string', default: 'test/fixtures/eval' }, share: { type: 'string', default: '0.06' }, seed: { type: 'string', default: '1' } } });
  const sets = readSets(values.data);
  const calm: string[] = [];
  const angry: string[] = [];
  for (const name of MOOD_POOL_SETS) for (const r of sets.get(name) ?? []) (r.label === 'negative' ? angry : calm).push(r.text);
  const p0 = Number(values.share);
  const seed = Number(values.seed);
  process.stdout.write(`${angry.length} negative and ${calm.length} other lines; calm share ${p0}, ×2; ideal CUSUM median after 600 s calm (seed ${seed})\n`);
  for (const [name, view] of views()) {
    const cats = categoriesOf(calm, angry, view);
    const at10 = idealCusum(cats, p0, 2 * p0, 10, seed);
    const at5 = idealCusum(cats, p0, 2 * p0, 5, seed);
    process.stdout.write(`${name.padEnd(46)} KL ${at10.klPerMessage.toFixed(4)} nats/line  10 msg/s ${at10.medianAfterCalmS.toFixed(1)} s  5 msg/s ${at5.medianAfterCalmS.toFixed(1)} s\n`);
  }
}
