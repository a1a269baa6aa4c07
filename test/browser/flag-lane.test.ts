/**
 * The flag lane and an overflowing queue in real Chromium against the real server: a flagged
 * comment shows on the feed at once and on the moderators' watch list; featured on the overlay,
 * one key (Delete) takes it back from the list and the overlay. A flood of holds makes the console
 * say the queue overflows, page it, and offer the one-click fix, which switches the level for all.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../server/app.js';
import { browserSuite } from '../support/browser-suite.js';
import { testConfig } from '../support/app.js';
import { ingestChat } from '../support/browser.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 8000 });
const chrome = browserSuite();


const ingest = (a: RunningApp, items: { id: string; user: string; text: string }[]): Promise<void> => ingestChat(a.url(), a.tokens.ingest, items);

async function consolePage(ctx: BrowserContext, a: RunningApp, role: 'moderator' | 'producer'): Promise<Page> {
  const p = await ctx.newPage();
  await p.goto(a.url(`/console?token=${a.tokens[role]}`));
  await p.waitForFunction(() => document.documentElement.dataset.connected === 'true');
  return p;
}

describe('flag lane and overflow (real Chromium)', () => {
  it('lists a flagged comment, and Delete takes it back from the list and the overlay', async () => {
    const a = await chrome.app(startApp(testConfig({ filters: { spam: { model: { enabled: false } } } })));
    const context = await chrome.context({ viewport: { width: 1500, height: 950 } });
    const errors: string[] = [];
    const mod = await consolePage(context, a, 'moderator');
    mod.on('pageerror', (e) => errors.push(e.message));
    const overlay = await context.newPage();
    await overlay.goto(a.url('/overlay'));
    await ingest(a, [{ id: 'f1', user: 'kim', text: 'mine came from https://shop.example.io/serum' }]);
    await poll(() => mod.locator('.w-item[data-id="f1"]').count()).toBe(1);
    // the label is not said twice: "link to shop.example.io", not "link: link to …"
    await expect(mod.locator('.w-item[data-id="f1"] .reason').first().textContent()).resolves.toBe('link to shop.example.io');
    await expect(mod.locator('.w-item[data-id="f1"] .reason').first().getAttribute('data-filter')).resolves.toBe('spam.link');
    await poll(() => mod.locator('.feed-flag .f-item[data-id="f1"]').count()).toBe(1);
    await a.runCommand({ kind: 'feature.set', messageId: 'f1' });
    await overlay.locator('[data-widget=featured].on .f-text', { hasText: 'shop.example.io' }).waitFor();
    await mod.locator('.w-item[data-id="f1"]').click();
    await mod.keyboard.press('Delete');
    await poll(() => mod.locator('.w-item[data-id="f1"]').count()).toBe(0);
    await poll(() => overlay.locator('[data-widget=featured].on').count()).toBe(0);
    expect(a.store.allAudit().some((e) => e.action === 'remove' && e.messageId === 'f1')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('W keeps the cursor in view down a long list, and after Delete the next comment takes its place (1280x720)', async () => {
    const a = await chrome.app(startApp(testConfig({ filters: { spam: { model: { enabled: false } }, sensitivity: { raids: 'off' } } })));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 } });
    const mod = await consolePage(context, a, 'moderator');
    const shops = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];
    await ingest(a, shops.map((shop, i) => ({ id: `f${i}`, user: `kim${i}`, text: `mine came from https://${shop}.example.io/serum` })));
    await poll(() => mod.locator('.w-item').count()).toBe(shops.length);
    await mod.locator('body').click({ position: { x: 2, y: 700 } });
    for (let i = 0; i < 8; i++) await mod.keyboard.press('w');
    const cursor = mod.locator('.w-item.cursor');
    // it stayed below the window: Delete would take back a comment the moderator cannot see
    const box = await cursor.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 720).toBe(true);
    const order = await mod.locator('.w-item').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['id']));
    const gone = await cursor.getAttribute('data-id');
    const next = order[order.indexOf(gone as string) + 1];
    await mod.keyboard.press('Delete');
    await poll(() => mod.locator(`.w-item[data-id="${gone}"]`).count()).toBe(0);
    // it went back to the top of the list
    expect(await mod.locator('.w-item.cursor').getAttribute('data-id')).toBe(next);
  });

  it('pages an overflowing queue and lowers the level in one click', async () => {
    const a = await chrome.app(startApp(testConfig({ filters: { sensitivity: { raids: 'off' } }, moderation: { overflowAt: 120, pageSize: 50 } })));
    const context = await chrome.context({ viewport: { width: 1500, height: 950 } });
    const mod = await consolePage(context, a, 'moderator');
    // a weak promotion phrase alone is held at medium, flagged at low
    await ingest(a, Array.from({ length: 150 }, (_, i) => ({ id: `x${i}`, user: `promo${i}`, text: `subscribe to me ${i}` })));
    expect(a.queue.size).toBe(150);
    await poll(() => mod.locator('.q-item').count()).toBe(50);
    await poll(() => mod.locator('[data-stat="queue-length"]').textContent()).toContain('150 waiting');
    const fix = mod.locator('.overflow button[data-act="lower-level"]');
    await poll(() => fix.count()).toBe(1);
    await expect(fix.textContent()).resolves.toContain('Spam to Low');
    await fix.click();
    await poll(() => (a.hub.state['sensitivity'] as { spam: string }).spam).toBe('low');
    await poll(() => mod.locator('button[data-category="spam"][data-level="low"].on').count()).toBe(1);
    await ingest(a, [{ id: 'after', user: 'promo-late', text: 'subscribe to me please' }]);
    expect(a.counters.flagged).toBe(1); // flagged, not held, at low
  });
});
