/**
 * A study, not shipped: can a linear map of the GloVe question vectors, learned so that questions of
 * one intent meet, bring questions of *unseen* intents together better than the raw vectors?
 *   npx tsx scripts/train/en-metric.ts [--data ../shared/datasets/en-recurring-questions-banking77] [--dims 40]
 * Rows: SIF average of the content words (the clusters' own sentenceVector), centred on the training
 * mean. Maps, each fitted on the training intents only:
 *   - whiten: W = (Sw + εI)^-1/2, Sw the pooled within-intent covariance (directions in which
 *     rewordings of one question vary are shrunk);
 *   - fisher: the top `dims` directions of Sw^-1/2 Sb Sw^-1/2 (between-intent spread) after that.
 * Cross-validation by intent: intents in 3 seeded folds × 3 shufflings; each held-out fold's rows are
 * judged pairwise (same intent iff cosine ≥ t) with t chosen by F1 on the training intents' pairs.
 * Pairwise P / R / F1 over the held-out pairs, pooled. (A pair decision, not the live clustering.)
 * A second operating point takes the highest threshold whose training F1 still reaches 0.42 (the
 * goal is P ≥ 0.70 at F1 ≥ 0.40 on unseen intents).
 */
import { parseArgs } from 'node:util';
import { seededRandom, shuffleInPlace } from '../../filters/random.js';
import { questionFeatures } from '../../insights/question-features.js';
import { sentenceVector, wordVectors } from '../../insights/word-vectors.js';
import { readSet } from '../eval/io.js';

type Mat = Float64Array[];

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: values and column vectors. */
export function symEig(a: Mat): { values: number[]; vectors: Mat } {
  const n = a.length;
  const A = a.map((r) => Float64Array.from(r));
  const V: Mat = Array.from({ length: n }, (_, i) => {
    const r = new Float64Array(n);
    r[i] = 1;
    return r;
  });
  const at = (m: Mat, i: number, j: number): number => m[i]?.[j] ?? 0;
  const set = (m: Mat, i: number, j: number, x: number): void => {
    const r = m[i];
    if (r) r[j] = x;
  };
  for (let sweep = 0; sweep < 30; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += at(A, p, q) ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(A, p, q);
        if (Math.abs(apq) < 1e-15) continue;
        const theta = (at(A, q, q) - at(A, p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = at(A, k, p);
          const akq = at(A, k, q);
          set(A, k, p, c * akp - s * akq);
          set(A, k, q, s * akp + c * akq);
        }
        for (let k = 0; k < n; k++) {
          const apk = at(A, p, k);
          const aqk = at(A, q, k);
          set(A, p, k, c * apk - s * aqk);
          set(A, q, k, s * apk + c * aqk);
        }
        for (let k = 0; k < n; k++) {
          const vkp = at(V, k, p);
          const vkq = at(V, k, q);
          set(V, k, p, c * vkp - s * vkq);
          set(V, k, q, s * vkp + c * vkq);
        }
      }
    }
  }
  return { values: A.map((r, i) => r[i] ?? 0), vectors: V };
}

function zeros(n: number): Mat {
  return Array.from({ length: n }, () => new Float64Array(n));
}

/** x · M (row vector times matrix d × k). */
function apply(x: Float64Array, m: Mat, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] ?? 0;
    const r = m[i];
    if (!r || xi === 0) continue;
    for (let j = 0; j < k; j++) out[j] = (out[j] ?? 0) + xi * (r[j] ?? 0);
  }
  return out;
}

/**
 * Pooled within-intent scatter `sw` of labelled vectors (each group's deviations from its own mean,
 * over all rows) and, given the overall mean, the between-intent scatter `sb` (group means about it).
 */
