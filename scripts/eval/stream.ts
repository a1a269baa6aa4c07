/**
 * `npm run eval -- --stream --data DIR [--json] [--examples N]`: moderation judged by what a
 * moderator sees on a realistic mixed live stream. The stream (scripts/eval/stream-build.ts) is
 * played through the server's pipeline() operator (server/pipeline/pipeline.ts) with the filters'
 * clock at each message's chat time, once per sensitivity level (off / low / medium / high, every
 * category at that level), a fresh engine each time, with honest model scores
 * (scripts/eval/stream-models.ts: trained rows scored by their cross-validation fold model).
 *
 * Per level: allowed / flagged / held / blocked per class, false holds on innocent lines (chatter,
 * questions, complaints), how much abuse reached the screen, from which copy each raid was caught,
 * personal data caught, and the moderator's load (holds per chat-minute, pending if nobody decides).
 */
import { asyncScheduler, from, tap } from 'rxjs';
import type { Action, Annotated, Verdict } from '../../config/chat.js';
import { LEVELS, parseFiltersConfig, type Level } from '../../config/filters-config.js';
import { InsightsConfigSchema } from '../../config/insights-config.js';
import { classify } from '../../insights/classify.js';
import { createFilterEngine } from '../../filters/engine.js';
import { createInsights } from '../../server/pipeline/insights-stage.js';
import { newCounters, pipeline, type Clock } from '../../server/pipeline/pipeline.js';
import { DEMO_SOURCE, INNOCENT_CLASSES, STREAM_CLASSES, buildStream, type Stream, type StreamClass, type StreamLine, type StreamOptions } from './stream-build.js';
import { honestModels, type HonestModels } from './stream-models.js';
import type { EvalContext, Row } from './types.js';

export const ACTIONS: readonly Action[] = ['allow', 'flag', 'hold', 'block'];
type Tally = Record<Action, number>;
const newTally = (): Tally => ({ allow: 0, flag: 0, hold: 0, block: 0 });

export interface LevelRun {
  readonly level: Level;
  /** Verdicts parallel to stream.lines. */
  readonly verdicts: readonly Verdict[];
  /** The pipeline's own counters (in = allowed + flagged + held + blocked). */
  readonly counters: ReturnType<typeof newCounters>;
  readonly ms: number;
}

/** The filters config of one level: every category at `level`. */
export function levelConfig(level: Level) {
  return parseFiltersConfig({ sensitivity: { abuse: level, spam: level, links: level, privacy: level, raids: level } });
}

/** Plays the stream through pipeline() with a fresh engine; the filter clock is each message's chat time. */
export function playLevel(stream: Stream, level: Level, models: Pick<HonestModels, 'abuseModels' | 'spamModel'>): LevelRun {
  const t0 = performance.now();
  const engine = createFilterEngine(levelConfig(level), { abuseModels: models.abuseModels, spamModel: models.spamModel });
  let now = 0;
  const clock: Clock = { now: () => now };
  const counters = newCounters();
  const out: Annotated[] = [];
  from(stream.lines.map((l) => l.message))
    .pipe(
      tap((m) => {
        now = m.receivedAt;
      }),
      pipeline(engine, counters, asyncScheduler, clock),
    )
    .subscribe((a) => out.push(a));
  if (out.length !== stream.lines.length) throw new Error(`pipeline gave ${out.length} verdicts for ${stream.lines.length} lines`);
  out.forEach((a, i) => {
    if (a.message !== stream.lines[i]!.message) throw new Error(`pipeline verdict ${i} is for another message`);
  });
  return { level, verdicts: out.map((a) => a.verdict), counters, ms: performance.now() - t0 };
}

