/**
 * Recurring-question clusters over a sliding window, as a pure step function over explicit state:
 * `stepClusters(state, item, nowMs) → { state, clusterId }`. A question joins the cluster whose
 * centroid is most similar (cosine of IDF-weighted features from question-features.ts plus English
 * word vectors from word-vectors.ts) when the similarity reaches `threshold + growth · ln(cluster
 * size)` and beats the second-best cluster by `margin`, else starts a new one. Document frequencies decay with the
 * window, so words everyone uses this minute weigh less. Bounded: at most `maxClusters` clusters
 * (the stalest, smallest go first), `maxExamples` examples and `maxAskers` distinct askers each,
 * `maxFeatures` terms per centroid and `maxDf` terms in the frequency table; clusters idle for a
 * whole window are dropped. The state object is owned by one caller and updated in place (no
 * copies per message), then returned.
 *
 * Example: '运费多少', '包邮吗？', 'how much is shipping' within a minute → one cluster, 3 askers.
 */
import type { Lang } from '../config/chat.js';
import { INSIGHTS_DEFAULTS, type InsightsConfig } from '../config/insights-config.js';
import type { ClusterView, FaqEntry } from '../config/views.js';
import { isEmoteToken } from '../filters/emotes.js';
import { matchFaq } from './faq.js';
import { isQuestion } from './question.js';
import { isContentWord, questionTerms, type Terms } from './question-features.js';
import { scoreSentiment } from './sentiment.js';
import { priorMean, questionMetric, questionVectors, sentenceVector, type WordVectors } from './word-vectors.js';

export interface ClusterOptions {
  readonly windowMs: number;
  readonly maxClusters: number;
  readonly maxExamples: number;
  readonly maxAskers: number;
  readonly maxFeatures: number;
  readonly maxDf: number;
  /** Cosine similarity needed to join a one-question cluster (0..1). */
  readonly threshold: number;
  /**
   * Extra similarity a cluster of n questions asks for: growth · ln(n). A big cluster's centroid
   * is broad and meets many loosely related questions; this keeps it from swallowing neighbours.
   */
  readonly growth: number;
  /**
   * Share of the similarity that comes from word vectors (0: words and characters only). The rest
   * comes from the lexical features; questions without known English words use those alone.
   */
  readonly denseWeight: number;
  /**
   * How much closer the best cluster must be than the second best for a question to join it; an
   * ambiguous question starts a cluster of its own, so neighbouring questions do not merge through it.
   */
  readonly margin: number;
  /** Word vectors (default: the shipped ones with the shipped question metric, questionVectors()); for studies and tests. */
  readonly vectors?: WordVectors | null;
  /**
   * Extra similarity needed to join when both the question and the cluster have a word-vector part
   * (default: the shipped question metric's, questionMetric(), with the shipped vectors; 0 with
   * `vectors` given); comparisons on words alone keep `threshold`.
   */
  readonly denseOffset?: number;
}

/** The cluster options a config sets (config/insights-config.ts); the rest are internal caps. */
export function clusterOptionsFrom(cfg: InsightsConfig): Pick<ClusterOptions, 'windowMs' | 'maxClusters' | 'threshold' | 'growth' | 'denseWeight' | 'margin'> {
  return { windowMs: cfg.clusterWindowMs, maxClusters: cfg.maxClusters, threshold: cfg.clusterThreshold, growth: cfg.clusterGrowth, denseWeight: cfg.clusterWordVectorWeight, margin: cfg.clusterMargin };
}

/** The internal caps, and the configurable options at the config's defaults. */
export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  maxExamples: 8,
  maxAskers: 1000,
  maxFeatures: 64,
  maxDf: 20_000,
  ...clusterOptionsFrom(INSIGHTS_DEFAULTS),
};

export interface QuestionItem {
  readonly text: string;
  readonly userId: string;
  readonly lang: Lang;
}

interface Example {
  readonly text: string;
  readonly userId: string;
  readonly at: number;
  readonly lang: Lang;
}

