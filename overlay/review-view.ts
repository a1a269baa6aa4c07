/**
 * A show's review drawn as a page section (数据复盘, issues 16 and 18): the figures, the timeline
 * charts (chat rate by platform, holds by reason, mood with alert markers, queue wait p50/p90,
 * stock), platform badges and each platform's share of messages, chatters, holds and questions,
 * top questions, complaints by theme, moderators, sales. Also the comparison of two reviews as
 * paired bars (this show against another, or a rehearsal against the live show). Used by the
 * review page and its rehearsal panel.
 */
import type { UiLang } from '../config/i18n.js';
import type { Minute, Review } from '../config/review.js';
import { drawLines, svg, type Series } from './charts.js';
import { h } from './dom.js';
import { bothLines, shopMoney } from './format.js';
import type { ReviewKey } from './review-i18n.js';

export interface ViewCtx {
  readonly lang: 'en' | 'zh';
  readonly t: (k: ReviewKey) => string;
  /** Names the server records (filters, themes, verdicts, platforms) as people read them. */
  readonly label: (k: string) => string;
}

export const COLORS = ['#d9480f', '#1971c2', '#2f9e44', '#7048e8', '#e8590c', '#0c8599'];
const SVG_NS = 'http://www.w3.org/2000/svg';
/** The platforms' own names and colours (names the same in both languages; others go through the labels). */
const BRANDS: Readonly<Record<string, { name: string; color: string }>> = {
  twitch: { name: 'Twitch', color: '#9146ff' },
  tiktok: { name: 'TikTok', color: '#e2185b' },
  youtube: { name: 'YouTube', color: '#d40000' },
};
const OTHER_COLORS = ['#495057', '#0c8599', '#e8590c', '#2f9e44', '#1971c2'];

export const fill = (s: string, vars: Record<string, string | number>): string => s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
/** A show's length as people say it: "under 1 min", "42 min", "1 h 35 min" (不到 1 分钟, 42 分钟, 1 小时 35 分钟). */
export function showLength(ctx: ViewCtx, ms: number): string {
  const t = ctx.t;
  const min = Math.round(ms / 60_000);
  if (min < 1) return t('underMinute');
  if (min < 60) return `${min} ${t('minutes')}`;
  const rest = min % 60;
  return `${Math.floor(min / 60)} ${t('hours')}${rest > 0 ? ` ${rest} ${t('minutes')}` : ''}`;
}

export const num = (ctx: ViewCtx, n: number): string => n.toLocaleString(ctx.lang === 'zh' ? 'zh-CN' : 'en-US');
/**
 * When a show started, as the picker and the title say it: the month in words and the time
 * ("30 Nov 2026, 19:55", "2026年11月30日 19:55"). It was "03/11/2026" (en-GB), which an American
 * producer reads as March 11, and two shows of one day read alike.
 */
export const showDate = (lang: ViewCtx['lang'], ms: number): string => new Date(ms).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const clock = (ctx: ViewCtx, ms: number): string => new Date(ms).toLocaleTimeString(ctx.lang === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
const offset = (ms: number): string => {
  const m = Math.max(0, Math.round(ms / 60_000));
  return `+${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
};
const secs = (ms: number | null): string => (ms === null ? '—' : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`);

function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
}

export function platformName(ctx: ViewCtx, p: string): string {
  return BRANDS[p]?.name ?? ctx.label(p);
}

/** A platform's colour: its brand's, else one of a few by its place among the show's platforms. */
export function platformColor(p: string, others: readonly string[]): string {
  return BRANDS[p]?.color ?? (OTHER_COLORS[Math.max(0, others.filter((x) => !BRANDS[x]).indexOf(p)) % OTHER_COLORS.length] as string);
}

export function platformBadge(ctx: ViewCtx, p: string, all: readonly string[]): HTMLElement {
  return h('span', { class: 'plat-badge', attrs: { 'data-platform': p, style: `--c:${platformColor(p, all)}` }, text: platformName(ctx, p) });
}

