/**
 * Rehearsal (issue 16): a recorded show's transcript replayed through (changed) settings as fast
 * as the machine allows, with the live pipeline's own operator (server/pipeline) and a clock that
 * reads each message's recorded filter time, so windowed detectors (flood, raids) see the show's
 * pace. Gives the same review as a live show, plus the difference to what happened live: holds,
 * the comments that would have reached the screen (or no longer would), question cards forming
 * earlier or later.
 */
import { existsSync, readFileSync } from 'node:fs';
import { from, map } from 'rxjs';
import { asyncScheduler } from 'rxjs';
import { ChatMessageSchema, type Annotated, type ChatMessage } from '../../config/chat.js';
import { LevelSchema, SENSITIVITY_CATEGORIES, SensitivitySchema } from '../../config/filters-config.js';
import { TranscriptLineSchema, type RehearsalDiff, type Review, type TranscriptLine } from '../../config/review.js';
import type { Config } from '../../config/schema.js';
import type { FaqEntry } from '../../config/views.js';
import { createFilterEngine } from '../../filters/engine.js';
import { classify } from '../../insights/classify.js';
import { isNegative } from '../../insights/sentiment.js';
import { themesOf } from '../../insights/mood.js';
import { parseFaq } from '../../insights/faq.js';
import { createInsights } from '../pipeline/insights-stage.js';
import { newCounters, pipeline } from '../pipeline/pipeline.js';
import { Store } from '../store/store.js';
import { ShowRecorder } from './recorder.js';
import { buildReview, loadShow } from './review.js';
import { REVIEW_LABELS } from '../../config/labels.js';

type Header = Extract<TranscriptLine, { type: 'header' }>;
type MsgLine = Extract<TranscriptLine, { type: 'msg' }> & { msg: ChatMessage };

export interface Transcript {
  header: Header;
  msgs: MsgLine[];
  cards: { t: number; text: string }[];
  settings: { t: number; category: string; level: string }[];
  /** Lines that did not parse (named, not fatal). */
  invalid: number;
}

export function parseTranscript(text: string): Transcript {
  let header: Header | null = null;
  const msgs: MsgLine[] = [];
  const cards: { t: number; text: string }[] = [];
  const settings: { t: number; category: string; level: string }[] = [];
  let invalid = 0;
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      invalid++;
      continue;
    }
    const p = TranscriptLineSchema.safeParse(value);
    if (!p.success) {
      invalid++;
      continue;
    }
    const line = p.data;
    if (line.type === 'header') header ??= line;
    else if (line.type === 'msg') {
      const m = ChatMessageSchema.safeParse(line.m);
      if (m.success) msgs.push({ ...line, msg: m.data });
      else invalid++;
    } else if (line.type === 'card') cards.push({ t: line.t, text: line.text });
    else settings.push(line);
  }
  if (!header) throw new Error('not a Showrunner transcript: no header line');
  return { header, msgs, cards, settings, invalid };
}


export interface Rehearsal {
  review: Review;
  live: Review;
  diff: RehearsalDiff;
  verdicts: { id: string; live: string; now: string }[];
  elapsedMs: number;
  chatSpanMs: number;
}

const norm = (s: string): string => s.toLowerCase().replace(/[\s\p{P}]+/gu, ' ').trim();
const SHOWN = new Set(['allow', 'flag']);

/**
 * Replays `t` through `config`'s filters. `recordedSettings`: start from the levels and terms the
 * show ran with and follow the level changes made during it (no --config: "what the live pipeline did").
 */
