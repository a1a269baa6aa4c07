/**
 * The overlay page in real Chromium against the real server: a countdown pushed by an HTTP command
 * renders, survives a server restart (new process state, same port and SQLite file), and the page
 * reconnects by itself.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp } from '../../server/app.js';
import { postCommand } from '../support/browser.js';
import { ARTIFACTS, browserSuite } from '../support/browser-suite.js';
import { testConfig } from '../support/app.js';

const chrome = browserSuite();


/** Seconds shown on the countdown ("mm:ss" → total seconds). */
async function shownSeconds(p: Page): Promise<number> {
  const text = await p.locator('[data-widget=countdown] .cd-time').innerText();
  const m = /^(\d+):(\d\d)$/.exec(text.trim());
  if (!m) throw new Error(`countdown shows "${text}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

describe('overlay page (real Chromium, real server)', () => {
  it('renders a countdown the server pushed and recovers after the server restarts', async () => {
    const config = testConfig();
    let app = await chrome.app(startApp(config));
    const page = await chrome.page({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.url('/overlay'));
    await page.waitForFunction(() => document.documentElement.dataset.connected === 'true');

    await postCommand(app.url(), app.tokens.producer, { kind: 'countdown.start', label: 'Giveaway closes', durationMs: 120_000 });
    const cd = page.locator('[data-widget=countdown]');
    await cd.and(page.locator('.on')).waitFor();
    expect(await cd.locator('.cd-label').innerText()).toBe('Giveaway closes');
    const s1 = await shownSeconds(page);
    expect(s1).toBeGreaterThan(110);
    expect(s1).toBeLessThanOrEqual(120);

    // Restart: same port, same database file. The page notices the drop and reconnects by itself.
    const port = app.port;
    await app.close();
    await page.waitForFunction(() => document.documentElement.dataset.connected === 'false');
    // Down for more than 3 s: the small connection dot shows (and only then).
    expect(await page.locator('#conn').isHidden()).toBe(true);
    await page.locator('#conn').waitFor({ state: 'visible', timeout: 10_000 });
    app = await chrome.app(startApp(testConfig({ server: { port }, store: { path: config.store.path } })));
    await page.waitForFunction(() => document.documentElement.dataset.connected === 'true', undefined, { timeout: 15_000 });
    expect(await page.locator('#conn').isHidden()).toBe(true);
    // The countdown is still there, still counting from the same absolute end time.
    expect(await cd.getAttribute('class')).toContain('on');
    const s2 = await shownSeconds(page);
    expect(s2).toBeLessThanOrEqual(s1);
    expect(s2).toBeGreaterThan(80);

    // And it takes new commands from the new server.
    await postCommand(app.url(), app.tokens.producer, { kind: 'countdown.pause' });
    await page.locator('[data-widget=countdown][data-state=paused]').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/overlay-countdown.png` });
    expect(errors).toEqual([]);
  });

  it('applies the theme from config: colours, font, scale and positions', async () => {
    const app = await chrome.app(startApp(testConfig({ overlay: { theme: { accent: '#00ff88', fontFamily: '"Noto Serif CJK SC", serif', scale: 1.5, positions: { countdown: 'bottom-left', pinned: 'top-right' } } } })));
    const page = await chrome.page({ viewport: { width: 1920, height: 1080 } });
    await page.goto(app.url('/overlay'));
    await page.waitForFunction(() => document.documentElement.dataset.connected === 'true');
    await postCommand(app.url(), app.tokens.producer, { kind: 'countdown.start', label: 'themed', durationMs: 60_000 });
    await postCommand(app.url(), app.tokens.producer, { kind: 'pin.set', question: '', answer: 'Pinned top right', saveToFaq: false });
    await page.locator('[data-slot=bottom-left] > [data-widget=countdown].on').waitFor();
    await page.locator('[data-slot=top-right] > [data-widget=pinned].on').waitFor();
    const style = await page.locator('[data-widget=countdown]').evaluate((el) => {
      const cs = getComputedStyle(el);
      return { border: cs.borderTopColor, zoom: cs.zoom, font: cs.fontFamily };
    });
    expect(style.border).toBe('rgb(0, 255, 136)');
    expect(style.zoom).toBe('1.5');
    expect(style.font).toContain('Noto Serif CJK SC');
  });
});
