/**
 * The review page (数据复盘, issue 16): one show's timeline drawn as charts (chat rate, holds by
 * reason, mood with alert markers, queue wait p50/p90, stock), its top questions and whether they
 * were answered, complaints by theme, the moderators' figures and the sales; two shows side by
 * side; CSV/JSON export; printable. Auth is the console's: the session cookie set by /review?token=.
 */
import type { Minute, Review, ShowSummary } from '../config/review.js';
import { drawLines, svg, type Series } from './charts.js';
import { h } from './dom.js';
import { rehearsalPanel } from './review-rehearse.js';
import { REVIEW_LABELS, REVIEW_STRINGS, type ReviewKey } from './review-i18n.js';

type Lang = 'en' | 'zh';
const params = new URLSearchParams(location.search);
let lang: Lang = params.get('lang') === 'zh' || (params.get('lang') !== 'en' && navigator.language.startsWith('zh')) ? 'zh' : 'en';
const t = (k: ReviewKey): string => REVIEW_STRINGS[lang][k];
const label = (k: string): string => REVIEW_LABELS[lang][k] ?? k;
const COLORS = ['#d9480f', '#1971c2', '#2f9e44', '#7048e8', '#e8590c', '#0c8599'];
const SVG_NS = 'http://www.w3.org/2000/svg';

const app = document.getElementById('app') as HTMLElement;
let shows: ShowSummary[] = [];
let current: string | null = params.get('show');
let other: string | null = params.get('compare');
const cache = new Map<string, Review>();

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw Object.assign(new Error(body?.error?.message ?? `HTTP ${res.status}`), { status: res.status });
  }
  return (await res.json()) as T;
}

/** Checks the shape the page relies on (the server's zod schemas made it; this guards a stale page against a newer server). */
function isReview(v: unknown): v is Review {
  const r = v as Review | null;
  return !!r && typeof r === 'object' && !!r.show && typeof r.show.id === 'string' && Array.isArray(r.minutes) && !!r.totals && typeof r.totals.msgs === 'number';
}

async function review(id: string): Promise<Review> {
  const hit = cache.get(id);
  if (hit) return hit;
  const r = await getJson<unknown>(`/api/shows/${encodeURIComponent(id)}/review`);
  if (!isReview(r)) throw new Error('unexpected review data');
  cache.set(id, r);
  return r;
}

const clock = (ms: number): string => new Date(ms).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
const offset = (ms: number): string => {
  const m = Math.max(0, Math.round(ms / 60_000));
  return `+${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
};
const secs = (ms: number | null): string => (ms === null ? '—' : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`);
const num = (n: number): string => n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');

function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
}

/** A timeline chart: lines over the show's minutes, optional markers (0..1 across) for moments. */
function chart(title: string, series: Series[], opts: { min?: number; max?: number; zeroLine?: boolean; markers?: number[]; chart: string }): HTMLElement {
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
    tt.textContent = t('alertMark');
    l.append(tt);
    s.append(l);
  }
  const legend = h('div', { class: 'legend' }, ...series.map((x) => h('span', { attrs: { style: `--c:${x.color}` }, text: x.label })));
  return h('figure', { class: 'card' }, h('figcaption', { text: title }), s, series.length > 1 ? legend : null);
}

function bars(title: string, entries: [string, number][], kind: string): HTMLElement {
  const max = Math.max(1, ...entries.map((e) => e[1]));
  const body = entries.length
    ? entries.map(([k, v]) => h('div', { class: 'bar' }, h('span', { class: 'bar-label', text: label(k) }), h('span', { class: 'bar-track' }, h('span', { class: 'bar-fill', attrs: { style: `width:${((v / max) * 100).toFixed(1)}%` } })), h('span', { class: 'bar-n', text: num(v) })))
    : [h('p', { class: 'muted', text: t('nothing') })];
  return h('section', { class: 'card', attrs: { 'data-section': kind } }, h('h3', { text: title }), ...body);
}

function table(title: string, head: string[], rows: (string | Node)[][], kind: string): HTMLElement {
  return h(
    'section',
    { class: 'card', attrs: { 'data-section': kind } },
    h('h3', { text: title }),
    rows.length ? h('table', {}, h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { text: x })))), h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c)))))) : h('p', { class: 'muted', text: t('nothing') }),
  );
}

