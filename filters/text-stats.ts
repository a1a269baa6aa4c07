/**
 * One pass over a message's text, counting what the stateless spam detectors need: cased letters
 * and capitals, symbols, combining marks, the longest run of one character, code points; noting
 * what some detectors look for first ('@', ':', link characters, ASCII digits); and, for
 * filters/prepare.ts, the compare form's key and weight. Written as a char-code loop over class
 * tables (no per-character regex, no comparison chain) because it runs on every message.
 *
 * What counts as a symbol: ASCII punctuation and symbols, box drawing, block elements, Braille and
 * other pictographic-art characters. What never counts: letters of any script, digits, spaces,
 * CJK and full-width punctuation (`这个多少钱？…` has no symbols), general punctuation such as
 * `…` and curly quotes, and emoji (those are counted as emotes).
 */

import { FNV_OFFSET, FNV_PRIME } from './hash.js';
import { isHanCodePoint, isHanUnit } from '../config/script.js';

export interface TextStats {
  /** Code points. */
  readonly codePoints: number;
  /** Code points that are not white space. */
  readonly visible: number;
  /** Letters that have case (Latin, Greek, Cyrillic, full-width Latin). Han, kana, Hangul never count. */
  readonly cased: number;
  readonly upper: number;
  /** Letters without case (Han, kana, Hangul...). */
  readonly caseless: number;
  readonly digits: number;
  readonly symbols: number;
  /** Combining marks (U+0300–036F and the other combining blocks). */
  readonly marks: number;
  /** Most combining marks stacked on one base character. */
  readonly maxMarkStack: number;
  /** Longest run of one repeated non-space character, and the character's code point (-1: none). */
  readonly maxRun: number;
  /** A code point, not a string: building one per message (String.fromCodePoint) costs more than the whole pass. */
  readonly runCode: number;
  /** Emoji (pictographic code points ≥ U+1F000 and U+2600–27BF). */
  readonly emoji: number;
  /** A Han character in the BMP (filters/script.ts isHanUnit): the line's language is 'zh'. */
  readonly hasHanUnit: boolean;
  /** An ASCII letter (a-z, A-Z): 'en' when there is no Han. */
  readonly hasAsciiLetter: boolean;
  /** ASCII digits alone (`digits` counts full-width ones too): the privacy patterns read only these. */
  readonly asciiDigits: number;
  /** An '@' (filters/pii.ts: no e-mail address without one). */
  readonly hasAt: boolean;
  /** A ':' (filters/spam.ts: colon emote codes). */
  readonly hasColon: boolean;
  /** A character every link holds one of ('.', ':', 'd' or 'D', 。．｡点): filters/links.ts looks no further without one. */
  readonly mayLink: boolean;
}

const LETTER_FALLBACK = /\p{L}/u;

function isMark(c: number): boolean {
  return (c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) || (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe20 && c <= 0xfe2f) || (c >= 0x0483 && c <= 0x0489);
}

/** Punctuation that is ordinary writing, never "symbols" (CJK, full-width, general punctuation). */
function isWritingPunct(c: number): boolean {
  return (c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65) || (c >= 0x2010 && c <= 0x2027) || c === 0xb7 || c === 0x30fb;
}

/**
 * Character classes of the stats pass, one byte a UTF-16 unit (CLASS): what each unit adds to the
 * counts. The pass reads one table entry a unit and adds to COUNTS[class] instead of walking the
 * comparison chains below for every character (their text-dependent branches were most of its
 * cost); `classOf` holds the rules, the table only caches them.
 */
