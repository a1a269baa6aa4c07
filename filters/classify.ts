/**
 * Per-message classification for the insights stages: language, question or not, sentiment.
 * First version; the questions-and-mood work replaces the internals, not the signature.
 */
import type { Lang } from '../config/chat.js';
import type { Classification } from './types.js';

const HAN = /\p{Script=Han}/u;
const LATIN = /[a-z]/i;

/** 'zh' when the text has Han characters, 'en' when it has Latin letters, else 'other'. */
export function detectLang(text: string): Lang {
  if (HAN.test(text)) return 'zh';
  return LATIN.test(text) ? 'en' : 'other';
}

export function classify(text: string): Classification {
  const lang = detectLang(text);
  const isQuestion = /[?？]\s*$/.test(text) || /[吗呢]/.test(text);
  return { lang, isQuestion, sentiment: 0 };
}
