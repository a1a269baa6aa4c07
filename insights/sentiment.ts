/**
 * Per-message sentiment, -1 (very negative) .. +1 (very positive), for English and Chinese chat in
 * one pass: English words (with `prefix*` entries, light suffix stripping and elongation "sooo"),
 * Chinese terms matched longest-first as substrings (no segmenter: 不错 stays positive, 不 + 好
 * is negated), Twitch emotes and emoji. Negation (not/never/不/没) flips the next sentiment word
 * within three tokens; intensifiers (so/very/太/非常) scale it; a contrast (but/但是/就是) weights
 * what follows more. Ignores @mentions and URLs' letters count as words (rarely sentimental).
 * Lexicon words, prefixes, emotes are looked up by FNV-1a hash of the lower-cased units (no string
 * per word, no closure per call; the scoring state is module-level, the call is synchronous).
 * English lines of MODEL_MIN_WORDS+ words then go through the shipped model (filters/models/
 * sentiment-en.json, see "English model" below), which may move the score across NEGATIVE_THRESHOLD.
 *
 * Example: scoreSentiment('质量不错，就是物流太慢') < 0; scoreSentiment('not bad at all') > 0.
 */
import { addWordVector, wordVectors } from './word-vectors.js';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isHanUnit } from '../filters/lang.js';
import { loadShippedModels, textHash, type LexSignal } from '../filters/model.js';
const NO_LEX: LexSignal = { low: false, medium: false, high: false };
import { loadLexicons, parseEmotes, type Lexicon, type Lexicons } from './sentiment-lexicon.js';

interface ZhEntry {
  readonly term: string;
  readonly word: number | null;
  readonly mod: number | null;
  readonly neg: boolean;
  readonly contrast: boolean;
}

/** Kinds of an English word entry (one lookup per word, by hash). */
const K_NEG = 1;
const K_CONTRAST = 2;
const K_MOD = 3;

interface Tables {
  readonly lex: Lexicons;
  /** First UTF-16 unit → Chinese entries starting with it, longest first (dense by code unit). */
  readonly zh: Array<ZhEntry[] | undefined>;
  readonly maxPrefix: number;
  /** FNV-1a hash of an English word → sentiment weight; `prefix*` entries by prefix hash. */
  readonly words: Map<number, number>;
  readonly prefixes: Map<number, number>;
  /** Hash → K_NEG / K_CONTRAST / K_MOD (modifier weight in `mods`). */
  readonly kinds: Map<number, number>;
  readonly mods: Map<number, number>;
  /** Emote / emoji names by hash of their UTF-16 units (case-sensitive). */
  readonly emotes: Map<number, number>;
}

const H0 = 0x811c9dc5 | 0;
const HP = 0x01000193;
/** FNV-1a over UTF-16 units (’ counted as '): the key of every lexicon table. */
function hashOf(s: string): number {
  let h = H0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ (c === 0x2019 ? 39 : c), HP);
  }
  return h;
}

function hashMap(m: ReadonlyMap<string, number>, what: string): Map<number, number> {
  const out = new Map<number, number>();
  const by = new Map<number, string>();
  for (const [k, v] of m) {
    const h = hashOf(k);
    const other = by.get(h);
    if (other !== undefined && other !== k) throw new Error(`sentiment lexicon: hash collision in ${what}: ${other} / ${k}`);
    by.set(h, k);
    out.set(h, v);
  }
  return out;
}

function buildZhIndex(zh: Lexicon): Array<ZhEntry[] | undefined> {
  const terms = new Set<string>([...zh.words.keys(), ...zh.modifiers.keys(), ...zh.negators, ...zh.contrast]);
  const index: Array<ZhEntry[] | undefined> = new Array<ZhEntry[] | undefined>(65536).fill(undefined);
  for (const term of terms) {
    const e: ZhEntry = {
      term,
      word: zh.words.get(term) ?? null,
      mod: zh.modifiers.get(term) ?? null,
      neg: zh.negators.has(term),
      contrast: zh.contrast.has(term),
    };
    const k = term.charCodeAt(0);
    (index[k] ??= []).push(e);
  }
  for (const list of index) list?.sort((a, b) => b.term.length - a.term.length);
  return index;
}