/** One level's figures (the JSON keys are documented in README's eval section). */
export interface LevelFigures {
  innocent_hold_rate: number;
  innocent_flag_rate: number;
  question_hold_rate: number;
  abuse_caught_rate: number;
  abuse_flagged_or_caught_rate: number;
  abuse_reached_screen_rate: number;
  spam_caught_rate: number;
  /** Median over raids of the copy number first held or blocked; null when most raids were never caught. */
  raid_first_caught_copy: number | null;
  pii_caught_rate: number;
  holds_per_1000: number;
  holds_per_minute: number;
  /** Extras. */
  complaint_hold_rate: number;
  flags_per_minute: number;
  raids_caught: number;
  raid_first_caught_copies: Array<number | null>;
  peak_pending: number;
  peak_holds_in_a_minute: number;
  rates: Record<StreamClass, Record<Action, number>>;
}

export interface Breakdown {
  /** `${cls}|${action}|${filter}` → count, for innocent lines not allowed. */
  readonly reasons: Map<string, number>;
  /** Same keys → line indices (all, in stream order). */
  readonly lines: Map<string, number[]>;
  /** Innocent held + blocked share by source set. */
  readonly bySource: Map<string, { n: number; held: number }>;
}

const rate = (a: number, n: number): number => (n > 0 ? a / n : 0);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function levelFigures(stream: Stream, run: LevelRun): { figures: LevelFigures; breakdown: Breakdown } {
  const tally = Object.fromEntries(STREAM_CLASSES.map((c) => [c, newTally()])) as Record<StreamClass, Tally>;
  const reasons = new Map<string, number>();
  const lines = new Map<string, number[]>();
  const bySource = new Map<string, { n: number; held: number }>();
  const raids = new Map<number, { copies: number; caught: number | null }>();
  const holdTimes: number[] = [];
  let holds = 0;
  let flags = 0;
  stream.lines.forEach((l: StreamLine, i) => {
    const v = run.verdicts[i]!;
    tally[l.cls][v.action]++;
    if (v.action === 'hold') {
      holds++;
      holdTimes.push(l.message.receivedAt);
    }
    if (v.action === 'flag') flags++;
    const stopped = v.action === 'hold' || v.action === 'block';
    if (INNOCENT_CLASSES.includes(l.cls)) {
      const s = bySource.get(`${l.cls}:${l.source}`) ?? { n: 0, held: 0 };
      s.n++;
      if (stopped) s.held++;
      bySource.set(`${l.cls}:${l.source}`, s);
      if (v.action !== 'allow') {
        const key = `${l.cls}|${v.action}|${v.reasons[0]?.filter ?? '(score)'}`;
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
        const arr = lines.get(key) ?? [];
        arr.push(i);
        lines.set(key, arr);
      }
    }
    if (l.cls === 'raid' && l.raid !== undefined) {
      const r = raids.get(l.raid) ?? { copies: 0, caught: null };
      r.copies++;
      if (stopped && r.caught === null) r.caught = r.copies;
      raids.set(l.raid, r);
    }
  });
  const n = (c: StreamClass): number => ACTIONS.reduce((a, x) => a + tally[c][x], 0);
  const stoppedOf = (c: StreamClass): number => tally[c].hold + tally[c].block;
  const innocentN = INNOCENT_CLASSES.reduce((a, c) => a + n(c), 0);
  const innocentStopped = INNOCENT_CLASSES.reduce((a, c) => a + stoppedOf(c), 0);
  const minutes = Math.max(1, stream.options.durationMs) / 60_000;
  const firsts = [...raids.keys()].sort((a, b) => a - b).map((k) => raids.get(k)!.caught);
  const caughtCopies = firsts.map((c) => c ?? Infinity);
  const med = caughtCopies.length ? median(caughtCopies) : Infinity;
  let peakMinute = 0;
  for (let a = 0, b = 0; b < holdTimes.length; b++) {
    while (holdTimes[b]! - holdTimes[a]! >= 60_000) a++;
    peakMinute = Math.max(peakMinute, b - a + 1);
  }
  const rates = Object.fromEntries(STREAM_CLASSES.map((c) => [c, Object.fromEntries(ACTIONS.map((x) => [x, rate(tally[c][x], n(c))]))])) as Record<StreamClass, Record<Action, number>>;
  const figures: LevelFigures = {
    innocent_hold_rate: rate(stoppedOf('chatter'), n('chatter')),
    innocent_flag_rate: rate(tally.chatter.flag, n('chatter')),
    question_hold_rate: rate(stoppedOf('question'), n('question')),
    abuse_caught_rate: rate(stoppedOf('abuse'), n('abuse')),
    abuse_flagged_or_caught_rate: rate(stoppedOf('abuse') + tally.abuse.flag, n('abuse')),
    abuse_reached_screen_rate: rate(tally.abuse.allow + tally.abuse.flag, n('abuse')),
    spam_caught_rate: rate(stoppedOf('spam'), n('spam')),
    raid_first_caught_copy: Number.isFinite(med) ? med : null,
    pii_caught_rate: rate(stoppedOf('pii'), n('pii')),
    holds_per_1000: innocentN ? (1000 * innocentStopped) / innocentN : 0,
    holds_per_minute: holds / minutes,
    complaint_hold_rate: rate(stoppedOf('complaint'), n('complaint')),
    flags_per_minute: flags / minutes,
    raids_caught: firsts.filter((c) => c !== null).length,
    raid_first_caught_copies: firsts,
    // Nothing leaves the queue unless someone decides: pending only grows, so its peak is the last count.
    peak_pending: holds,
    peak_holds_in_a_minute: peakMinute,
    rates,
  };
  return { figures, breakdown: { reasons, lines, bySource } };
}

