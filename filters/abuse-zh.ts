/**
 * Chinese abuse matcher: the lexicon in config/lexicons/zh-abuse.ts matched by substring (no word
 * segmentation) over a compact form of the text: Han characters folded traditional → simplified,
 * full-width Latin folded to ASCII, and spaces, symbols and zero-width characters skipped, so 傻 逼,
 * 傻*逼 and 傻.逼 all read 傻逼. Sentence punctuation (。，！？；and newlines) still separates, so
 * one sentence ending in 傻 and the next starting with 逼 do not join.
 *
 * Complaints (骗子, 假货, 退款, 垃圾 about goods) are not in the lexicon; `safe` phrases suppress a
 * match that lies entirely inside them (牛逼 is praise, 公交车站 is a bus stop).
 * Ignores: Latin-only text (filters/abuse-en.ts reports pinyin abbreviations such as sb, nmsl).
 */
import type { Finding, Severity } from '../config/chat.js';
import { FOLD_TABLE } from './normalize.js';
// Local copies of the folding tables (see normalize.ts: no import-binding call in hot loops).
const FOLD = FOLD_TABLE;
const isLatin = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isHanCode = (c: number): boolean => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);


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
    if (isHanCode(f) || isLatin(f) || (f >= 0x30 && f <= 0x39)) out += String.fromCharCode(f);
  }
  return out;
}

const BREAKS = new Set([0x3002, 0xff0c, 0xff01, 0xff1f, 0xff1b, 0x0a, 0x0d]);

export function compileZhMatcher(lex: ZhLexicon): ZhMatcher {
  const byFirst = new Map<number, ZhEntry[]>();
  const safeByFirst = new Map<number, string[]>();
  const allowed = new Set(lex.allowed.map(foldZh));
  const add = (raw: string, severity: Severity, kind: string): void => {
    const term = foldZh(raw);
    if (term.length < 1 || allowed.has(term) || !/\p{Script=Han}/u.test(term)) return;
    const e: ZhEntry = { term, severity, kind, latinTail: isLatin(term.charCodeAt(term.length - 1)) };
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
    list.push(s);
    safeByFirst.set(k, list);
  }

  const MAX = 2048;
  const pos = new Int32Array(MAX + 1);
  const posEnd = new Int32Array(MAX + 1);

  const scan = (text: string, out: Finding[]): void => {
    // Compact form: Han, Latin letters and digits; segments split at sentence punctuation ('\u0001').
    let compact = '';
    let n = 0;
    for (let i = 0; i < text.length && n < MAX; i++) {
      const raw = text.charCodeAt(i);
      if (BREAKS.has(raw)) {
        if (n > 0 && compact.charCodeAt(n - 1) !== 1) {
          compact += '\u0001';
          pos[n] = i;
          posEnd[n] = i + 1;
          n++;
        }
        continue;
      }
      const f = FOLD[raw]!;
      if (f === -1) continue;
      if (isHanCode(f) || isLatin(f) || (f >= 0x30 && f <= 0x39)) {
        compact += String.fromCharCode(f);
        pos[n] = i;
        posEnd[n] = i + 1;
        n++;
      }
    }
    let safeUntil = -1;
    let safeFrom = -1;
    for (let p = 0; p < n; p++) {
      const k = compact.charCodeAt(p);
      const safes = safeByFirst.get(k);
      if (safes) {
        for (const s of safes) {
          if (compact.startsWith(s, p) && p + s.length > safeUntil) {
            safeFrom = p;
            safeUntil = p + s.length;
          }
        }
      }
      const list = byFirst.get(k);
      if (!list) continue;
      for (const e of list) {
        if (!compact.startsWith(e.term, p)) continue;
        const end = p + e.term.length;
        if (e.latinTail && end < n && isLatin(compact.charCodeAt(end))) continue;
        if (p >= safeFrom && end <= safeUntil) continue;
        // Latin letters before the term must not be part of a Latin word running into it.
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
