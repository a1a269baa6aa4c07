/**
 * Features of the English sentiment model (insights/sentiment-model.ts, trained by
 * scripts/train-sentiment.ts): hashed word unigrams and bigrams (words in a negation's scope, "not"
 * up to the next punctuation, hashed apart), character 3..5-grams, and dense features: the lexicon
 * score and its details (insights/sentiment-score.ts), VADER sums, the English abuse model's
 * log-odds, and the SIF-averaged word vector. Features are hashed (FNV-1a) with no per-token strings.
 *
 * Pure: the caller owns the buffers (`newFeatureBuffers()`), the lexicon's details come in as an
 * argument, and the counts come back in the result.
 */
import { readFileSync } from 'node:fs';
import { FNV_OFFSET, FNV_PRIME } from '../filters/hash.js';
import { loadShippedModels, type FeatureSource, type LexSignal } from '../filters/model.js';
import { parseEmotes } from './sentiment-lexicon.js';
import type { LexiconDetail } from './sentiment-score.js';
import { addWordVector, wordVectors } from './word-vectors.js';

const NO_LEX: LexSignal = { low: false, medium: false, high: false };
const NEG_MARK = 0x5bd1e995;
export const MODEL_MAX_CHARS = 280;
/** Training featurizes texts of this many words or more. */
export const TRAIN_MIN_WORDS = 3;
/**
 * The shipped model speaks only on lines of this many words or more: below that, shop chat ("I want
 * a refund", "how much is this") is far from the tweets it learnt from, and the lexicon decides.
 */
export const MODEL_MIN_WORDS = 6;
export const VETO_MIN_WORDS = 8;
/** Lexicon and abuse-model features (the first dense ones). */
export const LEX_FEATURES = 16;
/**
 * Then the text's SIF-averaged word vector (insights/word-vectors.ts, GloVe) times VEC_SCALE (nested
 * cross-validation on SemEval: F1 0.641 / 0.651 / 0.656 without, 0.676 / 0.675 / 0.673 with, seeds 1,
 * 2, 20261123). Zero when the vectors file is missing. Being an average, its share of the score is
 * the average of per-word scalars, which the model precomputes: scoring costs a lookup per word.
 */
export const VEC_FEATURES = 100;
export const VEC_SCALE = 5;
/** Number of dense features; the hashed ones follow. */
export const DENSE_FEATURES = LEX_FEATURES + VEC_FEATURES;

/** Where featurizeEn writes; owned by one caller, overwritten by each call. */
export interface FeatureBuffers {
  /** The folded character stream. */
  readonly stream: Int32Array;
  /** Hashed feature occurrences: character n-grams first, then words. */
  readonly hashed: Int32Array;
  readonly dense: Float64Array;
  /** Word-vector rows of the text's known words. */
  readonly vecRows: Int32Array;
}

export function newFeatureBuffers(): FeatureBuffers {
  return {
    stream: new Int32Array(3 * MODEL_MAX_CHARS + 4),
    hashed: new Int32Array(16 * MODEL_MAX_CHARS + 64),
    dense: new Float64Array(DENSE_FEATURES),
    vecRows: new Int32Array(MODEL_MAX_CHARS),
  };
}

/** What one featurizeEn call wrote into its buffers. */
export interface FeatureCounts {
  /** Hashed occurrences in `hashed`. */
  readonly hashed: number;
  /** Of those, how many (the first ones) are character n-grams. */
  readonly chars: number;
  readonly words: number;
  /** Rows in `vecRows`. */
  readonly vecRows: number;
}

export function wordHash(s: string): number {
  let h = 0x9e3779b1 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}
const NEGATOR_HASHES = new Set(
  ['not', 'no', 'never', 'nothing', 'nobody', 'none', 'nor', 'cannot', 'dont', 'doesnt', 'didnt', 'cant', 'wont', 'isnt', 'arent', 'wasnt', 'werent', 'havent', 'hasnt', 'hadnt', 'wouldnt', 'couldnt', 'shouldnt', 'aint', 'neither', 'without', 'nt'].map(wordHash),
);
/**
 * NEGATOR_HASHES as an open-addressing table (128 slots, (hash + 1) | 0 so that 0 is empty; a hash of -1
 * is kept in its own flag): a Set.has of an int32 beyond the small-integer range boxes it.
 */