/**
 * The demo generator's chatter templates (scripts/generate-demo.ts CHATTER_EN / CHATTER_ZH) that ask
 * the host something, labelled by hand from the template list (not from the detector's output): the
 * demo files them under chatter, but a host answers "whats the song" or acts on "show the back
 * please" like any recurring question. `{p}` stands for a product name; the generator's casual noise
 * (trailing "??" or " pls", a doubled o, lower case) is undone before matching.
 */
export const DEMO_CHATTER_ASKS: readonly string[] = [
  'just got here what did i miss',
  'is that the same one from last week',
  'can you show it again',
  'show the back please',
  'zoom in on the {p}',
  'whats the song',
  'wait is this live',
  '刚来，错过了什么',
  '求上链接',
  '再试一下那个',
  '背景音乐叫什么',
];
const DEMO_ASKS_RE = new RegExp(`^(?:${DEMO_CHATTER_ASKS.map((t) => t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace('{p}', '.+')).join('|')})$`);

/** Does the line ask the host something by the stream's labels (a question, or demo chatter that asks)? */
export function asksByLabel(l: StreamLine): boolean {
  if (l.cls === 'question') return true;
  if (l.cls !== 'chatter' || l.source !== DEMO_SOURCE) return false;
  const t = l.message.text.toLowerCase().replace(/(?:\?\?| pls)$/, '').replace('oo', 'o');
  return DEMO_ASKS_RE.test(t) || DEMO_ASKS_RE.test(l.message.text.toLowerCase().replace(/(?:\?\?| pls)$/, ''));
}

/** A card in a chat-minute's top 5 that is not a real question (for the human report). */
export interface NonQuestionCard {
  readonly minute: number;
  readonly rank: number;
  readonly representative: string;
  readonly askers: number;
  /** Members (kept examples) that are questions in the stream's labels, of all kept. */
  readonly questionMembers: number;
  readonly members: number;
}

export interface TopCards {
  /** Level whose verdicts decided what reached the insights (allowed + flagged lines). */
  readonly level: Level;
  /** Cards seen in the chat-minutes' top 5, and those that were real questions. */
  readonly cards: number;
  readonly real: number;
  /** real / cards (1 when no card was shown). */
  readonly share: number;
  /** The same judged by the stream classes alone (demo chatter that asks counts as chatter). */
  readonly realStrict: number;
  readonly shareStrict: number;
  readonly nonQuestion: readonly NonQuestionCard[];
}

