/**
 * The engagement widgets on the overlay (issue 17): the lucky draw (keyword, entry count ticking,
 * countdown, then the reveal animation and the winners), the poll or quiz (live bars; the correct
 * answer at the end) and the coupon drop (code or "add to cart now", countdown, claim counter).
 * Built once and kept in the DOM; a render changes only what differs; every text goes through
 * textContent. The texts follow the show's language (`overlay.lang`), like the rest of the
 * overlay. Times come from absolute server end times and the clock offset.
 */
import type { CouponView, DrawView, EngageView, PollView } from '../config/protocol.js';
import type { UiLang } from '../config/i18n.js';
import { ENGAGE_TEXT, type EngageText } from './engage-i18n.js';
import { pick } from './i18n.js';
import { formatClock, stripBidi } from './format.js';
import { el, setData, setText, show } from './overlay-dom.js';
import './overlay-engage.css';

const COUPON_END_LINGER_MS = 5_000;

export class EngageOverlay {
  readonly draw = el('section', 'w engage-draw');
  readonly #dTitle = el('div', 'ed-title', this.draw);
  readonly #dPrize = el('div', 'ed-prize', this.draw);
  readonly #dOpen = el('div', 'ed-open', this.draw);
  readonly #dHint = el('div', 'ed-hint', this.#dOpen);
  readonly #dKeyword = el('div', 'ed-keyword', this.#dOpen);
  readonly #dRow = el('div', 'ed-row', this.#dOpen);
  readonly #dCount = el('span', 'ed-count', this.#dRow);
  readonly #dTime = el('span', 'ed-time', this.#dRow);
  readonly #dWinners = el('ol', 'ed-winners', this.draw);
  readonly #dSmall = el('div', 'ed-small', this.draw);
  readonly poll = el('section', 'w engage-poll');
  readonly #pTitle = el('div', 'ep-title', this.poll);
  readonly #pQ = el('div', 'ep-q', this.poll);
  readonly #pOpts = el('div', 'ep-opts', this.poll);
  readonly #pFoot = el('div', 'ep-foot', this.poll);
  readonly #pLeft = el('span', '', this.#pFoot);
  readonly #pRight = el('span', '', this.#pFoot);
  readonly coupon = el('section', 'w engage-coupon');
  readonly #cTitle = el('div', 'ec-title', this.coupon);
  readonly #cCode = el('div', 'ec-code', this.coupon);
  readonly #cText = el('div', 'ec-text', this.coupon);
  readonly #cRow = el('div', 'ec-row', this.coupon);
  readonly #cClaimed = el('span', 'ec-claimed', this.#cRow);
  readonly #cTime = el('span', 'ec-time', this.#cRow);
  #lang: UiLang;
  #t: EngageText;
  #state: EngageView | null = null;
  #winnersKey = '';

  constructor(slots: { draw: HTMLElement; poll: HTMLElement; coupon: HTMLElement }, lang: UiLang = 'en') {
    this.#lang = lang;
    this.#t = pick(ENGAGE_TEXT, lang);
    this.draw.dataset.widget = 'draw';
    this.poll.dataset.widget = 'poll';
    this.coupon.dataset.widget = 'coupon';
    slots.draw.appendChild(this.draw);
    slots.poll.appendChild(this.poll);
    slots.coupon.appendChild(this.coupon);
  }

  /** Renders a new state at server time `now`, in the show's language `lang` (the overlay state's `lang`). */
  render(state: EngageView | undefined, now: number, lang: UiLang = this.#lang): void {
    if (lang !== this.#lang) {
      this.#lang = lang;
      this.#t = pick(ENGAGE_TEXT, lang);
      this.#winnersKey = ''; // "No entries" is a text of the language too
    }
    this.#state = state ?? null;
    this.#renderPoll(state?.poll ?? null, now);
    this.tick(now);
  }

