/**
 * Scorers for the questions, clustering, sentiment and mood sets, keyed by folder name:
 * - question detection (`question` vs `not_question`): en-questions-npschat, questions-chat, requests-chat;
 * - negative sentiment (P/R/F1 of `negative`, AFINN via npm `sentiment` as the baseline):
 *   en-sentiment-semeval17, twitch-sentiment-kobs, zh-sentiment-shopping10, zh-sentiment-eprstmt,
 *   zh-sentiment-chat;
 * - clustering (pairwise P/R/F1 of "same cluster" against "same label", rows streamed in the given
 *   order through the live clustering, all inside one window; baseline: naive token-overlap
 *   clustering): en-recurring-questions-banking77, question-clusters-chat;
 * - question pairs (`same_intent`: the two texts would land in one cluster): zh-question-match-bustm;
 * - mood-replay: rows describe generated replays (calm chat, then the negative share rises `ratio`×,
 *   default 2; `bursts`: calm chatter at times faster); the scorer runs them in virtual time through
 *   the real insights stage and reports alert latency and false alarms per hour of calm chat, and for
 *   dev-line rows the ideal CUSUM's latency (scripts/train/mood-theory.ts), the floor for any detector.
 * The English sentiment model (filters/models/sentiment-en.json) is scored like the abuse models:
 * rows it was trained on (text hash in its header) by 5-fold cross-validation retrained in this run
 * ("cross_validated": true), unseen rows (hidden test halves, Twitch, Chinese) through the product path.
 * Everything else is scored as shipped.
 */
import { createRequire } from 'node:module';
import type { Annotated } from '../../config/chat.js';
import { InsightsConfigSchema, type InsightsConfig } from '../../config/insights-config.js';
import { classify } from '../../insights/classify.js';
import { clusterOptionsFrom, newClusterState, observeQuestion, questionSimilarity, stepClusters } from '../../insights/clusters.js';
import { detectLang } from '../../filters/lang.js';
import { seededRandom, shuffleInPlace } from '../../filters/random.js';
import { foldOf, prf } from '../train/model-train.js';
import { textHash } from '../../filters/model.js';
import { SentimentModel, isNegative, lexiconDetail, lexiconScore, loadSentimentModel } from '../../insights/sentiment.js';
import { SENTIMENT_FOLDS, SENTIMENT_TRAIN, sentimentRows, trainWithInnerThreshold, type SentTrainOptions } from '../train-sentiment.js';
import { createInsights } from '../../server/pipeline/insights-stage.js';
import { ORACLE_CATEGORIES, classifierCategories, idealCusum } from '../train/mood-theory.js';
import type { EvalContext, Evaluator, Prf, Row, SetResult } from './types.js';

/** Precision, recall and F1 of the positive class (the trainers' own `prf`). */
export const prfOf = prf;

function fromCounts(tp: number, fp: number, fn: number, n: number): Prf {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision: r3(precision), recall: r3(recall), f1: r3(f1), n };
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const r1 = (x: number): number => Math.round(x * 10) / 10;

// ---------------------------------------------------------------- questions

const scoreQuestions: Evaluator = (rows) => {
  const gold = rows.map((r) => r.label === 'question');
  const pred = rows.map((r) => classify(r.text).isQuestion);
  const result: SetResult = { ...prfOf(pred, gold), baselines: { 'question-mark': prfOf(rows.map((r) => /[?？]/.test(r.text)), gold) } };
  for (const lang of ['en', 'zh'] as const) {
    const idx = rows.map((r, i) => (detectLang(r.text) === lang ? i : -1)).filter((i) => i >= 0);
    if (idx.length > 0 && idx.length < rows.length) {
      const p = prfOf(idx.map((i) => pred[i] ?? false), idx.map((i) => gold[i] ?? false));
      result[`f1_${lang}`] = p.f1;
      result[`n_${lang}`] = p.n;
    }
  }
  return result;
};

// ---------------------------------------------------------------- sentiment

