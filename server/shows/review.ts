/**
 * A show's review: its stored minutes (zod-checked as they are read back) summed into the figures
 * the /review page draws, the CSV export, and a plain-text rendering for `npm run rehearse`.
 */
import { MinuteSchema, ShowMetaSchema, type Minute, type PlatformMinute, type Review, type ShowMeta } from '../../config/review.js';
import { recordedLabel } from '../../config/labels.js';
import { bothLines } from '../../config/asked-lines.js';
import type { MessageSet, Translation } from '../../config/i18n.js';
import type { Store } from '../store/store.js';
import { assembleMeta, metaKey, minutePrefix, newPlatformMinute, readOpenMinute, withOpenMinute } from './recorder.js';
import { Sketch } from './sketch.js';

export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function add(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/**
 * A show as stored: its meta (the distinct-chatter sketches joined from its minutes, the question
 * records of the newest checkpoint applied) and its minutes, without the parts only the recorder
 * reads. `openMinute`: the show's checkpoint file (server/shows/recorder.ts openMinutePath): a show
 * whose process was killed then reads complete up to its last checkpoint (a restart applies it too).
 */
export function loadShow(store: Store, id: string, openMinute: string | null = null): { meta: ShowMeta; minutes: Minute[] } | null {
  const meta = ShowMetaSchema.safeParse(store.getJson(metaKey(id)));
  if (!meta.success) return null;
  const minutes = withOpenMinute(
    store.jsonEntries(minutePrefix(id)).flatMap(({ value }) => {
      const m = MinuteSchema.safeParse(value);
      return m.success ? [m.data] : [];
    }),
    readOpenMinute(openMinute, id),
  );
  const full = assembleMeta(meta.data, minutes);
  for (const m of minutes) {
    m.sk = {};
    m.ck = undefined;
  }
  return { meta: full, minutes };
}

const PLATFORM_KEYS = ['msgs', 'first', 'allow', 'flag', 'hold', 'block', 'questions', 'negative'] as const;

/** The show's figures per platform: the minutes' counts summed, chatters from each platform's sketch. */
export function platformTotals(meta: ShowMeta, minutes: readonly Minute[]): Review['platforms'] {
  const by = new Map<string, PlatformMinute>();
  for (const m of minutes) {
    for (const [name, p] of Object.entries(m.plat)) {
      let acc = by.get(name);
      if (!acc) by.set(name, (acc = newPlatformMinute()));
      for (const k of PLATFORM_KEYS) acc[k] += p[k];
    }
  }
  return [...by].map(([platform, p]) => ({ platform, ...p, chatters: meta.psk[platform] ? new Sketch(meta.psk[platform]).estimate() : 0 })).sort((a, b) => b.msgs - a.msgs);
}

export function buildReview(meta: ShowMeta, minutes: Minute[]): Review {
  const t = { msgs: 0, chatters: new Sketch(meta.sketch).estimate(), first: 0, allow: 0, flag: 0, hold: 0, block: 0, questions: 0, negative: 0, alerts: 0, decisions: 0, timeouts: 0, waitP50: null as number | null, waitP90: null as number | null };
  const holdReasons: Record<string, number> = {};
  const themes: Record<string, number> = {};
  const mods = new Map<string, { n: number; waitSum: number }>();
  const waits: number[] = [];
  for (const m of minutes) {
    t.msgs += m.msgs;
    t.first += m.first;
    t.allow += m.allow;
    t.flag += m.flag;
    t.hold += m.hold;
    t.block += m.block;
    t.questions += m.questions;
    t.negative += m.negative;
    t.alerts += m.alerts.length;
    t.decisions += m.decisions;
    t.timeouts += m.timeouts;
    add(holdReasons, m.holdBy);
    add(themes, m.themes);
    for (const w of m.waits) waits.push(w);
    for (const [actor, f] of Object.entries(m.byMod)) {
      const acc = mods.get(actor) ?? { n: 0, waitSum: 0 };
      acc.n += f.n;
      acc.waitSum += f.waitSum;
      mods.set(actor, acc);
    }
  }
  waits.sort((a, b) => a - b);
  t.waitP50 = quantile(waits, 0.5);
  t.waitP90 = quantile(waits, 0.9);
  return {
    show: { id: meta.id, title: meta.title, startedAt: meta.startedAt, endedAt: meta.endedAt, recording: meta.recording },
    totals: t,
    minutes,
    holdReasons,
    questions: [...meta.questions].sort((a, b) => b.peakAskers - a.peakAskers).slice(0, 20),
    themes,
    moderators: [...mods].map(([actor, f]) => ({ actor, decisions: f.n, avgWaitMs: Math.round(f.waitSum / Math.max(1, f.n)) })).sort((a, b) => b.decisions - a.decisions),
    sales: meta.sales,
    platforms: platformTotals(meta, minutes),
  };
}

const CSV_COLS = ['minute', 'messages', 'chatters', 'first_time', 'allowed', 'flagged', 'held', 'blocked', 'held_by_reason', 'questions', 'negative', 'mood', 'negative_share', 'alerts', 'decisions', 'timeouts', 'wait_p50_ms', 'wait_p90_ms', 'stock', 'events'] as const;

function esc(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s; // no spreadsheet formulas
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const PLATFORM_COLS = [['messages', 'msgs'], ['chatters', 'chatters'], ['held', 'hold'], ['blocked', 'block'], ['questions', 'questions']] as const;

/**
 * One row per minute (UTC ISO time), the same figures the charts draw; then, per platform of the
 * show (most messages first), its messages, chatters, held, blocked and questions
 * (`tiktok_messages`, …).
 */
export function reviewCsv(r: Review): string {
  const platforms = r.platforms.map((p) => p.platform);
  const head = [...CSV_COLS, ...platforms.flatMap((p) => PLATFORM_COLS.map(([col]) => `${p}_${col}`))];
  const rows = r.minutes.map((m) => {
    const w = [...m.waits].sort((a, b) => a - b);
    const vals: unknown[] = [
      new Date(m.t).toISOString(), m.msgs, m.chatters, m.first, m.allow, m.flag, m.hold, m.block,
      Object.entries(m.holdBy).map(([k, v]) => `${k}:${v}`).join(' '), m.questions, m.negative, m.mood, m.negShare, m.alerts.length,
      m.decisions, m.timeouts, quantile(w, 0.5), quantile(w, 0.9), m.stock, m.events.map((e) => `${e.kind}:${e.detail}`).join(' | '),
    ];
    for (const p of platforms) {
      const f = m.plat[p];
      for (const [, key] of PLATFORM_COLS) vals.push(f ? f[key] : 0);
    }
    return vals.map(esc).join(',');
  });
  return [head.map(esc).join(','), ...rows].join('\r\n') + '\r\n';
}

const reviewEn = { min: 'min', messages: 'messages', chatters: 'chatters', questions: 'questions', negative: 'negative', alerts: 'mood alerts', allowed: 'allowed', flagged: 'flagged', held: 'held', blocked: 'blocked', holdsBy: 'holds by reason', themes: 'complaint themes', top: 'top questions', asked: 'asked', platforms: 'by platform', untitled: 'Untitled show' };
const reviewZh: Translation<typeof reviewEn> = { min: '分钟', messages: '评论', chatters: '发言人数', questions: '提问', negative: '负面', alerts: '情绪预警', allowed: '放行', flagged: '标记', held: '待审', blocked: '拦截', holdsBy: '待审原因', themes: '投诉主题', top: '高频问题', asked: '人问', platforms: '分平台', untitled: '未命名场次' };
/** The terminal review's words (`npm run rehearse -- --lang zh|en`): a set of the message catalogue (config/i18n.ts). */
export const REVIEW_TEXT: MessageSet<typeof reviewEn> = { en: reviewEn, zh: reviewZh };

/** The review as text for a terminal (`npm run rehearse`). */
export function reviewText(r: Review, lang: 'en' | 'zh' = 'en'): string {
  const w = REVIEW_TEXT[lang];
  const t = r.totals;
  const pct = (n: number): string => (t.msgs ? `${((n / t.msgs) * 100).toFixed(1)} %` : '0 %');
  const list = (o: Record<string, number>, label: (k: string) => string = (k) => k): string => Object.entries(o).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${label(k)} ${v}`).join(', ') || '—';
  const named = (k: string): string => recordedLabel(lang, k);
  const lines = [
    `${r.show.title.trim() || w.untitled} — ${new Date(r.show.startedAt).toISOString()} · ${r.minutes.length} ${w.min}`,
    `  ${w.messages} ${t.msgs}, ${w.chatters} ≈${t.chatters}, ${w.questions} ${t.questions}, ${w.negative} ${pct(t.negative)}, ${w.alerts} ${t.alerts}`,
    `  ${w.allowed} ${t.allow} · ${w.flagged} ${t.flag} · ${w.held} ${t.hold} (${pct(t.hold)}) · ${w.blocked} ${t.block}`,
    ...(r.platforms.length > 1 ? [`  ${w.platforms}: ${r.platforms.map((p) => `${p.platform} ${p.msgs} ${w.messages} / ${p.chatters} ${w.chatters} / ${p.hold} ${w.held} / ${p.questions} ${w.questions}`).join(' · ')}`] : []),
    `  ${w.holdsBy}: ${list(r.holdReasons, named)}`,
    `  ${w.themes}: ${list(r.themes, named)}`,
    `  ${w.top}:`,
    ...r.questions.slice(0, 5).map((q) => `    ${String(q.peakAskers).padStart(4)} ${w.asked} · ${bothLines(q, lang === 'zh' ? 'zh-CN' : 'en')}`),
  ];
  return lines.join('\n');
}