const NEGATOR_SLOTS = new Int32Array(128);
const NEGATOR_MINUS_ONE = NEGATOR_HASHES.has(-1);
for (const h of NEGATOR_HASHES) {
  if (h === -1) continue;
  let i = h & 127;
  while (NEGATOR_SLOTS[i] !== 0) i = (i + 1) & 127;
  NEGATOR_SLOTS[i] = (h + 1) | 0;
}
function isNegatorHash(h: number): boolean {
  if (h === -1) return NEGATOR_MINUS_ONE;
  for (let i = h & 127; ; i = (i + 1) & 127) {
    const v = NEGATOR_SLOTS[i]!;
    if (v === 0) return false;
    if (v === ((h + 1) | 0)) return true;
  }
}

/**
 * The words featurizeEn looks up (config/lexicons/sentiment-en-vader.txt and the word vectors'
 * words), by its word hash, in one open-addressing table (linear probing): per slot the hash, then
 * in one int the word's vector row + 1 (low 16 bits; 0: none) and its VADER value's index + 1 (high
 * bits; 0: none), at most 80 % of the slots used (65,536 slots, 512 KB for the shipped words): a
 * word costs one probe, about one cache line, where two Maps (30,000 and 7,200 entries, about as
 * big) cost two or three lines each. Half the size of a half-full table: it stays in the L2 cache
 * between lines with the filters' tables, and the longer probe runs cost less than the misses did.
 * A hash met twice keeps the later entry, as Map.set did.
 */
interface WordTable {
  /** [hash, packed] pairs. */
  readonly slots: Int32Array;
  readonly mask: number;
  readonly vader: Float64Array;
}

const ROW_BITS = 16;
const ROW_MASK = (1 << ROW_BITS) - 1;

function buildWordTable(vader: ReadonlyMap<string, number>, rows: ReadonlyMap<string, number> | null): WordTable {
  const values = [...vader.values()];
  if ((rows?.size ?? 0) >= ROW_MASK || values.length >= 1 << (31 - ROW_BITS)) throw new Error('sentiment features: too many words for the word table');
  let cap = 2;
  while (cap < 1.25 * (vader.size + (rows?.size ?? 0))) cap *= 2;
  const slots = new Int32Array(2 * cap);
  const mask = cap - 1;
  const put = (h: number, bits: number, keep: number): void => {
    let i = h & mask;
    while (slots[2 * i + 1] !== 0 && slots[2 * i] !== h) i = (i + 1) & mask;
    slots[2 * i] = h;
    slots[2 * i + 1] = (slots[2 * i + 1]! & keep) | bits;
  };
  if (rows) for (const [w, r] of rows) put(wordHash(w), r + 1, ~ROW_MASK);
  let k = 0;
  for (const w of vader.keys()) put(wordHash(w), ++k << ROW_BITS, ROW_MASK);
  return { slots, mask, vader: Float64Array.from(values) };
}

let wordTable: WordTable | undefined;
/** Built on first use (without the vectors file, or with other dimensions, the words have no rows). */
function featureWords(): WordTable {
  if (wordTable) return wordTable;
  const wv = wordVectors();
  const vader = parseEmotes(readFileSync(new URL('../config/lexicons/sentiment-en-vader.txt', import.meta.url), 'utf8'));
  wordTable = buildWordTable(vader, wv && wv.dims === VEC_FEATURES ? wv.rows : null);
  return wordTable;
}

/** The packed entry of word hash `h` (0: neither a row nor a VADER value). */
function lookupWord(t: WordTable, h: number): number {
  const slots = t.slots;
  for (let i = h & t.mask; ; i = (i + 1) & t.mask) {
    const v = slots[2 * i + 1]!;
    if (v === 0 || slots[2 * i] === h) return v;
  }
}

/**
 * The folded stream's form of each ASCII unit: a-z (capitals lowered), '0' for a digit, '.' for
 * , ; : and itself for . ! ?, FOLD_SKIP for an apostrophe (dropped), FOLD_AT for '@' (a mention,
 * skipped to the next space), a space for anything else; 'h' is itself (a URL when "http" follows).
 */
