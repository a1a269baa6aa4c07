import { describe, expect, it } from 'vitest';
import type { OverlayState } from '../../../config/protocol.js';
import { CommandSchema, ThemeSchema } from '../../../config/protocol.js';
import { ShowrunnerError } from '../../../server/errors.js';
import { initialOverlay, MAX_SCHEDULE_MS, reduceOverlay, type OverlayCommand, type ReduceContext } from '../../../server/overlay/reducer.js';

let seq = 0;
const ctx = (now: number): ReduceContext => ({
  now,
  presets: [{ id: 'serum', product: 'Glow Serum 30ml', currency: '¥', price: 99, originalPrice: 199, stock: 200, lowStockAt: 20, durationMs: 300_000 }],
  findMessage: (id) => (id === 'm1' ? { id: 'm1', platform: 'twitch', channel: 'c', user: { id: 'u1', name: 'ann', displayName: 'Ann', roles: [] }, text: 'call me 13812345678', emotes: [], receivedAt: 0 } : undefined),
  maskText: (t) => t.replace(/\d{11}/, '•••••••••••'),
  newId: () => `id${++seq}`,
});
const run = (cmds: [number, OverlayCommand][], from: OverlayState = initialOverlay(ThemeSchema.parse({}))): OverlayState =>
  cmds.reduce((s, [t, c]) => reduceOverlay(s, c, ctx(t)), from);

