/**
 * Directed insults: words that are harmless alone ("ugly sweater", "pig costume", "fat-free") but an
 * insult when said of a person ("ur so ugly", "you look like a pig", "this host is fat", "你长得真丑",
 * "主播好胖"). Reported as medium findings (held for a moderator, never blocked on this alone) with
 * the phrase in the detail. Second person or the host as the subject, then a copula, likeness or
 * intensifier, then the insult: a bare "you trash it" or "你觉得丑吗" (asking an opinion) is not one.
 * Example: test/unit/filters/directed.test.ts.
 */
import type { Finding } from '../config/chat.js';
import { keyBits, mayHave, tripleKey } from './hash.js';
import { detectLang } from './lang.js';

const INSULT = 'ugly|fat|fatty|fatso|pig|cow|whale|hag|disgusting|gross|hideous|stupid|dumb|idiot|moron|loser|trash|garbage|clown|creep|creepy';
const EN_RES: readonly RegExp[] = [
  // you / u / ur ("you're") + 1-3 of: are, r, look (like), so, such, really, a ... + insult
  new RegExp(`\\b(?:you(?:'?re)?|ur|u)\\s+(?:(?:are|r|is|look(?:s)?(?:\\s+like)?|so|such|really|very|totally|just|an?|one|big)\\s+){1,4}(?:${INSULT})\\b`, 'i'),
  // your face / body / voice ... is (so) ugly
  /\b(?:your|ur)\s+(?:face|body|voice|hair|teeth|skin|nose|legs)\s+(?:is|are|looks?)\s+(?:so\s+|really\s+|very\s+|kinda\s+)?(?:ugly|fat|disgusting|gross|hideous|nasty)\b/i,
  // this host / streamer / girl ... is (so / a) ugly
  new RegExp(`\\b(?:this|the|that)\\s+(?:host|streamer|girl|guy|lady|woman|man|chick|seller)\\s+(?:is|looks?(?:\\s+like)?)\\s+(?:(?:so|really|very|such|an?|fucking|kinda)\\s+){0,3}(?:${INSULT})\\b`, 'i'),
];
const ZH_LEXEMES = '丑|胖|肥|猪|恶心|难看';
export const LEXEME_RE = new RegExp(`${INSULT}|${ZH_LEXEMES}`, 'i');
/**
 * A prefilter exact for LEXEME_RE: the first three letters of each English lexeme (ASCII case
 * folded, hashed into a key filter: filters/hash.ts) and the first character of each Chinese one. A line where no
 * position starts one of them cannot match, and most lines are rejected without running a regex.
 */
const LEXEME_START = keyBits(INSULT.split('|').map((w) => tripleKey(w.charCodeAt(0), w.charCodeAt(1), w.charCodeAt(2))));
/**
 * The English lexemes' first two letters (lower case, indexed by first × 128 + second): a table
 * read skips the triple's hashing at most places. A place whose second unit is not ASCII is read
 * by its low seven bits: it may pass where no lexeme starts, never the other way round.
 */
const LEXEME_PAIR = new Uint8Array(128 * 128);
for (const w of INSULT.split('|')) LEXEME_PAIR[w.charCodeAt(0) * 128 + w.charCodeAt(1)] = 1;
const ZH_FIRST = new Uint8Array(0x10000);
for (const w of ZH_LEXEMES.split('|')) ZH_FIRST[w.charCodeAt(0)] = 1;

/**
 * False when LEXEME_RE cannot match `text` (most lines); true may still be a near miss (the regex
 * then decides). Never false where a lexeme stands.
 */
export function mayHoldLexeme(text: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) {
      if (ZH_FIRST[c] === 1) return true;
    } else if (i + 2 < n) {
      const b = text.charCodeAt(i + 1) | 32;
      if (LEXEME_PAIR[(c | 32) * 128 + (b & 127)] === 1 && mayHave(LEXEME_START, tripleKey(c | 32, b, text.charCodeAt(i + 2) | 32))) return true;
    }
  }
  return false;
}

// 猪 / 肥猪 followed by a cut of pork (主播是猪肉铺的吗) is food, not a likeness.
const ZH_RE = /(?:你|主播|这主播|这女的|这男的|楼主)(?:长得|长的|真是|真的|真|好|太|也太|就是|是个|是|像个|像|跟个|跟)(?:真|好|太|很|特别|超|一个|个|头)?(?:丑|胖|肥|猪(?![肉蹄排肝脚油皮骨肚耳肘])|恶心|难看|丑八怪|肥猪)/;

/** Adds a directed-insult finding unless a medium or high finding already covers that place. */
export function detectDirected(text: string, out: Finding[], hasHan = detectLang(text) === 'zh'): void {
  // most lines hold none of the words: one cheap scan before the patterns
  if (text.length > 500 || !mayHoldLexeme(text) || !LEXEME_RE.test(text)) return;
  const zh = hasHan ? ZH_RE.exec(text) : null;
  const m = zh ?? firstEn(text);
  if (!m) return;
  const start = m.index;
  const end = start + m[0].length;
  for (const f of out) {
    if (f.severity === 'low' || !f.span) continue;
    if (f.span[0] < end && f.span[1] > start) return;
  }
  out.push({ filter: zh ? 'abuse.zh' : 'abuse.en', severity: 'medium', detail: `directed insult: "${m[0]}"`, span: [start, end] });
}

function firstEn(text: string): RegExpExecArray | null {
  for (const re of EN_RES) {
    const m = re.exec(text);
    if (m) return m;
  }
  return null;
}
