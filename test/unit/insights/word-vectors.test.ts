import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newClusterState, questionSimilarity, stepClusters, type QuestionItem } from '../../../insights/clusters.js';
import { detectLang } from '../../../filters/lang.js';
import {
  decodeWordVectors,
  encodeWordVectors,
  mapWordVectors,
  parseQuestionMetric,
  QUESTION_METRIC_PATH,
  questionMetric,
  questionVectors,
  sentenceVector,
  wordVectors,
} from '../../../insights/word-vectors.js';

const q = (text: string, user: string): QuestionItem => ({ text, userId: user, lang: detectLang(text) });
const cosine = (a: Float64Array, b: Float64Array): number => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return dot / Math.sqrt(na * nb);
};

describe('word vectors', () => {
  it('round-trips through the file format within int8 precision', () => {
    const v = [Float32Array.from([0.5, -1.25, 3]), Float32Array.from([0, 0.001, -2])];
    const wv = decodeWordVectors(encodeWordVectors(['ship', 'card'], v, 3, { source: 'test', sourceWords: 1000 }));
    expect(wv.dims).toBe(3);
    expect(wv.rows.get('card')).toBe(1);
    const out = new Float64Array(3);
    expect(sentenceVector(wv, ['card', 'unknownword'], out)).toBe(1);
    const w = wv.weights[1] ?? 0;
    [0, 0.001, -2].forEach((x, d) => expect(out[d]).toBeCloseTo(w * x, 1));
  });

  it('refuses a file whose length does not match its header', () => {
    const buf = encodeWordVectors(['a'], [Float32Array.from([1, 2])], 2, { source: 'test', sourceWords: 10 });
    expect(() => decodeWordVectors(buf.subarray(0, buf.length - 1))).toThrow(/length does not match/);
    expect(() => decodeWordVectors(Buffer.from('NOPE0000'))).toThrow(expect.objectContaining({ code: 'SR_MODEL_INVALID', message: expect.stringMatching(/not a SRWV file/) }));
  });

  it('ships 30,000 English words in which related words lie closer than unrelated ones', () => {
    const wv = wordVectors();
    expect(wv).not.toBeNull();
    if (!wv) return;
    expect(wv.rows.size).toBe(30_000);
    const vec = (w: string): Float64Array => {
      const out = new Float64Array(wv.dims);
      expect(sentenceVector(wv, [w], out)).toBe(1);
      return out;
    };
    expect(cosine(vec('shipping'), vec('delivery'))).toBeGreaterThan(cosine(vec('shipping'), vec('lipstick')) + 0.2);
    expect(cosine(vec('refund'), vec('return'))).toBeGreaterThan(cosine(vec('refund'), vec('color')));
    // common words weigh less than rare ones (smooth inverse frequency)
    expect(wv.weights[wv.rows.get('the') ?? 0]).toBeLessThan(wv.weights[wv.rows.get('warranty') ?? 0] ?? 0);
  });
});

describe('clustering with word vectors', () => {
  it.each([
    ['is it good for oily skin', 'will it suit greasy skin'],
    ['does it come with a warranty', 'what is the guarantee'],
    ['is the lipstick long lasting', 'does the lip colour stay on all day'],
  ])('brings "%s" and "%s" closer than words alone do, and leaves unrelated questions apart', (a, b) => {
    const withVectors = newClusterState({ denseWeight: 0.3 });
    const wordsOnly = newClusterState({ denseWeight: 0 });
    expect(questionSimilarity(withVectors, a, b, 0)).toBeGreaterThan(questionSimilarity(wordsOnly, a, b, 0) + 0.07);
    expect(questionSimilarity(withVectors, a, 'how much is shipping', 0)).toBeLessThan(0.05);
  });

  it.each([
    ['tracking a card', ['How do I track my card?', 'Where can I track my new card?', 'how can i locate my card']],
    ['a late delivery', ['where is my parcel', 'my package still has not arrived', 'when does my parcel arrive']],
  ])('groups %s', (_name, texts) => {
    const s = newClusterState();
    const ids = texts.map((t, i) => stepClusters(s, q(t, `u${i}`), 1000 * i).clusterId);
    expect(new Set(ids).size).toBe(1);
  });

  it('compares a Chinese question with an English cluster on words and concepts alone, undiluted', () => {
    const s = newClusterState({ denseWeight: 0.3 });
    const plain = newClusterState({ denseWeight: 0 });
    for (const st of [s, plain]) stepClusters(st, q('is shipping free', 'u1'), 0);
    const a = stepClusters(s, q('包邮吗', 'u2'), 1000);
    const b = stepClusters(plain, q('包邮吗', 'u2'), 1000);
    expect(a.clusterId).toBe(s.clusters[0]?.id);
    expect(a.similarity).toBeCloseTo(b.similarity, 6);
  });
});

