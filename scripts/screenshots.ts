/**
 * `npx tsx scripts/screenshots.ts`: takes the README's pictures. Starts the real app on the demo
 * replay (20× speed), drives it like a producer would, and shoots the overlay and the console in
 * Chromium (the one test/support/chromium-path.ts picks) into docs/screenshots/: first in English,
 * then with the overlay switched to Chinese and a console opened by a Chinese browser (-zh.png).
 */
import { mkdirSync } from 'node:fs';
import { startApp } from '../server/app.js';
import { parseConfig } from '../server/config-load.js';
import { defaultParts } from '../server/parts.js';
import { ensurePagesBuilt, launchBrowser } from '../test/support/browser.js';
import { tmpDbPath } from '../test/support/app.js';

async function main(): Promise<void> {
  await ensurePagesBuilt();
  const config = parseConfig({ server: { port: 0 }, store: { path: tmpDbPath() }, replay: { enabled: true, speed: 20, loop: true } }, 'screenshots');
  const app = await startApp(config, { log: () => {}, ...defaultParts(() => {}) });
  const browser = await launchBrowser();
  try {
    await app.runCommand({ kind: 'banner.start', preset: 'serum' });
    await app.runCommand({ kind: 'banner.stock', stockLeft: 12 });
    await app.runCommand({ kind: 'countdown.start', label: 'Flash sale ends', durationMs: 4 * 60_000 + 31_000 });
    // an answer in each language: the overlay shows the show's (as Pin answer from an FAQ card does)
    const shipping = { en: 'Free shipping over $30, ships within 48 hours', zh: '满99元包邮，48小时内发货' };
    await app.runCommand({ kind: 'pin.set', question: 'Is shipping free?', answer: shipping.en, answers: shipping, saveToFaq: false });
    const consolePage = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await consolePage.goto(app.url(`/console?token=${app.tokens.producer}&name=Producer`));
    // Let the replay fill the queue, the clusters and the mood for a while (20× speed ≈ 3 min of chat).
    await new Promise((r) => setTimeout(r, 9000));
    const overlay = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await overlay.goto(app.url('/overlay?widgets=questions,mood'));
    await overlay.waitForSelector('text=FLASH SALE');
    await new Promise((r) => setTimeout(r, 1200));
    mkdirSync('docs/screenshots', { recursive: true });
    await overlay.screenshot({ path: 'docs/screenshots/overlay.png' });
    await consolePage.screenshot({ path: 'docs/screenshots/console.png' });
    console.log('wrote docs/screenshots/overlay.png and docs/screenshots/console.png');

    // The same show in Chinese: the overlay's language switched as a producer would, a console in a Chinese browser.
    await app.runCommand({ kind: 'overlay.lang', lang: 'zh-CN' });
    await app.runCommand({ kind: 'countdown.start', label: '秒杀倒计时', durationMs: 4 * 60_000 + 31_000 });
    await app.runCommand({ kind: 'pin.set', question: '包邮吗？', answer: shipping.zh, answers: shipping, saveToFaq: false });
    const zhContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1600, height: 1000 } });
    const consoleZh = await zhContext.newPage();
    await consoleZh.goto(app.url(`/console?token=${app.tokens.producer}&name=Producer`));
    await consoleZh.waitForSelector('text=待审评论');
    await overlay.waitForSelector('text=限时秒杀');
    await new Promise((r) => setTimeout(r, 2500)); // stats, clusters and mood arrive once a second
    await overlay.screenshot({ path: 'docs/screenshots/overlay-zh.png' });
    await consoleZh.screenshot({ path: 'docs/screenshots/console-zh.png' });
    console.log('wrote docs/screenshots/overlay-zh.png and docs/screenshots/console-zh.png');
  } finally {
    await browser.close();
    await app.close();
  }
}

void main();
