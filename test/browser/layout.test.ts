/**
 * The console at 1280×720 (a laptop beside the stream) in real Chromium, in both languages: the
 * flash-sale form's fields stay inside their panel, nothing runs past the window's edge, and the queue's heading and a held comment's
 * badges (首评, 优先 8.5, 全部 / EN / 中文) are not broken over two lines, one character at a time.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp } from '../../server/app.js';
import { browserSuite } from '../support/browser-suite.js';
import { testConfig } from '../support/app.js';
import { ingestChat } from '../support/browser.js';

const chrome = browserSuite();

/** The elements matching `sel` whose own text runs over more than one line. */
const wrapped = (page: Page, sel: string) =>
  page.locator(sel).evaluateAll((els) =>
    els
      .filter((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        return tops.size > 1;
      })
      .map((el) => el.textContent ?? ''),
  );

describe('the console at 1280×720', () => {
  it.each(['en-US', 'zh-CN'])('keeps the sale form inside its panel and the queue labels on one line (%s)', async (locale) => {
    const app = await chrome.app(startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } })));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 }, locale });
    const page = await context.newPage();
    await page.goto(app.url(`/console?token=${encodeURIComponent(app.tokens.producer)}`));
    await page.waitForFunction(() => document.documentElement.dataset.connected === 'true');
    await ingestChat(app.url(), app.tokens.ingest, [{ id: 'h1', user: 'grumpy_first_timer_2024', text: 'you idiot, where is my order' }]);
    await page.locator('.q-item').first().waitFor();

    // every field of the sale form ends inside the panel (the right column overran into the questions)
    const overruns = await page.locator('form[data-form=sale] .field').evaluateAll((fields) => {
      const box = fields[0]?.closest('.box')?.getBoundingClientRect();
      return fields.flatMap((f) => [...f.querySelectorAll('input, select')]).filter((el) => box && el.getBoundingClientRect().right > box.right + 0.5).map((el) => el.getAttribute('name'));
    });
    expect(overruns).toEqual([]);

    expect(await wrapped(page, '.queue-head h2, .queue-head .oldest, .queue-head .seg button, .q-meta > *, .engage .field.check > span')).toEqual([]);
    // nothing runs past the window's right edge (the terms' "always allowed" field did, by 26 px:
    // the page scrolled sideways and the header with it)
    const past = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5).map((el) => `${el.tagName.toLowerCase()}.${el.className}`));
    expect(past).toEqual([]);
  });
});
