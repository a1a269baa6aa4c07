/**
 * The pages' pure logic, table-driven (runs in Node, no browser): clock and money formatting,
 * discount, banner phases, stock text, grapheme-safe truncation, image URL filter, reconnect
 * backoff bounds, patch application and versioning semantics, duration parsing, queue ordering.
 */
import { describe, expect, it } from 'vitest';
import { applyOps, type Banner, type PatchOp } from '../../config/protocol.js';
import type { QueueItem } from '../../config/views.js';
import { bannerPhase, BANNER_END_LINGER_MS, countdownRemaining, discountPercent, formatClock, formatMoney, safeImageUrl, saleMoney, shopMoney, stockText, truncateGraphemes } from '../../overlay/format.js';
import { overlayText } from '../../overlay/overlay-text.js';
import { applyPatch, backoffDelay, BACKOFF_MAX_MS, BACKOFF_MIN_MS } from '../../overlay/hub-client.js';
import { parseDuration } from '../../overlay/console-producer.js';
import { queueOrder } from '../../overlay/console-queue.js';
import { linePath } from '../../overlay/charts.js';
import { showBidi } from '../../overlay/format.js';

describe('formatClock', () => {
  it.each([
    [0, '00:00'],
    [1, '00:01'], // rounds up: 0:00 only when time is really up
    [999, '00:01'],
    [1000, '00:01'],
    [59_001, '01:00'],
    [125_000, '02:05'],
    [3_600_000, '1:00:00'],
    [-5000, '00:00'],
  ])('%d ms → %s', (ms, text) => expect(formatClock(ms)).toBe(text));
});

describe('countdownRemaining', () => {
  it.each([
    [{ endsAt: 10_000, pausedRemainingMs: null }, 4_000, 6_000],
    [{ endsAt: 10_000, pausedRemainingMs: null }, 12_000, 0],
    [{ endsAt: 10_000, pausedRemainingMs: 7_000 }, 99_000, 7_000],
  ])('%o at %d → %d', (c, now, left) => expect(countdownRemaining(c, now)).toBe(left));
});

describe('money and discount', () => {
  it.each([
    [19.9, '$', 'en', '$19.90'],
    [20, '$', 'en', '$20'],
    [99, '¥', 'zh-CN', '¥99'],
    [19.9, 'EUR', 'en', '€19.90'],
    [1299, 'CNY', 'zh-CN', '¥1,299'],
    [1299.5, 'usd', 'zh-CN', 'US$1,299.50'],
    [12, 'RM', 'en', '12 RM'], // letters Intl does not know as a currency go after the number
    [19.9, '元', 'zh-CN', '19.90元'], // as Chinese shops write it (it read "元19.90")
    [99, '元', 'en', '99元'],
    [5, '', 'en', '5'],
  ] as const)('%d %s in %s → %s', (n, cur, lang, text) => expect(formatMoney(n, cur, lang)).toBe(text));
  it('writes one shop\'s prices alike: cents for all of a currency when any has cents, in both languages', () => {
    const shop = [
      { amount: 19.9, currency: '$' },
      { amount: 34, currency: '$' },
      { amount: 99, currency: '元' },
      { amount: 129, currency: '元' },
      { amount: 9.9, currency: '元' },
      { amount: 88, currency: '¥' },
    ];
    const en = shopMoney(shop, 'en');
    expect([en(19.9, '$'), en(34, '$')]).toEqual(['$19.90', '$34.00']);
    expect([en(99, '元'), en(9.9, '元')]).toEqual(['99.00元', '9.90元']);
    expect(en(88, '¥')).toBe('¥88'); // every ¥ price is whole: none get cents
    const zh = shopMoney(shop, 'zh-CN');
    expect([zh(129, '元'), zh(19.9, '$'), zh(34, '$')]).toEqual(['129.00元', '$19.90', '$34.00']);
    expect(shopMoney([{ amount: 99, currency: '元' }, { amount: 129, currency: '元' }], 'zh-CN')(99, '元')).toBe('99元');
  });
  it.each([
    [{ price: 19.9, originalPrice: 34, currency: '$' }, 'en', ['$19.90', '$34.00']],
    [{ price: 19.9, originalPrice: 34, currency: '元' }, 'zh-CN', ['19.90元', '34.00元']],
    [{ price: 29, originalPrice: 59, currency: '$' }, 'en', ['$29', '$59']],
    [{ price: 19, originalPrice: 10.5, currency: '$' }, 'en', ['$19', '$10.50']], // no discount: the original is not shown, so it sets no rule
  ] as const)('a sale %o in %s reads %o', (b, lang, [price, orig]) => {
    const money = saleMoney(b, lang);
    expect([money(b.price), money(b.originalPrice)]).toEqual([price, orig]);
  });
  it.each([
    [19.9, 34, 41],
    [10, 10, null],
    [12, 10, null],
    [10, undefined, null],
    [0, 50, 100],
    [99.6, 100, null], // rounds to 0 %: nothing to show
  ])('price %d original %s → %s %%', (p, o, pct) => expect(discountPercent(p, o)).toBe(pct));
});

