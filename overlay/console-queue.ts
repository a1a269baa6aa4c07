/**
 * The moderators' queue: held comments ordered by priority (higher first, then older), each with
 * its age ticking, reasons (in the console's language) with the matched spans highlighted,
 * first-time and role marks, and the user's context. Keyboard-first: ↑/↓ (or J/K) select,
 * Shift+↑/↓ extend the selection, X toggle, S select every item with the same text (raids; digits,
 * punctuation and emoji aside), A approve, R reject, T timeout, B ban, F approve + feature, Z undo, L cycles the language filter.
 * The focused item is claimed. While the pointer is over the list its rows keep their places (a
 * click must land on the comment it was aimed at): new items go below the others, items decided
 * elsewhere stay greyed where they were; the order catches up when the pointer leaves.
 */
import type { Level, SensitivityCategory } from '../config/filters-config.js';
import type { QueueInfo, QueueItem } from '../config/views.js';
import type { Lang } from '../config/chat.js';
import { appendMarked, h, placeInOrder, setText } from './dom.js';
import { drawLines, svg } from './charts.js';
import { nearestLeft, typing, type Ctx, type Section } from './console-ctx.js';
import { reasonParts } from './console-reasons.js';

type Decision = 'approve' | 'reject' | 'timeout' | 'ban' | 'feature';
const KEYS: Record<string, Decision> = { a: 'approve', r: 'reject', t: 'timeout', b: 'ban', f: 'feature' };
/** The decision buttons, in the hint's order, each with its key. */
const ACTIONS = Object.entries(KEYS).map(([key, decision]) => ({ key: key.toUpperCase(), decision }));

/** Priority first (higher), then the oldest. */
export function queueOrder(a: QueueItem, b: QueueItem): number {
  return b.priority - a.priority || a.heldAt - b.heldAt || (a.id < b.id ? -1 : 1);
}

const norm = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();
/**
 * What S (same text) compares: the letters of a comment (any script), without the digits,
 * punctuation, emoji and spaces a raid appends to get past exact matching (主播卖假货！！ 8,
 * 主播卖假货！！!!, 主播卖假货！！ 🦉). Short texts keep their whole text: "hi 1" is not "hi 2".
 */
export function sameTextKey(t: string): string {
  const letters = t.normalize('NFKC').toLowerCase().replace(/[^\p{L}]+/gu, '');
  return [...letters].length >= 4 ? letters : `\u0000${norm(t)}`;
}

interface Row {
  el: HTMLElement;
  age: HTMLElement;
  claim: HTMLElement;
  key: string;
}

/**
 * Where the moderator is in the queue: the cursor, the selection, their own claims and the language
 * filter. The console keeps one for the page, so building it again (a language switch) neither
 * loses the place nor drops a claim.
 */
export interface QueueUi {
  cursor: string | null;
  anchor: string | null;
  /** The item this console claimed last (released when the cursor moves on). */
  claimed: string | null;
  readonly selected: Set<string>;
  /** Items claimed by this console. */
  readonly mine: Set<string>;
  lang: 'all' | Lang;
}

export function newQueueUi(): QueueUi {
  return { cursor: null, anchor: null, claimed: null, selected: new Set(), mine: new Set(), lang: 'all' };
}