/** A timeline chart: lines over the show's minutes, optional markers (0..1 across) for moments. */
export function chart(ctx: ViewCtx, title: string, series: Series[], opts: { min?: number; max?: number; zeroLine?: boolean; markers?: number[]; chart: string }): HTMLElement {
  const s = svg('chart');
  s.dataset['chart'] = opts.chart;
  drawLines(s, series, opts);
  for (const x of opts.markers ?? []) {
    const l = document.createElementNS(SVG_NS, 'line');
    l.setAttribute('x1', String(x * 300));
    l.setAttribute('x2', String(x * 300));
    l.setAttribute('y1', '0');
    l.setAttribute('y2', '80');
    l.setAttribute('class', 'marker');
    const tt = document.createElementNS(SVG_NS, 'title');
    tt.textContent = ctx.t('alertMark');
    l.append(tt);
    s.append(l);
  }
  // a chart with no point at all (no holds, no sale, no decision to wait for) says so, like the tables
  if (series.every((x) => x.values.every((v) => v === null))) {
    return h('figure', { class: 'card', attrs: { 'data-empty': opts.chart } }, h('figcaption', { text: title }), h('p', { class: 'muted', text: ctx.t('nothing') }), s);
  }
  const legend = h('div', { class: 'legend' }, ...series.map((x) => h('span', { attrs: { style: `--c:${x.color}` }, text: x.label })));
  return h('figure', { class: 'card' }, h('figcaption', { text: title }), s, series.length > 1 ? legend : null);
}

function bars(ctx: ViewCtx, title: string, entries: [string, number][], kind: string): HTMLElement {
  const max = Math.max(1, ...entries.map((e) => e[1]));
  const body = entries.length
    ? entries.map(([k, v]) => h('div', { class: 'bar' }, h('span', { class: 'bar-label', text: ctx.label(k) }), h('span', { class: 'bar-track' }, h('span', { class: 'bar-fill', attrs: { style: `width:${((v / max) * 100).toFixed(1)}%` } })), h('span', { class: 'bar-n', text: num(ctx, v) })))
    : [h('p', { class: 'muted', text: ctx.t('nothing') })];
  return h('section', { class: 'card', attrs: { 'data-section': kind } }, h('h3', { text: title }), ...body);
}

function table(ctx: ViewCtx, title: string, head: string[], rows: (string | Node)[][], kind: string): HTMLElement {
  return h(
    'section',
    { class: 'card', attrs: { 'data-section': kind } },
    h('h3', { text: title }),
    rows.length ? h('table', {}, h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { text: x })))), h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c)))))) : h('p', { class: 'muted', text: ctx.t('nothing') }),
  );
}

const PLATFORM_ROWS = [
  ['msgs', 'messages'],
  ['chatters', 'chatters'],
  ['hold', 'held'],
  ['questions', 'questions'],
] as const;

/**
 * Each platform's share of the show's messages, chatters, holds and questions: one stacked bar per
 * figure, a segment per platform (its number inside when there is room, all of it on hover), and
 * under it how much of each platform's chat was held.
 */
function platformsCard(ctx: ViewCtx, r: Review): HTMLElement {
  const names = r.platforms.map((p) => p.platform);
  const rows = PLATFORM_ROWS.map(([key, k]) => {
    const total = r.platforms.reduce((n, p) => n + p[key], 0);
    const segs = r.platforms.map((p) => {
      const share = total > 0 ? p[key] / total : 0;
      const pct = Math.round(share * 100);
      return h('span', {
        class: 'seg',
        attrs: { 'data-platform': p.platform, 'data-value': String(p[key]), style: `width:${(share * 100).toFixed(2)}%;--c:${platformColor(p.platform, names)}`, title: `${platformName(ctx, p.platform)}: ${num(ctx, p[key])} (${pct} %)` },
        text: share >= 0.14 ? `${num(ctx, p[key])}` : '',
      });
    });
    return h('div', { class: 'stack-row', attrs: { 'data-figure': key } }, h('span', { class: 'bar-label', text: ctx.t(k) }), h('span', { class: 'stack' }, ...(total > 0 ? segs : [])), h('span', { class: 'bar-n', text: num(ctx, total) }));
  });
  const held = h(
    'div',
    { class: 'legend plat-legend' },
    ...r.platforms.map((p) => h('span', { attrs: { style: `--c:${platformColor(p.platform, names)}`, 'data-platform': p.platform }, text: `${platformName(ctx, p.platform)} · ${fill(ctx.t('heldShare'), { pct: p.msgs ? ((p.hold / p.msgs) * 100).toFixed(1) : '0' })}` })),
  );
  return h('section', { class: 'card', attrs: { 'data-section': 'platforms' } }, h('h3', { text: ctx.t('byPlatform') }), ...rows, held);
}

