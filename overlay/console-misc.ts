/** Console header (counters, sparkline, sources, OBS), live allowed/flagged/held/blocked streams, the terms editor. */
import type { MessageSet, Messages, Translation } from '../config/i18n.js';
import type { FeedItem } from '../config/protocol.js';
import type { ControlState, SourceStatus } from '../config/views.js';
import { renderStatus, STATUS_TEXT, type StatusMessage } from '../config/status-text.js';
import { appendMarked, h, setText } from './dom.js';
import { drawSparkline } from './charts.js';
import type { Ctx, Section } from './console-ctx.js';
import { LANG_NAME } from './console-text.js';
import { pick } from './i18n.js';

/** Why a platform source is in its state (`SourceStatus.condition`), as the source line says it. */
const conditionEn: Readonly<Record<NonNullable<SourceStatus['condition']>, string>> = { live: 'live', offline: 'offline', auth: 'wrong credentials', 'rate-limited': 'rate-limited' };
const conditionZh: Translation<typeof conditionEn> = { live: '直播中', offline: '未开播', auth: '凭据错误', 'rate-limited': '被限流' };
export const sourceConditionText: MessageSet<typeof conditionEn> = { en: conditionEn, zh: conditionZh };

/** The names of the platforms' figures (`SourceStatus.figures`: TikTok's gifts and likes, YouTube's Super Chats and quota…); a name not listed is shown as it is. */
const figureEn = {
  viewers: 'viewers',
  likes: 'likes',
  gifts: 'gifts',
  diamonds: 'diamonds',
  follows: 'follows',
  shares: 'shares',
  joins: 'joins',
  invalid: 'unreadable',
  superChats: 'Super Chats',
  superChatMicros: 'Super Chat amount (millionths)',
  superStickers: 'Super Stickers',
  newMembers: 'new members',
  milestones: 'member milestones',
  giftedMemberships: 'gifted memberships',
  quotaUsed: 'quota used',
  quotaLimit: 'daily quota',
  quotaResetsAt: 'quota resets',
};
const figureZh: Translation<typeof figureEn> = {
  viewers: '在线人数',
  likes: '点赞',
  gifts: '礼物',
  diamonds: '钻石',
  follows: '关注',
  shares: '分享',
  joins: '进场',
  invalid: '无法解析',
  superChats: '超级留言',
  superChatMicros: '超级留言金额（百万分之一）',
  superStickers: '超级贴纸',
  newMembers: '新会员',
  milestones: '会员里程碑',
  giftedMemberships: '赠送的会员',
  quotaUsed: '已用配额',
  quotaLimit: '每日配额',
  quotaResetsAt: '配额重置',
};
/** Looked up by the names the sources send; `figureZh` must have every key of `figureEn`. */
export const sourceFigureText: MessageSet<Messages> = { en: figureEn, zh: figureZh };

