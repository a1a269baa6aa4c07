/**
 * The console's source lines and platform badges in real Chromium, in English and Chinese: a
 * simulcast of three platform sources (fakes with the real status shapes) shows each source's state
 * and why (live, rate-limited, wrong credentials), its messages a minute, held and blocked, YouTube's
 * quota as used / limit; a held comment and the feed lines carry the badge of their platform.
 */
import { BehaviorSubject, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../config/chat.js';
import { bothLanguages, say as message } from '../../config/status-text.js';
import type { SourceStatus } from '../../config/views.js';
import { startApp, type SourceLike } from '../../server/app.js';
import { ARTIFACTS, browserSuite } from '../support/browser-suite.js';
import { testConfig } from '../support/app.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 8000 });
const chrome = browserSuite();

const fake = (name: 'twitch' | 'tiktok' | 'youtube', st: Partial<SourceStatus>) => {
  const messages$ = new Subject<ChatMessage>();
  const status$ = new BehaviorSubject<SourceStatus>({ name, kind: name, state: 'connected', detail: `${name} detail`, since: Date.now(), gaps: [], ...st });
  const source: SourceLike = { name, sliced: true, messages$, status$, stop: () => messages$.complete() };
  let n = 0;
  const say = (user: string, text: string) => messages$.next({ id: `${name}-${++n}`, platform: name, channel: 'shop', user: { id: `${name}-${user}`, name: user, displayName: user, roles: [] }, text, emotes: [], receivedAt: Date.now() });
  return { source, say };
};

describe('console: sources and platform badges (real Chromium)', () => {
  it('shows each source state, its counts and quota, and platform badges, in English and Chinese', async () => {
    const twitch = fake('twitch', { condition: 'live' });
    // the source's words about its state: a message the console says in its own language (its plain detail is "English · 中文")
    const slowDown = message('rateLimited', message('signServer'), 30);
    const tiktok = fake('tiktok', { state: 'disconnected', condition: 'rate-limited', figures: { likes: 1200, gifts: 3 }, detail: bothLanguages(slowDown), message: slowDown });
    const youtube = fake('youtube', { state: 'error', condition: 'auth', figures: { superChats: 2, quotaUsed: 1500, quotaLimit: 10_000, quotaResetsAt: Date.parse('2026-12-01T08:00:00Z') } });
    const a = await chrome.app(startApp(testConfig({ filters: { spam: { model: { enabled: false } }, policy: { rules: { abuse: 'hold' } } } }), { log: () => {}, sources: () => [twitch.source, tiktok.source, youtube.source] }));
    // a producer in Shanghai: YouTube's midnight Pacific (08:00 UTC in winter) reads 16:00
    const context = await chrome.context({ locale: 'en-US', timezoneId: 'Asia/Shanghai', viewport: { width: 1600, height: 1000 } });
    const con = await context.newPage();
    const errors: string[] = [];
    con.on('pageerror', (e) => errors.push(e.message));
    await con.goto(a.url(`/console?token=${a.tokens.moderator}`));
    await con.waitForFunction(() => document.documentElement.dataset.connected === 'true');

    for (let i = 0; i < 3; i++) twitch.say(`kim${i}`, `hello from twitch ${i}`);
    tiktok.say('mei', 'is the serum vegan');
    youtube.say('grumpy', 'you are a fucking idiot');
    tiktok.say('linky', 'mine came from https://shop.example.io/serum'); // flagged: shown, listed for moderators
    const row = (name: string) => con.locator(`.src[data-source="${name}"]`);
    await poll(() => row('twitch').textContent()).toMatch(/connected.*\[live\].*3\/min · 0 held · 0 blocked/);
    await poll(() => row('youtube').textContent()).toMatch(/error.*\[wrong credentials\].*1\/min · 1 held/);
    expect(await row('youtube').textContent()).toMatch(/quota 1,500 \/ 10,000 \(15(\.0)? %\), resets at 16:00, Super Chats 2/);
    expect(await row('youtube').textContent()).not.toContain('daily quota');
    expect(await row('tiktok').textContent()).toMatch(/TikTok LIVE.*disconnected.*\[rate-limited\].*2\/min.*likes 1,200, gifts 3/);
    expect(await row('tiktok').locator('.detail').textContent()).toBe(' — the TikTok sign server asked us to slow down; retrying in 30 s');
    expect(await row('tiktok').locator('.detail').getAttribute('lang')).toBe('en');
    // no message: the plain detail, marked as the server's English
    expect(await row('twitch').locator('.detail').textContent()).toBe(' — twitch detail');
    expect(await con.locator('.obs .detail').textContent()).toBe(' — OBS control is off (obs.enabled: false)');
    await poll(() => con.locator('.w-item .mark.platform[data-platform="tiktok"]').count()).toBe(1);
    // the held comment carries its platform's badge; so do the feed lines
    const held = con.locator('.q-item').first();
    await held.waitFor();
    expect(await held.locator('.mark.platform').getAttribute('data-platform')).toBe('youtube');
    expect(await held.locator('.mark.platform').textContent()).toBe('YouTube');
    await poll(() => con.locator('.f-item .mark.platform[data-platform="twitch"]').count()).toBe(3);
    expect(await con.locator('.f-item .mark.platform[data-platform="tiktok"]').first().textContent()).toBe('TikTok');
    await con.screenshot({ path: `${ARTIFACTS}/console-sources-en.png` });

    await con.locator('[data-action="switch-lang"]').click();
    await poll(() => row('youtube').textContent()).toMatch(/出错.*\[凭据错误\].*每分钟 1 条 · 送审 1 · 拦截 0/);
    expect(await row('youtube').textContent()).toMatch(/配额 1,500 \/ 10,000（15(\.0)?%），16:00 重置，超级留言 2/);
    expect(await row('tiktok').textContent()).toMatch(/TikTok 直播.*已断开.*\[被限流\].*点赞 1,200，礼物 3/);
    // the source by its kind's name in Chinese, not its English id beside it ("replay (演示回放)", "tiktok (TikTok 直播)")
    expect(await row('tiktok').textContent()).toMatch(/^● TikTok 直播 已断开/);
    expect(await row('twitch').textContent()).toMatch(/已连接.*\[直播中\].*每分钟 3 条/);
    expect(await row('tiktok').locator('.detail').textContent()).toBe(' — TikTok 签名服务器 要求放慢请求；30 秒后重试');
    expect(await row('tiktok').locator('.detail').getAttribute('lang')).toBe('zh-CN');
    expect(await con.locator('.obs .detail').textContent()).toBe(' — OBS 控制已关闭（obs.enabled: false）');
    await con.screenshot({ path: `${ARTIFACTS}/console-sources-zh.png` });
    expect(errors).toEqual([]);
  });
  it('shows chat a source brought while the server was over its budget as refused on its own line', async () => {
    const tiktok = fake('tiktok', { condition: 'live' });
    const app = await chrome.app(startApp(testConfig({ ingest: { maxBatch: 100, maxBuffered: 100 } }), { log: () => {}, sources: () => [tiktok.source] }));
    const context = await chrome.context({ locale: 'en-US', viewport: { width: 1600, height: 1000 } });
    const con = await context.newPage();
    await con.goto(app.url(`/console?token=${app.tokens.moderator}`));
    await con.waitForFunction(() => document.documentElement.dataset.connected === 'true');
    // one socket read of 130 messages: the buffer takes 100, the other 30 are refused and counted
    for (let i = 0; i < 130; i++) tiktok.say(`v${i}`, `hello ${i}`);
    const row = con.locator('.src[data-source="tiktok"]');
    await poll(() => row.textContent()).toMatch(/100\/min · \d+ held · \d+ blocked · 30 refused \(server busy\)/);
    expect(await row.locator('.counts').getAttribute('title')).toMatch(/never reached the filters/);
    await con.locator('[data-action="switch-lang"]').click();
    await poll(() => row.textContent()).toMatch(/繁忙拒收 30/);
  });
});
