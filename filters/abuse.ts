/**
 * Abuse detectors, English and Chinese: word lists compiled once (filters/abuse-en.ts,
 * filters/abuse-zh.ts) plus a small linear model over hashed character n-grams
 * (filters/model.ts, weights in filters/models/). Pure: detect(text) reports, never enforces.
 *
 * Emote names (Kreygasm, TriHard, the message's Twitch emote ranges) are blanked before any of it:
 * filters/emotes.ts.
 *
 * Findings: filter 'abuse.en' | 'abuse.zh' | 'abuse.model', span [start, end) into the original
 * text (UTF-16), severity (slurs and threats high, insults and crude words medium, mild or
 * anatomical words low), and a detail a moderator can read: `matched "f.u.c.k" (profanity)`.
 * Example: test/unit/filters/abuse.test.ts.
 */
import { Filter } from 'bad-words';
import type { EmoteRange, Finding } from '../config/chat.js';
import { EN_ADDITIONS, EN_EXEMPTIONS, EN_MILD, EN_SAFE_WORDS, EN_SELF_HARM, EN_SLURS, EN_STEMS } from '../config/lexicons/en-abuse.js';
import { ZH_HIGH, ZH_LATIN, ZH_MEDIUM, ZH_SAFE } from '../config/lexicons/zh-abuse.js';
import { compileEnMatcher, type EnMatcher } from './abuse-en.js';
import { compileZhMatcher, type ZhMatcher } from './abuse-zh.js';
import { detectDirected } from './directed.js';
import { blankEmotes, hasWords } from './emotes.js';
import { loadShippedModels, modelSpeaks, type AbuseModels, type FeatureSource, type LexSignal } from './model.js';
import type { Prepared } from './prepare.js';

export interface AbuseOptions {
  readonly blockedTerms: readonly string[];
  readonly allowedTerms: readonly string[];
  /** Models to use; default: the shipped weights in filters/models/. `null` turns the model off (lexicon only). */
  readonly models?: AbuseModels | null;
}

export interface AbuseDetectors {
  /**
   * Findings for `text`. Emotes (the message's Twitch ranges, and well-known emote names) are not
   * words: they are blanked out first (filters/emotes.ts, same length, spans unchanged), and a line
   * of nothing but emotes has no abuse finding.
   */
  detect(text: string, emotes?: readonly EmoteRange[]): Finding[];
  /** The same, on a prepared message (its emotes already blanked in `words`). */
  detectPrepared(p: Prepared): Finding[];
  setTerm(list: 'blocked' | 'allowed', term: string, present: boolean): void;
  /** What the word lists alone say about `text` (mild words included): the model's lexicon features. */
  signals(text: string): LexSignal;
  /** The models in use (null: word lists only). */
  readonly models: AbuseModels | null;
}

/** Words that aim a short line at someone: the second person, the host, the stream, the mods. */
const ADDRESSED = /\b(?:you|u|ur|your|yours|youre|ya|yall|host|streamer|mods?)\b|你|您|主播|直播间|楼主/i;
const ADDRESSED_IN_ENTRY = /\b(?:you|your|host|streamer)\b|你|您|主播|直播间|楼主/i;

/** True when the text addresses someone outside the findings' own words ("f u c k" is not a "u"). */
function addressed(text: string, found: readonly Finding[]): boolean {
  if (found.some((f) => f.detail.startsWith('directed insult'))) return true; // aimed by construction
  let rest = text;
  for (const f of found) {
    if (!f.span) continue;
    // an entry that names its target itself (垃圾主播); a spaced-out word's letters ("f u c k") do not count
    if (ADDRESSED_IN_ENTRY.test(text.slice(f.span[0], f.span[1]))) return true;
    rest = rest.slice(0, f.span[0]) + ' '.repeat(f.span[1] - f.span[0]) + rest.slice(f.span[1]);
  }
  return ADDRESSED.test(rest);
}

const NO_SIGNAL: LexSignal = Object.freeze({ low: false, medium: false, high: false });

