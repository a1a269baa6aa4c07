/**
 * Masks personal data wherever chat text is shown (overlay, console, logs). First version: phone
 * numbers, e-mail addresses, long digit runs. The filters work extends the patterns.
 */
const PATTERNS: readonly RegExp[] = [
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gu,
  /(?:\+?\d[\d\s-]{7,}\d)/gu,
];

export function maskPii(text: string): string {
  let out = text;
  for (const re of PATTERNS) out = out.replace(re, (m) => '•'.repeat(Math.min(m.length, 12)));
  return out;
}