const C_SPACE = 0;
const C_MARK = 1;
/** Visible, counted as nothing else (controls, zero-width characters, writing punctuation). */
const C_NONE = 2;
const C_LOWER_ASCII = 3;
const C_UPPER_ASCII = 4;
/** Full-width and other cased letters (not ASCII). */
const C_LOWER = 5;
const C_UPPER = 6;
const C_DIGIT = 7;
const C_SYMBOL = 8;
/** A BMP Han unit: caseless, and the line's language is 'zh'. */
const C_HAN = 9;
const C_CASELESS = 10;
const C_EMOJI = 11;
/** A full-width digit (a digit, not an ASCII one). */
const C_DIGIT_WIDE = 12;
const N_CLASSES = 13;
/** Not a class, a note in the table: a high surrogate (the pair is read as one code point), or a unit not classified yet. */
const C_HIGH_SURROGATE = 13;
const C_UNKNOWN = 14;
/** A CLASS entry's class bits; the bits above are the unit's flags (F_AT, F_COLON, F_LINK). */
const CLASS_BITS = 15;

/**
 * The class of a code point by every rule of the pass but the last, in order (what textStats has
 * always counted); C_UNKNOWN when only the runtime's case mapping can tell (caseClass).
 */
function ruleClass(c: number): number {
  if (c < 128) {
    if (c === 32 || c === 9 || c === 10 || c === 13) return C_SPACE;
    if (c >= 97 && c <= 122) return C_LOWER_ASCII;
    if (c >= 65 && c <= 90) return C_UPPER_ASCII;
    if (c >= 48 && c <= 57) return C_DIGIT;
    return c > 32 ? C_SYMBOL : C_NONE;
  }
  if (c === 0x3000 || c === 0xa0) return C_SPACE;
  if (isMark(c)) return C_MARK;
  if (isHanCodePoint(c) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af)) return isHanUnit(c) ? C_HAN : C_CASELESS;
  if (c >= 0xff21 && c <= 0xff3a) return C_UPPER;
  if (c >= 0xff41 && c <= 0xff5a) return C_LOWER;
  if (c >= 0xff10 && c <= 0xff19) return C_DIGIT_WIDE;
  if (c === 0xfeff || c === 0x200b || c === 0x200c || c === 0x200d || c === 0xfe0f) return C_NONE;
  if (isWritingPunct(c)) return C_NONE;
  if (c >= 0x1f000 || (c >= 0x2600 && c <= 0x27bf) || (c >= 0x2b00 && c <= 0x2bff)) return C_EMOJI;
  return C_UNKNOWN;
}

/** The last rule: a letter with case (upper or not), a caseless letter, else a symbol. */
function caseClass(c: number): number {
  const ch = String.fromCodePoint(c);
  const lower = ch.toLowerCase();
  const up = ch.toUpperCase();
  if (lower !== up) return ch !== lower ? C_UPPER : C_LOWER;
  return LETTER_FALLBACK.test(ch) ? C_CASELESS : C_SYMBOL;
}

function classOf(c: number): number {
  const k = ruleClass(c);
  return k === C_UNKNOWN ? caseClass(c) : k;
}

/** Characters some detector looks for before anything else, as bits the pass ORs together (TextStats.hasAt, hasColon, mayLink). */
const F_AT = 16;
const F_COLON = 32;
const F_LINK = 64;

/**
 * classOf of every BMP unit in the low four bits, its flags above them; the units that need the
 * runtime's case mapping get their class on first sight (a bounded cache: one byte a unit, 64 KB
 * in all). High surrogates stay C_HIGH_SURROGATE.
 */
const CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) CLASS[c] = c >= 0xd800 && c <= 0xdbff ? C_HIGH_SURROGATE : ruleClass(c);
CLASS[0x40]! |= F_AT;
CLASS[0x3a]! |= F_COLON | F_LINK;
for (const c of [0x2e, 0x64, 0x44, 0x3002, 0xff0e, 0xff61, 0x70b9]) CLASS[c]! |= F_LINK;

/**
 * The compare form's unit for each UTF-16 unit (see normalizeForCompare): ASCII letters lower-cased,
 * digits kept, white space, controls, ASCII, CJK and full-width punctuation 0 (dropped), every
 * other unit itself. '@' is 0 too: a mention start is read from the text around it. scanCompare's
 * rules as a table (test/unit/filters/prepare.test.ts holds the two to the same keys and weights).
 */
