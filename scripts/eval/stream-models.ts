/**
 * Honest model scores for the live-stream replay. The shipped abuse models (abuse-en.json,
 * abuse-zh.json) and the spam model (spam.json) were trained on the dev halves the stream is built
 * from; their headers list the hashes of the training texts. A stream line whose source row was
 * trained on is scored by the cross-validation fold model that never saw that row (the same fold
 * models the per-set scores use: scripts/eval/abuse.ts cvState, scripts/eval/spam.ts spamCvState,
 * trained once per run); any other text by the shipped model, the product path.
 *
 * Routing is by the row's original text (StreamLine.origin: before tweet artefacts were stripped
 * or a raid copy edited), so a cleaned-up trained row is still kept away from the shipped model.
 * A trained row with no fold model (too few trained rows under --data to retrain) gets no model
 * score at all (lexicons and rules only) and is counted in `unscored`.
 */
import type { Finding } from '../../config/chat.js';
import { createAbuseModels, loadShippedModels, textHash, type AbuseModels, type LexSignal, type LinearModel } from '../../filters/model.js';
import { foldOf } from '../train/model-train.js';
import { loadSpamModel, type SpamScorer } from '../../filters/spam-model.js';
import { CV_FOLDS } from '../train-model.js';
import { cvState } from './abuse.js';
import { SPAM_CV_FOLDS, spamCvState } from './spam.js';
import type { EvalContext } from './types.js';

/** What a fold router needs for one model: the trained hashes and the k fold scorers (empty: none). */
export interface FoldRoute<S> {
  readonly trained: ReadonlySet<string>;
  readonly folds: readonly S[];
  readonly k: number;
}

/**
 * The trained text a chat line stands for: its origin row when that was trained on, else the line
 * itself when it happens to equal a trained text (a cleaned-up tweet that became a trained chat
 * line); null when neither was trained on. Its fold is the fold that never saw it.
 */
function trainedKey<S>(route: FoldRoute<S>, text: string, origin: (text: string) => string): string | null {
  const o = origin(text);
  if (route.trained.has(textHash(o))) return o;
  if (o !== text && route.trained.has(textHash(text))) return text;
  return null;
}

/** Counts of where the model calls went (for the report and the tests). */
export interface RouteCounts {
  shipped: number;
  fold: number;
  /** Trained texts with no fold model: no model score. */
  unscored: number;
}

export const newRouteCounts = (): RouteCounts => ({ shipped: 0, fold: 0, unscored: 0 });

/**
 * AbuseModels that score a trained text (by origin) with its fold's models and anything else with
 * `shipped`. `routes[lang].folds[f]` is an AbuseModels whose `lang` model is fold f's; a null route
 * (no shipped model for that language) sends everything to `shipped`.
 */
export function routedAbuseModels(
  shipped: AbuseModels,
  routes: { readonly en: FoldRoute<AbuseModels> | null; readonly zh: FoldRoute<AbuseModels> | null },
  origin: (text: string) => string,
  counts: RouteCounts = newRouteCounts(),
): AbuseModels {
  return {
    en: shipped.en,
    zh: shipped.zh,
    score(text: string, hasHan: boolean, lex?: LexSignal): Finding | null {
      const route = routes[hasHan ? 'zh' : 'en'];
      const key = route ? trainedKey(route, text, origin) : null;
      if (!route || key === null) {
        counts.shipped++;
        return shipped.score(text, hasHan, lex);
      }
      if (route.folds.length === 0) {
        counts.unscored++;
        return null;
      }
      counts.fold++;
      return route.folds[foldOf(key, route.k)]!.score(text, hasHan, lex);
    },
  };
}

/** A SpamScorer that answers a trained text (by origin) with its fold model, anything else with `shipped`. */
export function routedSpamScorer(
  shipped: SpamScorer & { readonly header: { readonly cv?: Record<string, unknown> } },
  route: FoldRoute<Pick<SpamScorer, 'probability'>>,
  origin: (text: string) => string,
  counts: RouteCounts = newRouteCounts(),
): SpamScorer & { readonly header: { readonly threshold: number; readonly highThreshold: number; readonly cv?: Record<string, unknown> } } {
  return {
    header: shipped.header,
    probability(text, lex) {
      const key = trainedKey(route, text, origin);
      if (key === null) {
        counts.shipped++;
        return shipped.probability(text, lex);
      }
      if (route.folds.length === 0) {
        counts.unscored++;
        return 0;
      }
      counts.fold++;
      return route.folds[foldOf(key, route.k)]!.probability(text, lex);
    },
  };
}

export interface HonestModels {
  readonly abuseModels: AbuseModels;
  readonly spamModel: SpamScorer | null;
  readonly counts: { readonly abuse: RouteCounts; readonly spam: RouteCounts };
}

/** The fold-routed abuse models and spam scorer for the sets under --data (fold models trained once per run). */
export function honestModels(ctx: EvalContext, origin: (text: string) => string): HonestModels {
  const shipped = loadShippedModels();
  const abuseRoute = (lang: 'en' | 'zh', model: LinearModel | null): FoldRoute<AbuseModels> | null => {
    if (!model) return null;
    const cv = cvState(lang, ctx);
    return { trained: new Set(model.header.trainedTextHashes), folds: cv ? cv.foldModels.map((m) => foldAbuseModels(shipped, lang, m)) : [], k: CV_FOLDS };
  };
  const counts = { abuse: newRouteCounts(), spam: newRouteCounts() };
  const abuseModels = routedAbuseModels(shipped, { en: abuseRoute('en', shipped.en), zh: abuseRoute('zh', shipped.zh) }, origin, counts.abuse);
  const spam = loadSpamModel();
  let spamModel: SpamScorer | null = null;
  if (spam) {
    const cv = spamCvState(ctx.sets, spam, ctx.progress);
    spamModel = routedSpamScorer(spam, { trained: cv.trained, folds: cv.folds, k: SPAM_CV_FOLDS }, origin, counts.spam);
  }
  return { abuseModels, spamModel, counts };
}

/** AbuseModels with one language's model replaced by a fold model (the gating of createAbuseModels kept). */
function foldAbuseModels(shipped: AbuseModels, lang: 'en' | 'zh', fold: LinearModel): AbuseModels {
  return createAbuseModels(lang === 'en' ? fold : shipped.en, lang === 'zh' ? fold : shipped.zh);
}
