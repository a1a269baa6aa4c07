/** Scorers for the spam and copypasta sets (filled in by the spam-filters work). */
import type { Evaluator } from './types.js';

export const spamEvaluators: Record<string, Evaluator> = {};
