/**
 * The English sentiment model (filters/models/sentiment-en.json, trained by
 * scripts/train-sentiment.ts): logistic regression over the features of insights/sentiment-features.ts.
 * It only says "negative or not"; the lexicon keeps the score's sign and size, and the model moves
 * it across NEGATIVE_THRESHOLD when they disagree. Used for lines without Han characters and with
 * at least MODEL_MIN_WORDS words (short chat lines are left to the lexicon and emotes).
 *
 * A loaded model is immutable; its feature buffers are scratch, overwritten by every call (scoring
 * is synchronous, so no call sees another's).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fnv1aHex } from '../filters/hash.js';
import { loadShippedModels, type FeatureSource } from '../filters/model.js';
import { DENSE_FEATURES, LEX_FEATURES, VEC_FEATURES, VEC_SCALE, featurizeEn, newFeatureBuffers, type FeatureBuffers } from './sentiment-features.js';
import { NEGATIVE_THRESHOLD, isNegative, type LexiconDetail } from './sentiment-score.js';
import { wordVectors } from './word-vectors.js';

export const SentimentHeaderSchema = z.object({
  format: z.literal('showrunner-sentiment-lr/1'),
  lang: z.literal('en'),
  bits: z.number().int().min(10).max(22),
  chars: z.boolean(),
  /** Lines with fewer words are left to the lexicon. */
  minWords: z.number().int().min(1),
  /** Lines with fewer words keep a negative lexicon verdict even when the model disagrees. */
  vetoMinWords: z.number().int().min(1),
  scale: z.number().positive(),
  bias: z.number(),
  dense: z.array(z.number()).length(DENSE_FEATURES),
  /** Probability at or above which a line is negative (chosen by cross-validation in training). */
  threshold: z.number().min(0).max(1),
  /**
   * Probability a line the lexicon does not call negative needs before the model calls it negative
   * (at least `threshold`; absent: `threshold`). Chosen in training so that such flips gain more right
   * lines than wrong ones on out-of-fold probabilities: the model must not make the lexicon worse.
   */
  flipThreshold: z.number().min(0).max(1).optional(),
  sets: z.array(z.string()),
  rows: z.number().int().nonnegative(),
  seed: z.number().int(),
  epochs: z.number().int().positive(),
  command: z.string(),
  /** FNV-1a hashes (hex) of the training texts: the eval cross-validates these rows. */
  trainedTextHashes: z.array(z.string()),
  cv: z.record(z.string(), z.unknown()).optional(),
  /** abuseModelId() of the abuse model whose log-odds were a feature in training (retrain both together). */
  abuseModel: z.string().optional(),
});
export const SentimentModelFileSchema = z.object({ header: SentimentHeaderSchema, weights: z.string().min(1) });
export type SentimentModelFile = z.infer<typeof SentimentModelFileSchema>;

/** A model's verdict on one line: the probability of "negative" and the line's word count; null when too short to score. */
interface Scored {
  readonly p: number;
  readonly words: number;
}

export class SentimentModel {
  readonly header: SentimentModelFile['header'];
  readonly #w: Int8Array;
  readonly #mask: number;
  readonly #dense: Float64Array;
  /** Per word-vector row: its averaged-vector features' share of the score (VEC_SCALE · w · v), or null without vectors. */
  readonly #proj: Float64Array | null;
  readonly #buf: FeatureBuffers = newFeatureBuffers();

  constructor(file: SentimentModelFile) {
    this.header = file.header;
    const bytes = Buffer.from(file.weights, 'base64');
    const size = 1 << file.header.bits;
    if (bytes.length !== size) throw new Error(`sentiment model: expected ${size} weight bytes, got ${bytes.length}`);
    this.#w = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    this.#mask = size - 1;
    this.#dense = Float64Array.from(file.header.dense);
    const wv = wordVectors();
    if (wv && wv.dims === VEC_FEATURES) {
      const proj = new Float64Array(wv.rows.size);
      for (let r = 0; r < proj.length; r++) {
        let dot = 0;
        for (let d = 0; d < VEC_FEATURES; d++) dot += this.#dense[LEX_FEATURES + d]! * wv.data[r * VEC_FEATURES + d]!;
        proj[r] = VEC_SCALE * wv.weights[r]! * wv.scales[r]! * dot;
      }
      this.#proj = proj;
    } else this.#proj = null;
  }