export function rehearse(t: Transcript, config: Config, opts: { recordedSettings: boolean; faq?: FaqEntry[]; onProgress?: (done: number, total: number) => void; lang?: 'en' | 'zh' }): Rehearsal {
  const started = performance.now();
  const recorded = SensitivitySchema.safeParse(t.header.sensitivity);
  const engine = createFilterEngine({
    ...config.filters,
    ...(opts.recordedSettings ? { blockedTerms: t.header.terms.blocked, allowedTerms: t.header.terms.allowed, ...(recorded.success ? { sensitivity: recorded.data } : {}) } : {}),
  });
  const faq = opts.faq ?? (existsSync(config.faqFile) ? safeFaq(config.faqFile) : []);
  const insights = createInsights(config.insights, faq);
  let cur = t.header.startedAt;
  const store = new Store(':memory:');
  const recorder = new ShowRecorder({ store, now: () => cur, mask: (s) => s });
  const show = recorder.start(`${t.header.title}${opts.lang === 'zh' ? '（排练）' : ' (rehearsal)'}`, false);
  const cardsNow = new Map<string, { t: number; text: string }>();
  let nextTick = cur + 1000;
  const tickUntil = (at: number): void => {
    while (nextTick <= at) {
      const keep = cur;
      cur = nextTick;
      const snap = insights.snapshot(cur);
      for (const c of snap.clusters) if (!cardsNow.has(c.id)) cardsNow.set(c.id, { t: cur, text: c.representative });
      recorder.tick(snap, insights.drainAlerts(), insights.drainThemes());
      cur = keep;
      nextTick += 1000;
    }
  };
  const settings = opts.recordedSettings ? [...t.settings] : [];
  const verdicts: { id: string; live: string; now: string }[] = [];
  const out: Annotated[] = [];
  let i = 0;
  from(t.msgs)
    .pipe(
      map((line) => {
        tickUntil(line.t);
        cur = line.t;
        while (settings.length && (settings[0] as { t: number }).t <= line.t) {
          const s = settings.shift() as { category: string; level: string };
          const cat = SENSITIVITY_CATEGORIES.find((c) => c === s.category);
          const level = LevelSchema.safeParse(s.level);
          if (cat && level.success) engine.setSensitivity(cat, level.data);
        }
        return line.msg;
      }),
      pipeline(engine, newCounters(), asyncScheduler, { now: () => cur }),
    )
    .subscribe((a) => {
      const line = t.msgs[i++] as MsgLine;
      recorder.observe(a, cur);
      if (a.verdict.action === 'allow' || a.verdict.action === 'flag') insights.observe(a, cur);
      verdicts.push({ id: a.message.id, live: line.v, now: a.verdict.action });
      out.push(a);
      if (opts.onProgress && i % 500 === 0) opts.onProgress(i, t.msgs.length);
    });
  const end = t.msgs.at(-1)?.t ?? cur;
  tickUntil(end + 1000);
  cur = end;
  recorder.end();
  const loaded = loadShow(store, show.id);
  const review = buildReview(loaded!.meta, loaded!.minutes);
  store.close();

  const live = liveReview(t);
  const diff: RehearsalDiff = { holdsLive: live.totals.hold, holdsNow: review.totals.hold, reachedScreen: [], reachedScreenCount: 0, hiddenNow: [], hiddenNowCount: 0, cards: [], same: 0 };
  out.forEach((a, k) => {
    const v = verdicts[k] as { live: string; now: string };
    if (v.live === v.now) diff.same++;
    const row = { text: a.message.text, live: v.live, now: v.now, reasons: a.verdict.reasons.map((r) => r.filter) };
    if (!SHOWN.has(v.live) && SHOWN.has(v.now)) {
      diff.reachedScreenCount++;
      if (diff.reachedScreen.length < 50) diff.reachedScreen.push({ ...row, reasons: (t.msgs[k] as MsgLine).r });
    }
    if (SHOWN.has(v.live) && !SHOWN.has(v.now)) {
      diff.hiddenNowCount++;
      if (diff.hiddenNow.length < 50) diff.hiddenNow.push(row);
    }
  });
  const nowByText = new Map([...cardsNow.values()].map((c) => [norm(c.text), c.t]));
  const liveByText = new Map(t.cards.map((c) => [norm(c.text), c]));
  for (const [key, c] of liveByText) {
    const nowAt = nowByText.get(key) ?? null;
    diff.cards.push({ text: c.text, liveAt: c.t, nowAt, deltaS: nowAt === null ? null : Math.round((nowAt - c.t) / 1000) });
  }
  for (const c of cardsNow.values()) if (!liveByText.has(norm(c.text))) diff.cards.push({ text: c.text, liveAt: null, nowAt: c.t, deltaS: null });
  const chatSpanMs = t.msgs.length ? (t.msgs.at(-1) as MsgLine).t - (t.msgs[0] as MsgLine).t : 0;
  return { review, live, diff, verdicts, elapsedMs: performance.now() - started, chatSpanMs };
}

