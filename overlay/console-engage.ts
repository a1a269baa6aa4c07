/**
 * The producer's engagement controls (issue 17): open a lucky draw (keyword, window, winners,
 * eligibility), watch the entries tick, close and draw, redraw a no-show, export the draw; open a
 * poll or quiz and watch its bars; drop a coupon and count claims. Every text from engage-i18n.ts,
 * in the console's language (`ctx.lang`).
 */
import type { Command, EngageView } from '../config/protocol.js';
import type { ControlState } from '../config/views.js';
import { ENGAGE_TEXT } from './engage-i18n.js';
import { pick } from './i18n.js';
import { h, setText } from './dom.js';
import type { Ctx, Section } from './console-ctx.js';
import { formatClock } from './format.js';
import { parseDuration } from './console-producer.js';
import './console-engage.css';

export function engageSection(ctx: Ctx, mount: HTMLElement): Section {
  const t = pick(ENGAGE_TEXT, ctx.lang); // the console's language: the language button builds the panel again
  const run = (cmd: Command) => ctx.run(cmd);
  const input = (name: string, attrs: Record<string, string> = {}) => h('input', { attrs: { name, ...attrs } });
  const field = (label: string, el: HTMLElement) => h('label', { class: 'field' }, h('span', { text: label }), el);
  const check = (name: string, label: string) => {
    const box = input(name, { type: 'checkbox' });
    return { box, el: h('label', { class: 'field check' }, box, h('span', { text: label })) };
  };
  const btn = (text: string, name: string, onClick: () => void) => h('button', { text, attrs: { type: 'button', name }, on: { click: onClick } });

  // ---- draw
  const keyword = input('draw-keyword', { value: '想要', maxlength: '40' });
  const prize = input('draw-prize', { maxlength: '120' });
  const dDur = input('draw-duration', { value: '60s' });
  const winners = input('draw-winners', { type: 'number', min: '1', max: '100', value: '1' });
  const noFirst = check('draw-no-first', t.cNoFirstTime);
  const subs = check('draw-subs', t.cSubsOnly);
  const dStatus = h('div', { class: 'engage-status', attrs: { 'data-status': 'draw' } });
  const dWinners = h('ol', { class: 'engage-winners' });
  const download = (name: string, body: string, type: string) => {
    const a = h('a', { attrs: { href: URL.createObjectURL(new Blob([body], { type })), download: name } });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  const exportDraw = async (format: 'json' | 'csv') => {
    const r = (await run({ kind: 'draw.export', format })) as { body: unknown } | undefined;
    // a CSV starts with a UTF-8 byte-order mark: Excel reads it as the system's code page without one (Chinese names garbled)
    if (r) download(`draw.${format}`, typeof r.body === 'string' ? `${format === 'csv' ? '\ufeff' : ''}${r.body}` : JSON.stringify(r.body, null, 2), format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json');
  };
  const drawBox = h(
    'fieldset',
    { class: 'engage-draw-controls' },
    h('legend', { text: t.cDraw }),
    field(t.cKeyword, keyword),
    field(t.cPrize, prize),
    field(t.cDuration, dDur),
    field(t.cWinners, winners),
    noFirst.el,
    subs.el,
    h(
      'div',
      { class: 'row' },
      btn(t.cOpen, 'draw-open', () => {
        const durationMs = parseDuration(dDur.value);
        if (!keyword.value.trim() || durationMs === undefined) return void ctx.toast(t.cDrawNeeds, 'error');
        void run({ kind: 'draw.open', keyword: keyword.value.trim(), prize: prize.value.trim(), durationMs, winners: Number(winners.value) || 1, eligibility: { excludeFirstTime: noFirst.box.checked, subscribersOnly: subs.box.checked } });
      }),
      btn(t.cCloseNow, 'draw-close', () => void run({ kind: 'draw.close' })),
      btn(t.cClear, 'draw-clear', () => void run({ kind: 'draw.clear' })),
      btn(t.cExportJson, 'draw-export-json', () => void exportDraw('json')),
      btn(t.cExportCsv, 'draw-export-csv', () => void exportDraw('csv')),
    ),
    dStatus,
    dWinners,
  );

  // ---- poll
  const question = input('poll-question', { maxlength: '200' });
  const options = h('textarea', { attrs: { name: 'poll-options', rows: '4' } });
  const pDur = input('poll-duration', { value: '60s' });
  const lastCounts = check('poll-last', t.cLastCounts);
  const correct = input('poll-correct', { type: 'number', min: '1', max: '6' });
  const pStatus = h('div', { class: 'engage-status', attrs: { 'data-status': 'poll' } });
  const pollBox = h(
    'fieldset',
    { class: 'engage-poll-controls' },
    h('legend', { text: t.cPoll }),
    field(t.cQuestion, question),
    field(t.cOptions, options),
    field(t.cDuration, pDur),
    lastCounts.el,
    field(t.cCorrect, correct),
    h(
      'div',
      { class: 'row' },
      btn(t.cOpenPoll, 'poll-open', () => {
        const opts = options.value.split('\n').map((s) => s.trim()).filter(Boolean).map((label) => ({ label, keywords: [] }));
        const durationMs = parseDuration(pDur.value);
        if (!question.value.trim() || opts.length < 2 || opts.length > 6 || durationMs === undefined) return void ctx.toast(t.cPollNeeds, 'error');
        const c = Number(correct.value);
        void run({ kind: 'poll.open', question: question.value.trim(), options: opts, durationMs, counts: lastCounts.box.checked ? 'last' : 'first', ...(c >= 1 ? { quiz: { correct: c - 1, winners: 3 } } : {}) });
      }),
      btn(t.cClosePoll, 'poll-close', () => void run({ kind: 'poll.close' })),
      btn(t.cClear, 'poll-clear', () => void run({ kind: 'poll.clear' })),
    ),
    pStatus,
  );

  // ---- coupon
  const code = input('coupon-code', { maxlength: '40' });
  const text = input('coupon-text', { maxlength: '120', value: '立即下单 · Order now' });
  const cDur = input('coupon-duration', { value: '2m' });
  const total = input('coupon-total', { type: 'number', min: '0', value: '0' });
  const cStatus = h('div', { class: 'engage-status', attrs: { 'data-status': 'coupon' } });
  const couponBox = h(
    'fieldset',
    { class: 'engage-coupon-controls' },
    h('legend', { text: t.cCoupon }),
    field(t.cCode, code),
    field(t.cText, text),
    field(t.cDuration, cDur),
    field(t.cTotal, total),
    h(
      'div',
      { class: 'row' },
      btn(t.cStartCoupon, 'coupon-start', () => {
        const durationMs = parseDuration(cDur.value);
        if (!text.value.trim() || durationMs === undefined) return void ctx.toast(t.cCouponNeeds, 'error');
        void run({ kind: 'coupon.start', code: code.value.trim(), text: text.value.trim(), durationMs, total: Number(total.value) || 0 });
      }),
      btn('+1', 'coupon-plus', () => void run({ kind: 'coupon.claim', delta: 1 })),
      btn('+10', 'coupon-plus10', () => void run({ kind: 'coupon.claim', delta: 10 })),
      btn(t.cEndCoupon, 'coupon-end', () => void run({ kind: 'coupon.end' })),
    ),
    cStatus,
  );

  mount.append(h('h2', { text: `${t.cDraw} · ${t.cPoll} · ${t.cCoupon}` }), drawBox, pollBox, couponBox);

  let view: EngageView | undefined;
  let winnersKey = '';
  const tick = (now: number) => {
    const num = (n: number) => ctx.fmt.num(n);
    const d = view?.draw;
    setText(
      dStatus,
      !d
        ? view?.voidedDraw
          ? t.cDrawVoided(view.voidedDraw.keyword)
          : t.cNoDraw
        : d.phase === 'open'
          ? `${d.keyword} · ${t.cEntries(num(d.entries))} · ${formatClock(Math.max(0, d.endsAt - now))} · ${t.cCommit} ${d.commit.slice(0, 16)}…`
          : `${d.winners.length ? t.cDrawn(num(d.entries)) : t.cDrawnNone(num(d.entries))} · ${t.drawSeed} ${d.seed ?? ''}`,
    );
    const p = view?.poll;
    /** How a closed poll or quiz ended: a quiz names its answer and its first correct answers, or says a restart left it without winners. */
    const pollEnd = (q: NonNullable<EngageView['poll']>): string => {
      const answer = q.correct === null ? null : num(q.correct + 1);
      if (q.closedByRestart) return q.quiz ? `${answer === null ? '' : `${t.quizCorrect}: ${answer} · `}${t.cQuizClosedByRestart}` : t.cPollClosedByRestart;
      return q.quiz && answer !== null ? t.cQuizClosed(answer, q.winners.map((w) => w.name).join(', ') || '—') : t.cPollClosed;
    };
    const votes = p ? p.counts.reduce((a, b) => a + b, 0) : 0;
    setText(
      pStatus,
      p
        ? `${p.question} · ${p.options.map((o, i) => `${i + 1}. ${o}: ${num(p.counts[i] ?? 0)}`).join(' · ')} · ${t.cVotes(num(votes))} · ${p.phase === 'open' ? formatClock(Math.max(0, p.endsAt - now)) : pollEnd(p)}`
        : t.cNoPoll,
    );
    const c = view?.coupon;
    const live = c !== undefined && c !== null && c.endedAt === null && c.endsAt > now;
    setText(cStatus, c ? `${c.code || t.cartNow} · ${num(c.claimed)}${c.total ? `/${num(c.total)}` : ''} ${t.couponClaimed} · ${live ? formatClock(c.endsAt - now) : t.cCouponEnded}` : t.cNoCoupon);
  };
  return {
    keys: ['overlay'],
    render(state: Partial<ControlState>) {
      view = state.overlay?.engage;
      const d = view?.draw;
      const key = JSON.stringify(d?.phase === 'drawn' ? d.winners : []);
      if (key !== winnersKey) {
        winnersKey = key;
        dWinners.replaceChildren(
          ...(d?.phase === 'drawn' ? d.winners : []).map((w) =>
            h('li', { class: w.replaced ? 'replaced' : '' }, h('span', { text: `${w.name} (${w.key})` }), w.replaced ? null : btn(t.cRedraw, 'draw-redraw', () => void run({ kind: 'draw.redraw', userKey: w.key }))),
          ),
        );
      }
      tick(ctx.client.now());
    },
    tick,
  };
}
