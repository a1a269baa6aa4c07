/**
 * The whole pipeline's cost per message (filters, classification, and the questions-and-mood stage
 * when present) on the 200,000-line corpus, next to bad-words' own `isProfane` on the same lines.
 */
import { Filter } from 'bad-words';
import { Subject } from 'rxjs';
import type { Annotated, ChatMessage } from '../config/chat.js';
import { parseConfig } from '../server/config-load.js';
import { createFilterEngine } from '../filters/engine.js';
import { newCounters, pipeline } from '../server/pipeline/pipeline.js';
import { bar, median, round } from './stats.js';
import type { BenchPlugin } from './types.js';

type InsightsFactory = (cfg: unknown, faq: unknown[]) => { observe(a: Annotated, now: number): void };

async function loadInsights(): Promise<InsightsFactory | null> {
  try {
    // Imported by path at run time so this bench also runs before the questions-and-mood stage exists.
    const path = '../server/pipeline/insights-stage.js';
    const mod = (await import(path)) as { createInsights?: InsightsFactory };
    return mod.createInsights ?? null;
  } catch {
    return null;
  }
}

export const benchPipeline: BenchPlugin = async (ctx) => {
  const corpus = await ctx.corpus();
  const config = parseConfig({}, 'bench');
  const createInsights = await loadInsights();
  const runs = ctx.quick ? 2 : 5;
  const perMsg: number[] = [];
  const medians: number[] = [];
  const p99s: number[] = [];
  const each = new Float64Array(corpus.length);
  for (let r = 0; r < runs; r++) {
    let virtualNow = 0;
    const scheduler = { now: () => virtualNow, schedule: () => ({ unsubscribe() {} }) } as never;
    const engine = createFilterEngine(config.filters);
    const insights = createInsights?.(config.insights, []) ?? null;
    const counters = newCounters();
    const input = new Subject<ChatMessage>();
    let seen = 0;
    input.pipe(pipeline(engine, counters, scheduler)).subscribe((a) => {
      seen++;
      if (a.verdict.action === 'allow') insights?.observe(a, virtualNow);
    });
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < corpus.length; i++) {
      const m = corpus[i] as ChatMessage;
      virtualNow = m.receivedAt;
      const a = process.hrtime.bigint();
      input.next(m);
      each[i] = Number(process.hrtime.bigint() - a);
    }
    const ns = Number(process.hrtime.bigint() - t0);
    const sorted = Float64Array.from(each).sort();
    medians.push((sorted[Math.floor(sorted.length / 2)] as number) / 1000);
    p99s.push((sorted[Math.floor(sorted.length * 0.99)] as number) / 1000);
    if (seen !== corpus.length || counters.in !== counters.allowed + counters.flagged + counters.held + counters.blocked) throw new Error('pipeline lost messages during the bench');
    perMsg.push(ns / 1000 / corpus.length);
  }
  // Per message: the median of each message's own time (the issues' figure); the mean gives throughput.
  const us = median(medians);
  const meanUs = median(perMsg);
  const p99 = median(p99s);

  // bad-words' matcher is slow: time it on a sample of the same lines.
  const filter = new Filter();
  const sample = corpus.filter((_, i) => i % Math.ceil(corpus.length / (ctx.quick ? 1000 : 5000)) === 0);
  const t0 = process.hrtime.bigint();
  let flagged = 0;
  for (const m of sample) if (filter.isProfane(m.text)) flagged++;
  const badwordsUs = Number(process.hrtime.bigint() - t0) / 1000 / sample.length;

  const ratio = badwordsUs / us;
  ctx.log(`pipeline      ${us.toFixed(2).padStart(8)} µs/msg median, mean ${meanUs.toFixed(2)}, p99 ${p99.toFixed(1)}  ${bar(us, badwordsUs)}  ${Math.round(1e6 / meanUs).toLocaleString('en')} msg/s  (${corpus.length.toLocaleString('en')} lines, ${runs} runs${createInsights ? ', questions+mood included' : ''})`);
  ctx.log(`bad-words    ${badwordsUs.toFixed(2).padStart(8)} µs/msg  ${bar(badwordsUs, badwordsUs)}  isProfane on ${sample.length} sampled lines (${flagged} flagged)`);
  ctx.log(`             pipeline is ${round(ratio, 1)}× faster than bad-words alone`);
  return {
    pipeline_us_per_msg: round(us, 3),
    pipeline_msgs_per_s: Math.round(1e6 / meanUs),
    pipeline_vs_badwords: round(ratio, 1),
    pipeline_us_per_msg_mean: round(meanUs, 3),
    pipeline_us_per_msg_p99: round(p99, 2),
  };
};
