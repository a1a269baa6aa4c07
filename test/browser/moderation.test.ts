/**
 * The moderators' queue in real Chromium against the real server: a held comment appears for two
 * moderators; one claims it (the other sees the claim), approves-and-features it with the
 * keyboard, it leaves both queues and shows on the overlay. Two moderators deciding the same item
 * at the same moment: one wins, the other is told; the winner's undo puts it back for both.
 * A batch of raid copies is selected with S and rejected at once.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../server/app.js';
import { browserSuite } from '../support/browser-suite.js';
import { testConfig } from '../support/app.js';
import { ingestChat, postCommand } from '../support/browser.js';

/** expect.poll with room for a loaded machine (stats arrive once a second). */
const poll = <T>(fn: () => T | Promise<T>, opts: { timeout?: number } = {}) => expect.poll(fn, { timeout: 5000, ...opts });

const chrome = browserSuite();


const ingest = (a: RunningApp, items: { id: string; user: string; text: string }[]): Promise<void> => ingestChat(a.url(), a.tokens.ingest, items);

/** The queue item id holding a message, once the server has held it. */
async function heldItem(a: RunningApp, messageId: string): Promise<string> {
  let id: string | undefined;
  await poll(() => {
      id = Object.values(a.hub.state['queue'] as Record<string, { id: string; messageId: string }>).find((q) => q.messageId === messageId)?.id;
      return id;
    })
    .toBeTruthy();
  return id as string;
}

async function moderator(ctx: BrowserContext, a: RunningApp): Promise<Page> {
  const p = await ctx.newPage();
  await p.goto(a.url(`/console?token=${a.tokens.moderator}`));
  await p.waitForFunction(() => document.documentElement.dataset.connected === 'true');
  return p;
}

/** A strict channel (abuse held), a moderator's console at 1280x720 in `locale`, and one comment held there. */
async function oneHeld(locale: string, message: { id: string; user: string; text: string }): Promise<{ m: Page; item: string }> {
  const a = await chrome.app(startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } })));
  const context = await chrome.context({ viewport: { width: 1280, height: 720 }, locale });
  const m = await moderator(context, a);
  await ingest(a, [message]);
  return { m, item: await heldItem(a, message.id) };
}

