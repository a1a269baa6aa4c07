/**
 * The abuse model: logistic regression over hashed features, one model per language, shipped as a
 * compact JSON weights file in filters/models/ (int8 weights, base64) and trained reproducibly by
 * scripts/train-model.ts. This file holds the feature function (shared by training and scoring, so
 * they cannot drift) and the scorer; the product never reads evaluation data.
 *
 * Features (hashed into 2^bits buckets, FNV-1a, no per-n-gram strings):
 * - en: character 2..5-grams of the folded text (letters, leetspeak undone, other chars as one space),
 *   word unigrams and bigrams;
 * - zh: Han character 1..3-grams, plus Latin words;
 * - both: lexicon hits (low / medium / high) from filters/abuse-en.ts and abuse-zh.ts.
 * Each feature value is 1/sqrt(count) so long and short texts score on one scale.
 * Ignores: texts under 3 letters (the lexicon alone speaks for those), characters past 300.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Finding } from '../config/chat.js';
import { ShowrunnerError } from '../config/errors.js';
import { forEachFeature, LEX_HIGH, LEX_LOW, LEX_MEDIUM, NO_LEX, type LexSignal, type ModelLang } from './features.js';
import type { LevelThresholds } from './sensitivity.js';
import { fnv1aHex } from './hash.js';

export { MAX_MODEL_CHARS, englishFeatures, type LexSignal, type ModelLang } from './features.js';

/** The model speaks only on messages this long (shorter ones: lexicon only). */
export const MIN_WORDS = 5;
export const MIN_LETTERS = 20;
export const MIN_HAN = 8;

export const ModelHeaderSchema = z.object({
  format: z.literal('showrunner-abuse-lr/1'),
  lang: z.enum(['en', 'zh']),
  bits: z.number().int().min(10).max(22),
  /** Decision threshold on the probability (chosen by cross-validation in training). */
  threshold: z.number().min(0).max(1),
  /** Probability at which the finding is reported as high severity. */
  highThreshold: z.number().min(0).max(1),
  scale: z.number().positive(),
  bias: z.number(),
  sets: z.array(z.string()),
  rows: z.number().int().nonnegative(),
  seed: z.number().int(),
  epochs: z.number().int().positive(),
  command: z.string(),
  /** FNV-1a 32-bit hashes (hex) of the training rows' texts: the eval cross-validates these rows. */
  trainedTextHashes: z.array(z.string()),
  /** Cross-validated figures recorded at training time, for the record. */
  cv: z.record(z.string(), z.unknown()).optional(),
  /**
   * Per sensitivity level, the probabilities from which a message is flagged and held: chosen on
   * out-of-fold probabilities for a target share of innocent chat (scripts/train-model.ts,
   * LEVEL_TARGETS). Absent in older files: derived from `threshold` (levelsOf).
   */
  levels: z
    .object({
      low: z.object({ flag: z.number().min(0).max(1), hold: z.number().min(0).max(1) }),
      medium: z.object({ flag: z.number().min(0).max(1), hold: z.number().min(0).max(1) }),
      high: z.object({ flag: z.number().min(0).max(1), hold: z.number().min(0).max(1) }),
    })
    .optional(),
});
export type ModelHeader = z.infer<typeof ModelHeaderSchema>;

export const ModelFileSchema = z.object({ header: ModelHeaderSchema, weights: z.string().min(1) });
export type ModelFile = z.infer<typeof ModelFileSchema>;

/** A feature vector as parallel arrays (bucket, value). */
export interface Features {
  idx: number[];
  val: number[];
}


/** FNV-1a over a string's UTF-16 units, as hex: the id of a training row's text. */
export const textHash = fnv1aHex;

/** The feature vector of one text (for training; scoring sums weights without building it). */
export function featurize(text: string, lang: ModelLang, lex: LexSignal, bits: number): Features {
  const mask = (1 << bits) - 1;
  const counts = new Map<number, number>();
  forEachFeature(text, lang, lex, (h) => {
    const b = h & mask;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  });
  const idx: number[] = [];
  const val: number[] = [];
  let total = 0;
  for (const c of counts.values()) total += c;
  const norm = total > 0 ? 1 / Math.sqrt(total) : 0;
  for (const [b, c] of counts) {
    idx.push(b);
    val.push(c * norm);
  }
  return { idx, val };
}

/** Which language model applies: Han text → zh, else en. */
export function modelLang(hasHan: boolean): ModelLang {
  return hasHan ? 'zh' : 'en';
}