export interface Cluster {
  readonly id: string;
  /** Sum of its members' unit vectors (pruned to the heaviest `maxFeatures` terms). */
  centroid: Map<string, number>;
  /** Squared norm of `centroid`. */
  lexNorm2: number;
  /** Sum of its members' word-vector parts (null until a member has one). */
  dense: Float64Array | null;
  /** Norm of `dense`. */
  denseNorm: number;
  /** Norm of the whole centroid (lexical and word-vector parts). */
  norm: number;
  count: number;
  /** Questions per language (for the join threshold). */
  langCounts: Record<Lang, number>;
  askers: Set<string>;
  /** Distinct askers beyond the `maxAskers` kept in the set. */
  extraAskers: number;
  examples: Example[];
  /** Join times, most recent last (capped), for the trend. */
  joins: number[];
  firstAt: number;
  lastAt: number;
  /** The step that last scored it as a candidate (each cluster is scored once per question, without a Set). */
  seenAt: number;
  /** The lexical dot product with the question of step `accAt`, summed from the postings (see stepClusters). */
  acc: number;
  accAt: number;
}

/**
 * What the state knows of one term: its document frequency and the clusters whose centroid has it.
 * One record a term, so a question looks each of its terms up once (not once for the frequency,
 * once to count it, once for the clusters, once more to join one).
 */
export interface Term {
  /**
   * Decaying document frequency without one exp() per term: in units of exp((t - ref) / window),
   * so the current frequency is df / scale(now); rebased when large. -1: not in the frequency table
   * (pruned; the record stays while clusters still have the term).
   */
  df: number;
  /**
   * The clusters having the term, each with the term's weight there (its centroid value). A
   * question's lexical dot products with every cluster are summed from the postings of its own
   * terms, instead of one centroid lookup a term for each candidate. Clusters reached through a
   * term that is not a trigram ('t:') or a 'z:' term (see `indexed`) are the candidates.
   */
  posting: Map<Cluster, number> | null;
}

export interface ClusterState {
  readonly opts: ClusterOptions;
  clusters: Cluster[];
  /**
   * Term → its record. The terms with a frequency (df ≥ 0) are the frequency table, in the order
   * they entered it (pruning keeps the most frequent first; the order breaks ties at the next pruning).
   */
  terms: Map<string, Term>;
  /** Terms with a frequency (at most maxDf: the table is pruned to half when it grows past). */
  dfSize: number;
  docs: number;
  ref: number;
  nextId: number;
  /** Last time idle clusters were dropped (checked at most once a second). */
  expiredAt: number;
  /** Word vectors (null: lexical features only). */
  readonly wv: WordVectors | null;
  /** Decaying sum and count of question vectors (in the df table's units), for the window's mean. */
  dsum: Float64Array;
  dn: number;
  /** The mean's starting value, weighing like PRIOR_QUESTIONS questions. */
  readonly prior: Float64Array;
  /** Questions stepped so far (stamps `Cluster.seenAt`). */
  steps: number;
  /** scale() of the last call: its time and reference, and the value. */
  scaleAt: number;
  scaleRef: number;
  scaleK: number;
}

/** The prior mean of each vector table, computed once. */
const priors = new WeakMap<WordVectors, Float64Array>();

export function newClusterState(opts: Partial<ClusterOptions> = {}): ClusterState {
  // the shipped metric's offset goes with the shipped vectors; studies passing their own vectors pass their own offset
  const o = { ...DEFAULT_CLUSTER_OPTIONS, ...opts, denseOffset: opts.denseOffset ?? ((opts.denseWeight ?? DEFAULT_CLUSTER_OPTIONS.denseWeight) > 0 && opts.vectors === undefined ? questionMetric().denseOffset : 0) };
  const wv = o.denseWeight > 0 ? (o.vectors !== undefined ? o.vectors : questionVectors()) : null;
  const dims = wv?.dims ?? 0;
  let prior = wv ? priors.get(wv) : undefined;
  if (wv && !prior) priors.set(wv, (prior = priorMean(wv, isContentWord)));
  return {
    opts: o,
    clusters: [],
    terms: new Map(),
    dfSize: 0,
    docs: 0,
    ref: 0,
    nextId: 1,
    expiredAt: -Infinity,
    wv,
    dsum: new Float64Array(dims),
    dn: 0,
    prior: prior ?? new Float64Array(0),
    steps: 0,
    scaleAt: NaN,
    scaleRef: NaN,
    scaleK: 1,
  };
}

/**
 * A question's vector: the lexical part (sparse: `keys[i]` weighs `vals[i]`, in the features' order)
 * and the word-vector part (null when no word was known).
 */
