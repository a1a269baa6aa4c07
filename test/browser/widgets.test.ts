/**
 * Every overlay widget in real Chromium against the real server, with screenshots kept in
 * test-artifacts/: an XSS payload in a
 * featured comment renders as typed; a recurring question's FAQ answer and a typed answer are
 * pinned from the console's questions panel (the typed one saved to the FAQ); long CJK + Latin
 * answers fit the card without cutting a character; the panic button hides everything.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ClusterView, FaqEntry, MoodView } from '../../config/views.js';
import { startApp, type InsightsLike, type RunningApp } from '../../server/app.js';
import { postCommand } from '../support/browser.js';
import { ARTIFACTS, browserSuite } from '../support/browser-suite.js';
import { testConfig } from '../support/app.js';

const XSS = '<img src=x onerror=alert(1)> 已下单 <script>alert(2)</script>';
/** expect.poll with room for a loaded machine (stats arrive once a second). */
const poll = <T>(fn: () => T | Promise<T>, opts: { timeout?: number } = {}) => expect.poll(fn, { timeout: 5000, ...opts });

const chrome = browserSuite();

/** Questions-and-mood stand-in with fixed clusters and mood (the real stage has its own tests). */
function fixedInsights(now: number, shipFaq: ClusterView['faq'] = { id: 'faq-ship', answer: 'Free shipping over $30 · 满99元包邮' }): InsightsLike {
  const clusters: ClusterView[] = [
    { id: 'c-ship', representative: 'how much is shipping?', representativeAlt: '运费多少', representativeZh: false, askers: 23, count: 31, trend: 'rising', examples: ['shipping cost?', '运费多少', 'how much 4 shipping'], lang: 'en', lastAt: now, faq: shipFaq },
    { id: 'c-black', representative: '有没有黑色的', askers: 11, count: 14, trend: 'steady', examples: ['有黑色吗', 'black color available?'], lang: 'zh', lastAt: now, faq: null },
    { id: 'c-vegan', representative: 'is it vegan?', askers: 6, count: 6, trend: 'fading', examples: ['vegan??'], lang: 'en', lastAt: now, faq: null },
  ];
  const mood: MoodView = { index: 0.32, negativeShare: 0.08, alert: { since: now - 20_000, themes: ['shipping', 'fake'], examples: ['still not shipped after 2 weeks', '骗子 退款'] }, timeline: Array.from({ length: 30 }, (_, i) => ({ at: now - (30 - i) * 10_000, index: Math.sin(i / 5) * 0.4, negativeShare: 0.1 })) };
  return {
    observe: () => undefined,
    snapshot: () => ({ clusters, mood }),
    setFaq: (_entries: FaqEntry[]) => undefined,
    priorityBoost: () => 0,
  };
}


async function ingest(a: RunningApp, items: unknown[]): Promise<void> {
  const res = await fetch(a.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${a.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(items) });
  expect(res.status).toBe(200);
}

async function waitConnected(p: Page): Promise<void> {
  await p.waitForFunction(() => document.documentElement.dataset.connected === 'true');
}

/** Pairs of showing widgets whose boxes intersect, and widgets past the viewport's edge. */
const overlaps = (overlay: Page, width: number, height: number) =>
  overlay.evaluate(([width, height]) => {
    const boxes = [...document.querySelectorAll<HTMLElement>('.w.on')].map((w) => ({ name: w.dataset.widget ?? w.className, r: w.getBoundingClientRect() }));
    const hits: string[] = [];
    for (const [i, x] of boxes.entries())
      for (const y of boxes.slice(i + 1)) if (x.r.left < y.r.right && y.r.left < x.r.right && x.r.top < y.r.bottom && y.r.top < x.r.bottom) hits.push(`${x.name} × ${y.name}`);
    const off = boxes.filter((b) => b.r.top < 0 || b.r.bottom > height || b.r.left < 0 || b.r.right > width).map((b) => `${b.name} off screen`);
    return [...hits, ...off];
  }, [width, height] as const);