export function renderReview(ctx: ViewCtx, r: Review, opts: { rehearsal?: boolean } = {}): HTMLElement {
  const { t } = ctx;
  /** The page's language as the shared formatters name it. */
  const ui: UiLang = ctx.lang === 'zh' ? 'zh-CN' : 'en';
  const ms = r.minutes;
  const n = ms.length;
  const tt = r.totals;
  const kpi = (k: ReviewKey, v: string, key: string): HTMLElement => h('div', { class: 'kpi', attrs: { 'data-kpi': key } }, h('span', { class: 'kpi-v', text: v }), h('span', { class: 'kpi-k', text: t(k) }));
  const topReasons = Object.entries(r.holdReasons).sort((a, b) => b[1] - a[1]).slice(0, 4).map((e) => e[0]);
  const col = (f: (m: Minute) => number | null): (number | null)[] => ms.map(f);
  const alertsAt = ms.flatMap((m, i) => (m.alerts.length ? [n > 1 ? i / (n - 1) : 0] : []));
  const start = r.show.startedAt;
  const dur = (r.show.endedAt ?? ms.at(-1)?.t ?? start) - start;
  const platforms = r.platforms.map((p) => p.platform);
  const simulcast = platforms.length > 1;
  const rate: Series[] = [{ values: col((m) => m.msgs), color: simulcast ? '#1d2330' : (COLORS[1] as string), label: simulcast ? t('allPlatforms') : t('messagesLine') }];
  if (simulcast) for (const p of platforms) rate.push({ values: col((m) => m.plat[p]?.msgs ?? 0), color: platformColor(p, platforms), label: platformName(ctx, p) });

  const charts = h(
    'div',
    { class: 'charts' },
    chart(ctx, t('chatRate'), rate, { chart: 'rate' }),
    chart(ctx, t('holdsByReason'), topReasons.map((k, i) => ({ values: col((m) => m.holdBy[k] ?? 0), color: COLORS[i] as string, label: ctx.label(k) })), { chart: 'holds' }),
    chart(ctx, t('mood'), [{ values: col((m) => m.mood), color: COLORS[2] as string, label: t('mood') }], { chart: 'mood', min: -1, max: 1, zeroLine: true, markers: alertsAt }),
    // a rehearsal has no moderators and no sale: no wait, no stock
    opts.rehearsal ? null : chart(ctx, t('queueWait'), [
      { values: col((m) => { const q = quantile(m.waits, 0.5); return q === null ? null : q / 1000; }), color: COLORS[1] as string, label: 'p50' },
      { values: col((m) => { const q = quantile(m.waits, 0.9); return q === null ? null : q / 1000; }), color: COLORS[0] as string, label: 'p90' },
    ], { chart: 'wait' }),
    opts.rehearsal ? null : chart(ctx, t('stock'), [{ values: col((m) => m.stock), color: COLORS[4] as string, label: t('stock') }], { chart: 'stock' }),
  );

  const questions = table(
    ctx,
    t('topQuestions'),
    [t('question'), t('askers'), t('peak'), t('answered')],
    r.questions.slice(0, 10).map((q) => [bothLines(q, ui), num(ctx, q.peakAskers), `${clock(ctx, q.peakAt)} (${offset(q.peakAt - start)})`, q.answeredAt === null ? t('notAnswered') : `${q.answeredBy === 'pin' ? t('byPin') : t('byFaq')} ${offset(q.answeredAt - start)}`]),
    'questions',
  );
  const mods = table(ctx, t('moderators'), [t('moderator'), t('decisions'), t('avgWait')], r.moderators.map((m) => [m.actor, num(ctx, m.decisions), secs(m.avgWaitMs)]), 'moderators');
  // the show's sales are one shop: "$19.90" and "$34.00", not "$19.9" and "$34" (nor "元19.9")
  const money = shopMoney(r.sales.map((s) => ({ amount: s.price, currency: s.currency })), ui);
  const sales = table(
    ctx,
    t('sales'),
    [t('product'), t('price'), t('stock'), t('soldOutAt')],
    r.sales.map((s) => {
      const sp = svg('spark');
      drawLines(sp, [{ values: s.curve.map((p) => p.stock), color: COLORS[4] as string, label: s.product }], { min: 0, max: Math.max(1, s.stockTotal) });
      return [s.product, money(s.price, s.currency), sp, s.soldOutAt === null ? t('notSoldOut') : `${clock(ctx, s.soldOutAt)} (${Math.round((s.soldOutAt - s.startedAt) / 1000)} s)`];
    }),
    'sales',
  );
  const length = showLength(ctx, dur);
  const title = opts.rehearsal ? `${t('rhReviewTitle')} · ${length}` : `${r.show.title.trim() || t('untitled')} · ${showDate(ctx.lang, start)} · ${length}${r.show.endedAt === null ? ` · ${t('running')}` : ''}`;
  return h(
    'article',
    { class: opts.rehearsal ? 'review rehearsed' : 'review', attrs: { 'data-show': r.show.id, ...(opts.rehearsal ? { 'data-rehearsed': 'true' } : {}) } },
    h(opts.rehearsal ? 'h3' : 'h2', { class: 'review-title', text: title }),
    platforms.length ? h('div', { class: 'plat-badges', attrs: { 'data-platforms': platforms.join(' ') } }, ...platforms.map((p) => platformBadge(ctx, p, platforms))) : null,
    h(
      'div',
      { class: 'kpis' },
      kpi('messages', num(ctx, tt.msgs), 'msgs'),
      kpi('chatters', `≈${num(ctx, tt.chatters)}`, 'chatters'),
      kpi('questions', num(ctx, tt.questions), 'questions'),
      kpi('held', num(ctx, tt.hold), 'hold'),
      kpi('blocked', num(ctx, tt.block), 'block'),
      kpi('waitP50', secs(tt.waitP50), 'p50'),
      kpi('waitP90', secs(tt.waitP90), 'p90'),
      kpi('alerts', num(ctx, tt.alerts), 'alerts'),
    ),
    charts,
    simulcast ? platformsCard(ctx, r) : null,
    h('div', { class: 'cols2' }, bars(ctx, t('holdReasons'), Object.entries(r.holdReasons).sort((a, b) => b[1] - a[1]).slice(0, 8), 'reasons'), bars(ctx, t('complaints'), Object.entries(r.themes).sort((a, b) => b[1] - a[1]).slice(0, 8), 'themes')),
    opts.rehearsal ? null : questions,
    opts.rehearsal ? null : h('div', { class: 'cols2' }, mods, sales),
  );
}

