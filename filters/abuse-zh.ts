/**
 * Chinese abuse matcher: the lexicon in config/lexicons/zh-abuse.ts matched by substring (no word
 * segmentation) over a compact form of the text: Han characters folded traditional → simplified,
 * full-width Latin folded to ASCII, and spaces, symbols and zero-width characters skipped, so 傻 逼,
 * 傻*逼 and 傻.逼 all read 傻逼. Sentence punctuation (。，！？；and newlines) still separates, so
 * one sentence ending in 傻 and the next starting with 逼 do not join.
 *
 * Complaints (骗子, 假货, 退款, 垃圾 about goods) are not in the lexicon. `safe` phrases are ordinary
 * words that cancel a match lying inside them (牛逼 is praise, 公交车站 is a bus stop) or one the
 * match would split: a hit must not cut a known word in two, the way a word segmenter would read it
 * (主播垃圾|袋 is 主播 + 垃圾袋, 吃|鸡吧 is 吃鸡 + 吧, 中|国男装 is 中国 + 男装). A safe phrase wholly
 * inside a longer hit does not cancel it (垃圾主播 stays an insult), and a shorter entry at the same
 * start is still tried (操你妈妈 → 操你).
 * Ignores: Latin-only text (filters/abuse-en.ts reports pinyin abbreviations such as sb, nmsl).
 */
import type { Finding, Severity } from '../config/chat.js';
import { FOLD_TABLE } from './normalize.js';
import { isHanUnit } from '../config/script.js';
import { keyBits, mayHave } from './hash.js';
// Local copies of the folding tables (see normalize.ts: no import-binding call in hot loops).
const FOLD = FOLD_TABLE;
const isLatin = (c: number): boolean => c >= 0x61 && c <= 0x7a;


interface ZhEntry {
  readonly term: string;
  readonly severity: Severity;
  readonly kind: string;
  /** True when the term ends in a Latin letter (傻b): the next compact char must not be a letter. */
  readonly latinTail: boolean;
}

export interface ZhLexicon {
  readonly high: readonly string[];
  readonly medium: readonly string[];
  readonly safe: readonly string[];
  readonly blocked: readonly string[];
  readonly allowed: readonly string[];
}

export interface ZhMatcher {
  scan(text: string, out: Finding[]): void;
}

function foldZh(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const f = FOLD[s.charCodeAt(i)]!;
    if (f === -1) continue;
    if (isHanUnit(f) || isLatin(f) || (f >= 0x30 && f <= 0x39)) out += String.fromCharCode(f);
  }
  return out;
}

const BREAKS = new Set([0x3002, 0xff0c, 0xff01, 0xff1f, 0xff1b, 0x0a, 0x0d]);

/** A key of two compact characters for a key filter. */
function pairKey(a: number, b: number): number {
  return Math.imul(a, 0x9e3779b1) ^ b;
}

/** A term as UTF-16 codes, for comparing against the compact codes without building a string. */
interface Coded {
  readonly codes: Int32Array;
}

function codesOf(s: string): Int32Array {
  const a = new Int32Array(s.length);
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  return a;
}

/** True when `buf[at, at + want.length)` (within `n`) equals `want`. */
function startsAt(buf: Int32Array, n: number, at: number, want: Int32Array): boolean {
  if (at + want.length > n) return false;
  for (let k = 0; k < want.length; k++) if (buf[at + k] !== want[k]) return false;
  return true;
}

