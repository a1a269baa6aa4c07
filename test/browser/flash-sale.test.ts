/**
 * Producer → overlay in real Chromium against the real server: a flash sale started from the
 * console form shows on a second page (the overlay) with the right prices and a countdown that is
 * correct under Playwright's fake clock; stock changes live (buttons and the ] shortcut), the
 * low-stock cue and the sold-out state show; reloading the overlay mid-sale brings back the same.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../server/app.js';
import { ARTIFACTS, browserSuite } from '../support/browser-suite.js';
import { testConfig } from '../support/app.js';

const chrome = browserSuite();


const seconds = (text: string): number => {
  const m = /^(\d+):(\d\d)$/.exec(text.trim());
  if (!m) throw new Error(`not a clock: "${text}"`);
  return Number(m[1]) * 60 + Number(m[2]);
};

async function openConsole(ctx: BrowserContext, a: RunningApp, token: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(a.url(`/console?token=${encodeURIComponent(token)}`));
  await page.waitForFunction(() => document.documentElement.dataset.connected === 'true');
  return page;
}

describe('flash sale from the console to the overlay', () => {
  it('shows price, discount, live stock, low stock, sold out; survives a reload; counts down under fake time', async () => {
    const app = await chrome.app(startApp(testConfig()));
    const context = await chrome.context({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    const consolePage = await openConsole(context, app, app.tokens.producer);
    consolePage.on('pageerror', (e) => errors.push(`console: ${e.message}`));

    const overlay = await context.newPage();
    overlay.on('pageerror', (e) => errors.push(`overlay: ${e.message}`));
    await overlay.setViewportSize({ width: 1920, height: 1080 });
    await overlay.clock.install();
    await overlay.goto(app.url('/overlay'));
    await overlay.waitForFunction(() => document.documentElement.dataset.connected === 'true');

    // The producer fills the ad-hoc form and starts the sale.
    const form = consolePage.locator('form[data-form=sale]');
    await form.locator('input[name=product]').fill('Hydrating Serum 50ml 玻尿酸精华');
    await form.locator('input[name=price]').fill('19.9');
    await form.locator('input[name=originalPrice]').fill('34');
    await form.locator('input[name=stock]').fill('20');
    await form.locator('input[name=duration]').fill('5m');
    await form.locator('button[name=startSale]').click();

    const banner = overlay.locator('[data-widget=banner]');
    await overlay.locator('[data-widget=banner].on[data-state=live]').waitFor();
    expect(await banner.locator('.b-product').innerText()).toBe('Hydrating Serum 50ml 玻尿酸精华');
    expect(await banner.locator('.b-price').innerText()).toBe('$19.90');
    // the struck-through price reads as the sale price does (it read "$34" beside "$19.90")
    expect(await banner.locator('.b-orig').innerText()).toBe('$34.00');
    expect(await banner.locator('.b-off').innerText()).toBe('-41%');
    expect(await banner.locator('.b-stock-text').innerText()).toBe('20 left');
    const t0 = seconds(await banner.locator('.b-timer-time').innerText());
    expect(t0).toBeGreaterThanOrEqual(298);
    expect(t0).toBeLessThanOrEqual(300);
    // The console's status line agrees.
    await consolePage.locator('[data-status=sale][data-phase=live]').waitFor();
    // One more minute for the sale itself (the countdown box's +1m only moved a separate countdown)
    await consolePage.locator('.live-controls').getByRole('button', { name: '+1 min', exact: true }).click();
    await overlay.waitForFunction((from) => {
      const m = /^(\d+):(\d\d)$/.exec(document.querySelector('[data-widget=banner] .b-timer-time')?.textContent ?? '');
      return m !== null && Number(m[1]) * 60 + Number(m[2]) >= from + 55;
    }, t0);
    const t1 = seconds(await banner.locator('.b-timer-time').innerText());
    expect(t1).toBeGreaterThanOrEqual(t0 + 55);
    expect(t1).toBeLessThanOrEqual(360);

    // Stock changes live: the −10 button, then the ] shortcut (+1). Patches update text in place:
    // the widget's nodes are the same before and after (no rebuild, no flicker).
    await overlay.evaluate(() => {
      (window as unknown as { keep: Element[] }).keep = [...document.querySelectorAll('[data-widget=banner], [data-widget=banner] *')];
    });
    await consolePage.getByRole('button', { name: '−10', exact: true }).click();
    await overlay.locator('[data-widget=banner] .b-stock-text', { hasText: '10 left' }).waitFor();
    await consolePage.locator('body').click({ position: { x: 5, y: 300 } }); // focus out of the form: shortcuts are off while typing
    await consolePage.keyboard.press(']');
    await overlay.locator('[data-widget=banner] .b-stock-text', { hasText: '11 left' }).waitFor();
    expect(await overlay.evaluate(() => (window as unknown as { keep: Element[] }).keep.every((el) => el.isConnected))).toBe(true);

    // Set stock with the box empty says what it needs (the click did nothing at all)
    await consolePage.getByRole('button', { name: 'Set stock' }).click();
    await consolePage.locator('.toast.error', { hasText: 'type how many are left' }).waitFor();
    // Set stock to 2: under the low mark (10 % of 20) → "Only 2 left!" with the low-stock cue.
    await consolePage.locator('input[name=stockLeft]').fill('2');
    await consolePage.getByRole('button', { name: 'Set stock' }).click();
    await overlay.locator('[data-widget=banner] .b-stock-text', { hasText: 'Only 2 left!' }).waitFor();
    expect(await banner.getAttribute('class')).toContain('low');

    // Reload the overlay mid-sale: it comes back the same.
    const before = seconds(await banner.locator('.b-timer-time').innerText());
    await overlay.reload();
    await overlay.locator('[data-widget=banner].on[data-state=live]').waitFor();
    expect(await banner.locator('.b-price').innerText()).toBe('$19.90');
    expect(await banner.locator('.b-stock-text').innerText()).toBe('Only 2 left!');
    const after = seconds(await banner.locator('.b-timer-time').innerText());
    expect(Math.abs(before - after)).toBeLessThanOrEqual(2);
    await overlay.screenshot({ path: `${ARTIFACTS}/overlay-banner.png` });

    // Sold out.
    await consolePage.getByRole('button', { name: '−10', exact: true }).click();
    await overlay.locator('[data-widget=banner][data-state=soldout]').waitFor();
    expect(await banner.locator('.b-tag').innerText()).toMatch(/sold out/i);
    // the tag says "Sold out"; the stock line says how many went, not "Sold out" a second time
    expect(await banner.locator('.b-stock-text').innerText()).toMatch(/^All \d+ sold$/);
    // nothing left to buy: no "ends in 04:12" ticking beside "Sold out" (it went on counting to the end)
    expect(await banner.locator('.b-timer').isVisible()).toBe(false);
    await overlay.screenshot({ path: `${ARTIFACTS}/overlay-banner-soldout.png` });
    // restocked (one returned): live again, with the sale's clock
    await consolePage.keyboard.press(']');
    await overlay.locator('[data-widget=banner][data-state=live]').waitFor();
    expect(await banner.locator('.b-timer').isVisible()).toBe(true);

    // Fake time: freeze the page clock, then move it. The sale's own countdown follows the
    // absolute end time, not a tick counter: +60 s of page time → exactly 60 s less on screen.
    const frozenAt = await overlay.evaluate(() => Date.now());
    await overlay.clock.pauseAt(frozenAt + 1000);
    const s1 = seconds(await banner.locator('.b-timer-time').innerText());
    await overlay.clock.fastForward(60_000);
    const s2 = seconds(await banner.locator('.b-timer-time').innerText());
    expect(s1 - s2).toBe(60);
    // Past the end: the end state, then the banner leaves.
    await overlay.clock.fastForward((s2 + 1) * 1000);
    expect(await banner.getAttribute('data-state')).toBe('ended');
    expect(await banner.locator('.b-tag').innerText()).toMatch(/sale ended/i);
    await overlay.clock.fastForward(10_000);
    expect(await banner.getAttribute('class')).not.toContain(' on');
    // Ended from the console: its status line says so once (no timer after the phase)
    await consolePage.getByRole('button', { name: 'End sale', exact: true }).click();
    const status = consolePage.locator('[data-status=sale][data-phase=ended]');
    await status.waitFor();
    expect(await status.innerText()).toMatch(/· stock 1\/\d+ · ended$/);
    expect(errors).toEqual([]);
  });

  it('schedules a sale from the console: "starting soon" with its own countdown, then live at the start time', async () => {
    const app = await chrome.app(startApp(testConfig()));
    const context = await chrome.context({ viewport: { width: 1600, height: 1000 } });
    // The fake clock goes in before either page loads. Installed while the console is open, it
    // sets the console's Date to 0 and only then to now (two evaluations); a patch landing in
    // between leaves the console's server-clock offset ~56 years off, and startAt with it.
    await context.clock.install();
    const consolePage = await openConsole(context, app, app.tokens.producer);
    const overlay = await context.newPage();
    await overlay.goto(app.url('/overlay'));
    await overlay.waitForFunction(() => document.documentElement.dataset.connected === 'true');

    const form = consolePage.locator('form[data-form=sale]');
    await form.locator('input[name=product]').fill('Night Cream 晚霜');
    await form.locator('input[name=price]').fill('25');
    await form.locator('input[name=stock]').fill('50');
    await form.locator('input[name=duration]').fill('2m');
    // The producer's local wall clock, 90 s from now, as the datetime-local field takes it.
    const local = await consolePage.evaluate(() => {
      const d = new Date(Date.now() + 90_000);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    });
    await form.locator('input[name=startAt]').fill(local);
    await form.locator('button[name=startSale]').click();

    const banner = overlay.locator('[data-widget=banner]');
    await overlay.locator('[data-widget=banner].on[data-state=scheduled]').waitFor();
    expect(await banner.locator('.b-tag').innerText()).toMatch(/starting soon/i);
    expect(await banner.locator('.b-timer-label').innerText()).toBe('starts in');
    const wait = seconds(await banner.locator('.b-timer-time').innerText());
    expect(wait).toBeGreaterThanOrEqual(80);
    expect(wait).toBeLessThanOrEqual(91);
    await consolePage.locator('[data-status=sale][data-phase=scheduled]').waitFor();

    const frozenAt = await overlay.evaluate(() => Date.now());
    await overlay.clock.pauseAt(frozenAt + 500);
    await overlay.clock.fastForward((wait + 1) * 1000);
    expect(await banner.getAttribute('data-state')).toBe('live');
    expect(await banner.locator('.b-timer-label').innerText()).toBe('ends in');
    const left = seconds(await banner.locator('.b-timer-time').innerText());
    expect(left).toBeGreaterThanOrEqual(117);
    expect(left).toBeLessThanOrEqual(120);
  });

  it.each([
    ['en-US', 'Shortcuts: Shift+H hide · Shift+U unpin', 'Shortcuts: Shift+H hide · Shift+C pause · Shift+X +1m · ] [ stock · Shift+E end sale · Shift+U unpin'],
    ['zh-CN', '快捷键：Shift+H 隐藏 · Shift+U 取消置顶', '快捷键：Shift+H 隐藏 · Shift+C 暂停 · Shift+X 加 1 分钟 · ] [ 库存 · Shift+E 结束秒杀 · Shift+U 取消置顶'],
  ] as const)('the shortcut hint lists only the keys the role may use (%s)', async (locale, host, producer) => {
    const app = await chrome.app(startApp(testConfig()));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 }, locale });
    const hostPage = await openConsole(context, app, app.tokens.host);
    expect(await hostPage.locator('[data-hint=shortcuts]').textContent()).toBe(host); // it listed pause, +1m, stock and end sale too
    const other = await chrome.context({ viewport: { width: 1280, height: 720 }, locale });
    const producerPage = await openConsole(other, app, app.tokens.producer);
    expect(await producerPage.locator('[data-hint=shortcuts]').textContent()).toBe(producer);
  });

  it('greys out the sale and countdown controls while there is nothing to act on', async () => {
    const app = await chrome.app(startApp(testConfig()));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN' });
    const page = await openConsole(context, app, app.tokens.producer);
    const live = page.locator('.live-controls');
    const cdRow = page.locator('.box', { has: page.locator('[data-status=countdown]') }).locator('.row').last();
    const disabled = async () => ({
      sale: await live.locator('button').evaluateAll((bs) => bs.map((b) => (b as HTMLButtonElement).disabled)),
      countdown: await cdRow.locator('button').evaluateAll((bs) => bs.map((b) => (b as HTMLButtonElement).disabled)),
    });
    // they were clickable and answered "当前没有进行中的倒计时、秒杀、抽奖或投票" (pause: nothing at all)
    expect(await disabled()).toEqual({ sale: Array(7).fill(true), countdown: Array(5).fill(true) });
    await app.runCommand({ kind: 'banner.start', product: 'Scarf 围巾', price: 9.9, stock: 20, durationMs: 300_000 });
    await app.runCommand({ kind: 'countdown.start', label: '', durationMs: 60_000 });
    await expect.poll(disabled).toEqual({ sale: Array(7).fill(false), countdown: Array(5).fill(false) });
    await app.runCommand({ kind: 'banner.end' });
    await app.runCommand({ kind: 'countdown.clear' });
    await expect.poll(disabled).toEqual({ sale: Array(7).fill(true), countdown: Array(5).fill(true) });
  });

  it.each([
    ['en-US', 'Replace "Scarf 围巾" (live) with this sale? It leaves the stream now.'],
    ['zh-CN', '用这场秒杀替换「Scarf 围巾」（进行中）？它会立即从直播画面撤下。'],
  ] as const)('asks before a new sale takes a running one off the stream (%s)', async (locale, question) => {
    const app = await chrome.app(startApp(testConfig()));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 }, locale });
    const page = await openConsole(context, app, app.tokens.producer);
    await app.runCommand({ kind: 'banner.start', product: 'Scarf 围巾', price: 9.9, stock: 20, durationMs: 300_000 });
    await page.locator('[data-status=sale][data-phase=live]').waitFor();
    const form = page.locator('form[data-form=sale]');
    await form.locator('input[name=product]').fill('Night Cream 晚霜');
    await form.locator('input[name=price]').fill('25');
    await form.locator('input[name=stock]').fill('50');
    const asked: string[] = [];
    // scheduling the next sale replaced the running one at once, without a word
    page.once('dialog', (d) => void (asked.push(d.message()), d.dismiss()));
    await form.locator('button[name=startSale]').click();
    await expect.poll(() => asked).toEqual([question]);
    expect(await page.locator('[data-status=sale]').textContent()).toMatch(/^Scarf 围巾 · /);
    page.once('dialog', (d) => void d.accept());
    await form.locator('button[name=startSale]').click();
    await expect.poll(() => page.locator('[data-status=sale]').textContent()).toMatch(/^Night Cream 晚霜 · /);
  });

  it('keeps the sale controls greyed out once the ended sale has left the overlay', async () => {
    const app = await chrome.app(startApp(testConfig()));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 } });
    await context.clock.install(); // before the page loads (see the scheduling test)
    const page = await openConsole(context, app, app.tokens.producer);
    const live = page.locator('.live-controls');
    const disabled = () => live.locator('button').evaluateAll((bs) => bs.map((b) => (b as HTMLButtonElement).disabled));
    await app.runCommand({ kind: 'banner.start', product: 'Scarf 围巾', price: 9.9, stock: 20, durationMs: 300_000 });
    await expect.poll(disabled).toEqual(Array(7).fill(false));
    await app.runCommand({ kind: 'banner.end' });
    await expect.poll(disabled).toEqual(Array(7).fill(true));
    // 8 s later the banner leaves the overlay: the buttons came back and −1 changed the ended sale's stock, unseen
    await page.clock.fastForward(10_000);
    await page.locator('[data-status=sale][data-phase=gone]').waitFor();
    expect(await disabled()).toEqual(Array(7).fill(true));
  });

  it.each([
    ['en-US', ' · 200 in stock'],
    ['zh-CN', ' · 库存 200 件'],
  ] as const)('a preset names its stock with a unit (%s)', async (locale, stock) => {
    const app = await chrome.app(startApp(testConfig()));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 }, locale });
    const page = await openConsole(context, app, app.tokens.producer);
    const first = page.locator('select[name=preset] option').first();
    await first.waitFor({ state: 'attached' });
    // it read "Glow Serum 30ml · 精华液 — $19.90 × 200" in English: 200 of what?
    expect(await first.textContent()).toMatch(/ — \$19\.90 · /);
    expect((await first.textContent())?.endsWith(stock)).toBe(true);
    // one shop, one way of writing prices: the earbuds at 29 read "$29.00" beside "$19.90" and "$9.90"
    const options = await page.locator('select[name=preset] option').allTextContents();
    expect(options.map((o) => / — (\S+) · /.exec(o)?.[1])).toEqual(['$19.90', '$9.90', '$29.00']);
  });

  it.each([
    ['en-US', /^starts [A-Z][a-z]{2} \d{1,2}, 20\d\d, /, 'en', 'starts', /^[A-Z][a-z]{2} \d{1,2}, \d\d:\d\d$/, 'Coming up'],
    ['zh-CN', /^20\d\d年\d{1,2}月\d{1,2}日 .* 开抢$/, 'zh-CN', '开抢时间', /^\d{1,2}月\d{1,2}日 \d\d:\d\d$/, '开抢预告'],
  ] as const)('a sale scheduled days ahead shows its date, not hundreds of hours (%s)', async (locale, want, show, label, onStream, tag) => {
    const app = await chrome.app(startApp(testConfig({ overlay: { lang: show } })));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 }, locale });
    const page = await openConsole(context, app, app.tokens.producer);
    await app.runCommand({ kind: 'banner.start', product: 'Scarf 围巾', price: 9.9, stock: 20, durationMs: 300_000, startAt: Date.now() + 3 * 24 * 3600_000 });
    const status = page.locator('[data-status=sale][data-phase=scheduled]');
    await status.waitFor();
    // it read "starts in 72:00:00" (and "27069:05:44" for a year typed wrong)
    const timer = (await status.textContent())?.split(' · ').at(-1) ?? '';
    expect(timer).toMatch(want);
    // the overlay said "Starting soon · starts in 72:00:00" to the viewers
    const overlay = await context.newPage();
    await overlay.setViewportSize({ width: 1920, height: 1080 });
    await overlay.goto(app.url('/overlay'));
    await overlay.locator('[data-widget=banner].on[data-state=scheduled]').waitFor();
    expect(await overlay.locator('.b-timer-label').textContent()).toBe(label);
    expect(await overlay.locator('.b-timer-time').textContent()).toMatch(onStream);
    // announced days ahead, not "Starting soon" / 即将开抢
    expect(await overlay.locator('.b-tag').textContent()).toBe(tag);
  });
});
