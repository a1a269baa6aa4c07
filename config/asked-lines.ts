/**
 * How a recurring question's line reads to a person: a card asked in both languages has two lines
 * (`text` and `alt`, `zh` saying whether `text` is the Chinese one), shown in the reader's language
 * first; runs of question or exclamation marks read once. The server's (the terminal review); the
 * pages keep their own copy in overlay/format.ts (the OBS page imports nothing outside overlay/), and
 * test/unit/overlay/asked-lines.test.ts keeps the two alike.
 *
 * Example: bothLines({ text: 'when will it ship', alt: '几天发货呀？？', zh: false }, 'zh-CN') === '几天发货呀？ · when will it ship'.
 */
import type { UiLang } from './i18n.js';

/** A viewer's line as a card shows it: a run of question or exclamation marks read once (什么时候发货啊？？？ → 什么时候发货啊？). */
export function tidyAsked(text: string): string {
  return text.replace(/([?？])[?？]+/g, '$1').replace(/([!！])[!！]+/g, '$1');
}

export type AskedLines = { readonly text: string; readonly alt?: string | undefined; readonly zh?: boolean | undefined };

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