let tables: Tables | null = null;
function getTables(): Tables {
  if (tables) return tables;
  const lex = loadLexicons();
  let maxPrefix = 0;
  for (const p of lex.en.prefixes.keys()) maxPrefix = Math.max(maxPrefix, p.length);
  const kinds = new Map<number, number>();
  // same precedence as the word checks: negator, then contrast, then modifier
  for (const w of lex.en.modifiers.keys()) kinds.set(hashOf(w), K_MOD);
  for (const w of lex.en.contrast) kinds.set(hashOf(w), K_CONTRAST);
  for (const w of lex.en.negators) kinds.set(hashOf(w), K_NEG);
  tables = {
    lex,
    zh: buildZhIndex(lex.zh),
    maxPrefix,
    words: hashMap(lex.en.words, 'words'),
    prefixes: hashMap(lex.en.prefixes, 'prefixes'),
    kinds,
    mods: hashMap(lex.en.modifiers, 'modifiers'),
    emotes: hashMap(lex.emotes, 'emotes'),
  };
  return tables;
}

function matchZh(t: Tables, text: string, i: number): ZhEntry | null {
  const list = t.zh[text.charCodeAt(i)];
  if (!list) return null;
  for (const e of list) if (text.startsWith(e.term, i)) return e;
  return null;
}

/** Prefix hashes of the current lower-cased word: pre[l] = hash of its first l units. */
const MAX_WORD = 48;
const pre = new Int32Array(MAX_WORD + 1);

