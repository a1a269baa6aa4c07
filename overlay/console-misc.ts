/** Console header (counters, sparkline, sources, OBS), live allowed/flagged/held/blocked streams, the terms editor. */
import type { FeedItem } from '../config/protocol.js';
import type { ControlState, SourceStatus } from '../config/views.js';
import { appendMarked, formatAge, h, setText } from './dom.js';
import { drawSparkline } from './charts.js';
import type { Ctx, Section } from './console-ctx.js';

export function headerSection(ctx: Ctx, mount: HTMLElement): Section {
  const counter = (name: string) => {
    const v = h('b', { attrs: { 'data-counter': name } });
    return { v, el: h('div', { class: `counter c-${name}` }, h('small', { text: name }), v) };
  };
  const cIn = counter('in');
  const cAllowed = counter('allowed');
  const cFlagged = counter('flagged');
  const cHeld = counter('held');
  const cBlocked = counter('blocked');
  const rate = h('span', { class: 'rate' });
  // the ingest over its budget: batches refused (429 / SR_BUSY), shown only once it has happened
  const busy = h('small', { class: 'busy', attrs: { 'data-busy': '' } });
  // the counters count since this server process started (held items and overlay state outlive a restart; these do not)
  const since = h('small', { class: 'since', attrs: { 'data-since': '' } });
  const spark = h('canvas', { class: 'spark', attrs: { width: '160', height: '32' } });
  const sources = h('div', { class: 'sources' });
  const obs = h('div', { class: 'obs' });
  const conn = h('span', { class: 'conn', attrs: { 'data-conn': '' } });
  const audit = ctx.role === 'host' ? null : h('span', { class: 'audit' }, 'Audit: ', h('a', { text: 'CSV', attrs: { href: '/api/audit?format=csv', download: 'showrunner-audit.csv' } }), ' ', h('a', { text: 'JSON', attrs: { href: '/api/audit?format=json&download=1', target: '_blank', rel: 'noopener' } }));
  mount.append(
    h('div', { class: 'brand' }, h('b', { text: 'Showrunner' }), h('span', { class: `role role-${ctx.role}`, text: ctx.role })),
    h('div', { class: 'counters' }, cIn.el, cAllowed.el, cFlagged.el, cHeld.el, cBlocked.el, h('div', { class: 'counter' }, h('small', { text: 'msg/s' }), rate), spark, since, busy),
    h('div', { class: 'status' }, sources, obs),
    audit ?? "",
    conn,
  );
  const srcRows = new Map<string, HTMLElement>();
  let src: Record<string, SourceStatus> = {};
  let obsState: ControlState['obs'] | null = null;
  return {
    keys: ['stats', 'sources', 'obs'],
    render(s) {
      if (s.stats) {
        setText(cIn.v, String(s.stats.in));
        setText(cAllowed.v, String(s.stats.allowed));
        setText(cFlagged.v, String(s.stats.flagged ?? 0));
        setText(cHeld.v, String(s.stats.held));
        setText(cBlocked.v, String(s.stats.blocked));
        setText(rate, s.stats.rate.toFixed(1));
        setText(busy, s.stats.refused > 0 || s.stats.ingestBusy ? `${s.stats.ingestBusy ? 'busy' : 'was busy'}: ${s.stats.refused} refused` : '');
        busy.title = `Ingest: ${s.stats.ingestBuffered} waiting for the filters; ${s.stats.refused} refused over budget, ${s.stats.invalid} invalid since the server started.`;
        const started = new Date(s.stats.startedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        setText(since, `since ${started}`);
        since.title = `Counted since the server started at ${started}; held comments and the overlay survive a restart, these counts start again.`;
        drawSparkline(spark, s.stats.rateHistory);
      }
      if (s.sources) src = s.sources;
      if (s.obs) obsState = s.obs;
      this.tick?.(ctx.client.now());
    },
    tick(now) {
      for (const [name, st] of Object.entries(src)) {
        let row = srcRows.get(name);
        if (!row) {
          row = h('div', { class: 'src' });
          srcRows.set(name, row);
          sources.append(row);
        }
        const gaps = st.gaps.length ? ` · ${st.gaps.length} gap${st.gaps.length > 1 ? 's' : ''}` : '';
        const figs = st.figures ? ` · ${Object.entries(st.figures).map(([k, v]) => `${k} ${v}`).join(', ')}` : '';
        setText(row, `● ${name} (${st.kind}) ${st.state}${st.condition ? ` [${st.condition}]` : ''} ${formatAge(now - st.since)}${st.detail ? ` — ${st.detail}` : ''}${gaps}${figs}`);
        row.dataset.state = st.state;
      }
      if (obsState) {
        setText(obs, `● OBS ${obsState.state}${obsState.currentScene ? ` · scene ${obsState.currentScene}` : ''}${obsState.obsVersion ? ` · v${obsState.obsVersion}` : ''}${obsState.detail ? ` — ${obsState.detail}` : ''}`);
        obs.dataset.state = obsState.state;
      }
      setText(conn, ctx.client.connected ? '' : 'reconnecting…');
    },
  };
}

const FEED_CAP = 150;

export function feedsSection(ctx: Ctx, mount: HTMLElement): Section & { feed(items: readonly FeedItem[]): void } {
  const col = (action: FeedItem['action'], title: string) => {
    const list = h('div', { class: 'feed-list', attrs: { 'data-feed': action } });
    const n = h('span', { class: 'muted' });
    const el = h('div', { class: `feed feed-${action}` }, h('h3', {}, title, ' ', n), list);
    return { list, el, n, count: 0 };
  };
  const cols = { allow: col('allow', 'Allowed'), flag: col('flag', 'Flagged'), hold: col('hold', 'Held'), block: col('block', 'Blocked') };
  let paused = false;
  const pause = h('button', { text: 'Pause streams', attrs: { type: 'button' }, on: { click: () => { paused = !paused; setText(pause, paused ? 'Resume streams' : 'Pause streams'); } } });
  mount.append(h('div', { class: 'row' }, h('h2', { text: 'Live chat' }), pause), h('div', { class: 'feed-cols' }, cols.allow.el, cols.flag.el, cols.hold.el, cols.block.el));
  const canFeature = ctx.may('feature.set');
  return {
    keys: [],
    render() {},
    feed(items) {
      if (paused) return;
      for (const it of items) {
        const c = cols[it.action];
        const text = h('span', { class: 'f-text' });
        appendMarked(text, it.text, it.reasons.filter((r) => r.span).map((r) => ({ span: r.span as [number, number], label: r.filter })));
        const row = h(
          'div',
          { class: 'f-item', attrs: { 'data-id': it.id, 'data-lang': it.lang } },
          h('span', { class: 'muted', text: new Date(it.at).toLocaleTimeString() }),
          ' ',
          it.platform && it.platform !== 'ingest' ? h('span', { class: 'mark platform', attrs: { 'data-platform': it.platform }, text: it.platform }) : null,
          h('b', { text: it.user.displayName }),
          it.user.firstMessage ? h('span', { class: 'mark first', text: 'first' }) : null,
          it.isQuestion ? h('span', { class: 'mark q', text: '?' }) : null,
          ' ',
          text,
          it.reasons.length ? h('span', { class: 'muted', text: ` [${it.reasons.map((r) => r.filter).join(', ')}]` }) : null,
          it.action === 'allow' && canFeature ? h('button', { text: '★', title: 'feature on the overlay', class: 'mini', attrs: { type: 'button' }, on: { click: () => void ctx.run({ kind: 'feature.set', messageId: it.id }) } }) : null,
        );
        c.list.prepend(row);
        c.count++;
        while (c.list.childElementCount > FEED_CAP) c.list.lastElementChild?.remove();
      }
      for (const c of Object.values(cols)) setText(c.n, `(${c.count})`);
    },
  };
}

export function termsSection(ctx: Ctx, mount: HTMLElement): Section {
  const lists = { blocked: h('div', { class: 'chips' }), allowed: h('div', { class: 'chips' }) };
  const adder = (list: 'blocked' | 'allowed') => {
    const inp = h('input', { attrs: { placeholder: `add ${list} term`, maxlength: '100', name: `term-${list}` } });
    const f = h('form', { class: 'row' }, inp, h('button', { text: 'Add', attrs: { type: 'submit' } }));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const term = inp.value.trim();
      if (term) void ctx.run({ kind: 'terms.set', list, term, present: true }).then((r) => r !== undefined && (inp.value = ''));
    });
    return f;
  };
  mount.append(
    h('h2', { text: 'Terms' }),
    h('div', { class: 'terms-grid' }, h('div', {}, h('h3', { text: 'Blocked' }), lists.blocked, adder('blocked')), h('div', {}, h('h3', { text: 'Always allowed' }), lists.allowed, adder('allowed'))),
  );
  let key = '';
  return {
    keys: ['terms'],
    render(s) {
      if (!s.terms) return;
      const k = JSON.stringify(s.terms);
      if (k === key) return;
      key = k;
      for (const list of ['blocked', 'allowed'] as const) {
        lists[list].replaceChildren(
          ...s.terms[list].map((t) => h('span', { class: 'chip' }, t, h('button', { text: '×', class: 'mini', title: `remove "${t}"`, attrs: { type: 'button' }, on: { click: () => void ctx.run({ kind: 'terms.set', list, term: t, present: false }) } }))),
        );
      }
    },
  };
}
