/**
 * The setup every browser-test file shares: one Chromium per file (the pages built, the browser
 * launched once, closed at the end), and per test the browser contexts, pages and apps it opened
 * through the suite, closed after it (contexts and pages first, then the apps, newest first).
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ensurePagesBuilt, launchBrowser } from './browser.js';

export const ARTIFACTS = 'test-artifacts';

/** Anything the suite closes after a test (a running app, a context, a page). */
interface Closable {
  close(): Promise<void>;
}

export interface BrowserSuite {
  /** The file's Chromium, there once the tests run. */
  readonly browser: Browser;
  /** A new browser context, closed after this test. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A new page in a context of its own, closed after this test. */
  page(options?: BrowserContextOptions): Promise<Page>;
  /** Keeps an app (started, or starting) to close after this test, once its browser contexts are closed; returns it. */
  app<T extends Closable>(app: T | Promise<T>): Promise<T>;
}

/** Registers the file's hooks (beforeAll, afterEach, afterAll). Call it once, at the top of the file. */
export function browserSuite(): BrowserSuite {
  let browser: Browser | undefined;
  const browserSide: Closable[] = [];
  const apps: Closable[] = [];
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensurePagesBuilt();
    browser = await launchBrowser();
  });
  afterEach(async () => {
    // every one is closed even when one fails; the first failure is reported
    let failure: unknown = null;
    for (const c of [...browserSide.splice(0).reverse(), ...apps.splice(0).reverse()]) {
      try {
        await c.close();
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== null) throw failure instanceof Error ? failure : new Error(String(failure));
  });
  afterAll(async () => {
    await browser?.close();
  });
  const launched = (): Browser => {
    if (!browser) throw new Error('browserSuite: Chromium is not launched yet (use it inside a test)');
    return browser;
  };
  return {
    get browser() {
      return launched();
    },
    async context(options) {
      const c = await launched().newContext(options);
      browserSide.push(c);
      return c;
    },
    async page(options) {
      const p = await launched().newPage(options);
      browserSide.push(p);
      return p;
    },
    async app(app) {
      const a = await app;
      apps.push(a);
      return a;
    },
  };
}
