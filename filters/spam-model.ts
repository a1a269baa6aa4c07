/**
 * The spam model: a logistic regression over the same hashed character and word n-grams as the
 * abuse model (filters/model.ts), trained on labeled YouTube comments by scripts/train-spam.ts and
 * shipped as filters/models/spam.json (its header names the training rows and the command). It
 * catches the self-promotion the phrase list misses ("Hey guys go to check my video name ...").
 * Ignores: texts with fewer than 20 Latin letters, or 40 when no rule found a link or promotion phrase
 * (chat one-liners; the rules speak for those), and
 * Chinese text (no Chinese spam data to train on: the Chinese phrase list covers it).
 */
import { readFileSync } from 'node:fs';
import type { Finding } from '../config/chat.js';
import { parseModelFile, type FeatureSource, type LexSignal, type LinearModel } from './model.js';

/** What the engine needs from a spam model (LinearModel, or the eval's cross-validated stand-in). */
export interface SpamScorer {
  readonly header: { readonly threshold: number; readonly highThreshold: number };
  probability(text: string, lex: LexSignal): number;
  /** The same from the text's English features (filters/features.ts), when the scorer can (LinearModel). */
  probabilityOf?(features: Int32Array, lex: LexSignal): number;
}

const NO_LEX: LexSignal = { low: false, medium: false, high: false };
const MIN_LETTERS = 20;
/** Without a rule hint the model only speaks on longer texts: short shop chat ("is there free shipping over 50") looks like YouTube promotion to it. */
const ALONE_LETTERS = 40;

export function spamModelUrl(): URL {
  return new URL('./models/spam.json', import.meta.url);
}

let shipped: LinearModel | null | undefined;
/** The shipped spam model, or null before the first training run. */
export function loadSpamModel(): LinearModel | null {
  if (shipped !== undefined) return shipped;
  try {
    shipped = parseModelFile(readFileSync(spamModelUrl(), 'utf8'), 'filters/models/spam.json');
  } catch (err) {
    // Expected before the first training run: spam then relies on the rules alone.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    shipped = null;
  }
  return shipped;
}

/** Latin letters in `text`, counting up to `enough`; -1 when the text has Han characters. */
function latinLetters(text: string, enough: number): number {
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff) return -1;
    if ((c | 32) >= 0x61 && (c | 32) <= 0x7a && ++latin >= enough) return latin;
  }
  return latin;
}

/** True when the text is long enough and Latin enough for the model to have a say (with a rule hint). */
export function spamModelApplies(text: string): boolean {
  return latinLetters(text, MIN_LETTERS) >= MIN_LETTERS;
}

/** Probability that `text` is spam, or null when the model does not apply. */
export function spamProbability(model: SpamScorer, text: string): number | null {
  return spamModelApplies(text) ? model.probability(text, NO_LEX) : null;
}

/** Thresholds for one model: alone, and when a rule already saw a hint (a link or a promotion phrase). */
export interface SpamModelThresholds {
  readonly threshold: number;
  readonly highThreshold: number;
  readonly hintThreshold: number;
}

/** The thresholds chosen at training time (header; the hint threshold is kept in header.cv). */
export function trainedThresholds(model: SpamScorer & { header: { cv?: Record<string, unknown> } }): SpamModelThresholds {
  const hint = model.header.cv?.['hint_threshold'];
  return { threshold: model.header.threshold, highThreshold: model.header.highThreshold, hintThreshold: typeof hint === 'number' ? hint : model.header.threshold };
}

/**
 * 'spam.model' when the probability reaches `threshold`, or `hintThreshold` when the rules already
 * found a hint (a plain link or a weak promotion phrase: each allowed alone, suspicious together
 * with a model that leans towards spam). High at `highThreshold`.
 */
/** `source`: the prepared message whose `enFeatures` are those of `text` (shared with the abuse model). */
export function detectSpamModel(model: SpamScorer, text: string, t: SpamModelThresholds, hinted = false, source?: FeatureSource): Finding | null {
  const need = hinted ? MIN_LETTERS : ALONE_LETTERS;
  // a letter is one UTF-16 unit: a shorter text cannot have enough (most chat lines stop here)
  if (text.length < need || latinLetters(text, need) < need) return null;
  const p = source && model.probabilityOf ? model.probabilityOf(source.enFeatures, NO_LEX) : model.probability(text, NO_LEX);
  if (p < (hinted ? Math.min(t.hintThreshold, t.threshold) : t.threshold)) return null;
  return { filter: 'spam.model', severity: p >= t.highThreshold ? 'high' : 'medium', detail: `spam model: p=${p.toFixed(2)}${p < t.threshold ? ' with a link or promotion' : ''}`, score: p };
}
