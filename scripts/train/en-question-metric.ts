/**
 * The English question metric's recipe, its nested cross-validation on unseen intents, and (with
 * --write) the artefact the product loads, filters/models/question-metric-en.json:
 *   npx tsx scripts/train/en-question-metric.ts [--data ../shared/datasets/en-recurring-questions-banking77] [--folds 2] [--seeds 2]
 *       [--maps raw,top:3,blend:0.25] [--offsets 0,0.01,…] [--min-f1 0.44 | raw-0.005] [--shop <fixture> --shop-tolerance 0.01]
 *       [--inner-shuffles 1] [--outer-shuffles 2] [--invert] [--write]
 * NOT SHIPPED (decided 2026-11-30; --write would ship the defaults' choice, blend:0.25 + word-vector join
 * offset 0.03): it costs F1 where the hidden half is scored and ~1 s at start, for about 0.01 of P. Nested CV (2 folds ×
 * 2 seeds, held-out intents clustered alone, file order + 2 shuffles): raw P 0.655 R 0.335 F1 0.443 →
 * P 0.709 R 0.316 F1 0.437; the folds chose raw+0.02, blend:0.25+0.03, blend:0.25+0.025, raw+0.025.
 * With 26 unseen intents per fold (--folds 3 --seeds 2 --invert: the map fitted on 13 intents):
 * raw P 0.612 R 0.321 F1 0.421 → P 0.637 R 0.309 F1 0.416. All 39 dev intents in one stream (the
 * hidden half's scale, `npm run eval`, in-sample map): P 0.592 R 0.328 F1 0.422 → P 0.603 R 0.304 F1
 * 0.404. So the issue's goal (P ≥ 0.70 at F1 ≥ 0.40 on the hidden 38 intents) is NOT met: the
 * 20-intent proxy overstates what a metric buys at 38 intents. At that scale precision is set by a few
 * clusters that join intents on one topic (raw, file order: one cluster holds 4 virtual-card intents,
 * 2,858 of the 6,881 false pairs); raising the word-vector join bar by 0.2 reaches only P 0.695 at
 * F1 0.275, and the full within-intent whitening, in-sample, P 0.602 F1 0.410.
 * Shop fixture: file order unchanged (P 0.902 F1 0.849), shuffled F1 0.846 → 0.841; stream eval
 * top_cards_real_questions 214/225 either way. Loading the map costs about 1 s more at start
 * (100 × 100 map over 30,000 words, once); nothing per message.
 * What else was tried (same splits): offsets up to 0.06 with the rewording checks alone: P 0.704 F1
 * 0.433, but offset 0.04 costs the shop fixture (file F1 0.849 → 0.830) and the stream (213/225, below
 * its 0.95 goal), hence the fixture inside the safety test; the objective "highest P whose inner F1
 * stays within 0.005 of the raw vectors'" (--min-f1 raw-0.005, offsets ≤ 0.03, abtt:1,2 offered too):
 * P 0.687 F1 0.441 (26 intents, without abtt: 0.623 / 0.414). These figures were seen before the shipped grid was fixed, so 0.709 is
 * an optimistic estimate; the fold-to-fold spread (P 0.67–0.74) is larger than its margin over 0.70.
 *
 * The metric (insights/word-vectors.ts questionMetric, applied to the vocabulary at load) is a linear
 * map of the word vectors and an offset: the extra similarity a question needs to join a cluster when
 * both sides are compared on word vectors. Candidates (scripts/train/en-metric-shrink.ts families):
 * the raw vectors, top:3 (the 3 directions in which one intent's rewordings vary most, shrunk) and
 * blend:0.25 (a quarter of the way to the within-intent whitening), each with offset 0, 0.01, 0.02,
 * 0.025, 0.03, 0.035, 0.04 or 0.05. A candidate is "shop-safe" when, with its map fitted on the
 * training intents, the 8 hand-written shop rewording checks of word-vectors.test.ts all pass and the
 * shop fixture's pairwise F1 (file order, and 3 shuffles) stays within 0.01 of the raw vectors'.
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
import { eigenOf, gains, mapOf, mappedVectors, rewordingChecks, shopScore, type Eigen, type Family } from './en-metric-shrink.js';

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
const OFFSETS = [0, 0.01, 0.02, 0.025, 0.03, 0.035, 0.04, 0.05] as const;
const MAPS = 'raw,top:3,blend:0.25';

/** Candidates from a list of maps ("raw", "top:3", "blend:0.25", "abtt:1", …) × join offsets. */
export function candidatesOf(maps: string, offsets: readonly number[]): Candidate[] {
  return maps.split(',').flatMap((m) => {
    const [fam, param] = m === 'raw' ? ['top', 0] : m.split(':');
    if (fam !== 'top' && fam !== 'blend' && fam !== 'partial' && fam !== 'abtt') throw new Error(`unknown map family: ${m}`);
    return offsets.map((offset) => ({ fam, param: Number(param), offset }));
  });
}
export const CANDIDATES: readonly Candidate[] = candidatesOf(MAPS, OFFSETS);

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
/** What the selection weighs: the candidates, the F1 floor, how many shuffled orders besides file order (inner and outer). */
export interface CvOptions {
  readonly cands?: readonly Candidate[];
  readonly minF1?: number;
  /** When set, the F1 floor is the raw vectors' inner F1 (no offset) minus this instead of minF1. */
  readonly belowRaw?: number;
  readonly innerShuffles?: number;
  readonly outerShuffles?: number;
  /** Train on one fold of the intents and hold out all the others (more unseen intents clustered together, nearer the hidden half's 38). */
  readonly invert?: boolean;
  /**
   * The shop fixture (question-clusters-chat): when given, a candidate is shop-safe only if, with its
   * map fitted on the training intents, the fixture's pairwise F1 (file order, and the mean of 3
   * shuffled orders) stays within `shopTolerance` of the raw vectors'.
   */
  readonly shop?: readonly Row[];
  readonly shopTolerance?: number;
}

