/**
 * An FAQ answer in the reader's language. An entry has one `answer` (any language, as FAQ files and
 * stores always had) and, optionally, `answers` per language: the console shows the one in its
 * language, a pin goes up in the show's language, a chat reply in the asker's (this function, the
 * server's). The pages have the same rule as `answerIn` in overlay/format.ts, since the OBS page
 * imports nothing outside overlay/; test/unit/faq-answers.test.ts checks that the two agree.
 */
export interface FaqAnswers {
  readonly en?: string | undefined;
  readonly zh?: string | undefined;
}

/** `lang`: 'en' | 'zh' (chat) or 'en' | 'zh-CN' (the pages); any other falls back to `answer`. */
export function faqAnswer(f: { readonly answer: string; readonly answers?: FaqAnswers | undefined }, lang: string): string {
  const a = f.answers;
  if (!a) return f.answer;
  return (lang === 'en' ? a.en : lang === 'zh' || lang === 'zh-CN' ? a.zh : undefined) ?? f.answer;
}

/** What versions before answers per language put between the two languages of one answer ('Orders ship within 48 hours… / 下单后48小时内发货…'). */
export const GLUED_BY = ' / ';
const HAN = /\p{Script=Han}/u;
const LATIN = /[A-Za-z]/;
/** An English sentence (two words) inside a Chinese half: the half is not one language, the split not certain. */
const ENGLISH_WORDS = /[A-Za-z]{4,} [A-Za-z]{3,}/;

/**
 * An answer stored glued ('English / 中文', or the other way round) split per language, or null when
 * the split is not certain: the glue exactly once, no spaces at a half's edge, one half with Latin
 * letters and no Chinese character, the other with Chinese and no English sentence. The halves put
 * back together with the glue are the answer, so nothing is lost.
 */
export function splitGluedAnswer(answer: string): { en: string; zh: string } | null {
  const halves = answer.split(GLUED_BY);
  if (halves.length !== 2) return null;
  const [a, b] = halves as [string, string];
  if (!a || !b || a !== a.trim() || b !== b.trim()) return null;
  const english = (s: string) => LATIN.test(s) && !HAN.test(s);
  const chinese = (s: string) => HAN.test(s) && !ENGLISH_WORDS.test(s);
  if (english(a) && chinese(b)) return { en: a, zh: b };
  if (chinese(a) && english(b)) return { en: b, zh: a };
  return null;
}

/**
 * An FAQ entry as stored: one an older version kept with a glued answer gains `answers` per language
 * when the split is certain; its `answer` stays the stored text (what a reader of neither language,
 * and older code, gets). Any other entry is returned as it is.
 */
export function withGluedAnswerSplit<T extends { readonly answer: string; readonly answers?: FaqAnswers | undefined }>(entry: T): T {
  if (entry.answers !== undefined || typeof entry.answer !== 'string') return entry;
  const answers = splitGluedAnswer(entry.answer);
  return answers ? { ...entry, answers } : entry;
}
