/**
 * The review page (issue 16) in real Chromium against the real server: the producer starts a show
 * from the console, chat flows, the show ends; the moderator opens /review (token swapped for the
 * cookie), sees the figures and the charts drawn, the platforms of a simulcast (badges, a line each,
 * shares drawn to scale), switches to Chinese, compares two shows (paired bars per platform, side by
 * side), exports CSV and JSON with the platforms, and the page prints to a PDF.
 */
import { describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../server/app.js';
import { createInsights } from '../../server/pipeline/insights-stage.js';
import { INDEX_KEY, metaKey } from '../../server/shows/recorder.js';
import { testConfig } from '../support/app.js';
import { ARTIFACTS, browserSuite } from '../support/browser-suite.js';

const chrome = browserSuite();

const ingest = async (a: RunningApp, prefix: string, texts: string[], platforms: readonly string[] = ['twitch']): Promise<void> => {
  const body = texts.map((text, i) => ({ id: `${prefix}${i}`, platform: platforms[i % platforms.length], user: { id: `${prefix}v${i % 9}`, name: `v${i % 9}`, displayName: `V${i % 9}` }, text }));
  const res = await fetch(a.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${a.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(((await res.json()) as { accepted: number }).accepted).toBe(texts.length);
};
const post = (a: RunningApp, path: string, body: unknown) => fetch(a.url(path), { method: 'POST', headers: { authorization: `Bearer ${a.tokens.producer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('review page', () => {
  it('starts a show from the console, then shows, translates, compares, exports and prints its review', async () => {
    const a = await chrome.app(startApp(testConfig(), { log: () => {}, insights: (config, faq) => createInsights(config.insights, faq) }));
    const context = await chrome.context({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    const consolePage = await context.newPage();
    await consolePage.goto(a.url(`/console?token=${a.tokens.producer}`));
    await consolePage.locator('[data-show-state=idle]').waitFor();
    expect(await consolePage.locator('[data-link=review]').textContent()).toBe('Show review'); // it read 'Review · Show review' (复盘 · 数据复盘)
    await consolePage.fill('input[name=showTitle]', 'Monday');
    await consolePage.click('[data-action=show-toggle]');
    await consolePage.locator('[data-show-state=live]').waitFor();
    const first = ((await (await fetch(a.url('/api/shows'), { headers: { authorization: `Bearer ${a.tokens.producer}` } })).json()) as { active: string }).active;
    expect(first).toBeTruthy();
    // a simulcast: Twitch, TikTok and YouTube in one show (issue 18)
    await ingest(a, 'a', Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 'how much is shipping?' : i % 5 === 1 ? 'check https://bit.ly/free-coins now' : `nice colour ${i}`)), ['tiktok', 'tiktok', 'twitch', 'youtube']);
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
    // the price as the overlay wrote it (it read "$9.9")
    expect(await page.locator('[data-section=sales] td').nth(1).innerText()).toBe('$9.90');
    // platform badges, one line per platform in the chat rate, each platform's share as a stacked bar
    expect(await page.locator('article.review .plat-badge').allInnerTexts()).toEqual(['TikTok', 'Twitch', 'YouTube']);
    expect(await page.locator('svg[data-chart=rate] path').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('figure:has(svg[data-chart=rate]) .legend').innerText()).toMatch(/TikTok[\s\S]*Twitch[\s\S]*YouTube/);
    const msgsRow = page.locator('[data-section=platforms] [data-figure=msgs] .seg');
    expect(await msgsRow.count()).toBe(3);
    const shares = await msgsRow.evaluateAll((segs) => segs.map((s) => [s.getAttribute('data-platform'), Number(s.getAttribute('data-value')), (s as HTMLElement).getBoundingClientRect().width]));
    expect(shares.map((x) => x[0])).toEqual(['tiktok', 'twitch', 'youtube']);
    expect(shares.map((x) => x[1])).toEqual([20, 10, 10]);
    // drawn to scale: TikTok's segment twice as wide as Twitch's
    expect(Math.abs((shares[0]![2] as number) / (shares[1]![2] as number) - 2)).toBeLessThan(0.1);
    expect(await page.locator('[data-section=platforms] [data-figure=hold] .seg').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-section=platforms]').innerText()).toMatch(/TikTok · \d+(\.\d)? % held/);
    // holds by reason name the detectors as people read them, not by their ids
    const reasons = page.locator('article.review [data-section=reasons] .bar-label');
    expect(await reasons.allInnerTexts()).toContain('link');
    expect((await reasons.allInnerTexts()).some((r) => /^(spam|abuse|privacy)\./.test(r))).toBe(false);

    // the shows are named by a date no reader takes for another ("3 Nov 2026, 19:55", not "03/11/2026", March 11 to some)
    const showNames = await page.locator('select[name=show] option').allInnerTexts();
    expect(showNames.length).toBeGreaterThanOrEqual(2);
    for (const o of showNames) expect(o).toMatch(/ · \d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}/);
    expect(showNames.join('\n')).not.toMatch(/\d{1,2}\/\d{1,2}\/\d{4}/);
    expect(await page.locator('.review-title').first().innerText()).toMatch(/\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}/);

    await page.click('[data-action=lang]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN' && document.documentElement.dataset['ready'] === 'true');
    expect(await page.locator('[data-kpi=msgs] .kpi-k').innerText()).toBe('评论数');
    for (const o of await page.locator('select[name=show] option').allInnerTexts()) expect(o).toMatch(/ · \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
    expect(await page.locator('header.top').innerText()).toContain('导出 CSV');
    expect(await page.locator('[data-section=platforms] h3').innerText()).toContain('分平台');
    expect(await page.locator('[data-section=platforms] [data-figure=questions] .bar-label').innerText()).toBe('提问');
    expect(await page.locator('article.review [data-section=reasons] .bar-label').allInnerTexts()).toContain('链接');

    await page.selectOption('select[name=compare]', second);
    await page.waitForFunction(() => document.querySelectorAll('main.side-by-side article.review').length === 2 && document.documentElement.dataset['ready'] === 'true');
    const counts = await page.locator('article.review [data-kpi=msgs] .kpi-v').allInnerTexts();
    expect(counts).toEqual(['40', '12']);
    // this show against the other: paired bars with the change, per platform too
    const cmp = page.locator('[data-section=compare]');
    expect(await cmp.locator('h3').innerText()).toContain('对比');
    expect(await cmp.locator('[data-compare=msgs]:not([data-platform])').getAttribute('data-delta')).toBe('28');
    expect(await cmp.locator('[data-compare=msgs][data-platform=tiktok]').getAttribute('data-delta')).toBe('20');
    expect(await cmp.locator('[data-compare=msgs][data-platform=twitch]').getAttribute('data-delta')).toBe('-2');
    expect(await cmp.locator('.cmp-group[data-platform=tiktok] .plat-badge').innerText()).toBe('TikTok');
    expect(await cmp.locator('[data-compare=msgs][data-platform=tiktok] .bar-label').innerText()).toBe('评论数');
    await page.screenshot({ path: `${ARTIFACTS}/review-compare-zh.png`, fullPage: true });

    const csvHref = await page.locator('[data-export=csv]').getAttribute('href');
    const csv = await page.evaluate(async (href) => (await fetch(href as string)).text(), csvHref);
    const head = csv.split('\r\n')[0] as string;
    expect(head).toMatch(/^minute,messages/);
    expect(head).toContain('tiktok_messages,tiktok_chatters,tiktok_held,tiktok_blocked,tiktok_questions');
    expect(head).toContain('youtube_messages');
    const json = await page.evaluate(async (id) => (await fetch(`/api/shows/${id}/review?download`)).json(), first);
    expect((json as { platforms: { platform: string; msgs: number }[] }).platforms.map((p) => [p.platform, p.msgs])).toEqual([['tiktok', 20], ['twitch', 10], ['youtube', 10]]);

    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    // printing hides the controls
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
  });

  it.each([
    ['en-US', 'nothing recorded'],
    ['zh-CN', '无记录'],
  ] as const)('a chart with nothing to draw says so (%s)', async (locale, nothing) => {
    const a = await chrome.app(startApp(testConfig(), { log: () => {}, insights: (config, faq) => createInsights(config.insights, faq) }));
    expect((await post(a, '/api/shows/start', { title: 'Quiet' })).status).toBe(200);
    await ingest(a, 'q', ['hello', 'nice colour', 'love it']); // no hold, no sale, no decision
    expect((await post(a, '/api/shows/end', {})).status).toBe(200);
    const context = await chrome.context({ viewport: { width: 1280, height: 800 }, locale });
    const page = await context.newPage();
    await page.goto(a.url(`/review?token=${a.tokens.producer}`));
    await page.waitForFunction(() => document.documentElement.dataset['ready'] === 'true');
    // the holds, wait and stock charts were blank boxes with a title and nothing else
    for (const c of ['holds', 'wait', 'stock']) expect(await page.locator(`figure:has(svg[data-chart=${c}])`).innerText(), c).toContain(nothing);
    expect(await page.locator('figure:has(svg[data-chart=rate])').innerText()).not.toContain(nothing);
  });
  it.each([
    ['en-US', /^Untitled show · \d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}$/, '” against “Tuesday”'],
    ['zh-CN', /^未命名场次 · \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/, '”对比“Tuesday”'],
  ] as const)('a show without a title is named as the review names it, with its date, in the picker and the comparison (%s)', async (locale, named, against) => {
    const a = await chrome.app(startApp(testConfig(), { log: () => {}, insights: (config, faq) => createInsights(config.insights, faq) }));
    const untitled = ((await (await post(a, '/api/shows/start', { title: 'x' })).json()) as { show: { id: string } }).show.id;
    await ingest(a, 'u', ['hello', 'nice colour']);
    expect((await post(a, '/api/shows/end', {})).status).toBe(200);
    // a show an older version kept without a title (new ones get their start time as one)
    a.store.setJson(INDEX_KEY, (a.store.getJson<{ id: string }[]>(INDEX_KEY) ?? []).map((s) => (s.id === untitled ? { ...s, title: '' } : s)), Date.now());
    a.store.setJson(metaKey(untitled), { ...a.store.getJson<object>(metaKey(untitled)), title: '' }, Date.now());
    expect((await post(a, '/api/shows/start', { title: 'Tuesday' })).status).toBe(200);
    expect((await post(a, '/api/shows/end', {})).status).toBe(200);
    const context = await chrome.context({ viewport: { width: 1280, height: 800 }, locale });
    const page = await context.newPage();
    await page.goto(a.url(`/review?token=${a.tokens.producer}&show=${untitled}`));
    await page.waitForFunction(() => document.documentElement.dataset['ready'] === 'true');
    // it read " · 30 Nov 2026, 19:40": a date after nothing
    const option = await page.locator(`select[name=show] option[value="${untitled}"]`).innerText();
    expect(option).toMatch(named);
    expect(await page.locator('.review-title').first().innerText()).toContain(option);
    // compared with another show, it is named the same way (it read “” against “Tuesday”)
    const tuesday = await page.locator('select[name=show] option').first().getAttribute('value');
    await page.selectOption('select[name=compare]', tuesday);
    await page.waitForFunction(() => document.querySelectorAll('main.side-by-side article.review').length === 2 && document.documentElement.dataset['ready'] === 'true');
    expect(await page.locator('[data-section=compare] h3').innerText()).toBe(`“${option}${against}`);
  });
});
