/**
 * The questions-and-mood stage's cost and memory: classification plus clustering plus mood per
 * message on the 200,000-line corpus, RSS after 1,000,000 messages (the corpus repeated with fresh
 * viewers and times, so windows roll over and state must stay bounded), and the mood alert's
 * latency and false alarms on generated replays in virtual time (scripts/eval/insights.ts).
 */
import type { Annotated, ChatMessage } from '../config/chat.js';
import { InsightsConfigSchema } from '../config/insights-config.js';
import { classify } from '../insights/classify.js';
import { createInsights } from '../server/pipeline/insights-stage.js';
import { runMoodReplays } from '../scripts/eval/insights.js';
import { median, round } from './stats.js';
import type { BenchPlugin } from './types.js';

function annotate(m: ChatMessage): Annotated {
  const c = classify(m.text);
  return { message: m, verdict: { action: 'allow', reasons: [], score: 0 }, lang: c.lang, isQuestion: c.isQuestion, sentiment: c.sentiment };
}

export const benchInsights: BenchPlugin = async (ctx) => {
  const corpus = await ctx.corpus();
  const cfg = InsightsConfigSchema.parse({});
  const runs = ctx.quick ? 1 : 3;

  const classifyUs: number[] = [];
  const totalUs: number[] = [];
  let questions = 0;
  for (let r = 0; r < runs; r++) {
    let t0 = process.hrtime.bigint();
    let sink = 0;
    for (const m of corpus) sink += classify(m.text).sentiment;
    classifyUs.push(Number(process.hrtime.bigint() - t0) / 1000 / corpus.length);
    const ins = createInsights(cfg, []);
    questions = 0;
    t0 = process.hrtime.bigint();
    for (const m of corpus) {
      const a = annotate(m);
      if (a.isQuestion) questions++;
      ins.observe(a, m.receivedAt);
    }
    totalUs.push(Number(process.hrtime.bigint() - t0) / 1000 / corpus.length);
    if (Number.isNaN(sink)) throw new Error('classify returned NaN');
  }
  const us = median(totalUs);
  ctx.log(`insights      ${us.toFixed(2).padStart(8)} µs/msg  classify ${median(classifyUs).toFixed(2)} µs + clusters/mood  (${corpus.length.toLocaleString('en')} lines, ${Math.round((100 * questions) / corpus.length)} % questions)`);

  // 1,000,000 messages: the corpus again and again, fresh viewers and later times each round
  const ins = createInsights(cfg, []);
  const first = corpus[0]?.receivedAt ?? 0;
  const span = (corpus.at(-1)?.receivedAt ?? first) - first + 1000;
  const total = ctx.quick ? 200_000 : 1_000_000;
  for (let i = 0; i < total; i++) {
    const round_ = Math.floor(i / corpus.length);
    const m = corpus[i % corpus.length];
    if (!m) continue;
    const fresh: ChatMessage = { ...m, id: `${m.id}-${round_}`, user: { ...m.user, id: `${m.user.id}-${round_}` }, receivedAt: m.receivedAt + round_ * span };
    ins.observe(annotate(fresh), fresh.receivedAt);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const rss = process.memoryUsage().rss / 2 ** 20;
  const mem = ins.memory();
  ctx.log(`insights      RSS ${rss.toFixed(0)} MB after ${total.toLocaleString('en')} msgs; state: ${mem.clusters} clusters, ${mem.dfTerms} terms, ${mem.moodBuckets} mood buckets, ${mem.angryUsers} angry viewers`);

  // mood alert in virtual time: 10 msg/s, 10 % negative, then doubled; and calm chat for hours
  const rise = runMoodReplays({ rate: 10, p0: 0.1, runs: ctx.quick ? 5 : 20, calmS: 300, riseS: 120, seed: 3 });
  // a rate near one an hour needs hours to read: 20 calm hours (the mood studies use as many), about 10 s
  const calm = runMoodReplays({ rate: 10, p0: 0.1, runs: ctx.quick ? 1 : 20, calmS: 3600, riseS: 0, seed: 5 });
  const latency = rise.latencies.length ? median(rise.latencies) : null;
  const faPerHour = (calm.falseAlarms + rise.falseAlarms) / (calm.calmHours + rise.calmHours);
  ctx.log(
    `mood alert    median ${latency?.toFixed(1) ?? '-'} s after the negative share doubles (${rise.baseShare} → ${rise.riseShare}, 10 msg/s, ${rise.missed} missed in 120 s); ${faPerHour.toFixed(2)} false alarms/h over ${(calm.calmHours + rise.calmHours).toFixed(1)} h calm`,
  );
  return {
    insights_us_per_msg: round(us, 3),
    classify_us_per_msg: round(median(classifyUs), 3),
    rss_mb_after_1m_msgs: ctx.quick ? null : round(rss, 1),
    mood_alert_latency_s: latency === null ? null : round(latency, 1),
    mood_false_alarms_per_hour: round(faPerHour, 2),
  };
};