/** Lexicon weight of the word whose prefix hashes are in `pre` (length `len`), or undefined. */
function lookupHashed(t: Tables, len: number, h: Int32Array): number | undefined {
  const direct = t.words.get(h[len]!);
  if (direct !== undefined) return direct;
  for (let l = Math.min(len, t.maxPrefix); l >= 3; l--) {
    const p = t.prefixes.get(h[l]!);
    if (p !== undefined) return p;
  }
  if (len > 4) {
    // suffixes: the stem's hash is a prefix hash (s; ed, ly; ing)
    const e1 = len - 1;
    const last = lastUnits;
    if (last[0] === 115) {
      const v = t.words.get(h[e1]!);
      if (v !== undefined) return v;
    }
    if ((last[1] === 101 && last[0] === 100) || (last[1] === 108 && last[0] === 121)) {
      const v = t.words.get(h[len - 2]!);
      if (v !== undefined) return v;
    }
    if (last[2] === 105 && last[1] === 110 && last[0] === 103) {
      const v = t.words.get(h[len - 3]!);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}
/** The current word's last three units, last first. */
const lastUnits = new Int32Array(3);
const altPre = new Int32Array(MAX_WORD + 1);

/** "soooo" → "so", "baaad" → "bad": looks up the word with each run of 3+ cut to `keep` (2, then 1). */
function lookupCollapsed(t: Tables, text: string, i: number, j: number, keep: number): number | undefined {
  let len = 0;
  let h = H0;
  let run = 0;
  let prev = -1;
  lastUnits[0] = lastUnits[1] = lastUnits[2] = 0;
  for (let k = i; k < j; k++) {
    let c = text.charCodeAt(k);
    if (c === 0x2019) c = 39;
    else if (c >= 65 && c <= 90) c |= 32;
    run = c === prev ? run + 1 : 1;
    prev = c;
    if (run > keep) continue;
    if (len >= MAX_WORD) return undefined;
    h = Math.imul(h ^ c, HP);
    altPre[++len] = h;
    lastUnits[2] = lastUnits[1]!;
    lastUnits[1] = lastUnits[0]!;
    lastUnits[0] = c;
  }
  altPre[0] = H0;
  return lookupHashed(t, len, altPre);
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 0x3000;
/** Clause breaks that end a negation's or an intensifier's reach. */
const isBreak = (c: number): boolean =>
  c === 44 || c === 46 || c === 33 || c === 63 || c === 59 || c === 0xff0c || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff1b || c === 0x3001 || c === 126;

const NEG_REACH = 3;
const UNUSED_NEGATION = -0.6;
const SQUASH = 6;

// Scoring state of the running call (module-level so no closure is allocated per message).
let sum = 0;
let neg = 0; // tokens left in a negation's reach
let negEn = false;
let mod = 1;
let modLeft = 0;
/** Details of the last lexiconScore call, read by featurizeEn: positive and negative weight found, negations, contrast. */
let posSum = 0;
let negSum = 0;
let negations = 0;
let contrasted = false;

function apply(w: number, zh: boolean): void {
  let v = w * (modLeft > 0 ? mod : 1);
  if (neg > 0) v = v > 0 ? -v * (zh ? 1 : 0.8) : -v * 0.4;
  if (v > 0) posSum += v;
  else negSum -= v;
  sum += v;
  neg = 0;
  modLeft = 0;
  mod = 1;
}
function tick(): void {
  if (neg > 0) {
    neg--;
    // an English negation that found no sentiment word still leans negative ("don't think he'll
    // win"); Chinese 没/不 are too common in neutral questions (有没有, 不知道) for that
    if (neg === 0 && negEn) sum += UNUSED_NEGATION;
  }
  if (modLeft > 0) modLeft--;
}

/** The lexicon's sentiment score of a text (no model), -1..+1; exported for training and tests. */
export function lexiconScore(text: string): number {
  const t = getTables();
  const emotes = t.emotes;
  sum = 0;
  neg = 0;
  negEn = false;
  mod = 1;
  modLeft = 0;
  posSum = 0;
  negSum = 0;
  negations = 0;
  let before = 0;
  let contrast = false;
  let bangs = 0;

  const n = text.length;
  let i = 0;
  let chunkStart = true;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      chunkStart = true;
      i++;
      continue;
    }
    if (chunkStart) {
      chunkStart = false;
      let j = i;
      let h = H0;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (isSpace(d)) break;
        h = Math.imul(h ^ (d === 0x2019 ? 39 : d), HP);
        j++;
      }
      if (j - i <= 24) {
        const e = emotes.get(h);
        if (e !== undefined) {
          if (e > 0) posSum += e;
          else negSum -= e;
          sum += e;
          i = j;
          continue;
        }
      }
    }
    const lc = c | 32;
    if (lc >= 97 && lc <= 122) {
      // one pass over the word: lower-cased prefix hashes, caps, runs of three
      let j = i;
      let h = H0;
      let len = 0;
      let upper = true;
      let triple = false;
      let p1 = -1;
      let p2 = -2;
      lastUnits[0] = lastUnits[1] = lastUnits[2] = 0;
      while (j < n) {
        let d = text.charCodeAt(j);
        const ld = d | 32;
        if (ld >= 97 && ld <= 122) {
          if (d !== ld) d = ld;
          else upper = false;
        } else if (d === 39 || d === 0x2019) d = 39;
        else break;
        if (d === p1 && d === p2) triple = true;
        p2 = p1;
        p1 = d;
        if (len < MAX_WORD) {
          h = Math.imul(h ^ d, HP);
          pre[++len] = h;
        } else len++;
        lastUnits[2] = lastUnits[1]!;
        lastUnits[1] = lastUnits[0]!;
        lastUnits[0] = d;
        j++;
      }
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
      const start = i;
      i = j;
      if (prev === 64 /* @ */ || len > MAX_WORD) continue;
      pre[0] = H0;
      const kind = t.kinds.get(h);
      if (kind === K_NEG) {
        negations++;
        neg = NEG_REACH + 1;
        negEn = true;
        tick();
        continue;
      }
      if (kind === K_CONTRAST) {
        before += sum;
        sum = 0;
        contrast = true;
        neg = 0;
        modLeft = 0;
        continue;
      }
      if (kind === K_MOD) {
        mod = t.mods.get(h) ?? 1;
        modLeft = 2;
        if (neg > 0) neg--;
        continue;
      }
      let v = lookupHashed(t, len, pre);
      if (v === undefined && triple) {
        v = lookupCollapsed(t, text, start, j, 2);
        if (v === undefined) v = lookupCollapsed(t, text, start, j, 1);
      }
      if (v !== undefined && v !== 0) {
        if (len >= 3 && upper) v *= 1.3;
        apply(v, false);
      } else tick();
      continue;
    }
    if (isBreak(c)) {
      if (c === 33 || c === 0xff01) bangs++;
      neg = 0;
      modLeft = 0;
      i++;
      continue;
    }
    if (c >= 0x80 || (c >= 48 && c <= 57)) {
      const e = matchZh(t, text, i);
      if (e) {
        i += e.term.length;
        if (e.contrast) {
          before += sum;
          sum = 0;
          contrast = true;
          neg = 0;
          modLeft = 0;
          continue;
        }
        if (e.neg) {
          neg = NEG_REACH + 1;
          negEn = false;
          tick();
          continue;
        }
        if (e.mod !== null && (e.word === null || nextIsWord(t, text, i))) {
          mod = e.mod;
          modLeft = 2;
          if (neg > 0) neg--;
          continue;
        }
        if (e.word !== null) apply(e.word, true);
        continue;
      }
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const ev = emotes.get(Math.imul(Math.imul(H0 ^ c, HP) ^ text.charCodeAt(i + 1), HP));
        if (ev !== undefined) sum += ev;
        i += text.charCodeAt(i + 2) === 0xfe0f ? 3 : 2;
        continue;
      }
      if (c >= 0x2600 && c < 0x2800) {
        const ev = emotes.get(Math.imul(H0 ^ c, HP));
        if (ev !== undefined) sum += ev;
      } else if (isHanUnit(c)) tick();
      i++;
      continue;
    }
    // other ASCII: emoticons inside words, digits already handled
    i++;
  }
  if (neg > 0 && negEn) sum += UNUSED_NEGATION;
  contrasted = contrast;
  let raw = contrast ? before * 0.5 + sum * 1.5 : sum;
  if (bangs > 0 && raw !== 0) raw *= 1 + 0.1 * Math.min(bangs, 3);
  return raw / Math.sqrt(raw * raw + SQUASH);
}