/** The header; `switchLang` is the language button's one click (the console is built again). */
export function headerSection(ctx: Ctx, mount: HTMLElement, switchLang: () => void): Section {
  const { t, fmt } = ctx;
  const conditionName = pick(sourceConditionText, ctx.lang);
  const figureNames = pick(sourceFigureText, ctx.lang);
  const figureName = (k: string): string => {
    const n = figureNames[k];
    return typeof n === 'string' ? n : k;
  };
  /** A source's figures; YouTube's quota as one "used / limit (share)" entry. */
  const figuresText = (figs: SourceStatus['figures']): string => {
    if (!figs) return '';
    const parts: string[] = [];
    const { quotaUsed, quotaLimit, quotaResetsAt } = figs;
    const quota = quotaUsed !== undefined && quotaLimit !== undefined && quotaLimit > 0;
    if (quota) {
      parts.push(t.quota(fmt.num(quotaUsed), fmt.num(quotaLimit), fmt.num((quotaUsed / quotaLimit) * 100, 1)));
      // YouTube's midnight Pacific, in the reader's own clock
      if (quotaResetsAt !== undefined && quotaResetsAt > 0) parts.push(t.quotaResets(fmt.hm(quotaResetsAt)));
    }
    for (const [k, v] of Object.entries(figs)) if (!quota || (k !== 'quotaUsed' && k !== 'quotaLimit' && k !== 'quotaResetsAt')) parts.push(`${figureName(k)} ${fmt.num(v)}`);
    return ` · ${parts.join(ctx.lang === 'zh-CN' ? '，' : ', ')}`;
  };
  const counter = (name: string, label: string) => {
    const v = h('b', { attrs: { 'data-counter': name } });
    return { v, el: h('div', { class: `counter c-${name}` }, h('small', { text: label }), v) };
  };
  const cIn = counter('in', t.cIn);
  const cAllowed = counter('allowed', t.cAllowed);
  const cFlagged = counter('flagged', t.cFlagged);
  const cHeld = counter('held', t.cHeld);
  // the header counts every comment held since the start, decided or not; how many of them still
  // wait is the queue's number, shown beside it (moderators and producers: a host has no queue)
  const heldWaiting = h('small', { class: 'waiting', attrs: { 'data-counter': 'waiting' } });
  cHeld.v.after(heldWaiting);
  let heldTotal = '';
  let waitingNow: string | null = null;
  const heldTitle = () => {
    cHeld.el.title = heldTotal ? t.heldTitle(heldTotal, sinceAt, waitingNow) : '';
  };
  let sinceAt = '';
  const cBlocked = counter('blocked', t.cBlocked);
  const rate = h('span', { class: 'rate' });
  // the mood in view whatever the panel's place in the layout; an alert turns it red (a click shows the panel)
  const moodValue = h('b', { attrs: { 'data-counter': 'mood' } });
  const moodChip = h('button', { class: 'counter c-mood', title: t.moodChipTitle, attrs: { type: 'button', 'data-mood-chip': '' }, on: { click: () => document.querySelector('[data-panel=mood]')?.scrollIntoView({ behavior: 'smooth', block: 'center' }) } }, h('small', { text: t.cMood }), moodValue);
  // the ingest over its budget: batches refused (429 / SR_BUSY), shown only once it has happened
  const busy = h('small', { class: 'busy', attrs: { 'data-busy': '' } });
  // the counters count since this server process started (held items and overlay state outlive a restart; these do not)
  const since = h('small', { class: 'since', attrs: { 'data-since': '' } });
  const spark = h('canvas', { class: 'spark', title: t.rateTitle, attrs: { width: '160', height: '32' } });
  const sources = h('div', { class: 'sources' });
  const obsLine = h('span');
  const obsDetail = h('span', { class: 'detail', attrs: { lang: 'en' } });
  const obs = h('div', { class: 'obs' }, obsLine, obsDetail);
  const conn = h('span', { class: 'conn', attrs: { 'data-conn': '' } });
  const audit = ctx.role === 'host' ? null : h('span', { class: 'audit' }, t.audit, h('a', { text: 'CSV', attrs: { href: '/api/audit?format=csv', download: 'showrunner-audit.csv' } }), ' ', h('a', { text: 'JSON', attrs: { href: '/api/audit?format=json&download=1', target: '_blank', rel: 'noopener' } }));
  // The button is written in the language it switches to (中文 / English), as language pickers are.
  const other = ctx.lang === 'zh-CN' ? 'en' : 'zh-CN';
  const langBtn = h('button', { text: t.langButton, title: t.langButtonTitle, class: 'lang-switch', attrs: { type: 'button', lang: other, 'data-action': 'switch-lang' }, on: { click: switchLang } });
  // The show language of the overlay, for the viewers (producers only).
  const names = LANG_NAME[ctx.lang === 'zh-CN' ? 'zh' : 'en'];
  const overlayLang = h('select', { title: t.overlayLangTitle, attrs: { name: 'overlayLang', 'aria-label': t.overlayLang } }, h('option', { text: names.en, attrs: { value: 'en' } }), h('option', { text: names['zh-CN'], attrs: { value: 'zh-CN' } }));
  overlayLang.addEventListener('change', () => {
    const lang = overlayLang.value === 'zh-CN' ? 'zh-CN' : 'en';
    void ctx.run({ kind: 'overlay.lang', lang }).then((r) => r !== undefined && ctx.toast(t.overlayLangSet(names[lang]), 'ok'));
  });
  mount.append(
    h('div', { class: 'brand' }, h('b', { text: 'Showrunner' }), h('span', { class: `role role-${ctx.role}`, text: t.role(ctx.role) })),
    h('div', { class: 'counters' }, cIn.el, cAllowed.el, cFlagged.el, cHeld.el, cBlocked.el, h('div', { class: 'counter' }, h('small', { text: t.cRate }), rate), spark, moodChip, since, busy),
    h('div', { class: 'status' }, sources, obs),
    audit ?? '',
    ctx.may('overlay.lang') ? h('label', { class: 'overlay-lang' }, h('small', { text: t.overlayLang }), overlayLang) : '',
    langBtn,
    conn,
  );
  const statusTable = ctx.lang === 'zh-CN' ? STATUS_TEXT.zh : STATUS_TEXT.en;
  /** A status's detail: its message in the console's language; the plain server text when there is none (or its key is unknown here). */
  const showDetail = (el: HTMLElement, st: { detail: string; message?: StatusMessage | undefined }): void => {
    const said = st.message ? renderStatus(statusTable, st.message) : null;
    const text = said ?? st.detail;
    setText(el, text ? ` — ${text}` : '');
    el.lang = said !== null ? ctx.lang : 'en';
  };
  const srcRows = new Map<string, HTMLElement>();
  let src: Record<string, SourceStatus> = {};
  let obsState: ControlState['obs'] | null = null;
  return {
    keys: ['stats', 'sources', 'obs', 'overlay', 'mood', 'queueInfo'],
    render(s) {
      if (s.queueInfo) {
        waitingNow = fmt.num(s.queueInfo.total);
        setText(heldWaiting, t.waiting(waitingNow));
        heldTitle();
      }
      if (s.mood) {
        const v = Math.max(-1, Math.min(1, s.mood.index));
        const share = t.negativeShare(fmt.pct(s.mood.negativeShare));
        setText(moodValue, s.mood.alert ? `${t.moodChipAlert} · ${share}` : `${v >= 0 ? '+' : ''}${fmt.num(v, 2)} · ${share}`);
        moodChip.dataset.alert = String(!!s.mood.alert);
      }
      if (s.overlay && overlayLang.value !== s.overlay.lang) overlayLang.value = s.overlay.lang ?? 'en';
      if (s.stats) {
        setText(cIn.v, fmt.num(s.stats.in));
        setText(cAllowed.v, fmt.num(s.stats.allowed));
        setText(cFlagged.v, fmt.num(s.stats.flagged ?? 0));
        setText(cHeld.v, (heldTotal = fmt.num(s.stats.held)));
        setText(cBlocked.v, fmt.num(s.stats.blocked));
        setText(rate, fmt.num(s.stats.rate, 1));
        setText(busy, s.stats.refused > 0 || s.stats.ingestBusy ? t.busy(s.stats.ingestBusy, fmt.num(s.stats.refused)) : '');
        busy.title = t.busyTitle(fmt.num(s.stats.ingestBuffered), fmt.num(s.stats.refused), fmt.num(s.stats.invalid));
        const started = fmt.hm(s.stats.startedAt);
        setText(since, t.since(started));
        since.title = t.sinceTitle(started);
        sinceAt = started;
        heldTitle();
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
          // the condition, the figures and the source's words about its state (a message, in the console's language) in a detail span
          row = h('div', { class: 'src', attrs: { 'data-source': name } }, h('span'), h('span', { class: 'condition' }), h('span', { class: 'detail', attrs: { lang: 'en' } }), h('span', { class: 'counts' }), h('span', { class: 'figures' }), h('span'));
          srcRows.set(name, row);
          sources.append(row);
        }
        const [line, condition, detail, counts, figures, gaps] = [...row.children] as HTMLElement[];
        // a source named after its kind (replay, twitch…) is called by the kind's name in the console's language:
        // "replay (演示回放)" put an English word on the Chinese line
        const kind = t.sourceKind(st.kind);
        setText(line as HTMLElement, `● ${name === st.kind ? kind : `${name} (${kind})`} ${t.sourceState(st.state)} ${ctx.age(now - st.since)}`);
        setText(condition as HTMLElement, st.condition ? ` [${conditionName[st.condition]}]` : '');
        showDetail(detail as HTMLElement, st);
        const refused = st.counts?.refused ?? 0;
        setText(counts as HTMLElement, st.counts ? t.sourceCounts(fmt.num(st.counts.perMinute), fmt.num(st.counts.held), fmt.num(st.counts.blocked)) + (refused > 0 ? t.sourceRefused(fmt.num(refused)) : '') : '');
        (counts as HTMLElement).title = refused > 0 ? t.sourceRefusedTitle : '';
        setText(figures as HTMLElement, figuresText(st.figures));
        setText(gaps as HTMLElement, st.gaps.length ? t.gaps(st.gaps.length) : '');
        row.dataset.state = st.state;
      }
      if (obsState) {
        setText(obsLine, `● OBS ${t.obsState(obsState.state)}${obsState.currentScene ? t.obsScene(obsState.currentScene) : ''}${obsState.obsVersion ? ` · v${obsState.obsVersion}` : ''}`);
        // the controller's words about the state, in the console's language (a message), as a detail
        showDetail(obsDetail, obsState);
        obs.dataset.state = obsState.state;
      }
      setText(conn, ctx.client.connected ? '' : t.reconnecting);
    },
  };
}