export function selectMetric(raw: WordVectors, set: Labelled, labels: readonly string[], seed: number, o: CvOptions = {}): Selection {
  const { cands = CANDIDATES, minF1 = MIN_F1, innerShuffles = 1 } = o;
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
  const shop0 = o.shop ? shopScore(o.shop, raw) : null;
  const tol = o.shopTolerance ?? 0.01;
  const shopSafe = (wv: WordVectors, offset: number): boolean => {
    if (!o.shop || !shop0) return true;
    const s = shopScore(o.shop, wv, offset);
    return s.file.f1 >= shop0.file.f1 - tol && s.shuffled.f1 >= shop0.shuffled.f1 - tol;
  };
  const scored = cands.map((c) => {
    const safe = (c.param === 0 && c.offset === 0) || (rewordingChecks(mv(eAll, 'all', c), c.offset).passed === 8 && shopSafe(mv(eAll, 'all', c), c.offset));
    const n = { tp: 0, fp: 0, fn: 0 };
    if (safe) for (let h = 0; h < 2; h++) add(n, orderCounts(pick(set, rowsOf(set, halves[h] ?? new Set())), mv(eHalves[1 - h] ?? eAll, `half${h}`, c), { ...base(), denseOffset: c.offset }, innerShuffles));
    return { c, safe, n };
  });
  const ok = scored.filter((x) => x.safe);
  const rawInner = scored.find((x) => x.c.param === 0 && x.c.offset === 0);
  const floor = o.belowRaw !== undefined && rawInner ? prf(rawInner.n).f1 - o.belowRaw : minF1;
  let best = ok.filter((x) => prf(x.n).f1 >= floor).sort((a, b) => prf(b.n).p - prf(a.n).p)[0];
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
export function unseenIntentsCv(raw: WordVectors, rows: readonly Row[], folds = 2, seeds = 2, o: CvOptions = {}): UnseenIntents {
  const outer = o.outerShuffles ?? 2;
  const set = vectorsOf(rows, raw);
  const intents = [...new Set(set.rows.map((r) => r.label))];
  const out = { raw: { tp: 0, fp: 0, fn: 0 }, metric: { tp: 0, fp: 0, fn: 0 }, folds: [] as Array<UnseenIntents['folds'][number]> };
  for (let seed = 1; seed <= seeds; seed++) {
    const order = [...intents];
    shuffleInPlace(order, seededRandom(seed));
    for (let k = 0; k < folds; k++) {
      const held = new Set(order.filter((_, i) => (i % folds === k) !== (o.invert ?? false)));
      const sel = selectMetric(raw, set, order.filter((l) => !held.has(l)), 1000 + seed * 10 + k, o);
      const heldRows = pick(set, rowsOf(set, held));
      const r0 = orderCounts(heldRows, raw, base(), outer);
      const r1 = orderCounts(heldRows, sel.vectors, { ...base(), denseOffset: sel.chosen.offset }, outer);
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
      maps: { type: 'string', default: MAPS },
      offsets: { type: 'string', default: OFFSETS.join(',') },
      'min-f1': { type: 'string', default: String(MIN_F1) },
      'inner-shuffles': { type: 'string', default: '1' },
      'outer-shuffles': { type: 'string', default: '2' },
      invert: { type: 'boolean', default: false },
      shop: { type: 'string', default: 'test/fixtures/eval/question-clusters-chat' },
      'shop-tolerance': { type: 'string', default: '0.01' },
      write: { type: 'boolean', default: false },
    },
  });
  const cands = candidatesOf(opt.maps ?? MAPS, (opt.offsets ?? '').split(',').map(Number));
  const floorArg = opt['min-f1'] ?? '';
  const cvo: CvOptions = { cands, ...(floorArg.startsWith('raw-') ? { belowRaw: Number(floorArg.slice(4)) } : { minF1: Number(floorArg) }), innerShuffles: Number(opt['inner-shuffles']), outerShuffles: Number(opt['outer-shuffles']), invert: opt.invert ?? false, ...(opt.shop ? { shop: readSet(opt.shop), shopTolerance: Number(opt['shop-tolerance']) } : {}) };
  const raw = wordVectors();
  if (!raw) throw new Error('no word vectors');
  const rows = readSet(opt.data ?? '');
  const cv = unseenIntentsCv(raw, rows, Number(opt.folds), Number(opt.seeds), cvo);
  for (const f of cv.folds) console.log(`fold: ${f.held} held-out intents, ${f.rows} rows; chose ${f.chosen}: raw ${f3(f.raw)} → ${f3(f.metric)}`);
  console.log(`nested CV, unseen intents clustered alone: raw ${f3(cv.raw)} → metric ${f3(cv.metric)}`);
  const set = vectorsOf(rows, raw);
  const intents = [...new Set(set.rows.map((r) => r.label))];
  const sel = selectMetric(raw, set, intents, 1000, cvo);
  for (const t of sel.table) console.log(`  ${candidateName(t.c).padEnd(16)} ${t.safe ? `P ${t.p.toFixed(3)} F1 ${t.f1.toFixed(3)}` : 'not shop-safe'}`);
  const { chosen } = sel;
  console.log(`chosen on all ${intents.length} dev intents: ${candidateName(chosen)}`);
  // the hidden half's scale (38 intents in one stream), but in-sample: the map was fitted on these very intents, an upper bound
  const withMetric = { ...base(), denseOffset: chosen.offset };
  console.log(`all ${intents.length} dev intents together (in-sample map): file order raw ${f3(orderCounts(rows, raw, base(), 0))} → ${f3(orderCounts(rows, sel.vectors, withMetric, 0))}; with 2 shuffles raw ${f3(orderCounts(rows, raw, base(), 2))} → ${f3(orderCounts(rows, sel.vectors, withMetric, 2))}`);
  const m = prf(cv.metric);
  const r = prf(cv.raw);
  const map = chosen.param === 0 ? null : Array.from(mapOf(sel.eigen, gains(sel.eigen, chosen.fam, chosen.param)), (x) => Number(x.toPrecision(4)));
  const doc = {
    format: 'showrunner-question-metric/1',
    trainedOn: `${opt.data ?? ''} (${rows.length} rows, ${intents.length} intents; dev half only)`,
    recipe: `${candidateName(chosen)}: ${chosen.param === 0 ? 'the word vectors as they are' : `${chosen.fam}:${chosen.param} of the within-intent covariance (scripts/train/en-metric-shrink.ts)`}, word-vector join offset ${chosen.offset}`,
    command: `npx tsx scripts/train/en-question-metric.ts --data ${opt.data ?? ''} --folds ${opt.folds ?? ''} --seeds ${opt.seeds ?? ''} --maps ${opt.maps ?? ''} --offsets ${opt.offsets ?? ''} --min-f1 ${opt['min-f1'] ?? ''}${opt.shop ? ` --shop ${opt.shop} --shop-tolerance ${opt['shop-tolerance'] ?? ''}` : ''}`,
    crossValidated: { unseenIntentsPrecision: r4(m.p), unseenIntentsRecall: r4(m.r), unseenIntentsF1: r4(m.f1), rawPrecision: r4(r.p), rawRecall: r4(r.r), rawF1: r4(r.f1) },
    denseOffset: chosen.offset,
    map,
  };
  if (!opt.write) return;
  // one line for the map (10,000 numbers), one per field for the rest
  writeFileSync(QUESTION_METRIC_PATH, `${JSON.stringify({ ...doc, map: null }, null, 1).replace('"map": null', `"map": ${JSON.stringify(map)}`)}\n`);
  console.log(`wrote ${QUESTION_METRIC_PATH}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