function renderReview(r: Review): HTMLElement {
  const ms = r.minutes;
  const n = ms.length;
  const tt = r.totals;
  const kpi = (k: ReviewKey, v: string, key: string): HTMLElement => h('div', { class: 'kpi', attrs: { 'data-kpi': key } }, h('span', { class: 'kpi-v', text: v }), h('span', { class: 'kpi-k', text: t(k) }));
  const topReasons = Object.entries(r.holdReasons).sort((a, b) => b[1] - a[1]).slice(0, 4).map((e) => e[0]);
  const col = (f: (m: Minute) => number | null): (number | null)[] => ms.map(f);
  const alertsAt = ms.flatMap((m, i) => (m.alerts.length ? [n > 1 ? i / (n - 1) : 0] : []));
  const start = r.show.startedAt;
  const dur = (r.show.endedAt ?? ms.at(-1)?.t ?? start) - start;

  const charts = h(
    'div',
    { class: 'charts' },
    chart(t('chatRate'), [{ values: col((m) => m.msgs), color: COLORS[1] as string, label: t('messagesLine') }], { chart: 'rate' }),
    chart(t('holdsByReason'), topReasons.map((k, i) => ({ values: col((m) => m.holdBy[k] ?? 0), color: COLORS[i] as string, label: label(k) })), { chart: 'holds' }),
    chart(t('mood'), [{ values: col((m) => m.mood), color: COLORS[2] as string, label: t('mood') }], { chart: 'mood', min: -1, max: 1, zeroLine: true, markers: alertsAt }),
    chart(t('queueWait'), [
      { values: col((m) => { const q = quantile(m.waits, 0.5); return q === null ? null : q / 1000; }), color: COLORS[1] as string, label: 'p50' },
      { values: col((m) => { const q = quantile(m.waits, 0.9); return q === null ? null : q / 1000; }), color: COLORS[0] as string, label: 'p90' },
    ], { chart: 'wait' }),
    chart(t('stock'), [{ values: col((m) => m.stock), color: COLORS[4] as string, label: t('stock') }], { chart: 'stock' }),
  );

  const questions = table(
    t('topQuestions'),
    [t('question'), t('askers'), t('peak'), t('answered')],
    r.questions.slice(0, 10).map((q) => [q.text, num(q.peakAskers), `${clock(q.peakAt)} (${offset(q.peakAt - start)})`, q.answeredAt === null ? t('notAnswered') : `${q.answeredBy === 'pin' ? t('byPin') : t('byFaq')} ${offset(q.answeredAt - start)}`]),
    'questions',
  );
  const mods = table(
    t('moderators'),
    [t('moderator'), t('decisions'), t('avgWait')],
    r.moderators.map((m) => [m.actor, num(m.decisions), secs(m.avgWaitMs)]),
    'moderators',
  );
  const sales = table(
    t('sales'),
    [t('product'), t('price'), t('stock'), t('soldOutAt')],
    r.sales.map((s) => {
      const sp = svg('spark');
      drawLines(sp, [{ values: s.curve.map((p) => p.stock), color: COLORS[4] as string, label: s.product }], { min: 0, max: Math.max(1, s.stockTotal) });
      return [s.product, `${s.currency}${s.price}`, sp, s.soldOutAt === null ? t('notSoldOut') : `${clock(s.soldOutAt)} (${Math.round((s.soldOutAt - s.startedAt) / 1000)} s)`];
    }),
    'sales',
  );
  return h(
    'article',
    { class: 'review', attrs: { 'data-show': r.show.id } },
    h('h2', { text: `${r.show.title} · ${new Date(start).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')} · ${Math.round(dur / 60_000)} ${t('minutes')}${r.show.endedAt === null ? ` · ${t('running')}` : ''}` }),
    h(
      'div',
      { class: 'kpis' },
      kpi('messages', num(tt.msgs), 'msgs'),
      kpi('chatters', `≈${num(tt.chatters)}`, 'chatters'),
      kpi('questions', num(tt.questions), 'questions'),
      kpi('held', num(tt.hold), 'hold'),
      kpi('blocked', num(tt.block), 'block'),
      kpi('waitP50', secs(tt.waitP50), 'p50'),
      kpi('waitP90', secs(tt.waitP90), 'p90'),
      kpi('alerts', num(tt.alerts), 'alerts'),
    ),
    charts,
    h('div', { class: 'cols2' }, bars(t('holdReasons'), Object.entries(r.holdReasons).sort((a, b) => b[1] - a[1]).slice(0, 8), 'reasons'), bars(t('complaints'), Object.entries(r.themes).sort((a, b) => b[1] - a[1]).slice(0, 8), 'themes')),
    questions,
    h('div', { class: 'cols2' }, mods, sales),
  );
}

