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
import { IGNORE, foldCode, foldTerm, isLatinLetter, leetCode } from './normalize.js';

export interface EnLexicon {
  /** The base list (bad-words' list). */
  readonly base: readonly string[];
  readonly slurs: readonly string[];
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
  readonly severity: Severity;
  readonly filter: 'abuse.en' | 'abuse.zh';
  readonly kind: string;
}

const SUFFIXES: readonly string[] = ['s', 'es', 'ed', 'er', 'ers', 'ing', 'in', 'ings', 'y', 'ie', 'ies', 'z', 'ez'];
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
  const phraseFirst = new Set<string>();
  const phrases = new Map<string, Entry>();
  const safe = new Set<string>([...lex.safeWords, ...lex.allowed].map(foldTerm));
  const exempt = new Set<string>([...lex.exemptions, ...lex.allowed].map(foldTerm));
  const slurs = new Set(lex.slurs.map(foldTerm));
  const mild = new Set(lex.mild.map(foldTerm));
  const blocked = new Set(lex.blocked.map(foldTerm));

  const severityOf = (w: string): Severity => (slurs.has(w) ? 'high' : blocked.has(w) ? 'medium' : mild.has(w) ? 'low' : 'medium');
  const add = (raw: string, filter: 'abuse.en' | 'abuse.zh', kind?: string): void => {
    const parts = raw.replace(/\*/g, '').trim().split(/[\s-]+/).map(foldTerm).filter(Boolean);
    const w = parts.join('');
    if (w.length < 2 || exempt.has(w)) return;
    const sev = filter === 'abuse.zh' ? 'medium' : severityOf(w);
    const { c, runs } = runsOf(w);
    const e: Entry = { word: w, c, runs, severity: sev, filter, kind: kind ?? (sev === 'high' ? 'slur' : sev === 'low' ? 'mild' : 'profanity') };
    const list = exact.get(c);
    if (list) {
      const same = list.findIndex((x) => x.word === w);
      if (same >= 0) list[same] = e;
      else list.push(e);
    } else exact.set(c, [e]);
    if (parts.length > 1 && filter === 'abuse.en') {
      phraseFirst.add(runsOf(parts[0]!).c);
      phrases.set(parts.map((p) => runsOf(p).c).join(' '), e);
    }
  };
  for (const w of lex.base) add(w, 'abuse.en');
  for (const w of lex.additions) add(w, 'abuse.en');
  for (const w of lex.slurs) add(w, 'abuse.en');
  for (const w of lex.mild) add(w, 'abuse.en');
  for (const w of lex.blocked) if (!/\p{Script=Han}/u.test(w)) add(w, 'abuse.en', 'blocked term');
  for (const w of lex.zhLatin) add(w, 'abuse.zh', 'pinyin insult');
  for (const s of lex.stems) {
    const w = foldTerm(s);
    if (exempt.has(w)) continue;
    const { c, runs } = runsOf(w);
    const e: Entry = { word: w, c, runs, severity: severityOf(w), filter: 'abuse.en', kind: slurs.has(w) ? 'slur' : 'profanity' };
    const k = c.charCodeAt(0);
    const list = stems.get(k);
    if (list) list.push(e);
    else stems.set(k, [e]);
  }

  // Scratch buffers reused across calls (a matcher is used by one pipeline at a time).
  const MAX_TOK = 256;
  const tokStart = new Int32Array(MAX_TOK);
  const tokEnd = new Int32Array(MAX_TOK);
  const tokText: string[] = new Array<string>(MAX_TOK).fill('');
  const runs = new Uint8Array(2048);

  const lookup = (c: string, at: number): Entry | null => {
    const list = exact.get(c);
    if (!list) return null;
    let best: Entry | null = null;
    for (const e of list) if (runsCover(runs, at, e.runs) && (!best || SEV_RANK[e.severity] > SEV_RANK[best.severity])) best = e;
    return best;
  };

  const matchToken = (tok: string): Entry | null => {
    if (tok.length < 2 || safe.has(tok)) return null;
    const c = collapse(tok, runs);
    let best = lookup(c, 0);
    if (!best) {
      for (const suf of SUFFIXES) {
        if (c.length - suf.length >= 2 && c.endsWith(suf)) {
          const e = lookup(c.slice(0, c.length - suf.length), 0);
          if (e && e.filter === 'abuse.en') {
            best = e;
            break;
          }
        }
      }
    }
    if (stems.size > 0) {
      for (let p = 0; p < c.length; p++) {
        const list = stems.get(c.charCodeAt(p));
        if (!list) continue;
        for (const e of list) {
          if (c.startsWith(e.c, p) && runsCover(runs, p, e.runs)) {
            if (!best || SEV_RANK[e.severity] > SEV_RANK[best.severity]) best = e;
          }
        }
      }
    }
    return best;
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
    let hasHan = false;
    let cur = '';
    let curStart = -1;
    let curEnd = -1;
    let hasLetter = false;
    const flush = (): void => {
      if (cur.length > 0 && hasLetter && n < MAX_TOK) {
        // Trailing '!', '|', '+' are punctuation, not leetspeak ("shit!!!").
        let t = cur;
        let e = curEnd;
        while (t.length > 1) {
          const ch = text.charCodeAt(e - 1);
          if (ch === 0x21 || ch === 0x7c || ch === 0x2b) {
            t = t.slice(0, -1);
            e--;
          } else break;
        }
        tokText[n] = t;
        tokStart[n] = curStart;
        tokEnd[n] = e;
        n++;
      }
      cur = '';
      curStart = -1;
      hasLetter = false;
    };
    for (let i = 0; i < text.length; i++) {
      const raw = text.charCodeAt(i);
      const f = foldCode(raw);
      if (f === IGNORE) continue;
      if (isLatinLetter(f)) {
        if (curStart < 0) curStart = i;
        cur += String.fromCharCode(f);
        curEnd = i + 1;
        hasLetter = true;
        continue;
      }
      const l = leetCode(f);
      if (l !== 0) {
        if (curStart < 0) curStart = i;
        cur += String.fromCharCode(l);
        curEnd = i + 1;
        continue;
      }
      if (f >= 0x3400 && f <= 0x9fff) hasHan = true;
      flush();
    }
    flush();

    for (let t = 0; t < n; t++) {
      // Spaced-out letters: f u c k, f.u.c.k, f*u*c*k (gaps of one or two characters).
      if (tokText[t]!.length === 1) {
        let u = t;
        while (u + 1 < n && tokText[u + 1]!.length === 1 && tokStart[u + 1]! - tokEnd[u]! <= 2) u++;
        if (u - t >= 2) {
          let joined = '';
          for (let k = t; k <= u; k++) joined += tokText[k];
          const e = matchToken(joined);
          if (e) emit(text, out, e, tokStart[t]!, tokEnd[u]!);
          t = u;
          continue;
        }
      }
      const tok = tokText[t]!;
      const e = matchToken(tok);
      if (e) {
        emit(text, out, e, tokStart[t]!, tokEnd[t]!);
        continue;
      }
      if (t + 1 < n && phraseFirst.size > 0) {
        const c1 = collapse(tok, runs);
        if (phraseFirst.has(c1)) {
          const p = phrases.get(c1 + ' ' + collapse(tokText[t + 1]!, runs));
          if (p && !safe.has(tok + tokText[t + 1])) {
            emit(text, out, p, tokStart[t]!, tokEnd[t + 1]!);
            t++;
          }
        }
      }
    }
    return hasHan;
  };
  return { scan };
}