function nextIsWord(t: Tables, text: string, i: number): boolean {
  if (i >= text.length) return false;
  const e = matchZh(t, text, i);
  return e !== null && (e.word !== null || e.mod !== null);
}

/** The threshold below which a message counts as negative (mood, eval): one value for both languages. */
export const NEGATIVE_THRESHOLD = -0.2;

export function isNegative(sentiment: number): boolean {
  return sentiment < NEGATIVE_THRESHOLD;
}

// ---------------------------------------------------------------- English model

/**
 * The English sentiment model (filters/models/sentiment-en.json, trained by
 * scripts/train-sentiment.ts): logistic regression over hashed word unigrams and bigrams (words in
 * a negation's scope, "not" up to the next punctuation, hashed apart), character 3..5-grams, and
 * dense features of the lexicon score above. It only says "negative or not"; the lexicon keeps the
 * score's sign and size, and the model moves it across NEGATIVE_THRESHOLD when they disagree.
 * Used for lines without Han characters and with at least MODEL_MIN_WORDS words (short chat lines
 * are left to the lexicon and emotes). Features are hashed (FNV-1a) with no per-token strings.
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
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
const LEX_FEATURES = 16;
/**
 * Then the text's SIF-averaged word vector (insights/word-vectors.ts, GloVe) times VEC_SCALE (nested
 * cross-validation on SemEval: F1 0.641 / 0.651 / 0.656 without, 0.676 / 0.675 / 0.673 with, seeds 1,
 * 2, 20261123). Zero when the vectors file is missing. Being an average, its share of the score is
 * the average of per-word scalars, which the model precomputes: scoring costs a lookup per word.
 */
