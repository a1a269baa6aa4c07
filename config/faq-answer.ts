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
