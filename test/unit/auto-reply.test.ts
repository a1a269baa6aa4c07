import { describe, expect, it } from 'vitest';
import type { Annotated } from '../../config/chat.js';
import type { FaqEntry } from '../../config/views.js';
import { AutoReplier } from '../../server/auto-reply.js';

const faq: FaqEntry[] = [
  { id: 'ship', keywords: ['shipping', '运费', '包邮'], answer: 'Free shipping over $30 · 满99包邮' },
  { id: 'size', keywords: ['size', '尺码'], answer: 'S–XL, see the pinned chart' },
];
const q = (text: string, user = 'ann', isQuestion = true): Annotated => ({
  message: { id: text, platform: 'twitch', channel: 'shop', user: { id: user, name: user, displayName: user, roles: [] }, text, emotes: [], receivedAt: 0 },
  verdict: { action: 'allow', reasons: [], score: 0 },
  lang: 'en',
  isQuestion,
  sentiment: 0,
});

describe('automatic FAQ replies', () => {
  it('answers a matched question once, then holds back for the cooldowns', () => {
    const r = new AutoReplier({ minIntervalMs: 10_000, perEntryCooldownMs: 60_000 });
    expect(r.consider(q('how much is shipping?'), faq, 0)).toEqual({ channel: 'shop', text: '@ann Free shipping over $30 · 满99包邮', faqId: 'ship' });
    expect(r.consider(q('包邮吗', 'bo'), faq, 5_000)).toBeNull();
    expect(r.consider(q('what size should i get', 'cy'), faq, 12_000)?.faqId).toBe('size');
    expect(r.consider(q('运费多少', 'di'), faq, 30_000)).toBeNull();
    expect(r.consider(q('运费多少', 'di'), faq, 61_000)?.faqId).toBe('ship');
    expect(r.suppressed).toBe(2);
  });

  it('ignores statements and questions the FAQ does not answer', () => {
    const r = new AutoReplier({ minIntervalMs: 0, perEntryCooldownMs: 0 });
    expect(r.consider(q('shipping was fast', 'a', false), faq, 0)).toBeNull();
    expect(r.consider(q('what song is this?'), faq, 0)).toBeNull();
  });
});