const FOLD_SKIP = -1;
const FOLD_AT = -2;
const FOLD = new Int16Array(128).fill(32);
for (let c = 97; c <= 122; c++) FOLD[c] = c;
for (let c = 65; c <= 90; c++) FOLD[c] = c | 32;
for (let c = 48; c <= 57; c++) FOLD[c] = 48;
for (const c of ',;:') FOLD[c.charCodeAt(0)] = 46;
for (const c of '.!?') FOLD[c.charCodeAt(0)] = c.charCodeAt(0);
FOLD[39] = FOLD_SKIP;
FOLD[64] = FOLD_AT;

/** text.startsWith('http', i), given text[i] is 'h'. */
const startsHttp = (text: string, i: number): boolean => text.charCodeAt(i + 1) === 116 && text.charCodeAt(i + 2) === 116 && text.charCodeAt(i + 3) === 112;

/**
 * featurizeEn's word count of `text` (runs of letters and digits of the folded stream; apostrophes
 * and high surrogates inside a run do not break it, mentions and URLs are skipped), counted up to
 * `atMost` without writing the stream.
 */
function foldedWords(text: string, atMost: number): number {
  const lim = Math.min(text.length, MODEL_MAX_CHARS);
  let words = 0;
  let inWord = false;
  for (let i = 0; i < lim; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const f = FOLD[c]!;
      if (f === FOLD_SKIP) continue;
      if (f === FOLD_AT || (f === 104 && startsHttp(text, i))) {
        while (i + 1 < lim && text.charCodeAt(i + 1) > 32) i++;
        inWord = false;
      } else if ((f >= 97 && f <= 122) || f === 48) {
        if (!inWord) {
          if (++words >= atMost) return words;
          inWord = true;
        }
      } else inWord = false;
    } else if (c !== 0x2019 && !(c >= 0xd800 && c <= 0xdbff)) inWord = false;
  }
  return words;
}

/**
 * Fills `buf.dense` from the lexicon's details and `buf.hashed` with hashed feature ids; null when
 * the text has fewer than `minWords` words (`chars`: whether character n-grams are features).
 */
/**
 * `source`: the prepared message whose English model features are those of `text` (filters/prepare.ts);
 * the abuse model's log-odds are then read from them instead of tokenising the line again.
 */
