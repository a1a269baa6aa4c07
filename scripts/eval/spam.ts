/**
 * Scorers for the spam and copypasta sets.
 *
 * en-spam-youtube: a row is flagged when the spam detectors alone (rules, links, the spam model)
 * make the policy hold or block it. The spam model is trained on the YouTube rows plus ordinary
 * English text of the other sets as negatives (tweets, banking questions: hard negatives, so the
 * model does not hold ordinary chat). Rows it was trained on (listed by text hash in
 * filters/models/spam.json) are scored by 5-fold cross-validation, retrained in this run exactly
 * like scripts/train-spam.ts trains; other rows (the unseen test halves) by the shipped model.
 * The same out-of-fold probabilities score the ordinary lines of the copypasta replay.
 *
 * twitch-copypasta-sgdq2017: each pasta is replayed as a raid, sent by 3 distinct users within 10 s
 * (the original, a copy with characters appended, a copy with a small edit), interleaved with
 * ordinary chat: the non-abusive, non-spam rows of the other sets found (rows the spam model was
 * trained on scored out-of-fold). The demo transcript is not used: it holds scripted spam, raids,
 * abuse and PII among its ordinary lines, without labels. Everything goes through one filter engine in
 * virtual time with only the spam detectors on. recall = share of pastas with at least one copy
 * held or blocked; false_hold_rate = share of ordinary lines held or blocked; precision = share of
 * held messages that are pasta copies.
 */
import type { ChatMessage } from '../../config/chat.js';
import { FiltersConfigSchema, type FiltersConfig } from '../../config/filters-config.js';
import { createFilterEngine, createStatelessDetectors } from '../../filters/engine.js';
import { LinearModel, textHash } from '../../filters/model.js';
import { foldOf, prf, trainModel, type TrainOptions, type TrainRow } from '../train/model-train.js';
import { decide } from '../../filters/policy.js';
import { detectSpamModel, loadSpamModel, spamModelApplies, trainedThresholds, type SpamModelThresholds, type SpamScorer } from '../../filters/spam-model.js';
import { baselineFlags, baselineScores } from './baselines.js';
import type { EvalContext, Evaluator, Prf, Row, SetResult } from './types.js';

export const SPAM_SET = 'en-spam-youtube';
export const PASTA_SET = 'twitch-copypasta-sgdq2017';
export const SPAM_CV_FOLDS = 5;
/** Training options of the spam model (scripts/train-spam.ts uses these; the eval's folds too). */
export const SPAM_TRAIN: TrainOptions = { lang: 'en', bits: 16, epochs: 10, seed: 20261123, lr: 0.3, l2: 1e-5 };

const NO_LEX = { low: false, medium: false, high: false } as const;
const CONFIG: FiltersConfig = FiltersConfigSchema.parse({});

/** A chat message for a labeled row (a regular viewer, no roles). */
export function rowMessage(text: string, i: number, user = `eval-${i}`, at = 0): ChatMessage {
  return { id: `row-${i}`, platform: 'eval', channel: 'eval', user: { id: user, name: user, displayName: user, roles: [] }, text: text.slice(0, 2000) || ' ', emotes: [], receivedAt: at };
}

/** English sets whose rows serve as ordinary-text negatives for the spam model. */
export const SPAM_NEGATIVE_SETS = ['en-sentiment-semeval17', 'en-recurring-questions-banking77', 'en-offensive-olid', 'en-hate-hateval', 'en-hate-offensive-davidson'];

/** Training rows for the spam model: the spam set (spam = 1, ham = 0) plus negatives, deduplicated by text. */
export function spamTrainingRows(sets: ReadonlyMap<string, readonly Row[]>): TrainRow[] {
  const seen = new Set<string>();
  const out: TrainRow[] = [];
  for (const name of [SPAM_SET, ...SPAM_NEGATIVE_SETS]) {
    for (const r of sets.get(name) ?? []) {
      if (seen.has(r.text) || !r.text.trim()) continue;
      seen.add(r.text);
      out.push({ text: r.text, y: name === SPAM_SET && r.label === 'spam' ? 1 : 0, lex: NO_LEX, set: name });
    }
  }
  return out;
}

/**
 * The k fold models of the spam model, trained exactly as scripts/train/model-train.ts crossValidate trains
 * them (same rows, same fold split by text hash, same options): fold f never saw the rows whose
 * foldOf(text) is f.
 */
export function spamFoldModels(train: readonly TrainRow[], onFold?: (f: number) => void): LinearModel[] {
  const folds = train.map((r) => foldOf(r.text, SPAM_CV_FOLDS));
  const models: LinearModel[] = [];
  for (let f = 0; f < SPAM_CV_FOLDS; f++) {
    onFold?.(f);
    const rows = train.filter((_, i) => folds[i] !== f);
    models.push(new LinearModel(trainModel(rows, SPAM_TRAIN, { threshold: 0.5, highThreshold: 0.9, sets: [], command: 'cross-validation fold' })));
  }
  return models;
}