export interface CompareRow {
  readonly key: string;
  readonly label: string;
  readonly a: number | null;
  readonly b: number | null;
  /** Shown as seconds (a wait). */
  readonly seconds?: boolean;
  readonly platform?: string;
}

/** The rows of a show against another: totals, then each platform's messages, chatters, holds and questions. */
export function compareRows(ctx: ViewCtx, a: Review, b: Review): CompareRow[] {
  const { t } = ctx;
  const rows: CompareRow[] = [
    { key: 'msgs', label: t('messages'), a: a.totals.msgs, b: b.totals.msgs },
    { key: 'chatters', label: t('chatters'), a: a.totals.chatters, b: b.totals.chatters },
    { key: 'questions', label: t('questions'), a: a.totals.questions, b: b.totals.questions },
    { key: 'hold', label: t('held'), a: a.totals.hold, b: b.totals.hold },
    { key: 'block', label: t('blocked'), a: a.totals.block, b: b.totals.block },
    { key: 'alerts', label: t('alerts'), a: a.totals.alerts, b: b.totals.alerts },
    { key: 'p50', label: t('waitP50'), a: a.totals.waitP50, b: b.totals.waitP50, seconds: true },
  ];
  const platforms = [...new Set([...a.platforms.map((p) => p.platform), ...b.platforms.map((p) => p.platform)])];
  if (platforms.length > 1 || a.platforms[0]?.platform !== b.platforms[0]?.platform) {
    for (const p of platforms) {
      const pa = a.platforms.find((x) => x.platform === p);
      const pb = b.platforms.find((x) => x.platform === p);
      for (const [key, k] of PLATFORM_ROWS) rows.push({ key, label: t(k), a: pa?.[key] ?? 0, b: pb?.[key] ?? 0, platform: p });
    }
  }
  return rows;
}

