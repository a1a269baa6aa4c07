/**
 * Rehearsal from the review page (issue 16) in real Chromium against the real server: the producer
 * opens the review of a recorded show, loosens settings (levels, a removed blocked term), presses
 * the button, watches progress and reads the difference to the live show (sentences, paired bars,
 * per-minute charts, the rehearsed show's own review), in English and Chinese.
 */
import { describe, expect, it } from 'vitest';
import type { RehearsalView } from '../../config/review.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { testConfig } from '../support/app.js';
import { ARTIFACTS, browserSuite } from '../support/browser-suite.js';

const chrome = browserSuite();

const TEXTS = ['how much is shipping?', 'love this colour', 'check https://bit.ly/xyz for free coins', 'is this real leather?', 'what sizes do you have?'];
const post = (a: RunningApp, path: string, body: unknown) => fetch(a.url(path), { method: 'POST', headers: { authorization: `Bearer ${a.tokens.producer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('review page: rehearsal', () => {
  it('runs a rehearsal with looser settings from the page and shows the difference', async () => {
    const a = await chrome.app(startApp(testConfig({ filters: { blockedTerms: ['leather'] } }), { log: () => {} }));
    const id = ((await (await post(a, '/api/shows/start', { title: 'Recorded', record: true })).json()) as { show: { id: string } }).show.id;
    for (let round = 0; round < 3; round++) {
      const body = TEXTS.map((text, i) => ({ id: `r${round}-${i}`, platform: 'twitch', user: { id: `v${i % 3}`, name: `v${i % 3}`, displayName: `V${i % 3}` }, text }));
      await fetch(a.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${a.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    }
    expect((await post(a, '/api/shows/end', {})).status).toBe(200);

    const context = await chrome.context({ viewport: { width: 1300, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(a.url(`/review?token=${a.tokens.producer}&show=${id}`));
    await page.waitForFunction(() => document.documentElement.dataset['ready'] === 'true');
    await page.locator('[data-section=rehearsal]').waitFor();
    await page.selectOption('select[name=level-spam]', 'off');
    await page.selectOption('select[name=level-links]', 'off');
    await page.fill('textarea[name=blockRemove]', 'leather');
    await page.click('[data-action=rehearse]');
    await page.locator('[data-rehearsal=result]').waitFor({ timeout: 30_000 });
    const result = page.locator('[data-rehearsal=result]');
    expect(Number(await result.getAttribute('data-holds-delta'))).toBeLessThan(0);
    expect(Number(await result.getAttribute('data-reached'))).toBeGreaterThan(0);
    const text = await result.innerText();
    expect(text).toMatch(/With these settings: \d+ fewer holds/);
    expect(text).toMatch(/would have reached the screen/);
    expect(text).toContain('is this real leather?');
    // against the live show: paired bars, the minutes' holds and shown comments, then the rehearsed show's own review
    const against = page.locator('[data-rehearsal=against]');
    expect(Number(await against.locator('[data-section=rehearsal-compare] [data-compare=hold]').getAttribute('data-delta'))).toBe(Number(await result.getAttribute('data-holds-delta')));
    expect(Number(await against.locator('[data-compare=shown]').getAttribute('data-delta'))).toBeGreaterThan(0);
    for (const c of ['rh-holds', 'rh-shown', 'rate']) expect(await against.locator(`svg[data-chart=${c}] path`).count()).toBeGreaterThan(0);
    const rehearsed = against.locator('article[data-rehearsed=true]');
    expect(await rehearsed.locator('[data-kpi=msgs] .kpi-v').innerText()).toBe(String(TEXTS.length * 3));
    expect(Number(await rehearsed.locator('[data-kpi=hold] .kpi-v').innerText())).toBeLessThan(Number(await page.locator('article.review:not([data-rehearsed]) [data-kpi=hold] .kpi-v').innerText()) + 1);
    expect(await rehearsed.locator('.plat-badge').allInnerTexts()).toEqual(['Twitch']);
    await page.locator('[data-section=rehearsal]').screenshot({ path: `${ARTIFACTS}/review-rehearsal.png` });

    // a bad YAML fragment: a readable error, no result
    await page.locator('details summary').click();
    await page.fill('textarea[name=yaml]', 'server:\n  port: 1');
    await page.click('[data-action=rehearse]');
    await expect.poll(() => page.locator('[data-rehearsal=status]').innerText()).toMatch(/Rehearsal failed: only filters: and insights:/);

    // Chinese: the last rehearsal of the show is shown again, in Chinese
    await page.click('[data-action=lang]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN' && document.documentElement.dataset['ready'] === 'true');
    await page.locator('[data-rehearsal=result]').waitFor();
    const zh = await page.locator('[data-section=rehearsal]').innerText();
    expect(zh).toContain('用新设置排练');
    expect(zh).toMatch(/用这些设置：?\s*待审少 \d+ 条/);
    expect(zh).toContain('会上屏');
    expect(zh).toContain('排练与直播对比');
    expect(zh).toContain('每分钟待审：直播与排练');
    expect(zh).toContain('排练结果');
    // run from the Chinese page: the request carries its language and the rehearsed show is titled in Chinese (it read "Recorded (rehearsal)")
    const asked = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/rehearse'));
    await page.click('[data-action=rehearse]');
    expect((await asked).postDataJSON()).toMatchObject({ lang: 'zh' });
    const rehearsedTitle = async (): Promise<string | undefined> => ((await (await fetch(a.url(`/api/shows/${id}/rehearse`), { headers: { authorization: `Bearer ${a.tokens.producer}` } })).json()) as RehearsalView).result?.review.show.title;
    await expect.poll(rehearsedTitle, { timeout: 30_000 }).toBe('Recorded（排练）');

    // a moderator sees the panel but the server refuses
    const mod = await context.browser()!.newContext({ locale: 'en-US' });
    const mpage = await mod.newPage();
    await mpage.goto(a.url(`/review?token=${a.tokens.moderator}&show=${id}`));
    await mpage.waitForFunction(() => document.documentElement.dataset['ready'] === 'true');
    await mpage.click('[data-action=rehearse]');
    await expect.poll(() => mpage.locator('[data-rehearsal=status]').innerText()).toMatch(/Only the producer/);
    await mod.close();
  }, 60_000);
});