describe('a linear map of the word vectors (scripts/train/en-metric-live.ts)', () => {
  const toy = decodeWordVectors(
    encodeWordVectors(['ship', 'card', 'late'], [Float32Array.from([1, 0, 2]), Float32Array.from([0, -1, 1]), Float32Array.from([3, 1, 0])], 3, { source: 'test', sourceWords: 1000 }),
  );

  it('maps the vocabulary once: the SIF average of mapped words is the mapped SIF average', () => {
    const m = [0.5, 1, 0, -1, 2, 0.25, 0, 0, 3];
    const mapped = mapWordVectors(toy, m);
    const a = new Float64Array(3);
    const b = new Float64Array(3);
    sentenceVector(toy, ['ship', 'late', 'card'], a);
    sentenceVector(mapped, ['ship', 'late', 'card'], b);
    for (let j = 0; j < 3; j++) {
      let y = 0;
      for (let i = 0; i < 3; i++) y += (a[i] ?? 0) * (m[i * 3 + j] ?? 0);
      expect(b[j]).toBeCloseTo(y, 1);
    }
    expect(() => mapWordVectors(toy, [1, 2])).toThrow(expect.objectContaining({ code: 'SR_MODEL_INVALID' }));
  });

  it('lets a cluster state use other vectors (studies), or none', () => {
    const s = newClusterState({ vectors: null });
    expect(s.wv).toBeNull();
    expect(stepClusters(s, q('where is my card', 'u1'), 0).clusterId).not.toBeNull();
    expect(newClusterState({ vectors: toy }).wv).toBe(toy);
  });
});

describe('the shipped question metric (scripts/train/en-question-metric.ts)', () => {
  const metricDoc = (over: Record<string, unknown> = {}): string =>
    JSON.stringify({ format: 'showrunner-question-metric/1', trainedOn: 't', recipe: 'r', command: 'c', crossValidated: {}, denseOffset: 0.02, map: [1, 0, 0, 1], ...over });

  it('is zod-checked and must fit the vectors', () => {
    expect(parseQuestionMetric(metricDoc(), 2)).toEqual({ denseOffset: 0.02, map: [1, 0, 0, 1] });
    expect(() => parseQuestionMetric(metricDoc(), 3)).toThrow(expect.objectContaining({ code: 'SR_MODEL_INVALID' }));
    expect(() => parseQuestionMetric(metricDoc({ denseOffset: -1 }), 2)).toThrow();
    expect(() => parseQuestionMetric(metricDoc({ format: 'x' }), 2)).toThrow();
  });

  it('is not shipped: the clustering uses the GloVe vectors as they are, with no offset (sentiment always does)', () => {
    // scripts/train/en-question-metric.ts --write would ship one; its best shop-safe recipe missed the goal (P 0.697 < 0.70)
    expect(existsSync(QUESTION_METRIC_PATH)).toBe(false);
    expect(questionMetric()).toEqual({ denseOffset: 0, map: null });
    expect(questionVectors()).toBe(wordVectors());
    expect(newClusterState().opts.denseOffset).toBe(0);
  });

  it('a metric map applied to the vocabulary gives the mapped question vectors', () => {
    const raw = wordVectors();
    expect(raw).not.toBeNull();
    if (!raw) return;
    const d = raw.dims;
    const swap = new Array<number>(d * d).fill(0);
    for (let i = 0; i < d; i++) swap[i * d + ((i + 1) % d)] = 2; // x ↦ 2 · (x rotated by one place)
    const mapped = mapWordVectors(raw, parseQuestionMetric(metricDoc({ map: swap }), d).map ?? []);
    const a = new Float64Array(d);
    const b = new Float64Array(d);
    sentenceVector(raw, ['track', 'card'], a);
    sentenceVector(mapped, ['track', 'card'], b);
    for (let i = 0; i < d; i++) expect(b[(i + 1) % d]).toBeCloseTo(2 * (a[i] ?? 0), 2);
  });

  it('asks the offset on top of the threshold only when both sides are compared on word vectors', () => {
    // two English questions with similarity s: join at threshold just below s, not when the offset lifts it above
    const a = 'how do I track my card';
    const b = 'how can i locate my card';
    const probe = newClusterState({ vectors: wordVectors(), denseOffset: 0 });
    stepClusters(probe, q(a, 'u1'), 0);
    const s = stepClusters(probe, q(b, 'u2'), 1000).similarity;
    const run = (denseOffset: number): number => {
      const st = newClusterState({ vectors: wordVectors(), threshold: s - 0.01, denseOffset });
      stepClusters(st, q(a, 'u1'), 0);
      stepClusters(st, q(b, 'u2'), 1000);
      return st.clusters.length;
    };
    expect(run(0)).toBe(1);
    expect(run(0.02)).toBe(2);
    // Chinese questions have no word-vector part: the offset does not apply to them
    const zh = (denseOffset: number): number => {
      const st = newClusterState({ vectors: wordVectors(), denseOffset, threshold: 0.2 });
      stepClusters(st, q('包邮吗', 'u1'), 0);
      stepClusters(st, q('包不包邮', 'u2'), 1000);
      return st.clusters.length;
    };
    expect(zh(0.3)).toBe(zh(0));
  });
});
