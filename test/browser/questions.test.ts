/**
 * Recurring questions end to end with the real questions-and-mood stage (no stand-in): viewers
 * ask about shipping cost in many wordings and both languages, the producer's console shows one
 * cluster with its FAQ answer, one click pins it, and the overlay shows it. Real Chromium, real server.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startApp } from '../../server/app.js';
import { createInsights } from '../../server/pipeline/insights-stage.js';
import { testConfig } from '../support/app.js';
import { browserSuite } from '../support/browser-suite.js';

const chrome = browserSuite();

const connected = (p: Page) => p.waitForFunction(() => document.documentElement.dataset.connected === 'true');

const ASKED = ['how much is shipping?', 'shipping cost??', 'how much for shipping to canada', '运费多少', '包邮吗', 'is shipping free', 'whats the shipping fee', '邮费多少钱'];

describe('recurring questions in the console (real clustering)', () => {
  it('clusters a question asked many ways, shows its FAQ answer, and pins it to the overlay in one click', async () => {
    const a = await chrome.app(startApp(testConfig(), { log: () => {}, insights: (config, faq) => createInsights(config.insights, faq) }));
    const context = await chrome.context({ viewport: { width: 1600, height: 1000 } });
    const overlay = await context.newPage();
    await overlay.goto(a.url('/overlay'));
    await connected(overlay);
    const consolePage = await context.newPage();
    await consolePage.goto(a.url(`/console?token=${a.tokens.producer}`));
    await connected(consolePage);

    const body = ASKED.map((text, i) => ({ id: `q${i}`, platform: 'twitch', user: { id: `viewer${i}`, name: `viewer${i}`, displayName: `Viewer${i}` }, text }));
    const res = await fetch(a.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${a.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(((await res.json()) as { accepted: number }).accepted).toBe(ASKED.length);

    // Clusters reach the console at most once a second; the shipping one names the FAQ's answer.
    const cluster = consolePage.locator('.clusters > *', { hasText: 'FAQ answer' }).filter({ hasText: /shipping|运费|包邮|邮费/ }).first();
    await cluster.waitFor({ timeout: 10_000 });
    const askers = Number(/(\d+) asked/.exec(await cluster.locator('.c-askers').innerText())?.[1]);
    expect(askers).toBeGreaterThanOrEqual(5);
    const answer = (await cluster.locator('.c-answer').innerText()).trim();
    expect(answer.length).toBeGreaterThan(5);

    await cluster.locator('[data-action=pin-faq]').click();
    await overlay.locator('[data-widget=pinned].on .p-a', { hasText: answer.slice(0, 20) }).waitFor();
    const question = await overlay.locator('[data-widget=pinned] .p-q').innerText();
    expect(ASKED.some((q) => question.includes(q) || q.includes(question.trim()))).toBe(true);
  });

  it('keeps the cards in their places while the pointer is over them, and reorders them when it leaves', async () => {
    const a = await chrome.app(startApp(testConfig(), { log: () => {}, insights: (config, faq) => createInsights(config.insights, faq) }));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(a.url(`/console?token=${a.tokens.producer}`));
    await connected(page);
    let n = 0;
    const ask = async (texts: string[]) => {
      const body = texts.map((text) => ({ id: `q${n}`, platform: 'twitch', user: { id: `viewer${n}`, name: `viewer${n}`, displayName: `Viewer${n++}` }, text }));
      const res = await fetch(a.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${a.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
    };
    const order = () => page.locator('.clusters > .cluster .c-rep').allInnerTexts();
    const shipping = /shipping/;
    await ask(['what size should I get for the dress?', 'which size is the dress?', 'what size is the red dress?', 'how much is shipping?', 'how much is shipping to canada?']);
    await expect.poll(async () => (await order()).length, { timeout: 8000 }).toBe(2);
    expect((await order())[1]).toMatch(shipping);
    // the producer's pointer rests on the cards (about to press Pin answer)…
    await page.locator('.clusters').hover();
    await ask(['how much is shipping to the uk?', 'how much is shipping?', 'shipping cost how much?']);
    await expect.poll(() => page.locator('.clusters > .cluster', { hasText: 'shipping' }).locator('.c-askers').innerText(), { timeout: 8000 }).toMatch(/^5 /);
    // …so the shipping card, now asked most, does not jump to the top under it
    expect((await order())[1]).toMatch(shipping);
    await page.mouse.move(2, 700);
    await expect.poll(async () => (await order())[0], { timeout: 8000 }).toMatch(shipping);
  });
});
