import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../filters/random.js';
import { featureCacheSizes, patternCharMask, questionFeatures, ZH_CONCEPTS, ZH_SPLIT } from '../../../insights/question-features.js';

describe('patternCharMask (which patterns a text could match)', () => {
  it('sets a pattern\'s bit on each character of its source, both cases under /i', () => {
    const mask = patternCharMask([/发货|快递/, /when/i]);
    expect(mask['发'.charCodeAt(0)]).toBe(1);
    expect(mask['递'.charCodeAt(0)]).toBe(1);
    expect(mask['w'.charCodeAt(0)]).toBe(2);
    expect(mask['W'.charCodeAt(0)]).toBe(2);
    expect(mask['吗'.charCodeAt(0)]).toBe(0);
  });

  it('refuses more patterns than its 32 bits, and keeps the 32nd', () => {
    expect(() => patternCharMask(Array.from({ length: 33 }, () => /a/))).toThrow(/32/);
    const mask = patternCharMask(Array.from({ length: 32 }, (_, i) => (i === 31 ? /货/ : /a/)));
    expect(mask['货'.charCodeAt(0)]! & (1 << 31)).not.toBe(0);
  });

  it('is sound for the Chinese patterns: they are made of literal characters only', () => {
    // a wildcard, an escape or a negated class could match a character outside the source
    for (const re of [...ZH_CONCEPTS.map(([r]) => r), ZH_SPLIT]) expect(re.source, re.source).not.toMatch(/\.|\\|\[\^/);
  });
});

describe('Chinese concepts', () => {
  it('tell the shipping fee from who pays a return\'s postage', () => {
    const concepts = (t: string): string[] => [...questionFeatures(t).keys()].filter((k) => k.startsWith('c:')).sort();
    expect(concepts('运费多少')).toEqual(['c:shipfee']);
    expect(concepts('免运费吗')).toEqual(['c:shipfee']);
    expect(concepts('退货运费谁出')).toEqual(['c:refund']);
    expect(concepts('有运费险吗')).toEqual(['c:refund']);
    // the price asked is the shipping fee's, not the product's
    expect(concepts('邮费多少钱')).toEqual(['c:shipfee']);
    expect(concepts('how much is shipping')).toEqual(['c:shipfee']);
    expect(concepts('这个多少钱')).toEqual(['c:price']);
  });

  it('tell when a refund lands (到账) from when the parcel arrives', () => {
    const concepts = (t: string): string[] => [...questionFeatures(t).keys()].filter((k) => k.startsWith('c:')).sort();
    expect(concepts('退款什么时候到账啊')).toEqual(['c:refund', 'c:when']);
    expect(concepts('什么时候到')).toEqual(['c:shiptime', 'c:when']);
  });

  it('hear a price only in money that is asked about', () => {
    const concepts = (t: string): string[] => [...questionFeatures(t).keys()].filter((k) => k.startsWith('c:')).sort();
    expect(concepts('这个要钱吗')).toEqual(['c:price']);
    expect(concepts('五十块钱能买吗')).toContain('c:price');
    // earning money, being rich or wasting it asks no price (a chat line like this once joined a price card)
    expect(concepts('挣钱做家务有什么关系？')).toEqual([]);
    expect(concepts('有钱人怎么想的')).toEqual([]);
    expect(concepts('是不是浪费钱')).toEqual([]);
  });
});

describe('Live-selling facets beyond the order (weight, gifts, the sale\'s start, shelf life, origin, use, who it suits)', () => {
  const concepts = (t: string): string[] => [...questionFeatures(t).keys()].filter((k) => k.startsWith('c:')).sort();

  it('tell a product\'s weight from a body\'s weight that asks for a size', () => {
    expect(concepts('这个多重')).toEqual(['c:weight']);
    expect(concepts('净含量多少')).toEqual(['c:weight']);
    expect(concepts('120斤穿什么码')).toEqual(['c:size']);
    expect(concepts('我一百斤能穿吗')).toEqual(['c:size']);
  });

  it('read 一号链接 as a product named by number, not a request for the link', () => {
    expect(concepts('一号链接多少钱')).toEqual(['c:price']);
    expect(concepts('链接在哪')).toEqual(['c:buy']);
    expect(concepts('几号链接')).toContain('c:buy');
  });

  it('give each facet its concept in both languages', () => {
    expect(concepts('有赠品吗')).toEqual(['c:gift']);
    expect(concepts('any free gift?')).toContain('c:gift');
    // English concepts are matched against stems: these once fell through (ounces → ounc, freebies → freeby)
    expect(concepts('any freebies')).toEqual(['c:gift']);
    expect(concepts('is there a bonus')).toEqual(['c:gift']);
    expect(concepts('how many ounces')).toEqual(['c:weight']);
    expect(concepts('whats the volume')).toEqual(['c:weight']);
    expect(concepts('几点开抢')).toEqual(['c:start']);
    // when shipping starts is a shipping question, not the sale's start
    expect(concepts('什么时候开始发货')).toEqual(['c:shiptime', 'c:when']);
    expect(concepts('when does the sale start')).toContain('c:start');
    expect(concepts('保质期多久')).toContain('c:shelf');
    expect(concepts('when does it expire')).toContain('c:shelf');
    expect(concepts('哪里产的')).toEqual(['c:origin']);
    expect(concepts('where is it made')).toContain('c:origin');
    expect(concepts('这个怎么用')).toEqual(['c:usage']);
    expect(concepts('how do i use it')).toContain('c:usage');
    expect(concepts('怎么用券')).toEqual(['c:coupon']);
    expect(concepts('how do i use the coupon')).toEqual(['c:coupon']);
    expect(concepts('敏感肌能用吗')).toEqual(['c:suit']);
    expect(concepts('is it ok for sensitive skin')).toContain('c:suit');
    expect(concepts('能退吗')).toEqual(['c:refund']);
    expect(concepts('没抢到怎么办')).toEqual(['c:stock']);
  });
});

describe('Chinese concepts with the character gate', () => {
  it('finds exactly the concepts the patterns match, on 5,000 seeded texts', () => {
    const rnd = seededRandom(14);
    // characters of the patterns, particles and others, so that matches and near misses both occur
    const pool = [...new Set([...ZH_CONCEPTS.map(([r]) => r.source).join('').replace(/[^\u4e00-\u9fff]/g, ''), ...'吗呢的了我你好看这个主播今天衣服'])];
    let matched = 0;
    for (let n = 0; n < 5000; n++) {
      const len = 3 + Math.floor(rnd() * 10);
      let text = '';
      for (let i = 0; i < len; i++) text += pool[Math.floor(rnd() * pool.length)];
      const expected = new Set<string>();
      for (const [re, cs] of ZH_CONCEPTS) if (re.test(text)) for (const c of cs) expected.add(c);
      if (expected.has('c:ship') && (expected.has('c:shipfee') || expected.has('c:shiptime'))) expected.delete('c:ship');
      if (expected.has('c:shipfee')) expected.delete('c:price');
      if (expected.has('c:shiptime')) {
        expected.delete('c:buy');
        expected.delete('c:start');
      }
      const got = [...questionFeatures(text).keys()].filter((k) => k.startsWith('c:'));
      expect(new Set(got), text).toEqual(expected);
      if (expected.size > 0) matched++;
    }
    expect(matched).toBeGreaterThan(1000);
  });
});

describe('reading a question\'s words and Han runs', () => {
  const rounded = (text: string, words: string[] = []) => [...questionFeatures(text, words)].map(([k, v]) => [k, Number(v.toFixed(4))]);

  it('skips @mentions and CamelCase emotes, keeps $, digits and curly apostrophes inside words', () => {
    const words: string[] = [];
    // the features the regex reader gave (/[A-Za-z][A-Za-z0-9'’]*|\$/g), recorded before the reader became a loop
    expect(rounded("@PogChamp don’t PogChamp ship it $5 ps5's sooo good?? Kappa", words)).toEqual([
      ['w:NOT', 0.7], ['w:ship', 1], ['c:ship', 0.7], ['t:<sh', 0.15], ['t:shi', 0.15], ['t:hip', 0.15], ['t:ip>', 0.15],
      ['w:$', 1], ['c:price', 0.7], ['w:ps5', 1], ['w:soo', 1], ['w:good', 1], ['t:<go', 0.15], ['t:goo', 0.15], ['t:ood', 0.15], ['t:od>', 0.15],
      ['w:kappa', 1], ['t:<ka', 0.15], ['t:kap', 0.15], ['t:app', 0.15], ['t:ppa', 0.15], ['t:pa>', 0.15],
    ]);
    expect(words).toEqual(['ship', '$', 'ps5', 'soo', 'good', 'kappa']);
  });

  it('ends Han runs at particles, question words and other scripts', () => {
    expect(rounded('请问这个包邮吗？多少钱 abc吗的了')).toEqual([['w:abc', 1], ['z:包', 0.3], ['b:包邮', 1], ['z:邮', 0.3], ['z:钱', 0.3], ['c:shipfee', 3]]);
    expect(rounded('free shipping on XL? 能穿吗')).toEqual([
      ['c:shipfee', 1], ['w:free', 1], ['t:<fr', 0.15], ['t:fre', 0.15], ['t:ree', 0.15], ['t:ee>', 0.15],
      ['w:ship', 1], ['t:<sh', 0.15], ['t:shi', 0.15], ['t:hip', 0.15], ['t:ip>', 0.15], ['z:能', 0.3], ['b:能穿', 1], ['z:穿', 0.3], ['c:size', 1.5],
    ]);
  });

  it('keeps its key caches bounded, with the same features after they are cleared', () => {
    const before = rounded('这个颜色好看吗');
    // 600 lines of 400 Han characters in a different order each: about 240,000 distinct pairs, past the
    // 50,000 pair keys and the 200,000 term ids kept
    let cleared = false;
    let idsCleared = false;
    for (let n = 0; n < 600; n++) {
      let text = '';
      for (let i = 0; i < 400; i++) text += String.fromCharCode(0x4e00 + ((i * (n + 1) * 13) % 6007));
      const { hanPairs: pairsBefore, termIds: idsBefore } = featureCacheSizes();
      questionFeatures(text);
      const sizes = featureCacheSizes();
      if (sizes.hanPairs < pairsBefore) cleared = true;
      if (sizes.termIds < idsBefore) idsCleared = true;
      // cleared before a question once past the bound: at most one question's keys beyond it
      expect(sizes.termIds).toBeLessThanOrEqual(200_000 + 800);
      expect(sizes.hanPairs).toBeLessThanOrEqual(50_000);
      expect(sizes.hanUnits).toBeLessThanOrEqual(50_000);
      expect(sizes.words).toBeLessThanOrEqual(20_000);
    }
    expect(cleared).toBe(true);
    expect(idsCleared).toBe(true);
    expect(rounded('这个颜色好看吗')).toEqual(before);
    expect(rounded('is shipping free')).toEqual([['c:shipfee', 1], ['w:ship', 1], ['t:<sh', 0.15], ['t:shi', 0.15], ['t:hip', 0.15], ['t:ip>', 0.15], ['w:free', 1], ['t:<fr', 0.15], ['t:fre', 0.15], ['t:ree', 0.15], ['t:ee>', 0.15]]);
  });
});
