/**
 * Learns the Chinese same-question weights (scripts/train/zh-pairs-features.ts, a study) on a pair set and prints
 * their cross-validated score:
 *   npx tsx scripts/train/zh-pairs.ts [--data test/fixtures/eval/zh-question-pairs] [--json]
 * Cross-validation: pairs are grouped by shared text (a text in two pairs never sits on both sides
 * of a split), 5 folds, 10 seeded shufflings; on each training part the logistic weights are fitted
 * and the decision threshold chosen by F1 there; the held-out fold is scored with both. The printed
 * CV figures are the pooled held-out decisions. Baselines on the same folds: character overlap at
 * 0.5 (the eval's baseline) and at a threshold chosen the same way on the training part.
 * Prints the weights fitted on all rows last (paste them into ZH_PAIR_MODEL).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seededRandom, shuffleInPlace } from '../../filters/random.js';
import { ZH_PAIR_FEATURES, zhPairFeatures, type ZhPairFeature, type ZhPairModel } from './zh-pairs-features.js';
import { prf } from './model-train.js';

interface Pair {
  readonly a: string;
  readonly b: string;
  readonly y: 0 | 1;
}

export function readPairs(dir: string): Pair[] {
  const out: Pair[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { text: string; text_pair: string; label: string };
      out.push({ a: r.text, b: r.text_pair, y: r.label === 'same_intent' ? 1 : 0 });
    }
  }
  return out;
}

/**
 * The sign each weight may take, in ZH_PAIR_FEATURES order. A hand-written pair set is built with hard
 * negatives that share most characters, so an unconstrained fit learns "overlap means different",
 * which would not hold on real queries; the constraint keeps the model to what is true in general.
 */
export const ZH_PAIR_SIGNS: readonly number[] = ZH_PAIR_FEATURES.map((k) => (k === 'jaccard' || k === 'char_overlap' ? 1 : -1));

/** Logistic regression by full-batch gradient descent with L2 (a few features, a few hundred rows). */
export function fitPairModel(xs: readonly number[][], ys: readonly number[], l2 = 0.01, iters = 3000, lr = 0.5, signs: readonly number[] = ZH_PAIR_SIGNS): { w: number[]; bias: number } {
  const d = xs[0]?.length ?? 0;
  const w = new Array<number>(d).fill(0);
  let bias = 0;
  const n = xs.length;
  for (let it = 0; it < iters; it++) {
    const g = new Array<number>(d).fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i] ?? [];
      let z = bias;
      for (let j = 0; j < d; j++) z += (w[j] ?? 0) * (x[j] ?? 0);
      const err = 1 / (1 + Math.exp(-z)) - (ys[i] ?? 0);
      for (let j = 0; j < d; j++) g[j] = (g[j] ?? 0) + err * (x[j] ?? 0);
      gb += err;
    }
    for (let j = 0; j < d; j++) {
      const x = (w[j] ?? 0) - lr * ((g[j] ?? 0) / n + l2 * (w[j] ?? 0));
      // projected: a feature keeps the sign it must have (more shared: more alike; leftovers: less)
      w[j] = (signs[j] ?? 0) * x < 0 ? 0 : x;
    }
    bias -= (lr * gb) / n;
  }
  return { w, bias };
}

const score = (w: readonly number[], bias: number, x: readonly number[]): number => {
  let z = bias;
  x.forEach((v, j) => (z += (w[j] ?? 0) * v));
  return 1 / (1 + Math.exp(-z));
};

/** The threshold (among the scores) with the best F1 on these rows. */
export function bestThreshold(scores: readonly number[], ys: readonly number[]): number {
  let best = 0.5;
  let bestF = -1;
  for (const t of new Set(scores)) {
    const f = prf(scores.map((s) => s >= t), ys.map((y) => y === 1)).f1;
    if (f > bestF) {
      bestF = f;
      best = t;
    }
  }
  return best;
}

export function charOverlap(a: string, b: string): number {
  const sa = new Set(a);
  const sb = new Set(b);
  let inter = 0;
  for (const ch of sa) if (sb.has(ch)) inter++;
  return inter / Math.max(1, sa.size + sb.size - inter);
}