/**
 * Recurring-question cards judged by the stream's labels: the allowed and flagged lines of `run`
 * go through the real insights stage (createInsights, default config) on the chat clock; at the
 * end of each chat-minute the top 5 cards (viewClusters order) are read. A card is a real question
 * when its representative line is labelled a question and so are most of its kept members. A text
 * is labelled by the majority class of the stream lines carrying it.
 */
export function topCardsRealQuestions(stream: Stream, run: LevelRun, top = 5): TopCards {
  const votes = new Map<string, number>();
  const strictVotes = new Map<string, number>();
  for (const l of stream.lines) {
    votes.set(l.message.text, (votes.get(l.message.text) ?? 0) + (asksByLabel(l) ? 1 : -1));
    strictVotes.set(l.message.text, (strictVotes.get(l.message.text) ?? 0) + (l.cls === 'question' ? 1 : -1));
  }
  const isQ = (text: string): boolean => (votes.get(text) ?? 0) > 0;
  const isStrictQ = (text: string): boolean => (strictVotes.get(text) ?? 0) > 0;
  let realStrict = 0;
  const ins = createInsights(InsightsConfigSchema.parse({}), []);
  let cards = 0;
  let real = 0;
  const nonQuestion: NonQuestionCard[] = [];
  let minute = 1;
  const read = (): void => {
    const snap = ins.snapshot(minute * 60_000);
    snap.clusters.slice(0, top).forEach((c, rank) => {
      const members = ins.clusterMembers(c.id);
      const q = members.filter((m) => isQ(m.text)).length;
      cards++;
      if (isStrictQ(c.representative) && 2 * members.filter((m) => isStrictQ(m.text)).length > members.length) realStrict++;
      if (isQ(c.representative) && 2 * q > members.length) real++;
      else nonQuestion.push({ minute, rank: rank + 1, representative: c.representative, askers: c.askers, questionMembers: q, members: members.length });
    });
    minute++;
  };
  stream.lines.forEach((l, i) => {
    const at = l.message.receivedAt;
    while (at >= minute * 60_000) read();
    const v = run.verdicts[i]!;
    if (v.action !== 'allow' && v.action !== 'flag') return;
    const c = classify(l.message.text);
    ins.observe({ message: l.message, verdict: v, lang: c.lang, isQuestion: c.isQuestion, sentiment: c.sentiment }, at);
  });
  while (minute * 60_000 <= stream.options.durationMs) read();
  return { level: run.level, cards, real, share: cards ? real / cards : 1, realStrict, shareStrict: cards ? realStrict / cards : 1, nonQuestion };
}

export interface StreamReport {
  readonly stream: Stream;
  readonly levels: ReadonlyArray<{ level: Level; run: LevelRun; figures: LevelFigures; breakdown: Breakdown }>;
  /** Recurring-question cards at the default level (medium), when it was played. */
  readonly topCards: TopCards | null;
  readonly models: HonestModels['counts'];
  readonly ms: { build: number; models: number; total: number };
}

export interface StreamRunOptions {
  readonly stream?: Partial<StreamOptions>;
  readonly levels?: readonly Level[];
  /** Injected models (tests); default: honest fold-routed models for the sets. */
  readonly models?: HonestModels;
}