describe('banner phases and stock', () => {
  const b = (over: Partial<Banner>): Banner => ({ id: 'b', product: 'x', currency: '$', price: 1, stockTotal: 10, stockLeft: 5, lowStockAt: 2, startsAt: 1000, endsAt: 61_000, pausedRemainingMs: null, endedAt: null, ...over });
  it.each([
    ['scheduled before startsAt', b({}), 500, 'scheduled'],
    ['live', b({}), 2000, 'live'],
    ['sold out', b({ stockLeft: 0 }), 2000, 'soldout'],
    ['ended by time', b({}), 61_000, 'ended'],
    ['gone after the linger', b({}), 61_000 + BANNER_END_LINGER_MS, 'gone'],
    ['ended early', b({ endedAt: 30_000 }), 30_500, 'ended'],
    ['paused does not end', b({ pausedRemainingMs: 5000 }), 90_000, 'live'],
  ] as const)('%s', (_name, banner, now, phase) => expect(bannerPhase(banner, now)).toBe(phase));
  it.each([
    [{ stockLeft: 48, lowStockAt: 10 }, '48 left', false],
    [{ stockLeft: 10, lowStockAt: 10 }, 'Only 10 left!', true],
    [{ stockLeft: 0, lowStockAt: 10 }, 'Sold out', true],
    [{ stockLeft: 0, lowStockAt: 10, stockTotal: 1500 }, 'All 1,500 sold', true],
  ])('%o → %s', (s, text, low) => expect(stockText(s)).toEqual({ text, low }));
  it.each([
    [{ stockLeft: 1200, lowStockAt: 10 }, '剩 1,200 件', false],
    [{ stockLeft: 12, lowStockAt: 20 }, '仅剩 12 件', true],
    [{ stockLeft: 0, lowStockAt: 10 }, '已抢光', true],
    [{ stockLeft: 0, lowStockAt: 10, stockTotal: 50 }, '50 件已全部售出', true],
  ])('in Chinese %o → %s', (s, text, low) => expect(stockText(s, overlayText.zh, 'zh-CN')).toEqual({ text, low }));
});

describe('truncateGraphemes never cuts a character', () => {
  it.each([
    ['short stays', 'hello', 10, 'hello'],
    ['latin cut', 'hello world', 6, 'hello…'],
    ['CJK cut', '满99元包邮偏远地区除外', 5, '满99元…'],
    ['emoji pair kept whole', 'ab👍🏽cd', 4, 'ab👍🏽…'],
    ['combining mark kept', 'e\u0301e\u0301e\u0301', 2, 'e\u0301…'],
  ])('%s', (_n, text, max, out) => expect(truncateGraphemes(text, max)).toBe(out));
});

describe('safeImageUrl', () => {
  it.each([
    ['https://cdn.example.com/a.png', 'https://cdn.example.com/a.png'],
    ['/local/a.png', '/local/a.png'],
    ['data:image/png;base64,AAAA', null],
    ['data:image/svg+xml,<svg onload=alert(1)>', null],
    ['javascript:alert(1)', null],
    ['//evil.example/a.png', null],
    [undefined, null],
  ])('%s → %s', (url, out) => expect(safeImageUrl(url)).toBe(out));
});

