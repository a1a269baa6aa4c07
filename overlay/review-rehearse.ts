/**
 * Rehearsal on the review page (issue 16): for a show that kept its chat, the producer picks changed
 * settings (a level per category, blocked / allowed terms added or removed, optionally a YAML
 * fragment), runs the replay on the server (POST /api/shows/:id/rehearse, one at a time per server),
 * watches its progress and reads the difference to the live show: in sentences ("34 fewer holds",
 * the comments that would have reached the screen, cards forming earlier), as paired bars and
 * per-minute charts against the live show, then the rehearsed show's whole review.
 */
import { LEVELS, SENSITIVITY_CATEGORIES } from '../config/levels.js';
import type { RehearsalView, RehearseRequest, Review } from '../config/review.js';
import { COLORS, alignedMinutes, chart, compareCard, fill, renderReview, type CompareRow, type ViewCtx } from './review-view.js';
import { h } from './dom.js';
import type { ReviewKey } from './review-i18n.js';

type Result = NonNullable<RehearsalView['result']>;

const terms = (s: string): string[] => s.split(/[,，\n]/).map((x) => x.trim()).filter(Boolean);

/** The rehearsal (`a`) against the live show (`b`): what changes for moderators and the screen, per platform too. */
function rehearsalRows(ctx: ViewCtx, now: Review, live: Review): CompareRow[] {
  const { t } = ctx;
  const rows: CompareRow[] = [
    { key: 'hold', label: t('held'), a: now.totals.hold, b: live.totals.hold },
    { key: 'block', label: t('blocked'), a: now.totals.block, b: live.totals.block },
    { key: 'flag', label: t('flagged'), a: now.totals.flag, b: live.totals.flag },
    { key: 'shown', label: t('shown'), a: now.totals.allow + now.totals.flag, b: live.totals.allow + live.totals.flag },
  ];
  if (live.platforms.length > 1) {
    for (const p of live.platforms) {
      const q = now.platforms.find((x) => x.platform === p.platform);
      rows.push({ key: 'hold', label: t('held'), a: q?.hold ?? 0, b: p.hold, platform: p.platform });
    }
  }
  return rows;
}

/** The difference to the live show, as sentences and lists, bars and charts, then the rehearsed show's review. */
export function renderDiff(r: Result, ctx: ViewCtx): HTMLElement {
  const { t, label } = ctx;
  const d = r.diff;
  const delta = d.holdsNow - d.holdsLive;
  const headline = delta < 0 ? fill(t('rhFewerHolds'), { n: -delta }) : delta > 0 ? fill(t('rhMoreHolds'), { n: delta }) : t('rhSameHolds');
  const row = (x: Result['diff']['reachedScreen'][number]): HTMLElement => h('li', {}, h('span', { class: 'rh-verdict', text: `${label(x.live)} → ${label(x.now)}` }), ' ', h('q', { text: x.text }), x.reasons.length ? h('span', { class: 'muted', text: ` (${x.reasons.join(', ')})` }) : null);
  const cards = d.cards.filter((c) => c.deltaS !== 0).slice(0, 10);
  const cardLine = (c: Result['diff']['cards'][number]): string =>
    c.deltaS === null ? (c.liveAt === null ? t('rhCardNew') : t('rhCardGone')) : c.deltaS < 0 ? fill(t('rhCardEarlier'), { s: -c.deltaS }) : fill(t('rhCardLater'), { s: c.deltaS });
  const speed = r.elapsedMs > 0 ? Math.round(r.chatSpanMs / r.elapsedMs) : 0;
  return h(
    'div',
    { class: 'rh-result', attrs: { 'data-rehearsal': 'result', 'data-holds-delta': String(delta), 'data-reached': String(d.reachedScreenCount) } },
    h('p', { class: 'rh-headline' }, h('strong', { text: `${t('rhWithThese')} ` }), headline, ` (${t('held')} ${d.holdsLive} → ${d.holdsNow}; ${t('blocked')} ${r.live.block} → ${r.now.block})`),
    h('p', { class: 'muted', text: `${fill(t('rhSame'), { same: d.same, n: r.messages, ms: r.elapsedMs })}${r.chatSpanMs >= 10_000 ? ` (${fill(t('rhSpeed'), { x: speed })})` : ''}` }),
    h('h4', { text: fill(t('rhReached'), { n: d.reachedScreenCount }) }),
    d.reachedScreen.length ? h('ul', { attrs: { 'data-list': 'reached' } }, ...d.reachedScreen.slice(0, 20).map(row)) : h('p', { class: 'muted', text: t('nothing') }),
    h('h4', { text: fill(t('rhHidden'), { n: d.hiddenNowCount }) }),
    d.hiddenNow.length ? h('ul', { attrs: { 'data-list': 'hidden' } }, ...d.hiddenNow.slice(0, 20).map(row)) : h('p', { class: 'muted', text: t('nothing') }),
    h('h4', { text: t('rhCards') }),
    cards.length ? h('ul', { attrs: { 'data-list': 'cards' } }, ...cards.map((c) => h('li', {}, h('span', { class: 'rh-verdict', text: cardLine(c) }), ' ', h('q', { text: c.text })))) : h('p', { class: 'muted', text: t('rhCardsSame') }),
    r.review && r.liveReview ? against(r.review, r.liveReview, ctx) : null,
  );
}