/** Builds the stream from `sets`, trains the fold models once, plays every level. */
export function runStream(sets: ReadonlyMap<string, readonly Row[]>, progress: (m: string) => void = () => {}, opts: StreamRunOptions = {}): StreamReport {
  const t0 = performance.now();
  progress('stream: building');
  const stream = buildStream(sets, opts.stream);
  const tBuild = performance.now();
  progress(`stream: ${stream.lines.length} lines, ${stream.viewers} viewers; models (cross-validation folds for trained rows)`);
  const ctx: EvalContext = { sets, progress };
  const models = opts.models ?? honestModels(ctx, (text) => stream.origin.get(text) ?? text);
  const tModels = performance.now();
  const levels = (opts.levels ?? LEVELS).map((level) => {
    progress(`stream: playing at level ${level}`);
    const run = playLevel(stream, level, models);
    progress(`stream: level ${level}: ${stream.lines.length} lines in ${(run.ms / 1000).toFixed(1)} s`);
    return { level, run, ...levelFigures(stream, run) };
  });
  const medium = levels.find((l) => l.level === 'medium');
  progress('stream: recurring-question cards (medium)');
  const topCards = medium ? topCardsRealQuestions(stream, medium.run) : null;
  return { stream, levels, topCards, models: models.counts, ms: { build: tBuild - t0, models: tModels - tBuild, total: performance.now() - t0 } };
}

/** The keys of `stream.<level>` in --json (stable). */
export const STREAM_JSON_KEYS = [
  'innocent_hold_rate',
  'innocent_flag_rate',
  'question_hold_rate',
  'abuse_caught_rate',
  'abuse_flagged_or_caught_rate',
  'abuse_reached_screen_rate',
  'spam_caught_rate',
  'raid_first_caught_copy',
  'pii_caught_rate',
  'holds_per_1000',
  'holds_per_minute',
] as const;

/** The --json object: `{ stream: { lines, viewers, class_counts, ..., off: {...}, low: {...}, ... } }`. */
export function streamJson(r: StreamReport): { stream: Record<string, unknown> } {
  const s = r.stream;
  const out: Record<string, unknown> = {
    lines: s.lines.length,
    viewers: s.viewers,
    class_counts: s.classCounts,
    minutes: s.options.durationMs / 60_000,
    zh_share: rate(s.lines.filter((l) => l.zh).length, s.lines.length),
    seed: s.options.seed,
    sources: s.sources,
    missing_sets: s.missing,
    model_calls: r.models,
    seconds: Math.round(r.ms.total / 100) / 10,
  };
  if (r.topCards) {
    out['top_cards_real_questions'] = r.topCards.share;
    out['top_cards_real_questions_strict'] = r.topCards.shareStrict;
    out['top_cards'] = { level: r.topCards.level, cards: r.topCards.cards, real: r.topCards.real, real_strict: r.topCards.realStrict };
  }
  for (const { level, figures, breakdown } of r.levels) {
    const { rates, ...rest } = figures;
    out[level] = {
      ...rest,
      class_rates: rates,
      innocent_hold_rate_by_source: Object.fromEntries([...breakdown.bySource].map(([k, v]) => [k, rate(v.held, v.n)])),
      innocent_reasons: Object.fromEntries([...breakdown.reasons].sort((a, b) => b[1] - a[1])),
    };
  }
  return { stream: out };
}

// ---- human output --------------------------------------------------------------------------------

const BAR = 20;
function bar(v: number): string {
  const cells = Math.max(0, Math.min(1, v)) * BAR;
  const full = Math.floor(cells);
  const part = ' ▏▎▍▌▋▊▉'[Math.floor((cells - full) * 8)] ?? '';
  return ('█'.repeat(full) + (full < BAR ? part : '')).padEnd(BAR, ' ');
}
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const fmt = (x: number | null, d = 1): string => (x === null ? 'never' : x.toFixed(d));

