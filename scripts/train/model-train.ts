/**
 * Training for the abuse model (filters/model.ts): logistic regression with AdaGrad over the same
 * hashed features the scorer uses, deterministic (seeded shuffle, fixed order, no clock), then
 * quantized to int8. Used by scripts/train-model.ts and by the eval's k-fold cross-validation, so
 * the folds are trained exactly like the shipped model. Never imported by the product path.
 */
import { LinearModel, featurize, textHash, type Features, type LexSignal, type ModelFile, type ModelHeader, type ModelLang } from '../../filters/model.js';
import { seededRandom, shuffleInPlace } from '../../filters/random.js';

export interface TrainRow {
  readonly text: string;
  readonly y: 0 | 1;
  readonly lex: LexSignal;
  /** Data set the row comes from (for per-set threshold choice). */
  readonly set: string;
  /** Sample weight (default 1). */
  readonly weight?: number;
}

export interface TrainOptions {
  readonly lang: ModelLang;
  readonly bits: number;
  readonly epochs: number;
  readonly seed: number;
  readonly lr: number;
  readonly l2: number;
}

export const DEFAULT_TRAIN: Record<ModelLang, TrainOptions> = {
  en: { lang: 'en', bits: 18, epochs: 12, seed: 20261123, lr: 0.3, l2: 1e-5 },
  zh: { lang: 'zh', bits: 18, epochs: 12, seed: 20261123, lr: 0.3, l2: 1e-5 },
};

export { seededRandom };

/** Trains float weights. */
export function trainWeights(rows: readonly TrainRow[], opts: TrainOptions): { w: Float32Array; bias: number } {
  const size = 1 << opts.bits;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size);
  let bias = 0;
  let bg2 = 0;
  const feats: Features[] = rows.map((r) => featurize(r.text, opts.lang, r.lex, opts.bits));
  const order = rows.map((_, i) => i);
  const rnd = seededRandom(opts.seed);
  // Balance classes: each class contributes equally to the loss.
  const pos = rows.filter((r) => r.y === 1).length;
  const neg = rows.length - pos;
  const wPos = pos > 0 ? rows.length / (2 * pos) : 1;
  const wNeg = neg > 0 ? rows.length / (2 * neg) : 1;
  for (let ep = 0; ep < opts.epochs; ep++) {
    shuffleInPlace(order, rnd);
    for (const r of order) {
      const f = feats[r]!;
      const row = rows[r]!;
      let z = bias;
      for (let k = 0; k < f.idx.length; k++) z += w[f.idx[k]!]! * f.val[k]!;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - row.y) * (row.y === 1 ? wPos : wNeg) * (row.weight ?? 1);
      for (let k = 0; k < f.idx.length; k++) {
        const i = f.idx[k]!;
        const gi = g * f.val[k]! + opts.l2 * w[i]!;
        g2[i]! += gi * gi;
        w[i]! -= (opts.lr * gi) / Math.sqrt(g2[i]! + 1e-8);
      }
      bg2 += g * g;
      bias -= (opts.lr * g) / Math.sqrt(bg2 + 1e-8);
    }
  }
  return { w, bias };
}

/** Trains and quantizes to a model file (header provenance fields filled by the caller). */
export function trainModel(
  rows: readonly TrainRow[],
  opts: TrainOptions,
  meta: Pick<ModelHeader, 'threshold' | 'highThreshold' | 'sets' | 'command' | 'levels'> & { cv?: Record<string, unknown> },
): ModelFile {
  const { w, bias } = trainWeights(rows, opts);
  let max = 0;
  for (let i = 0; i < w.length; i++) max = Math.max(max, Math.abs(w[i]!));
  const scale = max > 0 ? max / 127 : 1;
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(w[i]! / scale)));
  const header: ModelHeader = {
    format: 'showrunner-abuse-lr/1',
    lang: opts.lang,
    bits: opts.bits,
    threshold: meta.threshold,
    highThreshold: meta.highThreshold,
    scale,
    bias,
    sets: meta.sets,
    rows: rows.length,
    seed: opts.seed,
    epochs: opts.epochs,
    command: meta.command,
    trainedTextHashes: [...new Set(rows.map((r) => textHash(r.text)))].sort(),
    ...(meta.cv ? { cv: meta.cv } : {}),
    ...(meta.levels ? { levels: meta.levels } : {}),
  };
  return { header, weights: Buffer.from(q.buffer).toString('base64') };
}

/** The fold (0..k-1) of a text: by its hash, so it does not depend on row order. */
export function foldOf(text: string, k: number): number {
  return parseInt(textHash(text), 16) % k;
}

/** Out-of-fold probabilities: row i scored by a model trained without its fold. */
export function crossValidate(rows: readonly TrainRow[], opts: TrainOptions, k: number, onFold?: (fold: number) => void): Float64Array {
  const out = new Float64Array(rows.length);
  const folds = rows.map((r) => foldOf(r.text, k));
  for (let f = 0; f < k; f++) {
    onFold?.(f);
    const train = rows.filter((_, i) => folds[i] !== f);
    const file = trainModel(train, opts, { threshold: 0.5, highThreshold: 0.9, sets: [], command: 'cross-validation fold' });
    const m = new LinearModel(file);
    rows.forEach((r, i) => {
      if (folds[i] === f) out[i] = m.probability(r.text, r.lex);
    });
  }
  return out;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  n: number;
}

/** Precision, recall and F1 of the positive class. */
export function prf(pred: ArrayLike<boolean>, gold: ArrayLike<boolean>): Prf {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < gold.length; i++) {
    if (pred[i] && gold[i]) tp++;
    else if (pred[i]) fp++;
    else if (gold[i]) fn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, n: gold.length };
}