const FEED_CAP = 150;

export function feedsSection(ctx: Ctx, mount: HTMLElement): Section & { feed(items: readonly FeedItem[]): void } {
  const { t } = ctx;
  const col = (action: FeedItem['action'], title: string) => {
    const list = h('div', { class: 'feed-list', attrs: { 'data-feed': action } });
    const n = h('span', { class: 'muted' });
    const el = h('div', { class: `feed feed-${action}` }, h('h3', {}, title, ' ', n), list);
    return { list, el, n, count: 0 };
  };
  const cols = { allow: col('allow', t.feedAllow), flag: col('flag', t.feedFlag), hold: col('hold', t.feedHold), block: col('block', t.feedBlock) };
  let paused = false;
  const pause = h('button', { text: t.pauseStreams, attrs: { type: 'button' }, on: { click: () => { paused = !paused; setText(pause, paused ? t.resumeStreams : t.pauseStreams); } } });
  mount.append(h('div', { class: 'row' }, h('h2', { text: t.liveChat }), pause), h('div', { class: 'feed-cols' }, cols.allow.el, cols.flag.el, cols.hold.el, cols.block.el));
  const canFeature = ctx.may('feature.set');
  return {
    keys: [],
    render() {},
    feed(items) {
      if (paused) return;
      for (const it of items) {
        const c = cols[it.action];
        const text = h('span', { class: 'f-text' });
        appendMarked(text, it.text, it.reasons.filter((r) => r.span).map((r) => ({ span: r.span as [number, number], label: t.filterName(r.filter) })));
        const row = h(
          'div',
          { class: 'f-item', attrs: { 'data-id': it.id, 'data-lang': it.lang } },
          h('span', { class: 'muted', text: ctx.fmt.time(it.at) }),
          ' ',
          it.platform && it.platform !== 'ingest' ? h('span', { class: 'mark platform', title: t.platformTitle(t.platformName(it.platform)), attrs: { 'data-platform': it.platform }, text: t.platformName(it.platform) }) : null,
          h('b', { text: it.user.displayName }),
          it.user.firstMessage ? h('span', { class: 'mark first', text: t.firstMark, title: t.firstTitle }) : null,
          it.isQuestion ? h('span', { class: 'mark q', text: '?', title: t.questionTitle }) : null,
          ' ',
          text,
          it.reasons.length ? h('span', { class: 'muted', text: ` [${it.reasons.map((r) => t.filterName(r.filter)).join(', ')}]` }) : null,
          it.action === 'allow' && canFeature ? h('button', { text: '★', title: t.featureTitle, class: 'mini', attrs: { type: 'button' }, on: { click: () => void ctx.run({ kind: 'feature.set', messageId: it.id }) } }) : null,
        );
        c.list.prepend(row);
        c.count++;
        while (c.list.childElementCount > FEED_CAP) c.list.lastElementChild?.remove();
      }
      for (const c of Object.values(cols)) setText(c.n, `(${ctx.fmt.num(c.count)})`);
    },
  };
}

