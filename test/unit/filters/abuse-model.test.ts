import { describe, expect, it } from 'vitest';
import { createAbuseDetectors } from '../../../filters/abuse.js';
import { LinearModel, createAbuseModels, englishFeatures, loadShippedModels, textHash } from '../../../filters/model.js';
import { prepareText } from '../../../filters/prepare.js';
import { loadSpamModel } from '../../../filters/spam-model.js';
import { crossValidate, foldOf, prf, trainModel, type TrainRow } from '../../../scripts/train/model-train.js';

const NONE = { low: false, medium: false, high: false };

describe('shipped abuse models', () => {
  const models = loadShippedModels();

  it.each(['en', 'zh'] as const)('%s weights load with a provenance header', (lang) => {
    const m = models[lang];
    expect(m).not.toBeNull();
    const h = m!.header;
    expect(h.lang).toBe(lang);
    expect(h.rows).toBeGreaterThan(1000);
    expect(h.trainedTextHashes.length).toBeGreaterThan(1000);
    expect(h.command).toContain('scripts/train-model.ts');
    expect(h.threshold).toBeGreaterThan(0);
    expect(h.threshold).toBeLessThan(1);
  });

  it.each([
    ['en', 'you are a worthless disgusting piece of trash and everyone hates you', 'thank you so much for the lovely stream today, the jacket looks great'],
    ['zh', '你这种人渣就该去死，全家都是废物畜生', '今天的直播很好看，主播辛苦了，我已经下单了两件'],
  ] as const)('%s: an insult scores above a friendly line', (lang, bad, good) => {
    const m = models[lang]!;
    expect(m.probability(bad, NONE)).toBeGreaterThan(m.probability(good, NONE));
    expect(m.probability(bad, NONE)).toBeGreaterThan(m.header.threshold);
    expect(m.probability(good, NONE)).toBeLessThan(m.header.threshold);
  });

  it.each(['gg', 'hello there', 'omg i need that', '好可爱', 'is it still in stock'])('stays silent on short chat: %s', (text) => {
    expect(models.score(text, /\p{Script=Han}/u.test(text))).toBeNull();
  });

  it('reports a model finding with a probability and the whole text as span', () => {
    const det = createAbuseDetectors({ blockedTerms: [], allowedTerms: [] });
    const text = 'you are a worthless disgusting piece of trash and everyone hates you';
    const f = det.detect(text).find((x) => x.filter === 'abuse.model');
    expect(f).toMatchObject({ filter: 'abuse.model', span: [0, text.length] });
    expect(f!.score).toBeGreaterThan(0.5);
    expect(f!.detail).toMatch(/^en model: abusive with p=0\.\d\d$/);
  });
});

describe('training', () => {
  const rows: TrainRow[] = [];
  for (let i = 0; i < 40; i++) {
    rows.push({ text: `you stupid worthless loser number ${i} go away`, y: 1, lex: NONE, set: 't' });
    rows.push({ text: `what a lovely product review number ${i} thanks`, y: 0, lex: NONE, set: 't' });
  }
  const opts = { lang: 'en' as const, bits: 12, epochs: 4, seed: 7, lr: 0.3, l2: 1e-5 };
  const meta = { threshold: 0.5, highThreshold: 0.9, sets: ['t'], command: 'test' };

  it('is deterministic: same rows and seed give the same weights', () => {
    expect(trainModel(rows, opts, meta)).toEqual(trainModel(rows, opts, meta));
  });

  it('learns a separable toy task and records the training texts', () => {
    const file = trainModel(rows, opts, meta);
    expect(file.header.trainedTextHashes).toContain(textHash(rows[0]!.text));
    const m = new LinearModel(file);
    const models = createAbuseModels(m, null);
    expect(models.score('you stupid worthless loser go away right now', false)?.filter).toBe('abuse.model');
    expect(models.score('what a lovely product review thanks a lot', false)).toBeNull();
  });

  it('cross-validates each row with a model that never saw its fold', () => {
    const oof = crossValidate(rows, opts, 5);
    const pred = Array.from(oof, (p) => p >= 0.5);
    expect(prf(pred, rows.map((r) => r.y === 1)).f1).toBeGreaterThan(0.9);
    expect(new Set(rows.map((r) => foldOf(r.text, 5))).size).toBe(5);
  });

  it('refuses weights of the wrong size', () => {
    const file = trainModel(rows, opts, meta);
    expect(() => new LinearModel({ ...file, header: { ...file.header, bits: 13 } })).toThrow(expect.objectContaining({ code: 'SR_MODEL_INVALID', message: expect.stringMatching(/expected 8192 bytes/) }));
  });
});

