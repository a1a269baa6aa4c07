/**
 * Per-message classification for the insights stages: language, question or not, sentiment.
 * Each part lives in its own module (question.ts, sentiment.ts); this is the one call the pipeline
 * makes per message, on the message prepared once by the filters (filters/prepare.ts: language,
 * Han flag and lower-cased text are read from there, not recomputed).
 *
 * Example: classify('包邮吗') → { lang: 'zh', isQuestion: true, sentiment: 0 }.
 */
import { detectLang, prepareText, type Prepared } from '../filters/prepare.js';
import { isQuestionPrepared } from './question.js';
import { shippedSentiment } from './sentiment.js';
import type { Classification } from '../filters/types.js';

export { detectLang };

/** Classifies a prepared message, or a bare text (prepared here). */
export function classify(input: Prepared | string): Classification {
  const p = typeof input === 'string' ? prepareText(input) : input;
  // the English model features were built from `p.words` (emotes blanked): shared only when that is the text itself
  return { lang: p.lang, isQuestion: isQuestionPrepared(p), sentiment: shippedSentiment().score(p.text, p.hasHan, p.words === p.text ? p : undefined) };
}
