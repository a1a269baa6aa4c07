/**
 * The Chinese question rules skip regexes a line cannot meet (insights/question.ts): these tests
 * check on seeded random lines that the shortcuts answer exactly what the full regexes answer.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../filters/random.js';
import { isChineseQuestion, reduplicated } from '../../../insights/question.js';

const ALPHABET = ['好', '看', '不', '错', '没', '有', '是', '多', '少', '怎', '么', '呢', '还', '求', '想', '要', '也', '什', '〇', '々', '，', '。', '！', '~', '～', ' ', '　', 'a', 'K', '😀', '?'];

function randomLine(rand: () => number, max: number): string {
  let s = '';
  const n = 1 + Math.floor(rand() * max);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rand() * ALPHABET.length)]!;
  return s;
}

/** The rule as it was written before the shortcut. */
const REDUP_REFERENCE = (s: string): boolean => /^(\p{Script=Han}{1,3})\1+$/u.test(s.replace(/[\s，,。.！!~～]+/g, ''));

describe('question shortcuts agree with the full rules', () => {
  it('reduplicated() answers what the ZH_REDUP regex answers', () => {
    const rand = seededRandom(20261130);
    let matches = 0;
    for (let k = 0; k < 20_000; k++) {
      // periodic lines are rare at random: build some from a repeated piece
      const piece = randomLine(rand, 3);
      const s = k % 2 === 0 ? piece.repeat(1 + Math.floor(rand() * 5)) : randomLine(rand, 16);
      const want = REDUP_REFERENCE(s);
      if (want) matches++;
      expect(reduplicated(s), JSON.stringify(s)).toBe(want);
    }
    expect(matches).toBeGreaterThan(1000);
  });

  it('praise repeated with punctuation is reduplication; a question word is not', () => {
    expect(reduplicated('好看，好看！')).toBe(true);
    expect(reduplicated('好看好')).toBe(false);
    expect(isChineseQuestion('好看，好看！')).toBe(false);
    expect(isChineseQuestion('多少钱')).toBe(true);
    expect(isChineseQuestion('没什么')).toBe(false);
    expect(isChineseQuestion('能不能便宜')).toBe(true);
    expect(isChineseQuestion('不错不错')).toBe(false);
  });
});
