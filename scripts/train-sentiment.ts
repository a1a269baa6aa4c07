/**
 * Trains the shipped English sentiment model (filters/models/sentiment-en.json), reproducibly:
 *   npx tsx scripts/train-sentiment.ts --data /work/shared/datasets [--out filters/models] [--seed N]
 * Rows: en-sentiment-semeval17 (negative = 1, neutral and positive = 0). Logistic regression with
 * AdaGrad, balanced classes, seeded shuffle, over the features of insights/sentiment.ts (featurizeEn);
 * int8-quantized hashed weights plus float dense weights. The decision threshold is chosen on
 * out-of-fold probabilities of an inner 5-fold cross-validation over the training rows only; the
 * header records the nested 5-fold cross-validated F1 (threshold chosen inside each training fold,
 * never on the scored fold) and the hashes of the training texts (the eval cross-validates those).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { foldOf, prf, seededRandom } from './train/model-train.js';
import { shuffleInPlace } from '../filters/random.js';
import { textHash } from '../filters/model.js';
import { DENSE_FEATURES, abuseModelId, MODEL_MIN_WORDS, VETO_MIN_WORDS, TRAIN_MIN_WORDS, SentimentModel, featurizeEn, fillVectorFeatures, lexiconDetail, lexiconScore, newFeatureBuffers, type SentimentModelFile } from '../insights/sentiment.js';
import { readSets } from './eval/io.js';
import type { Row } from './eval/types.js';

export const SENTIMENT_SETS: readonly string[] = ['en-sentiment-semeval17'];
export const SENTIMENT_FOLDS = 5;

export interface SentTrainOptions {
  readonly bits: number;
  readonly epochs: number;
  readonly seed: number;
  readonly lr: number;
  readonly l2: number;
  readonly chars: boolean;
  /** Models trained with seeds seed, seed+1, ... and averaged (less variance from the shuffle order). */
  readonly bags: number;
}
export const SENTIMENT_TRAIN: SentTrainOptions = { bits: 16, epochs: 10, seed: 20261123, lr: 0.05, l2: 1e-3, chars: true, bags: 4 };

export interface SentRow {
  readonly text: string;
  readonly y: 0 | 1;
}

/** Training rows (deduplicated by text, first label wins; texts the model cannot score are left out). */
export function sentimentRows(sets: ReadonlyMap<string, readonly Row[]>): SentRow[] {
  const seen = new Set<string>();
  const out: SentRow[] = [];
  for (const name of SENTIMENT_SETS) {
    for (const r of sets.get(name) ?? []) {
      if (seen.has(r.text)) continue;
      seen.add(r.text);
      out.push({ text: r.text, y: r.label === 'negative' ? 1 : 0 });
    }
  }
  return out;
}

interface Feat {
  idx: Int32Array;
  val: Float32Array;
  dense: Float64Array;
}

/** Featurizer scratch of this script (each featurize call copies what it keeps out of it). */
const trainBuf = newFeatureBuffers();

function featurize(text: string, bits: number, chars: boolean): Feat | null {
  const c = featurizeEn(text, lexiconDetail(text), chars, TRAIN_MIN_WORDS, trainBuf);
  if (!c) return null;
  const k = c.hashed;
  const mask = (1 << bits) - 1;
  const counts = new Map<number, number>();
  const kc = c.chars;
  const nc = kc > 0 ? 1 / Math.sqrt(kc) : 0;
  const nw = 1 / Math.sqrt(Math.max(1, k - kc));
  for (let i = 0; i < k; i++) {
    const b = trainBuf.hashed[i]! & mask;
    counts.set(b, (counts.get(b) ?? 0) + (i < kc ? nc : nw));
  }
  const idx = new Int32Array(counts.size);
  const val = new Float32Array(counts.size);
  let j = 0;
  for (const [b, v] of counts) {
    idx[j] = b;
    val[j++] = v;
  }
  fillVectorFeatures(trainBuf, c);
  return { idx, val, dense: Float64Array.from(trainBuf.dense) };
}