/** Paired bars and per-minute lines against the live show, then the rehearsed show drawn as a review. */
function against(now: Review, live: Review, ctx: ViewCtx): HTMLElement {
  const { t } = ctx;
  const m = alignedMinutes(now, live);
  const line = (rows: (Review['minutes'][number] | null)[], f: (x: Review['minutes'][number]) => number, color: string, name: string) => ({ values: rows.map((x) => (x ? f(x) : null)), color, label: name });
  return h(
    'div',
    { class: 'rh-against', attrs: { 'data-rehearsal': 'against' } },
    compareCard(ctx, t('rhCompare'), [t('rhRehearsal'), t('rhLive')], rehearsalRows(ctx, now, live), 'rehearsal-compare'),
    h(
      'div',
      { class: 'charts' },
      chart(ctx, t('rhHoldsChart'), [line(m.b, (x) => x.hold, COLORS[0] as string, t('rhLive')), line(m.a, (x) => x.hold, COLORS[1] as string, t('rhRehearsal'))], { chart: 'rh-holds' }),
      chart(ctx, t('rhShownChart'), [line(m.b, (x) => x.allow + x.flag, COLORS[0] as string, t('rhLive')), line(m.a, (x) => x.allow + x.flag, COLORS[1] as string, t('rhRehearsal'))], { chart: 'rh-shown' }),
    ),
    renderReview(ctx, now, { rehearsal: true }),
  );
}

/** The panel: the form, the run button, progress, the result. */
export function rehearsalPanel(showId: string, ctx: ViewCtx): HTMLElement {
  const { t, label } = ctx;
  const levels = SENSITIVITY_CATEGORIES.map((cat) =>
    h('label', {}, `${label(cat)} `, h('select', { attrs: { name: `level-${cat}`, 'data-category': cat } }, h('option', { text: t('rhAsLive'), attrs: { value: '' } }), ...LEVELS.map((l) => h('option', { text: t(`rhLevel_${l}` as ReviewKey), attrs: { value: l } })))),
  );
  const area = (name: string, k: ReviewKey, rows = 2): HTMLLabelElement => h('label', { class: 'rh-terms' }, t(k), h('textarea', { attrs: { name, rows: String(rows), placeholder: t('rhTermsHint') } }));
  const yaml = h('textarea', { attrs: { name: 'yaml', rows: '5', spellcheck: 'false', placeholder: 'filters:\n  sensitivity:\n    links: low' } });
  const status = h('p', { class: 'rh-status', attrs: { 'data-rehearsal': 'status', role: 'status' } });
  const progress = h('progress', { attrs: { max: '1', value: '0', hidden: '' } });
  const out = h('div', {});
  const form = h('form', { class: 'rh-form' });
  const value = (name: string): string => (form.querySelector(`[name="${name}"]`) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value;
  const run = h('button', { text: t('rhRun'), attrs: { type: 'submit', 'data-action': 'rehearse' } });

  const poll = async (): Promise<void> => {
    for (;;) {
      const res = await fetch(`/api/shows/${encodeURIComponent(showId)}/rehearse`, { credentials: 'same-origin' });
      const v = (await res.json()) as RehearsalView & { error?: unknown };
      if (!res.ok) throw new Error((v.error as { message?: string } | undefined)?.message ?? `HTTP ${res.status}`);
      if (v.state === 'running') {
        progress.removeAttribute('hidden');
        progress.value = v.total ? v.done / v.total : 0;
        status.textContent = fill(t('rhProgress'), { done: v.done, total: v.total || '…' });
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      progress.setAttribute('hidden', '');
      if (v.state === 'failed') throw new Error(v.error ?? 'failed');
      if (v.state === 'done' && v.result) {
        status.textContent = '';
        out.replaceChildren(renderDiff(v.result, ctx));
      }
      return;
    }
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const sensitivity: Record<string, string> = {};
    for (const cat of SENSITIVITY_CATEGORIES) if (value(`level-${cat}`)) sensitivity[cat] = value(`level-${cat}`);
    const body: RehearseRequest = {
      sensitivity: sensitivity,
      blocked: { add: terms(value('blockAdd')), remove: terms(value('blockRemove')) },
      allowed: { add: terms(value('allowAdd')), remove: terms(value('allowRemove')) },
      ...(value('yaml').trim() ? { yaml: value('yaml') } : {}),
      // the rehearsed show is titled in the page's language ("…（排练）")
      lang: ctx.lang,
    };
    run.disabled = true;
    status.textContent = t('rhStarting');
    status.classList.remove('rh-error');
    out.replaceChildren();
    void (async () => {
      try {
        const res = await fetch(`/api/shows/${encodeURIComponent(showId)}/rehearse`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (!res.ok) {
          const err = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
          const code = err?.error?.code;
          throw new Error(code === 'SR_BUSY' ? `${t('rhBusy')} (${err?.error?.message ?? ''})` : code === 'SR_FORBIDDEN' ? t('rhProducerOnly') : (err?.error?.message ?? `HTTP ${res.status}`));
        }
        await poll();
      } catch (err) {
        status.textContent = `${t('rhFailed')}: ${(err as Error).message}`;
        status.classList.add('rh-error');
        progress.setAttribute('hidden', '');
      } finally {
        run.disabled = false;
      }
    })();
  });

  form.append(
    h('div', { class: 'rh-levels' }, h('strong', { text: `${t('rhLevels')}: ` }), ...levels),
    h('div', { class: 'rh-grid' }, area('blockAdd', 'rhBlockAdd'), area('blockRemove', 'rhBlockRemove'), area('allowAdd', 'rhAllowAdd'), area('allowRemove', 'rhAllowRemove')),
    h('details', {}, h('summary', { text: t('rhYaml') }), yaml),
    h('div', { class: 'rh-actions' }, run, progress, status),
  );
  // a rehearsal that already ran (or still runs) for this show: show it
  void poll().catch(() => undefined);
  return h('section', { class: 'card rehearsal no-print', attrs: { 'data-section': 'rehearsal' } }, h('h3', { text: t('rhTitle') }), h('p', { class: 'muted', text: t('rhIntro') }), form, out);
}
