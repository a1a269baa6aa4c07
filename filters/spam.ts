/**
 * Stateless spam detectors, one pass of text statistics shared by all of them: capitals, symbols,
 * zalgo (stacked combining marks), emote floods, repeated characters and words, over-long
 * messages, self-promotion phrases (English and Chinese). Links live in links.ts, windowed
 * detectors in flood.ts and raid.ts. Each returns findings; none enforces anything.
 */
import type { ChatMessage, Finding } from '../config/chat.js';
import type { SpamConfig } from '../config/filters-config.js';
import { EMOTE_WORDS } from './emotes.js';
import { FNV_OFFSET, FNV_PRIME, keyBits, mayHave, tripleKey } from './hash.js';
import { isRegexSpace } from '../config/script.js';
import { textStats, utf16Index, type TextStats } from './text-stats.js';

/**
 * Flags shouting: enough cased letters, mostly capitals. Caseless scripts (Chinese, emoji, digits)
 * never count. Low at `ratio`, medium at `highRatio` over `highMinLetters` letters: never more, so
 * shouting alone is listed but allowed by default, and held only when other signals add up.
 */
export function detectCaps(s: TextStats, o: SpamConfig['caps']): Finding | null {
  if (s.cased < o.minLetters || s.cased === 0) return null;
  const r = s.upper / s.cased;
  if (r < o.ratio) return null;
  const strong = r >= o.highRatio && s.cased >= o.highMinLetters;
  return { filter: 'spam.caps', severity: strong ? 'medium' : 'low', detail: `${Math.round(r * 100)}% capitals`, score: r };
}

/** Flags symbol spam and ASCII art. CJK and full-width punctuation are writing, not symbols. */
export function detectSymbols(s: TextStats, o: SpamConfig['symbols']): Finding | null {
  if (s.visible < o.minChars) return null;
  const r = s.symbols / s.visible;
  if (r < o.ratio) return null;
  return { filter: 'spam.symbols', severity: r >= 0.8 && s.visible >= 30 ? 'medium' : 'low', detail: `${Math.round(r * 100)}% symbols`, score: r };
}

/** Flags zalgo text: many combining marks, or marks stacked deeper than any real script needs. */
export function detectZalgo(s: TextStats, o: SpamConfig['zalgo']): Finding | null {
  if (s.marks < o.minMarks || s.maxMarkStack <= o.maxPerChar) return null;
  return { filter: 'spam.zalgo', severity: s.marks >= 30 ? 'high' : 'medium', detail: `${s.marks} combining marks, up to ${s.maxMarkStack} on one letter` };
}


/** Bit `len` of WORD_FIRST[c] is set when some emote word (lowercase) starts with `c` and has length `len` (< 32). */
const WORD_FIRST = new Uint32Array(128);
let LONG_WORDS = false;
for (const w of EMOTE_WORDS) {
  const c = w.charCodeAt(0);
  if (c >= 128 || w.length >= 32) LONG_WORDS = true;
  else WORD_FIRST[c]! |= 1 << w.length;
}

/**
 * camelCase channel emotes (calebFlexL, lirikHug): text[a, b) is /^[a-z]{3,10}[A-Z][A-Za-z0-9]{1,20}$/,
 * checked in place (no substring, no regex run per token).
 */
