/**
 * The console for producers, moderators and hosts: one page, sections by role. It connects to
 * /ws/control with its session cookie (the server swaps the printed `/console?token=…` link for an
 * HttpOnly cookie and redirects here without the token), renders each section when its slice of the
 * state changes, ticks ages and clocks once a second, and routes keyboard shortcuts.
 */
import { mayRun } from '../config/permissions.js';
import type { ControlRole } from '../config/protocol.js';
import type { ControlState } from '../config/views.js';
import { HubClient, wsUrl } from './hub-client.js';
import { h } from './dom.js';
import { createToasts, makeRunner, type Ctx, type Section } from './console-ctx.js';
import { producerSection } from './console-producer.js';
import { engageSection } from './console-engage.js';
import { queueSection } from './console-queue.js';
import { watchSection } from './console-watch.js';
import { moodSection, questionsSection } from './console-insights.js';
import { feedsSection, headerSection, termsSection } from './console-misc.js';
import { showControls } from './console-show.js';

const app = document.getElementById('app') as HTMLElement;
const toastHost = h('div', { class: 'toasts', attrs: { 'aria-live': 'polite' } });
document.body.append(toastHost);

{
  const sections: Section[] = [];
  let feeds: ReturnType<typeof feedsSection> | null = null;
  let built = false;
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
      if (!connected) toast('connection lost — reconnecting…', 'error', { ms: 3000 });
    },
    onError: (code, message) => toast(`${code}: ${message}`, 'error'),
  });
  const toast = createToasts(toastHost, client);

  // A refused token never gets a hello: say so instead of a blank page.
  const gate = setTimeout(() => {
    if (!built) app.replaceChildren(h('div', { class: 'gate' }, h('h1', { text: 'Cannot connect' }), h('p', { text: 'The server did not accept this browser (no valid console link opened yet) or is not reachable. Open the console link printed at start-up (or in data/tokens.txt): /console?token=<your role token>.' })));
  }, 5000);

  const build = (role: ControlRole) => {
    built = true;
    clearTimeout(gate);
    document.documentElement.dataset.role = role;
    const ctx: Ctx = { client, role, may: (k) => mayRun(role, k), run: makeRunner(client, toast), toast };
    const panel = (cls: string, title?: string) => h('section', { class: `panel ${cls}`, attrs: title ? { 'data-panel': title } : {} });
    const header = h('header', { class: 'top' });
    sections.push(headerSection(ctx, header));
    const grid = h('main', { class: `grid role-${role}` });
    const isMod = role === 'moderator' || role === 'producer';
    if (isMod) header.append(showControls(role, toast));
    if (isMod) {
      const p = panel('queue', 'queue');
      sections.push(queueSection(ctx, p));
      grid.append(p);
    }
    const producer = panel('producer', 'producer');
    sections.push(producerSection(ctx, producer));
    if (role !== 'moderator') grid.append(producer);
    if (role === 'producer') {
      const e = panel('engage', 'engage');
      sections.push(engageSection(ctx, e));
      grid.append(e);
    }
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
    setInterval(() => {
      const now = client.now();
      for (const sec of sections) sec.tick?.(now);
    }, 1000);
    document.addEventListener('keydown', (ev) => {
      for (const sec of sections) {
        if (sec.key?.(ev)) {
          ev.preventDefault();
          return;
        }
      }
    });
  };
}

/** `?name=Ana` on the console URL names the moderator in the audit log. */
function nameParam(): string {
  const name = new URLSearchParams(location.search).get('name');
  return name ? `?name=${encodeURIComponent(name)}` : '';
}