const VEC_FEATURES = 100;
const VEC_SCALE = 5;
/** Number of dense features; the hashed ones follow. */
export const DENSE_FEATURES = LEX_FEATURES + VEC_FEATURES;
/** Word-vector rows of the last featurizeEn call's known words. */
const vecRowBuf = new Int32Array(MODEL_MAX_CHARS);
let vecRowCount = 0;

const fScratch = new Int32Array(3 * MODEL_MAX_CHARS + 4);
/** Words of the last featurizeEn call's text. */
let lastWords = 0;
/** Of the last featurizeEn call's hashed features, how many (the first ones) are character n-grams. */
export let charFeatures = 0;
/** Hashed feature occurrences of the last featurizeEn call. */
export const featureBuf = new Int32Array(16 * MODEL_MAX_CHARS + 64);
export const denseBuf = new Float64Array(DENSE_FEATURES);

/** Word-vector rows by featurizeEn's word hash (built on first use; null without the vectors file). */
let vecRows: Map<number, number> | null | undefined;
function vectorRows(): Map<number, number> | null {
  if (vecRows !== undefined) return vecRows;
  const wv = wordVectors();
  vecRows = wv && wv.dims === VEC_FEATURES ? new Map([...wv.rows].map(([w, r]) => [wordHash(w), r])) : null;
  return vecRows;
}

/**
 * Fills denseBuf[LEX_FEATURES..] with the last featurizeEn call's averaged word vector (for training;
 * the model's scorer uses its per-word projections instead).
 */
export function fillVectorFeatures(): void {
  denseBuf.fill(0, LEX_FEATURES);
  const wv = wordVectors();
  if (!wv || vecRowCount === 0) return;
  const out = new Float64Array(VEC_FEATURES);
  for (let i = 0; i < vecRowCount; i++) addWordVector(wv, vecRowBuf[i]!, out);
  for (let d = 0; d < VEC_FEATURES; d++) denseBuf[LEX_FEATURES + d] = ((out[d] ?? 0) / vecRowCount) * VEC_SCALE;
}

let vaderMap: Map<number, number> | null = null;
/** config/lexicons/sentiment-en-vader.txt by word hash (as featurizeEn hashes words). */
function vaderTable(): Map<number, number> {
  if (vaderMap) return vaderMap;
  vaderMap = new Map();
  for (const [w, v] of parseEmotes(readFileSync(new URL('../config/lexicons/sentiment-en-vader.txt', import.meta.url), 'utf8'))) vaderMap.set(wordHash(w), v);
  return vaderMap;
}

function wordHash(s: string): number {
  let h = 0x9e3779b1 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}
const NEGATOR_HASHES = new Set(
  ['not', 'no', 'never', 'nothing', 'nobody', 'none', 'nor', 'cannot', 'dont', 'doesnt', 'didnt', 'cant', 'wont', 'isnt', 'arent', 'wasnt', 'werent', 'havent', 'hasnt', 'hadnt', 'wouldnt', 'couldnt', 'shouldnt', 'aint', 'neither', 'without', 'nt'].map(wordHash),
);

/**
 * Fills denseBuf from the lexicon score `s` and featureBuf with hashed feature ids; returns the
 * number of hashed occurrences, or -1 when the text has fewer than MODEL_MIN_WORDS words.
 */
