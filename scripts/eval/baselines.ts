/**
 * The two word-list tools a streamer would pick instead, scored on the same rows:
 * bad-words alone (`new Filter().isProfane`) and obscenity alone (English dataset with the
 * recommended transformers, `hasMatch`). Also their cost per message, for the record.
 */
import { Filter } from 'bad-words';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import { prf } from '../train/model-train.js';
import type { Prf } from './types.js';

let badWords: Filter | null = null;
let obscenity: RegExpMatcher | null = null;

/** Flags per text for each baseline. bad-words costs ~0.4 ms a message: fine for a few thousand rows. */
export function baselineFlags(texts: readonly string[]): { 'bad-words': boolean[]; obscenity: boolean[] } {
  badWords ??= new Filter();
  obscenity ??= new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const bw = badWords;
  const ob = obscenity;
  return { 'bad-words': texts.map((t) => bw.isProfane(t)), obscenity: texts.map((t) => ob.hasMatch(t)) };
}

export async function baselineScores(texts: readonly string[], gold: readonly boolean[], progress: (m: string) => void): Promise<Record<string, Prf>> {
  progress('baselines (bad-words, obscenity)');
  const flags = baselineFlags(texts);
  return { 'bad-words': prf(flags['bad-words'], gold), obscenity: prf(flags.obscenity, gold) };
}
