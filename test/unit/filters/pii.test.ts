import { describe, expect, it } from 'vitest';
import { compilePii, detectPii, maskPii, maskPiiWith, validChineseId } from '../../../filters/pii.js';
import { config } from './spam-helpers.js';

const pii = compilePii(config().pii);
const kinds = (t: string) => detectPii(t, pii).map((f) => f.filter);

// 11010519491231002X is the textbook example of a valid ID (checksum X).
const ID = '11010519491231002X';

describe('personal data', () => {
  it.each([
    ['我的电话13812345678', ['privacy.phone']],
    ['打我 138 1234 5678 谢谢', ['privacy.phone']],
    ['call +86 139-1234-5678', ['privacy.phone']],
    ['call me +44 20 7946 0958', ['privacy.phone']],
    ['US: (555) 123-4567', ['privacy.phone']],
    ['write to jane.doe+shop@example.co.uk', ['privacy.email']],
    [`身份证 ${ID}`, ['privacy.id']],
    ['订单号：AB12345678CD 怎么还没发货', ['privacy.order']],
    ['order #20231105AX9 late', ['privacy.order']],
    ['SF1234567890123 到哪了', ['privacy.order']],
  ])('%s → %j', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  it.each([
    '这个多少钱？…',
    '¥199.00 包邮吗',
    'price 12345 views',
    '123456789012345678', // 18 digits, checksum fails: not an ID
    'at 12:30 tomorrow',
    '2024-11-05 sale',
  ])('nothing in %s', (text) => {
    expect(kinds(text)).toEqual([]);
  });

  it('checks the ID checksum and birth date', () => {
    expect(validChineseId(ID)).toBe(true);
    expect(validChineseId('110105194912310021')).toBe(false);
    expect(validChineseId('110105194913310029')).toBe(false);
  });

  it('masks what it finds, one bullet per UTF-16 unit, and keeps the rest', () => {
    expect(maskPii('call 13812345678 now')).toBe('call ••••••••••• now');
    expect(maskPii('mail a@b.com or +44 20 7946 0958')).toBe('mail ••••••• or ••••••••••••••••');
    expect(maskPii(`id ${ID}!`)).toBe(`id ${'•'.repeat(18)}!`);
    expect(maskPii('this costs ¥199, 2 left')).toBe('this costs ¥199, 2 left');
  });

  it('masks configured order patterns', () => {
    const custom = compilePii(config({ pii: { orderPatterns: [{ name: 'ticket', pattern: 'TK-\\d{6}' }] } }).pii);
    expect(maskPiiWith('my ticket TK-123456 please', custom)).toBe('my ticket ••••••••• please');
    expect(detectPii('TK-123456', custom)).toEqual([{ filter: 'privacy.order', severity: 'medium', detail: 'ticket (9 characters)', span: [0, 9] }]);
  });
});

describe('international phone numbers', () => {
  const phones = (t: string) => pii.detect(t).map((f) => ({ shown: t.slice(f.span![0], f.span![1]), detail: f.detail }));
  it.each([
    ['+49 151 23456789', '+49 151 23456789', 'phone number'],
    ['call +49 151 23456789 pls', '+49 151 23456789', 'phone number'],
    ['+49 151 23456789 2024', '+49 151 23456789', 'phone number'], // a year after it is not part of it
    ['+1 (555) 123-4567', '+1 (555) 123-4567', 'phone number'],
    ['+33 6 12 34 56 78', '+33 6 12 34 56 78', 'phone number'],
    ['+49-151-2345-6789', '+49-151-2345-6789', 'phone number'],
    ['+1.555.123.4567', '+1.555.123.4567', 'phone number'],
    ['+7 495 123-45-67', '+7 495 123-45-67', 'phone number'],
    ['+86 138 1234 5678', '+86 138 1234 5678', 'Chinese mobile number'],
    ['+8613812345678', '+8613812345678', 'Chinese mobile number'],
    ['打 15123456789', '15123456789', 'Chinese mobile number'],
  ])('%s → the whole %s as a %s', (text, shown, label) => {
    expect(phones(text)).toEqual([{ shown, detail: `${label} (${shown.length} characters)` }]);
    expect(kinds(text)).toEqual(['privacy.phone']);
  });

  it('masks the whole number, country code and separators included', () => {
    expect(pii.mask('call +49 151 23456789 pls')).toBe(`call ${'•'.repeat(16)} pls`);
    expect(pii.mask('+1 (555) 123-4567')).toBe('•'.repeat(17));
  });

  it.each([
    '38码', '38码 39码 40码都有', '$19.90', '会员价 $1,299.99', '¥1999.00包邮', '2024', '2024年新款', '10:30开播', '2024-11-05 10:30',
    '2024.11.05 sale', '3x4', '3x4米的地毯', '库存 12000 件', '订单满2024元减300', '价格 1299 元 3 件', '+1', '+1 +1 +1', '+100 points',
    '+20% off 2024', '+12345',
  ])('no phone (and nothing masked) in %s', (text) => {
    expect(kinds(text)).toEqual([]);
    expect(pii.mask(text)).toBe(text);
  });
});

describe('one masker from the configured patterns', () => {
  const custom = compilePii(config({ pii: { orderPatterns: [{ name: 'member card', pattern: 'VIP\\d{6}' }] } }).pii);

  it('masks what the same config detects (a custom order number held is also masked)', () => {
    const text = 'my card VIP123456 is not working';
    const found = custom.detect(text);
    expect(found.map((f) => f.filter)).toEqual(['privacy.order']);
    expect(custom.mask(text)).toBe('my card ••••••••• is not working');
    expect(maskPii(text)).toBe(text); // the default patterns know nothing of it: why servers should use the configured masker
  });

  it('keeps the length, so finding spans mark the same characters in the masked text', () => {
    for (const text of ['😀 call +49 151 23456789 or a@b.com, VIP123456 😀', '联系我 138-1234-5678 谢谢', 'card 6222 0212 3456 7890 123 ok']) {
      const found = custom.detect(text);
      const masked = custom.mask(text, found);
      expect(masked.length).toBe(text.length);
      for (const f of found) expect(masked.slice(f.span![0], f.span![1])).toMatch(/^•+$/);
      expect(masked.replace(/•/g, '')).not.toMatch(/\d{3}/);
    }
  });

  it('also masks the spans of the privacy findings it is given, and only those', () => {
    const text = 'secret code 4711 and swear words';
    const given = [
      { filter: 'privacy.order', severity: 'medium' as const, detail: 'x', span: [12, 16] as [number, number] },
      { filter: 'abuse.en', severity: 'medium' as const, detail: 'y', span: [21, 26] as [number, number] },
      { filter: 'privacy.order', severity: 'medium' as const, detail: 'out of range', span: [40, 50] as [number, number] },
    ];
    expect(custom.mask(text, given)).toBe('secret code •••• and swear words');
  });
});