export function compileZhMatcher(lex: ZhLexicon): ZhMatcher {
  const byFirst = new Map<number, (ZhEntry & Coded)[]>();
  const safeByFirst = new Map<number, Int32Array[]>();
  const allowed = new Set(lex.allowed.map(foldZh));
  const add = (raw: string, severity: Severity, kind: string): void => {
    const term = foldZh(raw);
    if (term.length < 1 || allowed.has(term) || !/\p{Script=Han}/u.test(term)) return;
    const e: ZhEntry & Coded = { term, severity, kind, latinTail: isLatin(term.charCodeAt(term.length - 1)), codes: codesOf(term) };
    const k = term.charCodeAt(0);
    const list = byFirst.get(k) ?? [];
    const same = list.findIndex((x) => x.term === term);
    if (same >= 0) {
      if (severity === 'high' || kind === 'blocked term') list[same] = e;
    } else list.push(e);
    byFirst.set(k, list);
  };
  for (const t of lex.high) add(t, 'high', 'slur or harassment');
  for (const t of lex.medium) add(t, 'medium', 'insult');
  for (const t of lex.blocked) add(t, 'medium', 'blocked term');
  for (const list of byFirst.values()) list.sort((a, b) => b.term.length - a.term.length);
  for (const raw of [...lex.safe, ...lex.allowed]) {
    const s = foldZh(raw);
    if (!s) continue;
    const k = s.charCodeAt(0);
    const list = safeByFirst.get(k) ?? [];
    list.push(codesOf(s));
    safeByFirst.set(k, list);
  }
  // Which compact characters start an entry (bit 1) or a safe phrase (bit 2): one byte read a
  // character, and a Map lookup only where something starts (most characters start nothing).
  const starts = new Uint8Array(0x10000);
  for (const k of byFirst.keys()) starts[k]! |= 1;
  for (const k of safeByFirst.keys()) starts[k]! |= 2;
  // Their first two characters too, as key filters (filters/hash.ts): an entry or a safe phrase of
  // one character marks its first one as enough (bit 4 and 8 of `starts`). Most places where a
  // first character stands (你, 不, 主 start many entries) are followed by no entry's second one,
  // and one bit read says so before the entries of that character are compared one by one.
  const entryPairs: number[] = [];
  const safePairs: number[] = [];
  for (const [k, list] of byFirst) for (const e of list) if (e.codes.length >= 2) entryPairs.push(pairKey(k, e.codes[1]!)); else starts[k]! |= 4;
  for (const [k, list] of safeByFirst) for (const c of list) if (c.length >= 2) safePairs.push(pairKey(k, c[1]!)); else starts[k]! |= 8;
  const entryPairBits = keyBits(entryPairs);
  const safePairBits = keyBits(safePairs);
  /** Whether an entry (bit 1) or a safe phrase (bit 2) can start at compact[p] (of n). */
  const mayStart = (bit: 1 | 2, p: number, n: number): boolean => {
    const c = compact[p]!;
    const st = starts[c]!;
    if ((st & bit) === 0) return false;
    if ((st & (bit << 2)) !== 0) return true; // a one-character entry or phrase
    return p + 1 < n && mayHave(bit === 1 ? entryPairBits : safePairBits, pairKey(c, compact[p + 1]!));
  };
  const KEPT = keptTable();
  const COMPACT = compactTable();
  // The same first-entry bit by raw character (folded, kept): one pass with one byte read a
  // character tells whether any entry can start in the line before the compact form is built.
  const rawStarts = new Uint8Array(0x10000);
  for (let raw = 0; raw < 0x10000; raw++) {
    const f = FOLD[raw]!;
    if (f !== -1 && KEPT[raw] === KEEP) rawStarts[raw] = starts[f]! & 1;
  }

  const MAX = 2048;
  const compact = new Int32Array(MAX + 1);
  const pos = new Int32Array(MAX + 1);
  const posEnd = new Int32Array(MAX + 1);
  const safeA = new Int32Array(MAX);
  const safeB = new Int32Array(MAX);

  // A hit that would split a safe phrase, or lies inside one, is not a hit: 垃圾袋 cancels 主播垃圾
  // in 主播垃圾袋, 吃鸡 cancels 鸡吧 in 吃鸡吧. A safe phrase wholly inside a longer hit does not
  // (垃圾 in 垃圾主播). Shorter entries at the same start are still tried, so 操你妈妈 (妈妈 is
  // safe) is still caught as 操你.
  const cancelled = (p: number, end: number, nSafe: number): boolean => {
    for (let k = 0; k < nSafe; k++) {
      const a = safeA[k]!;
      const b = safeB[k]!;
      if (a < end && b > p && (a < p || b > end || (a === p && b === end))) return true;
    }
    return false;
  };

  const scan = (text: string, out: Finding[]): void => {
    let may = 0;
    for (let i = 0; i < text.length && may === 0; i++) may = rawStarts[text.charCodeAt(i)]!;
    if (may === 0) return; // no character starts an entry (most lines)
    // Compact form: Han, Latin letters and digits; segments split at sentence punctuation (code 1).
    let n = 0;
    let any = 0;
    for (let i = 0; i < text.length && n < MAX; i++) {
      const f = COMPACT[text.charCodeAt(i)]!;
      if (f === 0) continue;
      if (f === COMPACT_BREAK) {
        if (n > 0 && compact[n - 1] !== 1) {
          compact[n] = 1;
          pos[n] = i;
          posEnd[n] = i + 1;
          n++;
        }
        continue;
      }
      compact[n] = f;
      pos[n] = i;
      posEnd[n] = i + 1;
      any |= starts[f]!;
      n++;
    }
    if ((any & 1) === 0) return; // no character starts an entry
    // Safe phrases first: every [start, end) in the compact text (usually none).
    let nSafe = 0;
    if ((any & 2) !== 0) {
      for (let p = 0; p < n; p++) {
        if (!mayStart(2, p, n)) continue;
        for (const s of safeByFirst.get(compact[p]!)!) {
          if (nSafe < MAX && startsAt(compact, n, p, s)) {
            safeA[nSafe] = p;
            safeB[nSafe++] = p + s.length;
          }
        }
      }
    }
    for (let p = 0; p < n; p++) {
      if (!mayStart(1, p, n)) continue;
      for (const e of byFirst.get(compact[p]!)!) {
        if (!startsAt(compact, n, p, e.codes)) continue;
        const end = p + e.codes.length;
        if (e.latinTail && end < n && isLatin(compact[end]!)) continue;
        if (nSafe > 0 && cancelled(p, end, nSafe)) continue;
        const start = pos[p]!;
        const stop = posEnd[end - 1]!;
        out.push({ filter: 'abuse.zh', severity: e.severity, detail: `matched "${text.slice(start, stop)}" (${e.kind})`, span: [start, stop] });
        p = end - 1;
        break;
      }
    }
  };
  return { scan };
}

