/** The show review's title says a show's length as people do (not "0 min" for a short one). */
import { describe, expect, it } from 'vitest';
import { REVIEW_STRINGS } from '../../../overlay/review-i18n.js';
import { showLength, type ViewCtx } from '../../../overlay/review-view.js';

const ctx = (lang: 'en' | 'zh'): ViewCtx => ({ lang, t: (k) => REVIEW_STRINGS[lang][k], label: (k) => k });

describe('show length', () => {
  it('reads under a minute, minutes, and hours with minutes, in both languages', () => {
    expect(showLength(ctx('en'), 20_000)).toBe('under 1 min');
    expect(showLength(ctx('zh'), 20_000)).toBe('不到 1 分钟');
    expect(showLength(ctx('en'), 42 * 60_000)).toBe('42 min');
    expect(showLength(ctx('en'), 95 * 60_000)).toBe('1 h 35 min');
    expect(showLength(ctx('zh'), 95 * 60_000)).toBe('1 小时 35 分钟');
    expect(showLength(ctx('zh'), 120 * 60_000)).toBe('2 小时');
  });
});
