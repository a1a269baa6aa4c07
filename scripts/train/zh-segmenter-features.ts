/**
 * The question features of insights/question-features.ts with the Chinese part swappable, for the
 * segmenter study (scripts/train/zh-segmenter.ts): that script makes insights/clusters.ts import
 * this module in place of the real one, then sets a variant. Without a variant (or for a text with no
 * Han character) the features are exactly the shipped ones. A variant receives the shipped features
 * and the Chinese text with the question words split out (ZH_SPLIT → '|', as the product does) and
 * returns the features to use.
 */
import { ZH_SPLIT, isContentWord, questionFeatures as shippedFeatures, type Features } from '../../insights/question-features.js';
import { isHanUnit } from '../../config/script.js';

export { isContentWord };
export type { Features };

export type ZhVariant = (shipped: Features, zh: string) => Features;

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
  return variant(f, text.replace(ZH_SPLIT, '|'));
}
