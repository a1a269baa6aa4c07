/**
 * Issue 17 in real Chromium against the real server: the producer opens a lucky draw, a poll and a
 * coupon drop from the console; viewers' messages come in through the ingest and the real pipeline;
 * the overlay shows the keyword, the entry count ticking, the live poll bars, the reveal with the
 * winners (names as text, never HTML), the seed, a redraw, and the coupon's claim counter.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../server/app.js';
import { ARTIFACTS, browserSuite } from '../support/browser-suite.js';
import { testConfig } from '../support/app.js';

const chrome = browserSuite();

async function ingest(a: RunningApp, lines: { id: string; user: string; name?: string; text: string }[]): Promise<void> {
  const res = await fetch(a.url('/api/ingest'), {
    method: 'POST',
    headers: { authorization: `Bearer ${a.tokens.ingest}`, 'content-type': 'application/json' },
    body: JSON.stringify(lines.map((l) => ({ id: l.id, platform: 'twitch', channel: 'shop', user: { id: l.user, name: l.user, displayName: l.name ?? l.user }, text: l.text }))),
  });
  expect(res.status).toBe(200);
}

const text = (page: Page, sel: string) => page.locator(sel).evaluate((e) => e.textContent ?? '');

/**
 * A poll (a quiz with `quiz`) open with three votes (1 for Red, 2 for Pink) when the server stops,
 * and a producer's console in `locale` on the server started again on the same store.
 */
async function reopenedWithVotes(locale: string, question: string, quiz?: { correct: number; winners: number }) {
  const config = testConfig();
  const first = await chrome.app(startApp(config));
  await first.runCommand({ kind: 'poll.open', question, options: [{ label: 'Red 红', keywords: [] }, { label: 'Pink 粉', keywords: [] }], durationMs: 600_000, counts: 'first', ...(quiz ? { quiz } : {}) });
  await ingest(first, [{ id: 'v1', user: 'v1', text: '2' }, { id: 'v2', user: 'v2', text: '2' }, { id: 'v3', user: 'v3', text: '1' }]);
  await expect.poll(() => (first.hub.state['overlay'] as { engage: { poll: { counts: number[] } } }).engage.poll.counts, { timeout: 5000 }).toEqual([1, 2]);
  await first.close();
  const { again, context, con } = await restartedConsole(config, locale);
  return { again, context, status: con.locator('[data-status=poll]') };
}

/** The app started again on `config`'s store, and its producer console open in `locale`, connected. */
async function restartedConsole(config: ReturnType<typeof testConfig>, locale: string) {
  const again = await chrome.app(startApp(config));
  const context = await chrome.context({ viewport: { width: 1600, height: 1400 }, locale });
  const con = await context.newPage();
  await con.goto(again.url(`/console?token=${encodeURIComponent(again.tokens.producer)}`));
  await con.waitForFunction(() => document.documentElement.dataset.connected === 'true');
  return { again, context, con };
}

