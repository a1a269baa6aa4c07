/**
 * The English question metric's recipe, its nested cross-validation on unseen intents, and (with
 * --write) the artefact the product would load, filters/models/question-metric-en.json:
 *   npx tsx scripts/train/en-question-metric.ts [--data ../shared/datasets/en-recurring-questions-banking77] [--folds 2] [--seeds 2] [--write]
 * NOT SHIPPED (2026-11-30): nested CV, unseen intents clustered alone, raw P 0.655 R 0.335 F1 0.443 →
 * P 0.697 R 0.314 F1 0.433 (goal P ≥ 0.70 at F1 ≥ 0.40); folds chose top:3+0.03, blend:0.25+0.03,
 * top:3+0.03, raw+0.03; on all 39 intents blend:0.25+0.03. Shop fixture unchanged (file order P 0.902
 * F1 0.849; shuffled F1 0.846 → 0.841), stream top_cards_real_questions 214/225 either way; loading the
 * map costs about 1.1 s more at start (full 100 × 100 map over 30,000 words).
 * The metric (insights/word-vectors.ts questionMetric, applied to the vocabulary at load) is a linear
 * map of the word vectors and an offset: the extra similarity a question needs to join a cluster when
 * both sides are compared on word vectors. Candidates (scripts/train/en-metric-shrink.ts families):
 * the raw vectors, top:3 (the 3 directions in which one intent's rewordings vary most, shrunk) and
 * blend:0.25 (a quarter of the way to the within-intent whitening), each with offset 0, 0.01, 0.02
 * or 0.03. Larger offsets are not offered: with the raw vectors the stream eval's
 * top_cards_real_questions stayed at 214/225 up to 0.03 and fell to 213/225 (below its 0.95 goal) at 0.04. A candidate is "shop-safe" when, with its map fitted on the
 * training intents, the 8 hand-written shop rewording checks of word-vectors.test.ts all pass.
 *
 * Selection (training intents only): two seeded halves of the intents, the map fitted on one half
 * and the live clustering run on the other (held-out rows alone, file order and one shuffle); among
 * shop-safe candidates, the highest pooled pairwise precision whose pooled F1 reaches 0.44, else the
 * best F1. The shipped metric is that selection on all dev intents, its map refitted on all of them.
 * The figure it is judged by is nested cross-validation by intent (unseenIntentsCv): the same
 * selection on each outer fold's training intents, the held-out intents clustered alone, pooled.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { INSIGHTS_DEFAULTS } from '../../config/insights-config.js';
import { seededRandom, shuffleInPlace } from '../../filters/random.js';
import { QUESTION_METRIC_PATH, wordVectors, type WordVectors } from '../../insights/word-vectors.js';
import { readSet } from '../eval/io.js';
import type { Row } from '../eval/types.js';
import { orderCounts, prf, vectorsOf, type Labelled, type Params } from './en-metric-live.js';
import { eigenOf, gains, mapOf, mappedVectors, rewordingChecks, type Eigen, type Family } from './en-metric-shrink.js';

export interface Candidate {
  readonly fam: Family;
  readonly param: number;
  readonly offset: number;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const MIN_F1 = 0.44;
const OFFSETS = [0, 0.01, 0.02, 0.03] as const;
export const CANDIDATES: readonly Candidate[] = (
  [
    ['top', 0],
    ['top', 3],
    ['blend', 0.25],
  ] as const
).flatMap(([fam, param]) => OFFSETS.map((offset) => ({ fam, param, offset })));

export const candidateName = (c: Candidate): string => `${c.param === 0 ? 'raw' : `${c.fam}:${c.param}`}+${c.offset}`;

const base = (): Params => ({ threshold: INSIGHTS_DEFAULTS.clusterThreshold, growth: INSIGHTS_DEFAULTS.clusterGrowth, margin: INSIGHTS_DEFAULTS.clusterMargin, denseWeight: INSIGHTS_DEFAULTS.clusterWordVectorWeight });
const add = (a: Counts, b: Counts): void => {
  a.tp += b.tp;
  a.fp += b.fp;
  a.fn += b.fn;
};

function rowsOf(set: Labelled, labels: ReadonlySet<string>): number[] {
  return set.rows.flatMap((r, i) => (labels.has(r.label) ? [i] : []));
}
function pick(set: Labelled, idx: readonly number[]): Row[] {
  return idx.map((i) => set.rows[i]).filter((r): r is Row => !!r);
}

export interface Selection {
  readonly chosen: Candidate;
  /** The vectors under the chosen map fitted on all of `labels`' rows. */
  readonly vectors: WordVectors;
  readonly eigen: Eigen;
  readonly table: ReadonlyArray<{ c: Candidate; safe: boolean; p: number; f1: number }>;
}