  #score(text: string, lex: LexiconDetail, source?: FeatureSource): Scored | null {
    const buf = this.#buf;
    const c = featurizeEn(text, lex, this.header.chars, this.header.minWords, buf, source);
    if (!c) return null;
    const w = this.#w;
    const mask = this.#mask;
    const f = buf.hashed;
    // character n-grams and words are normalized apart (each group's values sum to sqrt(count))
    const kc = c.chars;
    const k = c.hashed;
    let sc = 0;
    for (let i = 0; i < kc; i++) sc += w[f[i]! & mask]!;
    let sw = 0;
    for (let i = kc; i < k; i++) sw += w[f[i]! & mask]!;
    let z = this.header.bias + this.header.scale * ((kc > 0 ? sc / Math.sqrt(kc) : 0) + sw / Math.sqrt(k - kc));
    for (let i = 0; i < LEX_FEATURES; i++) z += this.#dense[i]! * buf.dense[i]!;
    const proj = this.#proj;
    if (proj && c.vecRows > 0) {
      let v = 0;
      for (let i = 0; i < c.vecRows; i++) v += proj[buf.vecRows[i]!]!;
      z += v / c.vecRows;
    }
    return { p: 1 / (1 + Math.exp(-z)), words: c.words };
  }

  /** Probability that `text` (no Han characters) is negative, given its lexicon details; NaN when too short to score. */
  probability(text: string, lex: LexiconDetail): number {
    return this.#score(text, lex)?.p ?? NaN;
  }

  /** The lexicon score moved across NEGATIVE_THRESHOLD when the model disagrees with it. */
  adjust(text: string, lex: LexiconDetail, source?: FeatureSource): number {
    const lexScore = lex.score;
    const s = this.#score(text, lex, source);
    if (!s) return lexScore;
    const t = this.header.threshold;
    if (s.p >= t) {
      if (lexScore < NEGATIVE_THRESHOLD) return lexScore;
      // a flip against the lexicon needs the (higher) flip threshold
      return s.p >= (this.header.flipThreshold ?? t) ? NEGATIVE_THRESHOLD - 0.05 - (0.3 * (s.p - t)) / Math.max(1e-6, 1 - t) : lexScore;
    }
    // the model overrules a negative lexicon score only on tweet-length lines (on short chat
    // complaints, "my order never arrived", the lexicon is the better judge)
    return lexScore < NEGATIVE_THRESHOLD && s.words >= this.header.vetoMinWords ? NEGATIVE_THRESHOLD + 0.05 : lexScore;
  }

  isNegative(text: string, lex: LexiconDetail): boolean {
    return isNegative(this.adjust(text, lex));
  }
}

export function parseSentimentModel(json: string, source: string): SentimentModel {
  const parsed = SentimentModelFileSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`${source}: not a Showrunner sentiment model (${z.prettifyError(parsed.error)})`);
  return new SentimentModel(parsed.data);
}

/** Identity of the shipped English abuse model (its feature is one of ours): hash of bias, scale and rows. */
export function abuseModelId(): string {
  const h = loadShippedModels().en?.header;
  return h ? fnv1aHex(`${h.bias}:${h.scale}:${h.rows}`) : 'none';
}

let shippedModel: SentimentModel | null | undefined;
/** filters/models/sentiment-en.json, loaded once; null when absent (the lexicon alone then speaks). */
export function loadSentimentModel(): SentimentModel | null {
  if (shippedModel !== undefined) return shippedModel;
  try {
    shippedModel = parseSentimentModel(readFileSync(new URL('../filters/models/sentiment-en.json', import.meta.url), 'utf8'), 'filters/models/sentiment-en.json');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    shippedModel = null;
  }
  return shippedModel;
}
