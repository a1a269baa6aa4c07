import { describe, expect, it } from 'vitest';
import { devPools, insightsEvaluators, pairwise, prfOf, runMoodReplays, tokenOverlapClusters } from '../../../scripts/eval/insights.js';
import type { EvalContext, Row } from '../../../scripts/eval/types.js';

const ctx: EvalContext = { sets: new Map(), progress: () => {} };
const row = (id: string, text: string, label: string, extra: Record<string, unknown> = {}): Row => ({ id, text, label, ...extra });

describe('pairwise', () => {
  it.each([
    ['perfect', ['a', 'a', 'b', 'b'], ['x', 'x', 'y', 'y'], { precision: 1, recall: 1 }],
    ['all singletons', ['a', 'b', 'c', 'd'], ['x', 'x', 'y', 'y'], { precision: 0, recall: 0 }],
    ['one big cluster', ['a', 'a', 'a', 'a'], ['x', 'x', 'y', 'y'], { precision: 0.333, recall: 1 }],
    ['split label', ['a', 'a', 'b', 'c'], ['x', 'x', 'x', 'y'], { precision: 1, recall: 0.333 }],
  ])('%s', (_name, clusters, labels, want) => {
    expect(pairwise(clusters, labels)).toMatchObject(want);
  });
});

describe('prfOf', () => {
  it('counts the positive class only', () => {
    expect(prfOf([true, true, false, false], [true, false, true, false])).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, n: 4 });
  });
});

describe('insightsEvaluators', () => {
  it('scores question sets with per-language figures', async () => {
    const r = await insightsEvaluators['questions-chat']!([row('1', '包邮吗', 'question'), row('2', 'love it', 'not_question'), row('3', 'how much is shipping', 'question')], ctx);
    expect(r).toMatchObject({ precision: 1, recall: 1, f1: 1, n: 3 });
    expect(r['f1_zh']).toBe(1);
  });

  it('scores negative sentiment next to AFINN', async () => {
    const r = await insightsEvaluators['en-sentiment-semeval17']!([row('1', 'this is terrible', 'negative'), row('2', 'I love it', 'positive'), row('3', 'the bus is at 5', 'neutral')], ctx);
    expect(r.f1).toBe(1);
    expect(r.baselines?.['afinn']).toBeDefined();
  });

  it('scores clustering against the token-overlap baseline', async () => {
    const rows = [row('1', '运费多少', 'ship'), row('2', '包邮吗', 'ship'), row('3', '是正品吗', 'real'), row('4', '是不是正品', 'real')];
    const r = await insightsEvaluators['en-recurring-questions-banking77']!(rows, ctx);
    expect(r.f1).toBe(1);
    expect(tokenOverlapClusters(rows)).toHaveLength(4);
  });

  it('scores question pairs by whether they would share a cluster', async () => {
    const r = await insightsEvaluators['zh-question-match-bustm']!(
      [row('1', '运费多少', 'same_intent', { text_pair: '包邮吗' }), row('2', '运费多少', 'different_intent', { text_pair: '是正品吗' })],
      ctx,
    );
    expect(r).toMatchObject({ precision: 1, recall: 1 });
  });
});

describe('runMoodReplays', () => {
  it('detects a doubling at 20 msg/s and measures the shares it generated', () => {
    const f = runMoodReplays({ rate: 20, p0: 0.15, runs: 2, calmS: 300, riseS: 120, seed: 11 });
    expect(f.latencies.length + f.missed).toBe(2);
    expect(f.riseShare).toBeGreaterThan(1.6 * f.baseShare);
    expect(f.latencies.every((s) => s > 0 && s < 120)).toBe(true);
  });

  it('replays labelled lines from the sets given, reads the shown share, and scores gold flags as the oracle', () => {
    const row = (text: string, label: string, i: number): Row => ({ id: `r${i}`, text, label });
    const sets = new Map<string, Row[]>([
      ['twitch-sentiment-chat', [row('this is a scam, worst stream ever', 'negative', 1), row('so disappointed, terrible quality', 'negative', 2), row('hello chat', 'neutral', 3), row('love this color', 'positive', 4)]],
      ['unrelated-set', [row('ignored', 'negative', 5)]],
    ]);
    const pools = devPools({ sets, progress: () => {} });
    expect(pools?.sets).toEqual(['twitch-sentiment-chat']);
    expect(pools?.angry).toHaveLength(2);
    expect(devPools({ sets: new Map(), progress: () => {} })).toBeNull();
    const base = { rate: 10, p0: 0.3, runs: 1, calmS: 240, riseS: 0, seed: 3, ...(pools ? { pools } : {}) };
    const f = runMoodReplays(base);
    expect(f.trueBaseShare).toBeGreaterThan(0.2);
    expect(f.trueBaseShare).toBeLessThan(0.4);
    expect(f.readBaseShare).toBeGreaterThan(0);
    const g = runMoodReplays({ ...base, oracle: true });
    expect(g.baseShare).toBe(g.trueBaseShare); // gold flags: flagged share is the true share
  });
});