interface QVector {
  readonly keys: string[];
  vals: Float64Array;
  dense: Float64Array | null;
  /** Squared norms of the two parts. */
  lex2: number;
  dense2: number;
}

function newQVector(dims: number): QVector {
  return { keys: [], vals: new Float64Array(16), dense: new Float64Array(dims), lex2: 0, dense2: 0 };
}

const MAX_JOINS = 256;
const CONCEPT_IDF_FLOOR = 2.5;
/** How many questions the prior mean weighs against the window's own. */
const PRIOR_QUESTIONS = 20;

function scale(s: ClusterState, nowMs: number): number {
  // one exp() per question instead of one per use: same time and reference, same value
  if (nowMs === s.scaleAt && s.ref === s.scaleRef) return s.scaleK;
  let k = Math.exp((nowMs - s.ref) / s.opts.windowMs);
  if (k > 1e6 || k < 1e-6) {
    // rebase: express every count in units of now
    for (const t of s.terms.values()) if (t.df >= 0) t.df /= k;
    s.docs /= k;
    for (let d = 0; d < s.dsum.length; d++) s.dsum[d] = (s.dsum[d] ?? 0) / k;
    s.dn /= k;
    s.ref = nowMs;
    k = 1;
  }
  s.scaleAt = nowMs;
  s.scaleRef = s.ref;
  s.scaleK = k;
  return k;
}

/**
 * Counts a question's terms in the frequency table. Returns their new counts, in the features'
 * order, in `dfs` (for lexVector, saving a second lookup), and their records in `records`, or null
 * when the table was pruned (records of pruned terms may have left the state: look them up again).
 */
function observeDf(s: ClusterState, f: Terms, nowMs: number, dfs: Float64Array | null = null, records: Term[] | null = null): Float64Array | null {
  const k = scale(s, nowMs);
  s.docs += k;
  const keys = f.keys;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    let t = s.terms.get(key);
    if (t === undefined) {
      s.terms.set(key, (t = { df: 0 + k, posting: null }));
      s.dfSize++;
    } else if (t.df < 0) {
      // back in the table: it enters it last, as a new term would
      s.terms.delete(key);
      s.terms.set(key, t);
      t.df = 0 + k;
      s.dfSize++;
    } else t.df += k;
    if (dfs) dfs[i] = t.df;
    if (records) records[i] = t;
  }
  if (s.dfSize > s.opts.maxDf) {
    pruneDf(s);
    return null;
  }
  return dfs;
}

/**
 * Keeps the most frequent half of the frequency table (O(n log n) once every maxDf/2 new terms);
 * the other terms leave it, and the state too unless a cluster still has them.
 */
function pruneDf(s: ClusterState): void {
  const counted: Array<[string, Term]> = [];
  const rest: Array<[string, Term]> = [];
  for (const e of s.terms) (e[1].df >= 0 ? counted : rest).push(e);
  counted.sort((a, b) => b[1].df - a[1].df);
  const keep = Math.floor(s.opts.maxDf / 2);
  for (let j = keep; j < counted.length; j++) {
    const e = counted[j]!;
    e[1].df = -1;
    if (e[1].posting !== null) rest.push(e);
  }
  counted.length = Math.min(counted.length, keep);
  s.terms = new Map([...counted, ...rest]);
  s.dfSize = counted.length;
}

/** A term's frequency in the table's units (0 when it has none). */
function dfOf(s: ClusterState, key: string): number {
  const t = s.terms.get(key);
  return t !== undefined && t.df >= 0 ? t.df : 0;
}

/** 'c:' (a concept): charCodeAt is cheaper than startsWith on the hot path. */
const isConcept = (k: string): boolean => k.charCodeAt(0) === 99 && k.charCodeAt(1) === 58;

/**
 * IDF-weighted unit vector of a question's lexical features, with the state's current frequencies,
 * into `out.keys`/`out.vals`; `dfs`: the terms' counts when the caller has them (observeDf).
 */