/** Groups: pairs that share a text end up in one group (union-find over texts). */
function groupsOf(pairs: readonly Pair[]): number[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    if (p !== x) {
      p = find(p);
      parent.set(x, p);
    }
    return p;
  };
  for (const p of pairs) {
    const ra = find(p.a);
    const rb = find(p.b);
    if (ra !== rb) parent.set(ra, rb);
  }
  const ids = new Map<string, number>();
  return pairs.map((p) => {
    const r = find(p.a);
    if (!ids.has(r)) ids.set(r, ids.size);
    return ids.get(r) ?? 0;
  });
}

export interface PairCv {
  readonly model: { precision: number; recall: number; f1: number };
  readonly charOverlap05: { precision: number; recall: number; f1: number };
  readonly charOverlapTuned: { precision: number; recall: number; f1: number };
}

export function crossValidatePairs(pairs: readonly Pair[], folds = 5, seeds = 10): PairCv {
  const xs = pairs.map((p) => zhPairFeatures(p.a, p.b));
  const ys = pairs.map((p) => p.y);
  const co = pairs.map((p) => charOverlap(p.a, p.b));
  const groups = groupsOf(pairs);
  const nGroups = Math.max(...groups) + 1;
  const pred: boolean[] = [];
  const predCo: boolean[] = [];
  const predCoT: boolean[] = [];
  const gold: boolean[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const order = Array.from({ length: nGroups }, (_, i) => i);
    shuffleInPlace(order, seededRandom(seed));
    const foldOfGroup = new Map(order.map((g, i) => [g, i % folds]));
    for (let k = 0; k < folds; k++) {
      const tr = pairs.map((_, i) => i).filter((i) => foldOfGroup.get(groups[i] ?? 0) !== k);
      const te = pairs.map((_, i) => i).filter((i) => foldOfGroup.get(groups[i] ?? 0) === k);
      const { w, bias } = fitPairModel(tr.map((i) => xs[i] ?? []), tr.map((i) => ys[i] ?? 0));
      const t = bestThreshold(tr.map((i) => score(w, bias, xs[i] ?? [])), tr.map((i) => ys[i] ?? 0));
      const tc = bestThreshold(tr.map((i) => co[i] ?? 0), tr.map((i) => ys[i] ?? 0));
      for (const i of te) {
        pred.push(score(w, bias, xs[i] ?? []) >= t);
        predCo.push((co[i] ?? 0) >= 0.5);
        predCoT.push((co[i] ?? 0) >= tc);
        gold.push(ys[i] === 1);
      }
    }
  }
  const short = (p: ReturnType<typeof prf>): { precision: number; recall: number; f1: number } => ({ precision: p.precision, recall: p.recall, f1: p.f1 });
  return { model: short(prf(pred, gold)), charOverlap05: short(prf(predCo, gold)), charOverlapTuned: short(prf(predCoT, gold)) };
}

/** Weights and threshold fitted on all rows. */
export function fitAll(pairs: readonly Pair[]): ZhPairModel {
  const xs = pairs.map((p) => zhPairFeatures(p.a, p.b));
  const ys = pairs.map((p) => p.y);
  const { w, bias } = fitPairModel(xs, ys);
  const t = bestThreshold(xs.map((x) => score(w, bias, x)), ys);
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  const weights = Object.fromEntries(ZH_PAIR_FEATURES.map((k, j) => [k, r2(w[j] ?? 0)])) as Record<ZhPairFeature, number>;
  return { weights, bias: r2(bias), threshold: r2(t) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { data: { type: 'string', default: 'test/fixtures/eval/zh-question-pairs' }, json: { type: 'boolean', default: false } } });
  const pairs = readPairs(values.data ?? '');
  const cv = crossValidatePairs(pairs);
  const all = fitAll(pairs);
  if (values.json) console.log(JSON.stringify({ rows: pairs.length, cv, model: all }));
  else {
    console.log(`rows ${pairs.length}; grouped 5-fold CV × 10 shufflings (held-out decisions pooled)`);
    for (const [k, v] of Object.entries(cv) as Array<[string, PairCv[keyof PairCv]]>) console.log(`  ${k.padEnd(18)} P ${v.precision.toFixed(3)} R ${v.recall.toFixed(3)} F1 ${v.f1.toFixed(3)}`);
    console.log('fitted on all rows:', JSON.stringify(all));
  }
}