/** Trains and quantizes; rows the model cannot score (too short) are skipped. */
export function trainSentiment(rows: readonly SentRow[], o: SentTrainOptions, threshold = 0.5): SentimentModelFile {
  const size = 1 << o.bits;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size);
  const dw = new Float64Array(DENSE_FEATURES);
  const dg2 = new Float64Array(DENSE_FEATURES);
  let bias = 0;
  let bg2 = 0;
  const feats: Feat[] = [];
  const ys: number[] = [];
  for (const r of rows) {
    const f = featurize(r.text, o.bits, o.chars);
    if (f) {
      feats.push(f);
      ys.push(r.y);
    }
  }
  const pos = ys.filter((y) => y === 1).length;
  const wPos = pos > 0 ? ys.length / (2 * pos) : 1;
  const wNeg = ys.length - pos > 0 ? ys.length / (2 * (ys.length - pos)) : 1;
  const aw = new Float32Array(size);
  const adw = new Float64Array(DENSE_FEATURES);
  let abias = 0;
  for (let bag = 0; bag < o.bags; bag++) {
    w.fill(0);
    g2.fill(0);
    dw.fill(0);
    dg2.fill(0);
    bias = 0;
    bg2 = 0;
    const order = feats.map((_, i) => i);
    const rnd = seededRandom(o.seed + bag);
    for (let ep = 0; ep < o.epochs; ep++) {
      shuffleInPlace(order, rnd);
      for (const r of order) {
        const f = feats[r]!;
        const y = ys[r]!;
        let z = bias;
        for (let k = 0; k < f.idx.length; k++) z += w[f.idx[k]!]! * f.val[k]!;
        for (let k = 0; k < DENSE_FEATURES; k++) z += dw[k]! * f.dense[k]!;
        const p = 1 / (1 + Math.exp(-z));
        const g = (p - y) * (y === 1 ? wPos : wNeg);
        for (let k = 0; k < f.idx.length; k++) {
          const i = f.idx[k]!;
          const gi = g * f.val[k]! + o.l2 * w[i]!;
          g2[i]! += gi * gi;
          w[i]! -= (o.lr * gi) / Math.sqrt(g2[i]! + 1e-8);
        }
        for (let k = 0; k < DENSE_FEATURES; k++) {
          const gi = g * f.dense[k]!;
          dg2[k]! += gi * gi;
          dw[k]! -= (o.lr * gi) / Math.sqrt(dg2[k]! + 1e-8);
        }
        bg2 += g * g;
        bias -= (o.lr * g) / Math.sqrt(bg2 + 1e-8);
      }
    }
    for (let i = 0; i < size; i++) aw[i]! += w[i]! / o.bags;
    for (let i = 0; i < DENSE_FEATURES; i++) adw[i]! += dw[i]! / o.bags;
    abias += bias / o.bags;
  }
  w.set(aw);
  dw.set(adw);
  bias = abias;
  let max = 0;
  for (let i = 0; i < size; i++) max = Math.max(max, Math.abs(w[i]!));
  const scale = max > 0 ? max / 127 : 1;
  const q = new Int8Array(size);
  for (let i = 0; i < size; i++) q[i] = Math.max(-127, Math.min(127, Math.round(w[i]! / scale)));
  return {
    header: {
      format: 'showrunner-sentiment-lr/1',
      lang: 'en',
      bits: o.bits,
      chars: o.chars,
      minWords: MODEL_MIN_WORDS,
      vetoMinWords: VETO_MIN_WORDS,
      scale,
      bias,
      dense: [...dw],
      threshold,
      sets: [],
      rows: feats.length,
      seed: o.seed,
      epochs: o.epochs,
      command: '',
      trainedTextHashes: [],
    },
    weights: Buffer.from(q.buffer).toString('base64'),
  };
}

/** Out-of-fold probabilities (NaN for rows the model does not score). */
export function oofProbabilities(rows: readonly SentRow[], o: SentTrainOptions, k: number, salt = ''): Float64Array {
  const out = new Float64Array(rows.length).fill(NaN);
  const folds = rows.map((r) => foldOf(salt + r.text, k));
  for (let f = 0; f < k; f++) {
    const m = new SentimentModel(trainSentiment(rows.filter((_, i) => folds[i] !== f), o));
    rows.forEach((r, i) => {
      if (folds[i] === f) out[i] = m.probability(r.text, lexiconDetail(r.text));
    });
  }
  return out;
}

/** F1 of the negative class when rows the model skips fall back to the lexicon. */
function f1At(rows: readonly SentRow[], p: Float64Array, t: number): number {
  return prf(
    rows.map((r, i) => (Number.isNaN(p[i]!) ? lexiconScore(r.text) < -0.2 : p[i]! >= t)),
    rows.map((r) => r.y === 1),
  ).f1;
}

