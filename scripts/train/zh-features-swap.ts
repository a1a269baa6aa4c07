/**
 * The question features of insights/question-features.ts with the Chinese part swappable, for the
 * Chinese studies (scripts/train/zh-segmenter.ts, scripts/train/zh-cedict.ts): such a script makes
 * insights/clusters.ts import this module in place of the real one, then sets a variant. Without a
 * variant (or for a text with no Han character) the features and the English words are exactly the
 * shipped ones. A variant receives the shipped features, the Chinese text with the question words
 * split out (ZH_SPLIT → '|', as the product does) and the word list the word vectors average (it may
 * push English gloss words to it), and returns the features to use.
 */
import { ZH_SPLIT, isContentWord, questionFeatures as shippedFeatures, type Features } from '../../insights/question-features.js';
import { isHanUnit } from '../../config/script.js';

export { isContentWord };
export type { Features };

export type ZhVariant = (shipped: Features, zh: string, words: string[] | undefined) => Features;

let variant: ZhVariant | null = null;

/** Sets the Chinese part used from now on (null: the shipped one). */
export function setZhVariant(v: ZhVariant | null): void {
  variant = v;
}

function hasHan(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isHanUnit(text.charCodeAt(i))) return true;
  return false;
}

export function questionFeatures(text: string, words?: string[]): Features {
  const f = shippedFeatures(text, words);
  if (!variant || !hasHan(text)) return f;
  return variant(f, text.replace(ZH_SPLIT, '|'), words);
}