const COMPARE = new Uint16Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  if (c <= 32 || c === 0x3000 || c === 0xa0 || c === 0xfeff || c === 0x200b) continue;
  if (c < 128) {
    if (c >= 65 && c <= 90) COMPARE[c] = c + 32;
    else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) COMPARE[c] = c;
  } else if (!isWritingPunct(c)) COMPARE[c] = c;
}

/** Counts by class, reset each pass (one pass at a time: the pass is synchronous). */
const COUNTS = new Int32Array(N_CLASSES);

export function textStats(text: string): TextStats {
  return statsPass(text, SCAN_UNUSED);
}

/**
 * textStats and the compare form's key and weight (scanCompare's rules) in one pass over the text:
 * the stats, returned, and the key and weight, written into `scan` (filters/prepare.ts reads both).
 */
export function textStatsAndCompare(text: string, scan: CompareScan): TextStats {
  return statsPass(text, scan);
}

function statsPass(text: string, scan: CompareScan): TextStats {
  const counts = COUNTS;
  for (let k = 0; k < N_CLASSES; k++) counts[k] = 0;
  const table = CLASS;
  const form = COMPARE;
  let codePoints = 0;
  let stack = 0;
  let maxMarkStack = 0;
  let run = 0;
  let maxRun = 0;
  let prev = -1;
  let runCode = -1;
  // the compare form (scanCompare's rules): its units so far, weight, hash, last unit; `mention`
  // while inside an @mention; `before`: the unit before this one
  let m = 0;
  let weight = 0;
  let h = FNV_OFFSET;
  let last = -1;
  let mention = false;
  let before = 32;
  let flags = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    const entry = table[c]!;
    let k = entry & CLASS_BITS;
    flags |= entry;
    // the compare form, unit by unit
    if (mention) {
      if (c <= 32) mention = false;
    } else if (m < 400) {
      const f = form[c]!;
      if (f !== 0) {
        if (f !== last) {
          last = f;
          m++;
          weight += f > 0x7f ? 2 : 1;
          h = Math.imul(h ^ f, FNV_PRIME);
        }
      } else if (c === 64 && before <= 32) mention = true;
    }
    before = c;
    if (k >= C_HIGH_SURROGATE) {
      if (k === C_UNKNOWN) {
        k = classOf(c);
        table[c] = k | (entry & ~CLASS_BITS);
      }
      else {
        const lo = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          // a pair: one code point for the stats, two units for the compare form
          c = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
          i++;
          // emoji (U+1F000 up, below the supplementary ideographs) are most pairs: no rule chain
          k = c >= 0x1f000 && c < 0x20000 ? C_EMOJI : classOf(c);
          if (!mention && m < 400 && lo !== last) {
            last = lo;
            m++;
            weight += 2;
            h = Math.imul(h ^ lo, FNV_PRIME);
          }
          before = lo;
        } else k = classOf(c); // a lone high surrogate (its table entry stays)
      }
    }
    codePoints++;
    if (k <= C_MARK) {
      if (k === C_SPACE) {
        run = 0;
        prev = -1;
        stack = 0;
      } else if (++stack > maxMarkStack) maxMarkStack = stack;
      counts[k]!++;
      continue;
    }
    stack = 0;
    if (c === prev) run++;
    else {
      run = 1;
      prev = c;
    }
    if (run > maxRun) {
      maxRun = run;
      runCode = c;
    }
    counts[k]!++;
  }
  scan.key = m < 2 ? 0 : h >>> 0 || 1;
  scan.weight = weight;
  const lowerAscii = counts[C_LOWER_ASCII]!;
  const upperAscii = counts[C_UPPER_ASCII]!;
  const upper = upperAscii + counts[C_UPPER]!;
  return {
    codePoints,
    visible: codePoints - counts[C_SPACE]! - counts[C_MARK]!,
    cased: lowerAscii + counts[C_LOWER]! + upper,
    upper,
    caseless: counts[C_HAN]! + counts[C_CASELESS]!,
    digits: counts[C_DIGIT]! + counts[C_DIGIT_WIDE]!,
    symbols: counts[C_SYMBOL]!,
    marks: counts[C_MARK]!,
    maxMarkStack,
    maxRun,
    runCode,
    emoji: counts[C_EMOJI]!,
    hasHanUnit: counts[C_HAN]! > 0,
    hasAsciiLetter: lowerAscii + upperAscii > 0,
    asciiDigits: counts[C_DIGIT]!,
    hasAt: (flags & F_AT) !== 0,
    hasColon: (flags & F_COLON) !== 0,
    mayLink: (flags & F_LINK) !== 0,
  };
}