function lexVector(s: ClusterState, f: Terms, nowMs: number, out: QVector, dfs: Float64Array | null = null): void {
  const sc = scale(s, nowMs);
  const docs = s.docs / sc;
  const keys = out.keys;
  keys.length = 0;
  const size = f.keys.length;
  if (out.vals.length < size) out.vals = new Float64Array(Math.max(2 * size, 16));
  const vals = out.vals;
  let norm = 0;
  let i = 0;
  for (; i < size; i++) {
    const k = f.keys[i]!;
    const w = f.weights[i]!;
    const df = (dfs ? (dfs[i] ?? 0) : dfOf(s, k)) / sc;
    const idf = Math.log((docs + 1) / (df + 1)) + 1;
    // concepts are meant to be shared (that is how 包邮 meets "free shipping"): a popular concept keeps a floor weight
    const x = w * (isConcept(k) ? Math.max(idf, CONCEPT_IDF_FLOOR) : idf);
    keys.push(k);
    vals[i] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let j = 0; j < i; j++) vals[j] = (vals[j] ?? 0) / norm;
}

/** Scratch of stepClusters (one caller at a time: steps are synchronous). */
const scratch = { words: [] as string[], sv: new Float64Array(0), dfs: new Float64Array(64), q: newQVector(0), candidates: [] as Cluster[], records: [] as Term[], terms: { keys: [], weights: [] } as Terms };

/** The SIF average of the known words into `out` (the vectors' size); false when no word is known. */
function rawDense(s: ClusterState, words: readonly string[], out: Float64Array): boolean {
  return !!s.wv && words.length > 0 && s.opts.denseWeight > 0 && sentenceVector(s.wv, words, out) > 0;
}

/** Adds a question's raw word vector to the window's decaying mean (so later questions are centred on it). */
function observeDense(s: ClusterState, raw: Float64Array, nowMs: number): void {
  const k = scale(s, nowMs);
  for (let d = 0; d < s.dsum.length; d++) s.dsum[d] = (s.dsum[d] ?? 0) + k * (raw[d] ?? 0);
  s.dn += k;
}

/**
 * The word-vector part: the raw SIF average minus the window's mean question vector, scaled to
 * length `weight`, into `out`. False when it is zero.
 */
function denseVector(s: ClusterState, raw: Float64Array, nowMs: number, weight: number, out: Float64Array): boolean {
  const sc = scale(s, nowMs);
  const n = PRIOR_QUESTIONS + s.dn / sc;
  let norm = 0;
  for (let d = 0; d < out.length; d++) {
    const mean = ((s.prior[d] ?? 0) * PRIOR_QUESTIONS + (s.dsum[d] ?? 0) / sc) / n;
    const x = (raw[d] ?? 0) - mean;
    out[d] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm);
  if (norm === 0) return false;
  for (let d = 0; d < out.length; d++) out[d] = ((out[d] ?? 0) / norm) * weight;
  return true;
}

/**
 * vectorize() given the raw word vector (null: no known word), into `out` (its `dense` buffer is
 * reused when it has the vectors' size). `dfs`: the terms' counts from observeDf.
 */
function vectorizeRaw(s: ClusterState, f: Terms, raw: Float64Array | null, nowMs: number, out: QVector, dfs: Float64Array | null = null): QVector {
  lexVector(s, f, nowMs, out, dfs);
  const n = out.keys.length;
  const dw = s.opts.denseWeight;
  let dense: Float64Array | null = null;
  if (n > 0 && raw) {
    const buf = out.dense && out.dense.length === raw.length ? out.dense : new Float64Array(raw.length);
    out.dense = buf;
    if (denseVector(s, raw, nowMs, Math.sqrt(dw), buf)) dense = buf;
  }
  let lex2 = 0;
  const k = dense ? Math.sqrt(1 - dw) : 1;
  const vals = out.vals;
  for (let i = 0; i < n; i++) {
    const y = (vals[i] ?? 0) * k;
    vals[i] = y;
    lex2 += y * y;
  }
  return { keys: out.keys, vals, dense, lex2, dense2: dense ? dw : 0 };
}

/** A question's unit vector (new arrays): lexical and word-vector parts weighted by `denseWeight` (lexical alone without known words). */
function vectorize(s: ClusterState, f: Terms, words: readonly string[], nowMs: number): QVector {
  const raw = new Float64Array(s.wv?.dims ?? 0);
  return vectorizeRaw(s, f, rawDense(s, words, raw) ? raw : null, nowMs, newQVector(raw.length));
}

/**
 * Cosine of a question and a cluster over the parts both have: when one side has no word-vector part
 * (a Chinese question, a cluster of Chinese questions), the lexical parts alone are compared, at full
 * weight, so cross-language matches through shared concepts are not diluted.
 */
