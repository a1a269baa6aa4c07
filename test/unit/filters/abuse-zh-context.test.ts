import { describe, expect, it } from 'vitest';
import { createAbuseDetectors } from '../../../filters/abuse.js';
import { compileZhMatcher } from '../../../filters/abuse-zh.js';
import type { Finding } from '../../../config/chat.js';

// Lexicon only: these pin the Chinese word list in context (the model has its own tests).
const d = createAbuseDetectors({ blockedTerms: [], allowedTerms: [], models: null });
const shown = (text: string) => d.detect(text).map((f) => text.slice(f.span![0], f.span![1]));

describe('Chinese lexicon: ordinary live-selling chat is not an insult', () => {
  it.each([
    // questions about goods, prices, shipping, sizes, colours
    '小刺猬喜欢吃什么东西呢',
    '这是什么东西啊',
    '主播今天卖什么东西',
    '什么东西好吃',
    '主播你是什么东西都卖吗',
    '这个多少钱',
    '怎么发货，几天到',
    '38码有吗',
    '什么颜色好看',
    '好吃吗',
    // everyday words that contain a short entry
    '笑死我了',
    '死贵死贵的',
    '主播垃圾袋有吗',
    '垃圾桶有盖子吗',
    '热狗好吃吗',
    '炸鸡吧今晚',
    '吃鸡吧兄弟们',
    '做鸡翅好吃吗',
    '贱卖清仓',
    '傻傻分不清楚',
    '主播傻傻的好可爱',
    '给我滚筒洗衣机链接',
    '可以预约吗',
    '大奶茶多少钱',
    '肥猪肉好吃吗',
    '主播是猪肉铺的吗',
    '绿毛衣还有吗',
    '绿茶味的饼干',
    '什么时候拿出来卖',
    '其他妈妈都说好用',
    '其他妈的宝宝也在用',
    '给你妈买一个',
    '你妈妈肯定喜欢',
    '买几把伞',
    '中国男装有吗',
    '韩国男款有没有',
    '我家狗比较挑食',
    '狗屎运来了',
    '变态辣的有吗',
  ])('%s → nothing', (text) => {
    expect(d.detect(text)).toEqual([]);
  });
});

describe('Chinese lexicon: real insults are still caught, beside the same ordinary words', () => {
  it.each([
    ['你算什么东西', '你算什么东西'],
    ['你是什么东西', '你是什么东西'],
    ['什么东西啊你', '什么东西啊你'],
    ['垃圾主播', '垃圾主播'],
    ['主播垃圾', '主播垃圾'],
    ['傻逼', '傻逼'],
    ['狗东西', '狗东西'],
    ['去死吧', '去死吧'],
    ['操你妈妈', '操你'], // 妈妈 is safe; the shorter entry at the same start still matches
    ['你妈的', '你妈'],
    ['吃鸡巴', '吃鸡巴'], // 吃鸡 lies wholly inside the longer hit: no cancel
    ['主播是垃圾', '主播是垃圾'],
    ['滚出直播间', '滚出直播间'],
    ['你真是个肥猪', '肥猪'],
    ['约吗美女', '约吗'],
  ])('%s → %s', (text, hit) => {
    expect(shown(text)).toContain(hit);
  });
});

describe('safe phrases', () => {
  const m = compileZhMatcher({ high: [], medium: ['坏人', '主播坏', '甲乙', '丙丁'], safe: ['坏人参', '坏坏', '乙丙丁戊'], blocked: [], allowed: [] });
  const scan = (t: string) => {
    const out: Finding[] = [];
    m.scan(t, out);
    return out.map((f) => t.slice(f.span![0], f.span![1]));
  };
  it('cancel a hit inside them or one that would split them, not one they sit inside', () => {
    expect(scan('坏人')).toEqual(['坏人']);
    expect(scan('坏人参')).toEqual([]); // the hit lies inside the safe phrase
    expect(scan('主播坏坏的')).toEqual([]); // 主播坏 would split 坏坏
    expect(scan('主播坏了')).toEqual(['主播坏']);
  });
  it('cancel every hit they overlap across an edge, on both sides', () => {
    expect(scan('甲乙丙丁戊')).toEqual([]);
    expect(scan('甲乙丙丁')).toEqual(['甲乙', '丙丁']);
  });
});
