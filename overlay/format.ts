/** Pure formatting helpers for the pages (unit-testable without a browser). */
import type { Banner, Countdown } from '../config/protocol.js';
import type { UiLang } from '../config/i18n.js';
import { overlayText, type OverlayText } from './overlay-text.js';

/** Remaining ms → "m:ss" (or "h:mm:ss"), rounding up so "0:00" shows only when time is up. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${String(m).padStart(2, '0')}:${ss}`;
}

/** Milliseconds left on a countdown at server time `now`. */
export function countdownRemaining(c: Pick<Countdown, 'endsAt' | 'pausedRemainingMs'>, now: number): number {
  return c.pausedRemainingMs !== null ? c.pausedRemainingMs : Math.max(0, c.endsAt - now);
}

/**
 * "$19.90", "¥99", "€19.90": an ISO code (EUR, CNY) is formatted by `Intl` for the locale; a symbol
 * ("$", "¥") goes in front of the number as typed, other letters ("RM") after it, a Chinese unit
 * right after it ("19.90元"). Whole amounts show no decimals unless `cents` asks for them (a shop's
 * other prices have cents: see `shopMoney`); an amount with cents always shows them.
 */
export function formatMoney(amount: number, currency: string, lang: UiLang = 'en', cents = false): string {
  const digits = cents || !Number.isInteger(amount) ? 2 : 0;
  const opts = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  if (/^[A-Za-z]{3}$/.test(currency)) {
    try {
      return new Intl.NumberFormat(lang, { ...opts, style: 'currency', currency: currency.toUpperCase() }).format(amount);
    } catch {
      // not a currency Intl knows: fall through and write the code after the number
    }
  }
  const n = new Intl.NumberFormat(lang, opts).format(amount);
  if (!currency) return n;
  if (/^\p{Script=Han}+$/u.test(currency)) return `${n}${currency}`;
  return /^[A-Za-z]{2,}$/.test(currency) ? `${n} ${currency}` : `${currency}${n}`;
}

/**
 * One shop's prices read alike: in a currency where any of `prices` has cents, every amount in that
 * currency shows them ("$19.90" beside "$34.00", "19.90元" beside "34.00元", not "$34"); a shop whose
 * prices are all whole shows none ("¥99", "¥129"). Each currency (as typed) has its own rule.
 */
export function shopMoney(prices: Iterable<{ readonly amount: number | undefined; readonly currency: string }>, lang: UiLang = 'en'): (amount: number, currency: string) => string {
  const withCents = new Set<string>();
  for (const p of prices) if (p.amount !== undefined && !Number.isInteger(p.amount)) withCents.add(p.currency);
  return (amount, currency) => formatMoney(amount, currency, lang, withCents.has(currency));
}

/**
 * A sale's prices as the overlay shows them side by side (the price and, with a discount, the
 * struck-through original): one shop, so "$9.90 $24.00". The console's sale line uses the same.
 */
export function saleMoney(b: Pick<Banner, 'price' | 'originalPrice' | 'currency'>, lang: UiLang = 'en'): (amount: number) => string {
  const shown = discountPercent(b.price, b.originalPrice) !== null ? b.originalPrice : undefined;
  const money = shopMoney([{ amount: b.price, currency: b.currency }, { amount: shown, currency: b.currency }], lang);
  return (amount) => money(amount, b.currency);
}

/**
 * An FAQ answer in the page's language: `answers.en` / `answers.zh` when written per language, else
 * `answer`. The same rule as `faqAnswer` in config/faq-answer.ts (the server's, for the chat bot),
 * copied so the OBS page imports nothing outside overlay/ (test/unit/faq-answers.test.ts checks
 * that the two agree).
 */
export function answerIn(f: { readonly answer: string; readonly answers?: { readonly en?: string | undefined; readonly zh?: string | undefined } | undefined }, lang: UiLang): string {
  return (lang === 'zh-CN' ? f.answers?.zh : f.answers?.en) ?? f.answer;
}

/** Whole-percent discount, or null when there is none to show. */
export function discountPercent(price: number, original: number | undefined): number | null {
  if (original === undefined || !(original > price) || original <= 0) return null;
  const pct = Math.round((1 - price / original) * 100);
  return pct > 0 ? pct : null;
}

export type BannerPhase = 'scheduled' | 'live' | 'soldout' | 'ended' | 'gone';

/** How long the end state ("Sale ended") stays up before the banner leaves. */
export const BANNER_END_LINGER_MS = 8_000;

