import { describe, expect, it } from 'vitest';
import { CommandSchema, OverlayStateSchema, stripBidi, ThemeSchema, type OverlayState } from '../../../config/protocol.js';
import { parseConfig } from '../../../server/config-load.js';
import { initialOverlay, reduceOverlay, withoutBidi, type ReduceContext } from '../../../server/overlay/reducer.js';
import { bothLines, lineIn, stripBidi as pageStripBidi } from '../../../overlay/format.js';

const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
const hasBidi = (s: unknown): boolean => BIDI.some((ch) => JSON.stringify(s).includes(ch) || JSON.stringify(s).includes(`\\u${ch.charCodeAt(0).toString(16)}`));

const ctx = (now: number): ReduceContext => ({
  now,
  presets: [],
  findMessage: (id) => (id === 'm1' ? { id: 'm1', platform: 'twitch', channel: 'c', user: { id: 'u1', name: 'eve', displayName: '\u202Eevil\u202C', roles: [] }, text: 'we are \u202Eevil\u202C \u2067مرحبا\u2069 \u200F', emotes: [], receivedAt: 0 } : undefined),
  maskText: (t) => t,
  newId: () => 'id',
});

describe('bidi controls on the overlay', () => {
  it.each(BIDI.map((ch) => [`U+${ch.charCodeAt(0).toString(16).toUpperCase()}`, ch]))('removes %s on the server and in the page', (_name, ch) => {
    expect(stripBidi(`a${ch}b`)).toBe('ab');
    expect(pageStripBidi(`a${ch}b`)).toBe('ab');
  });

  it('keeps other text as it is (Arabic, Chinese, emoji, zero-width joiners)', () => {
    const text = 'مرحبا 运费多少 👩‍👩‍👧 ok';
    expect(stripBidi(text)).toBe(text);
    expect(pageStripBidi(text)).toBe(text);
  });

  it('clears them from everything the overlay shows: featured name and text, pin, banner, countdown label', () => {
    let s = initialOverlay(ThemeSchema.parse({}));
    s = reduceOverlay(s, { kind: 'feature.set', messageId: 'm1' }, ctx(1));
    s = reduceOverlay(s, { kind: 'pin.set', question: '\u202Eevil?', answer: 'Free \u202Eshipping\u202C', answers: { en: 'Free \u202Eshipping\u202C', zh: '\u202E包邮' }, saveToFaq: false }, ctx(2));
    s = reduceOverlay(s, { kind: 'banner.start', product: '\u202Eevil serum', currency: '\u2066$', price: 1, stock: 5 }, ctx(3));
    s = reduceOverlay(s, { kind: 'countdown.start', label: '\u202Eends', durationMs: 1000 }, ctx(4));
    expect(hasBidi(s)).toBe(false);
    expect(s.featured).toMatchObject({ displayName: 'evil', text: 'we are evil مرحبا ' });
    expect(s.pinned).toMatchObject({ question: 'evil?', answer: 'Free shipping', answers: { en: 'Free shipping', zh: '包邮' } });
    expect(s.banner).toMatchObject({ product: 'evil serum', currency: '$' });
    expect(s.countdown?.label).toBe('ends');
  });

  it('clears top questions and keeps an unchanged state the same object', () => {
    const s: OverlayState = { ...initialOverlay(ThemeSchema.parse({})), topQuestions: [{ text: '\u202Eevil', askers: 3 }, { text: 'ok?', askers: 2, alt: '\u202E坏' }] };
    expect(withoutBidi(s).topQuestions).toEqual([{ text: 'evil', askers: 3 }, { text: 'ok?', askers: 2, alt: '坏' }]);
    const clean = withoutBidi(s);
    expect(withoutBidi(clean)).toBe(clean);
  });
});

describe('banner image URLs', () => {
  it.each([
    'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    'data:image/png;base64,AAAA',
    'javascript:alert(1)',
    'file:///etc/passwd',
    '//evil.example/a.png',
    'not a url',
    ' https://cdn.example.com/a.png',
  ])('refuses %j with a clear error, in commands, state and presets', (url) => {
    const cmd = CommandSchema.safeParse({ kind: 'banner.start', product: 'x', price: 1, stock: 1, imageUrl: url });
    expect(cmd.success).toBe(false);
    expect(cmd.error?.issues[0]).toMatchObject({ path: ['imageUrl'], message: expect.stringMatching(/http:\/\/ or https:\/\//) });
    const state = OverlayStateSchema.shape.banner.safeParse({ id: 'b', product: 'x', imageUrl: url, currency: '$', price: 1, stockTotal: 1, stockLeft: 1, lowStockAt: 0, startsAt: 0, endsAt: 1, endedAt: null });
    expect(state.success).toBe(false);
    expect(() => parseConfig({ presets: [{ id: 'p', product: 'x', price: 1, stock: 1, durationMs: 1000, imageUrl: url }] }, 'bad.yaml')).toThrow(/presets\.0\.imageUrl/);
  });

  it.each(['https://cdn.example.com/a.png', 'http://127.0.0.1:4500/a.png'])('accepts %j', (url) => {
    expect(CommandSchema.safeParse({ kind: 'banner.start', product: 'x', price: 1, stock: 1, imageUrl: url }).success).toBe(true);
  });
});

describe('a recurring question on the overlay', () => {
  it('is shown in the overlay\'s language when viewers asked it in both', () => {
    const both = { text: 'how much is shipping?', alt: '运费多少', zh: false };
    expect(lineIn(both, 'zh-CN')).toBe('运费多少');
    expect(lineIn(both, 'en')).toBe('how much is shipping?');
    const zhFirst = { text: '运费多少', alt: 'how much is shipping?', zh: true };
    expect(lineIn(zhFirst, 'en')).toBe('how much is shipping?');
    expect(lineIn(zhFirst, 'zh-CN')).toBe('运费多少');
    // one language only: its line whatever the overlay's
    expect(lineIn({ text: 'is it vegan?' }, 'zh-CN')).toBe('is it vegan?');
    expect(lineIn({ text: '有没有黑色的' }, 'en')).toBe('有没有黑色的');
  });

  it('leads a console card with the line in the console\'s language', () => {
    const both = { text: 'how much is shipping?', alt: '运费多少', zh: false };
    expect(bothLines(both, 'zh-CN')).toBe('运费多少 · how much is shipping?');
    expect(bothLines(both, 'en')).toBe('how much is shipping? · 运费多少');
    expect(bothLines({ text: '运费多少', alt: 'how much is shipping?', zh: true }, 'en')).toBe('how much is shipping? · 运费多少');
    expect(bothLines({ text: 'is it vegan?' }, 'zh-CN')).toBe('is it vegan?');
  });

  it('reads a run of question or exclamation marks once, as a host says it', () => {
    expect(lineIn({ text: '什么时候发货啊？？？' }, 'zh-CN')).toBe('什么时候发货啊？');
    expect(bothLines({ text: 'when will it ship??', alt: '什么时候发货啊？？？', zh: false }, 'zh-CN')).toBe('什么时候发货啊？ · when will it ship?');
    expect(lineIn({ text: 'restock!!!?? pls' }, 'en')).toBe('restock!? pls');
    expect(lineIn({ text: 'is it real?' }, 'en')).toBe('is it real?');
  });
});
