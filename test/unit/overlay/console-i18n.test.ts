/**
 * The console's side of the server's English: error codes and detectors' reasons in Chinese.
 * The reasons come from the real filter engine, so a detector whose detail changes shape shows
 * up here (the console would fall back to the English text).
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../server/errors.js';
import { errorDetail, errorMessage, errorText } from '../../../overlay/console-errors.js';
import { reasonText } from '../../../overlay/console-reasons.js';
import { consoleText } from '../../../overlay/console-text.js';
import { createFilterEngine } from '../../../filters/engine.js';
import { chat, config } from '../filters/spam-helpers.js';

const CJK = /[\u3400-\u9fff]/;

describe('error messages in the console’s language', () => {
  it('has a text for every code the server sends', () => {
    for (const code of Object.keys(ERROR_CODES)) {
      expect(Object.keys(errorText.en), code).toContain(code);
      expect(Object.keys(errorText.zh), code).toContain(code);
    }
  });
  it('reads a known code in Chinese, keeping the helpful detail', () => {
    expect(errorMessage('SR_ALREADY_DECIDED', 'another moderator decided this item first', 'zh-CN')).toBe('这条评论已被其他场控处理。');
    expect(errorMessage('SR_FORBIDDEN', 'the moderator role may not run banner.start', 'zh-CN')).toMatch(/^没有权限/);
    expect(errorMessage('SR_FRAME_INVALID', 'Too small: expected array to have >=2 items at command.options', 'zh-CN')).toBe('服务器无法识别这个请求（字段 command.options）。');
    expect(errorMessage('SR_CLAIMED', 'Ana is looking at this item; wait or pick another', 'zh-CN')).toBe('其他场控正在处理这条评论（Ana）。');
    expect(errorDetail('SR_OBS_REQUEST_FAILED', 'OBS answered 600 (ResourceNotFound) to SetCurrentProgramScene: no scene', 'zh-CN')).toBe('（OBS 错误码 600）');
  });
  it('says what to do about OBS without a browser source or without the overlay source, in Chinese too', () => {
    const noBrowser = 'This OBS build has no browser source (OBS answered 605 (InvalidInputKind) to CreateInput: Your specified input kind is not supported by OBS.). Linux distribution builds without CEF lack it: install OBS from obsproject.com or Flathub, or show http://127.0.0.1:4641/overlay in a browser window and add a window capture.';
    const zhNoBrowser = errorMessage('SR_OBS_NO_BROWSER_SOURCE', noBrowser, 'zh-CN');
    expect(zhNoBrowser).toMatch(/obsproject\.com/);
    expect(zhNoBrowser).toMatch(/窗口采集/);
    expect(zhNoBrowser).toContain('http://127.0.0.1:4641/overlay');
    const noSource = 'OBS has no browser source named "Showrunner overlay" to refresh (OBS answered 600 (ResourceNotFound) to PressInputPropertiesButton: No source was found by the name of `Showrunner overlay`.): press "Set up overlay source", or add a browser source of that name (obs.sourceName) in OBS by hand.';
    expect(errorMessage('SR_OBS_NO_OVERLAY_SOURCE', noSource, 'en')).toBe(noSource);
    const zhNoSource = errorMessage('SR_OBS_NO_OVERLAY_SOURCE', noSource, 'zh-CN');
    expect(zhNoSource).toContain('“Showrunner overlay”');
    expect(zhNoSource).toContain(consoleText.zh.obsSetUp);
  });
  it('says a refused action in words in both languages, without the command name or the error code', () => {
    for (const lang of ['en', 'zh'] as const) {
      const text = consoleText[lang].commandFailed('banner.stock', 'SR_OFFLINE', errorMessage('SR_OFFLINE', 'the server is offline', lang === 'en' ? 'en' : 'zh-CN'));
      expect(text).not.toMatch(/banner\.stock|SR_OFFLINE/);
      expect(text.length).toBeGreaterThan(6);
    }
  });
  it('keeps the server’s English words on an English console, and unknown codes as sent', () => {
    expect(errorMessage('SR_NO_ACTIVE', 'there is no open poll', 'en')).toBe('there is no open poll');
    expect(errorMessage('SR_NO_ACTIVE', '', 'en')).toBe(errorText.en.SR_NO_ACTIVE);
    expect(errorMessage('SR_FUTURE_THING', 'something new', 'zh-CN')).toBe('something new');
  });
});

describe('detectors’ reasons in the console’s language', () => {
  const lexiconOnly = { abuseModels: null, spamModel: null };
  it('writes every detail the engine gives for common chat in Chinese', () => {
    const e = createFilterEngine(config({ flood: { maxMessages: 3, windowMs: 10_000 } }), lexiconOnly);
    const details = new Set<string>();
    const lines = [
      'fuck you',
      '你就是个傻逼',
      '加微信领取优惠券',
      '我的电话13812345678',
      'mail me at kim@example.com',
      'bigfollows dot com',
      'WOW THIS IS AMAZING LOOK AT THIS',
      'see https://shop.example.io/x and https://a.example.io',
      'sooooooooooooooooooooo good',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    ];
    lines.forEach((t, i) => {
      for (const r of e.check(chat(t, { first: true, user: `u${i}` }), i * 1000).reasons) details.add(r.detail);
    });
    for (let i = 0; i < 5; i++) for (const r of e.check(chat(`msg ${i}`, { user: 'flood' }), 20_000 + i * 100).reasons) details.add(r.detail);
    const pasta = 'RAISING MONEY FeelsGoodMan FULFILLING DREAMS FeelsGoodMan FOR THE COST OF FeelsGoodMan BANNING MEMES';
    for (const [i, u] of ['a', 'b', 'c'].entries()) for (const r of e.check(chat(`${pasta}${'!'.repeat(i)}`, { user: u }), 40_000 + i * 2000).reasons) details.add(r.detail);
    expect(details.size).toBeGreaterThan(6);
    for (const d of details) {
      const zh = reasonText(d, 'zh-CN');
      expect(zh, d).not.toBe(d);
      expect(zh, d).toMatch(CJK);
      expect(reasonText(d, 'en')).toBe(d);
    }
  });
  it.each([
    ['spam model: p=0.93', '广告模型判定 概率 0.93'],
    ['spam model: p=0.61 with a link or promotion', '广告模型判定 概率 0.61（带链接或推广）'],
    ['zh model: abusive with p=0.88', '中文辱骂模型判定 概率 0.88'],
    ['matched "f.u.c.k" (profanity), aimed at someone', '命中“f.u.c.k”（脏话），针对他人'],
    ['matched "go die" (self-harm incitement)', '命中“go die”（教唆自残）'],
    ['link to bit.ly (+2 more)', '链接：bit.ly（另有 2 个）'],
    ['Chinese mobile number (11 characters)', '手机号（11 个字符）'],
    ['9 messages in 10 s (limit 6)', '10 秒内发了 9 条（上限 6 条）'],
    ['same text from 4 users in 30 s', '30 秒内 4 个用户发了相同内容'],
    ['a detector nobody knows yet', 'a detector nobody knows yet'],
  ])('%s → %s', (detail, zh) => expect(reasonText(detail, 'zh-CN')).toBe(zh));
});
