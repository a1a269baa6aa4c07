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

  it('masks what it finds and keeps the rest', () => {
    expect(maskPii('call 13812345678 now')).toBe('call ••••••••••• now');
    expect(maskPii('mail a@b.com or +44 20 7946 0958')).toBe('mail ••••••• or ••••••••••••');
    expect(maskPii(`id ${ID}!`)).toBe('id ••••••••••••!');
    expect(maskPii('this costs ¥199, 2 left')).toBe('this costs ¥199, 2 left');
  });

  it('masks configured order patterns', () => {
    const custom = compilePii(config({ pii: { orderPatterns: [{ name: 'ticket', pattern: 'TK-\\d{6}' }] } }).pii);
    expect(maskPiiWith('my ticket TK-123456 please', custom)).toBe('my ticket ••••••••• please');
    expect(detectPii('TK-123456', custom)).toEqual([{ filter: 'privacy.order', severity: 'medium', detail: 'ticket (9 characters)', span: [0, 9] }]);
  });
});