/** Out-of-fold spam probabilities by text for the given training rows (each row by the fold model that never saw it). */
export function spamCvProbabilities(train: readonly TrainRow[], onFold?: (f: number) => void, models = spamFoldModels(train, onFold)): Map<string, number> {
  return new Map(train.map((r) => [r.text, models[foldOf(r.text, SPAM_CV_FOLDS)]!.probability(r.text, r.lex)]));
}

/** The spam model's cross-validation for one eval run: fold models and out-of-fold probabilities of the trained rows found. */
export interface SpamCvState {
  readonly sets: ReadonlyMap<string, readonly Row[]>;
  /** Text hashes the shipped model was trained on. */
  readonly trained: ReadonlySet<string>;
  /** Fold models (empty when no trained rows were found under --data). */
  readonly folds: readonly LinearModel[];
  readonly cv: Map<string, number>;
}

let cvCache: SpamCvState | null = null;
/** Fold models and out-of-fold probabilities for the rows of `sets` the shipped model was trained on (computed once per run). */
export function spamCvState(sets: ReadonlyMap<string, readonly Row[]>, model: LinearModel, progress: (m: string) => void): SpamCvState {
  if (cvCache?.sets === sets) return cvCache;
  const trained = new Set(model.header.trainedTextHashes);
  const rows = spamTrainingRows(sets).filter((r) => trained.has(textHash(r.text)));
  let cv = new Map<string, number>();
  let folds: LinearModel[] = [];
  if (rows.length > 0) {
    progress(`spam model: ${rows.length} rows found were used in training: ${SPAM_CV_FOLDS}-fold cross-validation`);
    folds = spamFoldModels(rows, (f) => progress(`spam model: fold ${f + 1}/${SPAM_CV_FOLDS}`));
    cv = spamCvProbabilities(rows, undefined, folds);
  }
  cvCache = { sets, trained, folds, cv };
  return cvCache;
}

/** Out-of-fold probabilities for the rows of `sets` the shipped model was trained on (computed once per run). */
function trainedRowsCv(sets: ReadonlyMap<string, readonly Row[]>, model: LinearModel, progress: (m: string) => void): Map<string, number> {
  return spamCvState(sets, model, progress).cv;
}

/** The shipped model, answering with out-of-fold probabilities for the texts it was trained on. */
function cvScorer(model: LinearModel, cv: ReadonlyMap<string, number>): SpamScorer {
  return { header: model.header, probability: (text, lex) => cv.get(text) ?? model.probability(text, lex) };
}

/** Flags for the spam set given the model's probability per row (null: no model / not applicable). */
export function spamFlags(rows: readonly Row[], prob: (text: string, i: number) => number | null, t: SpamModelThresholds): boolean[] {
  const rules = createStatelessDetectors(CONFIG, { abuse: false, privacy: false, spamModel: null });
  return rows.map((r, i) => {
    const msg = rowMessage(r.text, i);
    const findings = rules.detect(msg);
    const p = prob(r.text, i);
    if (p !== null) {
      const hinted = findings.some((f) => f.filter === 'spam.link' || f.filter === 'spam.promo');
      // A stand-in scorer that answers the given (e.g. out-of-fold) probability; gating as in the engine.
      const m = detectSpamModel({ header: t, probability: () => p }, r.text, t, hinted);
      if (m) findings.push(m);
    }
    return decide(findings, msg, CONFIG.policy).action !== 'allow';
  });
}

const youtube: Evaluator = async (rows, ctx) => {
  const gold = rows.map((r) => r.label === 'spam');
  const model = loadSpamModel();
  const cv = model ? trainedRowsCv(ctx.sets, model, ctx.progress) : new Map<string, number>();
  const scorer = model ? cvScorer(model, cv) : null;
  const prob = (text: string): number | null => (scorer && spamModelApplies(text) ? scorer.probability(text, NO_LEX) : null);
  const flags = spamFlags(rows, prob, model ? trainedThresholds(model) : { threshold: 1, highThreshold: 1, hintThreshold: 1 });
  const result: SetResult = { ...prf(flags, gold), baselines: await baselineScores(rows.map((r) => r.text), gold, ctx.progress) };
  const seen = rows.filter((r) => cv.has(r.text)).length;
  if (seen > 0) {
    result.cross_validated = true;
    result.cross_validated_rows = seen;
  }
  if (!model) result.note = 'no spam model shipped (filters/models/spam.json): rules only';
  return result;
};

