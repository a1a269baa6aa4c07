/** Scorers for the questions, clustering and sentiment sets (filled in by the questions-and-mood work). */
import type { Evaluator } from './types.js';

export const insightsEvaluators: Record<string, Evaluator> = {};
