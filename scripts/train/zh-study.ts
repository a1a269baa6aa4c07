/**
 * Small helpers the Chinese question studies share (scripts/train/zh-segmenter.ts,
 * scripts/train/zh-cedict.ts): rounding, a P / R / F1 line, the ROC AUC of pair similarities and
 * the cosine of two vectors. No import of the clustering, so a study's loader swap is not disturbed.
 */
import type { Prf } from '../eval/types.js';

export const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export const prf = (r: Prf): string => `${r.precision.toFixed(3)} / ${r.recall.toFixed(3)} / ${r.f1.toFixed(3)}`;

/** ROC AUC: the chance a same-question pair scores above a different-question one (ties half). */
export function aucOf(sims: ReadonlyArray<{ sim: number; y: boolean }>): number {
  const pos = sims.filter((x) => x.y);
  const neg = sims.filter((x) => !x.y);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p.sim > n.sim ? 1 : p.sim === n.sim ? 0.5 : 0;
  return r3(wins / Math.max(1, pos.length * neg.length));
}

/** Cosine of two vectors of one size (0 when either is zero). */
export function cosine(a: Float64Array, b: Float64Array): number {
  let x = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    x += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return na && nb ? x / Math.sqrt(na * nb) : 0;
}