/** The human report: per class and level the four outcomes with a bar of held + blocked, then the moderator's figures. */
export function formatStream(r: StreamReport): string {
  const s = r.stream;
  const out: string[] = [];
  const zh = rate(s.lines.filter((l) => l.zh).length, s.lines.length);
  out.push(
    `stream: ${s.lines.length.toLocaleString('en')} lines, ${(s.options.durationMs / 60_000).toFixed(0)} chat-minutes, ${s.viewers.toLocaleString('en')} viewers, ${pct(zh)} Chinese, seed ${s.options.seed}`,
  );
  out.push(`  classes: ${STREAM_CLASSES.map((c) => `${c} ${s.classCounts[c]} (${pct(rate(s.classCounts[c], s.lines.length))})`).join(', ')}`);
  out.push(`  sets: ${s.sources.join(', ') || '(none)'}${s.missing.length ? `; missing (left out): ${s.missing.join(', ')}` : ''}`);
  out.push('');
  out.push(`${'class'.padEnd(10)} ${'level'.padEnd(7)} ${'allowed'.padStart(8)} ${'flagged'.padStart(8)} ${'held'.padStart(8)} ${'blocked'.padStart(8)}  held+blocked`);
  for (const c of STREAM_CLASSES) {
    if (!s.classCounts[c]) continue;
    r.levels.forEach(({ level, figures }, i) => {
      const x = figures.rates[c];
      out.push(
        `${(i === 0 ? `${c} ${s.classCounts[c]}` : '').padEnd(10)} ${level.padEnd(7)} ${pct(x.allow).padStart(8)} ${pct(x.flag).padStart(8)} ${pct(x.hold).padStart(8)} ${pct(x.block).padStart(8)}  ${bar(x.hold + x.block)} ${pct(x.hold + x.block)}`,
      );
    });
  }
  out.push('');
  const levels = r.levels.map((l) => l.level);
  out.push(`${'figure'.padEnd(36)} ${levels.map((l) => l.padStart(9)).join(' ')}`);
  const row = (label: string, get: (f: LevelFigures) => string): void => {
    out.push(`${label.padEnd(36)} ${r.levels.map((l) => get(l.figures).padStart(9)).join(' ')}`);
  };
  row('innocent chatter held+blocked', (f) => pct(f.innocent_hold_rate));
  row('innocent chatter flagged', (f) => pct(f.innocent_flag_rate));
  row('questions held+blocked', (f) => pct(f.question_hold_rate));
  row('complaints held+blocked', (f) => pct(f.complaint_hold_rate));
  row('holds per 1,000 innocent lines', (f) => fmt(f.holds_per_1000));
  row('abuse held+blocked', (f) => pct(f.abuse_caught_rate));
  row('abuse reached the screen', (f) => pct(f.abuse_reached_screen_rate));
  row('spam held+blocked', (f) => pct(f.spam_caught_rate));
  row('raids: caught from copy (median)', (f) => fmt(f.raid_first_caught_copy));
  row('raids caught', (f) => `${f.raids_caught}/${f.raid_first_caught_copies.length}`);
  row('personal data held+blocked', (f) => pct(f.pii_caught_rate));
  row('moderator: holds per chat-minute', (f) => fmt(f.holds_per_minute));
  row('moderator: flags per chat-minute', (f) => fmt(f.flags_per_minute));
  row('moderator: peak holds in a minute', (f) => String(f.peak_holds_in_a_minute));
  row('pending if nobody decides (end)', (f) => String(f.peak_pending));
  out.push('');
  out.push('the moderator\'s view per level: holds a chat-minute (bar: 0..30)');
  for (const { level, figures } of r.levels) out.push(`  ${level.padEnd(7)} ${bar(figures.holds_per_minute / 30)} ${fmt(figures.holds_per_minute)}`);
  out.push('');
  out.push('innocent lines held+blocked by source (per level)');
  const sources = [...new Set(r.levels.flatMap((l) => [...l.breakdown.bySource.keys()]))].sort();
  out.push(`  ${'class:source'.padEnd(52)} ${'n'.padStart(6)} ${levels.map((l) => l.padStart(7)).join(' ')}`);
  for (const k of sources) {
    const n = r.levels[0]?.breakdown.bySource.get(k)?.n ?? 0;
    out.push(`  ${k.padEnd(52)} ${String(n).padStart(6)} ${r.levels.map((l) => pct(rate(l.breakdown.bySource.get(k)?.held ?? 0, n)).padStart(7)).join(' ')}`);
  }
  out.push('');
  out.push('why innocent lines were held / blocked / flagged (reasons[0].filter), lines per level');
  const keys = [...new Set(r.levels.flatMap((l) => [...l.breakdown.reasons.keys()]))].sort((a, b) => {
    const tot = (k: string): number => r.levels.reduce((x, l) => x + (l.breakdown.reasons.get(k) ?? 0), 0);
    return tot(b) - tot(a);
  });
  out.push(`  ${'class | outcome | filter'.padEnd(52)} ${levels.map((l) => l.padStart(7)).join(' ')}`);
  for (const k of keys) out.push(`  ${k.replaceAll('|', ' | ').padEnd(52)} ${r.levels.map((l) => String(l.breakdown.reasons.get(k) ?? 0).padStart(7)).join(' ')}`);
  out.push('');
  if (r.topCards) {
    const t = r.topCards;
    out.push(`recurring-question cards (level ${t.level}, top 5 each chat-minute): ${pct(t.share)} real questions (${t.real}/${t.cards}); by the stream classes alone ${pct(t.shareStrict)} (demo chatter that asks the host counted as chatter)`);
    if (t.nonQuestion.length) out.push('  not questions in the top 5 (minute #rank askers, question members/kept): representative');
    for (const c of t.nonQuestion) out.push(`  ${String(c.minute).padStart(3)} #${c.rank} ${String(c.askers).padStart(3)} askers ${c.questionMembers}/${c.members}: ${JSON.stringify(c.representative.length > 100 ? `${c.representative.slice(0, 97)}...` : c.representative)}`);
    out.push('');
  }
  const m = r.models;
  out.push(
    `model calls (all levels): abuse shipped ${m.abuse.shipped}, fold ${m.abuse.fold}, trained-but-no-fold ${m.abuse.unscored}; spam shipped ${m.spam.shipped}, fold ${m.spam.fold}, trained-but-no-fold ${m.spam.unscored}`,
  );
  out.push(`time: build ${(r.ms.build / 1000).toFixed(1)} s, fold models ${(r.ms.models / 1000).toFixed(1)} s, total ${(r.ms.total / 1000).toFixed(1)} s`);
  return out.join('\n');
}

