/**
 * Script checks on single characters, the one place they are written: which ranges count as Han
 * (Chinese characters) for every detector and classifier, and the server's views.
 *
 * Han here: CJK Unified Ideographs (U+4E00–9FFF), extension A (U+3400–4DBF) and the compatibility
 * ideographs (U+F900–FAFF); as code points also the supplementary ideographic planes
 * (U+20000–2FA1F). Ignores radicals, strokes and CJK punctuation (not letters).
 *
 * Example (test/unit/filters/prepare.test.ts): isHanUnit('好'.charCodeAt(0)) === true.
 */

/** True for a UTF-16 unit that is a Han character (BMP ideographs; surrogate halves are not). */
export function isHanUnit(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

/** True for a code point that is a Han character, including the supplementary planes. */
export function isHanCodePoint(c: number): boolean {
  return isHanUnit(c) || (c >= 0x20000 && c <= 0x2fa1f);
}

/** True when any UTF-16 unit of `text` is a Han character. */
export function hasHan(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isHanUnit(text.charCodeAt(i))) return true;
  return false;
}

/** True for what a JavaScript regex's `\s` matches (white space and line terminators). */
export function isRegexSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