describe('engagement tools from the console to the overlay', () => {
  it('draw, poll and coupon: live counts and bars, reveal, redraw, claims', async () => {
    const app = await chrome.app(startApp(testConfig({ overlay: { lang: 'zh-CN' } }))); // the show in Chinese, the console in English
    const context = await chrome.context({ viewport: { width: 1600, height: 1400 }, locale: 'en-US' });
    const errors: string[] = [];
    const con = await context.newPage();
    con.on('pageerror', (e) => errors.push(`console: ${e.message}`));
    await con.goto(app.url(`/console?token=${encodeURIComponent(app.tokens.producer)}`));
    await con.waitForFunction(() => document.documentElement.dataset.connected === 'true');
    const overlay = await context.newPage();
    overlay.on('pageerror', (e) => errors.push(`overlay: ${e.message}`));
    await overlay.setViewportSize({ width: 1920, height: 1080 });
    await overlay.goto(app.url('/overlay'));
    await overlay.waitForFunction(() => document.documentElement.dataset.connected === 'true');

    // ---- the draw
    await con.locator('input[name=draw-keyword]').fill('想要');
    await con.locator('input[name=draw-prize]').fill('Glow Serum 精华液');
    await con.locator('input[name=draw-duration]').fill('5m');
    await con.locator('input[name=draw-winners]').fill('2');
    await con.locator('button[name=draw-open]').click();
    await overlay.waitForFunction(() => document.querySelector('[data-widget=draw]')?.classList.contains('on'));
    expect(await text(overlay, '.ed-keyword')).toBe('想要');
    expect(await text(overlay, '.ed-title')).toBe('抽奖'); // the show's language
    expect(await con.locator('button[name=draw-open]').textContent()).toBe('Open draw'); // the console's
    expect(await text(overlay, '.ed-time')).toMatch(/^0[45]:\d\d$/);
    expect(await text(overlay, '.ed-small')).toMatch(/sha256 [0-9a-f]{16}…$/);

    await ingest(app, [
      { id: 'a', user: 'ann', name: '<img src=x onerror=alert(1)>', text: '想要' },
      { id: 'b', user: 'bo', text: '想要！' },
      { id: 'c', user: 'cy', text: '想要' },
      { id: 'd', user: 'di', text: 'not an entry 想要这个吗' },
    ]);
    await overlay.waitForFunction(() => document.querySelector('.ed-count')?.textContent?.startsWith('3 '));
    await ingest(app, [{ id: 'e', user: 'ed', text: '想要' }]);
    await overlay.waitForFunction(() => document.querySelector('.ed-count')?.textContent?.startsWith('4 '));

    await con.locator('button[name=draw-close]').click();
    await overlay.waitForFunction(() => document.querySelector('[data-widget=draw]')?.getAttribute('data-phase') === 'drawn');
    const winners = await overlay.locator('.ed-winners li').allTextContents();
    expect(winners).toHaveLength(2);
    expect(await overlay.locator('.ed-winners img').count()).toBe(0);
    const seed = ((app.hub.state['overlay'] as { engage: { draw: { seed: string } } }).engage.draw.seed);
    expect(await text(overlay, '.ed-small')).toContain(seed.slice(0, 16));
    await overlay.screenshot({ path: `${ARTIFACTS}/engage-draw.png` });

    // a winner does not answer: the console redraws
    await con.locator('.engage-winners button[name=draw-redraw]').first().click();
    await overlay.waitForFunction(() => document.querySelectorAll('.ed-winners li').length === 3 && document.querySelectorAll('.ed-winners li.replaced').length === 1);

    // the winners' list as a team opens it in Excel: UTF-8 with a byte-order mark, so Chinese names stay Chinese
    const [csvFile] = await Promise.all([con.waitForEvent('download'), con.locator('button[name=draw-export-csv]').click()]);
    const csvBytes = readFileSync(await csvFile.path());
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvBytes.subarray(3).toString('utf8')).toMatch(/^# draw [^]*\nkey,name,pick,status\n/);

    // ---- the poll (bars)
    await con.locator('input[name=poll-question]').fill('Which colour? 哪个颜色?');
    await con.locator('textarea[name=poll-options]').fill('Red 红\nBlue 蓝\nGreen 绿');
    await con.locator('input[name=poll-duration]').fill('2m');
    await con.locator('button[name=poll-open]').click();
    await overlay.waitForFunction(() => document.querySelector('[data-widget=poll]')?.classList.contains('on'));
    await ingest(app, [
      { id: 'p1', user: 'u1', text: '1' },
      { id: 'p2', user: 'u2', text: '2' },
      { id: 'p3', user: 'u3', text: '2' },
      { id: 'p4', user: 'u4', text: '２' },
    ]);
    await overlay.waitForFunction(() => document.querySelectorAll('.ep-opt')[1]?.querySelector('.ep-n')?.textContent === '3 · 75%');
    const widths = await overlay.locator('.ep-bar').evaluateAll((bars) => bars.map((b) => (b as HTMLElement).style.width));
    expect(widths).toEqual(['25%', '75%', '0%']);

    // ---- the coupon beside the flash sale
    await con.locator('input[name=coupon-code]').fill('LIVE20');
    await con.locator('input[name=coupon-total]').fill('50');
    await con.locator('button[name=coupon-start]').click();
    await overlay.waitForFunction(() => document.querySelector('[data-widget=coupon]')?.classList.contains('on'));
    await con.locator('button[name=coupon-plus10]').click();
    await overlay.waitForFunction(() => document.querySelector('.ec-claimed')?.textContent === '10/50 已领');
    expect(await text(overlay, '.ec-code')).toBe('LIVE20');
    expect(await overlay.locator('[data-slot=bottom-center] [data-widget=coupon]').count()).toBe(1);
    await overlay.screenshot({ path: `${ARTIFACTS}/engage-poll-coupon.png` });

    // a reload shows the same state
    await overlay.reload();
    await overlay.waitForFunction(() => document.querySelector('.ec-claimed')?.textContent === '10/50 已领' && document.querySelectorAll('.ed-winners li').length === 3);

    // the show switched to English from the console: the widgets follow, like the rest of the overlay
    await app.runCommand({ kind: 'overlay.lang', lang: 'en' });
    await overlay.waitForFunction(() => document.querySelector('.ec-claimed')?.textContent === '10/50 claimed' && document.querySelector('.ed-title')?.textContent === 'Lucky draw');
    // ...and the console's engage panel follows the console's language button
    await con.locator('[data-action="switch-lang"]').click();
    await con.locator('button[name=draw-open]', { hasText: '开始抽奖' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('an ended coupon leaves the overlay after its few seconds of "Coupon ended"', async () => {
    const app = await chrome.app(startApp(testConfig()));
    const context = await chrome.context({ viewport: { width: 1920, height: 1080 } });
    const overlay = await context.newPage();
    await overlay.clock.install();
    await overlay.goto(app.url('/overlay'));
    await overlay.waitForFunction(() => document.documentElement.dataset.connected === 'true');
    await app.runCommand({ kind: 'coupon.start', code: 'LIVE10', text: 'Order now', durationMs: 120_000, total: 100 });
    await app.runCommand({ kind: 'coupon.end' });
    await overlay.locator('[data-widget=coupon].on[data-state=ended]').waitFor();
    expect(await text(overlay, '.ec-title')).toBe('Coupon ended');
    await overlay.clock.fastForward(6_000);
    await overlay.locator('[data-widget=coupon]:not(.on)').waitFor({ state: 'attached' });
    // it stayed on the stream at 60 % for good: the ended state's opacity outranked the hidden widget's 0
    await overlay.waitForFunction(() => getComputedStyle(document.querySelector('[data-widget=coupon]')!).opacity === '0');
  });

  it.each([
    ['en-US', { none: ['No draw running', 'No poll running', 'No coupon out'], entered: '0 entered', drawn: 'Drawn: no winner (0 eligible entries)', votes: '1 vote · closed', ended: '5/50 claimed · ended', needs: 'A draw needs a keyword' }],
    ['zh-CN', { none: ['没有进行中的抽奖', '没有进行中的投票', '没有发放中的优惠券'], entered: '0 人参与', drawn: '已开奖：无人中奖（0 人符合条件）', votes: '1 票 · 已结束', ended: '5/50 已领 · 已结束', needs: '抽奖需要口令' }],
  ] as const)('the engage panel says what is running, with units, and when it ended (%s)', async (locale, want) => {
    const app = await chrome.app(startApp(testConfig()));
    const context = await chrome.context({ viewport: { width: 1600, height: 1400 }, locale });
    const con = await context.newPage();
    const errors: string[] = [];
    con.on('pageerror', (e) => errors.push(e.message));
    await con.goto(app.url(`/console?token=${encodeURIComponent(app.tokens.producer)}`));
    await con.waitForFunction(() => document.documentElement.dataset.connected === 'true');
    const status = (which: string) => con.locator(`[data-status=${which}]`);
    // nothing running: each status says so (it read a bare "—")
    expect([await status('draw').textContent(), await status('poll').textContent(), await status('coupon').textContent()]).toEqual(want.none);
    // a bad window: the toast says what is needed (it read the bare labels "Keyword / Window (e.g. 60s, 2m)")
    await con.locator('input[name=draw-duration]').fill('soon');
    await con.locator('button[name=draw-open]').click();
    expect(await con.locator('.toast.error').last().textContent()).toContain(want.needs);
    // an open draw counts entrants with a unit (it read "想要 · 0 · 01:00")
    await con.locator('input[name=draw-duration]').fill('60s');
    await con.locator('button[name=draw-open]').click();
    await con.waitForFunction((w) => document.querySelector('[data-status=draw]')?.textContent?.includes(w), want.entered);
    await con.locator('button[name=draw-close]').click();
    await con.waitForFunction((w) => document.querySelector('[data-status=draw]')?.textContent?.startsWith(w), want.drawn);
    // a closed poll says so and counts its votes
    await con.locator('input[name=poll-question]').fill('Which colour? 哪个颜色');
    await con.locator('textarea[name=poll-options]').fill('Red 红\nPink 粉');
    await con.locator('button[name=poll-open]').click();
    await status('poll').filter({ hasText: /\d\d:\d\d$/ }).waitFor();
    await ingest(app, [{ id: 'v1', user: 'v1', text: '2' }]);
    await con.waitForFunction(() => document.querySelector('[data-status=poll]')?.textContent?.includes('2. Pink 粉: 1'));
    await con.locator('button[name=poll-close]').click();
    await con.waitForFunction((w) => document.querySelector('[data-status=poll]')?.textContent?.endsWith(w), want.votes);
    // an ended coupon says so (it kept its last count with no word of the end)
    await con.locator('input[name=coupon-total]').fill('50');
    await con.locator('button[name=coupon-start]').click();
    await con.locator('button[name=coupon-plus]').click();
    await con.locator('button[name=coupon-plus]').click();
    await con.locator('button[name=coupon-plus]').click();
    await con.locator('button[name=coupon-plus]').click();
    await con.locator('button[name=coupon-plus]').click();
    await con.waitForFunction(() => /5\/50/.test(document.querySelector('[data-status=coupon]')?.textContent ?? ''));
    await con.locator('button[name=coupon-end]').click();
    await con.waitForFunction((w) => document.querySelector('[data-status=coupon]')?.textContent?.endsWith(w), want.ended);
    expect(errors).toEqual([]);
  });
  // a poll open when the server stopped vanished at the next start without a word
  it.each([
    ['en-US', 'closed by a server restart (it was open): the votes as last saved are kept'],
    ['zh-CN', '服务器重启时投票仍在进行，已结束：保留重启前最后保存的票数'],
  ] as const)('after a restart the console says the open poll was closed, with its votes (%s)', async (locale, said) => {
    const { status } = await reopenedWithVotes(locale, 'Which colour? 哪个颜色');
    await status.filter({ hasText: said }).waitFor();
    expect(await status.textContent()).toContain('1. Red 红: 1 · 2. Pink 粉: 2');
  });
  // a quiz open when the server stopped: the console said the poll's words, the overlay 'Correct answer: 1 · First correct: —'
  it.each([
    ['en-US', 'quiz closed by a server restart (it was open): the votes as last saved are kept; no winners, since who answered was not saved'],
    ['zh-CN', '服务器重启时答题仍在进行，已结束：保留重启前最后保存的票数；无获奖者（谁先答对只在重启前的内存中，未保存）'],
  ] as const)('after a restart the console says the open quiz was closed without winners, the overlay shows its answer only (%s)', async (locale, said) => {
    const { again, context, status } = await reopenedWithVotes(locale, 'Which is cotton? 哪件是纯棉', { correct: 1, winners: 3 });
    await status.filter({ hasText: said }).waitFor();
    expect(await status.textContent()).toContain('1. Red 红: 1 · 2. Pink 粉: 2');
    const overlay = await context.newPage();
    await overlay.setViewportSize({ width: 1920, height: 1080 });
    await overlay.goto(again.url('/overlay'));
    await overlay.waitForFunction(() => document.documentElement.dataset.connected === 'true');
    await overlay.locator('.engage-poll .ep-opt.correct').waitFor();
    expect(await overlay.locator('.engage-poll .ep-opt.correct .ep-label').textContent()).toBe('2. Pink 粉');
    expect(await text(overlay, '.engage-poll .ep-foot > span:first-child')).toBe('Correct answer: 2');
  });
  // a closed quiz read '… · closed' in the console: its answer and its winners only on the overlay
  it.each([
    ['en-US', '3 votes · closed · correct answer 2 · first correct: Ann, Cai'],
    ['zh-CN', '3 票 · 已结束 · 正确答案 2 · 最先答对：Ann, Cai'],
  ] as const)('a closed quiz names its answer and its first correct answers in the console (%s)', async (locale, said) => {
    const app = await chrome.app(startApp(testConfig()));
    const context = await chrome.context({ viewport: { width: 1600, height: 1400 }, locale });
    const con = await context.newPage();
    await con.goto(app.url(`/console?token=${encodeURIComponent(app.tokens.producer)}`));
    await con.waitForFunction(() => document.documentElement.dataset.connected === 'true');
    await app.runCommand({ kind: 'poll.open', question: 'Which is cotton? 哪件是纯棉', options: [{ label: 'Red 红', keywords: [] }, { label: 'Pink 粉', keywords: [] }], durationMs: 600_000, counts: 'first', quiz: { correct: 1, winners: 3 } });
    await ingest(app, [{ id: 'q1', user: 'q1', name: 'Ann', text: '2' }, { id: 'q2', user: 'q2', name: 'Bo', text: '1' }, { id: 'q3', user: 'q3', name: 'Cai', text: '2' }]);
    await expect.poll(() => (app.hub.state['overlay'] as { engage: { poll: { counts: number[] } } }).engage.poll.counts, { timeout: 5000 }).toEqual([1, 2]);
    await app.runCommand({ kind: 'poll.close' });
    await con.waitForFunction((w) => document.querySelector('[data-status=poll]')?.textContent?.endsWith(w), said);
  });
  // a draw taking entries when the server stopped was gone at the next start: 'No draw running', not a word
  it.each([
    ['en-US', 'The draw “想要” was taking entries when the server restarted: voided, not drawn, since its entry list was not saved in full. Open a new one.'],
    ['zh-CN', '服务器重启时抽奖“想要”仍在报名：已作废，未开奖，因为报名名单没有完整保存。请重新发起。'],
  ] as const)('after a restart the console says the draw that was taking entries was voided (%s)', async (locale, said) => {
    const config = testConfig();
    const first = await chrome.app(startApp(config));
    await first.runCommand({ kind: 'draw.open', keyword: '想要', durationMs: 600_000, winners: 1 });
    await ingest(first, [{ id: 'e1', user: 'e1', text: '想要' }]);
    await expect.poll(() => (first.hub.state['overlay'] as { engage: { draw: { entries: number } } }).engage.draw.entries, { timeout: 5000 }).toBe(1);
    await first.close();
    const { con } = await restartedConsole(config, locale);
    await con.locator('[data-status=draw]').filter({ hasText: said }).waitFor();
  });
});