function showLabel(s: ShowSummary): string {
  return `${s.title} · ${new Date(s.startedAt).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB')}${s.endedAt === null ? ` (${t('running')})` : ''}`;
}

async function render(): Promise<void> {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `Showrunner · ${t('title')}`;
  delete document.documentElement.dataset['ready'];
  if (!current) {
    app.replaceChildren(h('p', { class: 'gate', text: t('noShows') }));
    document.documentElement.dataset['ready'] = 'true';
    return;
  }
  const select = (value: string | null, withNone: boolean, on: (v: string | null) => void, name: string): HTMLSelectElement => {
    const s = h('select', { attrs: { name }, on: { change: (e) => on((e.target as HTMLSelectElement).value || null) } }, ...(withNone ? [h('option', { text: t('none'), attrs: { value: '' } })] : []), ...shows.map((x) => h('option', { text: showLabel(x), attrs: { value: x.id } })));
    s.value = value ?? '';
    return s;
  };
  const go = (): void => {
    const q = new URLSearchParams({ lang, ...(current ? { show: current } : {}), ...(other ? { compare: other } : {}) });
    history.replaceState(null, '', `/review?${q.toString()}`);
    void render();
  };
  const bar = h(
    'header',
    { class: 'top no-print' },
    h('strong', { text: `Showrunner · ${t('title')}` }),
    h('label', {}, `${t('show')} `, select(current, false, (v) => ((current = v), go()), 'show')),
    h('label', {}, `${t('compare')} `, select(other, true, (v) => ((other = v), go()), 'compare')),
    h('a', { class: 'button', text: t('exportCsv'), attrs: { href: `/api/shows/${encodeURIComponent(current)}/review?format=csv`, download: '', 'data-export': 'csv' } }),
    h('a', { class: 'button', text: t('exportJson'), attrs: { href: `/api/shows/${encodeURIComponent(current)}/review?download`, download: '', 'data-export': 'json' } }),
    h('button', { text: t('print'), on: { click: () => window.print() } }),
    h('button', { text: lang === 'zh' ? 'English' : '中文', attrs: { 'data-action': 'lang' }, on: { click: () => ((lang = lang === 'zh' ? 'en' : 'zh'), go()) } }),
  );
  try {
    const ids = [current, ...(other && other !== current ? [other] : [])];
    const reviews = await Promise.all(ids.map(review));
    const recorded = reviews.length === 1 && shows.some((s) => s.id === current && s.recording && s.endedAt !== null);
    app.replaceChildren(bar, h('main', { class: reviews.length > 1 ? 'side-by-side' : 'single' }, ...reviews.map(renderReview), recorded ? rehearsalPanel(current, t, label) : null));
    // time from navigation start to a drawn review (bench: review_open_ms)
    document.documentElement.dataset['readyMs'] = String(Math.round(performance.now()));
  } catch (err) {
    app.replaceChildren(bar, h('p', { class: 'gate', text: `${t('loadFailed')}: ${(err as Error).message}` }));
  }
  document.documentElement.dataset['ready'] = 'true';
}

async function main(): Promise<void> {
  try {
    const list = await getJson<{ active: string | null; shows: ShowSummary[] }>('/api/shows');
    shows = list.shows;
    current ??= list.active ?? shows[0]?.id ?? null;
  } catch (err) {
    const status = (err as { status?: number }).status;
    app.replaceChildren(h('p', { class: 'gate', text: status === 401 || status === 403 ? t('needToken') : `${t('loadFailed')}: ${(err as Error).message}` }));
    document.documentElement.dataset['ready'] = 'true';
    return;
  }
  await render();
}

void main();