function safeFaq(path: string): FaqEntry[] {
  try {
    return parseFaq(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}

/** What happened live, as a review: the recorded verdicts summed the same way (questions from the recorded cards). */
function liveReview(t: Transcript): Review {
  let cur = t.header.startedAt;
  const store = new Store(':memory:');
  const recorder = new ShowRecorder({ store, now: () => cur, mask: (s) => s });
  const show = recorder.start(t.header.title, false);
  let nextTick = cur + 1000;
  // complaint themes as the live mood counted them: of the negative comments shown
  let themes: Record<string, number> | null = null;
  for (const line of t.msgs) {
    while (nextTick <= line.t) {
      cur = nextTick;
      recorder.tick(null, [], themes);
      themes = null;
      nextTick += 1000;
    }
    cur = line.t;
    const c = classify(line.msg.text);
    const a = { message: line.msg, verdict: { action: line.v, reasons: line.r.map((filter) => ({ filter, detail: '', severity: 1, span: null })), score: 1 }, lang: c.lang, isQuestion: c.isQuestion, sentiment: c.sentiment } as unknown as Annotated;
    recorder.observe(a, cur);
    if (SHOWN.has(line.v) && isNegative(c.sentiment)) for (const th of themesOf(line.msg.text)) (themes ??= {})[th] = (themes[th] ?? 0) + 1;
  }
  // the last second's themes (at the last message's time: no new minute)
  recorder.tick(null, [], themes);
  recorder.end();
  const loaded = loadShow(store, show.id);
  store.close();
  const r = buildReview(loaded!.meta, loaded!.minutes);
  r.questions = t.cards.slice(0, 20).map((c, k) => ({ id: `live-${k}`, text: c.text, firstAt: c.t, peakAskers: 0, peakAt: c.t, answeredAt: null, answeredBy: null }));
  return r;
}

/** The first line the rehearse command prints: how many messages, how long, how fast. */
export function headerText(r: Rehearsal, messages: number, invalid: number, lang: 'en' | 'zh' = 'en'): string {
  const ms = Math.round(r.elapsedMs);
  const speed = r.elapsedMs > 0 ? Math.round(r.chatSpanMs / r.elapsedMs) : 0;
  return lang === 'zh'
    ? `排练：${messages} 条评论，用时 ${ms} 毫秒（实时的 ${speed} 倍）${invalid ? `，跳过 ${invalid} 行无效记录` : ''}`
    : `Rehearsal: ${messages} messages, ${ms} ms (${speed}× real time)${invalid ? `, ${invalid} invalid line(s) skipped` : ''}`;
}

/** The difference as text for a terminal. */
export function diffText(r: Rehearsal, lang: 'en' | 'zh' = 'en'): string {
  const d = r.diff;
  const zh = lang === 'zh';
  // verdicts and filters by the review's words in Chinese (待审 → 显示, 链接); English keeps the codes
  const word = (k: string): string => (zh ? (REVIEW_LABELS.zh[k] ?? k) : k);
  const change = (x: { live: string; now: string }): string => `[${word(x.live)} → ${word(x.now)}]`;
  const delta = d.holdsNow - d.holdsLive;
  const lines = [
    zh ? `与直播时相比：待审 ${d.holdsLive} → ${d.holdsNow}（${delta <= 0 ? '少' : '多'} ${Math.abs(delta)} 条）` : `Compared with the live show: holds ${d.holdsLive} → ${d.holdsNow} (${Math.abs(delta)} ${delta <= 0 ? 'fewer' : 'more'})`,
    zh ? `  ${d.same} / ${r.verdicts.length} 条判定相同` : `  ${d.same} of ${r.verdicts.length} verdicts the same`,
    zh ? `  ${d.reachedScreenCount} 条评论会上屏：` : `  ${d.reachedScreenCount} comment(s) would have reached the screen:`,
    ...d.reachedScreen.slice(0, 10).map((x) => `    ${change(x)} ${x.text.slice(0, 80)}`),
    zh ? `  ${d.hiddenNowCount} 条原本显示的评论会被拦下：` : `  ${d.hiddenNowCount} comment(s) shown live would now be held or blocked:`,
    ...d.hiddenNow.slice(0, 10).map((x) => `    ${change(x)} ${x.text.slice(0, 80)}${zh ? `（${x.reasons.map(word).join('、')}）` : ` (${x.reasons.join(', ')})`}`),
    zh ? '  问题卡片：' : '  Question cards:',
    ...d.cards.slice(0, 10).map((c) =>
      c.deltaS === null
        ? `    ${c.liveAt === null ? (zh ? '新出现：' : 'new: ') : zh ? '不再出现：' : 'no longer forms: '}${c.text.slice(0, 70)}`
        : `    ${c.deltaS === 0 ? (zh ? '同时：' : 'same time: ') : c.deltaS < 0 ? (zh ? `早 ${-c.deltaS} 秒：` : `${-c.deltaS} s earlier: `) : zh ? `晚 ${c.deltaS} 秒：` : `${c.deltaS} s later: `}${c.text.slice(0, 70)}`,
    ),
  ];
  return lines.join('\n');
}
