/**
 * The whole filter stage (every detector and the policy: engine.check per message, nowMs advancing
 * with the corpus) over the 200,000-line corpus, median µs a message over several runs; in the same
 * runs, interleaved chunk by chunk, bad-words' `isProfane` and obscenity's `hasMatch` on samples of
 * the same lines (bad-words costs ~0.4 ms a message, so it gets a sample). Also the memory the windowed detectors hold at the
 * end (users tracked, window entries), which their caps bound.
 */
import { Filter } from 'bad-words';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import type { ChatMessage } from '../config/chat.js';
import { FiltersConfigSchema } from '../config/filters-config.js';
import { createFilterEngine } from '../filters/engine.js';
import { median, round } from './stats.js';
import type { BenchFigures, BenchPlugin } from './types.js';

/** µs per call of `fn` over `items` (total time / count); each call's own µs goes into `each` when given. */
function timeEach<T>(items: readonly T[], fn: (x: T) => unknown, each?: number[]): number {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  if (each) {
    for (const x of items) {
      const a = process.hrtime.bigint();
      if (fn(x)) sink++;
      each.push(Number(process.hrtime.bigint() - a) / 1000);
    }
  } else for (const x of items) if (fn(x)) sink++;
  const ns = Number(process.hrtime.bigint() - t0);
  if (sink < 0) throw new Error('unreachable'); // keeps the calls from being optimised away
  return ns / 1000 / Math.max(items.length, 1);
}

export interface FilterRun {
  /** Mean µs a message (total / count). */
  readonly usPerMsg: number;
  /** Median of each message's own µs, and the same for the baselines on their samples. */
  readonly medianUs: number;
  readonly badWordsMedianUs: number;
  readonly obscenityMedianUs: number;
  readonly badWordsUs: number;
  readonly obscenityUs: number;
  readonly memory: { users: number; windowEntries: number };
  readonly actions: Record<string, number>;
}

export interface Baselines {
  readonly badWords: (text: string) => boolean;
  readonly obscenity: (text: string) => boolean;
}

export function createBaselines(): Baselines {
  const badWords = new Filter();
  const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  return { badWords: (t) => badWords.isProfane(t), obscenity: (t) => obscenity.hasMatch(t) };
}

const CHUNKS = 20;

/**
 * One pass of a fresh engine over `corpus` in its own virtual time, interleaved chunk by chunk with
 * the baselines on their samples: on a machine shared with other work, all three then see the same
 * load and their ratio stays meaningful even when the absolute figures drift.
 */
export function runFilters(corpus: readonly ChatMessage[], base?: Baselines, bwSample: readonly string[] = [], obSample: readonly string[] = []): FilterRun {
  const engine = createFilterEngine(FiltersConfigSchema.parse({}));
  const actions: Record<string, number> = { allow: 0, hold: 0, block: 0 };
  let filtersUs = 0;
  let bwUs = 0;
  let obUs = 0;
  const each: number[] = [];
  const bwEach: number[] = [];
  const obEach: number[] = [];
  const size = Math.ceil(corpus.length / CHUNKS);
  const bwSize = Math.ceil(bwSample.length / CHUNKS);
  const obSize = Math.ceil(obSample.length / CHUNKS);
  for (let c = 0; c < CHUNKS; c++) {
    const chunk = corpus.slice(c * size, (c + 1) * size);
    filtersUs +=
      timeEach(chunk, (m) => {
        const v = engine.check(m, m.receivedAt);
        actions[v.action]!++;
        return v.action !== 'allow';
      }, each) * chunk.length;
    if (base) {
      const bw = bwSample.slice(c * bwSize, (c + 1) * bwSize);
      const ob = obSample.slice(c * obSize, (c + 1) * obSize);
      bwUs += timeEach(bw, base.badWords, bwEach) * bw.length;
      obUs += timeEach(ob, base.obscenity, obEach) * ob.length;
    }
  }
  return {
    usPerMsg: filtersUs / Math.max(corpus.length, 1),
    medianUs: median(each),
    badWordsMedianUs: median(bwEach),
    obscenityMedianUs: median(obEach),
    badWordsUs: bwUs / Math.max(bwSample.length, 1),
    obscenityUs: obUs / Math.max(obSample.length, 1),
    memory: engine.memory(),
    actions,
  };
}

export const benchFilters: BenchPlugin = async (ctx) => {
  const corpus = await ctx.corpus();
  const runs = ctx.quick ? 3 : 5;
  const base = createBaselines();
  // Samples of the same lines: bad-words costs ~0.4 ms a message, so it gets 1,000 a run; obscenity 5,000.
  const pick = (n: number, offset: number): string[] => {
    const step = Math.max(1, Math.floor(corpus.length / n));
    const out: string[] = [];
    for (let i = offset % step; i < corpus.length && out.length < n; i += step) out.push(corpus[i]!.text);
    return out;
  };
  runFilters(corpus.slice(0, 20_000), base, pick(200, 0), pick(1000, 0)); // warm-up: JIT, lexicon and model loading
  const results: FilterRun[] = [];
  for (let i = 0; i < runs; i++) results.push(runFilters(corpus, base, pick(ctx.quick ? 300 : 1000, i), pick(5000, i)));
  // The figure is the median cost of a message; the mean (throughput) is printed beside it.
  const filtersUs = median(results.map((r) => r.medianUs));
  const meanUs = median(results.map((r) => r.usPerMsg));
  const badUs = median(results.map((r) => r.badWordsMedianUs));
  const obsUs = median(results.map((r) => r.obscenityMedianUs));
  const vsBad = median(results.map((r) => r.badWordsMedianUs / r.medianUs));
  const vsObs = median(results.map((r) => r.obscenityMedianUs / r.medianUs));
  const vsBadMean = median(results.map((r) => r.badWordsUs / r.usPerMsg));
  const vsObsMean = median(results.map((r) => r.obscenityUs / r.usPerMsg));
  const last = results[results.length - 1]!;

  ctx.log(`   ${corpus.length} messages x ${runs} runs: median ${filtersUs.toFixed(2)} µs a message (per-run medians: ${results.map((r) => r.medianUs.toFixed(2)).join(', ')}); mean ${meanUs.toFixed(2)} µs`);
  ctx.log(`   verdicts per run: allow ${last.actions['allow']}, hold ${last.actions['hold']}, block ${last.actions['block']}`);
  ctx.log(`   same runs, interleaved (medians a message): bad-words isProfane ${badUs.toFixed(1)} µs → ${vsBad.toFixed(0)}x; obscenity hasMatch ${obsUs.toFixed(2)} µs → ${vsObs.toFixed(1)}x`);
  ctx.log(`   by means instead: ${vsBadMean.toFixed(0)}x bad-words, ${vsObsMean.toFixed(1)}x obscenity`);
  ctx.log(`   windowed memory at the end: ${last.memory.users} users, ${last.memory.windowEntries} window entries`);
  const figures: BenchFigures = {
    filters_us_per_msg: round(filtersUs, 3),
    filters_vs_badwords: round(vsBad, 1),
    filters_vs_obscenity: round(vsObs, 2),
    filters_us_per_msg_mean: round(meanUs, 3),
    filters_memory_users: last.memory.users,
    filters_memory_entries: last.memory.windowEntries,
  };
  return figures;
};
