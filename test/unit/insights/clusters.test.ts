import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { joinThreshold, newClusterState, stepClusters, viewClusters, type QuestionItem } from '../../../insights/clusters.js';
import { matchFaq, parseFaq } from '../../../insights/faq.js';
import { detectLang } from '../../../filters/lang.js';

const faq = parseFaq(readFileSync(new URL('../../../config/faq.yaml', import.meta.url), 'utf8'));
const q = (text: string, user: string): QuestionItem => ({ text, userId: user, lang: detectLang(text) });
const view = { minAskers: 2, maxShown: 10, maxExamplesShown: 3 };

describe('stepClusters', () => {
  it.each([
    ['Chinese rewordings', ['运费多少', '包邮吗？', '包不包邮']],
    ['English rewordings and word order', ['how much is shipping', 'shipping cost?', 'whats the shipping cost']],
    ['typos and emotes', ['is shipping free', 'is shiping free PogChamp', 'shipping free??']],
    ['coupons in both languages', ['有优惠券吗', '优惠券在哪领', '优惠券怎么用']],
    ['height and size asked differently', ['模特身高多少', '模特多高', '我该拿多大码']],
    ['shade names', ['这支是什么色号', '你涂的几号色']],
  ])('groups %s', (_name, texts) => {
    const s = newClusterState();
    const ids = texts.map((t, i) => stepClusters(s, q(t, `u${i}`), 1000 * i).clusterId);
    expect(new Set(ids).size).toBe(1);
  });

  it.each([
    ['shipping vs size', '运费多少', '160斤穿什么码'],
    ['price vs returns', 'how much is this', 'can i return it'],
    ['coupon vs authentic', '有优惠券吗', '是正品吗'],
  ])('keeps apart %s', (_name, a, b) => {
    const s = newClusterState();
    expect(stepClusters(s, q(a, 'u1'), 0).clusterId).not.toBe(stepClusters(s, q(b, 'u2'), 1000).clusterId);
  });

  it.each([
    [1, 0.2],
    [10, 0.2 + 0.07 * Math.log(10)],
    [100, 0.2 + 0.07 * Math.log(100)],
  ])('asks a cluster of %i questions for similarity %f to join (bigger clusters are stricter)', (n, want) => {
    const s = newClusterState();
    for (let i = 0; i < n; i++) stepClusters(s, q('包邮吗', `u${i}`), i * 10);
    const [c] = s.clusters;
    expect(s.clusters).toHaveLength(1);
    expect(c?.count).toBe(n);
    expect(c && joinThreshold(s, c)).toBeCloseTo(want, 6);
    expect(c && joinThreshold(newClusterState({ growth: 0, threshold: 0.3 }), c)).toBeCloseTo(0.3, 6);
  });

  it('counts distinct askers, not messages', () => {
    const s = newClusterState();
    for (let i = 0; i < 5; i++) stepClusters(s, q('包邮吗', 'same-user'), i * 1000);
    stepClusters(s, q('运费多少', 'other'), 6000);
    const [c] = viewClusters(s, 7000, [], view);
    expect(c?.askers).toBe(2);
    expect(c?.count).toBe(6);
  });

  it('forgets clusters idle for a whole window', () => {
    const s = newClusterState({ windowMs: 60_000 });
    stepClusters(s, q('包邮吗', 'a'), 0);
    stepClusters(s, q('包邮吗', 'b'), 1000);
    expect(viewClusters(s, 30_000, [], view)).toHaveLength(1);
    expect(viewClusters(s, 62_000, [], view)).toHaveLength(0);
    stepClusters(s, q('多少钱', 'c'), 62_000);
    expect(s.clusters).toHaveLength(1);
  });

  it('stays bounded: clusters, examples and frequency table are capped', () => {
    const s = newClusterState({ maxClusters: 20, maxExamples: 4, maxDf: 500 });
    for (let i = 0; i < 5000; i++) stepClusters(s, q(`question number ${i} about item${i} colour${i % 97}?`, `u${i}`), i * 10);
    expect(s.clusters.length).toBeLessThanOrEqual(20);
    expect(Math.max(...s.clusters.map((c) => c.examples.length))).toBeLessThanOrEqual(4);
    expect(s.dfSize).toBeLessThanOrEqual(500);
  });

  it('shows rising, then fading, clusters with a representative and the FAQ answer', () => {
    const s = newClusterState({ windowMs: 5 * 60_000 });
    ['运费多少', '包邮吗', '包不包邮', '运费怎么算', 'is shipping free'].forEach((t, i) => stepClusters(s, q(t, `u${i}`), 1000 * i));
    const [now] = viewClusters(s, 6000, faq, view);
    expect(now?.trend).toBe('rising');
    expect(now?.askers).toBe(5);
    expect(now?.faq?.id).toBe('shipping-cost');
    expect(now?.examples.length).toBeLessThanOrEqual(3);
    expect(['运费多少', '包邮吗', '包不包邮', '运费怎么算', 'is shipping free']).toContain(now?.representative);
    const [later] = viewClusters(s, 4 * 60_000, faq, view);
    expect(later?.trend).toBe('fading');
  });

  it('keeps its postings equal to the centroids through joins, pruning, eviction and expiry', () => {
    // few clusters, few features and a short window, so every path that removes terms runs
    const s = newClusterState({ maxClusters: 6, maxFeatures: 8, windowMs: 20_000 });
    const texts = ['包邮吗', '运费多少', 'how much is shipping', 'shipping cost?', '有优惠券吗', '优惠券怎么用', '模特身高多少', '我该拿多大码', 'is it real leather', '是正品吗', 'when does it ship', '什么时候发货', 'what colors are there', '有几个颜色'];
    let pruned = 0;
    for (let i = 0; i < 400; i++) {
      stepClusters(s, q(`${texts[i % texts.length]!} ${texts[(i * 7) % texts.length]!}`, `u${i % 37}`), i * 400 + Math.floor(i / 50) * 25_000);
      for (const c of s.clusters) if (c.centroid.size <= 8) pruned++;
      const fromCentroids = new Map<string, Map<unknown, number>>();
      for (const c of s.clusters) for (const [k, w] of c.centroid) fromCentroids.set(k, (fromCentroids.get(k) ?? new Map()).set(c, w));
      const postings = new Map<string, Map<unknown, number>>();
      for (const [k, t] of s.terms) if (t.posting) postings.set(k, t.posting);
      expect(postings).toEqual(fromCentroids);
    }
    expect(pruned).toBeGreaterThan(0);
    expect(s.nextId).toBeGreaterThan(20); // clusters were evicted or expired and new ones started
  });
});

