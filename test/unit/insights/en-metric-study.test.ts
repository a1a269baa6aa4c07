import { describe, expect, it } from 'vitest';
import { fitMap, project, symEig } from '../../../scripts/train/en-metric.js';
import { choose, liveCounts, prf } from '../../../scripts/train/en-metric-live.js';
import { gains, mapOf } from '../../../scripts/train/en-metric-shrink.js';

describe('English metric study', () => {
  it('symEig recovers eigenvalues and orthonormal vectors of a symmetric matrix', () => {
    const a = [Float64Array.from([2, 1, 0]), Float64Array.from([1, 2, 0]), Float64Array.from([0, 0, 5])];
    const { values, vectors } = symEig(a);
    expect([...values].sort((x, y) => x - y).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1, 3, 5]);
    for (let c = 0; c < 3; c++) {
      // A v = λ v for each column
      for (let r = 0; r < 3; r++) {
        const av = (a[r] ?? new Float64Array(3)).reduce((s, x, k) => s + x * (vectors[k]?.[c] ?? 0), 0);
        expect(av).toBeCloseTo((values[c] ?? 0) * (vectors[r]?.[c] ?? 0), 6);
      }
    }
  });

  it('whitening shrinks the direction in which one intent\'s rewordings vary, so they meet', () => {
    // two intents apart on axis 0; rewordings vary a lot along axis 1
    const xs: Float64Array[] = [];
    const labels: string[] = [];
    for (let i = 0; i < 20; i++) {
      xs.push(Float64Array.from([1, i % 2 ? 3 : -3, 0.1]));
      labels.push('a');
      xs.push(Float64Array.from([-1, i % 2 ? 3 : -3, -0.1]));
      labels.push('b');
    }
    const cos = (f: ReturnType<typeof fitMap>, x: Float64Array, y: Float64Array): number => project(f, x).reduce((s, v, i) => s + v * (project(f, y)[i] ?? 0), 0);
    const same = [Float64Array.from([1, 3, 0.1]), Float64Array.from([1, -3, 0.1])] as const;
    const raw = fitMap(xs, labels, 'raw', 3);
    const white = fitMap(xs, labels, 'whiten', 3);
    expect(cos(raw, same[0], same[1])).toBeLessThan(0);
    expect(cos(white, same[0], same[1])).toBeGreaterThan(0.5);
  });

  it('counts the live clustering\'s pairs, and with `scored` only pairs that touch those labels', () => {
    const rows = [
      { id: '1', text: 'where is my parcel', label: 'a' },
      { id: '2', text: 'where is my parcel now', label: 'a' },
      { id: '3', text: 'is the lipstick long lasting', label: 'b' },
      { id: '4', text: 'is the lipstick long lasting?', label: 'b' },
    ];
    const p = { threshold: 0.2, growth: 0.07, margin: 0.03, denseWeight: 0 };
    const all = liveCounts(rows, null, p);
    expect(all).toEqual({ tp: 2, fp: 0, fn: 0 });
    expect(liveCounts(rows, null, p, new Set(['b']))).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(prf(all).p).toBe(1);
  });

  it('chooses the most precise grid point that keeps F1, else the best F1', () => {
    const g = (t: number) => ({ threshold: t, growth: 0, margin: 0, denseWeight: 0 });
    expect(choose([{ p: g(0.2), c: { tp: 50, fp: 50, fn: 50 } }, { p: g(0.3), c: { tp: 40, fp: 10, fn: 60 } }, { p: g(0.4), c: { tp: 5, fp: 0, fn: 95 } }]).p.threshold).toBe(0.3);
    expect(choose([{ p: g(0.2), c: { tp: 1, fp: 50, fn: 50 } }, { p: g(0.3), c: { tp: 2, fp: 50, fn: 50 } }]).p.threshold).toBe(0.3);
  });
});

describe('milder metrics (scripts/train/en-metric-shrink.ts)', () => {
  const e = { values: [4, 1, 0.25], vectors: [Float64Array.from([1, 0, 0]), Float64Array.from([0, 1, 0]), Float64Array.from([0, 0, 1])] };

  it('every family is the identity at 0', () => {
    for (const fam of ['partial', 'top', 'blend', 'abtt'] as const) {
      const g = gains(e, fam, 0);
      expect(g.every((x) => Math.abs(x - (g[0] ?? 0)) < 1e-12)).toBe(true);
    }
  });

  it('top:k shrinks the k widest directions to the k-th and never amplifies; blend:1 is proportional to the whitening', () => {
    expect(gains(e, 'top', 2)).toEqual([0.5, 1, 1]);
    const w = gains(e, 'partial', 0.5);
    const b = gains(e, 'blend', 1);
    b.forEach((x, i) => expect(x / (b[0] ?? 1)).toBeCloseTo((w[i] ?? 0) / (w[0] ?? 1), 9));
    expect(gains(e, 'abtt', 1)).toEqual([0, 1, 1]);
  });

  it('the map is V diag(g) Vᵀ', () => {
    const rot = { values: [1, 1], vectors: [Float64Array.from([Math.SQRT1_2, Math.SQRT1_2]), Float64Array.from([Math.SQRT1_2, -Math.SQRT1_2])] };
    const m = mapOf(rot, [2, 0]);
    [1, 1, 1, 1].forEach((x, i) => expect(m[i]).toBeCloseTo(x, 12));
  });
});