export function queueSection(ctx: Ctx, mount: HTMLElement, ui: QueueUi = newQueueUi()): Section {
  const { t, fmt } = ctx;
  const formatAge = (ms: number) => ctx.age(ms);
  const list = h('div', { class: 'queue-list', attrs: { role: 'listbox', 'aria-label': t.heldList, tabindex: '0' } });
  /** Under the rows while the pointer holds them: how many new items wait below, out of order. */
  const newBelow = h('div', { class: 'new-below', attrs: { 'data-stat': 'new', 'aria-live': 'polite', hidden: '' } });
  list.append(newBelow);
  const oldest = h('span', { class: 'oldest', attrs: { 'data-stat': 'oldest' } });
  const count = h('span', { class: 'count', title: t.waitingTitle, attrs: { 'data-stat': 'queue-length' } });
  const detail = h('div', { class: 'queue-detail' });
  /** Shown when the queue overflows: the figures and the one-click fix. */
  const overflow = h('div', { class: 'overflow', attrs: { role: 'alert', hidden: '' } });
  let info: QueueInfo | null = null;
  const langBtns = (['all', 'en', 'zh'] as const).map((l) =>
    // EN / 中文 name the chat's languages in their own script; the button says which it shows
    h('button', { text: l === 'all' ? t.langAll : l === 'en' ? 'EN' : '中文', title: t.langFilterTitle, class: l === ui.lang ? 'on' : '', attrs: { type: 'button', 'data-lang': l, ...(l === 'all' ? {} : { lang: l === 'en' ? 'en' : 'zh-CN' }) }, on: { click: () => setLang(l) } }),
  );
  const stats = {
    median: h('span', { attrs: { 'data-stat': 'median' } }),
    p90: h('span', { attrs: { 'data-stat': 'p90' } }),
    dpm: h('span', { attrs: { 'data-stat': 'dpm' } }),
    timeouts: h('span', { attrs: { 'data-stat': 'auto' } }),
  };
  /**
   * The decisions as buttons (a mouse, a tablet, a phone): each does what its key does, on the
   * selection or else the comment under the cursor, and names its key.
   */
  const actions = h(
    'div',
    { class: 'q-actions', attrs: { role: 'toolbar', 'aria-label': t.queueActions } },
    ...ACTIONS.map((a) =>
      h('button', { class: a.decision === 'reject' || a.decision === 'ban' ? 'danger' : '', title: t.queueActionTitle(a.key), attrs: { type: 'button', 'data-act': a.decision, disabled: '' }, on: { click: () => void decide(a.decision) } }, t.queueAction(a.decision), h('kbd', { text: a.key })),
    ),
  );
  const waitChart = svg('chart');
  const decChart = svg('chart');
  const lenChart = svg('chart');
  mount.append(
    h('div', { class: 'queue-head' }, h('h2', { text: t.heldComments }), count, oldest, h('div', { class: 'seg' }, ...langBtns)),
    overflow,
    h('div', { class: 'hint', text: t.queueHint }),
    ...(ctx.may('moderation.decide') ? [actions] : []),
    h('div', { class: 'queue-body' }, list, detail),
    h(
      'div',
      { class: 'modstats' },
      h('div', { class: 'stat-cards' }, h('div', {}, h('small', { text: t.medianWait }), stats.median), h('div', {}, h('small', { text: t.p90Wait }), stats.p90), h('div', {}, h('small', { text: t.decisionsPerMin }), stats.dpm), h('div', {}, h('small', { text: t.autoResolved }), stats.timeouts)),
      h('div', { class: 'charts3' }, h('figure', {}, waitChart, h('figcaption', { text: t.chartWait })), h('figure', {}, decChart, h('figcaption', { text: t.chartDecisions })), h('figure', {}, lenChart, h('figcaption', { text: t.chartQueue }))),
    ),
  );

  const rows = new Map<string, Row>();
  let items: QueueItem[] = [];
  /** The items listed, in the order shown (the queue's order, or the frozen one while the pointer is over the list). */
  let visible: QueueItem[] = [];
  /**
   * The rows keep their places while the pointer is over the list: a row decided elsewhere stays
   * (greyed, `gone`) and new ones go below, so the comment under the pointer never moves.
   */
  let frozen = false;
  /** Rows of items decided elsewhere while frozen, removed when the pointer leaves. */
  const gone = new Map<string, Row>();
  /**
   * Items this console is deciding: they leave at once, even under the pointer (the moderator
   * expects it). `sent` until the server answers, `mine` once it said this console decided them.
   */
  const deciding = new Map<string, 'sent' | 'mine'>();
  /**
   * Rows of items this console was deciding that left the queue before the server's answer (another
   * moderator may have decided them first): kept in place under the pointer until the answer says
   * whose decision it was, then removed (this console's) or greyed (the other moderator's).
   */
  const awaiting = new Map<string, Row>();
  /**
   * The list's height while the pointer is over it: it does not shrink when rows leave, or the
   * pointer would find itself below the list (the rows sorted, the greyed ones gone, under a pointer
   * that never moved).
   */
  let pinned = 0;
  const pinHeight = () => {
    const height = list.getBoundingClientRect().height;
    if (height <= pinned) return;
    pinned = height;
    list.style.minHeight = `${height}px`;
  };
  /** Items that came in while frozen (listed below the others until the pointer leaves). */
  const arrived = new Set<string>();
  // a mouse only: a finger's tap "enters" the list and never leaves it, which would hold it frozen
  list.addEventListener('pointerenter', (ev) => {
    if (ev.pointerType === 'mouse') frozen = true;
  });
  list.addEventListener('pointerleave', () => {
    if (!frozen) return;
    frozen = false;
    pinned = 0;
    list.style.minHeight = '';
    layout();
  });
  const { selected, mine } = ui;
  let context: NonNullable<Parameters<Section['render']>[0]['userContext']> = {};
  let lastUndo: { decisionId: string; until: number; toast: HTMLElement } | null = null;
  /** Items an undo put back, for the cursor to go to once they are in the queue again. */
  let undone: string[] | null = null;

  const setLang = (l: QueueUi['lang']) => {
    ui.lang = l;
    for (const b of langBtns) b.classList.toggle('on', b.dataset.lang === l);
    layout(true);
  };

  const buildRow = (it: QueueItem): Row => {
    const age = h('span', { class: 'age' });
    const claim = h('span', { class: 'claim' });
    const text = h('div', { class: 'q-text' });
    const spans = it.reasons.filter((r) => r.span).map((r) => ({ span: r.span as [number, number], label: t.filterName(r.filter) }));
    appendMarked(text, it.text, spans);
    const marks = h('span', { class: 'marks' });
    // the platform the comment came from (a simulcast reads several); removing it goes back there
    if (it.platform && it.platform !== 'ingest') marks.append(h('span', { class: 'mark platform', title: t.platformTitle(t.platformName(it.platform)), attrs: { 'data-platform': it.platform }, text: t.platformName(it.platform) }));
    if (it.user.firstMessage) marks.append(h('span', { class: 'mark first', text: t.firstMark, title: t.firstTitle }));
    for (const r of it.user.roles) marks.append(h('span', { class: `mark role-${r}`, text: t.userRole(r) }));
    // the detector's detail, written again in the console's language when its pattern is known (console-reasons.ts)
    const reasons = h('div', { class: 'reasons' }, ...it.reasons.map((r) => h('span', { class: `reason sev-${r.severity}`, attrs: { 'data-filter': r.filter } }, ...reasonParts(t.filterName(r.filter), r.detail, ctx.lang))));
    const el = h(
      'div',
      { class: 'q-item', attrs: { role: 'option', 'data-id': it.id, 'data-lang': it.lang } },
      h('div', { class: 'q-meta' }, age, h('b', { class: 'q-user', text: it.user.displayName }), marks, h('span', { class: 'q-lang', text: t.chatLang(it.lang) }), h('span', { class: 'prio', text: t.priority(it.priority) }), claim),
      text,
      reasons,
    );
    el.addEventListener('click', (ev) => {
      // a greyed row, or one whose decision is on its way, is no longer in the queue
      if (rows.get(it.id)?.el !== el) return;
      if ((ev as MouseEvent).shiftKey) extendTo(it.id);
      else if ((ev as MouseEvent).ctrlKey || (ev as MouseEvent).metaKey) toggle(it.id);
      else focus(it.id, true);
    });
    return { el, age, claim, key: `${it.text}\u0000${it.priority}\u0000${JSON.stringify(it.reasons)}` };
  };

  /** Lays the rows out; `sort` (a language switch) sorts them even under the pointer. */
  const layout = (sort = false) => {
    const was = visible;
    const at = ui.cursor ? was.findIndex((i) => i.id === ui.cursor) : -1;
    const want = items.filter((i) => ui.lang === 'all' || i.lang === ui.lang);
    const ids = new Set(want.map((i) => i.id));
    if (frozen && !sort) {
      // the rows shown keep their order; what this console's undo put back goes to its place in the
      // queue's order (the moderator asked for it back), new ones follow below in the queue's order
      const back = new Set(undone ?? []);
      for (const id of back) arrived.delete(id);
      const byId = new Map(want.map((i) => [i.id, i]));
      const kept = was.flatMap((i) => (back.has(i.id) ? [] : (byId.get(i.id) ?? [])));
      const keptIds = new Set(kept.map((i) => i.id));
      for (const it of want) {
        if (!back.has(it.id)) continue;
        const settled = kept.findIndex((o) => arrived.has(o.id));
        const end = settled < 0 ? kept.length : settled;
        const k = kept.findIndex((o, idx) => idx < end && queueOrder(it, o) < 0);
        kept.splice(k < 0 ? end : k, 0, it);
      }
      const fresh = want.filter((i) => !keptIds.has(i.id) && !back.has(i.id));
      visible = [...kept, ...fresh];
      for (const it of fresh) arrived.add(it.id);
      let next: Element = newBelow;
      for (let i = visible.length - 1; i >= 0; i--) {
        const it = visible[i] as QueueItem;
        const el = rows.get(it.id)?.el;
        if (!el) continue;
        if (el.parentElement !== list || back.has(it.id)) list.insertBefore(el, next);
        next = el;
      }
      let count = 0;
      for (const id of arrived) if (ids.has(id)) count++;
      newBelow.hidden = count === 0;
      setText(newBelow, count ? t.queueNewBelow(fmt.num(count)) : '');
    } else {
      visible = want;
      for (const row of gone.values()) row.el.remove();
      gone.clear();
      for (const row of awaiting.values()) row.el.remove();
      awaiting.clear();
      arrived.clear();
      // reorder in place: only move nodes that are out of place
      placeInOrder(list, visible.map((it) => rows.get(it.id)?.el));
      newBelow.hidden = true;
      setText(newBelow, '');
    }
    for (const [id, row] of rows) if (!ids.has(id) && row.el.parentElement) row.el.remove();
    if (newBelow !== list.lastElementChild) list.append(newBelow);
    for (const id of [...selected]) if (!ids.has(id)) selected.delete(id);
    if (ui.cursor && !ids.has(ui.cursor)) {
      // the focused item left (decided): the cursor goes to the item now at its place (the one after it)
      ui.cursor = at >= 0 ? (nearestLeft(was, at, (i) => ids.has(i.id))?.id ?? null) : null;
    }
    // The cursor rests on the top item without claiming it: a claim means a moderator chose to look.
    if (!ui.cursor && visible[0]) ui.cursor = visible[0].id;
    backToUndone();
    paint();
    showCount();
  };

  /**
   * After an undo the cursor goes back to what it put back (a batch comes back selected), so the
   * next key decides that again, not the item the cursor had moved on to.
   */
  const backToUndone = () => {
    const ids = undone;
    if (!ids) return;
    const back = visible.filter((i) => ids.includes(i.id));
    if (!back.length) return;
    undone = null;
    selected.clear();
    if (back.length > 1) for (const i of back) selected.add(i.id);
    ui.cursor = ui.anchor = (back[0] as QueueItem).id;
    rows.get(ui.cursor)?.el.scrollIntoView({ block: 'nearest' });
  };

  /** The server answered for an item whose row left before the answer: gone if this console decided it, else greyed under the pointer. */
  const settle = (id: string, ours: boolean) => {
    const row = awaiting.get(id);
    if (!row) return;
    awaiting.delete(id);
    if (!ours && frozen && row.el.parentElement === list) markGone(id, row);
    else row.el.remove();
  };

  /** `why`: decided elsewhere (the default), or moved below the console's page by more urgent ones (still waiting). */
  const markGone = (id: string, row: Row, why: string = t.decidedElsewhere) => {
    row.el.classList.add('gone');
    row.el.classList.remove('cursor', 'selected', 'claimed-other');
    row.el.setAttribute('aria-disabled', 'true');
    row.el.setAttribute('aria-selected', 'false');
    setText(row.claim, why);
    gone.set(id, row);
  };

  /** The heading's count: every comment waiting (the header's number), and how many a language filter shows. */
  const showCount = () => {
    const total = info?.total ?? items.length;
    const all = total > items.length ? t.waitingSome(fmt.num(total), fmt.num(items.length)) : t.waiting(fmt.num(items.length));
    setText(count, ui.lang === 'all' ? all : all + t.waitingFiltered(fmt.num(visible.length), ui.lang));
  };

  const paint = () => {
    for (const it of visible) {
      const row = rows.get(it.id);
      if (!row) continue;
      row.el.classList.toggle('cursor', it.id === ui.cursor);
      row.el.classList.toggle('selected', selected.has(it.id));
      row.el.setAttribute('aria-selected', String(it.id === ui.cursor || selected.has(it.id)));
      const other = it.claimedBy && !mine.has(it.id) && (it.claimedUntil ?? 0) > ctx.client.now();
      row.el.classList.toggle('claimed-other', !!other);
      setText(row.claim, other ? `👁 ${it.claimedBy}` : '');
    }
    const targets = selected.size || (ui.cursor && items.some((i) => i.id === ui.cursor) ? 1 : 0);
    for (const b of actions.children) (b as HTMLButtonElement).disabled = targets === 0;
    actions.dataset.count = String(targets);
    renderDetail();
  };

  const renderDetail = () => {
    const it = items.find((i) => i.id === ui.cursor);
    if (!it) {
      detail.replaceChildren(h('p', { class: 'empty', text: visible.length ? '' : items.length && ui.lang !== 'all' ? t.queueFilteredEmpty(ui.lang, fmt.num(items.length)) : t.queueEmpty }));
      return;
    }
    const c = context[it.user.id];
    detail.replaceChildren(
      h('h4', { text: `${it.user.displayName} (@${it.user.name})` }),
      h('div', { class: 'muted', text: t.itemMeta(t.platformName(it.platform), it.channel, fmt.num(it.sentiment, 2), selected.size) }),
      h('h5', { text: t.recentMessages }),
      h('ul', { class: 'ctx' }, ...(c?.recent ?? []).map((m) => h('li', { class: `act-${m.action}` }, h('span', { class: 'muted', text: `${fmt.time(m.at)} ${t.action(m.action)} ` }), m.text))),
      h('h5', { text: t.earlierDecisions }),
      h('ul', { class: 'ctx' }, ...((c?.decisions ?? []).length ? (c?.decisions ?? []).map((d) => h('li', { text: `${fmt.time(d.at)} ${t.action(d.action)}` })) : [h('li', { class: 'muted', text: t.none })])),
    );
  };

  /** Moves the cursor to `id` and claims it (releasing the previous claim). */
  const focus = (id: string, resetSelection: boolean, claim = true) => {
    ui.cursor = id;
    if (resetSelection) {
      selected.clear();
      ui.anchor = id;
    }
    rows.get(id)?.el.scrollIntoView({ block: 'nearest' });
    if (claim && ui.claimed !== id) {
      const prevClaim = ui.claimed;
      ui.claimed = id;
      if (prevClaim && mine.has(prevClaim)) {
        mine.delete(prevClaim);
        void ctx.client.send({ kind: 'moderation.release', itemId: prevClaim }).catch(() => undefined); // best effort; claims also expire
      }
      if (ctx.may('moderation.claim')) {
        mine.add(id); // optimistic: our own claim must not show as someone else's
        ctx.client.send({ kind: 'moderation.claim', itemId: id }).catch(() => {
          mine.delete(id);
          paint();
        });
      }
    }
    paint();
  };

  const toggle = (id: string) => {
    if (selected.has(id)) selected.delete(id);
    else selected.add(id);
    if (ui.cursor && !selected.has(ui.cursor) && selected.size === 0) ui.anchor = ui.cursor;
    paint();
  };

  const extendTo = (id: string) => {
    const from = visible.findIndex((i) => i.id === (ui.anchor ?? ui.cursor));
    const to = visible.findIndex((i) => i.id === id);
    if (from < 0 || to < 0) return focus(id, true);
    selected.clear();
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) selected.add((visible[i] as QueueItem).id);
    ui.cursor = id;
    paint();
  };

  const move = (delta: number, extend: boolean) => {
    const at = visible.findIndex((i) => i.id === ui.cursor);
    const next = visible[Math.max(0, Math.min(visible.length - 1, (at < 0 ? 0 : at) + delta))];
    if (!next) return;
    if (extend) {
      ui.anchor ??= ui.cursor;
      extendTo(next.id);
    } else focus(next.id, true);
  };

  const selectSame = () => {
    const cur = items.find((i) => i.id === ui.cursor);
    if (!cur) return;
    const same = sameTextKey(cur.text);
    selected.clear();
    for (const it of visible) if (sameTextKey(it.text) === same) selected.add(it.id);
    paint();
    ctx.toast(t.sameSelected(selected.size), 'info');
  };

  const decide = async (decision: Decision) => {
    const ids = selected.size ? [...selected] : ui.cursor ? [ui.cursor] : [];
    if (!ids.length) return;
    undone = null;
    const n = ids.length;
    for (const id of ids) deciding.set(id, 'sent');
    // Move the cursor past the decided items now, so the next one is ready before the server answers.
    const after = visible.find((i, idx) => idx > visible.findIndex((v) => v.id === ui.cursor) && !ids.includes(i.id)) ?? visible.find((i) => !ids.includes(i.id));
    const r = (await ctx.run({ kind: 'moderation.decide', itemIds: ids, decision })) as { decisionId: string; decided: string[]; conflicts: string[]; undoUntil: number; notEnforced?: number } | undefined;
    if (after && items.some((i) => i.id === after.id)) focus(after.id, true, false); // next item ready, not ui.claimed
    if (!r) {
      // refused (decided by someone else first, SR_ALREADY_DECIDED): what left the queue meanwhile was theirs
      for (const id of ids) {
        deciding.delete(id);
        settle(id, false);
      }
      return;
    }
    for (const id of r.decided) {
      if (deciding.has(id)) deciding.set(id, 'mine');
      settle(id, true);
    }
    // decided by someone else first: greyed like any other (their update may still be on its way)
    for (const id of r.conflicts) {
      deciding.delete(id);
      settle(id, false);
    }
    if (r.conflicts.length) ctx.toast(t.conflicts(r.conflicts.length, n), 'info');
    if (r.decided.length) {
      lastUndo?.toast.remove();
      // a timeout or ban the platform never hears of says so: the comment is gone, its author is not
      const toast = ctx.toast(t.decided(decision, r.decided.length) + (r.notEnforced ? t.notEnforced(r.notEnforced) : ''), 'ok', { untilServerTime: r.undoUntil, action: { label: t.undo, run: () => void undo() } });
      lastUndo = { decisionId: r.decisionId, until: r.undoUntil, toast };
    }
  };

  // a category or level the server knows and this page does not shows as sent
  const label = (category: string): string => t.category(category as SensitivityCategory) || category;
  const levelName = (level: string): string => t.level(level as Level) || level;
  const renderOverflow = (i: QueueInfo) => {
    info = i;
    if (!i.overflowing) {
      overflow.setAttribute('hidden', '');
      return;
    }
    overflow.removeAttribute('hidden');
    const parts = Object.entries(i.byCategory).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${label(c)} ${fmt.num(n)}`).join(' · ');
    const fix = i.suggestion;
    overflow.replaceChildren(
      ...[
      h('b', { text: t.overflowing(fmt.num(i.total), fmt.num(i.holdsPerMinute)) }),
      h('span', { class: 'muted', text: ` ${parts}` }),
      fix && ctx.may('sensitivity.set')
        ? h('button', {
            text: t.lowerLevel(label(fix.category), levelName(fix.level)),
            attrs: { type: 'button', 'data-act': 'lower-level' },
            on: { click: () => void ctx.run({ kind: 'sensitivity.set', category: fix.category as SensitivityCategory, level: fix.level as Level }).then((r) => r && ctx.toast(t.levelSet(label(fix.category), levelName(fix.level)), 'ok')) },
          })
        : null,
      ].filter((x): x is HTMLElement => x !== null),
    );
  };

  const undo = async () => {
    if (!lastUndo || lastUndo.until < ctx.client.now()) return void ctx.toast(t.nothingToUndo, 'info');
    const id = lastUndo.decisionId;
    lastUndo.toast.remove();
    lastUndo = null;
    const r = (await ctx.run({ kind: 'moderation.undo', decisionId: id })) as { restored: string[] } | undefined;
    if (!r) return;
    ctx.toast(t.undone(r.restored.length), 'ok');
    if (r.restored.length) {
      undone = r.restored;
      // back already (the queue's update came before the answer: listed below as new under the pointer), or once it comes
      layout();
    }
  };

  return {
    keys: ['queue', 'queueInfo', 'userContext', 'modStats'],
    render(s) {
      if (s.userContext) context = s.userContext;
      if (s.queueInfo) renderOverflow(s.queueInfo);
      if (s.queue) {
        const before = new Map(items.map((i) => [i.id, i]));
        items = Object.values(s.queue).sort(queueOrder);
        // The console gets the most urgent page of the queue: when as many are listed as before and
        // the one that left sorts after every one listed, more urgent ones pushed it off the page
        // (it still waits); a decided one leaves a gap, or the next one up from below sorts after it.
        const lowest = items.length >= before.size ? items.at(-1) : undefined;
        const pushedDown = (id: string): boolean => {
          const was = before.get(id);
          return !!was && !!lowest && queueOrder(was, lowest) > 0;
        };
        // greyed under the pointer and back in the queue (room on the page again, or an undo elsewhere): alive where it is, listed once
        if (frozen) for (const it of items) {
          const row = gone.get(it.id);
          if (!row || rows.has(it.id) || row.el.parentElement !== list) continue;
          gone.delete(it.id);
          row.el.classList.remove('gone');
          row.el.removeAttribute('aria-disabled');
          setText(row.claim, '');
          rows.set(it.id, row);
          let next = row.el.nextElementSibling;
          while (next && !visible.some((v) => rows.get(v.id)?.el === next)) next = next.nextElementSibling;
          const at = next ? visible.findIndex((v) => rows.get(v.id)?.el === next) : -1;
          visible.splice(at < 0 ? visible.length : at, 0, it);
        }
        for (const it of items) {
          const row = rows.get(it.id);
          const key = `${it.text}\u0000${it.priority}\u0000${JSON.stringify(it.reasons)}`;
          if (!row || row.key !== key) {
            const fresh = buildRow(it);
            if (row) row.el.replaceWith(fresh.el);
            rows.set(it.id, fresh);
          }
        }
        const ids = new Set(items.map((i) => i.id));
        if (frozen) pinHeight();
        for (const [id, row] of rows) if (!ids.has(id)) {
          const mineNow = deciding.get(id);
          if (!frozen || row.el.parentElement !== list || mineNow === 'mine') row.el.remove();
          // this console's decision is on its way: whose it was, the answer says (it may be another moderator's)
          else if (mineNow === 'sent') {
            row.el.classList.remove('cursor', 'selected');
            awaiting.set(id, row);
          }
          // decided elsewhere (or pushed off the page) under the pointer: greyed where it was until the pointer leaves
          else markGone(id, row, pushedDown(id) ? t.movedDown : t.decidedElsewhere);
          rows.delete(id);
          mine.delete(id);
        }
        for (const id of [...deciding.keys()]) if (!ids.has(id)) deciding.delete(id);
        layout();
      } else paint();
      const m = s.modStats;
      if (m) {
        setText(stats.median, m.medianMs === null ? '—' : formatAge(m.medianMs));
        setText(stats.p90, m.p90Ms === null ? '—' : formatAge(m.p90Ms));
        setText(stats.dpm, fmt.num(m.decisionsPerMinute, 1));
        setText(stats.timeouts, fmt.num(m.resolvedByTimeout));
        drawLines(waitChart, [
          { values: m.history.map((p) => (p.medianMs === null ? null : p.medianMs / 1000)), color: '#4fc3f7', label: t.seriesMedian },
          { values: m.history.map((p) => (p.p90Ms === null ? null : p.p90Ms / 1000)), color: '#ffb020', label: t.seriesP90 },
        ]);
        drawLines(decChart, [{ values: m.history.map((p) => p.decisions), color: '#3ddc84', label: t.seriesDecisions }]);
        drawLines(lenChart, [{ values: m.history.map((p) => p.queueLength), color: '#ff6b8b', label: t.seriesQueue }]);
      }
      this.tick?.(ctx.client.now());
    },
    tick(now) {
      for (const it of items) {
        const row = rows.get(it.id);
        if (row) setText(row.age, formatAge(now - it.heldAt));
      }
      const oldestAt = items.reduce((m, i) => Math.min(m, i.heldAt), Infinity);
      showCount();
      setText(oldest, t.oldest(Number.isFinite(oldestAt) ? formatAge(now - oldestAt) : '—'));
      oldest.classList.toggle('late', Number.isFinite(oldestAt) && now - oldestAt > 30_000);
    },
    key(ev) {
      if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return false;
      const k = ev.key.toLowerCase();
      if (k === 'arrowdown' || (k === 'j' && !ev.shiftKey)) return move(1, ev.shiftKey), true;
      if (k === 'arrowup' || (k === 'k' && !ev.shiftKey)) return move(-1, ev.shiftKey), true;
      if (ev.shiftKey) return false;
      if (k === 'x' && ui.cursor) return toggle(ui.cursor), true;
      if (k === 's') return selectSame(), true;
      if (k === 'z') return void undo(), true;
      if (k === 'l') return setLang(ui.lang === 'all' ? 'en' : ui.lang === 'en' ? 'zh' : 'all'), true;
      const d = KEYS[k];
      if (d && ctx.may('moderation.decide')) return void decide(d), true;
      return false;
    },
  };
}