/** The selection on the intents `labels` alone (see the header). */
export function selectMetric(raw: WordVectors, set: Labelled, labels: readonly string[], seed: number, cands: readonly Candidate[] = CANDIDATES): Selection {
  const inner = [...labels];
  shuffleInPlace(inner, seededRandom(seed));
  const halves = [new Set(inner.filter((_, i) => i % 2 === 0)), new Set(inner.filter((_, i) => i % 2 === 1))];
  const eHalves = halves.map((h) => eigenOf(set, rowsOf(set, h)));
  const eAll = eigenOf(set, rowsOf(set, new Set(labels)));
  const memo = new Map<string, WordVectors>();
  const mv = (e: Eigen, tag: string, c: Candidate): WordVectors => {
    const key = `${tag}:${c.fam}:${c.param}`;
    let v = memo.get(key);
    if (!v) memo.set(key, (v = mappedVectors(raw, e, c.fam, c.param)));
    return v;
  };
  const scored = cands.map((c) => {
    const safe = (c.param === 0 && c.offset === 0) || rewordingChecks(mv(eAll, 'all', c), c.offset).passed === 8;
    const n = { tp: 0, fp: 0, fn: 0 };
    if (safe) for (let h = 0; h < 2; h++) add(n, orderCounts(pick(set, rowsOf(set, halves[h] ?? new Set())), mv(eHalves[1 - h] ?? eAll, `half${h}`, c), { ...base(), denseOffset: c.offset }, 1));
    return { c, safe, n };
  });
  const ok = scored.filter((x) => x.safe);
  let best = ok.filter((x) => prf(x.n).f1 >= MIN_F1).sort((a, b) => prf(b.n).p - prf(a.n).p)[0];
  best ??= [...ok].sort((a, b) => prf(b.n).f1 - prf(a.n).f1)[0];
  if (!best) throw new Error('no shop-safe candidate');
  return { chosen: best.c, vectors: mv(eAll, 'all', best.c), eigen: eAll, table: scored.map((x) => ({ c: x.c, safe: x.safe, p: prf(x.n).p, f1: prf(x.n).f1 })) };
}

export interface UnseenIntents {
  readonly raw: Counts;
  readonly metric: Counts;
  readonly folds: ReadonlyArray<{ held: number; rows: number; chosen: string; raw: Counts; metric: Counts }>;
}

/**
 * Nested cross-validation by intent: per outer fold (`folds` × `seeds` seeded splits of the
 * intents) selectMetric on the training intents, then the held-out intents' rows clustered alone
 * (file order and 2 shuffles) with the raw vectors at the shipped settings and with the selection.
 */