export function featurizeEn(text: string, s: number, chars: boolean, minWords: number): number {
  // folded stream: a-z, digits as '0', '!' and '?' kept as tokens, anything else one space;
  // apostrophes dropped inside words (don't → dont), @mentions and URLs skipped, runs of 3+ → 2
  let n = 0;
  fScratch[n++] = 32;
  const lim = Math.min(text.length, MODEL_MAX_CHARS);
  let words = 0;
  for (let i = 0; i < lim; i++) {
    let c = text.charCodeAt(i);
    if (c === 64 || (c === 104 && text.startsWith('http', i))) {
      while (i + 1 < lim && text.charCodeAt(i + 1) > 32) i++;
      c = 32;
    } else if (c === 39 || c === 0x2019) continue;
    else if (c >= 65 && c <= 90) c |= 32;
    else if (c >= 48 && c <= 57) c = 48;
    else if (c === 44 || c === 59 || c === 58) c = 46;
    else if (c >= 0xd800 && c <= 0xdbff) continue; // an emoji is kept as its low surrogate
    else if (!(c >= 97 && c <= 122) && c !== 33 && c !== 63 && c !== 46 && !(c >= 0xdc00 && c <= 0xdfff) && !(c >= 0x2600 && c < 0x2800)) c = 32;
    const p = fScratch[n - 1]!;
    if (c === 32 && p === 32) continue;
    if (c !== 32 && n >= 2 && p === c && fScratch[n - 2] === c) continue;
    // punctuation and emoji stand alone as tokens
    const punct = c === 33 || c === 63 || c === 46 || c >= 0x2600;
    if (punct && p !== 32) fScratch[n++] = 32;
    if (c !== 32 && !punct && p === 32) words++;
    fScratch[n++] = c;
    if (punct) fScratch[n++] = 32;
  }
  if (fScratch[n - 1] !== 32) fScratch[n++] = 32;
  lastWords = words;
  if (words < minWords) return -1;
  let k = 0;
  if (chars) {
    for (let j = 1; j < n; j++) {
      let h = Math.imul(FNV_OFFSET ^ fScratch[j]!, FNV_PRIME);
      for (let len = 2; len <= 5 && j - len + 1 >= 0; len++) {
        h = Math.imul(h ^ fScratch[j - len + 1]!, FNV_PRIME);
        if (len >= 3) featureBuf[k++] = Math.imul(h ^ len, FNV_PRIME);
      }
    }
  }
  charFeatures = k;
  const vader = vaderTable();
  let vPos = 0;
  let vNeg = 0;
  let prev = 0x2545f491;
  let neg = false;
  let j = 1;
  const rows = vectorRows();
  vecRowCount = 0;
  while (j < n) {
    let e = j;
    let h = 0x9e3779b1 | 0;
    while (e < n && fScratch[e] !== 32) h = Math.imul(h ^ fScratch[e++]!, FNV_PRIME);
    const row = rows?.get(h);
    if (row !== undefined && vecRowCount < vecRowBuf.length) vecRowBuf[vecRowCount++] = row;
    const c0 = fScratch[j]!;
    if (c0 === 33 || c0 === 63 || c0 === 46) neg = false;
    const hw = neg ? h ^ NEG_MARK : h;
    let v = vader.get(h);
    if (v !== undefined) {
      if (neg) v *= -0.74;
      if (v > 0) vPos += v;
      else vNeg -= v;
    }
    featureBuf[k++] = Math.imul(hw ^ 0x77, FNV_PRIME);
    featureBuf[k++] = Math.imul(Math.imul(prev, 31) ^ h, FNV_PRIME);
    prev = h;
    if (NEGATOR_HASHES.has(h)) neg = true;
    j = e + 1;
  }
  featureBuf[k++] = Math.imul(Math.imul(prev, 31) ^ 0x1234567, FNV_PRIME);
  denseBuf[0] = s;
  denseBuf[1] = s < -0.5 ? 1 : 0;
  denseBuf[2] = s < -0.2 ? 1 : 0;
  denseBuf[3] = s < 0 ? 1 : 0;
  denseBuf[4] = s === 0 ? 1 : 0;
  denseBuf[5] = s > 0 ? 1 : 0;
  denseBuf[6] = s > 0.3 ? 1 : 0;
  denseBuf[7] = s * s;
  // details of the lexiconScore call that produced `s` (callers score the same text just before)
  denseBuf[8] = Math.log1p(posSum);
  denseBuf[9] = Math.log1p(negSum);
  denseBuf[10] = negations > 0 ? 1 : 0;
  denseBuf[11] = contrasted ? 1 : 0;
  denseBuf[13] = Math.log1p(vPos);
  denseBuf[14] = Math.log1p(vNeg);
  const vs = vPos - vNeg;
  denseBuf[15] = vs / Math.sqrt(vs * vs + 15);
  // the shipped English abuse model's log-odds (offensive tweets lean negative)
  const abuse = loadShippedModels().en;
  if (abuse) {
    const p = abuse.probability(text, NO_LEX);
    denseBuf[12] = Math.log(p / (1 - p + 1e-9) + 1e-9);
  } else denseBuf[12] = 0;
  return k;
}

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