  tick(now: number): void {
    const s = this.#state;
    this.#renderDraw(s?.draw ?? null, now);
    this.#renderCoupon(s?.coupon ?? null, now);
    const p = s?.poll;
    if (p) setText(this.#pRight, p.phase === 'open' ? formatClock(Math.max(0, p.endsAt - now)) : '');
  }

  #renderDraw(d: DrawView | null, now: number): void {
    if (!d) {
      show(this.draw, false);
      return;
    }
    const t = this.#t;
    setData(this.draw, 'phase', d.phase);
    setText(this.#dTitle, t.drawTitle);
    setText(this.#dPrize, d.prize);
    if (d.phase === 'open') {
      setText(this.#dHint, t.drawEnter);
      setText(this.#dKeyword, d.keyword);
      setText(this.#dCount, `${d.entries.toLocaleString(this.#lang)} ${t.drawEntered}`);
      const left = d.endsAt - now;
      setText(this.#dTime, left > 0 ? formatClock(left) : t.drawDrawing);
      setText(this.#dSmall, `${t.drawFair} ${d.commit.slice(0, 16)}…`);
    } else {
      const key = JSON.stringify(d.winners);
      if (key !== this.#winnersKey) {
        this.#winnersKey = key;
        const items: HTMLLIElement[] = [];
        d.winners.forEach((w, i) => {
          const li = el('li', w.replaced ? 'replaced' : '');
          li.textContent = stripBidi(w.name);
          li.style.animationDelay = `${i * 350}ms`;
          items.push(li);
        });
        if (items.length === 0) items.push(Object.assign(el('li', ''), { textContent: t.drawNoEntrants }));
        this.#dWinners.replaceChildren(...items);
      }
      setText(this.#dSmall, `${d.entries.toLocaleString(this.#lang)} ${t.drawEntered} · ${t.drawSeed} ${(d.seed ?? '').slice(0, 16)}…`);
    }
    show(this.draw, true);
  }

  #renderPoll(p: PollView | null, now: number): void {
    if (!p) {
      show(this.poll, false);
      return;
    }
    const t = this.#t;
    setText(this.#pTitle, p.quiz ? t.quizTitle : t.pollTitle);
    setText(this.#pQ, p.question);
    const total = p.counts.reduce((a, b) => a + b, 0);
    const rows = this.#pOpts.children;
    for (let i = 0; i < p.options.length; i++) {
      let row = rows[i] as HTMLElement | undefined;
      if (!row) {
        row = el('div', 'ep-opt', this.#pOpts);
        el('i', 'ep-bar', row);
        el('span', 'ep-label', row);
        el('span', 'ep-n', row);
      }
      const [bar, label, n] = [row.children[0] as HTMLElement, row.children[1] as HTMLElement, row.children[2] as HTMLElement];
      const c = p.counts[i] ?? 0;
      const pct = total > 0 ? Math.round((c / total) * 100) : 0;
      const width = `${pct}%`;
      if (bar.style.width !== width) bar.style.width = width;
      setText(label, `${i + 1}. ${p.options[i] ?? ''}`);
      setText(n, `${c} · ${pct}%`);
      row.classList.toggle('correct', p.correct === i);
    }
    while (this.#pOpts.children.length > p.options.length) this.#pOpts.lastElementChild?.remove();
    if (p.phase === 'open') setText(this.#pLeft, `${t.pollVote} · ${total} ${t.pollVotes}`);
    // a quiz closed by a restart has no winners to name (who answered was not saved): its answer only, or the result without one
    else if (p.quiz && p.correct !== null) setText(this.#pLeft, p.closedByRestart ? `${t.quizCorrect}: ${p.correct + 1}` : `${t.quizCorrect}: ${p.correct + 1} · ${t.quizWinners}: ${p.winners.map((w) => w.name).join(', ') || '—'}`);
    else setText(this.#pLeft, `${t.pollClosed} · ${total} ${t.pollVotes}`);
    setData(this.poll, 'phase', p.phase);
    setText(this.#pRight, p.phase === 'open' ? formatClock(Math.max(0, p.endsAt - now)) : '');
    show(this.poll, true);
  }

  #renderCoupon(c: CouponView | null, now: number): void {
    if (!c) {
      show(this.coupon, false);
      return;
    }
    const t = this.#t;
    const endedAt = c.endedAt ?? (now >= c.endsAt ? c.endsAt : null);
    setData(this.coupon, 'state', endedAt === null ? 'live' : 'ended');
    setText(this.#cTitle, endedAt !== null ? t.couponEnded : c.code ? t.couponTitle : t.cartNow);
    setText(this.#cCode, c.code);
    setText(this.#cText, c.text);
    setText(this.#cClaimed, c.total > 0 ? `${c.claimed}/${c.total} ${t.couponClaimed}` : c.claimed > 0 ? `${c.claimed} ${t.couponClaimed}` : '');
    setText(this.#cTime, endedAt === null ? formatClock(c.endsAt - now) : '');
    show(this.coupon, endedAt === null || now - endedAt < COUPON_END_LINGER_MS);
  }
}
