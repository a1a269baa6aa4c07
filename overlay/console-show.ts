/**
 * The show controls in the console's header (issue 16): the producer starts and ends a show
 * (optionally recording a masked transcript for rehearsals); producers and moderators open its
 * review. Starts and ends go to /api/shows with the console's session cookie; the bar itself
 * follows the control state's `show` slice, so a show started by chat or ended by silence shows at once.
 */
import type { MessageSet, Translation, UiLang } from '../config/i18n.js';
import type { ControlRole } from '../config/protocol.js';
import type { ShowLive } from '../config/views.js';
import type { Section } from './console-ctx.js';
import { h, setText } from './dom.js';
import { chooseLang, LANG_STORAGE_KEY, pick } from './i18n.js';
import { errorMessage } from './console-errors.js';

const en = {
  start: 'Start show',
  end: 'End show',
  record: 'record transcript',
  review: 'Show review',
  live: 'Show running',
  idle: 'No show running',
  title: 'Show title',
  liveAs: (title: string, byChat: boolean) => `Show running · ${title}${byChat ? ' (started by chat)' : ''}`,
  recording: ' · recording the transcript',
  startedByChat: (title: string) => `Show "${title}" started by the chat`,
  startedElsewhere: (title: string) => `Show "${title}" started`,
  ended: 'The show has ended',
};
const zh: Translation<typeof en> = {
  start: '开始直播',
  end: '结束直播',
  record: '录制评论记录（供彩排）',
  review: '数据复盘',
  live: '直播进行中',
  idle: '未开始直播',
  title: '场次名称',
  liveAs: (title: string, byChat: boolean) => `直播进行中 · ${title}${byChat ? '（由评论自动开始）' : ''}`,
  recording: ' · 正在录制评论记录',
  startedByChat: (title: string) => `评论来了，场次“${title}”已自动开始`,
  startedElsewhere: (title: string) => `场次“${title}”已开始`,
  ended: '本场直播已结束',
};
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

/**
 * The show bar: its element, and the section that keeps it in step with the control state's `show`
 * slice, which the server pushes whenever a show starts or ends (from this console, another client,
 * the chat with `shows.auto`, or silence). A change this console did not make is announced.
 */
export function showControls(role: ControlRole, toast: (text: string, kind?: 'ok' | 'error' | 'info') => unknown, lang: UiLang = consoleLang()): { element: HTMLElement; section: Section } {
  const s = pick(showText, lang);
  const state = h('span', { class: 'muted', attrs: { 'data-show-state': 'idle' }, text: s.idle });
  const title = h('input', { attrs: { name: 'showTitle', placeholder: s.title, maxlength: '120', size: '14' } });
  const record = h('input', { attrs: { type: 'checkbox', name: 'showRecord' } });
  const recordLabel = h('label', {}, record, ` ${s.record}`);
  const toggle = h('button', { text: s.start, attrs: { type: 'button', 'data-action': 'show-toggle' } });
  let active: string | null = null;
  /** The first state (the snapshot, or the state held when the console is built again) is not news. */
  let seen = false;
  /** This console's own start or end is on its way: it says so itself. */
  let own = false;
  const show = (live: ShowLive | null): void => {
    const was = active;
    active = live?.id ?? null;
    state.dataset['showState'] = live ? 'live' : 'idle';
    if (live?.auto) state.dataset['showAuto'] = 'true';
    else delete state.dataset['showAuto'];
    // the title is the producer's text or the config's: text only, never markup
    setText(state, live ? s.liveAs(live.title, live.auto) + (live.recording ? s.recording : '') : s.idle);
    setText(toggle, live ? s.end : s.start);
    // the checkbox and its words go together: "record transcript" beside a running show read as if it recorded
    title.hidden = recordLabel.hidden = live !== null;
    if (seen && !own && was !== active) toast(live ? (live.auto ? s.startedByChat(live.title) : s.startedElsewhere(live.title)) : s.ended, 'info');
    seen = true;
  };
  toggle.addEventListener('click', () => {
    const ending = active !== null;
    const path = ending ? '/api/shows/end' : '/api/shows/start';
    const body = ending ? {} : { title: title.value.trim(), record: record.checked };
    own = true;
    void fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(async (res) => {
        const json = (await res.json().catch(() => null)) as { show?: { id: string; title?: string; startedAt?: number; recording?: boolean }; error?: { code?: string; message?: string } } | null;
        if (!res.ok) return void toast(errorMessage(json?.error?.code ?? '', json?.error?.message ?? `HTTP ${res.status}`, lang), 'error');
        const started = json?.show;
        // the server's push follows; show the answer at once
        show(ending || !started ? null : { id: started.id, title: started.title ?? '', startedAt: started.startedAt ?? 0, recording: started.recording ?? false, auto: false });
        toast(ending ? s.idle : s.live, 'ok');
      })
      .finally(() => {
        own = false;
      });
  });
  const link = h('a', { text: s.review, attrs: { href: '/review', target: '_blank', rel: 'noopener', 'data-link': 'review' } });
  const element = h('span', { class: 'show-controls row' }, state, ...(role === 'producer' ? [title, recordLabel, toggle] : []), link);
  return {
    element,
    section: {
      keys: ['show'],
      render(st) {
        if ('show' in st) show(st.show ?? null);
      },
    },
  };
}
