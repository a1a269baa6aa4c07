/**
 * The review page (issue 16) in real Chromium against the real server: the producer starts a show
 * from the console, chat flows, the show ends; the moderator opens /review (token swapped for the
 * cookie), sees the figures and the charts drawn, switches to Chinese, compares two shows side by
 * side, exports CSV, and the page prints to a PDF.
 */
import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../server/app.js';
import { createInsights } from '../../server/pipeline/insights-stage.js';
import { testConfig } from '../support/app.js';
import { chromiumForSuite } from '../support/browser-suite.js';

const chrome = chromiumForSuite();
let app: RunningApp | null = null;
let context: BrowserContext | null = null;
afterEach(async () => {
  await context?.close();
  context = null;
  await app?.close();
  app = null;
});

const ingest = async (a: RunningApp, prefix: string, texts: string[]): Promise<void> => {
  const body = texts.map((text, i) => ({ id: `${prefix}${i}`, platform: 'twitch', user: { id: `${prefix}v${i % 9}`, name: `v${i % 9}`, displayName: `V${i % 9}` }, text }));
  const res = await fetch(a.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${a.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(((await res.json()) as { accepted: number }).accepted).toBe(texts.length);
};
const post = (a: RunningApp, path: string, body: unknown) => fetch(a.url(path), { method: 'POST', headers: { authorization: `Bearer ${a.tokens.producer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('review page', () => {
  it('starts a show from the console, then shows, translates, compares, exports and prints its review', async () => {
    app = await startApp(testConfig(), { log: () => {}, insights: (config, faq) => createInsights(config.insights, faq) });
    const a = app;
    context = await chrome.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    const consolePage = await context.newPage();
    await consolePage.goto(a.url(`/console?token=${a.tokens.producer}`));
    await consolePage.locator('[data-show-state=idle]').waitFor();
    await consolePage.fill('input[name=showTitle]', 'Monday');
    await consolePage.click('[data-action=show-toggle]');
    await consolePage.locator('[data-show-state=live]').waitFor();
    const first = ((await (await fetch(a.url('/api/shows'), { headers: { authorization: `Bearer ${a.tokens.producer}` } })).json()) as { active: string }).active;
    expect(first).toBeTruthy();
    await ingest(a, 'a', Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 'how much is shipping?' : `nice colour ${i}`)));
    await a.runCommand({ kind: 'banner.start', product: 'Scarf', price: 9.9, currency: '$', stock: 20, durationMs: 600_000 });
    await a.runCommand({ kind: 'banner.stock', stockLeft: 5 });
    await a.runCommand({ kind: 'banner.stock', stockLeft: 0 });
    expect((await post(a, '/api/shows/end', {})).status).toBe(200);
    const second = ((await (await post(a, '/api/shows/start', { title: 'Tuesday' })).json()) as { show: { id: string } }).show.id;
    await ingest(a, 'b', Array.from({ length: 12 }, (_, i) => `hello ${i}`));
    expect((await post(a, '/api/shows/end', {})).status).toBe(200);

    const page = await context.newPage();
    await page.goto(a.url(`/review?token=${a.tokens.moderator}`));
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    await page.waitForFunction(() => document.documentElement.dataset['ready'] === 'true');
    // the newest show first; pick Monday
    await page.selectOption('select[name=show]', first);
    await page.waitForFunction((id) => document.querySelector(`article[data-show="${id}"]`) !== null && document.documentElement.dataset['ready'] === 'true', first);
    expect(await page.locator('[data-kpi=msgs] .kpi-v').innerText()).toBe('40');
    // every timeline chart is drawn (an SVG path with points), not dumped as numbers
    for (const c of ['rate', 'holds', 'mood', 'wait', 'stock']) expect(await page.locator(`svg[data-chart=${c}]`).count()).toBe(1);
    expect(await page.locator('svg[data-chart=rate] path').first().getAttribute('d')).toMatch(/^M/);
    await expect.poll(() => page.locator('[data-section=sales] td').first().innerText()).toBe('Scarf');
    expect(await page.locator('[data-section=sales]').innerText()).toMatch(/\(\d+ s\)/);

    await page.click('[data-action=lang]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN' && document.documentElement.dataset['ready'] === 'true');
    expect(await page.locator('[data-kpi=msgs] .kpi-k').innerText()).toBe('评论数');
    expect(await page.locator('header.top').innerText()).toContain('导出 CSV');

    await page.selectOption('select[name=compare]', second);
    await page.waitForFunction(() => document.querySelectorAll('main.side-by-side article.review').length === 2 && document.documentElement.dataset['ready'] === 'true');
    const counts = await page.locator('article.review [data-kpi=msgs] .kpi-v').allInnerTexts();
    expect(counts).toEqual(['40', '12']);

    const csvHref = await page.locator('[data-export=csv]').getAttribute('href');
    const csv = await page.evaluate(async (href) => (await fetch(href as string)).text(), csvHref);
    expect(csv.split('\r\n')[0]).toMatch(/^minute,messages/);

    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    // printing hides the controls
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
  });
});