describe('moderators queue (two moderators, real Chromium)', () => {
  it('keyboard approve+feature reaches both consoles and the overlay; a race has one winner; undo; batch reject', async () => {
    // every abuse finding held (a strict channel): these tests are about the queue, not the levels
    const a = await chrome.app(startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } })));
    const context = await chrome.context({ viewport: { width: 1500, height: 950 } });
    const errors: string[] = [];
    const m1 = await moderator(context, a);
    const m2 = await moderator(context, a);
    for (const p of [m1, m2]) p.on('pageerror', (e) => errors.push(e.message));
    const overlay = await context.newPage();
    await overlay.goto(a.url('/overlay'));

    await ingest(a, [{ id: 'held-1', user: 'grumpy', text: 'you idiot, where is my order' }]);
    const item1 = await heldItem(a, 'held-1');
    const row1 = (p: Page) => p.locator(`.q-item[data-id="${item1}"]`);
    await row1(m1).waitFor();
    await row1(m2).waitFor();
    // reasons with the matched span highlighted as a <mark>
    expect(await row1(m1).locator('mark').count()).toBeGreaterThan(0);
    expect(await row1(m1).locator('.reason').count()).toBeGreaterThan(0);

    // m1 looks at it (claims); m2 sees the claim.
    await row1(m1).click();
    await m2.locator(`.q-item.claimed-other[data-id="${item1}"]`).waitFor();
    // m1 switches the console to Chinese and back: the place and the claim are kept (not shown as
    // someone else's, not released: m2 still sees it claimed)
    for (const label of ['切换到中文', 'Switch to English']) {
      await m1.locator('[data-action="switch-lang"]').click();
      await m1.locator('[data-action="switch-lang"]').waitFor();
      await row1(m1).waitFor();
      expect(await row1(m1).getAttribute('class'), label).toMatch(/\bcursor\b/);
      expect(await row1(m1).getAttribute('class'), label).not.toMatch(/claimed-other/);
      expect(await m2.locator(`.q-item.claimed-other[data-id="${item1}"]`).count(), label).toBe(1);
    }
    // m1 approves and features it with the keyboard (F).
    await m1.keyboard.press('f');
    await row1(m1).waitFor({ state: 'detached' });
    await row1(m2).waitFor({ state: 'detached' });
    await overlay.locator('[data-widget=featured].on .f-text', { hasText: 'where is my order' }).waitFor();
    await m1.locator('.toast.ok', { hasText: 'Approved + featured 1' }).waitFor();

    // The race: both moderators decide the same (unclaimed, top) item at the same moment.
    await ingest(a, [{ id: 'held-2', user: 'troll', text: 'fuck this stream' }]);
    const item2 = await heldItem(a, 'held-2');
    await row1(m1).waitFor({ state: 'detached' });
    await m1.locator(`.q-item.cursor[data-id="${item2}"]`).waitFor();
    await m2.locator(`.q-item.cursor[data-id="${item2}"]`).waitFor();
    await Promise.all([m1.keyboard.press('r'), m2.keyboard.press('a')]);
    const told = (p: Page) => p.locator('.toast.error[data-code=SR_ALREADY_DECIDED]');
    const won = (p: Page) => p.locator('.toast.ok', { hasText: /Rejected 1|Approved 1/ });
    await poll(async () => (await told(m1).count()) + (await told(m2).count())).toBe(1);
    await poll(async () => (await won(m1).count()) + (await won(m2).count())).toBe(1);
    const winner = (await won(m1).count()) === 1 ? m1 : m2;
    expect(await told(winner).count()).toBe(0);
    expect((a.hub.state['audit'] as { itemId: string | null }[]).filter((e) => e.itemId === item2)).toHaveLength(1);

    // The winner undoes (Z): the item is back for both.
    await winner.keyboard.press('z');
    await m1.locator(`.q-item[data-id="${item2}"]`).waitFor();
    await m2.locator(`.q-item[data-id="${item2}"]`).waitFor();

    // A copy-paste spam raid (3 copies): select the same text with S, reject all at once with R.
    const raid = Array.from({ length: 3 }, (_, i) => ({ id: `raid-${i}`, user: `raider${i}`, text: 'BUY FOLLOWERS cheap at spam dot com' }));
    await ingest(a, raid);
    for (const r of raid) await heldItem(a, r.id);
    await poll(() => m1.locator('.q-item').count()).toBe(4);
    const firstRaid = m1.locator('.q-item', { hasText: 'BUY FOLLOWERS cheap' }).first();
    await firstRaid.click();
    await m1.keyboard.press('s');
    await poll(() => m1.locator('.q-item.selected').count()).toBe(3);
    await m1.keyboard.press('r');
    await m1.locator('.toast.ok', { hasText: 'Rejected 3' }).waitFor();
    await poll(() => m2.locator('.q-item').count()).toBe(1);
    expect(await m2.locator(`.q-item[data-id="${item2}"]`).count()).toBe(1);
    // Language routing: 中文 shows only the Chinese items; L cycles All → EN → 中文 → All.
    await ingest(a, [{ id: 'zh-1', user: 'xiaoming', text: '妈的什么玩意' }]);
    await heldItem(a, 'zh-1');
    await poll(() => m1.locator('.q-item').count()).toBe(2);
    await m1.locator('button[data-lang=zh]').click();
    await poll(() => m1.locator('.q-item').count()).toBe(1);
    expect(await m1.locator('.q-item').getAttribute('data-lang')).toBe('zh');
    await m1.locator('body').click({ position: { x: 2, y: 500 } });
    await m1.keyboard.press('l');
    await poll(() => m1.locator('.q-item').count()).toBe(2);
    await m1.keyboard.press('l');
    await poll(() => m1.locator('.q-item').count()).toBe(1);
    expect(await m1.locator('.q-item').getAttribute('data-lang')).toBe('en');
    await m1.keyboard.press('l');
    await m1.keyboard.press('l');
    // The header counters follow the server's conservation counters.
    await poll(() => m2.locator('[data-counter=held]').innerText()).toBe(String(a.counters.held));
    await poll(() => m2.locator('[data-counter=in]').innerText()).toBe(new Intl.NumberFormat('en').format(a.counters.in));
    // ...and say since when they count (this server process's start)
    const stats = (await (await fetch(a.url('/api/stats'), { headers: { authorization: `Bearer ${a.tokens.moderator}` } })).json()) as { startedAt: number };
    const started = await m2.evaluate((at) => new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at), stats.startedAt);
    expect(await m2.locator('[data-since]').innerText()).toBe(`since ${started}`);
    // A moderator has no producer panel.
    expect(await m1.locator('[data-form=sale]').count()).toBe(0);
    await m1.screenshot({ path: 'test-artifacts/console-moderator.png' });
    expect(errors).toEqual([]);
  });

  it('the queue keeps its rows in place under the pointer (new ones go below, decided ones stay greyed) and sorts when it leaves', async () => {
    const a = await chrome.app(startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } })));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 } });
    const m = await moderator(context, a);
    await ingest(a, [
      { id: 'p-1', user: 'troll', text: 'fuck this stream' },
      { id: 'p-2', user: 'grumpy', text: 'you are an idiot' },
      { id: 'p-3', user: 'xiaoming', text: '妈的什么玩意' },
    ]);
    for (const id of ['p-1', 'p-2', 'p-3']) await heldItem(a, id);
    const order = () => m.locator('.queue-list .q-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    await poll(async () => (await order()).length).toBe(3);
    const [top, aimed, third] = (await order()) as [string, string, string];
    const row = (id: string) => m.locator(`.q-item[data-id="${id}"]`);
    // the moderator's pointer rests on the second row, about to click it…
    await row(aimed).hover();
    const before = await row(aimed).boundingBox();
    // …when a complaint arrives that sorts above everything
    await ingest(a, [{ id: 'p-new', user: 'angry', text: 'you idiot, where is my order, refund now' }]);
    const fresh = await heldItem(a, 'p-new');
    await poll(order).toEqual([top, aimed, third, fresh]);
    expect(await row(aimed).boundingBox()).toEqual(before);
    expect(await m.locator('[data-stat=new]').innerText()).toBe('1 new below · sorted when the pointer leaves the list');
    // another moderator rejects the top row: it stays, greyed, so nothing moves under the pointer
    await postCommand(a.url(), a.tokens.moderator, { kind: 'moderation.decide', itemIds: [top], decision: 'reject' });
    await m.locator(`.q-item.gone[data-id="${top}"]`).waitFor();
    expect(await row(aimed).boundingBox()).toEqual(before);
    await m.mouse.down();
    await m.mouse.up();
    await m.locator(`.q-item.cursor[data-id="${aimed}"]`).waitFor();
    // the keys follow the rows as shown: ↓ is the row below, ↑ skips the decided one
    await m.keyboard.press('ArrowDown');
    await m.locator(`.q-item.cursor[data-id="${third}"]`).waitFor();
    await m.keyboard.press('ArrowUp');
    await m.keyboard.press('ArrowUp');
    await m.locator(`.q-item.cursor[data-id="${aimed}"]`).waitFor();
    // the pointer leaves: the order catches up, the decided row goes, the cursor stays on its item
    await m.mouse.move(2, 2);
    await poll(async () => (await order())[0]).toBe(fresh);
    expect(await order()).toEqual([fresh, aimed, third]);
    expect(await m.locator('.q-item.cursor').getAttribute('data-id')).toBe(aimed);
    expect(await m.locator('[data-stat=new]').innerText()).toBe('');
  });

  it('when another moderator decides the item under the cursor, the cursor goes to the one after it, not back to the top', async () => {
    const a = await chrome.app(startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } })));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 } });
    const m = await moderator(context, a);
    await ingest(a, [
      { id: 'k-1', user: 'troll', text: 'fuck this stream' },
      { id: 'k-2', user: 'grumpy', text: 'you are an idiot' },
      { id: 'k-3', user: 'xiaoming', text: '妈的什么玩意' },
      { id: 'k-4', user: 'rude', text: 'shut up you moron' },
    ]);
    for (const id of ['k-1', 'k-2', 'k-3', 'k-4']) await heldItem(a, id);
    const order = () => m.locator('.queue-list .q-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    await poll(async () => (await order()).length).toBe(4);
    const [, second, third, fourth] = (await order()) as [string, string, string, string];
    await m.locator(`.q-item[data-id="${second}"]`).click();
    await m.mouse.move(2, 2);
    // the moderator rejects the second: the cursor moves on to the third (not claimed yet)…
    await m.keyboard.press('r');
    await m.locator(`.q-item.cursor[data-id="${third}"]`).waitFor();
    // …which another moderator decides first
    await postCommand(a.url(), a.tokens.moderator, { kind: 'moderation.decide', itemIds: [third], decision: 'approve' });
    await m.locator(`.q-item[data-id="${third}"]`).waitFor({ state: 'detached' });
    // it went back to the top row: the moderator, working down the list, was sent back up
    expect(await m.locator('.q-item.cursor').getAttribute('data-id')).toBe(fourth);
  });

  it.each([
    ['en-US', '1 waiting', 'Held since the server started at', '1 still waiting'],
    ['zh-CN', '1 条待审', '自服务器', '仍有 1 条待审'],
  ] as const)('the header says how many of its held comments still wait, the number the queue shows (%s)', async (locale, waiting, since, still) => {
    const a = await chrome.app(startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } })));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 }, locale });
    const m = await moderator(context, a);
    await ingest(a, [
      { id: 'c-1', user: 'troll', text: 'fuck this stream' },
      { id: 'c-2', user: 'grumpy', text: 'you are an idiot' },
    ]);
    const first = await heldItem(a, 'c-1');
    await heldItem(a, 'c-2');
    // another moderator decides one: the header read "held 2" beside the queue's "1 waiting", unexplained
    await postCommand(a.url(), a.tokens.moderator, { kind: 'moderation.decide', itemIds: [first], decision: 'reject' });
    await poll(() => m.locator('.q-item').count()).toBe(1);
    await poll(() => m.locator('[data-counter=held]').innerText()).toBe('2');
    await poll(() => m.locator('[data-counter=waiting]').textContent()).toBe(waiting);
    expect(await m.locator('[data-stat=queue-length]').textContent()).toBe(waiting);
    const title = (await m.locator('.counter.c-held').getAttribute('title')) ?? '';
    expect(title).toContain(since);
    expect(title).toContain(still);
  });

  it('restart the server mid-queue: the console reconnects and shows the same held items', async () => {
    const config = testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } });
    let app = await chrome.app(startApp(config));
    const context = await chrome.context({ viewport: { width: 1500, height: 950 } });
    const m1 = await moderator(context, app);
    await ingest(app, [
      { id: 'r-1', user: 'grumpy', text: 'you idiot, where is my order' },
      { id: 'r-2', user: 'xiaoming', text: '妈的什么玩意' },
    ]);
    const ids = [await heldItem(app, 'r-1'), await heldItem(app, 'r-2')];
    await poll(() => m1.locator('.q-item').count()).toBe(2);
    const port = app.port;
    await app.close();
    await m1.waitForFunction(() => document.documentElement.dataset.connected === 'false');
    app = await chrome.app(startApp(testConfig({ server: { port }, store: { path: config.store.path }, filters: { policy: { rules: { abuse: 'hold' } } } })));
    await m1.waitForFunction(() => document.documentElement.dataset.connected === 'true', undefined, { timeout: 15_000 });
    await poll(() => m1.locator('.q-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')).sort())).toEqual([...ids].sort());
    // and they can still be decided after the restart
    await m1.locator(`.q-item[data-id="${ids[0]}"]`).click();
    await m1.keyboard.press('r');
    await poll(() => m1.locator('.q-item').count()).toBe(1);
  });

  it.each([
    ['en-US', 'Rejected 1 comment', 'Undo (Z)'],
    ['zh-CN', '已拒绝 1 条', '撤销（Z）'],
  ] as const)('the toast after a decision says it once, its button names the key (%s)', async (locale, text, button) => {
    const { m, item } = await oneHeld(locale, { id: 'held-t', user: 'grumpy', text: 'you idiot, where is my order' });
    await m.locator(`.q-item[data-id="${item}"]`).click();
    await m.keyboard.press('r');
    const toast = m.locator('.toast.ok').last();
    await toast.locator('button').waitFor();
    // it read "已拒绝 1 条 · 按 Z 撤销" beside a 撤销 button: 撤销 撤销
    expect(await toast.locator('span').first().textContent()).toBe(text);
    expect(await toast.locator('button').textContent()).toBe(button);
    await toast.locator('button').click();
    await m.locator(`.q-item[data-id="${item}"]`).waitFor();
  });

  it('an undo brings the cursor back to what it put back: the next key decides that, not the item after it', async () => {
    const a = await chrome.app(startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } })));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 } });
    const m = await moderator(context, a);
    await ingest(a, [{ id: 'u-1', user: 'grumpy', text: 'you idiot, where is my order' }]);
    const first = await heldItem(a, 'u-1');
    await ingest(a, [{ id: 'u-2', user: 'troll', text: 'fuck this stream' }]);
    const second = await heldItem(a, 'u-2');
    const row = (id: string) => m.locator(`.q-item[data-id="${id}"]`);
    await row(second).waitFor();
    await row(first).click();
    // approved by mistake: the cursor moves on to the next item…
    await m.keyboard.press('a');
    await row(first).waitFor({ state: 'detached' });
    await m.locator(`.q-item.cursor[data-id="${second}"]`).waitFor();
    // …Z puts it back, and the cursor with it (it stayed on the second item: R then rejected that one)
    await m.keyboard.press('z');
    await row(first).waitFor();
    await m.locator(`.q-item.cursor[data-id="${first}"]`).waitFor();
    // back in its place, though the pointer still rests on the list (it was listed below as new)
    expect(await m.locator('.queue-list .q-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual([first, second]);
    expect(await m.locator('[data-stat=new]').innerText()).toBe('');
    await m.keyboard.press('r');
    await m.locator('.toast.ok', { hasText: 'Rejected 1' }).waitFor();
    await row(first).waitFor({ state: 'detached' });
    expect(await row(second).count()).toBe(1);
    await poll(() => (a.hub.state['audit'] as { itemId: string | null; action: string }[]).filter((e) => e.itemId === first).map((e) => e.action)).toEqual(['approve', 'undo', 'reject']);
  });

  it('S selects the copies of a raid that differ by what they append (digits, marks, emoji), not other comments', async () => {
    const a = await chrome.app(startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } })));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 } });
    const m = await moderator(context, a);
    // like the demo's raid (主播卖假货！！大家别买！！都是三无产品！！ 8): copies that carry a digit, more marks or an emoji at the end
    const raid = ['你这个傻逼主播，大家别买！！ 8', '你这个傻逼主播，大家别买！！!!', '你这个傻逼主播，大家别买！！ 🦉', '你这个傻逼主播，大家别买！！'].map((text, i) => ({ id: `raid-${i}`, user: `owl${i}`, text }));
    await ingest(a, [...raid, { id: 'other', user: 'grumpy', text: '你这个傻逼主播，骗子' }]);
    for (const r of raid) await heldItem(a, r.id);
    await heldItem(a, 'other');
    await poll(() => m.locator('.q-item').count()).toBe(5);
    await m.locator('.q-item', { hasText: '大家别买！！ 8' }).click();
    await m.keyboard.press('s');
    // it selected 1 (only the exact text): 80 copies in the demo meant 80 decisions
    await poll(() => m.locator('.q-item.selected').count()).toBe(4);
    expect(await m.locator('.q-item.selected', { hasText: '骗子' }).count()).toBe(0);
    await m.keyboard.press('r');
    await m.locator('.toast.ok', { hasText: 'Rejected 4' }).waitFor();
    await poll(() => m.locator('.q-item').count()).toBe(1);
  });

  it.each([
    ['en-US', 'Timed out 1 comment · not applied on the platform (enforcement is off there): the viewer can still post'],
    ['zh-CN', '已禁言 1 条 · 平台上未执行（该平台未开启处罚）：对方仍可发言'],
  ] as const)('a timeout the platform never hears of says so (enforcement off) (%s)', async (locale, want) => {
    const { m, item } = await oneHeld(locale, { id: 'to-1', user: 'grumpy', text: 'you idiot, where is my order' });
    await m.locator(`.q-item[data-id="${item}"]`).click();
    await m.keyboard.press('t');
    // it said "Timed out 1 comment": nobody was timed out anywhere
    const toast = m.locator('.toast.ok').last();
    await toast.locator('button').waitFor();
    expect(await toast.locator('span').first().textContent()).toBe(want);
  });

  it('a timeout on a platform with enforcement on says nothing more', async () => {
    const a = await chrome.app(startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } }, helix: { enforce: true } }), { enforcer: () => ({ enforce: () => Promise.resolve({ done: true }) }) }));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 } });
    const m = await moderator(context, a);
    await ingest(a, [{ id: 'to-2', user: 'grumpy', text: 'you idiot, where is my order' }]);
    const item = await heldItem(a, 'to-2');
    await m.locator(`.q-item[data-id="${item}"]`).click();
    await m.keyboard.press('t');
    const toast = m.locator('.toast.ok').last();
    await toast.locator('button').waitFor();
    expect(await toast.locator('span').first().textContent()).toBe('Timed out 1 comment');
  });

  it('Escape leaves a field for the queue: the decision keys work again instead of typing into it', async () => {
    const { m, item } = await oneHeld('en-US', { id: 'esc-1', user: 'grumpy', text: 'you idiot, where is my order' });
    await m.locator(`.q-item[data-id="${item}"]`).waitFor();
    const field = m.locator('input[name=term-blocked], .terms-grid input').first();
    await field.click();
    await field.pressSequentially('scam');
    await m.keyboard.press('Escape');
    // the R went into the field ("scamr") and the comment stayed
    await m.keyboard.press('r');
    await m.locator('.toast.ok', { hasText: 'Rejected 1' }).waitFor();
    await m.locator(`.q-item[data-id="${item}"]`).waitFor({ state: 'detached' });
    expect(await field.inputValue()).toBe('scam');
  });

  it('a Chinese console names the platform of the demo stream in Chinese (演示, not "demo")', async () => {
    const a = await chrome.app(startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } })));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN' });
    const m = await moderator(context, a);
    // the bundled demo transcript's comments come from the platform 'demo'
    const res = await fetch(a.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${a.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify([{ id: 'd1', platform: 'demo', user: { id: 'u-d', name: 'angry', displayName: 'angry' }, text: '你这个傻逼主播' }]) });
    expect(res.status).toBe(200);
    const item = await heldItem(a, 'd1');
    expect(await m.locator(`.q-item[data-id="${item}"] .mark.platform`).textContent()).toBe('演示');
    // and so does the detail beside the queue (it read "demo · #ingest")
    await m.locator(`.q-item[data-id="${item}"]`).click();
    expect(await m.locator('.queue-detail .muted').first().textContent()).toMatch(/^演示 · #/);
  });

  it.each([
    ['en-US', '2 waiting · 1 in Chinese shown'],
    ['zh-CN', '2 条待审 · 显示其中 1 条中文'],
  ] as const)('a language filter says how many of the waiting comments it shows (%s)', async (locale, want) => {
    const a = await chrome.app(startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } })));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 }, locale });
    const m = await moderator(context, a);
    await ingest(a, [
      { id: 'lf-zh', user: 'angry', text: '你这个傻逼主播' },
      { id: 'lf-en', user: 'grumpy', text: 'you idiot, where is my order' },
    ]);
    await heldItem(a, 'lf-zh');
    await heldItem(a, 'lf-en');
    await poll(() => m.locator('.q-item').count()).toBe(2);
    await m.locator('.seg button[data-lang=zh]').click();
    // it said "2 waiting" over a list of 1
    await poll(() => m.locator('[data-stat=queue-length]').textContent()).toBe(want);
  });

  it.each([
    ['en-US', 'No English comments waiting; 1 in the other language (L or All shows them)'],
    ['zh-CN', '没有待审的英文评论；另一种语言还有 1 条（按 L 或点“全部”查看）'],
  ] as const)('a language filter that hides every held comment does not call the queue empty (%s)', async (locale, want) => {
    const { m, item } = await oneHeld(locale, { id: 'held-zh', user: 'angry', text: '你这个傻逼主播' });
    await m.locator(`.q-item[data-id="${item}"]`).waitFor();
    await m.locator('.seg button[data-lang=en]').click();
    await m.locator(`.q-item[data-id="${item}"]`).waitFor({ state: 'detached' });
    // it said "Queue empty — nice." (没有待审评论，干得漂亮。) with a Chinese comment still waiting
    expect(await m.locator('.queue-body .empty').textContent()).toBe(want);
  });

  describe('a decision racing another moderator\'s (the queue under the pointer)', () => {
    /**
     * A moderator's console whose decisions wait at the socket until `release()`: the way to make
     * another moderator's decision reach the page between this one's key and the server's answer.
     */
    async function heldBack(a: RunningApp): Promise<{ m: Page; decideSent: () => Promise<void>; release: () => void; removed: (id: string) => Promise<void> }> {
      const context = await chrome.context({ viewport: { width: 1280, height: 720 } });
      const held: string[] = [];
      let server: { send(m: string): void } | null = null;
      let onHeld: (() => void) | null = null;
      /** Queue items the server told the page are gone (patches passed on to it). */
      const gone = new Set<string>();
      let onGone: (() => void) | null = null;
      await context.routeWebSocket(/\/ws\/control/, (ws) => {
        const s = ws.connectToServer();
        server = s;
        ws.onMessage((msg) => {
          if (typeof msg === 'string' && msg.includes('"moderation.decide"')) {
            held.push(msg);
            onHeld?.();
          } else s.send(msg);
        });
        s.onMessage((msg) => {
          ws.send(msg);
          if (typeof msg !== 'string' || !msg.startsWith('{"type":"patch"')) return;
          for (const op of (JSON.parse(msg) as { ops: { op: string; path: string[] }[] }).ops) if (op.op === 'del' && op.path[0] === 'queue' && op.path[1]) gone.add(op.path[1]);
          onGone?.();
        });
      });
      const m = await moderator(context, a);
      return {
        m,
        decideSent: () => new Promise<void>((resolve) => {
          onHeld = () => held.length && resolve();
          onHeld();
        }),
        release: () => {
          for (const msg of held.splice(0)) server?.send(msg);
        },
        removed: (id) => new Promise<void>((resolve) => {
          onGone = () => gone.has(id) && resolve();
          onGone();
        }),
      };
    }

    async function threeHeld(): Promise<{ a: RunningApp; m: Page; ids: [string, string, string]; decideSent: () => Promise<void>; release: () => void; removed: (id: string) => Promise<void> }> {
      const a = await chrome.app(startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } })));
      const h = await heldBack(a);
      await ingest(a, [
        { id: 'race-1', user: 'troll', text: 'fuck this stream' },
        { id: 'race-2', user: 'grumpy', text: 'you are an idiot' },
        { id: 'race-3', user: 'xiaoming', text: '妈的什么玩意' },
      ]);
      for (const id of ['race-1', 'race-2', 'race-3']) await heldItem(a, id);
      const order = () => h.m.locator('.queue-list .q-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
      await poll(async () => (await order()).length).toBe(3);
      return { a, ...h, ids: (await order()) as [string, string, string] };
    }

    it.each([
      ['en-US', 'already decided'],
      ['zh-CN', '已被处理'],
    ] as const)('the same row: another moderator decided it first, the answer comes after their update; it stays greyed (%s)', async (locale, decidedText) => {
      const { a, m, ids, decideSent, release, removed } = await threeHeld();
      if (locale === 'zh-CN') await m.locator('[data-action="switch-lang"]').click();
      const [top, second] = ids;
      const row = (id: string) => m.locator(`.q-item[data-id="${id}"]`);
      // the pointer rests on the list (the rows keep their places); the cursor is on the top row
      await row(second).hover();
      await m.locator(`.q-item.cursor[data-id="${top}"]`).waitFor();
      const before = await row(second).boundingBox();
      await m.keyboard.press('r');
      await decideSent();
      // another moderator decides the same row; their update reaches this page before its answer
      await postCommand(a.url(), a.tokens.moderator, { kind: 'moderation.decide', itemIds: [top], decision: 'approve' });
      await removed(top);
      release();
      await m.locator('.toast.error[data-code=SR_ALREADY_DECIDED]').waitFor();
      // it vanished: the rows below moved up under the pointer
      await m.locator(`.q-item.gone[data-id="${top}"]`).waitFor();
      expect(await row(top).locator('.claim').textContent()).toBe(decidedText);
      expect(await row(second).boundingBox()).toEqual(before);
      // the pointer leaves: the greyed row goes
      await m.mouse.move(2, 2);
      await row(top).waitFor({ state: 'detached' });
    });

    it('a batch: the row another moderator decided first stays greyed, the others leave', async () => {
      const { a, m, ids, decideSent, release, removed } = await threeHeld();
      const [top, second, third] = ids;
      const row = (id: string) => m.locator(`.q-item[data-id="${id}"]`);
      await row(third).hover();
      await m.locator(`.q-item.cursor[data-id="${top}"]`).waitFor();
      await m.keyboard.press('Shift+ArrowDown');
      await poll(() => m.locator('.q-item.selected').count()).toBe(2);
      await m.keyboard.press('r');
      await decideSent();
      await postCommand(a.url(), a.tokens.moderator, { kind: 'moderation.decide', itemIds: [second], decision: 'approve' });
      await removed(second);
      release();
      await m.locator('.toast.info', { hasText: '1 of 2 already decided by another moderator' }).waitFor();
      await row(top).waitFor({ state: 'detached' });
      await m.locator(`.q-item.gone[data-id="${second}"]`).waitFor();
      // this moderator's own row left at once; the other moderator's stays above the next one
      expect(await m.locator('.queue-list .q-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual([second, third]);
    });

    it('different rows: the row another moderator decided stays greyed, this moderator\'s leaves', async () => {
      const { a, m, ids, decideSent, release, removed } = await threeHeld();
      const [top, second, third] = ids;
      const row = (id: string) => m.locator(`.q-item[data-id="${id}"]`);
      await row(third).hover();
      await m.locator(`.q-item.cursor[data-id="${top}"]`).waitFor();
      await m.keyboard.press('r');
      await decideSent();
      await postCommand(a.url(), a.tokens.moderator, { kind: 'moderation.decide', itemIds: [second], decision: 'approve' });
      await removed(second);
      release();
      await m.locator('.toast.ok', { hasText: 'Rejected 1' }).waitFor();
      await row(top).waitFor({ state: 'detached' });
      await m.locator(`.q-item.gone[data-id="${second}"]`).waitFor();
      expect(await m.locator('.q-item.cursor').getAttribute('data-id')).toBe(third);
    });
  });
  it.each([
    ['en-US', 'moved down: more urgent ones came in', 'already decided'],
    ['zh-CN', '被更紧急的评论挤到后面', '已被处理'],
  ] as const)('a row pushed off the console\'s page by more urgent ones is not called decided (%s)', async (locale, moved, decided) => {
    // 101 insults alike enough to be a raid: raids off, so each is held for itself
    const a = await chrome.app(startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } }, sensitivity: { raids: 'off' } } })));
    const context = await chrome.context({ viewport: { width: 1280, height: 720 }, locale });
    const m = await moderator(context, a);
    // the page holds the 100 most urgent; 101 wait
    const lines = Array.from({ length: 101 }, (_, i) => ({ id: `pd-${i}`, user: `pd${i}`, text: `you are an idiot ${i}` }));
    await ingest(a, lines);
    await poll(() => (a.hub.state['queueInfo'] as { total: number }).total, { timeout: 15_000 }).toBe(101);
    await poll(() => m.locator('.q-item').count(), { timeout: 15_000 }).toBe(100);
    const order = () => m.locator('.queue-list .q-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    const last = (await order()).at(-1) as string;
    await m.locator('.q-item').first().hover();
    // a complaint sorts above everything: the last row leaves the page, still waiting
    await ingest(a, [{ id: 'pd-new', user: 'angry', text: 'you idiot, where is my order, refund now' }]);
    await heldItem(a, 'pd-new');
    const row = m.locator(`.q-item.gone[data-id="${last}"]`);
    await row.waitFor({ state: 'attached' });
    expect(await row.locator('.claim').textContent()).toBe(moved);
    expect(await row.locator('.claim').textContent()).not.toBe(decided);
    // one another moderator decides is still called decided
    const top = (await order())[0] as string;
    await postCommand(a.url(), a.tokens.moderator, { kind: 'moderation.decide', itemIds: [top], decision: 'reject' });
    await m.locator(`.q-item.gone[data-id="${top}"] .claim`, { hasText: decided }).waitFor({ state: 'attached' });
    // that made room on the page: the row moved down is back, alive where it was, once (it was listed twice: greyed, and again below)
    await m.locator(`.q-item:not(.gone)[data-id="${last}"]`).waitFor({ state: 'attached' });
    expect(await m.locator(`.q-item[data-id="${last}"]`).count()).toBe(1);
    expect(await m.locator(`.q-item[data-id="${last}"] .claim`).textContent()).toBe('');
  });
});
