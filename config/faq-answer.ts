/**
 * An FAQ answer in the reader's language. An entry has one `answer` (any language, as FAQ files and
 * stores always had) and, optionally, `answers` per language: the console shows the one in its
 * language, a pin goes up in the show's language, a chat reply in the asker's. No zod here: the
 * console bundle imports it.
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
