/**
 * Language of a chat line: 'zh' when it has Han characters, 'en' when it has Latin letters, else
 * 'other'. One pass over UTF-16 units, no regex: it runs on every message. Ignores emoji, digits
 * and punctuation; a mixed line with any Han character counts as Chinese (the viewers we serve).
 */
import type { Lang } from '../config/chat.js';

/** True for a UTF-16 unit in the CJK Unified Ideographs blocks (basic + extension A + compatibility). */
export function isHanUnit(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

export function detectLang(text: string): Lang {
  let latin = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (!latin && ((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) latin = true;
    } else if (isHanUnit(c)) return 'zh';
  }
  return latin ? 'en' : 'other';
}