describe('matchFaq', () => {
  it.each([
    ['运费多少', 'shipping-cost'],
    ['how much is shipping', 'shipping-cost'],
    ['什么时候发货', 'shipping-time'],
    ['what size should i get', 'sizes'],
    ['有优惠券吗', 'coupons'],
    ['can i return it', 'returns'],
    ['是正品吗', 'authentic'],
    // the longest keyword wins: 运费险 / 退货运费 hold 运费 (the shipping fee) but ask about returns
    ['有运费险吗', 'returns'],
    ['退货运费谁出', 'returns'],
    ['who pays the return shipping', 'returns'],
    ['运费多少钱', 'shipping-cost'],
  ])('%s → %s', (text, id) => {
    expect(matchFaq([text], faq)?.id).toBe(id);
  });

  it('lets a longer keyword of one entry cover a shorter one of another, in cluster texts too', () => {
    const entries = parseFaq('entries:\n  - { id: fee, keywords: [运费, shipping], answer: a }\n  - { id: insurance, keywords: [运费险], answer: b }\n');
    // 运费险 (2 points) covers 运费; a plain 运费 elsewhere still counts for the fee (1 point)
    expect(matchFaq(['有运费险吗'], entries)?.id).toBe('insurance');
    expect(matchFaq(['有运费险吗', '运费多少'], entries)?.id).toBe('insurance');
    expect(matchFaq(['运费多少', 'shipping?'], entries)?.id).toBe('fee');
  });

  it('answers by the concepts an entry\'s keywords name when no keyword matches, only when one entry names them all', () => {
    // an entry saved from a card keeps the card's question as its keyword
    const saved = parseFaq('entries:\n  - { id: shelf, keywords: [保质期多久], answer: a }\n  - { id: fabric, keywords: [面料, material], answer: b }\n');
    expect(matchFaq(['这个能放多久'], saved)?.id).toBe('shelf');
    expect(matchFaq(['when does it expire?'], saved)?.id).toBe('shelf');
    // a colour question asks something no entry names: no answer rather than the material one
    expect(matchFaq(['黄皮适合哪个色'], saved)).toBeNull();
    // two entries naming the same concept: no guess
    const two = parseFaq('entries:\n  - { id: a, keywords: [保质期], answer: a }\n  - { id: b, keywords: [过期了吗], answer: b }\n');
    expect(matchFaq(['能放多久'], two)).toBeNull();
  });

  it('returns null when nothing matches', () => {
    expect(matchFaq(['hello there'], faq)).toBeNull();
    expect(matchFaq(['包邮吗'], [])).toBeNull();
  });

  it('rejects a malformed FAQ file with the path of the problem', () => {
    expect(() => parseFaq('entries:\n  - id: x\n    answer: 1\n')).toThrow(/keywords|answer/);
  });
});