/** One language's scorer over int8 weights. */
export class LinearModel {
  readonly header: ModelHeader;
  readonly #w: Int8Array;
  readonly #mask: number;
  #sum = 0;
  /**
   * The features probabilityOf summed last, and their sum: the abuse detector and the sentiment
   * model ask about one message's features in turn (a message's features are a fresh array, never
   * changed), so the second asks for free. The sum of int8 weights is exact, so it is the same sum.
   */
  #lastFeatures: Int32Array | null = null;
  #lastSum = 0;
  readonly #add = (h: number): void => {
    this.#sum += this.#w[h & this.#mask]!;
  };

  constructor(file: ModelFile) {
    this.header = file.header;
    const bytes = Buffer.from(file.weights, 'base64');
    const size = 1 << file.header.bits;
    if (bytes.length !== size) throw new ShowrunnerError('SR_MODEL_INVALID', `model weights: expected ${size} bytes for ${file.header.bits} bits, got ${bytes.length}`);
    this.#w = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    this.#mask = size - 1;
  }

  /** Probability that `text` is abusive. Hash collisions are summed like training summed them. */
  probability(text: string, lex: LexSignal): number {
    this.#sum = 0;
    const count = forEachFeature(text, this.header.lang, lex, this.#add);
    const z = this.header.bias + (count > 0 ? (this.#sum * this.header.scale) / Math.sqrt(count) : 0);
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * The same probability from the text's englishFeatures (filters/features.ts) and the lexicon
   * signals, for an English model: equal to probability(text, lex) (the sum of int8 weights is exact
   * in any order), without reading the text again.
   */
  probabilityOf(features: Int32Array, lex: LexSignal): number {
    if (this.header.lang !== 'en') throw new ShowrunnerError('SR_MODEL_INVALID', 'probabilityOf: English features given to a Chinese model');
    const w = this.#w;
    const mask = this.#mask;
    let sum = this.#lastSum;
    if (features !== this.#lastFeatures) {
      sum = 0;
      for (let i = 0; i < features.length; i++) sum += w[features[i]! & mask]!;
      this.#lastFeatures = features;
      this.#lastSum = sum;
    }
    let count = features.length;
    if (lex.low) {
      sum += w[LEX_LOW & mask]!;
      count++;
    }
    if (lex.medium) {
      sum += w[LEX_MEDIUM & mask]!;
      count++;
    }
    if (lex.high) {
      sum += w[LEX_HIGH & mask]!;
      count++;
    }
    const z = this.header.bias + (count > 0 ? (sum * this.header.scale) / Math.sqrt(count) : 0);
    return 1 / (1 + Math.exp(-z));
  }
}

/** A message whose English features are computed once and shared by the models (filters/prepare.ts). */
export interface FeatureSource {
  readonly enFeatures: Int32Array;
}

/** The shipped en + zh models behind one call. */
export interface AbuseModels {
  readonly en: LinearModel | null;
  readonly zh: LinearModel | null;
  /**
   * A finding when the model for the text's language says abusive; null otherwise or for tiny texts.
   * `source`: the prepared message whose `enFeatures` are those of `text` (read only when the English model speaks).
   */
  score(text: string, hasHan: boolean, lex?: LexSignal, source?: FeatureSource): Finding | null;
}


export function createAbuseModels(en: LinearModel | null, zh: LinearModel | null): AbuseModels {
  return {
    en,
    zh,
    score(text, hasHan, lex = NO_LEX, source) {
      const m = hasHan ? zh : en;
      if (!m) return null;
      if (!modelSpeaks(text, hasHan)) return null;
      const p = source && !hasHan ? m.probabilityOf(source.enFeatures, lex) : m.probability(text, lex);
      if (p < floorOf(m.header)) return null;
      return {
        filter: 'abuse.model',
        severity: p >= m.header.highThreshold ? 'high' : 'medium',
        detail: `${m.header.lang} model: abusive with p=${p.toFixed(2)}`,
        span: [0, text.length],
        score: p,
        model: `abuse-${m.header.lang}`,
      };
    },
  };
}

/**
 * Short messages ("gg", "hello there", "好可爱"): the lexicon speaks for them; a model learnt from
 * tweets mostly echoes its prior there. See MIN_WORDS, MIN_LETTERS, MIN_HAN.
 */
export function modelSpeaks(text: string, hasHan: boolean): boolean {
  // each counted letter or Han character is one UTF-16 unit: a shorter text cannot reach the minimum
  if (text.length < (hasHan ? MIN_HAN : MIN_LETTERS)) return false;
  if (hasHan) {
    // the counts only grow: stop at the minimum
    let han = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x3400 && c <= 0x9fff && ++han >= MIN_HAN) return true;
    }
    return false;
  }
  let letters = 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const lc = text.charCodeAt(i) | 32;
    if (lc >= 0x61 && lc <= 0x7a) {
      letters++;
      if (!inWord) words++;
      inWord = true;
      if (words >= MIN_WORDS && letters >= MIN_LETTERS) return true;
    } else inWord = false;
  }
  return false;
}

/** The per-level thresholds of a model (from its header, or derived from its single threshold in older files). */
export function levelsOf(h: Pick<ModelHeader, 'threshold' | 'highThreshold' | 'levels'>): LevelThresholds {
  if (h.levels) return h.levels;
  return {
    low: { flag: h.highThreshold, hold: Math.max(h.highThreshold, 0.97) },
    medium: { flag: h.threshold, hold: h.highThreshold },
    high: { flag: h.threshold * 0.8, hold: h.threshold },
  };
}

/** The lowest probability any level acts on: below it the model reports nothing. */
function floorOf(h: ModelHeader): number {
  const l = levelsOf(h);
  return Math.min(l.low.flag, l.medium.flag, l.high.flag);
}

/** Parses a weights file (zod-checked) into a model. */
export function parseModelFile(json: string, source: string): LinearModel {
  const parsed = ModelFileSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new ShowrunnerError('SR_MODEL_INVALID', `${source}: not a Showrunner abuse model (${z.prettifyError(parsed.error)})`);
  return new LinearModel(parsed.data);
}

/** The shipped weights file for one language (filters/models/abuse-<lang>.json). */
export function shippedModelUrl(lang: ModelLang): URL {
  return new URL(`./models/abuse-${lang}.json`, import.meta.url);
}

let shipped: AbuseModels | null = null;
/** Loads filters/models/abuse-{en,zh}.json once; a missing file means that language runs lexicon-only. */
export function loadShippedModels(): AbuseModels {
  if (shipped) return shipped;
  const load = (lang: ModelLang): LinearModel | null => {
    let json: string;
    try {
      json = readFileSync(shippedModelUrl(lang), 'utf8');
    } catch (err) {
      // Expected before the first training run: that language falls back to the lexicon alone.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return parseModelFile(json, `filters/models/abuse-${lang}.json`);
  };
  shipped = createAbuseModels(load('en'), load('zh'));
  return shipped;
}
