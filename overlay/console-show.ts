/**
 * The show controls in the console's header (issue 16): the producer starts and ends a show
 * (optionally recording a masked transcript for rehearsals); producers and moderators open its
 * review. Talks to /api/shows with the console's session cookie.
 */
import type { MessageSet, Translation, UiLang } from '../config/i18n.js';
import type { ControlRole } from '../config/protocol.js';
import { h, setText } from './dom.js';
import { chooseLang, LANG_STORAGE_KEY, pick } from './i18n.js';
import { REVIEW_STRINGS } from './review-i18n.js';
import { errorMessage } from './console-errors.js';

const en = { start: 'Start show', end: 'End show', record: 'record transcript', review: 'Review', live: 'Show running', idle: 'No show running', title: 'Show title' };
const zh: Translation<typeof en> = { start: '开始直播', end: '结束直播', record: '录制评论记录（供彩排）', review: '复盘', live: '直播进行中', idle: '未开始直播', title: '场次名称' };
/** The show controls' texts: a set of the message catalogue (config/i18n.ts). */
export const showText: MessageSet<typeof en> = { en, zh };

/** The console's language when the caller does not pass it: the remembered choice, else the browser's. */
function consoleLang(): UiLang {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    // storage refused (privacy mode): the browser's language decides
  }
  return chooseLang(stored, navigator.languages?.length ? navigator.languages : [navigator.language]);
}

export function showControls(role: ControlRole, toast: (text: string, kind?: 'ok' | 'error' | 'info') => unknown, lang: UiLang = consoleLang()): HTMLElement {
  const s = pick(showText, lang);
  const state = h('span', { class: 'muted', attrs: { 'data-show-state': 'idle' }, text: s.idle });
  const title = h('input', { attrs: { name: 'showTitle', placeholder: s.title, maxlength: '120', size: '14' } });
  const record = h('input', { attrs: { type: 'checkbox', name: 'showRecord' } });
  const toggle = h('button', { text: s.start, attrs: { type: 'button', 'data-action': 'show-toggle' } });
  let active: string | null = null;
  const show = (id: string | null): void => {
    active = id;
    state.dataset['showState'] = id ? 'live' : 'idle';
    setText(state, id ? s.live : s.idle);
    setText(toggle, id ? s.end : s.start);
    title.hidden = record.hidden = id !== null;
  };
  const refresh = async (): Promise<void> => {
    const res = await fetch('/api/shows', { credentials: 'same-origin' });
    if (res.ok) show(((await res.json()) as { active: string | null }).active);
  };
  toggle.addEventListener('click', () => {
    const path = active ? '/api/shows/end' : '/api/shows/start';
    const body = active ? {} : { title: title.value.trim(), record: record.checked };
    void fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (res) => {
      const json = (await res.json().catch(() => null)) as { show?: { id: string }; error?: { code?: string; message?: string } } | null;
      if (!res.ok) return void toast(errorMessage(json?.error?.code ?? '', json?.error?.message ?? `HTTP ${res.status}`, lang), 'error');
      show(active ? null : (json?.show?.id ?? null));
      toast(active ? s.live : s.idle, 'ok');
    });
  });
  void refresh();
  const link = h('a', { text: `${s.review} · ${pick(REVIEW_STRINGS, lang).title}`, attrs: { href: '/review', target: '_blank', rel: 'noopener', 'data-link': 'review' } });
  return h('span', { class: 'show-controls row' }, state, ...(role === 'producer' ? [title, h('label', {}, record, ` ${s.record}`), toggle] : []), link);
}