/** The threshold (0.20..0.80) with the best out-of-fold F1. */
export function chooseSentimentThreshold(rows: readonly SentRow[], p: Float64Array): number {
  let best = 0.5;
  let bestF = -1;
  for (let t = 0.2; t <= 0.801; t += 0.01) {
    const f = f1At(rows, p, t);
    if (f > bestF + 1e-9) {
      bestF = f;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

/** Out-of-fold F1 when lines the lexicon does not call negative need `flip` to be called negative. */
function f1WithFlip(rows: readonly SentRow[], p: Float64Array, t: number, flip: number): number {
  return prf(
    rows.map((r, i) => {
      const lexNeg = lexiconScore(r.text) < -0.2;
      const pi = p[i]!;
      if (Number.isNaN(pi)) return lexNeg;
      return pi >= t && (lexNeg || pi >= flip);
    }),
    rows.map((r) => r.y === 1),
  ).f1;
}

/** Out-of-fold F1 a flip threshold may cost before a higher one is preferred. */
export const FLIP_F1_TOLERANCE = 0.005;

/**
 * The probability (t..0.95) a line the lexicon does not call negative needs to be flipped to
 * negative: the highest whose out-of-fold F1 stays within FLIP_F1_TOLERANCE of the best. Flips
 * against the lexicon that bring no measurable gain are left out, so that on chat unlike the
 * training tweets the model does not make the lexicon worse.
 */
export function chooseFlipThreshold(rows: readonly SentRow[], p: Float64Array, t: number): number {
  const scores: Array<[number, number]> = [];
  for (let f = t; f <= 0.951; f += 0.01) scores.push([Math.round(f * 100) / 100, f1WithFlip(rows, p, t, f)]);
  const best = Math.max(...scores.map(([, f1]) => f1));
  let chosen = t;
  for (const [f, f1] of scores) if (f1 >= best - FLIP_F1_TOLERANCE) chosen = f;
  return Math.max(t, chosen);
}

/** Trains on `rows` with the thresholds chosen by an inner cross-validation over those rows only. */
export function trainWithInnerThreshold(rows: readonly SentRow[], o: SentTrainOptions): SentimentModelFile {
  const inner = oofProbabilities(rows, o, SENTIMENT_FOLDS, 'inner:');
  const t = chooseSentimentThreshold(rows, inner);
  const file = trainSentiment(rows, o, t);
  file.header.flipThreshold = chooseFlipThreshold(rows, inner, t);
  return file;
}

/** Nested CV: every row scored by a fold model whose threshold was chosen inside its training rows. */
export function nestedCv(rows: readonly SentRow[], o: SentTrainOptions): { pred: boolean[]; f1: number; precision: number; recall: number } {
  const folds = rows.map((r) => foldOf(r.text, SENTIMENT_FOLDS));
  const pred: boolean[] = new Array<boolean>(rows.length).fill(false);
  for (let f = 0; f < SENTIMENT_FOLDS; f++) {
    const m = new SentimentModel(trainWithInnerThreshold(rows.filter((_, i) => folds[i] !== f), o));
    rows.forEach((r, i) => {
      if (folds[i] === f) pred[i] = m.isNegative(r.text, lexiconDetail(r.text));
    });
  }
  const p = prf(pred, rows.map((r) => r.y === 1));
  return { pred, f1: p.f1, precision: p.precision, recall: p.recall };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string', default: 'filters/models' }, 'cv-only': { type: 'boolean', default: false } } });
  if (!values.data) throw new Error('usage: npx tsx scripts/train-sentiment.ts --data <folder of sets> [--seed N] [--out filters/models]');
  const rows = sentimentRows(readSets(values.data));
  if (rows.length === 0) throw new Error(`no ${SENTIMENT_SETS.join(', ')} under ${values.data}`);
  const env = process.env;
  const o: SentTrainOptions = {
    ...SENTIMENT_TRAIN,
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    ...(env['SENT_BITS'] ? { bits: Number(env['SENT_BITS']) } : {}),
    ...(env['SENT_EPOCHS'] ? { epochs: Number(env['SENT_EPOCHS']) } : {}),
    ...(env['SENT_LR'] ? { lr: Number(env['SENT_LR']) } : {}),
    ...(env['SENT_L2'] ? { l2: Number(env['SENT_L2']) } : {}),
    ...(env['SENT_CHARS'] ? { chars: env['SENT_CHARS'] === '1' } : {}),
    ...(env['SENT_BAGS'] ? { bags: Number(env['SENT_BAGS']) } : {}),
  };
  const cv = nestedCv(rows, o);
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  process.stderr.write(`nested ${SENTIMENT_FOLDS}-fold CV: F1 ${r3(cv.f1)} (P ${r3(cv.precision)}, R ${r3(cv.recall)}) ${JSON.stringify(o)}\n`);
  if (values['cv-only']) return;
  const file = trainWithInnerThreshold(rows, o);
  file.header.sets = SENTIMENT_SETS.map((s) => `${s}/dev.jsonl`);
  file.header.command = `npx tsx scripts/train-sentiment.ts --data <datasets> --seed ${o.seed}`;
  file.header.trainedTextHashes = [...new Set(rows.map((r) => textHash(r.text)))].sort();
  file.header.abuseModel = abuseModelId();
  file.header.cv = { folds: SENTIMENT_FOLDS, nested: true, f1: r3(cv.f1), precision: r3(cv.precision), recall: r3(cv.recall) };
  mkdirSync(values.out, { recursive: true });
  const path = join(values.out, 'sentiment-en.json');
  writeFileSync(path, JSON.stringify(file) + '\n');
  process.stderr.write(`wrote ${path} (${rows.length} rows, threshold ${file.header.threshold})\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
