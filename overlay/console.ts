/**
 * The console for producers, moderators and hosts: one page, sections by role. It connects to
 * /ws/control with its session cookie (the server swaps the printed `/console?token=…` link for an
 * HttpOnly cookie and redirects here without the token), renders each section when its slice of the
 * state changes, ticks ages and clocks once a second, and routes keyboard shortcuts. It speaks the
 * remembered language, else the browser's (Chinese or English); the header's language button
 * switches it in one click: the sections are built again from the state already held, no reload.
 */
import { mayRun } from '../config/permissions.js';
import type { ControlRole } from '../config/protocol.js';
import type { ControlState } from '../config/views.js';
import { HubClient, wsUrl } from './hub-client.js';
import type { UiLang } from '../config/i18n.js';
import { h } from './dom.js';
import { ageText, createToasts, makeRunner, typing, type Ctx, type Section } from './console-ctx.js';
import { consoleText } from './console-text.js';
import { errorMessage } from './console-errors.js';
import { chooseLang, LANG_STORAGE_KEY, makeFmt, pick } from './i18n.js';
import { producerSection } from './console-producer.js';
import { engageSection } from './console-engage.js';
import { newQueueUi, queueSection } from './console-queue.js';
import { watchSection } from './console-watch.js';
import { moodSection, questionsSection } from './console-insights.js';
import { feedsSection, headerSection, termsSection } from './console-misc.js';
import { showControls } from './console-show.js';

const app = document.getElementById('app') as HTMLElement;
const toastHost = h('div', { class: 'toasts', attrs: { 'aria-live': 'polite' } });
document.body.append(toastHost);

/** The stored choice; storage can be off (privacy mode): then the browser's language decides each time. */
function storedLang(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null; // storage refused: nothing remembered
  }
}

{
  let lang: UiLang = chooseLang(storedLang(), navigator.languages?.length ? navigator.languages : [navigator.language]);
  let t = pick(consoleText, lang);
  const applyLang = () => {
    document.documentElement.lang = lang;
    document.title = t.pageTitle;
  };
  applyLang();
  let sections: Section[] = [];
  let feeds: ReturnType<typeof feedsSection> | null = null;
  let built = false;
  let role: ControlRole | null = null;
  const client: HubClient = new HubClient({
    url: wsUrl(`/ws/control${nameParam()}`),
    onHello: (role) => {
      if (!built && role !== 'overlay') build(role as ControlRole);
    },
    onState: (state, changed) => {
      const s = state as Partial<ControlState>;
      for (const sec of sections) {
        if (changed === null || sec.keys.some((k) => changed.has(k))) sec.render(s);
      }
    },
    onFeed: (items) => feeds?.feed(items),
    onConnection: (connected) => {
      document.documentElement.dataset.connected = String(connected);
      if (!connected) toast(t.connectionLost, 'error', { ms: 3000 });
    },
    onError: (code, message) => toast(t.serverError(code, errorMessage(code, message, lang)), 'error', { code }),
  });
  const toast = createToasts(toastHost, client);

  // A refused token never gets a hello: say so instead of a blank page.
  const gate = setTimeout(() => {
    if (!built) app.replaceChildren(h('div', { class: 'gate' }, h('h1', { text: t.gateTitle }), h('p', { text: t.gateBody })));
  }, 5000);

  /** The moderator's place in the queue and their claims: kept when the console is built again. */
  const queueUi = newQueueUi();

  /** One click: the other language, remembered, the console built again in it. */
  const switchLang = () => {
    lang = lang === 'zh-CN' ? 'en' : 'zh-CN';
    t = pick(consoleText, lang);
    try {
      localStorage.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      // storage refused (privacy mode): the switch still holds until the page is closed
    }
    applyLang();
    if (role) build(role);
  };

  const build = (r: ControlRole) => {
    built = true;
    role = r;
    clearTimeout(gate);
    document.documentElement.dataset.role = role;
    sections = [];
    feeds = null;
    const ctx: Ctx = { client, role, may: (k) => mayRun(r, k), run: makeRunner(client, toast, () => t, () => lang), toast, lang, t, fmt: makeFmt(lang), age: (ms) => ageText(t, ms) };
    const panel = (cls: string, title?: string) => h('section', { class: `panel ${cls}`, attrs: title ? { 'data-panel': title } : {} });
    const header = h('header', { class: 'top' });
    sections.push(headerSection(ctx, header, switchLang));
    const grid = h('main', { class: `grid role-${role}` });
    const isMod = role === 'moderator' || role === 'producer';
    if (isMod) {
      const bar = showControls(role, toast, ctx.lang);
      sections.push(bar.section);
      header.append(bar.element);
    }
    if (isMod) {
      const p = panel('queue', 'queue');
      sections.push(queueSection(ctx, p, queueUi));
      grid.append(p);
    }
    const producer = panel('producer', 'producer');
    sections.push(producerSection(ctx, producer));
    if (role === 'producer') {
      // draws, polls and coupons sit under the sale controls, so the questions keep their column
      const e = panel('engage', 'engage');
      sections.push(engageSection(ctx, e));
      const column = h('div', { class: 'side' });
      column.append(producer, e);
      grid.append(column);
    } else if (role !== 'moderator') grid.append(producer);
    const side = h('div', { class: 'side' });
    if (role !== 'moderator') {
      const q = panel('questions', 'questions');
      sections.push(questionsSection(ctx, q));
      side.append(q);
    }
    const mood = panel('mood', 'mood');
    sections.push(moodSection(ctx, mood));
    side.append(mood);
    if (isMod) {
      const w = panel('watch', 'watch');
      sections.push(watchSection(ctx, w));
      side.append(w);
      const t = panel('terms', 'terms');
      sections.push(termsSection(ctx, t));
      side.append(t);
    }
    grid.append(side);
    if (isMod) {
      const f = panel('feeds', 'feeds');
      feeds = feedsSection(ctx, f);
      sections.push(feeds);
      grid.append(f);
    }
    app.replaceChildren(header, grid);
    if (client.version >= 0) for (const sec of sections) sec.render(client.state);
  };

  setInterval(() => {
    const now = client.now();
    for (const sec of sections) sec.tick?.(now);
  }, 1000);
  document.addEventListener('keydown', (ev) => {
    // Escape leaves a field (a term just added, a title typed) for the queue: the decision keys work again
    if (ev.key === 'Escape' && typing(ev)) {
      (ev.target as HTMLElement).blur();
      document.querySelector<HTMLElement>('.queue-list')?.focus({ preventScroll: true });
      return;
    }
    for (const sec of sections) {
      if (sec.key?.(ev)) {
        ev.preventDefault();
        return;
      }
    }
  });
}

/** `?name=Ana` on the console URL names the moderator in the audit log. */
function nameParam(): string {
  const name = new URLSearchParams(location.search).get('name');
  return name ? `?name=${encodeURIComponent(name)}` : '';
}
