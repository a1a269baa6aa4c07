/**
 * What `npm run rehearse` prints (server/shows/rehearse.ts): under --lang zh no English of ours is
 * left (it said "(rehearsal)", "ms", "[hold → allow]", "(links)", "new: "); the chat's own lines stay
 * as written. English unchanged.
 */
import { describe, expect, it } from 'vitest';
import type { RehearsalDiff, Review } from '../../../config/review.js';
import { diffText, headerText, parseTranscript, rehearse, type Rehearsal } from '../../../server/shows/rehearse.js';
import { testConfig } from '../../support/app.js';

const diff: RehearsalDiff = {
  holdsLive: 5,
  holdsNow: 2,
  same: 10,
  reachedScreen: [{ text: 'how much is shipping?', live: 'hold', now: 'allow', reasons: [] }],
  reachedScreenCount: 1,
  hiddenNow: [{ text: 'see my page', live: 'allow', now: 'block', reasons: ['links', 'spam'] }],
  hiddenNowCount: 1,
  cards: [
    { text: '包邮吗', liveAt: null, nowAt: 1000, deltaS: null },
    { text: 'what sizes?', liveAt: 2000, nowAt: 1000, deltaS: -1 },
  ],
};
const r: Rehearsal = { review: {} as Review, live: {} as Review, diff, verdicts: Array.from({ length: 12 }, (_, i) => ({ id: `m${i}`, live: 'allow', now: 'allow' })), elapsedMs: 1234.4, chatSpanMs: 600_000 };

/** Our words in a Chinese text: ASCII words of 2+ letters, once the chat's own lines are taken out. */
const english = (text: string): string[] => text.replace(/how much is shipping\?|see my page|what sizes\?/g, '').match(/[A-Za-z]{2,}/g) ?? [];

describe('the rehearse command in Chinese', () => {
  it('the header line: messages, time and speed in Chinese, skipped lines too', () => {
    expect(headerText(r, 72, 2, 'zh')).toBe('排练：72 条评论，用时 1234 毫秒（实时的 486 倍），跳过 2 行无效记录');
    expect(headerText(r, 72, 0, 'zh')).toBe('排练：72 条评论，用时 1234 毫秒（实时的 486 倍）');
    expect(headerText(r, 72, 2, 'en')).toBe('Rehearsal: 72 messages, 1234 ms (486× real time), 2 invalid line(s) skipped');
  });

  it('the difference names verdicts and filters in the review\'s words, with Chinese punctuation', () => {
    const zh = diffText(r, 'zh');
    expect(english(zh)).toEqual([]);
    expect(zh).toContain('    [待审 → 显示] how much is shipping?');
    expect(zh).toContain('    [显示 → 拦截] see my page（链接、广告刷屏）');
    expect(zh).toContain('    新出现：包邮吗');
    expect(zh).toContain('    早 1 秒：what sizes?');
  });

  it('English as before', () => {
    const en = diffText(r, 'en');
    expect(en).toContain('    [hold → allow] how much is shipping?');
    expect(en).toContain('    [allow → block] see my page (links, spam)');
    expect(en).toContain('    new: 包邮吗');
    expect(en).toContain('    1 s earlier: what sizes?');
  });

  it('the rehearsed show is titled in the language asked for', () => {
    const at = 1_796_070_433_837;
    const m = { id: 'm1', platform: 'twitch', channel: 'ingest', user: { id: 'u1', name: 'u1', displayName: 'u1', roles: [] }, text: 'hi', emotes: [], receivedAt: at };
    const t = parseTranscript(
      [
        { type: 'header', version: 1, showId: 'show-1', title: '周五直播', startedAt: at, sensitivity: {}, terms: { blocked: [], allowed: [] } },
        { type: 'msg', t: at + 10, m, v: 'allow', r: [] },
      ].map((l) => JSON.stringify(l)).join('\n'),
    );
    const config = testConfig();
    expect(rehearse(t, config, { recordedSettings: true, faq: [], lang: 'zh' }).review.show.title).toBe('周五直播（排练）');
    expect(rehearse(t, config, { recordedSettings: true, faq: [] }).review.show.title).toBe('周五直播 (rehearsal)');
  });
});