/**
 * Two reviews' figures as paired bars (`a` on top, `b` under it, each row scaled to its larger
 * value) with the change from `b` to `a`. `names`: what `a` and `b` are (this show / the other one,
 * the rehearsal / live).
 */
export function compareCard(ctx: ViewCtx, title: string, names: readonly [string, string], rows: readonly CompareRow[], kind: string): HTMLElement {
  const val = (r: CompareRow, v: number | null): string => (v === null ? '—' : r.seconds ? secs(v) : num(ctx, v));
  const row = (r: CompareRow): HTMLElement => {
    const max = Math.max(1, r.a ?? 0, r.b ?? 0);
    const delta = r.a !== null && r.b !== null ? r.a - r.b : null;
    const pct = delta !== null && r.b ? Math.round((delta / r.b) * 100) : null;
    const change = delta === null || delta === 0 ? ctx.t('same') : `${delta > 0 ? '+' : '−'}${r.seconds ? secs(Math.abs(delta)) : num(ctx, Math.abs(delta))}${pct !== null ? ` (${pct > 0 ? '+' : '−'}${Math.abs(pct)} %)` : ''}`;
    const bar = (v: number | null, cls: string, name: string): HTMLElement => h('span', { class: `pair ${cls}`, attrs: { title: `${name}: ${val(r, v)}` } }, h('span', { class: 'pair-fill', attrs: { style: `width:${(((v ?? 0) / max) * 100).toFixed(1)}%${r.platform ? `;--c:${platformColor(r.platform, [])}` : ''}` } }), h('span', { class: 'pair-n', text: val(r, v) }));
    return h(
      'div',
      { class: 'cmp-row', attrs: { 'data-compare': r.key, ...(r.platform ? { 'data-platform': r.platform } : {}), 'data-delta': String(delta ?? '') } },
      h('span', { class: 'bar-label', text: r.label }),
      h('span', { class: 'pairs' }, bar(r.a, 'a', names[0]), bar(r.b, 'b', names[1])),
      h('span', { class: 'cmp-delta', text: change }),
    );
  };
  // the totals, then a block per platform (under its badge)
  const platforms = [...new Set(rows.flatMap((r) => (r.platform ? [r.platform] : [])))];
  const groups = [
    h('div', { class: 'cmp-group' }, ...rows.filter((r) => !r.platform).map(row)),
    ...platforms.map((p) => h('div', { class: 'cmp-group', attrs: { 'data-platform': p } }, platformBadge(ctx, p, platforms), ...rows.filter((r) => r.platform === p).map(row))),
  ];
  return h('section', { class: 'card compare', attrs: { 'data-section': kind } }, h('h3', { text: title }), h('div', { class: 'legend' }, h('span', { class: 'leg-a', text: names[0] }), h('span', { class: 'leg-b', text: names[1] })), h('div', { class: 'cmp-body' }, ...groups));
}

/** Two reviews' per-minute figures over one time axis (a rehearsal has the live show's minutes). */
export function alignedMinutes(a: Review, b: Review): { at: number[]; a: (Minute | null)[]; b: (Minute | null)[] } {
  const at = [...new Set([...a.minutes.map((m) => m.t), ...b.minutes.map((m) => m.t)])].sort((x, y) => x - y);
  const by = (r: Review): Map<number, Minute> => new Map(r.minutes.map((m) => [m.t, m]));
  const ma = by(a);
  const mb = by(b);
  return { at, a: at.map((t) => ma.get(t) ?? null), b: at.map((t) => mb.get(t) ?? null) };
}