export function bannerPhase(b: Banner, now: number): BannerPhase {
  const endAt = b.endedAt ?? (b.pausedRemainingMs === null && now >= b.endsAt ? b.endsAt : null);
  if (endAt !== null) return now - endAt >= BANNER_END_LINGER_MS ? 'gone' : 'ended';
  if (now < b.startsAt) return 'scheduled';
  return b.stockLeft <= 0 ? 'soldout' : 'live';
}

/** A scheduled sale more than a day ahead shows its date, not a clock of 72 hours (console and overlay). */
export function startsFarAhead(b: Pick<Banner, 'startsAt'>, now: number): boolean {
  return b.startsAt - now > 24 * 3600_000;
}

/** Text for the stock line: "Only 12 left!" / "仅剩 12 件" under the low mark, "48 left" otherwise. */
export function stockText(b: Pick<Banner, 'stockLeft' | 'lowStockAt'> & Partial<Pick<Banner, 'stockTotal'>>, t: OverlayText = overlayText.en, lang: UiLang = 'en'): { text: string; low: boolean } {
  // sold out: the tag already says so; the stock line tells how many went (viewers read it as proof)
  if (b.stockLeft <= 0) return { text: b.stockTotal !== undefined && b.stockTotal > 0 ? t.allSold(new Intl.NumberFormat(lang).format(b.stockTotal)) : t.soldOut, low: true };
  const low = b.stockLeft <= b.lowStockAt;
  const n = new Intl.NumberFormat(lang).format(b.stockLeft);
  return { text: low ? t.stockLow(n) : t.stockLeft(n), low };
}

/** How long "Time's up" stays on screen after a countdown ends. */
export const COUNTDOWN_END_LINGER_MS = 15_000;

/**
 * Cuts text to at most `max` user-perceived characters (graphemes), adding "…" when cut. Never
 * splits a surrogate pair, an emoji sequence or a combining mark.
 */
export function truncateGraphemes(text: string, max: number): string {
  const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const parts: string[] = [];
  for (const s of seg.segment(text)) {
    if (parts.length === max) return parts.slice(0, Math.max(0, max - 1)).join('').trimEnd() + '…';
    parts.push(s.segment);
  }
  return text;
}

/** Only http(s) and same-origin paths are used as image sources (no data:, e.g. an SVG with script). */
export function safeImageUrl(url: string | undefined): string | null {
  if (!url) return null;
  return /^(https?:\/\/|\/(?!\/))/i.test(url.trim()) ? url.trim() : null;
}

/**
 * Removes bidi controls (U+202A–202E, U+2066–2069, U+200E/200F, U+061C) so "\u202Eevil" cannot
 * show as "live". Same set as `stripBidi` in config/protocol.ts (the server already strips them;
 * this is the page's own guard), copied to keep zod out of the overlay bundle.
 */
export function stripBidi(text: string): string {
  return text.replace(BIDI, '');
}
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/**
 * The console's view of the same controls: each shown as "↔" (one unit for one, so the findings'
 * spans still fit), so a moderator reads "↔evil", what was typed, not the "live" viewers would see.
 */
export function showBidi(text: string): string {
  return text.replace(BIDI, '\u2194');
}

/** A viewer's line as a card shows it: a run of question or exclamation marks read once (什么时候发货啊？？？ → 什么时候发货啊？). */
export function tidyAsked(text: string): string {
  return text.replace(/([?？])[?？]+/g, '$1').replace(/([!！])[!！]+/g, '$1');
}

/** The same rule as config/asked-lines.ts (the server's terminal review), copied: the OBS page imports nothing outside overlay/ (test/unit/overlay/asked-lines.test.ts keeps the two alike). */
type AskedLines = { readonly text: string; readonly alt?: string | undefined; readonly zh?: boolean | undefined };

/** The card's two lines, the one in `lang` first (one line when it was asked in one language). */
function ordered(q: AskedLines, lang: UiLang): [string, string | undefined] {
  return q.alt !== undefined && (q.zh === true) !== (lang === 'zh-CN') ? [q.alt, q.text] : [q.text, q.alt];
}

/**
 * A recurring question's line for an overlay in `lang`: when the card was asked in both languages
 * (`alt` is the other line, `zh` says whether `text` is the Chinese one), the line in the overlay's
 * own; tidied (tidyAsked), as the host reads it aloud and the pin shows it.
 */
export function lineIn(q: AskedLines, lang: UiLang): string {
  return tidyAsked(ordered(q, lang)[0]);
}

/** Both lines of such a card, the one in `lang` first ("几天发货呀 · when will it ship" on a Chinese console); one line when asked in one language. */
export function bothLines(q: AskedLines, lang: UiLang): string {
  const [first, other] = ordered(q, lang);
  return other === undefined ? tidyAsked(first) : `${tidyAsked(first)} · ${tidyAsked(other)}`;
}