function isChannelEmote(text: string, a: number, b: number): boolean {
  let i = a;
  while (i < b && i - a <= 10) {
    const c = text.charCodeAt(i);
    if (c < 97 || c > 122) break;
    i++;
  }
  const lower = i - a;
  if (lower < 3 || lower > 10 || i >= b) return false;
  const cap = text.charCodeAt(i);
  if (cap < 65 || cap > 90) return false;
  const rest = b - i - 1;
  if (rest < 1 || rest > 20) return false;
  for (let k = i + 1; k < b; k++) {
    const c = text.charCodeAt(k);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** EMOTE_WORDS.has(text[a, b).toLowerCase()), looking only at tokens whose first character and length some word has. */
export function isEmoteWord(text: string, a: number, b: number): boolean {
  const len = b - a;
  if (!LONG_WORDS) {
    let c = text.charCodeAt(a);
    if (c < 128) {
      if (c >= 65 && c <= 90) c += 32;
      if (len >= 32 || (WORD_FIRST[c]! & (1 << len)) === 0) {
        // ASCII through and through: lower-casing cannot change the first character or the length
        let ascii = true;
        for (let k = a + 1; k < b && ascii; k++) if (text.charCodeAt(k) >= 128) ascii = false;
        if (ascii) return false;
      }
    }
  }
  if (!ASCII_WORDS) return EMOTE_WORDS.has(text.slice(a, b).toLowerCase());
  if (len >= 32) return false;
  // No emote word has a unit from U+0080 up, and no such unit lower-cases to ASCII alone but the
  // Kelvin sign (K → k; İ → i + U+0307): a token with any other one is none. The rest lower-case
  // unit by unit (A-Z → a-z, K → k, length kept), so the token is compared in place with the
  // words of its lower-cased first unit and length: no substring, no lower-casing (non-ASCII
  // lower-casing is a runtime call).
  for (let k = a; k < b; k++) {
    const c = text.charCodeAt(k);
    if (c >= 128 && c !== 0x212a) return false;
  }
  const list = WORDS_BY_KEY.get(lowerUnit(text.charCodeAt(a)) * 64 + len);
  if (list === undefined) return false;
  for (const w of list) {
    let same = true;
    for (let k = 0; k < len && same; k++) same = lowerUnit(text.charCodeAt(a + k)) === w.charCodeAt(k);
    if (same) return true;
  }
  return false;
}
/** An ASCII or Kelvin-sign unit lower-cased as String.prototype.toLowerCase does it. */
function lowerUnit(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c === 0x212a ? 107 : c;
}
/** Every emote word is ASCII and shorter than 32 (checked, not assumed: the comparison in place depends on it). */
const ASCII_WORDS = [...EMOTE_WORDS].every((w) => w.length > 0 && w.length < 32 && [...w].every((ch) => ch.charCodeAt(0) < 128));
/** The emote words by their first unit × 64 + length. */
const WORDS_BY_KEY = new Map<number, string[]>();
for (const w of EMOTE_WORDS) {
  const k = w.charCodeAt(0) * 64 + w.length;
  const list = WORDS_BY_KEY.get(k);
  if (list) list.push(w);
  else WORDS_BY_KEY.set(k, [w]);
}

/** Counts emotes: the message's emote ranges (code points), or emote-like tokens and emoji if more. */
export function countEmotes(msg: ChatMessage, s: TextStats): number {
  let tokens = s.emoji;
  const text = msg.text;
  // Only tokenise when there is something emote-like to find: colon codes or a capital after a lowercase run.
  // Emote names have a capital (Kappa, PogChamp, calebFlexL) or colons (:smile:); skip the split otherwise.
  if (text.length >= 8 && (s.upper > 0 || s.hasColon)) {
    // the tokens of text.split(' '), walked in place
    const n = text.length;
    for (let a = 0; a <= n; ) {
      let b = text.indexOf(' ', a);
      if (b < 0) b = n;
      const len = b - a;
      if (len >= 2) {
        if (isEmoteWord(text, a, b) || isChannelEmote(text, a, b) || (len > 2 && text.charCodeAt(a) === 58 && text.charCodeAt(b - 1) === 58)) tokens++;
      }
      a = b + 1;
    }
  }
  return Math.max(msg.emotes.length, tokens);
}

export function detectEmotes(msg: ChatMessage, s: TextStats, o: SpamConfig['emotes']): Finding | null {
  const n = countEmotes(msg, s);
  if (n < o.max) return null;
  const first = msg.emotes[0];
  const span: [number, number] | undefined = first ? [utf16Index(msg.text, first.start), utf16Index(msg.text, first.end + 1)] : undefined;
  return { filter: 'spam.emotes', severity: n >= o.highMax ? 'medium' : 'low', detail: `${n} emotes`, score: n, ...(span ? { span } : {}) };
}

/** Repeated characters ("!!!!!!!!!!!!!", "哈哈哈哈…") or one word said over and over. */
/** `forms`: the message prepared (its `lower` is read only when the word check runs: most lines stop before). */
export function detectRepeat(text: string, s: TextStats, o: SpamConfig['repeat'], forms?: { readonly lower: string }): Finding | null {
  if (s.maxRun > o.charRun && s.runCode >= 0) {
    const runChar = String.fromCodePoint(s.runCode);
    const at = text.indexOf(runChar.repeat(Math.min(s.maxRun, 4)));
    return {
      filter: 'spam.repeat',
      severity: s.maxRun >= o.charRun * 4 ? 'medium' : 'low',
      detail: `"${runChar}" repeated ${s.maxRun} times`,
      ...(at >= 0 ? { span: [at, at + s.maxRun * runChar.length] as [number, number] } : {}),
    };
  }
  if (s.visible < o.minWords * 2) return null;
  let spaces = 0;
  for (let i = text.indexOf(' '); i >= 0 && spaces < o.minWords; i = text.indexOf(' ', i + 1)) spaces++;
  if (spaces + 1 < o.minWords) return null;
  const lower = forms ? forms.lower : text.toLowerCase();
  if (!mayRepeatWords(lower, o)) return null;
  const words = lower.split(/\s+/);
  if (words.length < o.minWords) return null;
  const counts = new Map<string, number>();
  let top = '';
  let topN = 0;
  for (const w of words) {
    if (!w || w[0] === '@') continue; // mentions ("@user @user") are addressing, not spam
    const n = (counts.get(w) ?? 0) + 1;
    counts.set(w, n);
    if (n > topN) {
      topN = n;
      top = w;
    }
  }
  if (topN <= o.wordRepeats || topN / words.length < 0.4) return null;
  return { filter: 'spam.repeat', severity: topN >= o.wordRepeats * 3 ? 'medium' : 'low', detail: `"${top.slice(0, 30)}" repeated ${topN} times` };
}

/** Word hashes of the line mayRepeatWords reads (grown when a longer line comes). */
let wordKeys = new Int32Array(256);

/**
 * False when no word of `lower` (split at white space as /\s+/ splits it) can be said more than
 * `wordRepeats` times and make 40 % of the pieces: each word counted by its FNV-1a hash, in place.
 * Words that share a hash are counted together, so a count here is never below the word's own:
 * false is exact, true leaves it to the split and count (most long lines repeat nothing, and
 * their split and Map cost more than every other spam check).
 */
function mayRepeatWords(lower: string, o: SpamConfig['repeat']): boolean {
  const n = lower.length;
  if (wordKeys.length < n) wordKeys = new Int32Array(n);
  const keys = wordKeys;
  let k = 0;
  let runs = 0; // runs of white space: the split gives one piece more
  let prevSpace = false;
  let h = FNV_OFFSET;
  let len = 0;
  let mention = false;
  for (let i = 0; i < n; i++) {
    const c = lower.charCodeAt(i);
    const space = isRegexSpace(c);
    if (space) {
      if (!prevSpace) runs++;
      if (len > 0 && !mention) keys[k++] = h;
      h = FNV_OFFSET;
      len = 0;
    } else {
      if (len === 0) mention = c === 64; // '@…' addresses someone: not counted
      h = Math.imul(h ^ c, FNV_PRIME);
      len++;
    }
    prevSpace = space;
  }
  if (len > 0 && !mention) keys[k++] = h;
  const pieces = runs + 1;
  if (pieces < o.minWords || k === 0) return false;
  const sorted = keys.subarray(0, k).sort();
  let top = 1;
  for (let i = 1, run = 1; i < k; i++) {
    run = sorted[i] === sorted[i - 1] ? run + 1 : 1;
    if (run > top) top = run;
  }
  return top > o.wordRepeats && top / pieces >= 0.4;
}

export function detectLength(s: TextStats, o: SpamConfig['length']): Finding | null {
  if (s.codePoints <= o.maxChars) return null;
  return { filter: 'spam.length', severity: s.codePoints > o.highChars ? 'medium' : 'low', detail: `${s.codePoints} characters (limit ${o.maxChars})`, score: s.codePoints };
}

/** Built-in self-promotion phrases, lowercase. English phrases match at word starts; Chinese anywhere. */
export const PROMO_PHRASES: readonly string[] = [
  'follow my channel', 'follow me on', 'check out my', 'check my channel', 'check out our', 'visit my channel', 'visit my',
  'subscribe to my', 'please subscribe', 'pls subscribe', 'plz subscribe', 'sub to my', 'sub for sub', 'sub4sub', 'sub 4 sub', 'subscribe back', 'subscribe me',
  'free followers', 'free viewers', 'free subs', 'free vbucks', 'free v-bucks', 'free robux', 'cheap followers', 'cheap viewers', 'buy followers', 'buy viewers', 'get followers', 'gain followers', 'followers and viewers',
  'promote your', 'click here', 'click the link', 'link in bio', 'earn money', 'make money', 'work from home', 'gift card', 'take a look at my', 'give it a listen',
  '加微信', '加我微信', '加v', '加我v', '加vx', '加wx', '加威信', '加薇信', '加薇', '薇信', '徽信', 'v信', '+vx', '+wx', '➕v', '➕微', '加qq', '加扣扣', '加群', '进群', '私聊', '私信我', '代刷', '刷粉', '刷赞', '刷单', '兼职', '日赚', '日结', '免费领取', '点击链接', '看我主页', '加好友',
];
/** Weaker phrases: ordinary people say them too, so alone they are low severity (allowed, but they add up). */
export const WEAK_PROMO_PHRASES: readonly string[] = [
  'follow my', 'my channel', 'my youtube', 'my twitch', 'my stream', 'my page', 'my website', 'my instagram', 'my new song', 'my new video', 'my music', 'my video',
  'subscribe to', 'subscribe', 'dm me', 'per hour', 'thumbs up', 'like this comment', 'please like', 'check it out', 'check out', 'giveaway', '关注我', '代购', '低价出',
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface PromoMatcher {
  readonly re: RegExp;
  readonly weak: ReadonlySet<string>;
  /** Prefilter over the phrases' first characters (promoPrefixes); null: the regex runs on every line. */
  readonly prefixes: PromoPrefixes | null;
}

/**
 * The phrases' first two to five characters (folded as the regex compares them, a run of white
 * space as one) as key filters (filters/hash.ts), one a length, and their first characters.
 */
export interface PromoPrefixes {
  /** Keys of the phrases' first 2, 3, 4 and 5 characters (index 0: two), each phrase under its own length up to five. */
  readonly keys: readonly Uint32Array[];
  /** Indexed by the folded first character itself: 1 when some phrase starts with it. */
  readonly first: Uint8Array;
  /**
   * Indexed by the raw character, what mayPromo needs of it in one read: bit 2 (WORD_BIT) for
   * [A-Za-z0-9_], and in bits 0-1 whether a phrase can start there: 0 never, 1 only at a word start
   * (a letter or digit: the phrases that begin with one start at \b), 2 anywhere (the rest).
   */
  readonly starts: Uint8Array;
}

/** A character as the case-insensitive, non-Unicode regex compares it (ASCII case; any white space as one). */
function foldPromo(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : isRegexSpace(c) ? 32 : c;
}

/** `\b` before a phrase that starts with [a-z0-9] looks at [A-Za-z0-9_]. */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** foldPromo of every UTF-16 unit, as a table (mayPromo folds up to five units a candidate start). */
const FOLD_PROMO = new Uint16Array(0x10000);
for (let c = 0; c < 0x10000; c++) FOLD_PROMO[c] = foldPromo(c);
const WORD_BIT = 4;
/** Phrase characters a key holds at most. */
const KEY_UNITS = 5;

const pairHash = (a: number, b: number): number => Math.imul(a, 0x9e3779b1) ^ b;
/** The key of one more character after `key` (the keys of three and more go on from tripleKey). */
const nextKey = (key: number, c: number): number => Math.imul(key, 0x85ebca6b) ^ c;

/**
 * A prefilter for the phrase regex: the first two to five characters of each phrase, folded as the
 * regex compares them (a space of the phrase is \s+ there: any run of white space, read as one),
 * hashed into the key filter of that length. A collision only costs a regex run. A phrase stops
 * its key before a cased non-ASCII letter (the regex folds those without the fold here). Null (no
 * prefilter) when a phrase is shorter than two characters, starts with a space, or has a cased
 * non-ASCII letter among its first three characters.
 */
function promoPrefixes(phrases: readonly string[]): PromoPrefixes | null {
  const keys: number[][] = [[], [], [], []];
  const first = new Uint8Array(0x10000);
  for (const p of phrases) {
    if (p.length < 2 || isRegexSpace(p.charCodeAt(0)) || isRegexSpace(p.charCodeAt(1))) return null;
    const cased = (i: number): boolean => p.charCodeAt(i) >= 128 && p[i]!.toUpperCase() !== p[i]!.toLowerCase();
    for (let i = 0; i < 3 && i < p.length; i++) if (cased(i)) return null;
    const a = foldPromo(p.charCodeAt(0));
    first[a] = 1;
    let key = pairHash(a, foldPromo(p.charCodeAt(1)));
    let units = 2;
    let last = -1;
    for (let i = 2; i < p.length && units < KEY_UNITS && !cased(i); i++) {
      const f = foldPromo(p.charCodeAt(i));
      if (f === 32 && last === 32) continue; // one run of white space
      key = units === 2 ? tripleKey(a, foldPromo(p.charCodeAt(1)), f) : nextKey(key, f);
      units++;
      last = f;
    }
    keys[units - 2]!.push(key);
  }
  const starts = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    const word = isWordCode(c);
    starts[c] = (word ? WORD_BIT : 0) | (first[FOLD_PROMO[c]!] === 1 ? (word && c !== 95 ? 1 : 2) : 0);
  }
  return { keys: keys.map(keyBits), first, starts };
}

/** The index of the character that follows the one at `j` (folded `f`) as the keys read it: past a whole run of white space. */
function nextUnit(text: string, j: number, f: number): number {
  if (f !== 32) return j + 1;
  let k = j + 1;
  while (k < text.length && FOLD_PROMO[text.charCodeAt(k)] === 32) k++;
  return k;
}

/** Whether a phrase may start at `i` (i + 1 < text.length): the keys of two to five characters from there. */
function promoAt(text: string, i: number, keys: readonly Uint32Array[]): boolean {
  const fold = FOLD_PROMO;
  const a = fold[text.charCodeAt(i)]!;
  const b = fold[text.charCodeAt(i + 1)]!;
  if (mayHave(keys[0]!, pairHash(a, b))) return true;
  let j = i + 2;
  if (j >= text.length) return false;
  let f = fold[text.charCodeAt(j)]!;
  let key = tripleKey(a, b, f);
  for (let units = 3; ; units++) {
    if (mayHave(keys[units - 2]!, key)) return true;
    if (units === KEY_UNITS) return false;
    j = nextUnit(text, j, f);
    if (j >= text.length) return false;
    f = fold[text.charCodeAt(j)]!;
    key = nextKey(key, f);
  }
}

/**
 * False when no phrase can start anywhere in `text` (most lines): no position holds the first
 * characters of a phrase (at a word start for the phrases that begin with a letter or digit).
 * One table read a character (PromoPrefixes.starts): a start kind above `inWord` (1 after a word
 * character, else 0) is a candidate, so a letter inside a word is passed over without a branch of
 * its own (comparison chains here cost more than the rest of the line's spam checks).
 */
export function mayPromo(text: string, prefixes: PromoPrefixes): boolean {
  const { keys, starts } = prefixes;
  const n = text.length - 1;
  let inWord = 0;
  for (let i = 0; i < n; i++) {
    const t = starts[text.charCodeAt(i)]!;
    if ((t & 3) > inWord && promoAt(text, i, keys)) return true;
    inWord = t >> 2;
  }
  return false;
}

/** Compiles the promotion phrases (built-in plus config, which count as strong) into one matcher. */
export function compilePromo(extra: readonly string[]): PromoMatcher {
  const weak = new Set(WEAK_PROMO_PHRASES);
  const all = [...new Set([...PROMO_PHRASES, ...WEAK_PROMO_PHRASES, ...extra.map((p) => p.toLowerCase())])].sort((a, b) => b.length - a.length);
  const parts = all.map((p) => (/^[a-z0-9]/.test(p) ? `\\b${escapeRegExp(p)}` : escapeRegExp(p)).replace(/ /g, '\\s+'));
  for (const p of extra) weak.delete(p.toLowerCase());
  // No `u` flag: with it V8 runs this alternation ~25x slower (24 µs a message); every phrase is BMP text.
  return { re: new RegExp(parts.join('|'), 'gi'), weak, prefixes: promoPrefixes(all) };
}

/** Self-promotion: one strong phrase is medium, two or more phrases high, a weak phrase alone low. */
export function detectPromo(text: string, promo: PromoMatcher): Finding | null {
  if (promo.prefixes && !mayPromo(text, promo.prefixes)) return null;
  const re = promo.re;
  re.lastIndex = 0;
  let m = re.exec(text);
  if (!m) return null;
  const first = m;
  const seen = new Set<string>();
  let strong = 0;
  while (m) {
    const p = m[0].toLowerCase().replace(/\s+/g, ' ');
    if (!seen.has(p)) {
      seen.add(p);
      if (!promo.weak.has(p)) strong++;
    }
    m = re.exec(text);
  }
  return {
    filter: 'spam.promo',
    severity: seen.size >= 2 && strong >= 1 ? 'high' : strong >= 1 || seen.size >= 2 ? 'medium' : 'low',
    detail: `self-promotion: "${[...seen].slice(0, 3).join('", "')}"`,
    span: [first.index, first.index + first[0].length],
    score: seen.size,
  };
}

/** Every stateless spam detector except links, on one message; findings are appended to `out`. */
/** `forms`: the prepared message, whose lower-cased text the repeat check reads when it needs it. */
export function detectSpam(msg: ChatMessage, cfg: SpamConfig, promo: PromoMatcher, stats: TextStats = textStats(msg.text), out: Finding[] = [], forms?: { readonly lower: string }): Finding[] {
  // Straight-line pushes, no helper closure: this runs on every message.
  let f = detectCaps(stats, cfg.caps);
  if (f) out.push(f);
  f = detectSymbols(stats, cfg.symbols);
  if (f) out.push(f);
  f = detectZalgo(stats, cfg.zalgo);
  if (f) out.push(f);
  f = detectEmotes(msg, stats, cfg.emotes);
  if (f) out.push(f);
  f = detectRepeat(msg.text, stats, cfg.repeat, forms);
  if (f) out.push(f);
  f = detectLength(stats, cfg.length);
  if (f) out.push(f);
  f = detectPromo(msg.text, promo);
  if (f) out.push(f);
  return out;
}