/** N example lines per (class, outcome, filter) for innocent lines, evenly spread over the stream, per level. */
export function formatExamples(r: StreamReport, n: number, levels?: readonly Level[]): string {
  const out: string[] = [`examples (${n} per class | outcome | filter; innocent lines not allowed)`];
  for (const { level, breakdown, run } of r.levels) {
    if (levels && !levels.includes(level)) continue;
    out.push(`level ${level}:`);
    const keys = [...breakdown.lines.keys()].sort((a, b) => breakdown.lines.get(b)!.length - breakdown.lines.get(a)!.length);
    for (const k of keys) {
      const idx = breakdown.lines.get(k)!;
      out.push(`  ${k.replaceAll('|', ' | ')} (${idx.length})`);
      // Distinct texts, evenly spread over the stream (rows repeat once their pool is spent).
      const seen = new Set<string>();
      const distinct = idx.filter((i) => {
        const t = r.stream.lines[i]!.message.text;
        if (seen.has(t)) return false;
        seen.add(t);
        return true;
      });
      const take = Math.min(n, distinct.length);
      for (let j = 0; j < take; j++) {
        const i = distinct[Math.floor((j * distinct.length) / take)]!;
        const l = r.stream.lines[i]!;
        const v = run.verdicts[i]!;
        const text = l.message.text.length > 160 ? `${l.message.text.slice(0, 157)}...` : l.message.text;
        out.push(`    [${l.source}] ${JSON.stringify(text)} — ${v.reasons[0]?.detail ?? ''}`);
      }
    }
  }
  return out.join('\n');
}
