/**
 * English abuse matcher: bad-words' list plus config/lexicons/en-abuse.ts, compiled once into hash
 * tables keyed by the "collapsed" form of a word (folded, leetspeak applied, repeated letters
 * squeezed: "fuuuuck" → "fuck" with run lengths [1,4,1,1]). A token matches a list word when the
 * collapsed forms are equal and every run is at least as long as the word's (so "fuuuck" matches
 * fuck but "as" never matches ass), optionally followed by a plural/verb suffix. Only a short list
 * of unambiguous stems (fuck, shit, bitch...) match inside longer words, which is what keeps
 * Scunthorpe, assassin, classic, cockpit and Kreygasm clean.
 *
 * Tokens: runs of letters (after foldCode: case, full-width, accents, Cyrillic/Greek look-alikes,
 * zero-width dropped) with leetspeak inside words; three or more single letters separated by one or
 * two symbols or spaces ("f u c k", "f.u.c.k", "f*u*c*k") are joined into one token.
 * Ignores: Han text (filters/abuse-zh.ts), except Latin pinyin abbreviations (sb, nmsl) it reports
 * as 'abuse.zh'.
 */
import type { Finding, Severity } from '../config/chat.js';
import { FOLD_TABLE, LEET_TABLE, foldTerm } from './normalize.js';
import { FNV_OFFSET, FNV_PRIME, keyBits, mayHave } from './hash.js';
// Local copies of the folding tables (see normalize.ts: no import-binding call in hot loops).
const FOLD = FOLD_TABLE;
const LEET = LEET_TABLE;

/**
 * What the tokenizer makes of each UTF-16 unit, folded and leetspeak applied, in one byte: a letter
 * a-z (its code), a leetspeak character (128 + the letter it stands for: a letter only inside a
 * word), T_IGNORE (dropped, as if absent), T_HAN (ends a token; the line has Han) or T_SEP (ends a
 * token). One read a character instead of the fold table, the leet table and the range tests in
 * turn (and 64 KB instead of the fold table's 256 KB).
 */
const T_SEP = 0;
const T_IGNORE = 1;
const T_HAN = 2;
const T_LEET = 128;
const TOKEN = new Uint8Array(0x10000);
for (let raw = 0; raw < 0x10000; raw++) {
  // Han (and the other units of U+3400–9FFF) fold within that range: read as themselves
  // (test/unit/filters/normalize.test.ts holds the table to it)
  const f = raw >= 0x3400 && raw <= 0x9fff ? raw : FOLD[raw]!;
  if (f === -1) TOKEN[raw] = T_IGNORE;
  else if (f >= 0x61 && f <= 0x7a) TOKEN[raw] = f;
  else if (f < 128 && LEET[f]! !== 0) TOKEN[raw] = T_LEET + LEET[f]!;
  else if (f >= 0x3400 && f <= 0x9fff) TOKEN[raw] = T_HAN;
  else TOKEN[raw] = T_SEP;
}


export interface EnLexicon {
  /** The base list (bad-words' list). */
  readonly base: readonly string[];
  readonly slurs: readonly string[];
  /** Telling someone to kill themselves: high severity, reported as 'self-harm incitement'. */
  readonly selfHarm: readonly string[];
  readonly additions: readonly string[];
  readonly mild: readonly string[];
  readonly exemptions: readonly string[];
  readonly stems: readonly string[];
  readonly safeWords: readonly string[];
  /** Latin-script Chinese abbreviations (reported as abuse.zh). */
  readonly zhLatin: readonly string[];
  /** Console/config terms. */
  readonly blocked: readonly string[];
  readonly allowed: readonly string[];
}

interface Entry {
  readonly word: string;
  /** Collapsed form (repeated letters squeezed). */
  readonly c: string;
  readonly runs: Uint8Array;
  /** `c` as char codes. */
  readonly cc: Int32Array;
  readonly severity: Severity;
  readonly filter: 'abuse.en' | 'abuse.zh';
  readonly kind: string;
}

const SUFFIXES: readonly string[] = ['s', 'es', 'ed', 'er', 'ers', 'ing', 'in', 'ings', 'y', 'ie', 'ies', 'z', 'ez'];
const NO_SUFFIX: Int32Array[] = [];
const SEV_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

/** Collapses repeated letters: returns the squeezed string and writes run lengths into `runs`. */
function collapse(s: string, runs: Uint8Array): string {
  let out = '';
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (n > 0 && s.charCodeAt(i) === s.charCodeAt(i - 1)) {
      if (runs[n - 1]! < 255) runs[n - 1]!++;
    } else {
      out += s[i];
      runs[n++] = 1;
    }
  }
  return out;
}