describe('reconnect backoff', () => {
  it.each([0, 1, 2, 3, 5, 10, 50])('attempt %d stays within 0.5–10 s for any jitter', (attempt) => {
    for (const r of [0, 0.25, 0.5, 0.999]) {
      const d = backoffDelay(attempt, r);
      expect(d).toBeGreaterThanOrEqual(BACKOFF_MIN_MS);
      expect(d).toBeLessThanOrEqual(BACKOFF_MAX_MS);
    }
  });
  it('grows, then caps', () => {
    expect(backoffDelay(0, 1)).toBe(500);
    expect(backoffDelay(3, 1)).toBe(4000);
    expect(backoffDelay(20, 1)).toBe(10_000);
    expect(backoffDelay(20, 0)).toBe(5000); // jitter spreads reconnects of many overlays
  });
});

describe('applyPatch matches config/protocol applyOps', () => {
  const ops: PatchOp[] = [
    { op: 'set', path: ['overlay', 'banner'], value: { stockLeft: 3 } },
    { op: 'set', path: ['queue', 'q1'], value: { id: 'q1' } },
    { op: 'set', path: ['a', 'b', 'c'], value: 1 },
    { op: 'del', path: ['queue', 'q0'] },
  ];
  it('gives the same tree', () => {
    const init = () => ({ overlay: { banner: null, hidden: false }, queue: { q0: { id: 'q0' } }, a: 5 });
    const x: Record<string, unknown> = init();
    const y: Record<string, unknown> = init();
    applyPatch(x, ops);
    applyOps(y, ops);
    expect(x).toEqual(y);
    expect(x).toEqual({ overlay: { banner: { stockLeft: 3 }, hidden: false }, queue: { q1: { id: 'q1' } }, a: { b: { c: 1 } } });
  });
});

describe('parseDuration (console inputs)', () => {
  it.each([
    ['5m', 300_000],
    ['5', 300_000],
    ['90s', 90_000],
    ['1:30', 90_000],
    ['1.5m', 90_000],
    ['1h', 3_600_000],
    ['', undefined],
    ['abc', undefined],
    ['0', undefined],
    // as a Chinese producer types it (the field's hint is in Chinese too)
    ['60秒', 60_000],
    ['2分钟', 120_000],
    ['2 分', 120_000],
    ['1小时', 3_600_000],
    ['１０ｍ', 600_000],
  ])('%s → %s', (t, ms) => expect(parseDuration(t)).toBe(ms));
});

describe('queueOrder: priority first, then the oldest', () => {
  const q = (id: string, priority: number, heldAt: number) => ({ id, priority, heldAt }) as QueueItem;
  it('orders', () => {
    const items = [q('a', 1, 300), q('b', 5, 900), q('c', 1, 100), q('d', 5, 200)];
    expect(items.sort(queueOrder).map((i) => i.id)).toEqual(['d', 'b', 'c', 'a']);
  });
});

describe('chart paths', () => {
  const x = (i: number) => i * 10;
  const y = (v: number) => 100 - v;
  it.each([
    ['a run joins its points', [1, 2, 3], 'M0.0,99.0L10.0,98.0L20.0,97.0'],
    ['a gap breaks the line', [1, null, 3, 4], 'M0.0,99.0m-3,0h6M20.0,97.0L30.0,96.0'],
    ['one point (a one-minute show) is a dash, not an empty move', [5], 'M0.0,95.0m-3,0h6'],
    ['a point alone between gaps is a dash too', [null, 5, null], 'M10.0,95.0m-3,0h6'],
    ['nothing to draw', [], ''],
  ])('%s', (_name, values, d) => expect(linePath(values, x, y)).toBe(d));
});

describe('bidi controls in the console', () => {
  it('are shown as ↔ one for one, so an override cannot turn "evil" into "live" and spans still fit', () => {
    const typed = '\u202Eevil you are trash \u2066x\u2069';
    expect(showBidi(typed)).toBe('↔evil you are trash ↔x↔');
    expect(showBidi(typed).length).toBe(typed.length);
    expect(showBidi('plain 中文')).toBe('plain 中文');
  });
});
