/**
 * A show's review: its stored minutes (zod-checked as they are read back) summed into the figures
 * the /review page draws, the CSV export, and a plain-text rendering for `npm run rehearse`.
 */
import { MinuteSchema, ShowMetaSchema, type Minute, type Review, type ShowMeta } from '../../config/review.js';
import type { MessageSet, Translation } from '../../config/i18n.js';
import type { Store } from '../store/store.js';
import { metaKey, minutePrefix } from './recorder.js';
import { Sketch } from './sketch.js';

export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function add(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

export function loadShow(store: Store, id: string): { meta: ShowMeta; minutes: Minute[] } | null {
  const meta = ShowMetaSchema.safeParse(store.getJson(metaKey(id)));
  if (!meta.success) return null;
  const minutes = store.jsonEntries(minutePrefix(id)).flatMap(({ value }) => {
    const m = MinuteSchema.safeParse(value);
    return m.success ? [m.data] : [];
  });
  return { meta: meta.data, minutes };
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
  };
}

const CSV_COLS = ['minute', 'messages', 'chatters', 'first_time', 'allowed', 'flagged', 'held', 'blocked', 'held_by_reason', 'questions', 'negative', 'mood', 'negative_share', 'alerts', 'decisions', 'timeouts', 'wait_p50_ms', 'wait_p90_ms', 'stock', 'events'] as const;

function esc(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s; // no spreadsheet formulas
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per minute (UTC ISO time), the same figures the charts draw. */
export function reviewCsv(r: Review): string {
  const rows = r.minutes.map((m) => {
    const w = [...m.waits].sort((a, b) => a - b);
    const vals = [
      new Date(m.t).toISOString(), m.msgs, m.chatters, m.first, m.allow, m.flag, m.hold, m.block,
      Object.entries(m.holdBy).map(([k, v]) => `${k}:${v}`).join(' '), m.questions, m.negative, m.mood, m.negShare, m.alerts.length,
      m.decisions, m.timeouts, quantile(w, 0.5), quantile(w, 0.9), m.stock, m.events.map((e) => `${e.kind}:${e.detail}`).join(' | '),
    ];
    return vals.map(esc).join(',');
  });
  return [CSV_COLS.join(','), ...rows].join('\r\n') + '\r\n';
}

const reviewEn = { min: 'min', messages: 'messages', chatters: 'chatters', questions: 'questions', negative: 'negative', alerts: 'mood alerts', allowed: 'allowed', flagged: 'flagged', held: 'held', blocked: 'blocked', holdsBy: 'holds by reason', themes: 'complaint themes', top: 'top questions', asked: 'asked' };
const reviewZh: Translation<typeof reviewEn> = { min: '分钟', messages: '评论', chatters: '发言人数', questions: '提问', negative: '负面', alerts: '情绪预警', allowed: '放行', flagged: '标记', held: '待审', blocked: '拦截', holdsBy: '待审原因', themes: '投诉主题', top: '高频问题', asked: '人问' };
/** The terminal review's words (`npm run rehearse -- --lang zh|en`): a set of the message catalogue (config/i18n.ts). */
export const REVIEW_TEXT: MessageSet<typeof reviewEn> = { en: reviewEn, zh: reviewZh };

/** The review as text for a terminal (`npm run rehearse`). */
export function reviewText(r: Review, lang: 'en' | 'zh' = 'en'): string {
  const w = REVIEW_TEXT[lang];
  const t = r.totals;
  const pct = (n: number): string => (t.msgs ? `${((n / t.msgs) * 100).toFixed(1)} %` : '0 %');
  const list = (o: Record<string, number>): string => Object.entries(o).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || '—';
  const lines = [
    `${r.show.title} — ${new Date(r.show.startedAt).toISOString()} · ${r.minutes.length} ${w.min}`,
    `  ${w.messages} ${t.msgs}, ${w.chatters} ≈${t.chatters}, ${w.questions} ${t.questions}, ${w.negative} ${pct(t.negative)}, ${w.alerts} ${t.alerts}`,
    `  ${w.allowed} ${t.allow} · ${w.flagged} ${t.flag} · ${w.held} ${t.hold} (${pct(t.hold)}) · ${w.blocked} ${t.block}`,
    `  ${w.holdsBy}: ${list(r.holdReasons)}`,
    `  ${w.themes}: ${list(r.themes)}`,
    `  ${w.top}:`,
    ...r.questions.slice(0, 5).map((q) => `    ${String(q.peakAskers).padStart(4)} ${w.asked} · ${q.text}`),
  ];
  return lines.join('\n');
}