export function unseenIntentsCv(raw: WordVectors, rows: readonly Row[], folds = 2, seeds = 2): UnseenIntents {
  const set = vectorsOf(rows, raw);
  const intents = [...new Set(set.rows.map((r) => r.label))];
  const out = { raw: { tp: 0, fp: 0, fn: 0 }, metric: { tp: 0, fp: 0, fn: 0 }, folds: [] as Array<UnseenIntents['folds'][number]> };
  for (let seed = 1; seed <= seeds; seed++) {
    const order = [...intents];
    shuffleInPlace(order, seededRandom(seed));
    for (let k = 0; k < folds; k++) {
      const held = new Set(order.filter((_, i) => i % folds === k));
      const sel = selectMetric(raw, set, order.filter((l) => !held.has(l)), 1000 + seed * 10 + k);
      const heldRows = pick(set, rowsOf(set, held));
      const r0 = orderCounts(heldRows, raw, base(), 2);
      const r1 = orderCounts(heldRows, sel.vectors, { ...base(), denseOffset: sel.chosen.offset }, 2);
      add(out.raw, r0);
      add(out.metric, r1);
      out.folds.push({ held: held.size, rows: heldRows.length, chosen: candidateName(sel.chosen), raw: r0, metric: r1 });
    }
  }
  return out;
}

const f3 = (c: Counts): string => {
  const m = prf(c);
  return `P ${m.p.toFixed(3)} R ${m.r.toFixed(3)} F1 ${m.f1.toFixed(3)}`;
};
const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;

function main(): void {
  const { values: opt } = parseArgs({
    options: {
      data: { type: 'string', default: '../shared/datasets/en-recurring-questions-banking77' },
      folds: { type: 'string', default: '2' },
      seeds: { type: 'string', default: '2' },
      write: { type: 'boolean', default: false },
    },
  });
  const raw = wordVectors();
  if (!raw) throw new Error('no word vectors');
  const rows = readSet(opt.data ?? '');
  const cv = unseenIntentsCv(raw, rows, Number(opt.folds), Number(opt.seeds));
  for (const f of cv.folds) console.log(`fold: ${f.held} held-out intents, ${f.rows} rows; chose ${f.chosen}: raw ${f3(f.raw)} → ${f3(f.metric)}`);
  console.log(`nested CV, unseen intents clustered alone: raw ${f3(cv.raw)} → metric ${f3(cv.metric)}`);
  const set = vectorsOf(rows, raw);
  const intents = [...new Set(set.rows.map((r) => r.label))];
  const sel = selectMetric(raw, set, intents, 1000);
  for (const t of sel.table) console.log(`  ${candidateName(t.c).padEnd(16)} ${t.safe ? `P ${t.p.toFixed(3)} F1 ${t.f1.toFixed(3)}` : 'not shop-safe'}`);
  const { chosen } = sel;
  console.log(`chosen on all ${intents.length} dev intents: ${candidateName(chosen)}`);
  const m = prf(cv.metric);
  const r = prf(cv.raw);
  const map = chosen.param === 0 ? null : Array.from(mapOf(sel.eigen, gains(sel.eigen, chosen.fam, chosen.param)), (x) => Number(x.toPrecision(6)));
  const doc = {
    format: 'showrunner-question-metric/1',
    trainedOn: `${opt.data ?? ''} (${rows.length} rows, ${intents.length} intents; dev half only)`,
    recipe: `${candidateName(chosen)}: ${chosen.param === 0 ? 'the word vectors as they are' : `${chosen.fam}:${chosen.param} of the within-intent covariance (scripts/train/en-metric-shrink.ts)`}, word-vector join offset ${chosen.offset}`,
    command: `npx tsx scripts/train/en-question-metric.ts --data ${opt.data ?? ''} --folds ${opt.folds ?? ''} --seeds ${opt.seeds ?? ''}`,
    crossValidated: { unseenIntentsPrecision: r4(m.p), unseenIntentsRecall: r4(m.r), unseenIntentsF1: r4(m.f1), rawPrecision: r4(r.p), rawRecall: r4(r.r), rawF1: r4(r.f1) },
    denseOffset: chosen.offset,
    map,
  };
  if (!opt.write) return;
  writeFileSync(QUESTION_METRIC_PATH, `${JSON.stringify(doc, null, 1)}\n`);
  console.log(`wrote ${QUESTION_METRIC_PATH}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