export function termsSection(ctx: Ctx, mount: HTMLElement): Section {
  const { t } = ctx;
  const lists = { blocked: h('div', { class: 'chips' }), allowed: h('div', { class: 'chips' }) };
  const adder = (list: 'blocked' | 'allowed') => {
    const inp = h('input', { attrs: { placeholder: t.addTerm(list), maxlength: '100', name: `term-${list}` } });
    const f = h('form', { class: 'row' }, inp, h('button', { text: t.add, attrs: { type: 'submit' } }));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const term = inp.value.trim();
      if (term) void ctx.run({ kind: 'terms.set', list, term, present: true }).then((r) => r !== undefined && (inp.value = ''));
    });
    return f;
  };
  mount.append(
    h('h2', { text: t.terms }),
    h('div', { class: 'terms-grid' }, h('div', {}, h('h3', { text: t.blockedTerms }), lists.blocked, adder('blocked')), h('div', {}, h('h3', { text: t.allowedTerms }), lists.allowed, adder('allowed'))),
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
          ...s.terms[list].map((term) => h('span', { class: 'chip' }, term, h('button', { text: '×', class: 'mini', title: t.removeTerm(term), attrs: { type: 'button' }, on: { click: () => void ctx.run({ kind: 'terms.set', list, term, present: false }) } }))),
        );
      }
    },
  };
}
