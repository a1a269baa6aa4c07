/**
 * The whole filter stage (every detector and the policy: engine.check per message, nowMs advancing
 * with the corpus) over the 200,000-line corpus, median µs a message over several runs; in the same
 * run bad-words' `isProfane` and obscenity's `hasMatch` on a sample of the same lines (bad-words
 * costs ~0.4 ms a message, so it gets a sample). Also the memory the windowed detectors hold at the
 * end (users tracked, window entries), which their caps bound.
 */
import { Filter } from 'bad-words';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import type { ChatMessage } from '../config/chat.js';
import { FiltersConfigSchema } from '../config/filters-config.js';
import { createFilterEngine } from '../filters/engine.js';
import { median, round } from './stats.js';
import type { BenchFigures, BenchPlugin } from './types.js';

/** µs per call of `fn` over `items`. */
function timeEach<T>(items: readonly T[], fn: (x: T) => unknown): number {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (const x of items) if (fn(x)) sink++;
  const ns = Number(process.hrtime.bigint() - t0);
  if (sink < 0) throw new Error('unreachable'); // keeps the calls from being optimised away
  return ns / 1000 / Math.max(items.length, 1);
}

export interface FilterRun {
  readonly usPerMsg: number;
  readonly memory: { users: number; windowEntries: number };
  readonly actions: Record<string, number>;
}

/** One pass of a fresh engine over `corpus` in its own virtual time. */
export function runFilters(corpus: readonly ChatMessage[]): FilterRun {
  const engine = createFilterEngine(FiltersConfigSchema.parse({}));
  const actions: Record<string, number> = { allow: 0, hold: 0, block: 0 };
  const us = timeEach(corpus, (m) => {
    const v = engine.check(m, m.receivedAt);
    actions[v.action]!++;
    return v.action !== 'allow';
  });
  return { usPerMsg: us, memory: engine.memory(), actions };
}

export const benchFilters: BenchPlugin = async (ctx) => {
  const corpus = await ctx.corpus();
  const runs = ctx.quick ? 3 : 5;
  runFilters(corpus.slice(0, 20_000)); // warm-up: JIT, lexicon and model loading
  const results: FilterRun[] = [];
  for (let i = 0; i < runs; i++) results.push(runFilters(corpus));
  const filtersUs = median(results.map((r) => r.usPerMsg));
  const last = results[results.length - 1]!;

  const step = Math.max(1, Math.floor(corpus.length / (ctx.quick ? 1000 : 5000)));
  const sample = corpus.filter((_, i) => i % step === 0).map((m) => m.text);
  const badWords = new Filter();
  const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  timeEach(sample.slice(0, 200), (t) => badWords.isProfane(t));
  timeEach(sample.slice(0, 200), (t) => obscenity.hasMatch(t));
  const badUs = median([0, 1, 2].map(() => timeEach(sample, (t) => badWords.isProfane(t))));
  const obsUs = median([0, 1, 2, 3, 4].map(() => timeEach(sample, (t) => obscenity.hasMatch(t))));

  ctx.log(`   ${corpus.length} messages x ${runs} runs: median ${filtersUs.toFixed(2)} µs a message (runs: ${results.map((r) => r.usPerMsg.toFixed(2)).join(', ')})`);
  ctx.log(`   verdicts per run: allow ${last.actions['allow']}, hold ${last.actions['hold']}, block ${last.actions['block']}`);
  ctx.log(`   bad-words isProfane ${badUs.toFixed(1)} µs (${sample.length} lines) → ${(badUs / filtersUs).toFixed(0)}x; obscenity hasMatch ${obsUs.toFixed(2)} µs → ${(obsUs / filtersUs).toFixed(1)}x`);
  ctx.log(`   windowed memory at the end: ${last.memory.users} users, ${last.memory.windowEntries} window entries`);
  const figures: BenchFigures = {
    filters_us_per_msg: round(filtersUs, 3),
    filters_vs_badwords: round(badUs / filtersUs, 1),
    filters_vs_obscenity: round(obsUs / filtersUs, 2),
    filters_memory_users: last.memory.users,
    filters_memory_entries: last.memory.windowEntries,
  };
  return figures;
};
