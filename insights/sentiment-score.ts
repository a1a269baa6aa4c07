/**
 * The lexicon's sentiment of a chat line, -1 (very negative) .. +1 (very positive), for English and
 * Chinese in one pass: English words (with `prefix*` entries, light suffix stripping and elongation
 * "sooo"), Chinese terms matched longest-first as substrings (no segmenter: 不错 stays positive,
 * 不 + 好 is negated), Twitch emotes and emoji. Negation (not/never/不/没) flips the next sentiment
 * word within three tokens; intensifiers (so/very/太/非常) scale it; a contrast (but/但是/就是)
 * weights what follows more. Ignores @mentions; URLs' letters count as words (rarely sentimental).
 *
 * Pure: the tables come in as an argument, the running state lives in the call (`Run`), and the
 * details the English model reads (positive and negative weight, negations, contrast) come back
 * in the result instead of module variables.
 *
 * Example (test/unit/insights/sentiment.test.ts): lexiconScore('质量不错，就是物流太慢') < 0.
 */
import { FNV_OFFSET as H0, FNV_PRIME as HP, fnv1a, mayHave } from '../filters/hash.js';
import { isHanUnit } from '../config/script.js';
import { E_EMOTE, E_KIND_SHIFT, E_MOD, E_PREFIX, E_WORD, K_CONTRAST, K_MOD, K_NEG, sentimentTables, zhPairKey, type SentimentTables, type ZhEntry } from './sentiment-tables.js';

/** A lexicon score and what went into it (dense features of the English model). */
export interface LexiconDetail {
  /** -1..+1. */
  readonly score: number;
  /** Positive and negative weight found (after negation and modifiers). */
  readonly posSum: number;
  readonly negSum: number;
  /** English negators seen. */
  readonly negations: number;
  /** A contrast word (but, 但是) split the line. */
  readonly contrasted: boolean;
}

/** The threshold below which a message counts as negative (mood, eval): one value for both languages. */
export const NEGATIVE_THRESHOLD = -0.2;

export function isNegative(sentiment: number): boolean {
  return sentiment < NEGATIVE_THRESHOLD;
}

/** Chunks that mark a line as sarcastic (Twitch's Kappa, "/s"): a positive line reads negative ("nice throw Kappa"). */
const H_KAPPA = fnv1a('Kappa') | 0;
const H_SLASH_S = fnv1a('/s') | 0;
/** "or" before a negator asks a question ("is it the last boss or not"): no negation. */
const H_OR = fnv1a('or') | 0;
const isOpenQuote = (c: number): boolean => c === 34 || c === 0x201c;
const isCloseQuote = (c: number): boolean => c === 34 || c === 0x201d;

const NEG_REACH = 3;
const UNUSED_NEGATION = -0.6;
const SQUASH = 6;
const MAX_WORD = 48;
/** The longest chunk (run of non-space units) that can be an emote or a sarcasm mark. */
const MAX_CHUNK = 24;

/** Scratch for prefix hashes of the current word (pre[l] = hash of its first l units); written before every read, nothing in it outlives a word. */
const pre = new Int32Array(MAX_WORD + 1);
const altPre = new Int32Array(MAX_WORD + 1);

/** The running state of one call. */
interface Run {
  sum: number;
  /** Tokens left in a negation's reach. */
  neg: number;
  negEn: boolean;
  mod: number;
  modLeft: number;
  posSum: number;
  negSum: number;
}

function apply(r: Run, w: number, zh: boolean): void {
  let v = w * (r.modLeft > 0 ? r.mod : 1);
  if (r.neg > 0) v = v > 0 ? -v * (zh ? 1 : 0.8) : -v * 0.4;
  if (v > 0) r.posSum += v;
  else r.negSum -= v;
  r.sum += v;
  r.neg = 0;
  r.modLeft = 0;
  r.mod = 1;
}

function tick(r: Run): void {
  if (r.neg > 0) {
    r.neg--;
    // an English negation that found no sentiment word still leans negative ("don't think he'll
    // win"); Chinese 没/不 are too common in neutral questions (有没有, 不知道) for that
    if (r.neg === 0 && r.negEn) r.sum += UNUSED_NEGATION;
  }
  if (r.modLeft > 0) r.modLeft--;
}

