/**
 * Scorers for the abuse sets (en-offensive-olid, en-hate-hateval, en-hate-offensive-davidson,
 * zh-offensive-cold). A row counts as flagged when the abuse detectors' findings make the default
 * policy (filters/policy.ts) hold or block it. Rows the shipped model was trained on (their text
 * hash is in the weights header) are scored by k-fold cross-validation: the model is retrained per
 * fold in this run, deterministically, on the trained rows found under --data, and the row is
 * scored by the fold model that never saw it ("cross_validated": true). Unseen rows (the hidden test
 * halves) go through the shipped model, the product path.
 */
import type { ChatMessage, Finding } from '../../config/chat.js';
import { PolicySchema } from '../../config/filters-config.js';
import { createAbuseDetectors, type AbuseDetectors } from '../../filters/abuse.js';
import { LinearModel, createAbuseModels, loadShippedModels, textHash, type LinearModel as Model, type ModelLang } from '../../filters/model.js';
import { DEFAULT_TRAIN, foldOf, prf, trainModel, type TrainOptions, type TrainRow } from '../train/model-train.js';
import { modelThresholds } from '../../filters/engine.js';
import { decide, type PolicyContext } from '../../filters/policy.js';
import { DEFAULT_SENSITIVITY } from '../../filters/sensitivity.js';
import { CHAT_SET, CV_FOLDS, lexiconSignals, trainingRows } from '../train-model.js';
import { ABUSE_SETS } from './abuse-sets.js';
import { baselineScores } from './baselines.js';
import type { EvalContext, Evaluator, Row, SetResult } from './types.js';

const POLICY = PolicySchema.parse({});
const NO_ROLES: Pick<ChatMessage, 'user'> = { user: { id: 'eval', name: 'eval', displayName: 'eval', roles: [] } };

/** The default levels, with the shipped models' per-level thresholds (fold models score like the shipped one). */
const CONTEXT: PolicyContext = { levels: DEFAULT_SENSITIVITY, thresholds: modelThresholds(loadShippedModels()) };

/** True when the default policy flags, holds or blocks a message with these findings (the detectors caught it). */
export function flaggedByPolicy(findings: readonly Finding[]): boolean {
  return findings.length > 0 && decide(findings, NO_ROLES, POLICY, CONTEXT).action !== 'allow';
}

/**
 * Fewer trained rows than this under --data (say a test folder sharing a few duplicate texts with
 * the dev half) cannot retrain a meaningful fold model: those seen rows are left out of the score
 * (reported as seen_rows_excluded) rather than scored by a model that trained on them.
 */
export const MIN_CV_ROWS = 200;

export interface CvState {
  /** Detectors whose model for `lang` is the fold model, by fold. */
  readonly foldDetectors: AbuseDetectors[];
  /** The fold models themselves (fold f never saw the trained rows with foldOf(text) === f). */
  readonly foldModels: Model[];
  readonly trained: ReadonlySet<string>;
  /** Trained rows found under --data that the folds were trained on. */
  readonly rows: number;
}

const cvCache = new WeakMap<EvalContext['sets'], Map<ModelLang, CvState | null>>();

/**
 * Trains the k fold models for one language once per eval run (rows: the trained rows found under
 * --data); null when the language has no shipped model or too few trained rows are found. Shared by
 * the per-set scores and the live-stream replay (scripts/eval/stream-models.ts).
 */
export function cvState(lang: ModelLang, ctx: EvalContext): CvState | null {
  let byLang = cvCache.get(ctx.sets);
  if (!byLang) {
    byLang = new Map();
    cvCache.set(ctx.sets, byLang);
  }
  if (byLang.has(lang)) return byLang.get(lang) ?? null;
  const shipped = loadShippedModels();
  const model = lang === 'en' ? shipped.en : shipped.zh;
  if (!model) {
    byLang.set(lang, null);
    return null;
  }
  const trained = new Set(model.header.trainedTextHashes);
  const rows: TrainRow[] = trainingRows(ctx.sets, lang, lexiconSignals()).filter((r) => trained.has(textHash(r.text)));
  if (rows.filter((r) => r.set !== CHAT_SET).length < MIN_CV_ROWS) {
    byLang.set(lang, null);
    return null;
  }
  const opts: TrainOptions = { ...DEFAULT_TRAIN[lang], bits: model.header.bits, seed: model.header.seed, epochs: model.header.epochs };
  const foldDetectors: AbuseDetectors[] = [];
  const foldModels: Model[] = [];
  for (let f = 0; f < CV_FOLDS; f++) {
    ctx.progress(`${lang} model: cross-validation fold ${f + 1}/${CV_FOLDS} (${rows.length} trained rows found)`);
    const file = trainModel(
      rows.filter((r) => foldOf(r.text, CV_FOLDS) !== f),
      opts,
      { threshold: model.header.threshold, highThreshold: model.header.highThreshold, sets: model.header.sets, command: 'eval fold' },
    );
    const foldModel: Model = new LinearModel(file);
    foldModels.push(foldModel);
    const models = lang === 'en' ? createAbuseModels(foldModel, shipped.zh) : createAbuseModels(shipped.en, foldModel);
    foldDetectors.push(createAbuseDetectors({ blockedTerms: [], allowedTerms: [], models }));
  }
  const state: CvState = { foldDetectors, foldModels, trained, rows: rows.length };
  byLang.set(lang, state);
  return state;
}

/** Scores one abuse set: detectors (with cross-validation for trained rows) and the two baselines. */
export async function scoreAbuseSet(name: string, rows: readonly Row[], ctx: EvalContext): Promise<SetResult> {
  const spec = ABUSE_SETS[name];
  if (!spec) throw new Error(`not an abuse set: ${name}`);
  const product = createAbuseDetectors({ blockedTerms: [], allowedTerms: [] });
  const shipped = loadShippedModels()[spec.lang];
  const trainedHashes = new Set(shipped?.header.trainedTextHashes ?? []);
  // Fold models are trained only when this set has rows the shipped model has seen.
  const cv = rows.some((r) => trainedHashes.has(textHash(r.text))) ? cvState(spec.lang, ctx) : null;
  const gold: boolean[] = [];
  const pred: boolean[] = [];
  const texts: string[] = [];
  let crossValidated = 0;
  let excluded = 0;
  for (let i = 0; i < rows.length; i++) {
    const text = rows[i]!.text;
    let det = product;
    if (trainedHashes.has(textHash(text))) {
      if (!cv) {
        excluded++;
        continue;
      }
      det = cv.foldDetectors[foldOf(text, CV_FOLDS)]!;
      crossValidated++;
    }
    texts.push(text);
    gold.push(spec.positive(rows[i]!.label));
    pred.push(flaggedByPolicy(det.detect(text)));
    if (i % 250 === 0) ctx.progress(`${name}: ${i}/${rows.length}`);
  }
  const baselines = await baselineScores(texts, gold, (m) => ctx.progress(`${name}: ${m}`));
  return {
    ...prf(pred, gold),
    baselines,
    cross_validated: crossValidated > 0,
    ...(crossValidated > 0 ? { cross_validated_rows: crossValidated, cv_training_rows: cv?.rows ?? 0 } : {}),
    ...(excluded > 0 ? { seen_rows_excluded: excluded } : {}),
  };
}

export const abuseEvaluators: Record<string, Evaluator> = Object.fromEntries(
  Object.keys(ABUSE_SETS).map((name) => [name, (rows: readonly Row[], ctx: EvalContext) => scoreAbuseSet(name, rows, ctx)]),
);
