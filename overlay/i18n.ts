/**
 * The pages' side of the catalogue (config/i18n.ts has the types): which language a page speaks and
 * the `Intl` formats for it. The console picks a remembered choice, else the browser's languages;
 * the overlay speaks the show's language (`overlay.lang` in the state, switched from the console).
 */
import type { Messages, MessageSet, Translation, UiLang } from '../config/i18n.js';

export const UI_LANGS: readonly UiLang[] = ['en', 'zh-CN'];
/** localStorage key of the console's language. */
export const LANG_STORAGE_KEY = 'showrunner.lang';

/** The table of `set` for `lang`. */
export function pick<T extends Messages>(set: MessageSet<T>, lang: UiLang): Translation<T> {
  return (lang === 'zh-CN' ? set.zh : set.en) as Translation<T>;
}

/** `zh`, `zh-CN`, `zh-Hans-SG` → zh-CN; `en-GB` → en; anything else → null. */
export function toUiLang(tag: string | null | undefined): UiLang | null {
  const t = (tag ?? '').trim().toLowerCase();
  if (t === 'zh' || t.startsWith('zh-') || t.startsWith('zh_')) return 'zh-CN';
  if (t === 'en' || t.startsWith('en-') || t.startsWith('en_')) return 'en';
  return null;
}

/** The remembered choice if any, else the first of the browser's languages we speak, else English. */
export function chooseLang(stored: string | null, browserLangs: readonly string[]): UiLang {
  const s = toUiLang(stored);
  if (s) return s;
  for (const l of browserLangs) {
    const u = toUiLang(l);
    if (u) return u;
  }
  return 'en';
}

/** Numbers, times and money in the page's language. */
export interface Fmt {
  readonly lang: UiLang;
  /** 12,345 / 12,345 (grouping as the locale writes it). */
  num(n: number, digits?: number): string;
  /** A wall-clock time with seconds. */
  time(at: number): string;
  /** A wall-clock time, hours and minutes. */
  hm(at: number): string;
  /** A share 0..1 as a whole percent. */
  pct(share: number): string;
}

export function makeFmt(lang: UiLang): Fmt {
  const nums = new Map<number, Intl.NumberFormat>();
  const time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const hm = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  return {
    lang,
    num(n, digits = 0) {
      let f = nums.get(digits);
      if (!f) nums.set(digits, (f = new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits })));
      return f.format(n);
    },
    time: (at) => time.format(at),
    hm: (at) => hm.format(at),
    pct: (share) => pct.format(share),
  };
}