/** Code-point index → UTF-16 index (emote ranges are code points; findings' spans are UTF-16). */
export function utf16Index(text: string, codePointIndex: number): number {
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    if (cp === codePointIndex) return i;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    cp++;
  }
  return text.length;
}

/**
 * The form two messages are compared in (per-user repeats, raids): lowercase, no white space, no
 * @mentions, ASCII, CJK or full-width punctuation, runs of one character collapsed ("LULLLL!!!" → "lul"). Other scripts, emoji
 * and ASCII-art characters are kept. Stops after `max` characters.
 */
export function normalizeForCompare(text: string, max = 400): string {
  return compareString(compareCodes(text, max));
}

/** The compare form's UTF-16 units (a fresh array: a shared scratch resized per call is slower in V8). */
function compareCodes(text: string, max: number): number[] {
  const codes: number[] = [];
  scanCompare(text, max, SCAN_UNUSED, codes);
  return codes;
}
const SCAN_UNUSED: CompareScan = { key: 0, weight: 0 };

/** The string of `codes`, built flat (`out += ch` would make a rope that every later compare flattens). */
function compareString(codes: number[]): string {
  return codes.length === 0 ? '' : codes.length === 1 ? String.fromCharCode(codes[0]!) : String.fromCharCode.apply(null, codes);
}

/** The compare form's units, up to 400 (filters/prepare.ts builds the form from them when it is read). */
export function compareCodesOf(text: string): number[] {
  return compareCodes(text, 400);
}

export { compareString };

/** The compare form as a string: `text` itself when the form left it unchanged (no copy), else built from `codes`. */
export function compareFormOf(text: string, codes: readonly number[]): string {
  const m = codes.length;
  if (m === text.length) {
    let same = true;
    for (let i = 0; i < m && same; i++) if (codes[i] !== text.charCodeAt(i)) same = false;
    if (same) return text;
  }
  return compareString(codes as number[]);
}

/**
 * What prepare() keeps of a compare form without building it (textStatsAndCompare): most lines need
 * only these (flood's key; raid skips a form whose weighted length is under its minimum).
 */
export interface CompareScan {
  /** FNV-1a of the form (never 0), or 0 when it is shorter than two characters. */
  key: number;
  /** Its length with every unit above U+007F counted twice: filters/raid.ts weightedLength of the form. */
  weight: number;
}

/**
 * The one loop of the compare form: its units in order, up to `max`, each hashed and weighed into
 * `out` and, when `codes` is given, pushed there.
 */
function scanCompare(text: string, max: number, out: CompareScan, codes: number[] | null): void {
  let m = 0;
  let weight = 0;
  let h = FNV_OFFSET;
  let prev = -1;
  const n = text.length;
  for (let i = 0; i < n && m < max; i++) {
    let c = text.charCodeAt(i);
    if (c <= 32 || c === 0x3000 || c === 0xa0 || c === 0xfeff || c === 0x200b) continue;
    if (c === 64 && (i === 0 || text.charCodeAt(i - 1) <= 32)) {
      // @mentions differ from copy to copy ("@streamer", "@user"): skip the whole word
      while (i + 1 < n && text.charCodeAt(i + 1) > 32) i++;
      continue;
    }
    if (c < 128) {
      if (c >= 65 && c <= 90) c += 32;
      else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) continue;
    } else if (isWritingPunct(c)) continue;
    if (c === prev) continue;
    prev = c;
    m++;
    weight += c > 0x7f ? 2 : 1;
    h = Math.imul(h ^ c, FNV_PRIME);
    if (codes !== null) codes.push(c);
  }
  out.key = m < 2 ? 0 : h >>> 0 || 1;
  out.weight = weight;
}