export function scatter(xs: readonly Float64Array[], labels: readonly string[], mean?: Float64Array): { sw: Mat; sb: Mat } {
  const d = xs[0]?.length ?? 0;
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => byLabel.set(l, [...(byLabel.get(l) ?? []), i]));
  const sw = zeros(d);
  const sb = zeros(d);
  for (const idx of byLabel.values()) {
    const m = new Float64Array(d);
    for (const i of idx) for (let a = 0; a < d; a++) m[a] = (m[a] ?? 0) + (xs[i]?.[a] ?? 0) / idx.length;
    for (const i of idx) {
      const x = xs[i] ?? new Float64Array(d);
      for (let a = 0; a < d; a++) {
        const da = (x[a] ?? 0) - (m[a] ?? 0);
        const row = sw[a];
        if (!row) continue;
        for (let b = 0; b < d; b++) row[b] = (row[b] ?? 0) + (da * ((x[b] ?? 0) - (m[b] ?? 0))) / xs.length;
      }
    }
    if (!mean) continue;
    for (let a = 0; a < d; a++) {
      const da = (m[a] ?? 0) - (mean[a] ?? 0);
      const row = sb[a];
      if (!row) continue;
      for (let b = 0; b < d; b++) row[b] = (row[b] ?? 0) + (da * ((m[b] ?? 0) - (mean[b] ?? 0))) / byLabel.size;
    }
  }
  return { sw, sb };
}

export interface Fitted {
  readonly mean: Float64Array;
  readonly map: Mat | null;
  readonly k: number;
}

/** Fits a map on labelled vectors: 'raw' (centring only), 'whiten' or 'fisher'. */
export function fitMap(xs: readonly Float64Array[], labels: readonly string[], kind: 'raw' | 'whiten' | 'fisher', dims: number, eps = 0.05): Fitted {
  const d = xs[0]?.length ?? 0;
  const mean = new Float64Array(d);
  for (const x of xs) for (let i = 0; i < d; i++) mean[i] = (mean[i] ?? 0) + (x[i] ?? 0) / xs.length;
  if (kind === 'raw') return { mean, map: null, k: d };
  const { sw, sb } = scatter(xs, labels, mean);
  // shrink toward the average variance: ε of the trace spread over the diagonal
  let tr = 0;
  for (let a = 0; a < d; a++) tr += sw[a]?.[a] ?? 0;
  const { values, vectors } = symEig(sw);
  const inv = zeros(d); // Sw^-1/2 = V diag(1/sqrt(λ + ε·tr/d)) V^T
  for (let a = 0; a < d; a++) {
    const row = inv[a];
    if (!row) continue;
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += ((vectors[a]?.[c] ?? 0) * (vectors[b]?.[c] ?? 0)) / Math.sqrt(Math.max(0, values[c] ?? 0) + (eps * tr) / d);
      row[b] = s;
    }
  }
  if (kind === 'whiten') return { mean, map: inv, k: d };
  // fisher: eig of W^T Sb W with W = Sw^-1/2, top dims
  const wsb = inv.map((r) => apply(r, sb, d));
  const m2 = inv.map((_, a) => {
    const out = new Float64Array(d);
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (wsb[a]?.[c] ?? 0) * (inv[c]?.[b] ?? 0);
      out[b] = s;
    }
    return out;
  });
  const e = symEig(m2);
  const order = e.values.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]).slice(0, dims).map(([, i]) => i);
  const map: Mat = inv.map((r) => {
    const out = new Float64Array(dims);
    order.forEach((col, j) => {
      let s = 0;
      for (let c = 0; c < d; c++) s += (r[c] ?? 0) * (e.vectors[c]?.[col] ?? 0);
      out[j] = s;
    });
    return out;
  });
  return { mean, map, k: dims };
}

export function project(f: Fitted, x: Float64Array): Float64Array {
  const c = x.map((v, i) => v - (f.mean[i] ?? 0));
  const y = f.map ? apply(c, f.map, f.k) : c;
  const n = Math.hypot(...y);
  return n > 0 ? y.map((v) => v / n) : y;
}

const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);

