/**
 * Per-message sentiment, -1 (very negative) .. +1 (very positive), for English and Chinese chat in
 * one pass: English words (with `prefix*` entries, light suffix stripping and elongation "sooo"),
 * Chinese terms matched longest-first as substrings (no segmenter: 不错 stays positive, 不 + 好
 * is negated), Twitch emotes and emoji. Negation (not/never/不/没) flips the next sentiment word
 * within three tokens; intensifiers (so/very/太/非常) scale it; a contrast (but/但是/就是) weights
 * what follows more. Ignores @mentions and URLs' letters count as words (rarely sentimental).
 *
 * Example: scoreSentiment('质量不错，就是物流太慢') < 0; scoreSentiment('not bad at all') > 0.
 */
import { isHanUnit } from './lang.js';
import { loadLexicons, type Lexicon, type Lexicons } from './sentiment-lexicon.js';

interface ZhEntry {
  readonly term: string;
  readonly word: number | null;
  readonly mod: number | null;
  readonly neg: boolean;
  readonly contrast: boolean;
}

interface Tables {
  readonly lex: Lexicons;
  /** First UTF-16 unit → entries starting with it, longest first. */
  readonly zh: Map<number, ZhEntry[]>;
  readonly maxPrefix: number;
}

function buildZhIndex(zh: Lexicon): Map<number, ZhEntry[]> {
  const terms = new Set<string>([...zh.words.keys(), ...zh.modifiers.keys(), ...zh.negators, ...zh.contrast]);
  const index = new Map<number, ZhEntry[]>();
  for (const term of terms) {
    const e: ZhEntry = {
      term,
      word: zh.words.get(term) ?? null,
      mod: zh.modifiers.get(term) ?? null,
      neg: zh.negators.has(term),
      contrast: zh.contrast.has(term),
    };
    const k = term.charCodeAt(0);
    const list = index.get(k) ?? [];
    list.push(e);
    index.set(k, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.term.length - a.term.length);
  return index;
}

let tables: Tables | null = null;
function getTables(): Tables {
  if (tables) return tables;
  const lex = loadLexicons();
  let maxPrefix = 0;
  for (const p of lex.en.prefixes.keys()) maxPrefix = Math.max(maxPrefix, p.length);
  tables = { lex, zh: buildZhIndex(lex.zh), maxPrefix };
  return tables;
}

function matchZh(t: Tables, text: string, i: number): ZhEntry | null {
  const list = t.zh.get(text.charCodeAt(i));
  if (!list) return null;
  for (const e of list) if (text.startsWith(e.term, i)) return e;
  return null;
}

function lookupEn(t: Tables, w: string): number | undefined {
  const en = t.lex.en;
  const direct = en.words.get(w);
  if (direct !== undefined) return direct;
  for (let l = Math.min(w.length, t.maxPrefix); l >= 3; l--) {
    const p = en.prefixes.get(w.slice(0, l));
    if (p !== undefined) return p;
  }
  if (w.length > 4) {
    if (w.endsWith('s')) {
      const v = en.words.get(w.slice(0, -1));
      if (v !== undefined) return v;
    }
    if (w.endsWith('ed') || w.endsWith('ly')) {
      const v = en.words.get(w.slice(0, -2));
      if (v !== undefined) return v;
    }
    if (w.endsWith('ing')) {
      const v = en.words.get(w.slice(0, -3));
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** "soooo" → "so", "baaad" → "bad" (tries two, then one, of each run of three or more). */
function collapseElongation(w: string): string[] {
  if (!/(.)\1\1/.test(w)) return [];
  return [w.replace(/(.)\1{2,}/g, '$1$1'), w.replace(/(.)\1{2,}/g, '$1')];
}

const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 0x3000;
/** Clause breaks that end a negation's or an intensifier's reach. */
const isBreak = (c: number): boolean =>
  c === 44 || c === 46 || c === 33 || c === 63 || c === 59 || c === 0xff0c || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff1b || c === 0x3001 || c === 126;

const NEG_REACH = 3;
const UNUSED_NEGATION = -0.6;
const SQUASH = 6;

/** Raw sentiment score of a text; exported for diagnostics and tests. -1..+1. */
export function scoreSentiment(text: string): number {
  const t = getTables();
  const emotes = t.lex.emotes;
  let sum = 0;
  let before = 0;
  let contrast = false;
  let neg = 0; // tokens left in a negation's reach
  let negEn = false;
  let mod = 1;
  let modLeft = 0;
  let bangs = 0;
  let zhSeen = false;

  const apply = (w: number, zh: boolean): void => {
    let v = w * (modLeft > 0 ? mod : 1);
    if (neg > 0) v = v > 0 ? -v * (zh ? 1 : 0.8) : -v * 0.4;
    sum += v;
    neg = 0;
    modLeft = 0;
    mod = 1;
  };
  const tick = (): void => {
    if (neg > 0) {
      neg--;
      // an English negation that found no sentiment word still leans negative ("don't think he'll
      // win"); Chinese 没/不 are too common in neutral questions (有没有, 不知道) for that
      if (neg === 0 && negEn) sum += UNUSED_NEGATION;
    }
    if (modLeft > 0) modLeft--;
  };

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
      while (j < n && !isSpace(text.charCodeAt(j))) j++;
      if (j - i <= 24) {
        const e = emotes.get(text.slice(i, j));
        if (e !== undefined) {
          sum += e;
          i = j;
          continue;
        }
      }
    }
    if (isLetter(c)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (isLetter(d) || d === 39 || d === 0x2019) j++;
        else break;
      }
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
      if (prev === 64 /* @ */) {
        i = j;
        continue;
      }
      const raw = text.slice(i, j);
      let w = raw.toLowerCase().replace('\u2019', "'");
      i = j;
      const en = t.lex.en;
      if (en.negators.has(w)) {
        neg = NEG_REACH + 1;
        negEn = true;
        tick();
        continue;
      }
      if (en.contrast.has(w)) {
        before += sum;
        sum = 0;
        contrast = true;
        neg = 0;
        modLeft = 0;
        continue;
      }
      const m = en.modifiers.get(w);
      if (m !== undefined) {
        mod = m;
        modLeft = 2;
        if (neg > 0) neg--;
        continue;
      }
      let v = lookupEn(t, w);
      if (v === undefined) {
        for (const alt of collapseElongation(w)) {
          v = lookupEn(t, alt);
          if (v !== undefined) {
            w = alt;
            break;
          }
        }
      }
      if (v !== undefined && v !== 0) {
        if (raw.length >= 3 && raw === raw.toUpperCase()) v *= 1.3;
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
        zhSeen = true;
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
      if (c >= 0xd800 && c <= 0xdbff) {
        const cp = String.fromCodePoint(text.codePointAt(i) ?? 0);
        let step = cp.length;
        if (text.charCodeAt(i + step) === 0xfe0f) step++;
        const ev = emotes.get(cp);
        if (ev !== undefined) sum += ev;
        i += step;
        continue;
      }
      if (c >= 0x2600 && c < 0x2800) {
        const ev = emotes.get(text[i] ?? '');
        if (ev !== undefined) sum += ev;
      } else if (isHanUnit(c)) tick();
      i++;
      continue;
    }
    // other ASCII: emoticons inside words, digits already handled
    i++;
  }
  void zhSeen;
  if (neg > 0 && negEn) sum += UNUSED_NEGATION;
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