/** npm `sentiment` (AFINN-165) ships no types: its one call we use, typed here. */
interface Afinn {
  analyze(text: string): { score: number };
}
let afinn: Afinn | null = null;
function loadAfinn(): Afinn {
  const Ctor = createRequire(import.meta.url)('sentiment') as new () => Afinn;
  return new Ctor();
}
/**
 * Fold models of the English sentiment model, trained once per eval run on the trained rows found
 * under --data, exactly as scripts/train-sentiment.ts cross-validates (same folds, threshold chosen
 * inside each fold's training rows): row i of the shipped training set is scored by the model of
 * fold foldOf(text), which never saw it. Null when the model is absent or too few trained rows are found.
 */
const sentimentCvCache = new WeakMap<EvalContext['sets'], { models: SentimentModel[]; rows: number } | null>();
export const MIN_SENTIMENT_CV_ROWS = 200;
function sentimentCv(ctx: EvalContext, trained: ReadonlySet<string>): { models: SentimentModel[]; rows: number } | null {
  const hit = sentimentCvCache.get(ctx.sets);
  if (hit !== undefined) return hit;
  const shipped = loadSentimentModel();
  const rows = sentimentRows(ctx.sets).filter((r) => trained.has(textHash(r.text)));
  let state: { models: SentimentModel[]; rows: number } | null = null;
  if (shipped && rows.length >= MIN_SENTIMENT_CV_ROWS) {
    const o: SentTrainOptions = { ...SENTIMENT_TRAIN, bits: shipped.header.bits, seed: shipped.header.seed, epochs: shipped.header.epochs, chars: shipped.header.chars };
    const models: SentimentModel[] = [];
    for (let f = 0; f < SENTIMENT_FOLDS; f++) {
      ctx.progress(`sentiment model: cross-validation fold ${f + 1}/${SENTIMENT_FOLDS} (${rows.length} trained rows found)`);
      models.push(new SentimentModel(trainWithInnerThreshold(rows.filter((r) => foldOf(r.text, SENTIMENT_FOLDS) !== f), o)));
    }
    state = { models, rows: rows.length };
  }
  sentimentCvCache.set(ctx.sets, state);
  return state;
}

const scoreNegative: Evaluator = (rows, ctx) => {
  const gold: boolean[] = [];
  const pred: boolean[] = [];
  const texts: string[] = [];
  const trained = new Set(loadSentimentModel()?.header.trainedTextHashes ?? []);
  const cv = rows.some((r) => trained.has(textHash(r.text))) ? sentimentCv(ctx, trained) : null;
  let crossValidated = 0;
  let excluded = 0;
  for (const r of rows) {
    let negative: boolean;
    if (trained.has(textHash(r.text))) {
      if (!cv) {
        excluded++;
        continue;
      }
      // the product path (scoreSentiment) with the fold model in place of the shipped one
      const lex = lexiconDetail(r.text);
      negative = detectLang(r.text) === 'zh' ? isNegative(lex.score) : cv.models[foldOf(r.text, SENTIMENT_FOLDS)]!.isNegative(r.text, lex);
      crossValidated++;
    } else negative = isNegative(classify(r.text).sentiment);
    texts.push(r.text);
    gold.push(r.label === 'negative');
    pred.push(negative);
  }
  afinn ??= loadAfinn();
  const a = afinn;
  return {
    ...prfOf(pred, gold),
    baselines: { afinn: prfOf(texts.map((t) => a.analyze(t).score < 0), gold), lexicon: prfOf(texts.map((t) => isNegative(lexiconScore(t))), gold) },
    cross_validated: crossValidated > 0,
    ...(crossValidated > 0 ? { cross_validated_rows: crossValidated, cv_training_rows: cv?.rows ?? 0 } : {}),
    ...(excluded > 0 ? { seen_rows_excluded: excluded } : {}),
  };
};

// ---------------------------------------------------------------- clustering

/** Pairwise P/R/F1 of "same cluster" against "same label" (O(n) via counts of co-occurrence). */
export function pairwise(clusters: readonly string[], labels: readonly string[]): Prf {
  const pairs = (m: Map<string, number>): number => [...m.values()].reduce((s, c) => s + (c * (c - 1)) / 2, 0);
  const byCluster = new Map<string, number>();
  const byLabel = new Map<string, number>();
  const byBoth = new Map<string, number>();
  clusters.forEach((c, i) => {
    const l = labels[i] ?? '';
    byCluster.set(c, (byCluster.get(c) ?? 0) + 1);
    byLabel.set(l, (byLabel.get(l) ?? 0) + 1);
    const k = `${c}\u0000${l}`;
    byBoth.set(k, (byBoth.get(k) ?? 0) + 1);
  });
  const tp = pairs(byBoth);
  return fromCounts(tp, pairs(byCluster) - tp, pairs(byLabel) - tp, clusters.length);
}