function pairScores(vs: readonly Float64Array[], labels: readonly string[]): { s: Float64Array; y: Uint8Array } {
  const n = vs.length;
  const s = new Float64Array((n * (n - 1)) / 2);
  const y = new Uint8Array(s.length);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++, k++) {
    s[k] = dot(vs[i] ?? new Float64Array(0), vs[j] ?? new Float64Array(0));
    y[k] = labels[i] === labels[j] ? 1 : 0;
  }
  return { s, y };
}

/**
 * Threshold with the best pairwise F1 (scan of sorted scores), or with `minF1` given: the highest
 * threshold whose F1 still reaches it (the precise end of the curve).
 */
function bestF1Threshold(s: Float64Array, y: Uint8Array, minF1 = 0): number {
  const order = Array.from(s.keys()).sort((a, b) => (s[b] ?? 0) - (s[a] ?? 0));
  const pos = y.reduce((a, v) => a + v, 0);
  let tp = 0;
  let best = 0;
  let t = 1;
  for (let rank = 0; rank < order.length; rank++) {
    const i = order[rank] ?? 0;
    tp += y[i] ?? 0;
    const f = (2 * tp) / (rank + 1 + pos);
    if (minF1 > 0 && f >= minF1) return s[i] ?? 1;
    if (f > best) {
      best = f;
      t = s[i] ?? 1;
    }
  }
  return t;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: opt } = parseArgs({ options: { data: { type: 'string', default: '../shared/datasets/en-recurring-questions-banking77' }, dims: { type: 'string', default: '40' } } });
  const wv = wordVectors();
  if (!wv) throw new Error('no word vectors');
  const rows = readSet(opt.data ?? '');
  const xs: Float64Array[] = [];
  const labels: string[] = [];
  for (const r of rows) {
    const words: string[] = [];
    questionFeatures(r.text, words);
    const v = new Float64Array(wv.dims);
    if (sentenceVector(wv, words, v) > 0) {
      xs.push(v);
      labels.push(r.label);
    }
  }
  const intents = [...new Set(labels)];
  const dims = Number(opt.dims);
  console.log(`rows with known words ${xs.length}/${rows.length}, intents ${intents.length}; held-out-intent CV, 3 folds × 3 shufflings`);
  for (const [kind, minF1] of [['raw', 0], ['whiten', 0], ['fisher', 0], ['raw', 0.42], ['whiten', 0.42], ['fisher', 0.42]] as const) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let seed = 1; seed <= 3; seed++) {
      const order = [...intents];
      shuffleInPlace(order, seededRandom(seed));
      for (let k = 0; k < 3; k++) {
        const held = new Set(order.filter((_, i) => i % 3 === k));
        const tr = xs.map((_, i) => i).filter((i) => !held.has(labels[i] ?? ''));
        const te = xs.map((_, i) => i).filter((i) => held.has(labels[i] ?? ''));
        const f = fitMap(tr.map((i) => xs[i] ?? new Float64Array(0)), tr.map((i) => labels[i] ?? ''), kind, dims);
        const ptr = pairScores(tr.map((i) => project(f, xs[i] ?? new Float64Array(0))), tr.map((i) => labels[i] ?? ''));
        const t = bestF1Threshold(ptr.s, ptr.y, minF1);
        const pte = pairScores(te.map((i) => project(f, xs[i] ?? new Float64Array(0))), te.map((i) => labels[i] ?? ''));
        pte.s.forEach((s, i) => {
          const yes = s >= t;
          if (yes && pte.y[i]) tp++;
          else if (yes) fp++;
          else if (pte.y[i]) fn++;
        });
      }
    }
    const p = tp / Math.max(1, tp + fp);
    const r = tp / Math.max(1, tp + fn);
    console.log(`  ${kind.padEnd(7)} ${minF1 ? `precise end (train F1 ≥ ${minF1})` : 'best train F1'.padEnd(27)} P ${p.toFixed(3)} R ${r.toFixed(3)} F1 ${((2 * p * r) / Math.max(1e-9, p + r)).toFixed(3)}`);
  }
}