describe('overlay widgets', () => {
  it('renders XSS as text, pins answers from the questions panel, fits long CJK text, hides on panic; screenshots', async () => {
    const a = await chrome.app(startApp(testConfig(), { insights: () => fixedInsights(Date.now()) }));
    const context = await chrome.context();
    const overlay = await context.newPage();
    await overlay.setViewportSize({ width: 1920, height: 1080 });
    const dialogs: string[] = [];
    const errors: string[] = [];
    overlay.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    overlay.on('pageerror', (e) => errors.push(e.message));
    await overlay.goto(a.url('/overlay?widgets=questions,mood'));
    await waitConnected(overlay);

    // ---- featured comment with an XSS payload: shown as typed, nothing executed or created.
    await ingest(a, [{ id: 'xss-1', platform: 'twitch', user: { id: 'u-eve', name: 'eve', displayName: '<b>Eve</b>' }, text: XSS }]);
    const queued = Object.values(a.hub.state['queue'] as Record<string, { id: string; messageId: string }>).find((q) => q.messageId === 'xss-1');
    if (queued) await postCommand(a.url(), a.tokens.producer, { kind: 'moderation.decide', itemIds: [queued.id], decision: 'feature' });
    else await postCommand(a.url(), a.tokens.producer, { kind: 'feature.set', messageId: 'xss-1' });
    const featured = overlay.locator('[data-widget=featured]');
    await overlay.locator('[data-widget=featured].on').waitFor();
    expect(await featured.locator('.f-text').innerText()).toBe(XSS);
    expect(await featured.locator('.f-name').innerText()).toBe('<b>Eve</b>');
    expect(await overlay.locator('[data-widget=featured] img, [data-widget=featured] script, [data-widget=featured] b').count()).toBe(0);

    // ---- countdown + flash sale for the full picture
    await postCommand(a.url(), a.tokens.producer, { kind: 'countdown.start', label: 'Giveaway closes', durationMs: 154_000 });
    await postCommand(a.url(), a.tokens.producer, { kind: 'banner.start', product: 'Hydrating Serum 50ml 玻尿酸精华', price: 19.9, originalPrice: 34, stock: 100, lowStockAt: 15, durationMs: 245_000 });
    await postCommand(a.url(), a.tokens.producer, { kind: 'banner.stock', stockLeft: 12 });

    // ---- the console's questions panel: pin the FAQ answer of a recurring question
    const consolePage = await context.newPage();
    consolePage.on('pageerror', (e) => errors.push(`console: ${e.message}`));
    await consolePage.setViewportSize({ width: 1600, height: 1000 });
    await consolePage.goto(a.url(`/console?token=${a.tokens.producer}`));
    await waitConnected(consolePage);
    const ship = consolePage.locator('[data-cluster=c-ship]');
    await ship.waitFor();
    expect(await ship.locator('.c-rep').innerText()).toBe('how much is shipping? · 运费多少');
    expect(await ship.locator('.c-askers').innerText()).toContain('23 asked');
    await ship.locator('[data-action=pin-faq]').click();
    const pinned = overlay.locator('[data-widget=pinned]');
    await overlay.locator('[data-widget=pinned].on .p-a', { hasText: 'Free shipping over $30 · 满99元包邮' }).waitFor();
    expect(await pinned.locator('.p-q').innerText()).toBe('how much is shipping?');

    // ---- a cluster without an FAQ entry: type the answer, save it to the FAQ, pin it
    const black = consolePage.locator('[data-cluster=c-black]');
    await black.locator('textarea[name=clusterAnswer]').fill('有的！黑色和白色都有货 · Black and white are both in stock.');
    await black.locator('[data-action=pin-typed]').click();
    await overlay.locator('[data-widget=pinned] .p-a', { hasText: '黑色和白色都有货' }).waitFor();
    expect(await pinned.locator('.p-q').innerText()).toBe('有没有黑色的');
    await poll(() => (a.hub.state['faq'] as FaqEntry[]).some((f) => f.answer.startsWith('有的！黑色'))).toBe(true);
    // the saved entry matches what viewers typed on the card, in both languages, not the pinned line alone
    expect((a.hub.state['faq'] as FaqEntry[]).find((f) => f.answer.startsWith('有的！黑色'))?.keywords).toEqual(['有没有黑色的', '有黑色吗', 'black color available']);

    // The mood alert says what the anger is about, with examples.
    const alert = consolePage.locator('.mood-alert');
    await alert.waitFor();
    expect(await alert.locator('.theme').allInnerTexts()).toEqual(['shipping', 'fake / scam']);
    expect(await alert.locator('.theme').evaluateAll((els) => els.map((e) => e.getAttribute('data-theme')))).toEqual(['shipping', 'fake']);
    expect(await alert.innerText()).toContain('骗子 退款');
    // the header's mood chip shows the alert too, wherever the panel sits, and leads to it
    const chip = consolePage.locator('[data-mood-chip]');
    expect(await chip.getAttribute('data-alert')).toBe('true');
    expect(await chip.innerText()).toMatch(/turning · \d+% negative/);
    await chip.click();
    await poll(() => consolePage.locator('[data-panel=mood]').evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })).toBe(true);

    await overlay.locator('[data-widget=questions].on li').first().waitFor();
    await overlay.locator('[data-widget=mood].on').waitFor();
    // a card asked in both languages shows the line in the show's language, and follows a switch
    const firstQuestion = overlay.locator('[data-widget=questions] li .q-t').first();
    expect(await firstQuestion.innerText()).toBe('how much is shipping?');
    await postCommand(a.url(), a.tokens.producer, { kind: 'overlay.lang', lang: 'zh-CN' });
    await poll(() => firstQuestion.innerText()).toBe('运费多少');
    expect(await overlay.locator('[data-widget=questions] li .q-t').nth(1).innerText()).toBe('有没有黑色的');
    // pinned from the console now, the card's question is its Chinese line: the viewers' language
    await poll(() => consolePage.locator('select[name=overlayLang]').inputValue()).toBe('zh-CN');
    await ship.locator('[data-action=pin-faq]').click();
    await poll(() => pinned.locator('.p-q').innerText()).toBe('运费多少');
    await postCommand(a.url(), a.tokens.producer, { kind: 'overlay.lang', lang: 'en' });
    await poll(() => firstQuestion.innerText()).toBe('how much is shipping?');
    await overlay.bringToFront();
    // let the enter transitions finish before the picture (not the endless low-stock pulse)
    await overlay.evaluate(() => Promise.all(document.getAnimations().filter((an) => an instanceof CSSTransition).map((an) => an.finished)));
    await overlay.screenshot({ path: `${ARTIFACTS}/overlay-all-widgets.png` });
    await consolePage.screenshot({ path: `${ARTIFACTS}/console-producer.png`, fullPage: true });

    // ---- a long mixed CJK / Latin answer: fits the card, and what shows is a whole-character prefix
    const long = `${'这款精华液适合敏感肌，无酒精无香精，孕妇也可以用。'.repeat(8)} Suitable for sensitive skin 🧴✨, alcohol-free and fragrance-free. ${'每天早晚各一次，'.repeat(6)}`.slice(0, 600);
    await postCommand(a.url(), a.tokens.producer, { kind: 'pin.set', question: '敏感肌可以用吗？Is it OK for sensitive skin?', answer: long, saveToFaq: false });
    await overlay.locator('[data-widget=pinned] .p-a', { hasText: '这款精华液' }).waitFor();
    const fit = await pinned.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight, text: (el.querySelector('.p-a') as HTMLElement).textContent ?? '' }));
    expect(fit.scroll).toBeLessThanOrEqual(fit.client + 1);
    const shown = fit.text.endsWith('…') ? fit.text.slice(0, -1) : fit.text;
    expect(long.startsWith(shown.trimEnd())).toBe(true);
    expect(/[\uD800-\uDBFF]$/.test(shown)).toBe(false); // never half a surrogate pair
    await overlay.screenshot({ path: `${ARTIFACTS}/overlay-pinned-long.png` });

    // ---- panic: everything hidden at once, state kept
    await consolePage.locator('[data-action=panic]').click();
    await overlay.locator('#stage.panic').waitFor();
    await overlay.bringToFront(); // transitions only run on a page that renders
    await poll(() => overlay.locator('#stage').evaluate((el) => getComputedStyle(el).opacity), { timeout: 5000 }).toBe('0');
    await overlay.screenshot({ path: `${ARTIFACTS}/overlay-hidden.png` });
    await consolePage.locator('[data-action=panic]').click();
    await overlay.locator('#stage:not(.panic)').waitFor();
    expect(await overlay.locator('[data-widget=banner].on').count()).toBe(1);

    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('names a mood alert\'s themes in the console\'s language (zh-CN), and the header chip says it turned', async () => {
    const a = await chrome.app(startApp(testConfig(), { insights: () => fixedInsights(Date.now()) }));
    const context = await chrome.context({ locale: 'zh-CN', viewport: { width: 1600, height: 1000 } });
    const con = await context.newPage();
    await con.goto(a.url(`/console?token=${a.tokens.host}`));
    await waitConnected(con);
    const alert = con.locator('.mood-alert');
    await alert.waitFor();
    expect(await alert.locator('.theme').allInnerTexts()).toEqual(['物流', '假货 / 骗']);
    await poll(() => con.locator('[data-mood-chip]').innerText()).toMatch(/转差 · 负面 8%/);
  });

  // the demo FAQ's answers were English and Chinese glued in one field ("… / 今晚全场包邮…"); written
  // per language, a Chinese console shows the Chinese one and the pin goes up in the overlay's
  it('shows an FAQ answer written per language in the console\'s language, and pins it in the overlay\'s (also after a switch)', async () => {
    const faq = { id: 'shipping-cost', answer: 'Free shipping on every order tonight.', answers: { en: 'Free shipping on every order tonight.', zh: '今晚全场包邮。' } };
    const a = await chrome.app(startApp(testConfig({ overlay: { lang: 'en' } }), { insights: () => fixedInsights(Date.now(), faq) }));
    const context = await chrome.context({ locale: 'zh-CN', viewport: { width: 1600, height: 1000 } });
    const overlay = await context.newPage();
    await overlay.goto(a.url('/overlay'));
    await waitConnected(overlay);
    const con = await context.newPage();
    await con.goto(a.url(`/console?token=${a.tokens.producer}`));
    await waitConnected(con);
    const ship = con.locator('[data-cluster=c-ship]');
    await ship.waitFor();
    await poll(() => ship.locator('.c-answer').innerText()).toBe('今晚全场包邮。');
    await ship.locator('[data-action=pin-faq]').click();
    await overlay.locator('[data-widget=pinned].on .p-a', { hasText: 'Free shipping on every order tonight.' }).waitFor();
    expect(await overlay.locator('[data-widget=pinned] .p-a').innerText()).toBe('Free shipping on every order tonight.');
    // the show switches to Chinese: the pinned answer follows
    await a.runCommand({ kind: 'overlay.lang', lang: 'zh-CN' });
    await poll(() => overlay.locator('[data-widget=pinned] .p-a').innerText()).toBe('今晚全场包邮。');
    // an English console shows the English answer
    const en = await (await chrome.context({ locale: 'en-US', viewport: { width: 1600, height: 1000 } })).newPage();
    await en.goto(a.url(`/console?token=${a.tokens.producer}`));
    await waitConnected(en);
    await poll(() => en.locator('[data-cluster=c-ship] .c-answer').innerText()).toBe('Free shipping on every order tonight.');
  });

  // 1280x720: an OBS browser source for a 720p canvas. The widgets kept their 1080p sizes there, so the
  // mood sat on the top questions, the countdown under the banner and the draw over the pinned answer.
  it.each([
    [1920, 1080],
    [1280, 720],
  ])('with every widget showing at %dx%d, none covers another', async (width, height) => {
    const a = await chrome.app(startApp(testConfig(), { insights: () => fixedInsights(Date.now()) }));
    const context = await chrome.context({ viewport: { width, height } });
    const overlay = await context.newPage();
    await overlay.goto(a.url('/overlay?widgets=questions,mood'));
    await overlay.waitForFunction(() => document.documentElement.dataset.connected === 'true');
    await a.runCommand({ kind: 'banner.start', product: 'Glow Serum 30ml · 精华液', price: 19.9, originalPrice: 39.9, currency: '$', stock: 200, durationMs: 600_000 });
    await a.runCommand({ kind: 'countdown.start', label: 'Sale', durationMs: 600_000 });
    await a.runCommand({ kind: 'pin.set', question: 'Shipping?', answer: 'Free shipping tonight · 今晚包邮', saveToFaq: false });
    await a.runCommand({ kind: 'draw.open', keyword: '想要', prize: 'Glow Serum', durationMs: 600_000, winners: 1, eligibility: { excludeFirstTime: false, subscribersOnly: false } });
    await a.runCommand({ kind: 'poll.open', question: 'Which colour? 哪个颜色', options: [{ label: 'Red 红', keywords: [] }, { label: 'Pink 粉', keywords: [] }, { label: 'Nude 裸色', keywords: [] }], durationMs: 600_000, counts: 'first' });
    await a.runCommand({ kind: 'coupon.start', code: 'LIVE10', text: 'Order now · 立即下单', durationMs: 600_000, total: 50 });
    const shown = ['banner', 'countdown', 'pinned', 'draw', 'poll', 'coupon', 'questions', 'mood'];
    await overlay.waitForFunction((ws) => ws.every((w) => document.querySelector(`[data-widget=${w}]`)?.classList.contains('on')), shown);
    // the pinned answer ran under the lucky draw, and the right column (countdown, questions, poll)
    // was pushed down over the mood and the flash-sale banner
    await poll(() => overlaps(overlay, width, height)).toEqual([]);
    // the same picture, smaller: the banner keeps its share of the width (1000 of 1920 px)
    const banner = await overlay.locator('[data-widget=banner]').boundingBox();
    expect(Math.round(((banner?.width ?? 0) / width) * 100)).toBe(52);
    await overlay.screenshot({ path: `${ARTIFACTS}/overlay-every-widget-${height}p.png` });
  });
  /** An upright overlay (720x1280, host widgets on) with a featured comment, a sale, a countdown, a pinned answer, a lucky draw and a coupon up. */
  const upright = async (lang: 'en' | 'zh-CN') => {
    const a = await chrome.app(startApp(testConfig({ overlay: { lang } }), { insights: () => fixedInsights(Date.now()) }));
    const context = await chrome.context({ viewport: { width: 720, height: 1280 } });
    const overlay = await context.newPage();
    await overlay.goto(a.url('/overlay?widgets=questions,mood'));
    await waitConnected(overlay);
    await ingest(a, [{ id: 'fc-1', platform: 'twitch', user: { id: 'u-mia', name: 'mia', displayName: 'Mia' }, text: 'Just ordered two, the pink one is gorgeous · 粉色太好看了' }]);
    await postCommand(a.url(), a.tokens.producer, { kind: 'feature.set', messageId: 'fc-1' });
    await a.runCommand({ kind: 'banner.start', product: 'Glow Serum 30ml · 精华液', price: 19.9, originalPrice: 39.9, currency: '$', stock: 200, durationMs: 600_000 });
    await a.runCommand({ kind: 'countdown.start', label: 'Sale', durationMs: 600_000 });
    await a.runCommand({ kind: 'pin.set', question: 'Shipping?', answer: 'Free shipping tonight · 今晚包邮', saveToFaq: false });
    await a.runCommand({ kind: 'draw.open', keyword: '想要', prize: 'Glow Serum', durationMs: 600_000, winners: 1, eligibility: { excludeFirstTime: false, subscribersOnly: false } });
    await a.runCommand({ kind: 'coupon.start', code: 'LIVE10', text: 'Order now · 立即下单', durationMs: 600_000, total: 50 });
    return { a, overlay };
  };
  // 720x1280: a phone-style upright stream (TikTok, Douyin). The stage is 1080 stage pixels wide
  // there, so the lucky draw at the top centre spans the corners' columns and the flash-sale banner
  // at the bottom spans both bottom corners: the draw covered the pinned answer, the banner the
  // featured comment.
  it.each(['en', 'zh-CN'] as const)('upright at 720x1280 (%s), the lucky draw, the banner, the pinned answer and a featured comment do not cover each other', async (lang) => {
    const { overlay } = await upright(lang);
    const shown = ['banner', 'countdown', 'pinned', 'featured', 'draw', 'coupon', 'questions', 'mood'];
    await overlay.waitForFunction((ws) => ws.every((w) => document.querySelector(`[data-widget=${w}]`)?.classList.contains('on')), shown);
    await poll(() => overlaps(overlay, 720, 1280)).toEqual([]);
    await overlay.screenshot({ path: `${ARTIFACTS}/overlay-upright-${lang}.png` });
  });
  // every widget at once on an upright source is taller than 1,280 pixels: the host's own widgets
  // (questions, mood: opted in by URL, for the host's eyes) step aside rather than cover the show's
  it('upright at 720x1280 with every widget on, nothing covers anything: the host widgets step aside while crowded, and come back', async () => {
    const { a, overlay } = await upright('en');
    await a.runCommand({ kind: 'poll.open', question: 'Which colour? 哪个颜色', options: [{ label: 'Red 红', keywords: [] }, { label: 'Pink 粉', keywords: [] }, { label: 'Nude 裸色', keywords: [] }], durationMs: 600_000, counts: 'first' });
    const shown = ['banner', 'countdown', 'pinned', 'featured', 'draw', 'coupon', 'poll', 'questions', 'mood'];
    await overlay.waitForFunction((ws) => ws.every((w) => document.querySelector(`[data-widget=${w}]`)?.classList.contains('on')), shown);
    await poll(() => overlaps(overlay, 720, 1280)).toEqual([]);
    // what the show put up is all there; only host widgets made room
    const visible = () => overlay.evaluate((ws) => ws.filter((w) => { const r = document.querySelector(`[data-widget=${w}]`)!.getBoundingClientRect(); return r.width > 0 && r.height > 0; }), shown);
    const seen = await visible();
    for (const w of ['banner', 'countdown', 'pinned', 'featured', 'draw', 'coupon', 'poll']) expect(seen).toContain(w);
    await overlay.screenshot({ path: `${ARTIFACTS}/overlay-upright-every-widget.png` });
    // room again (the draw and the poll end): the host widgets come back, still clear of the rest
    await a.runCommand({ kind: 'draw.clear' });
    await a.runCommand({ kind: 'poll.clear' });
    await poll(visible).toEqual(expect.arrayContaining(['questions', 'mood']));
    await poll(() => overlaps(overlay, 720, 1280)).toEqual([]);
  });
});
