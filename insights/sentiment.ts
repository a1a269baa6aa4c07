/**
 * Per-message sentiment, -1 (very negative) .. +1 (very positive): the lexicon's score
 * (insights/sentiment-score.ts over insights/sentiment-tables.ts), and for English lines (no Han
 * characters) of MODEL_MIN_WORDS words or more the shipped model's verdict on "negative"
 * (insights/sentiment-model.ts, features in insights/sentiment-features.ts).
 *
 * Stateless: a `SentimentScorer` holds the loaded tables and model (immutable) and every call is
 * independent of the ones before. `scoreSentiment` uses the shipped ones, loaded once.
 *
 * Example: scoreSentiment('质量不错，就是物流太慢') < 0; scoreSentiment('not bad at all') > 0.
 */
import { hasHan as textHasHan } from '../config/script.js';
import type { FeatureSource } from '../filters/model.js';
import { loadSentimentModel, type SentimentModel } from './sentiment-model.js';
import { lexiconDetailInto, type LexiconDetailOut } from './sentiment-score.js';
import { sentimentTables, type SentimentTables } from './sentiment-tables.js';

export { NEGATIVE_THRESHOLD, isNegative, lexiconDetail, lexiconScore, type LexiconDetail } from './sentiment-score.js';
export { MODEL_MIN_WORDS, TRAIN_MIN_WORDS, VETO_MIN_WORDS, DENSE_FEATURES, featurizeEn, fillVectorFeatures, newFeatureBuffers } from './sentiment-features.js';
export { SentimentModel, abuseModelId, loadSentimentModel, parseSentimentModel, type SentimentModelFile } from './sentiment-model.js';

/** Scores chat lines with a fixed set of tables and model. */
export interface SentimentScorer {
  /**
   * -1..+1; `hasHan` when the caller already knows whether the line has Han characters; `source`:
   * the prepared message whose English model features are those of `text` (read only if needed).
   */
  score(text: string, hasHan?: boolean, source?: FeatureSource): number;
}

export function createSentimentScorer(tables: SentimentTables, model: SentimentModel | null): SentimentScorer {
  // the lexicon's details of the line being scored: read within the call only (scoring is synchronous)
  const detail: LexiconDetailOut = { score: 0, posSum: 0, negSum: 0, negations: 0, contrasted: false };
  return {
    score(text, hasHan, source) {
      const wordBound = lexiconDetailInto(text, tables, detail);
      // a line with fewer words than the model's minimum is the lexicon's alone (adjust's answer without
      // featurizing): the pass's bound says so for most chat lines
      if (!model || wordBound < model.header.minWords || (hasHan ?? textHasHan(text))) return detail.score;
      return model.adjust(text, detail, source);
    },
  };
}

let shipped: SentimentScorer | null = null;
/** The scorer of the shipped lexicons and model, built on first call. */
export function shippedSentiment(): SentimentScorer {
  shipped ??= createSentimentScorer(sentimentTables(), loadSentimentModel());
  return shipped;
}

/** Sentiment of a chat line with the shipped lexicons and model (see SentimentModel.adjust). */
export function scoreSentiment(text: string, hasHan?: boolean): number {
  return shippedSentiment().score(text, hasHan);
}