function matchZh(t: SentimentTables, text: string, i: number): ZhEntry | null {
  const c = text.charCodeAt(i);
  if (((t.zhFirst[c >>> 5]! >>> (c & 31)) & 1) === 0) return null;
  const list = t.zh[c];
  if (!list) return null;
  const next = text.charCodeAt(i + 1);
  // no entry of two units or more starts with these two: only the one-unit entry (last) can match
  if (!mayHave(t.zhPairs, zhPairKey(c, next))) {
    const last = list[list.length - 1]!;
    return last.term.length === 1 ? last : null;
  }
  // the second unit compared before startsWith (a call a term): most terms differ there (不 starts 37)
  for (const e of list) {
    const len = e.term.length;
    if (len === 1 || (e.term.charCodeAt(1) === next && (len === 2 || text.startsWith(e.term, i)))) return e;
  }
  return null;
}

/** The `enSlots` slot of hash h, or -1. */
function enSlot(t: SentimentTables, h: number): number {
  const slots = t.enSlots;
  const mask = (slots.length >> 1) - 1;
  for (let i = h & mask; ; i = (i + 1) & mask) {
    if (slots[2 * i + 1] === 0) return -1;
    if (slots[2 * i] === h) return i;
  }
}
/** The weight of hash h in one of the tables (E_WORD 0, E_PREFIX 1, E_MOD 2, E_EMOTE 3), or undefined: `words.get(h)` and the like. */
function weightOf(t: SentimentTables, h: number, flag: number, k: number): number | undefined {
  const i = enSlot(t, h);
  return i >= 0 && (t.enSlots[2 * i + 1]! & flag) !== 0 ? t.enValues[4 * i + k] : undefined;
}

function nextIsWord(t: SentimentTables, text: string, i: number): boolean {
  if (i >= text.length) return false;
  const e = matchZh(t, text, i);
  return e !== null && (e.word !== null || e.mod !== null);
}

/**
 * Lexicon weight of the word whose prefix hashes are in `h` (length `len`), or undefined.
 * `l0`, `l1`, `l2`: the word's last three units, last first (for suffix stripping).
 */
