import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../insights/classify.js';
import { textHash } from '../../../filters/model.js';
import { parseEmotes } from '../../../insights/sentiment-lexicon.js';
import { wordVectors } from '../../../insights/word-vectors.js';
import {
  MODEL_MIN_WORDS,
  NEGATIVE_THRESHOLD,
  SentimentModel,
  abuseModelId,
  featurizeEn,
  isNegative,
  lexiconDetail,
  lexiconScore,
  newFeatureBuffers,
  loadSentimentModel,
  parseSentimentModel,
  scoreSentiment,
} from '../../../insights/sentiment.js';
import { SENTIMENT_TRAIN, chooseFlipThreshold, trainSentiment, type SentRow } from '../../../scripts/train-sentiment.js';

const NEG = ['this is awful and i hate it so much today', 'worst service ever, never again, what a total disaster', 'so angry right now, they lied to us again and again'];
const POS = ['what a lovely day with friends at the beach today', 'great show tonight, loved every minute of it', 'thank you all so much for the kind birthday wishes'];
const TOY: SentRow[] = [];
for (let i = 0; i < 20; i++) {
  for (const t of NEG) TOY.push({ text: `${t} ${i}`, y: 1 });
  for (const t of POS) TOY.push({ text: `${t} ${i}`, y: 0 });
}
const FAST = { ...SENTIMENT_TRAIN, bits: 12, epochs: 3, bags: 1 };

describe('shipped English sentiment model', () => {
  const m = loadSentimentModel();

  it('is present, small, and records what it was trained on', () => {
    expect(m).not.toBeNull();
    expect(statSync(new URL('../../../filters/models/sentiment-en.json', import.meta.url)).size).toBeLessThan(1_000_000);
    expect(m!.header.trainedTextHashes.length).toBeGreaterThan(1000);
    expect(m!.header.threshold).toBeGreaterThan(0);
    expect(m!.header.threshold).toBeLessThan(1);
  });

  it('was trained with the shipped abuse model (its log-odds are a feature: retrain after the abuse model changes)', () => {
    expect(m!.header.abuseModel).toBe(abuseModelId());
  });

  it.each([
    ['how much is shipping', 'en'],
    ['I want a refund', 'en'],
    ['my order never arrived', 'en'],
    ['质量不错，就是物流太慢，客服也不回消息真的很失望', 'zh'],
    ['主播 this is the worst stream ever honestly so bad', 'zh'],
  ])('leaves short English lines and Chinese lines to the lexicon: %s', (text) => {
    expect(scoreSentiment(text)).toBe(lexiconScore(text));
  });

  it.each([
    ['i cannot believe they cancelled the show again, so sad and angry', true],
    ['had the best time at the concert last night with my friends', false],
  ])('scores tweet-length English lines: %s → negative %s', (text, neg) => {
    expect(isNegative(scoreSentiment(text))).toBe(neg);
    expect(isNegative(classify(text).sentiment)).toBe(neg);
  });

  it('keeps a negative lexicon verdict on lines shorter than vetoMinWords', () => {
    const text = 'still not shipped after two weeks';
    expect(isNegative(lexiconScore(text))).toBe(true);
    expect(isNegative(scoreSentiment(text))).toBe(true);
  });
});

describe('featurizeEn', () => {
  it('returns null below the word minimum and features above it', () => {
    const buf = newFeatureBuffers();
    expect(featurizeEn('too short', lexiconDetail('too short'), true, MODEL_MIN_WORDS, buf)).toBeNull();
    const t = 'one two three four five six seven';
    const c = featurizeEn(t, lexiconDetail(t), true, MODEL_MIN_WORDS, buf);
    expect(c?.hashed).toBeGreaterThan(7);
    expect(c?.words).toBe(7);
  });

  it('counts words as its folded stream has them before building it (apostrophes, mentions, URLs, digits, emoji)', () => {
    const buf = newFeatureBuffers();
    const words = (t: string): number | null => featurizeEn(t, lexiconDetail(t), true, 1, buf)?.words ?? null;
    // six words each: an apostrophe joins (don't), a mention and a URL are skipped, digits and emoji split
    const six = ["don't @bob stop http://x.co/a now it's 1a2 b", 'A😀B c!d e.f', "o'k ’s X H hTTp q"];
    for (const t of six) {
      expect(words(t), t).toBe(6);
      expect(featurizeEn(t, lexiconDetail(t), true, 6, buf)?.words, t).toBe(6);
      expect(featurizeEn(t, lexiconDetail(t), true, 7, buf), t).toBeNull();
    }
  });

  it("reads each word's vector row and VADER value as the vectors file and the VADER list give them", () => {
    const wv = wordVectors()!;
    const vader = parseEmotes(readFileSync(new URL('../../../config/lexicons/sentiment-en-vader.txt', import.meta.url), 'utf8'));
    const t = 'such a great and happy day but the food was awful xqzzyv';
    const ws = t.split(' ');
    const buf = newFeatureBuffers();
    const c = featurizeEn(t, lexiconDetail(t), true, MODEL_MIN_WORDS, buf)!;
    const rows = ws.filter((w) => wv.rows.has(w)).map((w) => wv.rows.get(w)!);
    expect(rows.length).toBeGreaterThan(5);
    expect([...buf.vecRows.subarray(0, c.vecRows)]).toEqual(rows);
    const pos = ws.reduce((a, w) => a + Math.max(0, vader.get(w) ?? 0), 0);
    const neg = ws.reduce((a, w) => a - Math.min(0, vader.get(w) ?? 0), 0);
    expect(pos).toBeGreaterThan(0);
    expect(neg).toBeGreaterThan(0);
    expect(buf.dense[13]).toBeCloseTo(Math.log1p(pos), 12);
    expect(buf.dense[14]).toBeCloseTo(Math.log1p(neg), 12);
  });

  it('depends only on its arguments: the same line scores the same after other lines (no hidden call order)', () => {
    const m = loadSentimentModel()!;
    const t = 'i cannot believe they cancelled the show again, so sad and angry';
    const first = m.probability(t, lexiconDetail(t));
    for (const other of ['had the best time at the concert last night with my friends', 'not bad but not great either honestly ok']) m.probability(other, lexiconDetail(other));
    lexiconDetail('totally unrelated happy happy joy');
    expect(m.probability(t, lexiconDetail(t))).toBe(first);
    expect(lexiconDetail(t)).toEqual(lexiconDetail(t));
  });

  it('does not overflow on long lines full of punctuation and emoji', () => {
    const t = 'no! '.repeat(40) + '😡!'.repeat(200);
    const k = featurizeEn(t, lexiconDetail(t), true, 1, newFeatureBuffers())?.hashed;
    expect(k).toBeGreaterThan(0);
    expect(k).toBeLessThan(16 * 280);
  });
});

