/**
 * A message's text read once (the whiteboard's `Prepared`): every detector (filters/engine.ts) and
 * the classifier (insights/classify.ts) read these forms instead of scanning and normalising the raw
 * text each on its own. Built by `prepare(msg)` once per message in the pipeline.
 *
 * - `lang`, `hasHan`: one pass over UTF-16 units (Han as filters/script.ts defines it);
 * - `stats`: the character counts of filters/text-stats.ts (capitals, symbols, marks, runs, emoji),
 *   and what the privacy, link and emote checks look for first (ASCII digits, '@', ':', link characters);
 * - `words`: the text with emotes blanked to spaces (same length, spans unchanged), what the abuse
 *   detectors match; `text` itself when the line has no emote (most lines);
 * - `lower`: the text lower-cased (question rules, repeats, themes);
 * - `compare`, `compareKey`, `compareWeight`: the form two messages are compared in (per-user
 *   repeats, raids), its FNV-1a hash (0 when shorter than two characters: nothing to compare) and
 *   its weighted length (non-ASCII counted twice, what raids measure); the form on first read;
 * - `enFeatures`: the English model features of `words`, on first read (the abuse and spam models
 *   share them instead of featurizing a long line twice).
 *
 * Ignores nothing: the raw text stays in `text` for spans and display.
 * Example (test/unit/filters/prepare.test.ts): prepare(msg('包邮吗 Kappa')).words === '包邮吗      '.
 */
import type { ChatMessage, Lang } from '../config/chat.js';
import { blankEmotes } from './emotes.js';
import { englishFeatures } from './features.js';
import { fnv1a } from './hash.js';
import { isHanUnit } from '../config/script.js';
import { compareCodesOf, compareFormOf, textStatsAndCompare, type CompareScan, type TextStats } from './text-stats.js';

export interface Prepared {
  readonly message: ChatMessage;
  readonly text: string;
  /** 'zh' with any Han character, 'en' with a Latin letter, else 'other'. */
  readonly lang: Lang;
  readonly hasHan: boolean;
  readonly stats: TextStats;
  /** `text` with emotes blanked (same length). */
  readonly words: string;
  readonly lower: string;
  readonly compare: string;
  /** FNV-1a of `compare` (never 0), or 0 when `compare` is shorter than two characters. */
  readonly compareKey: number;
  /** `compare`'s length with every unit above U+007F counted twice (filters/raid.ts weightedLength). */
  readonly compareWeight: number;
  /**
   * The English model features of `words` (filters/features.ts englishFeatures), computed on first
   * read: the abuse and spam models score from them, and insights can (sentiment reads the same
   * English abuse model).
   */
  readonly enFeatures: Int32Array;
}

/** Language of a chat line in one pass: 'zh' when it has Han characters, 'en' when it has Latin letters, else 'other'. */
export function detectLang(text: string): Lang {
  let latin = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (!latin && ((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) latin = true;
    } else if (isHanUnit(c)) return 'zh';
  }
  return latin ? 'en' : 'other';
}

/** One scan's results, copied out at once (no object a message). */
const SCAN: CompareScan = { key: 0, weight: 0 };

/**
 * Every form but `lower`, `compare` and `enFeatures` is built at once; those on first read (most
 * lines never need them: raids skip a compare form shorter than their minimum, by its weight).
 */
class PreparedMessage implements Prepared {
  readonly text: string;
  readonly lang: Lang;
  readonly hasHan: boolean;
  readonly stats: TextStats;
  readonly words: string;
  readonly compareKey: number;
  readonly compareWeight: number;
  #compare: string | undefined;
  #lower: string | undefined;
  #enFeatures: Int32Array | undefined;

  constructor(readonly message: ChatMessage) {
    const text = message.text;
    this.text = text;
    // the stats and the compare form's key and weight in one pass
    const stats = textStatsAndCompare(text, SCAN);
    this.stats = stats;
    // the language from the same pass (detectLang's rule: any BMP Han unit, else an ASCII letter)
    this.hasHan = stats.hasHanUnit;
    this.lang = stats.hasHanUnit ? 'zh' : stats.hasAsciiLetter ? 'en' : 'other';
    this.words = blankEmotes(text, message.emotes);
    this.compareKey = SCAN.key;
    this.compareWeight = SCAN.weight;
  }

  get compare(): string {
    return (this.#compare ??= compareFormOf(this.text, compareCodesOf(this.text)));
  }

  get lower(): string {
    return (this.#lower ??= this.text.toLowerCase());
  }

  get enFeatures(): Int32Array {
    return (this.#enFeatures ??= englishFeatures(this.words));
  }
}

export function prepare(message: ChatMessage): Prepared {
  return new PreparedMessage(message);
}

/** The key of a compare form: its FNV-1a hash (never 0), or 0 when shorter than two characters. */
export function compareKeyOf(compare: string): number {
  return compare.length >= 2 ? fnv1a(compare) || 1 : 0;
}

/** A text alone (no emote ranges, no author) prepared for classification (tests, eval, training). */
export function prepareText(text: string): Prepared {
  return prepare({ id: '', platform: 'text', channel: '', user: { id: '', name: '', displayName: '', roles: [] }, text, emotes: [], receivedAt: 0 });
}