function lookupHashed(t: SentimentTables, len: number, h: Int32Array, l0: number, l1: number, l2: number, mayBeWord = true): number | undefined {
  // each Map lookup behind its key filter (a clear bit: surely absent); `mayBeWord` false: the
  // caller's filter already said the whole word is no entry
  const wb = t.wordBits;
  const hw = h[len]!;
  if (mayBeWord && mayHave(wb, hw)) {
    const direct = weightOf(t, hw, E_WORD, 0);
    if (direct !== undefined) return direct;
  }
  // the longest `prefix*` entry the word starts with: walked up from 3 units while the word's first
  // l units still start some entry (one filter probe for most words, not one a length)
  const pb = t.prefixBits;
  const nb = t.prefixNodeBits;
  const lens = t.prefixLens;
  const top = Math.min(len, t.maxPrefix);
  let best: number | undefined;
  for (let l = 3; l <= top && mayHave(nb, h[l]!); l++) {
    if (lens[l] !== 1 || !mayHave(pb, h[l]!)) continue;
    const p = weightOf(t, h[l]!, E_PREFIX, 1);
    if (p !== undefined) best = p;
  }
  if (best !== undefined) return best;
  if (len > 4) {
    // suffixes: the stem's hash is a prefix hash (s; ed, ly; ing)
    if (l0 === 115 && mayHave(wb, h[len - 1]!)) {
      const v = weightOf(t, h[len - 1]!, E_WORD, 0);
      if (v !== undefined) return v;
    }
    if (((l1 === 101 && l0 === 100) || (l1 === 108 && l0 === 121)) && mayHave(wb, h[len - 2]!)) {
      const v = weightOf(t, h[len - 2]!, E_WORD, 0);
      if (v !== undefined) return v;
    }
    if (l2 === 105 && l1 === 110 && l0 === 103 && mayHave(wb, h[len - 3]!)) {
      const v = weightOf(t, h[len - 3]!, E_WORD, 0);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** "soooo" → "so", "baaad" → "bad": looks up the word with each run of 3+ cut to `keep` (2, then 1). */
function lookupCollapsed(t: SentimentTables, text: string, i: number, j: number, keep: number): number | undefined {
  let len = 0;
  let h = H0;
  let run = 0;
  let prev = -1;
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
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
    l2 = l1;
    l1 = l0;
    l0 = c;
  }
  altPre[0] = H0;
  return lookupHashed(t, len, altPre, l0, l1, l2);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isVowel = (c: number): boolean => c === 97 || c === 101 || c === 105 || c === 111 || c === 117;

/**
 * A doubled consonant before -ing / -ed: "lagging" → lag, "robbed" → rob (whole words only). `j`: the
 * word's end in `text`; `pre` holds its prefix hashes.
 */
function lookupDoubled(t: SentimentTables, text: string, j: number, len: number, l0: number, l1: number, l2: number): number | undefined {
  const k = l0 === 103 && l1 === 110 && l2 === 105 ? 3 : l0 === 100 && l1 === 101 ? 2 : 0;
  if (k === 0 || len > MAX_WORD) return undefined;
  const c = text.charCodeAt(j - k - 1) | 32;
  if (isVowel(c) || c !== (text.charCodeAt(j - k - 2) | 32)) return undefined;
  const h = pre[len - k - 1]!;
  return mayHave(t.wordBits, h) ? weightOf(t, h, E_WORD, 0) : undefined;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 0x3000;
/** Clause breaks that end a negation's or an intensifier's reach. */
const isBreak = (c: number): boolean =>
  c === 44 || c === 46 || c === 33 || c === 63 || c === 59 || c === 0xff0c || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff1b || c === 0x3001 || c === 126;

/** The lexicon's score of a text and its details (no model). */
export function lexiconDetail(text: string, t: SentimentTables = sentimentTables()): LexiconDetail {
  const out = { score: 0, posSum: 0, negSum: 0, negations: 0, contrasted: false };
  lexiconDetailInto(text, t, out);
  return out;
}

/** A LexiconDetail to fill. */
export type LexiconDetailOut = { -readonly [K in keyof LexiconDetail]: LexiconDetail[K] };

/**
 * lexiconDetail written into `out`: the scorer reads it at once, so it keeps one and a line costs
 * no result object. Returns a bound the pass finds on the way: at least as many as the words of
 * the English model's folded stream (featurizeEn), so a line below the model's minimum by this
 * bound is not folded at all. Each folded word starts in a different run of letters, run of digits,
 * emote chunk or Chinese term (its separators are none of theirs), each counted once (a run), or
 * by its length (an emote, a term: at most one word a unit).
 */
export function lexiconDetailInto(text: string, t: SentimentTables, out: LexiconDetailOut): number {
  let wordBound = 0;
  const r: Run = { sum: 0, neg: 0, negEn: false, mod: 1, modLeft: 0, posSum: 0, negSum: 0 };
  let negations = 0;
  let before = 0;
  let contrast = false;
  let bangs = 0;
  let sarcasm = false;
  /** Hash of the English word before the current one (0: none). */
  let lastWord = 0;

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
    // a chunk is hashed for emotes and sarcasm marks only when its first unit starts one
    chunkStart &&= ((t.chunkFirst[c >>> 5]! >>> (c & 31)) & 1) === 1;
    if (chunkStart) {
      chunkStart = false;
      // hashed only as far as an emote or a sarcasm mark reaches (24 units): a longer chunk (a
      // Chinese line without spaces, a URL) is neither, and is not read twice
      let j = i;
      let h = H0;
      const lim = Math.min(n, i + MAX_CHUNK + 1);
      while (j < lim) {
        const d = text.charCodeAt(j);
        if (isSpace(d)) break;
        h = Math.imul(h ^ (d === 0x2019 ? 39 : d), HP);
        j++;
      }
      if (j - i <= MAX_CHUNK && (h === H_KAPPA || h === H_SLASH_S)) sarcasm = true;
      if (j - i <= MAX_CHUNK && mayHave(t.emoteBits, h)) {
        const e = weightOf(t, h, E_EMOTE, 3);
        if (e !== undefined) {
          if (e > 0) r.posSum += e;
          else r.negSum -= e;
          r.sum += e;
          wordBound += j - i;
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
      let l0 = 0;
      let l1 = 0;
      let l2 = 0;
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
        l2 = l1;
        l1 = l0;
        l0 = d;
        j++;
      }
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
      const start = i;
      i = j;
      wordBound++;
      if (prev === 64 /* @ */ || len > MAX_WORD) continue;
      pre[0] = H0;
      const before1 = lastWord;
      lastWord = h;
      const mayBeEntry = mayHave(t.enBits, h);
      const entry = mayBeEntry ? enSlot(t, h) : -1;
      const kind = entry >= 0 ? (t.enSlots[2 * entry + 1]! >> E_KIND_SHIFT) & 3 : 0;
      if (kind === K_NEG && before1 === H_OR) {
        tick(r);
        continue;
      }
      if (kind === K_NEG) {
        negations++;
        r.neg = NEG_REACH + 1;
        r.negEn = true;
        tick(r);
        continue;
      }
      if (kind === K_CONTRAST) {
        before += r.sum;
        r.sum = 0;
        contrast = true;
        r.neg = 0;
        r.modLeft = 0;
        continue;
      }
      if (kind === K_MOD) {
        r.mod = (t.enSlots[2 * entry + 1]! & E_MOD) !== 0 ? t.enValues[4 * entry + 2]! : 1;
        r.modLeft = 2;
        if (r.neg > 0) r.neg--;
        continue;
      }
      let v = lookupHashed(t, len, pre, l0, l1, l2, mayBeEntry);
      if (v === undefined && triple) {
        v = lookupCollapsed(t, text, start, j, 2);
        if (v === undefined) v = lookupCollapsed(t, text, start, j, 1);
      }
      if (v === undefined && len > 5) v = lookupDoubled(t, text, j, len, l0, l1, l2);
      if (v !== undefined && v !== 0) {
        if (len >= 3 && upper) v *= 1.3;
        // scare quotes: "great" says the opposite
        if (v > 0 && isOpenQuote(prev) && j < n && isCloseQuote(text.charCodeAt(j))) v = -v;
        apply(r, v, false);
      } else tick(r);
      continue;
    }
    if (isBreak(c)) {
      if (c === 33 || c === 0xff01) bangs++;
      r.neg = 0;
      r.modLeft = 0;
      i++;
      continue;
    }
    if (c >= 0x80 || (c >= 48 && c <= 57)) {
      // a run of digits starts here
      if (c <= 57 && (i === 0 || !isDigit(text.charCodeAt(i - 1)))) wordBound++;
      const e = matchZh(t, text, i);
      if (e) {
        wordBound += e.term.length;
        i += e.term.length;
        if (e.contrast) {
          before += r.sum;
          r.sum = 0;
          contrast = true;
          r.neg = 0;
          r.modLeft = 0;
          continue;
        }
        if (e.neg) {
          r.neg = NEG_REACH + 1;
          r.negEn = false;
          tick(r);
          continue;
        }
        if (e.mod !== null && (e.word === null || nextIsWord(t, text, i))) {
          r.mod = e.mod;
          r.modLeft = 2;
          if (r.neg > 0) r.neg--;
          continue;
        }
        if (e.word !== null) apply(r, e.word, true);
        continue;
      }
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        // the next unit is skipped with it: a letter or digit there (after a lone surrogate) may start a word
        const d = text.charCodeAt(i + 1);
        if (isDigit(d) || ((d | 32) >= 97 && (d | 32) <= 122)) wordBound++;
        const ev = weightOf(t, Math.imul(Math.imul(H0 ^ c, HP) ^ text.charCodeAt(i + 1), HP), E_EMOTE, 3);
        if (ev !== undefined) r.sum += ev;
        i += text.charCodeAt(i + 2) === 0xfe0f ? 3 : 2;
        continue;
      }
      if (c >= 0x2600 && c < 0x2800) {
        const ev = weightOf(t, Math.imul(H0 ^ c, HP), E_EMOTE, 3);
        if (ev !== undefined) r.sum += ev;
      } else if (isHanUnit(c)) tick(r);
      i++;
      continue;
    }
    // other ASCII: emoticons inside words, digits already handled
    i++;
  }
  if (r.neg > 0 && r.negEn) r.sum += UNUSED_NEGATION;
  let raw = contrast ? before * 0.5 + r.sum * 1.5 : r.sum;
  if (bangs > 0 && raw !== 0) raw *= 1 + 0.1 * Math.min(bangs, 3);
  if (sarcasm && raw > 0) raw = -raw;
  out.score = raw / Math.sqrt(raw * raw + SQUASH);
  out.posSum = r.posSum;
  out.negSum = r.negSum;
  out.negations = negations;
  out.contrasted = contrast;
  return wordBound;
}

/** The lexicon's sentiment score of a text (no model), -1..+1; for training, the eval and tests. */
export function lexiconScore(text: string, t: SentimentTables = sentimentTables()): number {
  return lexiconDetail(text, t).score;
}