/** The live clustering, fed the rows in order, one every 100 ms of virtual time (all in one window). */
export function clusterRows(rows: readonly Row[], cfg: InsightsConfig = InsightsConfigSchema.parse({})): string[] {
  const s = newClusterState({ ...clusterOptionsFrom(cfg), windowMs: Math.max(cfg.clusterWindowMs, rows.length * 100 + 1000), maxClusters: 5000 });
  return rows.map((r, i) => stepClusters(s, { text: r.text, userId: `u${i}`, lang: detectLang(r.text) }, i * 100).clusterId ?? `none-${i}`);
}

/** Baseline: join the first cluster whose first question shares ≥ half its words (Jaccard ≥ 0.5). */
export function tokenOverlapClusters(rows: readonly Row[]): string[] {
  const seeds: Array<{ id: string; words: Set<string> }> = [];
  return rows.map((r) => {
    const words = new Set(r.text.toLowerCase().match(/[a-z0-9']+|\p{Script=Han}/gu) ?? []);
    for (const s of seeds) {
      let inter = 0;
      for (const w of words) if (s.words.has(w)) inter++;
      const union = words.size + s.words.size - inter;
      if (union > 0 && inter / union >= 0.5) return s.id;
    }
    const id = `b${seeds.length}`;
    seeds.push({ id, words });
    return id;
  });
}

/** Online clustering depends on arrival order: the same rows in SHUFFLES seeded random orders, averaged. */
const SHUFFLES = 3;
function shuffledOrders(rows: readonly Row[]): Prf {
  let p = 0;
  let r = 0;
  let f = 0;
  for (let seed = 1; seed <= SHUFFLES; seed++) {
    const order = [...rows];
    shuffleInPlace(order, seededRandom(seed));
    const m = pairwise(clusterRows(order), order.map((x) => x.label));
    p += m.precision / SHUFFLES;
    r += m.recall / SHUFFLES;
    f += m.f1 / SHUFFLES;
  }
  return { precision: r3(p), recall: r3(r), f1: r3(f), n: rows.length };
}

const scoreClusters: Evaluator = (rows) => {
  const labels = rows.map((r) => r.label);
  const ours = clusterRows(rows);
  return {
    ...pairwise(ours, labels),
    clusters: new Set(ours).size,
    labels: new Set(labels).size,
    shuffled_orders: shuffledOrders(rows),
    baselines: { 'token-overlap': pairwise(tokenOverlapClusters(rows), labels) },
  };
};

const scorePairs: Evaluator = (rows) => {
  const cfg = InsightsConfigSchema.parse({});
  const s = newClusterState(clusterOptionsFrom(cfg));
  // the window's word frequencies: every text of the set, as if they had all been asked this minute
  for (const r of rows) {
    observeQuestion(s, r.text, 0);
    observeQuestion(s, String(r['text_pair'] ?? ''), 0);
  }
  const gold = rows.map((r) => r.label === 'same_intent');
  const pred = rows.map((r) => questionSimilarity(s, r.text, String(r['text_pair'] ?? ''), 0) >= cfg.clusterThreshold);
  const overlap = rows.map((r) => {
    const a = new Set(r.text);
    const b = new Set(String(r['text_pair'] ?? ''));
    let inter = 0;
    for (const ch of a) if (b.has(ch)) inter++;
    return inter / Math.max(1, a.size + b.size - inter) >= 0.5;
  });
  return { ...prfOf(pred, gold), baselines: { 'char-overlap': prfOf(overlap, gold) } };
};

// ---------------------------------------------------------------- mood replays

const CALM = [
  'hi from Texas', 'love this color', 'so pretty', 'can you show the back', 'what size is she wearing', 'just joined', 'hello everyone', 'the blue one please',
  'how much is this', 'is it cotton', 'nice', 'lol', 'I bought one last week', 'looks comfy', 'ok', 'show the green one', 'hi sis', 'great deal',
  '主播好', '这个颜色好看', '多少钱', '有没有大码', '来了来了', '刚进来', '已拍', '好看', '想要', '包邮吗', '主播穿的什么码', '第一次来', '哈哈', '可以试一下吗',
];
const ANGRY = [
  'still not shipped after two weeks', 'this is a scam', 'worst quality ever', 'so disappointed', 'my order never arrived', 'terrible customer service', 'fake product',
  'I want a refund', 'this is ridiculous', 'horrible, it broke in a day', '还没发货', '骗子', '质量太差了', '退款', '假货', '客服不理人', '太失望了', '垃圾',
];

export interface ReplayFigures {
  latencies: number[];
  missed: number;
  falseAlarms: number;
  calmHours: number;
  baseShare: number;
  riseShare: number;
  /** Share of lines drawn from the negative pool in the calm phase (the truth). */
  trueBaseShare: number;
  /** Mean negative share the mood view showed during calm chat (sampled every 10 s after the first minute). */
  readBaseShare: number;
}

/** Line pools for a replay: negative lines and the rest. */
export interface ReplayPools {
  readonly calm: readonly string[];
  readonly angry: readonly string[];
}

/**
 * Runs replays in virtual time through createInsights: `calmS` seconds at `p0` negative lines, then
 * `riseS` seconds at ratio·p0 (2: a doubling). A rise is detected when an alert starts after the change; an alert
 * before it is a false alarm. Messages arrive as a Poisson stream of `rate` per second from 400 viewers
 * (`bursts`: at times faster, same negative share). Each distinct line is classified once (classify is pure).
 */
export interface MoodReplay {
  readonly rate: number;
  readonly p0: number;
  readonly runs: number;
  readonly calmS: number;
  readonly riseS: number;
  readonly seed?: number;
  readonly cfg?: Partial<InsightsConfig>;
  readonly pools?: ReplayPools;
  /** Gold labels as the flag (what a perfect classifier would let the alert do). */
  readonly oracle?: boolean;
  /** The negative share after the change, as a multiple of p0 (default 2: a doubling). */
  readonly ratio?: number;
  /** Bursts of chatter: every `everyS` seconds the rate is `factor`× for `lengthS` seconds (same negative share). */
  readonly bursts?: { readonly everyS: number; readonly lengthS: number; readonly factor: number };
}

export function runMoodReplays(o: MoodReplay): ReplayFigures {
  const cfg = InsightsConfigSchema.parse(o.cfg ?? {});
  const calmPool = o.pools?.calm ?? CALM;
  const angryPool = o.pools?.angry ?? ANGRY;
  const latencies: number[] = [];
  let missed = 0;
  let falseAlarms = 0;
  const neg = [0, 0];
  const all = [0, 0];
  let drawnAngry = 0;
  let readSum = 0;
  let reads = 0;
  const classified = new Map<string, ReturnType<typeof classify>>();
  const ratio = o.ratio ?? 2;
  const burst = o.bursts;
  for (let run = 0; run < o.runs; run++) {
    const rand = seededRandom((o.seed ?? 1) * 1000 + run);
    const ins = createInsights(cfg, []);
    let t = 0;
    const changeAt = o.calmS * 1000;
    const endAt = changeAt + o.riseS * 1000;
    let detected = -1;
    let id = 0;
    let nextRead = 60_000;
    while (t < endAt) {
      const bursting = burst !== undefined && t % (burst.everyS * 1000) < burst.lengthS * 1000;
      t += (-Math.log(1 - rand()) / (bursting ? o.rate * burst.factor : o.rate)) * 1000;
      const phase = t >= changeAt ? 1 : 0;
      if (phase === 0 && t >= nextRead) {
        readSum += ins.snapshot(Math.round(t)).mood.negativeShare;
        reads++;
        nextRead += 10_000;
      }
      const p = phase ? Math.min(1, ratio * o.p0) : o.p0;
      const angry = rand() < p;
      const pool = angry ? angryPool : calmPool;
      const text = pool[Math.floor(rand() * pool.length)] ?? 'hi';
      let known = classified.get(text);
      if (!known) {
        known = classify(text);
        classified.set(text, known);
      }
      // oracle: the gold label as the flag (what a perfect classifier would let the alert do)
      const c = o.oracle ? { ...known, sentiment: angry ? -1 : 0 } : known;
      if (phase === 0 && angry) drawnAngry++;
      all[phase] = (all[phase] ?? 0) + 1;
      if (isNegative(c.sentiment)) neg[phase] = (neg[phase] ?? 0) + 1;
      const user = `v${Math.floor(rand() * 400)}`;
      const a: Annotated = {
        message: { id: `m${id++}`, platform: 'replay', channel: 'c', user: { id: user, name: user, displayName: user, roles: [] }, text, emotes: [], receivedAt: Math.round(t) },
        verdict: { action: 'allow', reasons: [], score: 0 },
        lang: c.lang,
        isQuestion: c.isQuestion,
        sentiment: c.sentiment,
      };
      ins.observe(a, Math.round(t));
      for (const alert of ins.drainAlerts()) {
        if (alert.since < changeAt) falseAlarms++;
        else if (detected < 0) detected = alert.since - changeAt;
      }
    }
    if (detected >= 0) latencies.push(detected / 1000);
    else missed++;
  }
  return {
    latencies: latencies.sort((a, b) => a - b),
    missed,
    falseAlarms,
    calmHours: (o.runs * o.calmS) / 3600,
    baseShare: r3((neg[0] ?? 0) / Math.max(1, all[0] ?? 0)),
    riseShare: r3((neg[1] ?? 0) / Math.max(1, all[1] ?? 0)),
    trueBaseShare: r3(drawnAngry / Math.max(1, all[0] ?? 0)),
    readBaseShare: r3(readSum / Math.max(1, reads)),
  };
}

function quantile(xs: readonly number[], q: number): number | null {
  if (xs.length === 0) return null;
  return xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? null;
}

/**
 * Rows: one replay scenario each, `label` 'rise' (runs with a doubling) or 'calm' (calm only), with
 * numeric fields rate (messages/s), p0 (calm negative share), runs, calmS, riseS. Recall: rises
 * alerted within 20 s; precision: those alerts among all alerts (false alarms included).
 */
/** Sets whose `negative` rows are angry lines and other rows calm lines for `pool: "dev"` replays (those given under --data). */
export const MOOD_POOL_SETS = ['twitch-sentiment-chat', 'twitch-sentiment-kobs', 'en-sentiment-semeval17', 'zh-sentiment-chat', 'zh-sentiment-reviews', 'zh-sentiment-shopping10'] as const;

/** Calm and angry pools from the labelled sentiment sets present in this run (null: none given). */
export function devPools(ctx: EvalContext): (ReplayPools & { sets: string[] }) | null {
  const calm: string[] = [];
  const angry: string[] = [];
  const sets: string[] = [];
  for (const name of MOOD_POOL_SETS) {
    const rows = ctx.sets.get(name);
    if (!rows) continue;
    sets.push(name);
    for (const r of rows) (r.label === 'negative' ? angry : calm).push(r.text);
  }
  return angry.length > 0 && calm.length > 0 ? { calm, angry, sets } : null;
}

const scoreMoodReplay: Evaluator = (rows, ctx: EvalContext) => {
  let detectedFast = 0;
  let rises = 0;
  let falseAlarms = 0;
  let calmHours = 0;
  const lat: number[] = [];
  const out: SetResult = { precision: 0, recall: 0, f1: 0, n: rows.length };
  for (const r of rows) {
    const num = (k: string, d: number): number => (typeof r[k] === 'number' ? r[k] : d);
    ctx.progress(`mood-replay: ${r.id}`);
    const isRise = r.label === 'rise';
    const fromDev = r['pool'] === 'dev';
    const pools = fromDev ? devPools(ctx) : null;
    if (fromDev && !pools) {
      out[`${r.id}_skipped`] = 'no labelled sentiment set under --data';
      continue;
    }
    const b = r['bursts'];
    const bursts = b && typeof b === 'object' ? (b as { everyS: number; lengthS: number; factor: number }) : undefined;
    const replay: MoodReplay = {
      rate: num('rate', 10),
      p0: num('p0', 0.1),
      runs: num('runs', 10),
      calmS: num('calmS', 600),
      riseS: isRise ? num('riseS', 120) : 0,
      seed: num('seed', 1),
      ratio: num('ratio', 2),
      ...(bursts ? { bursts } : {}),
      ...(pools ? { pools } : {}),
    };
    const f = runMoodReplays(replay);
    if (fromDev) {
      // dev-pool replays (real labelled lines, the product's classifier) are reported on their own:
      // what the view shows in calm chat, latency and false alarms, and the latency with gold flags
      out[`${r.id}_pools`] = pools?.sets.join('+') ?? '';
      out[`${r.id}_calm_true_share`] = f.trueBaseShare;
      out[`${r.id}_calm_read_share`] = f.readBaseShare;
      out[`${r.id}_calm_flagged_share`] = f.baseShare;
      out[`${r.id}_false_alarms_per_hour`] = r3(f.falseAlarms / Math.max(1e-9, f.calmHours));
      if (isRise) {
        const g = runMoodReplays({ ...replay, oracle: true });
        out[`${r.id}_latency_median_s`] = quantile(f.latencies, 0.5) ?? 'none';
        out[`${r.id}_within_${num('limitS', 20)}s`] = `${f.latencies.filter((x) => x <= num('limitS', 20)).length}/${num('runs', 10)}`;
        out[`${r.id}_missed_in_${num('riseS', 120)}s`] = f.missed;
        out[`${r.id}_oracle_latency_median_s`] = quantile(g.latencies, 0.5) ?? 'none';
        out[`${r.id}_oracle_missed_in_${num('riseS', 120)}s`] = g.missed;
        // the floor: the ideal CUSUM (knows the calm share and the rise) at one false alarm an hour, median
        // delay after the calm phase, for what this classifier shows of these lines and for gold flags
        const p1 = Math.min(1, replay.p0 * (replay.ratio ?? 2));
        if (pools) out[`${r.id}_ideal_latency_median_s`] = r1(idealCusum(classifierCategories(pools), replay.p0, p1, replay.rate, 1, replay.calmS).medianAfterCalmS);
        out[`${r.id}_ideal_oracle_latency_median_s`] = r1(idealCusum(ORACLE_CATEGORIES, replay.p0, p1, replay.rate, 1, replay.calmS).medianAfterCalmS);
      }
      continue;
    }
    falseAlarms += f.falseAlarms;
    calmHours += f.calmHours;
    if (isRise) {
      rises += num('runs', 10);
      detectedFast += f.latencies.filter((x) => x <= 20).length;
      lat.push(...f.latencies);
      out[`${r.id}_latency_median_s`] = quantile(f.latencies, 0.5) ?? 'none';
      out[`${r.id}_missed_in_${num('riseS', 120)}s`] = f.missed;
      out[`${r.id}_share`] = `${f.baseShare} → ${f.riseShare}`;
    }
  }
  lat.sort((a, b) => a - b);
  const tp = detectedFast;
  const p = fromCounts(tp, falseAlarms, rises - tp, rows.length);
  return {
    ...out,
    ...p,
    latency_median_s: quantile(lat, 0.5) ?? 'none',
    latency_p90_s: quantile(lat, 0.9) ?? 'none',
    false_alarms_per_hour: r3(falseAlarms / Math.max(1e-9, calmHours)),
    calm_hours: r3(calmHours),
  };
};

export const insightsEvaluators: Record<string, Evaluator> = {
  'en-questions-npschat': scoreQuestions,
  'questions-chat': scoreQuestions,
  'en-questions-chatroom': scoreQuestions,
  'requests-chat': scoreQuestions,
  'en-sentiment-semeval17': scoreNegative,
  'twitch-sentiment-kobs': scoreNegative,
  'zh-sentiment-shopping10': scoreNegative,
  'zh-sentiment-eprstmt': scoreNegative,
  'zh-sentiment-chat': scoreNegative,
  'zh-sentiment-reviews': scoreNegative,
  'twitch-sentiment-chat': scoreNegative,
  'en-recurring-questions-banking77': scoreClusters,
  'question-clusters-chat': scoreClusters,
  'zh-question-match-bustm': scorePairs,
  'zh-question-pairs': scorePairs,
  'mood-replay': scoreMoodReplay,
};