function cosine(v: QVector, c: Cluster, floor = -Infinity): number {
  let dot = 0;
  const { keys, vals } = v;
  const centroid = c.centroid;
  for (let i = 0; i < keys.length; i++) {
    const y = centroid.get(keys[i] ?? '');
    if (y !== undefined) dot += (vals[i] ?? 0) * y;
  }
  return cosineFrom(v, c, dot, floor);
}

/** cosine() given the lexical dot product `dot` of the question and the cluster's centroid. */
function cosineFrom(v: QVector, c: Cluster, dot: number, floor: number): number {
  if (c.norm === 0) return 0;
  if (v.dense && c.dense) {
    const qn = Math.sqrt(v.lex2 + v.dense2);
    // the word-vector part adds at most |q_dense|·|c_dense|: skip the 100 products when even that cannot reach `floor`
    if ((dot + Math.sqrt(v.dense2) * c.denseNorm) / (qn * c.norm) < floor) return -1;
    const qd = v.dense;
    const cd = c.dense;
    for (let d = 0; d < qd.length; d++) dot += (qd[d] ?? 0) * (cd[d] ?? 0);
    return dot / (qn * c.norm);
  }
  const c2 = c.lexNorm2;
  return c2 > 0 && v.lex2 > 0 ? dot / Math.sqrt(v.lex2 * c2) : 0;
}

/** Not a 't:' or 'z:' term (charCodeAt: cheaper than startsWith on the hot path). */
const indexed = (k: string): boolean => k.charCodeAt(1) !== 58 || (k.charCodeAt(0) !== 116 && k.charCodeAt(0) !== 122);

function unindex(s: ClusterState, c: Cluster, k: string): void {
  const t = s.terms.get(k);
  if (!t?.posting) return;
  t.posting.delete(c);
  if (t.posting.size === 0) {
    t.posting = null;
    if (t.df < 0) s.terms.delete(k);
  }
}

/** The record of a centroid term (made, outside the frequency table, when the table pruned it). */
function termOf(s: ClusterState, k: string): Term {
  let t = s.terms.get(k);
  if (t === undefined) s.terms.set(k, (t = { df: -1, posting: null }));
  return t;
}

/** `records[i]`: the record of `q.keys[i]` (looked up when absent). */
function addToCentroid(s: ClusterState, c: Cluster, q: QVector, records: readonly Term[] | null): void {
  const maxFeatures = s.opts.maxFeatures;
  const { keys, vals } = q;
  let norm2 = c.lexNorm2;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] ?? '';
    const x = vals[i] ?? 0;
    const old = c.centroid.get(k);
    const next = (old ?? 0) + x;
    norm2 += next * next - (old ?? 0) * (old ?? 0);
    c.centroid.set(k, next);
    const t = records ? records[i]! : termOf(s, k);
    (t.posting ??= new Map<Cluster, number>()).set(c, next);
  }
  if (c.centroid.size > maxFeatures * 2) {
    const sorted = [...c.centroid.entries()].sort((a, b) => b[1] - a[1]);
    for (const [k] of sorted.slice(maxFeatures)) unindex(s, c, k);
    c.centroid = new Map(sorted.slice(0, maxFeatures));
    norm2 = 0;
    for (const y of c.centroid.values()) norm2 += y * y;
  }
  c.lexNorm2 = Math.max(0, norm2);
  let dense2 = 0;
  if (q.dense) {
    const dense = (c.dense ??= new Float64Array(q.dense.length));
    for (let d = 0; d < dense.length; d++) {
      const y = (dense[d] ?? 0) + (q.dense[d] ?? 0);
      dense[d] = y;
      dense2 += y * y;
    }
  } else dense2 = c.denseNorm * c.denseNorm;
  c.denseNorm = Math.sqrt(dense2);
  c.norm = Math.sqrt(c.lexNorm2 + dense2);
}

function removeCluster(s: ClusterState, c: Cluster): void {
  for (const k of c.centroid.keys()) unindex(s, c, k);
}

function expire(s: ClusterState, nowMs: number): void {
  if (nowMs - s.expiredAt < 1000 && nowMs >= s.expiredAt) return;
  s.expiredAt = nowMs;
  const cutoff = nowMs - s.opts.windowMs;
  if (s.clusters.some((c) => c.lastAt < cutoff)) {
    for (const c of s.clusters) if (c.lastAt < cutoff) removeCluster(s, c);
    s.clusters = s.clusters.filter((c) => c.lastAt >= cutoff);
  }
}