describe('full detectors (lexicons + shipped model) on customer complaints', () => {
  const det = createAbuseDetectors({ blockedTerms: [], allowedTerms: [] });
  it.each([
    '主播卖假货！！大家别买！！都是三无产品！！',
    '这家店就是骗子，收了钱不发货，我要退款',
    '买到的东西就是垃圾，质量太差了，申请退款一直不处理',
    '客服态度太差了，问了三遍都不回复，差评',
    'this seller is a scam, the product is garbage and i want my money back',
    'worst store ever, fake products and no refund after three weeks',
  ])('an angry customer is not abuse: %s', (text) => {
    expect(det.detect(text)).toEqual([]);
  });
  it.each([
    ['你这个傻逼主播赶紧滚出直播间吧', 'abuse.zh'],
    ['you are a disgusting pathetic loser and nobody wants you here', 'abuse.model'],
  ])('abuse is flagged: %s', (text, filter) => {
    expect(det.detect(text).map((f) => f.filter)).toContain(filter);
  });
});

describe('English features computed once', () => {
  const models = loadShippedModels();
  const spam = loadSpamModel()!;
  const texts = [
    'you are a worthless disgusting piece of trash and everyone hates you',
    'CHECK OUT MY CHANNEL for free v-bucks!!! f.u.c.k this st00pid stream lol',
    'thank you so much for the lovely stream today, the jacket looks great',
    'gg', '', 'émigré ｆｕｌｌ-width and Кириллица mixed in with 1337 sp34k',
    'x'.repeat(400),
  ];
  it.each(texts)('scores the same from the shared features: %s', (text) => {
    const f = englishFeatures(text);
    for (const lex of [NONE, { low: true, medium: false, high: false }, { low: true, medium: true, high: true }]) {
      expect(models.en!.probabilityOf(f, lex)).toBe(models.en!.probability(text, lex));
      expect(spam.probabilityOf(f, lex)).toBe(spam.probability(text, lex));
    }
    expect(prepareText(text).enFeatures).toEqual(f);
  });
  it('hands out features that later calls never change, through many shared buffers', () => {
    // englishFeatures fills 64 KB buffers in turn: 3,000 long lines go through several of them
    const kept = texts.map((t) => ({ t, f: englishFeatures(t), copy: Array.from(englishFeatures(t)) }));
    const seen = new Set<Int32Array>();
    for (let i = 0; i < 3000; i++) {
      const f = englishFeatures(`line ${i} ` + texts[i % texts.length]!);
      expect(seen.has(f)).toBe(false);
      if (i % 500 === 0) seen.add(f);
    }
    for (const { t, f, copy } of kept) {
      expect(Array.from(f), t).toEqual(copy);
      expect(models.en!.probabilityOf(f, NONE)).toBe(models.en!.probability(t, NONE));
    }
  });
  it('gives the same verdicts through a prepared message', () => {
    const det = createAbuseDetectors({ blockedTerms: [], allowedTerms: [] });
    for (const t of texts) expect(det.detectPrepared(prepareText(t))).toEqual(det.detect(t));
  });
  it('refuses English features for the Chinese model', () => {
    expect(() => models.zh!.probabilityOf(new Int32Array(0), NONE)).toThrow(/Chinese/);
  });
});