describe('the overlay reducer', () => {
  it('keeps countdowns as absolute end times through pause, resume and extend', () => {
    const s = run([
      [1_000, { kind: 'countdown.start', label: 'Sale', durationMs: 60_000 }],
      [11_000, { kind: 'countdown.pause' }],
      [41_000, { kind: 'countdown.resume' }],
      [41_000, { kind: 'countdown.extend', byMs: 30_000 }],
    ]);
    // 10 s ran before the pause, 50 s were left; resumed at 41 s → ends at 91 s, +30 s → 121 s.
    expect(s.countdown).toMatchObject({ endsAt: 121_000, pausedRemainingMs: null, label: 'Sale' });
  });

  it('extends a paused countdown by its remaining time', () => {
    const s = run([
      [0, { kind: 'countdown.start', label: '', durationMs: 10_000 }],
      [4_000, { kind: 'countdown.pause' }],
      [5_000, { kind: 'countdown.extend', byMs: 5_000 }],
    ]);
    expect(s.countdown?.pausedRemainingMs).toBe(11_000);
  });

  it('starts a flash sale from a preset, tracks stock, sells out and ends', () => {
    let s = run([[1_000, { kind: 'banner.start', preset: 'serum' }]]);
    expect(s.banner).toMatchObject({ product: 'Glow Serum 30ml', price: 99, originalPrice: 199, stockLeft: 200, startsAt: 1_000, endsAt: 301_000, endedAt: null });
    s = run([[2_000, { kind: 'banner.stock', delta: -190 }]], s);
    expect(s.banner?.stockLeft).toBe(10);
    s = run([[3_000, { kind: 'banner.stock', delta: -50 }]], s);
    expect(s.banner?.stockLeft).toBe(0);
    s = run([[4_000, { kind: 'banner.end' }]], s);
    expect(s.banner).toMatchObject({ endedAt: 4_000, endsAt: 4_000 });
    s = run([[5_000, { kind: 'banner.end' }]], s);
    expect(s.banner).toBeNull();
  });

  it('extends a flash sale by its end time: +1 min, shortened never past now or before its start; not once it ended', () => {
    const start: [number, OverlayCommand] = [1_000, { kind: 'banner.start', preset: 'serum' }]; // ends at 301 s
    expect(run([start, [100_000, { kind: 'banner.extend', byMs: 60_000 }]]).banner).toMatchObject({ endsAt: 361_000, endedAt: null });
    expect(run([start, [100_000, { kind: 'banner.extend', byMs: -600_000 }]]).banner?.endsAt).toBe(100_000);
    const scheduled = run([[1_000, { kind: 'banner.start', preset: 'serum', startAt: 50_000 }], [2_000, { kind: 'banner.extend', byMs: -3_600_000 }]]);
    expect(scheduled.banner).toMatchObject({ startsAt: 50_000, endsAt: 50_000 });
    expect(() => run([start, [4_000, { kind: 'banner.end' }], [5_000, { kind: 'banner.extend', byMs: 60_000 }]])).toThrow(expect.objectContaining({ code: 'SR_NO_ACTIVE' }));
    expect(() => run([start, [302_000, { kind: 'banner.extend', byMs: 60_000 }]])).toThrow(expect.objectContaining({ code: 'SR_NO_ACTIVE' }));
    expect(() => run([[0, { kind: 'banner.extend', byMs: 60_000 }]])).toThrow(expect.objectContaining({ code: 'SR_NO_ACTIVE' }));
  });

  // it changed the stock of a sale whose banner had left the overlay: the producer saw "stock 9/50 · ended", the viewers nothing
  it.each([
    ['ended by the producer', [[1_000, { kind: 'banner.start', preset: 'serum' }], [4_000, { kind: 'banner.end' }]]],
    ['past its end time', [[1_000, { kind: 'banner.start', preset: 'serum' }]]],
  ] as [string, [number, OverlayCommand][]][])('refuses stock changes to a sale %s', (_n, cmds) => {
    const s = run(cmds);
    expect(() => run([[302_000, { kind: 'banner.stock', delta: -1 }]], s)).toThrow(expect.objectContaining({ code: 'SR_NO_ACTIVE' }));
    expect(run([[200_000, { kind: 'banner.stock', delta: -1 }]], run([[1_000, { kind: 'banner.start', preset: 'serum' }]])).banner?.stockLeft).toBe(199);
  });

  it('schedules a sale to start later', () => {
    const s = run([[1_000, { kind: 'banner.start', product: 'Lamp', price: 10, stock: 5, durationMs: 60_000, startAt: 100_000 }]]);
    expect(s.banner).toMatchObject({ startsAt: 100_000, endsAt: 160_000 });
  });

  // startAt 1e300 (or 8.7e15, past the last time a Date holds) was taken: both pages then threw "Invalid time value" on every frame
  it.each([
    ['past what a Date can hold', 8.7e15],
    ['absurdly far', 1e300],
    ['in microseconds', 1_796_000_000_000_000],
    ['a year and a day ahead', 1_000 + MAX_SCHEDULE_MS + 1],
  ])('refuses a sale scheduled %s, naming the field', (_n, startAt) => {
    const lamp: OverlayCommand = { kind: 'banner.start', product: 'Lamp', price: 10, stock: 5, startAt };
    expect(() => run([[1_000, lamp]])).toThrow(expect.objectContaining({ code: 'SR_BAD_REQUEST', message: expect.stringMatching(/ at startAt$/) }));
    expect(run([[1_000, { ...lamp, startAt: 1_000 + MAX_SCHEDULE_MS }]]).banner?.startsAt).toBe(1_000 + MAX_SCHEDULE_MS);
  });

  it.each([
    ['pausing with no countdown', { kind: 'countdown.pause' }, 'SR_NO_ACTIVE'],
    ['changing stock with no sale', { kind: 'banner.stock', delta: 1 }, 'SR_NO_ACTIVE'],
    ['an unknown preset', { kind: 'banner.start', preset: 'nope' }, 'SR_NOT_FOUND'],
    ['a sale without a price', { kind: 'banner.start', product: 'x', stock: 1 }, 'SR_BAD_REQUEST'],
    ['featuring an unknown message', { kind: 'feature.set', messageId: 'zzz' }, 'SR_NOT_FOUND'],
  ] as [string, OverlayCommand, string][])('refuses %s', (_n, cmd, code) => {
    try {
      run([[0, cmd]]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ShowrunnerError);
      expect((err as ShowrunnerError).code).toBe(code);
    }
  });

  it('features a comment with personal data masked', () => {
    const s = run([[0, { kind: 'feature.set', messageId: 'm1' }]]);
    expect(s.featured).toMatchObject({ displayName: 'Ann', text: 'call me •••••••••••', messageId: 'm1' });
  });

  it('hides everything at once and keeps what was there', () => {
    const s = run([
      [0, { kind: 'pin.set', question: '包邮吗?', answer: '满99包邮', saveToFaq: false }],
      [1, { kind: 'overlay.hide', hidden: true }],
    ]);
    expect(s.hidden).toBe(true);
    expect(s.pinned?.answer).toBe('满99包邮');
  });

  it('keeps an FAQ answer per language on the pin (the overlay picks the show\'s), and the protocol refuses other languages', () => {
    const answers = { en: 'Free shipping tonight.', zh: '今晚全场包邮。' };
    expect(run([[0, { kind: 'pin.set', question: 'shipping?', answer: answers.en, answers, saveToFaq: false }]]).pinned).toMatchObject({ answer: answers.en, answers });
    expect(run([[0, { kind: 'pin.set', question: 'shipping?', answer: 'Free', saveToFaq: false }]]).pinned).not.toHaveProperty('answers');
    expect(CommandSchema.safeParse({ kind: 'pin.set', answer: 'x', answers: { fr: 'Livraison offerte' } }).success).toBe(false);
    expect(CommandSchema.safeParse({ kind: 'pin.set', answer: 'x', answers: { zh: '包邮' } }).success).toBe(true);
  });
});