describe('ambiguity margin', () => {
  it('lets a question nearly as close to two clusters start its own instead of blurring either', () => {
    const texts = ['does the linen shrink', 'will the shirt fade', 'linen shirt?'];
    const strict = newClusterState({ margin: 0.03 });
    const loose = newClusterState({ margin: 0 });
    const ids = (s: ReturnType<typeof newClusterState>): Array<string | null> => texts.map((t, i) => stepClusters(s, q(t, `u${i}`), 1000 * i).clusterId);
    const [a, b, both] = ids(strict);
    expect(new Set([a, b, both]).size).toBe(3);
    const [la, lb, lboth] = ids(loose);
    expect([la, lb]).toContain(lboth);
  });
});

describe('shipping questions', () => {
  it('keep "how much is shipping" and "when will it ship" apart, in both languages, each asked many ways', () => {
    const asked: Array<[string, 'fee' | 'time']> = [
      ['how much is shipping', 'fee'], ['when will it ship', 'time'], ['is shipping free', 'fee'], ['how fast is shipping', 'time'], ['shipping cost?', 'fee'],
      ['how long does shipping take', 'time'], ['free shipping?', 'fee'], ['when does it arrive', 'time'], ['whats the shipping fee', 'fee'], ['how soon will it ship', 'time'],
      ['包邮吗', 'fee'], ['什么时候发货', 'time'], ['运费多少', 'fee'], ['几天能到', 'time'],
    ];
    const s = newClusterState();
    const ids = asked.map(([t], i) => stepClusters(s, q(t, `u${i}`), i * 2000).clusterId);
    const of = (kind: 'fee' | 'time'): Set<string | null> => new Set(ids.filter((_, i) => asked[i]?.[1] === kind));
    for (const id of of('fee')) expect(of('time').has(id)).toBe(false);
    expect(of('fee').size).toBeLessThanOrEqual(2);
    expect(of('time').size).toBeLessThanOrEqual(2);
  });
});

describe('clusters across languages', () => {
  it('let English questions join a big Chinese cluster: its size in Chinese does not raise the bar for English', () => {
    const zh = ['运费多少', '包邮吗', '包不包邮', '邮费多少钱', '运费怎么算', '免运费吗', '包邮吗主播', '运费贵不贵', '是包邮的吗', '偏远地区包邮吗', '运费多少啊', '这个包邮不', '满多少包邮', '要运费吗', '邮费怎么算', '全国包邮吗'];
    const s = newClusterState();
    zh.forEach((t, i) => stepClusters(s, q(t, `z${i}`), i * 1000));
    const big = [...s.clusters].sort((a, b) => b.count - a.count)[0];
    expect(big && big.count).toBeGreaterThanOrEqual(14);
    const joined = ['how much is shipping', 'is shipping free', 'shipping cost?'].map((t, i) => stepClusters(s, q(t, `e${i}`), 60_000 + i * 1000).clusterId);
    expect(joined).toEqual([big?.id, big?.id, big?.id]);
    if (big) expect(joinThreshold(s, big, 'en')).toBeLessThan(joinThreshold(s, big, 'zh'));
  });
});
