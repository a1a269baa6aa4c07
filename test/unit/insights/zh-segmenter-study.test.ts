import { afterEach, describe, expect, it } from 'vitest';
import { questionFeatures as shipped } from '../../../insights/question-features.js';
import { questionFeatures, setZhVariant } from '../../../scripts/train/zh-features-swap.js';

describe('segmenter study: swappable Chinese features', () => {
  afterEach(() => setZhVariant(null));

  it('gives the shipped features without a variant', () => {
    for (const t of ['包邮吗', '什么时候发货呀主播', 'how much is shipping', '160斤穿什么码']) expect(questionFeatures(t)).toEqual(shipped(t));
  });

  it('hands a variant the shipped features and the text with question words split out', () => {
    const seen: string[] = [];
    setZhVariant((f, zh) => {
      seen.push(zh);
      return new Map([...f].filter(([k]) => k.startsWith('c:')));
    });
    const f = questionFeatures('什么时候发货');
    expect(seen).toEqual(['||发货']); // 什么 and 时候 each split out, as in the product
    expect([...f.keys()].sort()).toEqual([...shipped('什么时候发货').keys()].filter((k) => k.startsWith('c:')).sort());
    // a text with no Han character keeps the shipped features and never reaches the variant
    expect(questionFeatures('when will it ship')).toEqual(shipped('when will it ship'));
    expect(seen).toHaveLength(1);
  });
});
