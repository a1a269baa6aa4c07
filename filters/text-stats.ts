/**
 * One pass over a message's text, counting what the stateless spam detectors need: cased letters
 * and capitals, symbols, combining marks, the longest run of one character, code points. Written
 * as a char-code loop (no per-character regex) because it runs on every message.
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
}

const LETTER_FALLBACK = /\p{L}/u;

function isMark(c: number): boolean {
  return (c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) || (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe20 && c <= 0xfe2f) || (c >= 0x0483 && c <= 0x0489);
}

/** Punctuation that is ordinary writing, never "symbols" (CJK, full-width, general punctuation). */
function isWritingPunct(c: number): boolean {
  return (c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65) || (c >= 0x2010 && c <= 0x2027) || c === 0xb7 || c === 0x30fb;
}

export function textStats(text: string): TextStats {
  let codePoints = 0;
  let visible = 0;
  let cased = 0;
  let upper = 0;
  let caseless = 0;
  let digits = 0;
  let symbols = 0;
  let marks = 0;
  let stack = 0;
  let maxMarkStack = 0;
  let run = 0;
  let maxRun = 0;
  let prev = -1;
  let runCode = -1;
  let emoji = 0;
  let hasHanUnit = false;
  let hasAsciiLetter = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 128) {
      // ASCII (most characters): the same steps as below, without the other scripts' tests
      codePoints++;
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        run = 0;
        prev = -1;
        stack = 0;
        continue;
      }
      stack = 0;
      visible++;
      if (c === prev) run++;
      else {
        run = 1;
        prev = c;
      }
      if (run > maxRun) {
        maxRun = run;
        runCode = c;
      }
      if (c >= 97 && c <= 122) {
        cased++;
        hasAsciiLetter = true;
      } else if (c >= 65 && c <= 90) {
        cased++;
        upper++;
        hasAsciiLetter = true;
      } else if (c >= 48 && c <= 57) digits++;
      else if (c > 32) symbols++;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        i++;
      }
    }
    codePoints++;
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0x3000 || c === 0xa0) {
      run = 0;
      prev = -1;
      stack = 0;
      continue;
    }
    if (isMark(c)) {
      marks++;
      stack++;
      if (stack > maxMarkStack) maxMarkStack = stack;
      continue;
    }
    stack = 0;
    visible++;
    if (c === prev) {
      run++;
    } else {
      run = 1;
      prev = c;
    }
    if (run > maxRun) {
      maxRun = run;
      runCode = c;
    }
    if (c < 128) {
      if (c >= 65 && c <= 90) {
        cased++;
        upper++;
      } else if (c >= 97 && c <= 122) cased++;
      else if (c >= 48 && c <= 57) digits++;
      else if (c > 32 && c !== 0xfeff) symbols++;
      continue;
    }
    if (isHanCodePoint(c) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af)) {
      if (isHanUnit(c)) hasHanUnit = true;
      caseless++;
      continue;
    }
    if (c >= 0xff21 && c <= 0xff3a) {
      cased++;
      upper++;
      continue;
    }
    if (c >= 0xff41 && c <= 0xff5a) {
      cased++;
      continue;
    }
    if (c >= 0xff10 && c <= 0xff19) {
      digits++;
      continue;
    }
    if (c === 0xfeff || c === 0x200b || c === 0x200c || c === 0x200d || c === 0xfe0f) continue;
    if (isWritingPunct(c)) continue;
    if (c >= 0x1f000 || (c >= 0x2600 && c <= 0x27bf) || (c >= 0x2b00 && c <= 0x2bff)) {
      emoji++;
      continue;
    }
    const ch = String.fromCodePoint(c);
    const lower = ch.toLowerCase();
    const up = ch.toUpperCase();
    if (lower !== up) {
      cased++;
      if (ch !== lower) upper++;
    } else if (LETTER_FALLBACK.test(ch)) caseless++;
    else symbols++;
  }
  return { codePoints, visible, cased, upper, caseless, digits, symbols, marks, maxMarkStack, maxRun, runCode, emoji, hasHanUnit, hasAsciiLetter };
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

/** What prepare() keeps of a compare form without building it (see compareScan). */
export interface CompareScan {
  /** FNV-1a of the form (never 0), or 0 when it is shorter than two characters. */
  key: number;
  /** Its length with every unit above U+007F counted twice: filters/raid.ts weightedLength of the form. */
  weight: number;
}

/**
 * The compare form's key and weighted length in one pass, without an array or a string. Most lines
 * need only these (flood's key; raid skips a form whose weighted length is under its minimum), and
 * the form itself is built when read.
 */
export function compareScan(text: string, out: CompareScan): void {
  scanCompare(text, 400, out, null);
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