const ABUSIVE_LABELS = new Set(['offensive', 'hate', 'hate_speech', 'offensive_language', 'spam', 'copypasta']);

/** Ordinary chat for the raid replay: the non-abusive, non-spam rows of the other sets. */
export function ordinaryLines(sets: ReadonlyMap<string, readonly Row[]>): string[] {
  const out: string[] = [];
  for (const [name, rows] of sets) {
    if (name === PASTA_SET) continue;
    for (const r of rows) if (!ABUSIVE_LABELS.has(r.label) && r.text.trim()) out.push(r.text);
  }
  return out;
}

const SUFFIXES = [' LUL', '!!', ' 1', ' PogChamp', ' .', ' ok', '?'];
/** The three copies of a pasta: as is, with characters appended, with a small edit in the middle. */
export function pastaCopies(text: string, i: number): [string, string, string] {
  const appended = `${text}${SUFFIXES[i % SUFFIXES.length]}`;
  const cps = [...text];
  const mid = Math.floor(cps.length / 2);
  const edited = [...cps.slice(0, mid), ...cps.slice(mid + 1)].join('');
  return [text, appended, edited];
}

interface ReplayItem {
  at: number;
  user: string;
  text: string;
  pasta: number; // -1 for ordinary chat
}

/** The replay timeline: a pasta every 5 s (copies at +0, +3 s, +6 s), ordinary lines evenly between. */
export function raidTimeline(pastas: readonly string[], ordinary: readonly string[]): ReplayItem[] {
  const items: ReplayItem[] = [];
  const span = Math.max(pastas.length, 1) * 5000;
  pastas.forEach((p, i) => {
    pastaCopies(p, i).forEach((text, k) => items.push({ at: i * 5000 + k * 3000, user: `raider-${i}-${k}`, text, pasta: i }));
  });
  const step = span / Math.max(ordinary.length, 1);
  // 400 ordinary chatters take turns: each speaks every ~400 lines, well under any flood limit.
  ordinary.forEach((text, j) => items.push({ at: Math.floor(j * step) + 1, user: `viewer-${j % 400}`, text, pasta: -1 }));
  return items.sort((a, b) => a.at - b.at);
}

const copypasta: Evaluator = async (rows, ctx: EvalContext) => {
  const pastas = rows.map((r) => r.text);
  const model = loadSpamModel();
  const ordinary = ordinaryLines(ctx.sets);
  ctx.progress(`${PASTA_SET}: replaying ${pastas.length} pastas x 3 users among ${ordinary.length} ordinary lines`);
  const spamModel = model ? cvScorer(model, trainedRowsCv(ctx.sets, model, ctx.progress)) : null;
  const engine = createFilterEngine(CONFIG, { abuse: false, privacy: false, spamModel });
  const timeline = raidTimeline(pastas, ordinary);
  const caught = new Array<boolean>(pastas.length).fill(false);
  let held = 0;
  let heldPasta = 0;
  let falseHolds = 0;
  timeline.forEach((it, i) => {
    const v = engine.check(rowMessage(it.text, i, it.user, it.at), it.at);
    // caught and false holds count what viewers do not see (held or blocked), not flags
    if (v.action === 'allow' || v.action === 'flag') return;
    held++;
    if (it.pasta >= 0) {
      heldPasta++;
      caught[it.pasta] = true;
    } else falseHolds++;
  });
  const recall = pastas.length ? caught.filter(Boolean).length / pastas.length : 0;
  const precision = held ? heldPasta / held : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;

  // Baselines on the same lines: a pasta counts as caught when the word list flags its text.
  ctx.progress(`${PASTA_SET}: baselines (bad-words, obscenity)`);
  const texts = [...pastas, ...ordinary];
  const flags = baselineFlags(texts);
  const baselines: Record<string, Prf & { false_hold_rate: number }> = {};
  for (const [name, f] of Object.entries(flags)) {
    const tp = f.slice(0, pastas.length).filter(Boolean).length;
    const fp = f.slice(pastas.length).filter(Boolean).length;
    const r = pastas.length ? tp / pastas.length : 0;
    const p = tp * 3 + fp ? (tp * 3) / (tp * 3 + fp) : 0;
    baselines[name] = { precision: p, recall: r, f1: p + r ? (2 * p * r) / (p + r) : 0, n: pastas.length, false_hold_rate: ordinary.length ? fp / ordinary.length : 0 };
  }
  return { precision, recall, f1, n: pastas.length, false_hold_rate: ordinary.length ? falseHolds / ordinary.length : 0, ordinary_lines: ordinary.length, baselines };
};

export const spamEvaluators: Record<string, Evaluator> = { [SPAM_SET]: youtube, [PASTA_SET]: copypasta };
