/**
 * The features of the abuse and spam models (filters/model.ts), apart from the scorer so that
 * filters/prepare.ts can compute them once per message without loading a model: hashed character
 * 2..5-grams (en) or Han 1..3-grams (zh) of the folded text, Latin word unigrams and bigrams, and
 * the lexicon signals. Shared by training and scoring, so they cannot drift.
 *
 * `englishFeatures(text)` is the English part without the lexicon signals, as one array of hashes:
 * every English model (abuse-en, spam) scores from it (LinearModel.probabilityOf) exactly as it
 * scores the text itself, so a message read by two models is featurized once.
 * Ignores: characters past MAX_MODEL_CHARS.
 * Example (test/unit/filters/abuse-model.test.ts): model.probabilityOf(englishFeatures(t), lex) === model.probability(t, lex).
 */
import { FOLD_TABLE, LEET_TABLE } from './normalize.js';
import { isHanUnit } from '../config/script.js';
import { FNV_OFFSET, FNV_PRIME } from './hash.js';
// Local copies of the folding tables (see normalize.ts: no import-binding call in hot loops).
const FOLD = FOLD_TABLE;
const LEET = LEET_TABLE;
const isLatin = (c: number): boolean => c >= 0x61 && c <= 0x7a;

export type ModelLang = 'en' | 'zh';
export const MAX_MODEL_CHARS = 300;

/** Lexicon signals fed to the model as features. */
export interface LexSignal {
  readonly low: boolean;
  readonly medium: boolean;
  readonly high: boolean;
}

export const NO_LEX: LexSignal = Object.freeze({ low: false, medium: false, high: false });

/** The hashes of the lexicon features (forEachFeature emits them last). */
export const LEX_LOW = 0x1001;
export const LEX_MEDIUM = 0x1002;
export const LEX_HIGH = 0x1003;

const scratch = new Int32Array(MAX_MODEL_CHARS + 2);
const wordStarts = new Int32Array(MAX_MODEL_CHARS + 2);

/** At most 4 character n-grams a folded character and 2 word features a word: one text's features never exceed this (lexicon ones apart). */
const MAX_FEATURES = (MAX_MODEL_CHARS + 2) * 6;
const features = new Int32Array(MAX_FEATURES + 3);

/**
 * Calls `emit(bucketHash)` for every feature occurrence; returns the number of occurrences.
 * Pure apart from module scratch buffers (no state survives a call).
 */
export function forEachFeature(text: string, lang: ModelLang, lex: LexSignal, emit: (h: number) => void): number {
  const count = featuresInto(text, lang, lex, features, 0);
  for (let i = 0; i < count; i++) emit(features[i]!);
  return count;
}

/**
 * Writes the feature hashes of `text`, in forEachFeature's order, into `out` from `at` (room for
 * MAX_FEATURES + 3 needed); returns the index after the last. A store a feature rather than a
 * call: the feature loops are the whole cost of featurizing.
 */
function featuresInto(text: string, lang: ModelLang, lex: LexSignal, out: Int32Array, at: number): number {
  let count = at;
  // Folded sequence: en → a-z and ' ' (one space for any run of other chars); zh → Han, a-z, ' '.
  let n = 0;
  scratch[n++] = 32;
  const lim = Math.min(text.length, MAX_MODEL_CHARS);
  for (let i = 0; i < lim; i++) {
    let f = FOLD[text.charCodeAt(i)]!;
    if (f === -1) continue;
    if (!isLatin(f) && !(lang === 'zh' && isHanUnit(f))) {
      const l = f < 128 ? LEET[f]! : 0;
      const prevLetter = n > 0 && isLatin(scratch[n - 1]!);
      const nextLetter = i + 1 < lim && isLatin(FOLD[text.charCodeAt(i + 1)]!);
      f = l !== 0 && (prevLetter || nextLetter) ? l : 32;
    }
    if (f === 32 && scratch[n - 1] === 32) continue;
    scratch[n++] = f;
  }
  if (scratch[n - 1] !== 32) scratch[n++] = 32;

  if (lang === 'en') {
    // Character 2..5-grams.
    for (let j = 1; j < n; j++) {
      let h = FNV_OFFSET;
      h = Math.imul(h ^ scratch[j]!, FNV_PRIME);
      for (let len = 2; len <= 5 && j - len + 1 >= 0; len++) {
        h = Math.imul(h ^ scratch[j - len + 1]!, FNV_PRIME);
        out[count++] = Math.imul(h ^ len, FNV_PRIME);
      }
    }
  } else {
    // Han 1..3-grams (across a Latin/space boundary they still form; spaces are cheap context).
    for (let j = 0; j < n; j++) {
      const c = scratch[j]!;
      if (c === 32) continue;
      let h = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
      if (isHanUnit(c)) out[count++] = Math.imul(h ^ 1, FNV_PRIME);
      for (let len = 2; len <= 3 && j - len + 1 >= 0; len++) {
        const p = scratch[j - len + 1]!;
        if (p === 32) break;
        h = Math.imul(h ^ p, FNV_PRIME);
        out[count++] = Math.imul(h ^ len, FNV_PRIME);
      }
    }
  }
  // Words (Latin) unigrams and bigrams.
  let w = 0;
  for (let j = 0; j < n; j++) if (scratch[j] === 32 && j + 1 < n) wordStarts[w++] = j + 1;
  let prev = 0;
  for (let k = 0; k < w; k++) {
    const s = wordStarts[k]!;
    let h = 0x9e3779b1 | 0;
    let e = s;
    let latin = false;
    while (e < n && scratch[e] !== 32) {
      if (isLatin(scratch[e]!)) latin = true;
      h = Math.imul(h ^ scratch[e]!, FNV_PRIME);
      e++;
    }
    if (!latin || e === s) continue;
    out[count++] = Math.imul(h ^ 0x77, FNV_PRIME);
    if (prev !== 0 && lang === 'en') out[count++] = Math.imul((prev * 31) ^ h, FNV_PRIME);
    prev = h | 1;
  }
  if (lex.low) out[count++] = LEX_LOW;
  if (lex.medium) out[count++] = LEX_MEDIUM;
  if (lex.high) out[count++] = LEX_HIGH;
  return count;
}


/**
 * englishFeatures' arrays are views into shared 64 KB buffers (16 K ints), filled front to back and never
 * written again: a typed array over 64 bytes made on its own gets an off-heap backing store of its
 * own (allocated, tracked and freed: ~0.3 µs, more than featurizing a short line), a view of an
 * existing buffer is one small object. Each call still hands out a new array whose values never
 * change (LinearModel.probabilityOf caches by identity). A buffer is freed with its last view, so
 * nothing may keep these arrays past the message (a held item keeping one would keep 64 KB): the
 * pipeline keeps none, LinearModel only the last one it scored.
 */
const ARENA_INTS = 1 << 14;
let arena = new Int32Array(ARENA_INTS);
let arenaUsed = 0;

/** The English features of `text` without the lexicon ones (a new array; see the header). */
export function englishFeatures(text: string): Int32Array {
  if (ARENA_INTS - arenaUsed < MAX_FEATURES) {
    arena = new Int32Array(ARENA_INTS);
    arenaUsed = 0;
  }
  const start = arenaUsed;
  arenaUsed = featuresInto(text, 'en', NO_LEX, arena, start);
  return new Int32Array(arena.buffer, start * 4, arenaUsed - start);
}
