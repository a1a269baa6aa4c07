/**
 * The review page (数据复盘, issues 16 and 18): one show drawn by overlay/review-view.ts (timeline
 * charts, platform badges and figures, questions, complaints, moderators, sales); two shows
 * compared (paired bars with the change, then side by side); a recorded show's rehearsal
 * (overlay/review-rehearse.ts); CSV/JSON export; printable. Auth is the console's: the session
 * cookie set by /review?token=.
 */
import type { Review, ShowSummary } from '../config/review.js';
import { h } from './dom.js';
import { recordedLabel } from '../config/labels.js';
import { rehearsalPanel } from './review-rehearse.js';
import { REVIEW_STRINGS, type ReviewKey } from './review-i18n.js';
import { compareCard, compareRows, fill, renderReview, showDate, type ViewCtx } from './review-view.js';

type Lang = 'en' | 'zh';
const params = new URLSearchParams(location.search);
let lang: Lang = params.get('lang') === 'zh' || (params.get('lang') !== 'en' && navigator.language.startsWith('zh')) ? 'zh' : 'en';
const t = (k: ReviewKey): string => REVIEW_STRINGS[lang][k];
const label = (k: string): string => recordedLabel(lang, k);
const ctx = (): ViewCtx => ({ lang, t, label });

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
  const ok = !!r && typeof r === 'object' && !!r.show && typeof r.show.id === 'string' && Array.isArray(r.minutes) && !!r.totals && typeof r.totals.msgs === 'number';
  // a server from before platforms were counted apart
  if (ok && !Array.isArray(r.platforms)) r.platforms = [];
  return ok;
}

async function review(id: string): Promise<Review> {
  const hit = cache.get(id);
  if (hit) return hit;
  const r = await getJson<unknown>(`/api/shows/${encodeURIComponent(id)}/review`);
  if (!isReview(r)) throw new Error('unexpected review data');
  cache.set(id, r);
  return r;
}

/** A show's title, or the review's own word for a show without one (kept by older versions). */
function titleOf(s: { title: string }): string {
  return s.title.trim() || t('untitled');
}

function showLabel(s: ShowSummary): string {
  return `${titleOf(s)} · ${showDate(lang, s.startedAt)}${s.endedAt === null ? ` (${t('running')})` : ''}`;
}

/** A show in a comparison: its title, or for one without, the untitled wording and its date (two untitled shows stay apart). */
function compareName(s: { title: string; startedAt: number }): string {
  return s.title.trim() || `${t('untitled')} · ${showDate(lang, s.startedAt)}`;
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
    const c = ctx();
    const [a, b] = reviews as [Review, Review | undefined];
    // this show against the other: the figures as paired bars, then both reviews side by side
    const compared = b ? compareCard(c, fill(t('compareTitle'), { a: compareName(a.show), b: compareName(b.show) }), [compareName(a.show), compareName(b.show)], compareRows(c, a, b), 'compare') : null;
    app.replaceChildren(bar, h('main', { class: reviews.length > 1 ? 'side-by-side' : 'single' }, compared, ...reviews.map((r) => renderReview(c, r)), recorded ? rehearsalPanel(current, c) : null));
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
