/**
 * The overlay's widgets. Each widget is built once and kept in the DOM; a render only changes the
 * text or attributes that differ, so patches never rebuild nodes (no flicker) and CSS transitions
 * do the enter / exit. Text is always set with textContent: `<img src=x onerror=alert(1)>` shows as typed.
 * Time-dependent parts (countdowns, banner phases) are derived from absolute server times and the
 * clock offset at each render, never from tick counters.
 */
import type { Banner, Countdown, OverlayState, Theme } from '../config/protocol.js';
import type { UiLang } from '../config/i18n.js';
import { pick } from './i18n.js';
import { overlayText, type OverlayText } from './overlay-text.js';
import {
  answerIn,
  bannerPhase,
  COUNTDOWN_END_LINGER_MS,
  countdownRemaining,
  discountPercent,
  formatClock,
  saleMoney,
  lineIn,
  safeImageUrl,
  startsFarAhead,
  stockText,
  truncateGraphemes,
} from './format.js';

import { el, setAttr, setText, show } from './overlay-dom.js';

const startDates = new Map<UiLang, Intl.DateTimeFormat>();
/** "Dec 3, 13:00" / "12月3日 13:00" in the show language. */
function startDate(lang: UiLang): Intl.DateTimeFormat {
  let f = startDates.get(lang);
  if (!f) startDates.set(lang, (f = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  return f;
}

type Pos = Theme['positions']['countdown'];

export interface OverlayViewOptions {
  readonly stage: HTMLElement;
  /** Host widgets asked for in the URL (?widgets=questions,mood). */
  readonly widgets: ReadonlySet<string>;
}

export class OverlayView {
  readonly #stage: HTMLElement;
  readonly #slots = new Map<string, HTMLElement>();
  readonly countdown = el('section', 'w countdown');
  readonly #cdLabel = el('div', 'cd-label', this.countdown);
  readonly #cdTime = el('div', 'cd-time', this.countdown);
  readonly banner = el('section', 'w banner');
  readonly #bImg = el('img', 'b-img', this.banner);
  readonly #bBody = el('div', 'b-body', this.banner);
  readonly #bTag = el('div', 'b-tag', this.#bBody);
  readonly #bProduct = el('div', 'b-product', this.#bBody);
  readonly #bPrices = el('div', 'b-prices', this.#bBody);
  readonly #bPrice = el('span', 'b-price', this.#bPrices);
  readonly #bOrig = el('s', 'b-orig', this.#bPrices);
  readonly #bOff = el('span', 'b-off', this.#bPrices);
  readonly #bStock = el('div', 'b-stock', this.#bBody);
  readonly #bStockText = el('span', 'b-stock-text', this.#bStock);
  readonly #bBar = el('div', 'b-bar', this.#bStock);
  readonly #bBarFill = el('i', '', this.#bBar);
  readonly #bTimer = el('div', 'b-timer', this.banner);
  readonly #bTimerLabel = el('div', 'b-timer-label', this.#bTimer);
  readonly #bTimerTime = el('div', 'b-timer-time', this.#bTimer);
  readonly pinned = el('section', 'w pinned');
  readonly #pBody = el('div', 'p-body', this.pinned);
  readonly #pQ = el('div', 'p-q', this.#pBody);
  readonly #pA = el('div', 'p-a', this.#pBody);
  readonly featured = el('section', 'w featured');
  readonly #fName = el('div', 'f-name', this.featured);
  readonly #fText = el('div', 'f-text', this.featured);
  readonly questions = el('section', 'w questions');
  readonly #qList: HTMLOListElement;
  readonly mood = el('section', 'w mood');
  readonly #mNeedle: HTMLElement;
  readonly #mValue: HTMLElement;
  readonly #widgets: ReadonlySet<string>;
  readonly #qTitle: HTMLElement;
  readonly #mTitle: HTMLElement;
  #lang: UiLang = 'en';
  #t: OverlayText = overlayText.en;
  #state: OverlayState | null = null;
  #pinnedKey = '';
  #scale = 1;

  constructor(opts: OverlayViewOptions) {
    this.#stage = opts.stage;
    this.#widgets = opts.widgets;
    for (const slot of opts.stage.querySelectorAll<HTMLElement>('[data-slot]')) this.#slots.set(slot.dataset.slot ?? '', slot);
    this.countdown.dataset.widget = 'countdown';
    this.banner.dataset.widget = 'banner';
    this.pinned.dataset.widget = 'pinned';
    this.featured.dataset.widget = 'featured';
    this.questions.dataset.widget = 'questions';
    this.mood.dataset.widget = 'mood';
    this.#bImg.alt = '';
    this.#bImg.hidden = true;
    this.#bImg.onerror = () => {
      this.#bImg.hidden = true;
    };
    this.#qTitle = el('h2', '', this.questions);
    this.#qList = el('ol', '', this.questions);
    this.#mTitle = el('h2', '', this.mood);
    const gauge = el('div', 'm-gauge', this.mood);
    this.#mNeedle = el('div', 'm-needle', gauge);
    this.#mValue = el('div', 'm-value', this.mood);
    this.#place(this.countdown, 'top-right');
    this.#place(this.banner, 'bottom-center');
    this.#place(this.pinned, 'top-left');
    this.#place(this.featured, 'bottom-left');
    if (!this.#widgets.has('questions')) this.questions.classList.add('off-flow');
    if (!this.#widgets.has('mood')) this.mood.classList.add('off-flow');
    this.#place(this.questions, 'top-right');
    this.#place(this.mood, 'bottom-right');
    this.#language('en');
    // Web fonts may arrive after the first fit: fit the pinned card again once they are in.
    void document.fonts?.ready.then(() => {
      this.#pinnedKey = '';
      if (this.#state) this.#pinned(this.#state);
    });
  }

  /** Renders a new state (after a snapshot or patch) at server time `now`. */
  render(state: OverlayState, now: number): void {
    const prev = this.#state;
    this.#state = state;
    if (!prev || prev.theme !== state.theme) this.#theme(state.theme);
    const lang: UiLang = state.lang === 'zh-CN' ? 'zh-CN' : 'en';
    if (lang !== this.#lang) this.#language(lang);
    this.#stage.classList.toggle('panic', state.hidden === true);
    this.#featured(state);
    this.#pinned(state);
    this.#hostWidgets(state);
    this.tick(now);
  }

  /** Re-renders the time-dependent parts only. */
  tick(now: number): void {
    const s = this.#state;
    if (!s) return;
    this.#countdown(s.countdown, now);
    this.#banner(s.banner, now);
  }

  /** The show's language: every fixed text, `<html lang>` (CJK glyph choice) and the page title. */
  #language(lang: UiLang): void {
    this.#lang = lang;
    const t = (this.#t = pick(overlayText, lang));
    document.documentElement.lang = lang;
    document.title = t.pageTitle;
    document.getElementById('conn')?.setAttribute('title', t.reconnecting);
    setText(this.#qTitle, t.topQuestions);
    setText(this.#mTitle, t.chatMood);
    setAttr(this.#cdLabel, 'data-paused', t.paused);
    setAttr(this.#pQ, 'data-q', t.questionMark);
    setText(this.#bTimerLabel, t.endsIn);
    this.#pinnedKey = ''; // refit: the fonts differ
  }

  #place(widget: HTMLElement, pos: Pos | undefined): void {
    const slot = this.#slots.get(pos ?? '') ?? this.#slots.get('top-left');
    if (slot && widget.parentElement !== slot) slot.appendChild(widget);
  }

  #theme(t: Theme): void {
    const root = document.documentElement.style;
    const set = (name: string, v: string | undefined) => {
      if (v) root.setProperty(name, v);
    };
    set('--accent', t.accent);
    set('--text', t.text);
    set('--panel', t.panel);
    set('--font', t.fontFamily);
    const scale = typeof t.scale === 'number' && t.scale > 0 ? t.scale : 1;
    set('--scale', String(scale));
    const p = t.positions;
    if (p) {
      this.#place(this.countdown, p.countdown);
      this.#place(this.banner, p.banner);
      this.#place(this.pinned, p.pinned);
      this.#place(this.featured, p.featured);
    }
    if (scale !== this.#scale) {
      this.#scale = scale;
      this.#pinnedKey = ''; // refit
    }
  }

  #countdown(c: Countdown | null, now: number): void {
    if (!c) {
      show(this.countdown, false);
      return;
    }
    const left = countdownRemaining(c, now);
    const paused = c.pausedRemainingMs !== null;
    const done = !paused && left <= 0;
    const state = paused ? 'paused' : done ? 'done' : left <= 10_000 ? 'low' : 'running';
    setAttr(this.countdown, 'data-state', state);
    setText(this.#cdLabel, c.label);
    setText(this.#cdTime, done ? this.#t.timesUp : formatClock(left));
    show(this.countdown, !(done && now - c.endsAt > COUNTDOWN_END_LINGER_MS));
  }

  #banner(b: Banner | null, now: number): void {
    if (!b) {
      show(this.banner, false);
      return;
    }
    const phase = bannerPhase(b, now);
    setAttr(this.banner, 'data-state', phase);
    const img = safeImageUrl(b.imageUrl);
    if (img === null) this.#bImg.hidden = true;
    else if (this.#bImg.getAttribute('src') !== img) {
      this.#bImg.hidden = false;
      this.#bImg.src = img;
    }
    const t = this.#t;
    const lang = this.#lang;
    const far = phase === 'scheduled' && startsFarAhead(b, now);
    setText(this.#bTag, phase === 'scheduled' ? (far ? t.comingUp : t.startingSoon) : phase === 'soldout' ? t.soldOut : phase === 'ended' || phase === 'gone' ? t.saleEnded : t.flashSale);
    setText(this.#bProduct, b.product);
    const off = discountPercent(b.price, b.originalPrice);
    // the sale price and the struck-through one read alike ("$9.90 $24.00", not "$9.90 $24")
    const money = saleMoney(b, lang);
    setText(this.#bPrice, money(b.price));
    setText(this.#bOrig, off !== null && b.originalPrice !== undefined ? money(b.originalPrice) : '');
    setText(this.#bOff, off !== null ? t.discount(off) : '');
    const stock = stockText(b, t, lang);
    setText(this.#bStockText, stock.text);
    this.banner.classList.toggle('low', stock.low && b.stockLeft > 0);
    const pct = b.stockTotal > 0 ? Math.round((b.stockLeft / b.stockTotal) * 100) : 0;
    const width = `${pct}%`;
    if (this.#bBarFill.style.width !== width) this.#bBarFill.style.width = width;
    if (phase === 'scheduled') {
      // more than a day ahead: the date and time, not a clock of 72 hours (overlay and server share a machine)
      setText(this.#bTimerLabel, far ? t.startsOn : t.startsIn);
      setText(this.#bTimerTime, far ? startDate(lang).format(b.startsAt) : formatClock(b.startsAt - now));
    } else {
      const left = b.pausedRemainingMs ?? Math.max(0, b.endsAt - now);
      setText(this.#bTimerLabel, phase === 'ended' || phase === 'gone' ? t.ended : t.endsIn);
      setText(this.#bTimerTime, formatClock(phase === 'ended' || phase === 'gone' ? 0 : left));
    }
    show(this.banner, phase !== 'gone');
  }

  #pinned(s: OverlayState): void {
    const p = s.pinned;
    if (!p) {
      show(this.pinned, false);
      return;
    }
    // an FAQ answer written per language reads in the show's language, also after a switch
    const answer = answerIn(p, this.#lang);
    const key = `${p.id}\u0000${p.question}\u0000${answer}`;
    if (key !== this.#pinnedKey) {
      this.#pinnedKey = key;
      setText(this.#pQ, p.question);
      setText(this.#pA, answer);
      this.#fitPinned(p.question, answer);
    }
    show(this.pinned, true);
  }

  /** Shrinks the card's font until it fits; if even the smallest size overflows, cuts on a grapheme boundary. */
  #fitPinned(question: string, answer: string): void {
    const body = this.#pBody;
    const box = this.pinned;
    const fits = () => box.scrollHeight <= box.clientHeight + 1;
    let size = 36;
    body.style.fontSize = `${size}px`;
    while (!fits() && size > 18) {
      size -= 2;
      body.style.fontSize = `${size}px`;
    }
    if (fits()) return;
    const chars = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(answer)].length;
    let lo = 1;
    let hi = chars;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      setText(this.#pA, truncateGraphemes(answer, mid));
      if (fits()) lo = mid;
      else hi = mid - 1;
    }
    setText(this.#pA, truncateGraphemes(answer, lo));
    if (!fits()) setText(this.#pQ, truncateGraphemes(question, 80));
  }

  #featured(s: OverlayState): void {
    const f = s.featured;
    if (!f) {
      show(this.featured, false);
      return;
    }
    setText(this.#fName, f.displayName);
    setText(this.#fText, f.text);
    show(this.featured, true);
  }

  #hostWidgets(s: OverlayState): void {
    if (this.#widgets.has('questions')) {
      const qs = (s.topQuestions ?? []).slice(0, 5);
      const items = this.#qList.children;
      for (let i = 0; i < qs.length; i++) {
        const q = qs[i]!;
        let li = items[i] as HTMLLIElement | undefined;
        if (!li) {
          li = el('li', '', this.#qList);
          el('span', 'q-t', li);
          el('span', 'q-n', li);
        }
        setText(li.firstElementChild as HTMLElement, lineIn(q, this.#lang));
        setText(li.lastElementChild as HTMLElement, this.#t.askers(String(q.askers)));
      }
      while (this.#qList.children.length > qs.length) this.#qList.lastElementChild?.remove();
      show(this.questions, qs.length > 0);
    }
    if (this.#widgets.has('mood')) {
      const m = s.mood;
      if (m === null || m === undefined) show(this.mood, false);
      else {
        const v = Math.max(-1, Math.min(1, m));
        const left = `${Math.round((v + 1) * 50)}%`;
        if (this.#mNeedle.style.left !== left) this.#mNeedle.style.left = left;
        const t = this.#t;
        setText(this.#mValue, `${v >= 0.15 ? t.happy : v <= -0.15 ? t.unhappy : t.neutral} ${v >= 0 ? '+' : ''}${v.toFixed(2)}`);
        show(this.mood, true);
      }
    }
  }
}