export function featurizeEn(text: string, lex: LexiconDetail, chars: boolean, minWords: number, buf: FeatureBuffers, source?: FeatureSource): FeatureCounts | null {
  // most chat lines are shorter than minWords: counted without building the stream
  if (foldedWords(text, minWords) < minWords) return null;
  const fs = buf.stream;
  const out = buf.hashed;
  const dense = buf.dense;
  // folded stream: a-z, digits as '0', '!' and '?' kept as tokens, anything else one space;
  // apostrophes dropped inside words (don't → dont), @mentions and URLs skipped, runs of 3+ → 2
  let n = 0;
  fs[n++] = 32;
  const lim = Math.min(text.length, MODEL_MAX_CHARS);
  let words = 0;
  for (let i = 0; i < lim; i++) {
    let c = text.charCodeAt(i);
    // ASCII by table (FOLD), the rest by range
    if (c < 128) {
      const f = FOLD[c]!;
      if (f === FOLD_SKIP) continue;
      if (f === FOLD_AT || (f === 104 && startsHttp(text, i))) {
        while (i + 1 < lim && text.charCodeAt(i + 1) > 32) i++;
        c = 32;
      } else c = f;
    } else if (c === 0x2019 || (c >= 0xd800 && c <= 0xdbff)) continue; // an emoji is kept as its low surrogate
    else if (!(c >= 0xdc00 && c <= 0xdfff) && !(c >= 0x2600 && c < 0x2800)) c = 32;
    const p = fs[n - 1]!;
    if (c === 32 && p === 32) continue;
    if (c !== 32 && n >= 2 && p === c && fs[n - 2] === c) continue;
    // punctuation and emoji stand alone as tokens
    const punct = c === 33 || c === 63 || c === 46 || c >= 0x2600;
    if (punct && p !== 32) fs[n++] = 32;
    if (c !== 32 && !punct && p === 32) words++;
    fs[n++] = c;
    if (punct) fs[n++] = 32;
  }
  if (fs[n - 1] !== 32) fs[n++] = 32;
  if (words < minWords) return null;
  let k = 0;
  if (chars) {
    for (let j = 1; j < n; j++) {
      let h = Math.imul(FNV_OFFSET ^ fs[j]!, FNV_PRIME);
      for (let len = 2; len <= 5 && j - len + 1 >= 0; len++) {
        h = Math.imul(h ^ fs[j - len + 1]!, FNV_PRIME);
        if (len >= 3) out[k++] = Math.imul(h ^ len, FNV_PRIME);
      }
    }
  }
  const charCount = k;
  const table = featureWords();
  let vPos = 0;
  let vNeg = 0;
  let prev = 0x2545f491;
  let neg = false;
  let j = 1;
  const vecRows = buf.vecRows;
  let vecCount = 0;
  while (j < n) {
    let e = j;
    let h = 0x9e3779b1 | 0;
    while (e < n && fs[e] !== 32) h = Math.imul(h ^ fs[e++]!, FNV_PRIME);
    const entry = lookupWord(table, h);
    const row = entry & ROW_MASK;
    if (row !== 0 && vecCount < vecRows.length) vecRows[vecCount++] = row - 1;
    const c0 = fs[j]!;
    if (c0 === 33 || c0 === 63 || c0 === 46) neg = false;
    const hw = neg ? h ^ NEG_MARK : h;
    const vi = entry >>> ROW_BITS;
    if (vi !== 0) {
      let v = table.vader[vi - 1]!;
      if (neg) v *= -0.74;
      if (v > 0) vPos += v;
      else vNeg -= v;
    }
    out[k++] = Math.imul(hw ^ 0x77, FNV_PRIME);
    out[k++] = Math.imul(Math.imul(prev, 31) ^ h, FNV_PRIME);
    prev = h;
    if (isNegatorHash(h)) neg = true;
    j = e + 1;
  }
  out[k++] = Math.imul(Math.imul(prev, 31) ^ 0x1234567, FNV_PRIME);
  const s = lex.score;
  dense[0] = s;
  dense[1] = s < -0.5 ? 1 : 0;
  dense[2] = s < -0.2 ? 1 : 0;
  dense[3] = s < 0 ? 1 : 0;
  dense[4] = s === 0 ? 1 : 0;
  dense[5] = s > 0 ? 1 : 0;
  dense[6] = s > 0.3 ? 1 : 0;
  dense[7] = s * s;
  dense[8] = Math.log1p(lex.posSum);
  dense[9] = Math.log1p(lex.negSum);
  dense[10] = lex.negations > 0 ? 1 : 0;
  dense[11] = lex.contrasted ? 1 : 0;
  dense[13] = Math.log1p(vPos);
  dense[14] = Math.log1p(vNeg);
  const vs = vPos - vNeg;
  dense[15] = vs / Math.sqrt(vs * vs + 15);
  // the shipped English abuse model's log-odds (offensive tweets lean negative)
  const abuse = loadShippedModels().en;
  if (abuse) {
    const p = source ? abuse.probabilityOf(source.enFeatures, NO_LEX) : abuse.probability(text, NO_LEX);
    dense[12] = Math.log(p / (1 - p + 1e-9) + 1e-9);
  } else dense[12] = 0;
  return { hashed: k, chars: charCount, words, vecRows: vecCount };
}

/**
 * Fills `buf.dense[LEX_FEATURES..]` with the averaged word vector of a featurizeEn call's words (for
 * training; the model's scorer uses its per-word projections instead).
 */
export function fillVectorFeatures(buf: FeatureBuffers, counts: FeatureCounts): void {
  buf.dense.fill(0, LEX_FEATURES);
  const wv = wordVectors();
  if (!wv || counts.vecRows === 0) return;
  const out = new Float64Array(VEC_FEATURES);
  for (let i = 0; i < counts.vecRows; i++) addWordVector(wv, buf.vecRows[i]!, out);
  for (let d = 0; d < VEC_FEATURES; d++) buf.dense[LEX_FEATURES + d] = ((out[d] ?? 0) / counts.vecRows) * VEC_SCALE;
}
