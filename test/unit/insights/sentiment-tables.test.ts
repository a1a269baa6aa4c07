/**
 * The lexicon's lookup tables (insights/sentiment-tables.ts) as the scorer reads them: the longest
 * `prefix*` entry a word starts with wins, Chinese terms are matched longest first.
 */
import { describe, expect, it } from 'vitest';
import { parseEmotes, parseLexicon } from '../../../insights/sentiment-lexicon.js';
import { seededRandom } from '../../../filters/random.js';
import { featurizeEn, newFeatureBuffers } from '../../../insights/sentiment-features.js';
import { lexiconDetail, lexiconDetailInto } from '../../../insights/sentiment-score.js';
import { buildSentimentTables, sentimentTables } from '../../../insights/sentiment-tables.js';

const tables = buildSentimentTables({
  en: parseLexicon(['[words]', 'abc* 1', 'abcde* -2', 'abcdefghijklmnop* 3', 'xyz 1', '[negators]', 'not', '[intensifiers]', 'very 1.5', '[contrast]', 'but'].join('\n')),
  zh: parseLexicon(['[words]', '好 1', '好看 2', '好难看 -2', '不错 1.5', '[negators]', '不'].join('\n')),
  emotes: parseEmotes(['PogU 1', '’hug 0.5', '😀 0.8'].join('\n')),
});
const posNeg = (text: string): [number, number] => {
  const d = lexiconDetail(text, tables);
  return [d.posSum, d.negSum];
};

describe('sentiment tables', () => {
  it('a word takes its longest prefix entry, nested or not', () => {
    expect(posNeg('abc')).toEqual([1, 0]);
    expect(posNeg('abcd')).toEqual([1, 0]);
    expect(posNeg('abcde')).toEqual([0, 2]);
    expect(posNeg('abcdefghij')).toEqual([0, 2]);
    // an entry longer than any other: the walk up the prefixes reaches it through the shorter ones
    expect(posNeg('abcdefghijklmnopq')).toEqual([3, 0]);
    expect(posNeg('abxde')).toEqual([0, 0]);
    expect(posNeg('ab')).toEqual([0, 0]);
    expect(posNeg('xyz')).toEqual([1, 0]);
  });

  it('negators, modifiers and contrast words are found by their kind, a modifier with its weight', () => {
    expect(posNeg('very xyz')).toEqual([1.5, 0]);
    expect(posNeg('not xyz')).toEqual([0, 0.8]);
    expect(posNeg('not very xyz')[1]).toBeCloseTo(1.2, 12);
    expect(lexiconDetail('xyz but abc', tables).contrasted).toBe(true);
    expect(lexiconDetail('not xyz', tables).negations).toBe(1);
    expect(lexiconDetail('xyz or not', tables).negations).toBe(0);
  });

  it('emotes are whole chunks, case-sensitive, with ’ read as an apostrophe; Kappa turns praise to sarcasm', () => {
    expect(posNeg('PogU')).toEqual([1, 0]);
    expect(posNeg('ok PogU')).toEqual([1, 0]);
    expect(posNeg('xPogU pogu PogUU')).toEqual([0, 0]);
    expect(posNeg("'hug")).toEqual([0.5, 0]);
    expect(posNeg('’hug')).toEqual([0.5, 0]);
    expect(lexiconDetail('xyz', tables).score).toBeGreaterThan(0);
    expect(lexiconDetail('xyz Kappa', tables).score).toBeLessThan(0);
    expect(lexiconDetail('xyz kappa', tables).score).toBeGreaterThan(0);
    expect(lexiconDetail('xyz /s', tables).score).toBeLessThan(0);
  });

  it('Chinese terms match longest first, by their first units', () => {
    expect(posNeg('好')).toEqual([1, 0]);
    expect(posNeg('好看')).toEqual([2, 0]);
    expect(posNeg('好难看')).toEqual([0, 2]);
    expect(posNeg('好难')).toEqual([1, 0]);
    expect(posNeg('不错')).toEqual([1.5, 0]);
    expect(posNeg('不好')).toEqual([0, 1]);
  });
  it("the lexicon pass's word bound is never below the English model's word count (short lines skip the model by it)", () => {
    // letters, digits, apostrophes, mentions, URLs, emotes, Chinese terms with digits, emoji and lone surrogates
    const pieces = ['a', 'B', '1', '2', ' ', '@', 'http', "'", '’', '-', '.', '😀', '\ud83d', 'é', '666', 'LUL', 'Kappa', '<3', ':)', 'x1y', '好', 'PogChamp'];
    const rand = seededRandom(20261130);
    const buf = newFeatureBuffers();
    const out = { score: 0, posSum: 0, negSum: 0, negations: 0, contrasted: false };
    let atBound = 0;
    for (let k = 0; k < 20_000; k++) {
      let s = '';
      const n = 1 + Math.floor(rand() * 15);
      for (let i = 0; i < n; i++) s += pieces[Math.floor(rand() * pieces.length)]!;
      const bound = lexiconDetailInto(s, sentimentTables(), out);
      const words = featurizeEn(s, lexiconDetail(s), false, 1, buf)?.words ?? 0;
      expect(words, JSON.stringify(s)).toBeLessThanOrEqual(bound);
      if (words === bound) atBound++;
    }
    expect(atBound).toBeGreaterThan(2000);
  });
});