function runsOf(word: string): { c: string; runs: Uint8Array } {
  const r = new Uint8Array(Math.max(1, word.length));
  const c = collapse(word, r);
  return { c, runs: r.slice(0, c.length) };
}

/** Map keys stay small integers (V8 Smis). */
const KEY_MASK = 0x3fffffff;

function keyOf(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h & KEY_MASK;
}

function codesOf(s: string): Int32Array {
  const a = new Int32Array(s.length);
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  return a;
}

function sameCodes(buf: Int32Array, at: number, want: Int32Array): boolean {
  for (let k = 0; k < want.length; k++) if (buf[at + k] !== want[k]) return false;
  return true;
}

/** True when token runs (from offset `at`) are each ≥ the entry's runs. */
function runsCover(tokRuns: Uint8Array, at: number, entryRuns: Uint8Array): boolean {
  for (let k = 0; k < entryRuns.length; k++) if (tokRuns[at + k]! < entryRuns[k]!) return false;
  return true;
}

export interface EnMatcher {
  /** Appends findings for `text` to `out`. Returns true when the text has Han characters (for the zh matcher). */
  scan(text: string, out: Finding[]): boolean;
}

/** Compiles the lexicon once. Rebuild (cheap, ~1 ms) when the console edits a term. */
export function compileEnMatcher(lex: EnLexicon): EnMatcher {
  const exact = new Map<string, Entry[]>();
  const stems = new Map<number, Entry[]>();
  const phraseFirst = new Set<number>();
  const phrases = new Map<number, Entry>();
  const safe = new Set<string>([...lex.safeWords, ...lex.allowed].map(foldTerm));
  const safeKeys = new Set<number>([...safe].map(keyOf));
  const exempt = new Set<string>([...lex.exemptions, ...lex.allowed].map(foldTerm));
  const slurs = new Set(lex.slurs.map(foldTerm));
  const selfHarm = new Set(lex.selfHarm.map((w) => w.split(/[\s-]+/).map(foldTerm).join('')));
  const mild = new Set(lex.mild.map(foldTerm));
  const blocked = new Set(lex.blocked.map(foldTerm));

  const severityOf = (w: string): Severity => (slurs.has(w) || selfHarm.has(w) ? 'high' : blocked.has(w) ? 'medium' : mild.has(w) ? 'low' : 'medium');
  const add = (raw: string, filter: 'abuse.en' | 'abuse.zh', kind?: string): void => {
    const parts = raw.replace(/\*/g, '').trim().split(/[\s-]+/).map(foldTerm).filter(Boolean);
    const w = parts.join('');
    if (w.length < 2 || exempt.has(w)) return;
    const sev = filter === 'abuse.zh' ? 'medium' : severityOf(w);
    const { c, runs } = runsOf(w);
    const e: Entry = { word: w, c, cc: codesOf(c), runs, severity: sev, filter, kind: kind ?? (selfHarm.has(w) ? 'self-harm incitement' : sev === 'high' ? 'slur' : sev === 'low' ? 'mild' : 'profanity') };
    const list = exact.get(c);
    if (list) {
      const same = list.findIndex((x) => x.word === w);
      if (same >= 0) list[same] = e;
      else list.push(e);
    } else exact.set(c, [e]);
    if (parts.length > 1 && filter === 'abuse.en') {
      phraseFirst.add(keyOf(runsOf(parts[0]!).c));
      phrases.set(keyOf(parts.map((p) => runsOf(p).c).join(' ')), e);
    }
  };
  for (const w of lex.base) add(w, 'abuse.en');
  for (const w of lex.additions) add(w, 'abuse.en');
  for (const w of lex.slurs) add(w, 'abuse.en');
  for (const w of lex.selfHarm) add(w, 'abuse.en');
  for (const w of lex.mild) add(w, 'abuse.en');
  for (const w of lex.blocked) if (!/\p{Script=Han}/u.test(w)) add(w, 'abuse.en', 'blocked term');
  for (const w of lex.zhLatin) add(w, 'abuse.zh', 'pinyin insult');
  const exactByKey = new Map<number, Entry[]>();
  for (const [c, list] of exact) exactByKey.set(keyOf(c), [...(exactByKey.get(keyOf(c)) ?? []), ...list]);
  // Suffixes by their last letter, stems by their first letter: plain arrays over a-z, no Map lookup per char.
  const suffixByLast: Int32Array[][] = Array.from({ length: 128 }, () => []);
  for (const suf of SUFFIXES.map(codesOf)) suffixByLast[suf[suf.length - 1]!]!.push(suf);
  for (const s of lex.stems) {
    const w = foldTerm(s);
    if (exempt.has(w)) continue;
    const { c, runs } = runsOf(w);
    const e: Entry = { word: w, c, cc: codesOf(c), runs, severity: severityOf(w), filter: 'abuse.en', kind: slurs.has(w) ? 'slur' : 'profanity' };
    const k = c.charCodeAt(0);
    const list = stems.get(k);
    if (list) list.push(e);
    else stems.set(k, [e]);
  }

  // Key filters (filters/hash.ts keyBits) for the exact, safe and phrase tables: most tokens are in
  // none of them, and a bit read answers that before any hash-table lookup.
  const exactBits = keyBits(exactByKey.keys());
  const safeBits = keyBits(safeKeys);
  const phraseBits = keyBits(phraseFirst);

  const stemsByFirst: (Entry[] | undefined)[] = new Array<Entry[] | undefined>(128);
  for (const [k, list] of stems) if (k < 128) stemsByFirst[k] = list;
  // The stems' first two collapsed letters (a-z: every token code is one), and their shortest
  // collapsed length: most positions of a token start no stem, and a table read says so.
  const stemPairs = new Uint8Array(128 * 128);
  let minStem = Infinity;
  for (const list of stemsByFirst) {
    for (const e of list ?? []) {
      minStem = Math.min(minStem, e.cc.length);
      if (e.cc.length >= 2) stemPairs[e.cc[0]! * 128 + e.cc[1]!] = 1;
      else stemPairs.fill(1, e.cc[0]! * 128, e.cc[0]! * 128 + 128); // one letter: any second one
    }
  }

  // Scratch buffers reused across calls (a matcher is used by one pipeline at a time, synchronously).
  const MAX_TOK = 512;
  const MAXC = 4096;
  const codes = new Int32Array(MAXC); // folded letters of every token, back to back
  const tokA = new Int32Array(MAX_TOK); // token [tokA, tokB) in codes
  const tokB = new Int32Array(MAX_TOK);
  const tokStart = new Int32Array(MAX_TOK); // token [tokStart, tokEnd) in the text
  const tokEnd = new Int32Array(MAX_TOK);
  const cc = new Int32Array(MAXC); // collapsed codes of the token being matched
  const runs = new Uint8Array(MAXC);
  const pref = new Int32Array(MAXC + 1); // pref[k] = key of cc[0..k)

  const lookup = (key: number, m: number): Entry | null => {
    if (!mayHave(exactBits, key)) return null;
    const list = exactByKey.get(key);
    if (!list) return null;
    let best: Entry | null = null;
    for (const e of list) {
      if (e.cc.length !== m || !sameCodes(cc, 0, e.cc) || !runsCover(runs, 0, e.runs)) continue;
      if (!best || SEV_RANK[e.severity] > SEV_RANK[best.severity]) best = e;
    }
    return best;
  };

  /** Collapses codes[a..b) into cc/runs/pref; returns the collapsed length, or -1 for a safe word. */
  const collapseCodes = (a: number, b: number): number => {
    // one loop: the whole token's key (safe words) and its collapsed form with prefix keys
    let h = FNV_OFFSET;
    let m = 0;
    let ph = FNV_OFFSET;
    pref[0] = ph & KEY_MASK;
    for (let k = a; k < b; k++) {
      const c = codes[k]!;
      h = Math.imul(h ^ c, FNV_PRIME);
      if (m > 0 && cc[m - 1] === c) {
        if (runs[m - 1]! < 255) runs[m - 1]!++;
      } else {
        cc[m] = c;
        runs[m] = 1;
        ph = Math.imul(ph ^ c, FNV_PRIME);
        m++;
        pref[m] = ph & KEY_MASK;
      }
    }
    const hk = h & KEY_MASK;
    if (mayHave(safeBits, hk) && safeKeys.has(hk)) return -1;
    return m;
  };

  const matchCodes = (a: number, b: number): Entry | null => {
    if (b - a < 2) return null;
    const m = collapseCodes(a, b);
    if (m < 0) return null;
    let best = lookup(pref[m]!, m);
    if (!best) {
      const sufs = suffixByLast[cc[m - 1]!] ?? NO_SUFFIX;
      for (const suf of sufs) {
        const base = m - suf.length;
        if (base >= 2 && sameCodes(cc, base, suf)) {
          const e = lookup(pref[base]!, base);
          if (e && e.filter === 'abuse.en') {
            best = e;
            break;
          }
        }
      }
    }
    // only where a stem's first two letters stand, and it can still fit
    for (let p = 0; p + minStem <= m; p++) {
      if (stemPairs[cc[p]! * 128 + cc[p + 1]!] === 0) continue;
      const list = stemsByFirst[cc[p]!];
      if (!list) continue;
      for (const e of list) {
        if (p + e.cc.length <= m && sameCodes(cc, p, e.cc) && runsCover(runs, p, e.runs)) {
          if (!best || SEV_RANK[e.severity] > SEV_RANK[best.severity]) best = e;
        }
      }
    }
    return best;
  };

  /** Key of "collapsed(t1) collapsed(t2)" for two-word phrases. */
  const phraseKey = (t: number): number => {
    let h = FNV_OFFSET;
    let prev = -1;
    for (let k = tokA[t]!; k < tokB[t]!; k++) {
      const c = codes[k]!;
      if (c !== prev) h = Math.imul(h ^ c, FNV_PRIME);
      prev = c;
    }
    const first = h & KEY_MASK;
    if (!mayHave(phraseBits, first) || !phraseFirst.has(first)) return -1;
    h = Math.imul(h ^ 32, FNV_PRIME);
    prev = -1;
    for (let k = tokA[t + 1]!; k < tokB[t + 1]!; k++) {
      const c = codes[k]!;
      if (c !== prev) h = Math.imul(h ^ c, FNV_PRIME);
      prev = c;
    }
    return h & KEY_MASK;
  };

  const emit = (text: string, out: Finding[], e: Entry, start: number, end: number): void => {
    const shown = text.slice(start, end);
    out.push({
      filter: e.filter,
      severity: e.severity,
      detail: `matched "${shown.length > 40 ? shown.slice(0, 40) + '…' : shown}" (${e.kind})`,
      span: [start, end],
    });
  };

  const scan = (text: string, out: Finding[]): boolean => {
    let n = 0;
    let nc = 0;
    let hasHan = false;
    let curA = -1;
    let curStart = 0;
    let curEnd = 0;
    let hasLetter = false;
    const token = TOKEN;
    const lim = Math.min(text.length, MAXC - 1);
    for (let i = 0; i <= lim; i++) {
      if (i < lim) {
        const t = token[text.charCodeAt(i)]!;
        if (t >= 0x61) {
          // a letter, or leetspeak (a letter only in a word that has a real one)
          if (curA < 0) {
            curA = nc;
            curStart = i;
          }
          if (t < T_LEET) {
            codes[nc++] = t;
            hasLetter = true;
          } else codes[nc++] = t - T_LEET;
          curEnd = i + 1;
          continue;
        }
        if (t === T_IGNORE) continue;
        if (t === T_HAN) hasHan = true;
      }
      // End of a token.
      if (curA >= 0) {
        if (hasLetter && n < MAX_TOK) {
          // Trailing '!', '|', '+' are punctuation, not leetspeak ("shit!!!").
          while (nc - curA > 1) {
            const ch = text.charCodeAt(curEnd - 1);
            if (ch === 0x21 || ch === 0x7c || ch === 0x2b) {
              nc--;
              curEnd--;
            } else break;
          }
          tokA[n] = curA;
          tokB[n] = nc;
          tokStart[n] = curStart;
          tokEnd[n] = curEnd;
          n++;
        } else nc = curA;
        curA = -1;
        hasLetter = false;
      }
    }

    for (let t = 0; t < n; t++) {
      // Spaced-out letters: f u c k, f.u.c.k, f*u*c*k (gaps of one or two characters).
      if (tokB[t]! - tokA[t]! === 1) {
        let u = t;
        while (u + 1 < n && tokB[u + 1]! - tokA[u + 1]! === 1 && tokStart[u + 1]! - tokEnd[u]! <= 2) u++;
        if (u - t >= 2) {
          const e = matchCodes(tokA[t]!, tokB[u]!);
          if (e) emit(text, out, e, tokStart[t]!, tokEnd[u]!);
          t = u;
          continue;
        }
      }
      const e = matchCodes(tokA[t]!, tokB[t]!);
      if (e) {
        emit(text, out, e, tokStart[t]!, tokEnd[t]!);
        continue;
      }
      if (t + 1 < n && phraseFirst.size > 0) {
        const key = phraseKey(t);
        const p = key >= 0 ? phrases.get(key) : undefined;
        if (p) {
          emit(text, out, p, tokStart[t]!, tokEnd[t + 1]!);
          t++;
        }
      }
    }
    return hasHan;
  };
  return { scan };
}
