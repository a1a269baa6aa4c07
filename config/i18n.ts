/**
 * The shape of Showrunner's message catalogues (types only: the pages import this as `import type`,
 * the server too, so it costs no bytes in a bundle). A feature writes its strings as one English
 * table and one Chinese table typed from it:
 *
 * ```ts
 * const en = { title: 'Lucky draw', entrants: (n: number) => `${n} entered` };
 * const zh: Translation<typeof en> = { title: '抽奖', entrants: (n) => `已有 ${n} 人参与` };
 * export const drawText: MessageSet<typeof en> = { en, zh };
 * ```
 *
 * A key missing from `zh` (or one `en` does not have) fails the type check, and so does a message
 * whose parameters differ; test/unit/i18n.test.ts checks every registered set at run time too (no
 * empty text, every key in every language). Adding a language = a new key in `UI_LANGS` and one
 * more table per set; the compiler then lists every set that lacks it.
 */

/** The languages a person can read Showrunner in (BCP 47 tags, as `Intl` and `<html lang>` take them). */
export type UiLang = 'en' | 'zh-CN';

/** A message: plain text, or a function of its figures and names that returns the text. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any parameter list; each set keeps its own exact types
export type Message = string | ((...args: any[]) => string);

/** A table of messages keyed by name. */
export type Messages = Readonly<Record<string, Message>>;

/** The same keys as `T` with the same parameters: what a translation of `T` must provide. */
export type Translation<T extends Messages> = { readonly [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string };

/** One feature's messages in every language: `{ en, zh }`, the shape the features' tables already have. */
export interface MessageSet<T extends Messages> {
  readonly en: T;
  readonly zh: Translation<T>;
}

/** The table of a set that serves a language. */
export type LangKey = keyof MessageSet<Messages>;
