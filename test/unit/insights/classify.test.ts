import { describe, expect, it } from 'vitest';
import { classify, detectLang } from '../../../insights/classify.js';
import { isChineseQuestion, isEnglishQuestion, isQuestionPrepared } from '../../../insights/question.js';
import { prepare } from '../../../filters/prepare.js';
import type { ChatMessage } from '../../../config/chat.js';
import { isNegative, scoreSentiment } from '../../../insights/sentiment.js';

/** How a line reads: positive above +0.2, negative below -0.2, neutral between. */
const reading = (text: string): string => {
  const s = scoreSentiment(text);
  return s > 0.2 ? 'positive' : s < -0.2 ? 'negative' : 'neutral';
};

describe('detectLang', () => {
  it.each([
    ['包邮吗', 'zh'],
    ['how much is shipping', 'en'],
    ['主播 how much', 'zh'],
    ['😀😀 123', 'other'],
  ] as const)('%s → %s', (text, lang) => {
    expect(detectLang(text)).toBe(lang);
  });
});

describe('question detection', () => {
  it.each([
    ['how much is shipping', true],
    ['shipping cost?', true],
    ['do you ship to canada', true],
    ['r u restocking the pink one', true],
    ['anyone know if it runs small', true],
    ['lol why is the price different', true],
    ['what a deal', false],
    ['how cute is that', false],
    ['show the back please', true],
    ['love this color', false],
  ])('English: %s → %s', (text, q) => {
    expect(isEnglishQuestion(text)).toBe(q);
  });

  it.each([
    ['包邮吗', true],
    ['运费多少', true],
    ['包不包邮', true],
    ['有没有大码', true],
    ['什么时候发货', true],
    ['好看不', true],
    ['主播呢', true],
    ['是正品吗😊', true],
    ['没什么问题', false],
    ['什么都好看', false],
    ['一点问题都没有', false],
    ['已拍', false],
    ['哪怕贵一点也值', false],
  ])('Chinese: %s → %s', (text, q) => {
    expect(isChineseQuestion(text)).toBe(q);
  });

  it('a Chinese question is a question whatever its punctuation or emoji', () => {
    expect(classify('这个多少钱？').isQuestion).toBe(true);
    expect(classify('这个多少钱').isQuestion).toBe(true);
  });
});

describe('sentiment', () => {
  it.each([
    ['I love it', 'positive'],
    ['this is so bad', 'negative'],
    ['not bad at all', 'positive'],
    ['not good', 'negative'],
    ['never buying again, total scam', 'negative'],
    ['NotLikeThis', 'negative'],
    ['PogChamp', 'positive'],
    ['BibleThump BibleThump', 'negative'],
    ['质量不错', 'positive'],
    ['不好', 'negative'],
    ['不差', 'positive'],
    ['太贵了', 'negative'],
    ['非常满意', 'positive'],
    ['还没发货', 'negative'],
    ['骗子', 'negative'],
    ['质量不错，就是物流太慢', 'negative'],
    ['包邮吗', 'neutral'],
    ['how much is shipping', 'neutral'],
  ])('%s → %s', (text, want) => {
    expect(reading(text)).toBe(want);
  });

  it('intensifiers make a word stronger, in both languages', () => {
    expect(scoreSentiment('so bad')).toBeLessThan(scoreSentiment('bad'));
    expect(scoreSentiment('太差')).toBeLessThanOrEqual(scoreSentiment('差'));
    expect(scoreSentiment('非常好')).toBeGreaterThan(scoreSentiment('好'));
  });

  it('stays within -1..+1 however long the rant', () => {
    const s = scoreSentiment('terrible awful horrible worst scam fraud '.repeat(50));
    expect(s).toBeGreaterThanOrEqual(-1);
    expect(isNegative(s)).toBe(true);
  });

  it('ignores @mentions', () => {
    expect(scoreSentiment('@hate_bot hello')).toBe(0);
  });

  it.each([
    ['what a great play Kappa', 'negative'],
    ['Kappa', 'neutral'],
    ['love this update /s', 'negative'],
    ['oh "amazing" another delay', 'negative'],
    ['is it waterproof or not', 'neutral'],
    ['this is not it', 'negative'],
    ['so cringe', 'negative'],
    ['huge L', 'negative'],
    ['meet me at the L. station', 'neutral'],
    ['stream keeps buffering', 'negative'],
    ['that play was insane', 'neutral'],
    ['12 kills already', 'neutral'],
    ['peepoSad', 'negative'],
    ['stream is lagging', 'negative'],
    ['he got robbed', 'negative'],
    ['seeing is believing', 'neutral'],
  ])('chat: %s → %s', (text, want) => {
    expect(reading(text)).toBe(want);
  });
});

describe('question detection on a prepared message', () => {
  it('reads no English question into a Chinese line whose only Latin letters are an emote', () => {
    const msg = (emotes: ChatMessage['emotes']): ChatMessage => ({ id: 'm', platform: 'twitch', channel: 'c', user: { id: 'u', name: 'u', displayName: 'u', roles: [] }, text: '冲 how', emotes, receivedAt: 0 });
    // "how" typed as a word asks; the same letters as a channel emote's name do not
    expect(isQuestionPrepared(prepare(msg([])))).toBe(true);
    expect(isQuestionPrepared(prepare(msg([{ id: '1', name: 'how', start: 2, end: 4 }])))).toBe(false);
  });
});

describe('classify', () => {
  it('returns language, question and sentiment together', () => {
    const c = classify('包邮吗');
    expect(c).toEqual({ lang: 'zh', isQuestion: true, sentiment: 0 });
  });
});

describe('lexicon lookups (hashed)', () => {
  it.each([
    ['SOOOO BAAAD', 'negative'],
    ['loooove it', 'positive'],
    ['disappointing', 'negative'],
    ['hated', 'negative'],
    ['don’t like it', 'negative'],
    ['😡😡', 'negative'],
    ['❤️', 'positive'],
    ['太好了', 'positive'],
    ['一点都不好', 'negative'],
  ])('%s → %s', (text, want) => {
    const s = scoreSentiment(text);
    expect(s > 0.2 ? 'positive' : s < -0.2 ? 'negative' : 'neutral').toBe(want);
  });

  it('caps and elongation weigh like the plain word', () => {
    expect(scoreSentiment('TERRIBLE')).toBeLessThan(scoreSentiment('terrible'));
    expect(scoreSentiment('baaad')).toBe(scoreSentiment('bad'));
  });
});

describe('English questions: clause scan', () => {
  it.each([
    ['ok - how much', true],
    ['lol\nwhat color is it', true],
    ['so, is it cotton', true],
    ['nice - love it', false],
    ['a-b testing is fun', false],
  ])('%s → %s', (text, q) => {
    expect(isEnglishQuestion(text)).toBe(q);
  });
});