export class SentimentModel {
  readonly header: SentimentModelFile['header'];
  readonly #w: Int8Array;
  readonly #mask: number;
  readonly #dense: Float64Array;
  /** Per word-vector row: its averaged-vector features' share of the score (VEC_SCALE · w · v), or null without vectors. */
  readonly #proj: Float64Array | null;

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

  /** Probability that `text` (no Han characters) is negative, given its lexicon score; NaN when too short to score. */
  probability(text: string, lexScore: number): number {
    const k = featurizeEn(text, lexScore, this.header.chars, this.header.minWords);
    if (k < 0) return NaN;
    const w = this.#w;
    const mask = this.#mask;
    // character n-grams and words are normalized apart (each group's values sum to sqrt(count))
    const kc = charFeatures;
    let sc = 0;
    for (let i = 0; i < kc; i++) sc += w[featureBuf[i]! & mask]!;
    let sw = 0;
    for (let i = kc; i < k; i++) sw += w[featureBuf[i]! & mask]!;
    let z = this.header.bias + this.header.scale * ((kc > 0 ? sc / Math.sqrt(kc) : 0) + sw / Math.sqrt(k - kc));
    for (let i = 0; i < LEX_FEATURES; i++) z += this.#dense[i]! * denseBuf[i]!;
    const proj = this.#proj;
    if (proj && vecRowCount > 0) {
      let v = 0;
      for (let i = 0; i < vecRowCount; i++) v += proj[vecRowBuf[i]!]!;
      z += v / vecRowCount;
    }
    return 1 / (1 + Math.exp(-z));
  }

  /** The lexicon score moved across NEGATIVE_THRESHOLD when the model disagrees with it. */
  adjust(text: string, lexScore: number): number {
    const p = this.probability(text, lexScore);
    if (Number.isNaN(p)) return lexScore;
    const t = this.header.threshold;
    if (p >= t) return lexScore < NEGATIVE_THRESHOLD ? lexScore : NEGATIVE_THRESHOLD - 0.05 - (0.3 * (p - t)) / Math.max(1e-6, 1 - t);
    // the model overrules a negative lexicon score only on tweet-length lines (on short chat
    // complaints, "my order never arrived", the lexicon is the better judge)
    return lexScore < NEGATIVE_THRESHOLD && lastWords >= this.header.vetoMinWords ? NEGATIVE_THRESHOLD + 0.05 : lexScore;
  }

  isNegative(text: string, lexScore: number): boolean {
    return isNegative(this.adjust(text, lexScore));
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
  return h ? textHash(`${h.bias}:${h.scale}:${h.rows}`) : 'none';
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

/**
 * Sentiment of a chat line, -1..+1: the lexicon score, and for English lines (no Han characters)
 * of MODEL_MIN_WORDS words or more the shipped model's verdict on "negative" (see SentimentModel.adjust).
 * `hasHan` may be passed when the caller already knows it (classify does).
 */
export function scoreSentiment(text: string, hasHan?: boolean): number {
  const s = lexiconScore(text);
  const m = shippedModel === undefined ? loadSentimentModel() : shippedModel;
  if (!m) return s;
  if (hasHan ?? hasHanUnit(text)) return s;
  return m.adjust(text, s);
}

function hasHanUnit(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isHanUnit(text.charCodeAt(i))) return true;
  return false;
}
