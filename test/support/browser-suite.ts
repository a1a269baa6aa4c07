/** One Chromium per browser-test file: the pages built, the browser launched once, closed at the end. */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensurePagesBuilt, launchBrowser } from './browser.js';

export const ARTIFACTS = 'test-artifacts';

/** Registers the file's beforeAll/afterAll; `browser` is there once the tests run. */
export function chromiumForSuite(): { readonly browser: Browser } {
  const holder = {} as { browser: Browser };
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensurePagesBuilt();
    holder.browser = await launchBrowser();
  });
  afterAll(async () => {
    await holder.browser?.close();
  });
  return holder;
}
