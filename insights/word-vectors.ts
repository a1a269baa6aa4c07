/**
 * English word vectors for recurring-question clustering: GloVe 6B 100d (PDDL 1.0), distilled to
 * the 30,000 most frequent plain words by scripts/build-word-vectors.ts and shipped as
 * filters/models/word-vectors-en.bin (int8 with one float scale per word, about 3 MB).
 *
 * A question's vector is the smooth-inverse-frequency average of its words (Arora et al. 2017):
 * word i of frequency rank r weighs a / (a + p(r)) with p(r) from Zipf's law, so "card" and
 * "refund" count and common words fade. Unknown words (typos, slang, Chinese) add nothing; the
 * lexical features cover them.
 *
 * File layout: "SRWV", uint32 LE length of a JSON header (format, dims, count, source, licence,
 * words in rank order), the header, `count` float32 LE scales, then count × dims int8 values.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ShowrunnerError } from '../config/errors.js';

export const WORD_VECTORS_PATH = fileURLToPath(new URL('../filters/models/word-vectors-en.bin', import.meta.url));
/** The learned question metric applied to the vectors at load (scripts/train/en-question-metric.ts). */
export const QUESTION_METRIC_PATH = fileURLToPath(new URL('../filters/models/question-metric-en.json', import.meta.url));
const MAGIC = 'SRWV';

const HeaderSchema = z.object({
  format: z.literal('showrunner-word-vectors/1'),
  dims: z.number().int().positive(),
  count: z.number().int().positive(),
  source: z.string(),
  sourceWords: z.number().int().positive(),
  words: z.array(z.string()),
});

export interface WordVectors {
  readonly dims: number;
  /** Word → row (its frequency rank among the kept words). */
  readonly rows: ReadonlyMap<string, number>;
  readonly scales: Float32Array;
  readonly data: Int8Array;
  /** SIF weight of each row. */
  readonly weights: Float32Array;
}

/** SIF's a: smaller fades common words more. */
const SIF_A = 1e-4;

export function encodeWordVectors(words: readonly string[], vectors: readonly Float32Array[], dims: number, meta: { source: string; sourceWords: number }): Buffer {
  const header = Buffer.from(JSON.stringify({ format: 'showrunner-word-vectors/1', dims, count: words.length, source: meta.source, sourceWords: meta.sourceWords, words }), 'utf8');
  const scales = new Float32Array(words.length);
  const data = new Int8Array(words.length * dims);
  vectors.forEach((v, i) => {
    let max = 0;
    for (const x of v) max = Math.max(max, Math.abs(x));
    const scale = max / 127 || 1;
    scales[i] = scale;
    for (let d = 0; d < dims; d++) data[i * dims + d] = Math.round((v[d] ?? 0) / scale);
  });
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  return Buffer.concat([Buffer.from(MAGIC, 'ascii'), len, header, Buffer.from(scales.buffer), Buffer.from(data.buffer)]);
}

export function decodeWordVectors(buf: Buffer): WordVectors {
  if (buf.toString('ascii', 0, 4) !== MAGIC) throw new ShowrunnerError('SR_MODEL_INVALID', 'word vectors: not a SRWV file');
  const hlen = buf.readUInt32LE(4);
  const header = HeaderSchema.parse(JSON.parse(buf.toString('utf8', 8, 8 + hlen)));
  const { dims, count } = header;
  if (header.words.length !== count) throw new ShowrunnerError('SR_MODEL_INVALID', `word vectors: header lists ${header.words.length} words, count says ${count}`);
  let at = 8 + hlen;
  if (buf.length !== at + count * 4 + count * dims) throw new ShowrunnerError('SR_MODEL_INVALID', 'word vectors: file length does not match its header');
  const scales = new Float32Array(count);
  for (let i = 0; i < count; i++, at += 4) scales[i] = buf.readFloatLE(at);
  const data = new Int8Array(buf.buffer.slice(buf.byteOffset + at, buf.byteOffset + at + count * dims));
  const rows = new Map<string, number>();
  header.words.forEach((w, i) => rows.set(w, i));
  const weights = new Float32Array(count);
  const logN = Math.log(header.sourceWords);
  for (let r = 0; r < count; r++) {
    const p = 1 / ((r + 10) * logN); // Zipf's law estimate of the word's frequency
    weights[r] = SIF_A / (SIF_A + p);
  }
  return { dims, rows, scales, data, weights };
}

const QuestionMetricSchema = z.object({
  format: z.literal('showrunner-question-metric/1'),
  /** How it was made: the training set, the recipe, the command, the nested cross-validation figures. */
  trainedOn: z.string(),
  recipe: z.string(),
  command: z.string(),
  crossValidated: z.record(z.string(), z.number()),
  /**
   * Extra similarity a question needs to join a cluster when both have a word-vector part (the
   * metric's own calibration; questions compared on words and characters alone are not affected).
   */
  denseOffset: z.number().min(0).max(0.5),
  /** dims × dims, row-major (x ↦ x · M), or null: the vectors as they are. */
  map: z.array(z.number()).nullable(),
});

export interface QuestionMetric {
  readonly denseOffset: number;
  readonly map: readonly number[] | null;
}

const NO_METRIC: QuestionMetric = { denseOffset: 0, map: null };