/** What the word-list findings say, as the model's lexicon features (no allocation for a clean line). */
function signalOf(found: readonly Finding[]): LexSignal {
  if (found.length === 0) return NO_SIGNAL;
  let low = false;
  let medium = false;
  let high = false;
  for (const f of found) {
    if (f.severity === 'high') high = true;
    else if (f.severity === 'medium') medium = true;
    else low = true;
  }
  return { low, medium, high };
}

let baseList: readonly string[] | null = null;
/** bad-words' word list (its list only; its isProfane is ~430 µs a message). */
export function badWordsList(): readonly string[] {
  baseList ??= Object.freeze([...new Filter().list]);
  return baseList;
}

export function createAbuseDetectors(opts: AbuseOptions): AbuseDetectors {
  const blocked = new Set(opts.blockedTerms.map((t) => t.trim().toLowerCase()).filter(Boolean));
  const allowed = new Set(opts.allowedTerms.map((t) => t.trim().toLowerCase()).filter(Boolean));
  const models = opts.models === undefined ? loadShippedModels() : opts.models;
  let en: EnMatcher;
  let zh: ZhMatcher;
  const rebuild = (): void => {
    en = compileEnMatcher({
      base: badWordsList(),
      slurs: EN_SLURS,
      selfHarm: EN_SELF_HARM,
      additions: EN_ADDITIONS,
      mild: EN_MILD,
      exemptions: EN_EXEMPTIONS,
      stems: EN_STEMS,
      safeWords: EN_SAFE_WORDS,
      zhLatin: ZH_LATIN,
      blocked: [...blocked],
      allowed: [...allowed],
    });
    zh = compileZhMatcher({ high: ZH_HIGH, medium: ZH_MEDIUM, safe: ZH_SAFE, blocked: [...blocked], allowed: [...allowed] });
  };
  rebuild();

  /** Runs the word lists into `out`; returns whether the text has Han characters. */
  const scanLists = (text: string, out: Finding[]): boolean => {
    const hasHan = en.scan(text, out);
    if (hasHan) zh.scan(text, out);
    return hasHan;
  };

  return {
    models,
    detect(raw: string, emotes?: readonly EmoteRange[]): Finding[] {
      return detectWords(raw, blankEmotes(raw, emotes));
    },
    detectPrepared: (p) => detectWords(p.text, p.words, p),
    signals(text: string): LexSignal {
      const out: Finding[] = [];
      scanLists(text, out);
      return signalOf(out);
    },
    setTerm(list, term, present) {
      const t = term.trim().toLowerCase();
      if (!t) return;
      const set = list === 'blocked' ? blocked : allowed;
      if (present) set.add(t);
      else set.delete(t);
      rebuild();
    },
  };

  /** `words`: `raw` with emotes blanked; `source`: the prepared message (its English features, shared with the spam model). */
  function detectWords(raw: string, words: string, source?: FeatureSource): Finding[] {
    const text = words;
    if (text !== raw && !hasWords(text)) return [];
    const out: Finding[] = [];
    const hasHan = scanLists(text, out);
    const lex = signalOf(out);
    detectDirected(text, out, hasHan);
    if (models) {
      const f = models.score(text, hasHan, lex, source);
      if (f) out.push(f);
    }
    // A chat one-liner too short for the model ("you are an idiot", "垃圾主播", "shut up b1tch"):
    // an insult or profanity aimed at someone (second person, the host, the stream) is severe.
    if (out.length > 0 && addressed(text, out) && !modelSpeaks(text, hasHan)) {
      for (let i = 0; i < out.length; i++) {
        const f = out[i]!;
        if (f.severity === 'medium' && f.filter !== 'abuse.model') out[i] = { ...f, severity: 'high', detail: `${f.detail}, aimed at someone` };
      }
    }
    // Mild words (hell, damn, anatomy) inform the model but are not findings: the default policy
    // holds any abuse finding, and "what the hell" is not worth a moderator's look.
    return lex.low ? out.filter((f) => f.severity !== 'low') : out;
  }
}