describe('trainSentiment', () => {
  it('is deterministic: same rows and seed, same bytes', () => {
    expect(JSON.stringify(trainSentiment(TOY, FAST))).toBe(JSON.stringify(trainSentiment(TOY, FAST)));
  });

  it('learns a toy set and round-trips through the zod-checked file format', () => {
    const file = trainSentiment(TOY, FAST, 0.5);
    file.header.trainedTextHashes = TOY.map((r) => textHash(r.text));
    const m = parseSentimentModel(JSON.stringify(file), 'toy');
    expect(m).toBeInstanceOf(SentimentModel);
    const s = lexiconDetail;
    expect(m.probability(`${NEG[0]} 99`, s(`${NEG[0]} 99`))).toBeGreaterThan(0.5);
    expect(m.probability(`${POS[0]} 99`, s(`${POS[0]} 99`))).toBeLessThan(0.5);
    expect(Number.isNaN(m.probability('too short', s('too short')))).toBe(true);
  });

  it('rejects a file that is not a sentiment model', () => {
    expect(() => parseSentimentModel(JSON.stringify({ header: { format: 'other' }, weights: 'AA==' }), 'bad.json')).toThrow(/not a Showrunner sentiment model/);
  });

  it('moves the lexicon score across the threshold only when the model disagrees', () => {
    const file = trainSentiment(TOY, FAST, 0.5);
    const m = new SentimentModel(file);
    const neutral = 'they lied to us again and again and again today';
    const adjusted = m.adjust(neutral, lexiconDetail(neutral));
    expect(adjusted).toBeLessThan(NEGATIVE_THRESHOLD);
    const happy = `${POS[1]} 5`;
    expect(m.adjust(happy, lexiconDetail(happy))).toBe(lexiconScore(happy));
  });

  it('flips a line the lexicon does not call negative only at the flip threshold', () => {
    const neutral = 'they lied to us again and again and again today';
    const lex = lexiconDetail(neutral);
    expect(isNegative(lex.score)).toBe(false);
    const file = trainSentiment(TOY, FAST, 0.5);
    const p = new SentimentModel(file).probability(neutral, lex);
    expect(p).toBeGreaterThan(0.5);
    const gated = new SentimentModel({ ...file, header: { ...file.header, flipThreshold: Math.min(1, p + 0.01) } });
    expect(gated.adjust(neutral, lex)).toBe(lex.score);
    const open = new SentimentModel({ ...file, header: { ...file.header, flipThreshold: p } });
    expect(open.adjust(neutral, lex)).toBeLessThan(NEGATIVE_THRESHOLD);
    // a line the lexicon already calls negative keeps its score whatever the flip threshold
    const angry = `${NEG[0]} 7`;
    expect(gated.adjust(angry, lexiconDetail(angry))).toBe(lexiconScore(angry));
  });
});

describe('chooseFlipThreshold', () => {
  const rows: SentRow[] = ['calm line one here today', 'calm line two here today', 'calm line three here today', 'calm line four here today'].map((text, i) => ({ text, y: i === 3 ? 1 : 0 }));

  it('raises the bar for flips that cost more than they bring, and keeps it at t when flips pay', () => {
    // out-of-fold probabilities: the wrong flips sit at 0.4-0.5, the right one at 0.9
    expect(chooseFlipThreshold(rows, Float64Array.from([0.4, 0.45, 0.5, 0.9]), 0.35)).toBeGreaterThan(0.5);
    expect(chooseFlipThreshold(rows, Float64Array.from([0.1, 0.1, 0.1, 0.9]), 0.35)).toBeGreaterThanOrEqual(0.35);
    expect(chooseFlipThreshold(rows, Float64Array.from([0.1, 0.1, 0.1, 0.9]), 0.35)).toBeLessThanOrEqual(0.9);
  });

  it('the shipped model carries one, at or above its threshold', () => {
    const h = loadSentimentModel()?.header;
    expect(h?.flipThreshold).toBeDefined();
    expect(h?.flipThreshold ?? 0).toBeGreaterThanOrEqual(h?.threshold ?? 1);
  });
});