function evictOne(s: ClusterState): void {
  // the cluster with the fewest askers, the stalest among equals
  let worst = 0;
  for (let i = 1; i < s.clusters.length; i++) {
    const a = s.clusters[i];
    const b = s.clusters[worst];
    if (!a || !b) continue;
    const sa = askerCount(a);
    const sb = askerCount(b);
    if (sa < sb || (sa === sb && a.lastAt < b.lastAt)) worst = i;
  }
  const [gone] = s.clusters.splice(worst, 1);
  if (gone) removeCluster(s, gone);
}

export function askerCount(c: Cluster): number {
  return c.askers.size + c.extraAskers;
}

/**
 * Similarity a question in `lang` needs to join `c`: rises with the number of the cluster's questions
 * in that language (a centroid broadens within a language; a question in another language meets it
 * only through shared concepts, so the cluster's size there does not raise the bar). Without `lang`:
 * with its whole size.
 */
export function joinThreshold(s: ClusterState, c: Cluster, lang?: Lang): number {
  const n = lang ? c.langCounts[lang] : c.count;
  return s.opts.threshold + s.opts.growth * Math.log(Math.max(1, n));
}

export interface ClusterStep {
  readonly state: ClusterState;
  /** The cluster the question joined or started, or null when it had no usable features. */
  readonly clusterId: string | null;
  readonly similarity: number;
}

/** Adds one question at `nowMs`. */
export function stepClusters(s: ClusterState, item: QuestionItem, nowMs: number): ClusterStep {
  expire(s, nowMs);
  const words = scratch.words;
  words.length = 0;
  const f = questionTerms(item.text, words, scratch.terms);
  const size = f.keys.length;
  if (size === 0) return { state: s, clusterId: null, similarity: 0 };
  if (scratch.dfs.length < size) scratch.dfs = new Float64Array(2 * size);
  const records = scratch.records;
  const dfs = observeDf(s, f, nowMs, scratch.dfs, records);
  if (s.wv && scratch.sv.length !== s.wv.dims) scratch.sv = new Float64Array(s.wv.dims);
  const raw = rawDense(s, words, scratch.sv) ? scratch.sv : null;
  if (raw) observeDense(s, raw, nowMs);
  const v = vectorizeRaw(s, f, raw, nowMs, scratch.q, dfs);
  const floorAll = s.opts.threshold - s.opts.margin;
  let best: Cluster | null = null;
  let bestSim = 0;
  let second = 0;
  const step = ++s.steps;
  const { keys, vals } = v;
  // the lexical dot products, summed term by term in the question's order (the sums cosine() makes),
  // and the candidates in the order their first non-trigram term reaches them
  const candidates = scratch.candidates;
  candidates.length = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] ?? '';
    const posting = dfs ? records[i]!.posting : (s.terms.get(k)?.posting ?? null);
    if (posting === null) continue;
    const x = vals[i] ?? 0;
    const candidate = indexed(k);
    for (const [c, y] of posting) {
      if (c.accAt !== step) {
        c.accAt = step;
        c.acc = 0;
      }
      c.acc += x * y;
      if (candidate && c.seenAt !== step) {
        c.seenAt = step;
        candidates.push(c);
      }
    }
  }
  for (const c of candidates) {
    // a cluster below both the second best and (threshold - margin) can change neither the choice nor the margin test
    const sim = cosineFrom(v, c, c.acc, Math.max(second, floorAll));
    if (sim > bestSim) {
      second = bestSim;
      bestSim = sim;
      best = c;
    } else if (sim > second) second = sim;
  }
  candidates.length = 0;
  let target: Cluster;
  // an ambiguous question (nearly as close to a second cluster) starts its own instead of blurring either
  if (best && bestSim >= joinThreshold(s, best, item.lang) + (v.dense && best.dense ? (s.opts.denseOffset ?? 0) : 0) && bestSim - second >= s.opts.margin) target = best;
  else {
    if (s.clusters.length >= s.opts.maxClusters) evictOne(s);
    target = {
      id: `q${s.nextId++}`,
      centroid: new Map(),
      lexNorm2: 0,
      dense: null,
      denseNorm: 0,
      norm: 0,
      count: 0,
      langCounts: { en: 0, zh: 0, other: 0 },
      askers: new Set(),
      extraAskers: 0,
      examples: [],
      joins: [],
      firstAt: nowMs,
      lastAt: nowMs,
      seenAt: 0,
      acc: 0,
      accAt: 0,
    };
    s.clusters.push(target);
  }
  // after a pruning the records may have left the state: addToCentroid looks the terms up again
  addToCentroid(s, target, v, dfs ? records : null);
  records.length = 0;
  target.count++;
  target.langCounts[item.lang]++;
  target.lastAt = nowMs;
  if (!target.askers.has(item.userId)) {
    if (target.askers.size < s.opts.maxAskers) target.askers.add(item.userId);
    else target.extraAskers++;
  }
  target.examples.push({ text: item.text, userId: item.userId, at: nowMs, lang: item.lang });
  if (target.examples.length > s.opts.maxExamples) target.examples.shift();
  target.joins.push(nowMs);
  if (target.joins.length > MAX_JOINS) target.joins.shift();
  return { state: s, clusterId: target.id, similarity: target === best ? bestSim : 1 };
}

