import { describe, expect, it } from 'vitest';
import { bestThreshold, crossValidatePairs, fitPairModel } from '../../../scripts/train/zh-pairs.js';
import { ZH_PAIR_FEATURES, zhPairFeatures, zhUnits } from '../../../scripts/train/zh-pairs-features.js';

const feat = (a: string, b: string, k: (typeof ZH_PAIR_FEATURES)[number]): number => zhPairFeatures(a, b)[ZH_PAIR_FEATURES.indexOf(k)] ?? NaN;

describe('Chinese pair study features', () => {
  it('maps commerce synonyms to one unit and drops fillers', () => {
    expect(zhUnits('包邮吗').units).toEqual(zhUnits('请问免运费吗？').units);
    expect(zhUnits('尺码怎么选').units).toEqual(zhUnits('码数怎么选').units);
    expect(zhUnits('什么时候发货').units).not.toEqual(zhUnits('什么时候退款').units);
  });

  it('tells a substitution (both sides keep content) from an addition', () => {
    expect(feat('今天天气怎么样', '明天天气怎么样', 'both_left')).toBe(1);
    expect(feat('打开蓝牙', '帮我打开一下蓝牙', 'both_left')).toBe(0);
    expect(feat('包邮吗', '免运费吗', 'jaccard')).toBe(1);
  });

  it('fits a separable toy set and keeps weights to their signs', () => {
    const xs = [[1, 1, 0, 0], [0.9, 0.8, 0, 0], [0.2, 0.1, 1, 1], [0.3, 0.2, 0.75, 1]];
    const { w, bias } = fitPairModel(xs, [1, 1, 0, 0]);
    const p = (x: number[]): number => 1 / (1 + Math.exp(-(bias + x.reduce((s, v, j) => s + v * (w[j] ?? 0), 0))));
    expect(p(xs[0] ?? [])).toBeGreaterThan(0.5);
    expect(p(xs[2] ?? [])).toBeLessThan(0.5);
    const signs = fitPairModel(xs, [0, 0, 1, 1]).w;
    expect(signs[0]).toBe(0); // "overlap means different" is not allowed
    expect(bestThreshold([0.1, 0.4, 0.6, 0.9], [0, 0, 1, 1])).toBe(0.6);
  });

  it('cross-validates on held-out pairs only', () => {
    const rows = [
      ['包邮吗', '免运费吗', 1], ['尺码怎么选', '码数怎么选', 1], ['打开蓝牙', '帮我打开一下蓝牙', 1], ['关闭蓝牙', '把蓝牙关掉', 1], ['几号发货', '什么时候发货', 1],
      ['今天天气怎么样', '明天天气怎么样', 0], ['有黑色的吗', '有白色的吗', 0], ['打开日历', '打开备忘录', 0], ['唱首儿歌', '唱首情歌', 0], ['关灯', '开灯', 0],
    ] as const;
    const pairs = rows.map(([a, b, y]) => ({ a, b, y }));
    const cv = crossValidatePairs(pairs, 5, 2);
    expect(cv.model.f1).toBeGreaterThan(0.6);
    expect(crossValidatePairs(pairs, 5, 2)).toEqual(cv); // seeded: the same folds each run
  });
});
