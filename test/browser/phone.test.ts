/**
 * The console on a phone (390x844, touch) and with a mouse, in real Chromium against the real
 * server: every role's page fits the screen's width in both languages; the held queue decides by its
 * buttons (a tap, a click) as it does by its keys; a tap in the queue does not hold it still for
 * good (only a mouse pointer does); the overlay preview shows the whole overlay, scaled to its box.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../server/app.js';
import { browserSuite } from '../support/browser-suite.js';
import { testConfig } from '../support/app.js';
import { ingestChat } from '../support/browser.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 5000 });
const chrome = browserSuite();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;

/** A strict channel: every abuse finding held, so each test comment waits in the queue. */
const strictApp = (): Promise<RunningApp> => chrome.app(startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } })));

async function consolePage(ctx: BrowserContext, a: RunningApp, token: string): Promise<Page> {
  const p = await ctx.newPage();
  await p.goto(a.url(`/console?token=${token}`));
  await p.waitForFunction(() => document.documentElement.dataset.connected === 'true');
  return p;
}

/** The queue's item ids in the order shown. */
const order = (p: Page) => p.locator('.queue-list .q-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));

/** Elements wider than the screen (their right edge past it), named for the failure message. */
const pastTheEdge = (p: Page) =>
  p.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.right > window.innerWidth + 1;
      })
      .map((e) => `${e.tagName.toLowerCase()}.${(e as HTMLElement).className}`),
  );

describe('the console on a phone and with a mouse (real Chromium)', () => {
  it('every role fits a 390 px phone in both languages: no sideways scrolling, the queue and sale controls in reach', async () => {
    const a = await strictApp();
    await ingestChat(a.url(), a.tokens.ingest, [{ id: 'ph-1', user: 'troll', text: 'you are an idiot' }]);
    for (const locale of ['zh-CN', 'en-US']) {
      const ctx = await chrome.context({ ...PHONE, locale });
      for (const [role, token] of [['producer', a.tokens.producer], ['moderator', a.tokens.moderator], ['host', a.tokens.host]] as const) {
        const p = await consolePage(ctx, a, token);
        if (role !== 'host') await p.locator('.q-item').first().waitFor();
        expect(await pastTheEdge(p), `${role} ${locale}`).toEqual([]);
        expect(await p.evaluate(() => document.documentElement.scrollWidth), `${role} ${locale}`).toBeLessThanOrEqual(390);
        // a finger reads no keyboard hints, and gets buttons it can hit
        expect(await p.locator('.hint').first().isVisible(), `${role} ${locale}`).toBe(false);
        if (role !== 'host') {
          const reject = p.locator('.q-actions [data-act="reject"]');
          expect((await reject.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(40);
          expect(await reject.innerText()).toBe(locale === 'zh-CN' ? '拒绝' : 'Reject');
        }
        await p.close();
      }
    }
  });

  it('a tap on a comment and on Reject decides it; a tap in the list does not hold new comments below', async () => {
    const a = await strictApp();
    const ctx = await chrome.context({ ...PHONE, locale: 'zh-CN' });
    const m = await consolePage(ctx, a, a.tokens.moderator);
    await ingestChat(a.url(), a.tokens.ingest, [
      { id: 'tp-1', user: 'troll', text: 'fuck this stream' },
      { id: 'tp-2', user: 'grumpy', text: 'you are an idiot' },
    ]);
    await poll(async () => (await order(m)).length).toBe(2);
    const [first, second] = (await order(m)) as [string, string];
    await m.locator(`.q-item[data-id="${second}"]`).tap();
    await m.locator(`.q-item.cursor[data-id="${second}"]`).waitFor();
    // a comment that sorts first arrives after the tap: it takes its place (no "new below" on a phone)
    await ingestChat(a.url(), a.tokens.ingest, [{ id: 'tp-3', user: 'angry', text: 'you idiot, where is my order, refund now' }]);
    await poll(async () => (await order(m)).length).toBe(3);
    const fresh = (await order(m)).find((id) => id !== first && id !== second) as string;
    expect((await order(m))[0]).toBe(fresh);
    expect(await m.locator('[data-stat=new]').isVisible()).toBe(false);
    // the cursor is still on the tapped comment; Reject takes it, and only it
    await m.locator('.q-actions [data-act="reject"]').tap();
    await poll(() => order(m)).toEqual([fresh, first]);
    await m.locator('.toast', { hasText: '已拒绝 1 条' }).waitFor();
    expect(Object.values(a.hub.state['queue'] as Record<string, unknown>)).toHaveLength(2);
  });

  it('with a mouse the buttons do what the keys do, on the selection; they wait, disabled, while nothing is chosen', async () => {
    const a = await strictApp();
    const ctx = await chrome.context({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
    const m = await consolePage(ctx, a, a.tokens.moderator);
    const approve = m.locator('.q-actions [data-act="approve"]');
    expect(await approve.isDisabled()).toBe(true);
    // the keyboard hint stays for a mouse and a keyboard
    expect(await m.locator('.hint').first().isVisible()).toBe(true);
    expect(await approve.evaluate((b) => b.firstChild?.textContent)).toBe('Approve');
    expect(await approve.locator('kbd').innerText()).toBe('A');
    await ingestChat(a.url(), a.tokens.ingest, [
      { id: 'mo-1', user: 'troll', text: 'fuck this stream' },
      { id: 'mo-2', user: 'grumpy', text: 'you are an idiot' },
      { id: 'mo-3', user: 'xiaoming', text: '妈的什么玩意' },
    ]);
    await poll(async () => (await order(m)).length).toBe(3);
    const [one, two, three] = (await order(m)) as [string, string, string];
    await m.locator(`.q-item[data-id="${one}"]`).click();
    await m.locator(`.q-item[data-id="${three}"]`).click({ modifiers: ['Shift'] });
    await m.locator(`.q-item[data-id="${two}"]`).click({ modifiers: ['Control'] });
    expect(await approve.isEnabled()).toBe(true);
    // two selected (one and three): the ban button takes both, leaving the other
    await m.locator('.q-actions [data-act="ban"]').click();
    await poll(() => order(m)).toEqual([two]);
    await m.locator('.toast', { hasText: 'Banned 2 comments' }).waitFor();
  });

  it("the producer's overlay preview shows the whole 1920x1080 overlay in its box, on a phone too", async () => {
    const a = await chrome.app(startApp(testConfig()));
    for (const options of [PHONE, { viewport: { width: 1500, height: 950 } }]) {
      const ctx = await chrome.context(options);
      const p = await consolePage(ctx, a, a.tokens.producer);
      const frame = p.locator('.preview-frame');
      await frame.scrollIntoViewIfNeeded();
      await poll(async () => {
        const box = await frame.boundingBox();
        const shown = await p.locator('iframe.preview').boundingBox();
        // the scaled overlay spans the box (within a pixel of its border), 16:9
        return box && shown ? [Math.abs(shown.width - (box.width - 2)) <= 1, Math.abs(shown.height / shown.width - 9 / 16) < 0.01] : null;
      }).toEqual([true, true]);
    }
  });
});