/** Similarity two questions would have on their own, with the state's frequencies (for pair tests). */
export function questionSimilarity(s: ClusterState, a: string, b: string, nowMs: number): number {
  const va = vectorOf(s, a, nowMs);
  const vb = vectorOf(s, b, nowMs);
  let dot = 0;
  const bLex = new Map(vb.keys.map((k, i) => [k, vb.vals[i] ?? 0]));
  va.keys.forEach((k, i) => (dot += (va.vals[i] ?? 0) * (bLex.get(k) ?? 0)));
  if (va.dense && vb.dense) for (let d = 0; d < va.dense.length; d++) dot += (va.dense[d] ?? 0) * (vb.dense[d] ?? 0);
  return dot;
}

function vectorOf(s: ClusterState, text: string, nowMs: number): QVector {
  const words: string[] = [];
  return vectorize(s, questionTerms(text, words, { keys: [], weights: [] }), words, nowMs);
}

/** Only updates the frequency table (for warming it on a batch before pair tests). */
export function observeQuestion(s: ClusterState, text: string, nowMs: number): void {
  const words: string[] = [];
  const f = questionTerms(text, words, { keys: [], weights: [] });
  if (f.keys.length === 0) return;
  observeDf(s, f, nowMs);
  const raw = new Float64Array(s.wv?.dims ?? 0);
  if (rawDense(s, words, raw)) observeDense(s, raw, nowMs);
}

/** rising: more joins in the last fifth of the window than in the fifth before; fading: none or half as many. */
export function clusterTrend(c: Cluster, nowMs: number, windowMs: number): ClusterView['trend'] {
  const slice = windowMs / 5;
  let recent = 0;
  let before = 0;
  for (let i = c.joins.length - 1; i >= 0; i--) {
    const t = c.joins[i] ?? 0;
    if (t > nowMs - slice) recent++;
    else if (t > nowMs - 2 * slice) before++;
    else break;
  }
  if (recent >= 2 && recent >= 1.5 * before + 1) return 'rising';
  if (recent === 0 || recent * 2 < before) return 'fading';
  return 'steady';
}

const URL_RE = /https?:\/\/|www\.|\.(?:com|net|org|cn|io)\b/i;
const CAMEL_EMOTE_RE = /(?:^|\s)[A-Z]?[a-z]+[A-Z][A-Za-z0-9]*(?=\s|$)/;
const EMOJI_RE = /\p{Extended_Pictographic}|\[[\p{Script=Han}a-z]{1,4}\]/u;
const SHOUT_RE = /[A-Z]{4,}/;
const MARKED_RE = /[?？吗嗎]/;
/** A known emote name (Kappa, LUL) or a CamelCase word among the line's words. */
function hasEmote(t: string): boolean {
  if (CAMEL_EMOTE_RE.test(t)) return true;
  for (const m of t.matchAll(/[^\s]+/g)) if (isEmoteToken(t, m.index, m.index + m[0].length)) return true;
  return false;
}

/**
 * How readable a member is aloud, added to its similarity to the centroid: a complete question with
 * a question mark or 吗 gains; emotes, emoji, URLs, @mentions, all caps, runs of ?!, an angry tone,
 * very short or long lines lose. Lines the detector no longer reads as questions lose most.
 */