const KEEP = 1;
const BREAK = 2;
let kept: Uint8Array | null = null;

/** In the compact table: sentence punctuation (compact code 1). */
const COMPACT_BREAK = 1;
let compactCodes: Uint16Array | null = null;
/**
 * Per raw UTF-16 unit, what it is in the compact form, in one read: its fold when kept (Han, a
 * Latin letter, a digit: codes from 0x30 up), COMPACT_BREAK for sentence punctuation, 0 when
 * skipped (folded to IGNORE, or anything else). keptTable and FOLD_TABLE read together.
 */
function compactTable(): Uint16Array {
  if (compactCodes) return compactCodes;
  const k = keptTable();
  const t = new Uint16Array(0x10000);
  for (let raw = 0; raw < 0x10000; raw++) {
    const f = FOLD[raw]!;
    if (f === -1 || k[raw] === 0) continue;
    t[raw] = k[raw] === BREAK ? COMPACT_BREAK : f;
  }
  compactCodes = t;
  return t;
}
/**
 * Per raw UTF-16 unit: BREAK for sentence punctuation, KEEP when its fold is Han, a Latin letter
 * or a digit, 0 otherwise (skipped). Built once; FOLD_TABLE is fixed.
 */
function keptTable(): Uint8Array {
  if (kept) return kept;
  const t = new Uint8Array(0x10000);
  for (let raw = 0; raw < 0x10000; raw++) {
    if (BREAKS.has(raw)) t[raw] = BREAK;
    else {
      const f = FOLD[raw]!;
      if (f !== -1 && (isHanUnit(f) || isLatin(f) || (f >= 0x30 && f <= 0x39))) t[raw] = KEEP;
    }
  }
  kept = t;
  return t;
}