export function parseQuestionMetric(text: string, dims: number): QuestionMetric {
  const m = QuestionMetricSchema.parse(JSON.parse(text));
  if (m.map && m.map.length !== dims * dims) throw new ShowrunnerError('SR_MODEL_INVALID', `question metric: ${m.map.length} numbers for ${dims} dimensions`);
  return { denseOffset: m.denseOffset, map: m.map };
}

let cached: WordVectors | null | undefined;
/** The shipped vectors as the file holds them (GloVe), read once; null (clustering goes on with words alone) when the file is missing. */
export function wordVectors(): WordVectors | null {
  if (cached !== undefined) return cached;
  cached = existsSync(WORD_VECTORS_PATH) ? decodeWordVectors(readFileSync(WORD_VECTORS_PATH)) : null;
  return cached;
}

let cachedMetric: QuestionMetric | undefined;
/** The shipped question metric, read once (none without vectors or without its file). */
export function questionMetric(): QuestionMetric {
  if (cachedMetric !== undefined) return cachedMetric;
  const raw = wordVectors();
  cachedMetric = raw && existsSync(QUESTION_METRIC_PATH) ? parseQuestionMetric(readFileSync(QUESTION_METRIC_PATH, 'utf8'), raw.dims) : NO_METRIC;
  return cachedMetric;
}

let cachedQuestion: WordVectors | null | undefined;
/**
 * The vectors the recurring-question clustering uses, read once: wordVectors() times the shipped
 * question metric's map when it has one (applied to the vocabulary here, once, so it costs nothing
 * per message; the sentiment features keep wordVectors()).
 */
export function questionVectors(): WordVectors | null {
  if (cachedQuestion !== undefined) return cachedQuestion;
  const raw = wordVectors();
  const { map } = questionMetric();
  cachedQuestion = raw && map ? mapWordVectors(raw, map) : raw;
  return cachedQuestion;
}

/** Adds row `r`'s SIF-weighted vector, times `factor`, into `out`. */
export function addWordVector(wv: WordVectors, r: number, out: Float64Array, factor = 1): void {
  const k = factor * (wv.weights[r] ?? 0) * (wv.scales[r] ?? 0);
  const { dims, data } = wv;
  const base = r * dims;
  for (let d = 0; d < dims; d++) out[d] = (out[d] ?? 0) + k * (data[base + d] ?? 0);
}

/**
 * Adds the SIF-weighted average of the known words into `out` (zeroed first); returns how many
 * words were known. `out` stays zero when none was.
 */
export function sentenceVector(wv: WordVectors, words: Iterable<string>, out: Float64Array): number {
  out.fill(0);
  let n = 0;
  for (const w of words) {
    const r = wv.rows.get(w);
    if (r === undefined) continue;
    addWordVector(wv, r, out);
    n++;
  }
  if (n > 1) for (let d = 0; d < wv.dims; d++) out[d] = (out[d] ?? 0) / n;
  return n;
}

/**
 * The average question vector expected before any question was seen: the frequency-weighted mean of
 * the content words' SIF vectors. Clustering subtracts the window's mean question vector (what every
 * question shares says nothing about which question it is); this is that mean's starting value.
 */
export function priorMean(wv: WordVectors, isContent: (word: string) => boolean): Float64Array {
  const out = new Float64Array(wv.dims);
  let total = 0;
  for (const [w, r] of wv.rows) {
    if (!isContent(w)) continue;
    const p = 1 / (r + 10);
    addWordVector(wv, r, out, p);
    total += p;
  }
  if (total > 0) for (let d = 0; d < wv.dims; d++) out[d] = (out[d] ?? 0) / total;
  return out;
}

/**
 * Every word's vector times `map` (dims × dims, row-major: x ↦ x · M), requantized to int8 with a
 * scale per word. The SIF average and the clustering's window-mean centring are linear, so mapping the
 * vocabulary once at load gives the same question vectors as mapping each question's average, at no
 * cost per message (wordVectors() applies the shipped question metric this way).
 */
export function mapWordVectors(wv: WordVectors, map: ArrayLike<number>): WordVectors {
  const { dims, data: src, scales: srcScales } = wv;
  if (map.length !== dims * dims) throw new ShowrunnerError('SR_MODEL_INVALID', `question metric: ${map.length} numbers for ${dims} dimensions`);
  const m = Float64Array.from(map);
  const count = srcScales.length;
  const scales = new Float32Array(count);
  const data = new Int8Array(count * dims);
  const y = new Float64Array(dims);
  for (let r = 0; r < count; r++) {
    y.fill(0);
    const base = r * dims;
    const sc = srcScales[r] ?? 0;
    for (let i = 0; i < dims; i++) {
      const x = sc * (src[base + i] ?? 0);
      if (x === 0) continue;
      const row = i * dims;
      for (let j = 0; j < dims; j++) y[j] = (y[j] ?? 0) + x * (m[row + j] ?? 0);
    }
    let max = 0;
    for (let j = 0; j < dims; j++) max = Math.max(max, Math.abs(y[j] ?? 0));
    const scale = max / 127 || 1;
    scales[r] = scale;
    for (let j = 0; j < dims; j++) data[base + j] = Math.round((y[j] ?? 0) / scale);
  }
  return { dims, rows: wv.rows, scales, data, weights: wv.weights };
}