export function readability(text: string, lang: Lang): number {
  let r = 0;
  const t = text.trim();
  const len = [...t].length;
  if (!isQuestion(t, lang)) r -= 0.5;
  // a run of marks (什么时候发货啊？？？) is exasperation, not the calm question a host reads out
  const run = /[?？!！]{3,}|[.。]{3,}|(.)\1{3,}/.test(t);
  if (MARKED_RE.test(t) && !run) r += 0.08;
  if (URL_RE.test(t)) r -= 0.3;
  if (t.includes('@')) r -= 0.15;
  if (EMOJI_RE.test(t) || hasEmote(t)) r -= 0.15;
  if (SHOUT_RE.test(t) && t === t.toUpperCase()) r -= 0.15;
  if (run) r -= 0.08;
  const hasHan = /\p{Script=Han}/u.test(t);
  if (scoreSentiment(t, hasHan) < -0.3) r -= 0.1;
  const short = hasHan ? 3 : 8;
  if (len < short) r -= 0.05;
  if (len > 80) r -= 0.2;
  else if (len > 50) r -= 0.05;
  return r;
}

/** The clearest member in `lang` (any language when undefined): closest to the centroid, readable aloud. */
function clearest(s: ClusterState, c: Cluster, nowMs: number, lang?: Lang): { text: string; lang: Lang } | null {
  let best: Example | null = null;
  let bestScore = -Infinity;
  const seen = new Set<string>();
  for (const e of c.examples) {
    if (lang !== undefined && e.lang !== lang) continue;
    if (seen.has(e.text)) continue;
    seen.add(e.text);
    const score = cosine(vectorOf(s, e.text, nowMs), c) + readability(e.text, e.lang);
    if (score > bestScore) {
      bestScore = score;
      best = e;
    }
  }
  return best ? { text: best.text, lang: best.lang } : null;
}

/**
 * The card's line: the clearest question of the cluster; a cluster asked in both English and
 * Chinese also gets the clearest line in the other language.
 */
function representative(s: ClusterState, c: Cluster, nowMs: number): { text: string; alt: string | null; zh: boolean } {
  const rep = clearest(s, c, nowMs) ?? { text: c.examples[0]?.text ?? '', lang: 'other' as Lang };
  const other: Lang | null = rep.lang === 'en' ? 'zh' : rep.lang === 'zh' ? 'en' : null;
  const alt = other && c.langCounts[other] > 0 ? clearest(s, c, nowMs, other) : null;
  return { text: rep.text, alt: alt ? alt.text : null, zh: rep.lang === 'zh' };
}

function majorityLang(c: Cluster): Lang {
  const n = { en: 0, zh: 0, other: 0 };
  for (const e of c.examples) n[e.lang]++;
  return n.zh >= n.en && n.zh > 0 ? 'zh' : n.en > 0 ? 'en' : 'other';
}

export interface ClusterViewOptions {
  /** Clusters with fewer distinct askers are not shown. */
  readonly minAskers: number;
  readonly maxShown: number;
  readonly maxExamplesShown: number;
}

/** The console's view: clusters with enough askers, most askers first, FAQ answers attached. */
export function viewClusters(s: ClusterState, nowMs: number, faq: readonly FaqEntry[], o: ClusterViewOptions): ClusterView[] {
  const cutoff = nowMs - s.opts.windowMs;
  return s.clusters
    .filter((c) => c.lastAt >= cutoff && askerCount(c) >= o.minAskers)
    .sort((a, b) => askerCount(b) - askerCount(a) || b.lastAt - a.lastAt)
    .slice(0, o.maxShown)
    .map((c) => {
      const { text: rep, alt, zh } = representative(s, c, nowMs);
      const texts = [rep, ...c.examples.map((e) => e.text)];
      const m = matchFaq(texts, faq);
      const examples = [...new Set(c.examples.map((e) => e.text).reverse())].slice(0, o.maxExamplesShown);
      return {
        id: c.id,
        representative: rep,
        ...(alt !== null ? { representativeAlt: alt, representativeZh: zh } : {}),
        askers: askerCount(c),
        count: c.count,
        trend: clusterTrend(c, nowMs, s.opts.windowMs),
        examples,
        lang: majorityLang(c),
        lastAt: c.lastAt,
        faq: m ? { id: m.id, answer: m.answer, ...(m.answers ? { answers: m.answers } : {}) } : null,
      };
    });
}
