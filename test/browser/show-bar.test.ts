/**
 * The console's show bar follows the running show live, in real Chromium against the real server:
 * a show started by the chat (`shows.auto`), ended and started again by another client (a script
 * posting to /api/shows), appears on an English producer console and a Chinese moderator console
 * without a reload, each announcing the change in its own language.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../server/app.js';
import { testConfig } from '../support/app.js';
import { ingestChat } from '../support/browser.js';
import { browserSuite } from '../support/browser-suite.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 8000 });
const chrome = browserSuite();

const post = (a: RunningApp, path: string, body: unknown) => fetch(a.url(path), { method: 'POST', headers: { authorization: `Bearer ${a.tokens.producer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const bar = (page: Page) => page.locator('[data-show-state]');

describe('the console show bar', () => {
  it('shows a show started by chat and ended or started by another client, without a reload, in both languages', async () => {
    const a = await chrome.app(startApp(testConfig({ shows: { auto: { enabled: true, title: 'Chat show', idleMinutes: 10 } } }), { log: () => {} }));
    const context = await chrome.context({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    const zhContext = await chrome.context({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    const en = await context.newPage();
    const zh = await zhContext.newPage();
    await en.goto(a.url(`/console?token=${a.tokens.producer}`));
    await zh.goto(a.url(`/console?token=${a.tokens.moderator}`));
    for (const page of [en, zh]) {
      await page.locator('[data-show-state=idle]').waitFor();
      // a mark that a reload would wipe
      await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    }
    expect(await bar(en).innerText()).toBe('No show running');
    expect(await bar(zh).innerText()).toBe('未开始直播');

    // the first chat message starts a show: both bars change, no reload
    await ingestChat(a.url('/'), a.tokens.ingest, [{ id: 'c1', user: 'ann', text: 'hello!' }]);
    await en.locator('[data-show-state=live][data-show-auto=true]').waitFor();
    await zh.locator('[data-show-state=live][data-show-auto=true]').waitFor();
    expect(await bar(en).innerText()).toBe('Show running · Chat show (started by chat)');
    expect(await bar(zh).innerText()).toBe('直播进行中 · Chat show（由评论自动开始）');
    await poll(() => en.locator('.toast.info').allInnerTexts()).toContain('Show "Chat show" started by the chat');
    await poll(() => zh.locator('.toast.info').allInnerTexts()).toContain('评论来了，场次“Chat show”已自动开始');
    expect(await en.locator('[data-action=show-toggle]').innerText()).toBe('End show');
    expect(await en.locator('input[name=showTitle]').isHidden()).toBe(true);

    // another client ends it
    expect((await post(a, '/api/shows/end', {})).status).toBe(200);
    await en.locator('[data-show-state=idle]').waitFor();
    await zh.locator('[data-show-state=idle]').waitFor();
    await poll(() => zh.locator('.toast.info').allInnerTexts()).toContain('本场直播已结束');
    expect(await en.locator('[data-action=show-toggle]').innerText()).toBe('Start show');
    expect(await en.locator('input[name=showTitle]').isVisible()).toBe(true);

    // and starts one by hand: no "started by chat"
    expect((await post(a, '/api/shows/start', { title: 'Evening' })).status).toBe(200);
    await poll(() => bar(en).innerText()).toBe('Show running · Evening');
    await poll(() => bar(zh).innerText()).toBe('直播进行中 · Evening');
    expect(await bar(en).getAttribute('data-show-auto')).toBeNull();
    await poll(() => en.locator('.toast.info').allInnerTexts()).toContain('Show "Evening" started');

    for (const page of [en, zh]) expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it.each([
    ['en-US', 'Show running · Evening', 'Show running · Evening · recording the transcript', 'record transcript'],
    ['zh-CN', '直播进行中 · Evening', '直播进行中 · Evening · 正在录制评论记录', '录制评论记录'],
  ] as const)('says whether a running show records its transcript, and hides the checkbox words with the checkbox (%s)', async (locale, plain, recorded, words) => {
    const a = await chrome.app(startApp(testConfig(), { log: () => {} }));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 }, locale });
    const page = await context.newPage();
    await page.goto(a.url(`/console?token=${a.tokens.producer}`));
    await page.locator('[data-show-state=idle]').waitFor();
    const controls = page.locator('.show-controls');
    expect(await controls.innerText()).toContain(words);
    expect((await post(a, '/api/shows/start', { title: 'Evening' })).status).toBe(200);
    await poll(() => bar(page).innerText()).toBe(plain);
    // it read "Show running · Evening record transcript": the checkbox hid, its words stayed
    expect(await controls.innerText()).not.toContain(words);
    expect((await post(a, '/api/shows/start', { title: 'Evening', record: true })).status).toBe(200);
    await poll(() => bar(page).innerText()).toBe(recorded);
    expect((await post(a, '/api/shows/end', {})).status).toBe(200);
    await page.locator('[data-show-state=idle]').waitFor();
    expect(await controls.innerText()).toContain(words);
  });
});
