/**
 * Measures the sentiment flag's error rates per language on labelled chat (the numbers behind
 * MOOD_FLAG_RATES in insights/mood.ts):
 *   npx tsx scripts/train/mood-rates.ts [--data test/fixtures/eval]
 * English: twitch-sentiment-chat; Chinese: zh-sentiment-chat and zh-sentiment-reviews (dev halves).
 * tpr: negative lines flagged negative; fpr: other lines flagged negative. Product path (classify).
 * Also the alert's evidence tables (MOOD_EVIDENCE): the share of negative lines and of the others in
 * each sentiment bin (moodBin: strong negative, weak negative, the rest), add-half smoothed.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { classify } from '../../insights/classify.js';
import { isNegative } from '../../insights/sentiment.js';
import { readSets } from '../eval/io.js';
import { moodBin, type FlagRate, type MoodBins } from '../../insights/mood.js';

export const RATE_SETS = { en: ['twitch-sentiment-chat'], zh: ['zh-sentiment-chat', 'zh-sentiment-reviews'] } as const;

/** tpr / fpr of the negative flag over rows labelled `negative` vs the rest. */
export function flagRate(rows: ReadonlyArray<{ text: string; label: string }>): FlagRate & { pos: number; neg: number } {
  let tp = 0;
  let p = 0;
  let fp = 0;
  let n = 0;
  for (const r of rows) {
    const flagged = isNegative(classify(r.text).sentiment);
    if (r.label === 'negative') {
      p++;
      if (flagged) tp++;
    } else {
      n++;
      if (flagged) fp++;
    }
  }
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  return { tpr: r3(tp / Math.max(1, p)), fpr: r3(fp / Math.max(1, n)), pos: p, neg: n };
}

/** P(bin | negative line) and P(bin | other line), each bin's count plus one half over the count plus 1.5. */
export function flagBins(rows: ReadonlyArray<{ text: string; label: string }>): MoodBins {
  const neg = [0, 0, 0];
  const other = [0, 0, 0];
  for (const r of rows) (r.label === 'negative' ? neg : other)[moodBin(classify(r.text).sentiment)]! += 1;
  const norm = (c: number[]): [number, number, number] => {
    const n = c.reduce((a, b) => a + b, 0) + 1.5;
    return [r4((c[0]! + 0.5) / n), r4((c[1]! + 0.5) / n), r4((c[2]! + 0.5) / n)];
  };
  return { neg: norm(neg), other: norm(other) };
}
const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { data: { type: 'string', default: 'test/fixtures/eval' } } });
  const dir = values.data ?? '';
  for (const [lang, names] of Object.entries(RATE_SETS)) {
    const rows = names.filter((n) => existsSync(join(dir, n))).flatMap((n) => readSets(join(dir, n)).get(n) ?? []);
    console.log(lang, JSON.stringify(flagRate(rows)), 'bins', JSON.stringify(flagBins(rows)));
  }
}
