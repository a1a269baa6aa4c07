/**
 * FAQ answers per language (config/faq-answer.ts, the FaqEntry schema): the demo FAQ had English
 * and Chinese glued in one answer ("Orders ship within 48 hours… / 下单后48小时内发货…"), so a Chinese
 * console and a Chinese viewer read both. A single-string answer still parses and reads as before.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Annotated } from '../../config/chat.js';
import { faqAnswer } from '../../config/faq-answer.js';
import { parseFaq } from '../../insights/faq.js';
import { answerIn } from '../../overlay/format.js';
import { AutoReplier } from '../../server/auto-reply.js';
import { Store } from '../../server/store/store.js';

const HAN = /\p{Script=Han}/u;
const demo = parseFaq(readFileSync(new URL('../../config/faq.yaml', import.meta.url), 'utf8'));

describe('FAQ answers per language', () => {
  it('the demo FAQ answers each question once per language, nothing glued', () => {
    expect(demo.length).toBeGreaterThanOrEqual(9);
    for (const e of demo) {
      expect(e.answers?.en, e.id).toBeTruthy();
      expect(e.answers?.zh, e.id).toBeTruthy();
      expect(HAN.test(e.answers!.en!), `${e.id}: Chinese in the English answer`).toBe(false);
      expect(e.answers!.zh!, e.id).toMatch(HAN);
      expect(e.answers!.zh!, e.id).not.toMatch(/[A-Za-z]{4,} [A-Za-z]{3,}/); // no English sentence in it
      expect(e.answer, e.id).toBe(e.answers!.en); // what a reader of neither language gets
      expect(faqAnswer(e, 'zh-CN')).toBe(e.answers!.zh);
      expect(faqAnswer(e, 'zh')).toBe(e.answers!.zh);
      expect(faqAnswer(e, 'en')).toBe(e.answers!.en);
      expect(faqAnswer(e, 'other')).toBe(e.answers!.en);
      // the pages' copy of the rule agrees
      expect([answerIn(e, 'en'), answerIn(e, 'zh-CN')]).toEqual([faqAnswer(e, 'en'), faqAnswer(e, 'zh-CN')]);
    }
  });

  it('still reads a single-string answer (older files and stores), and a file with one language only', () => {
    const [one, zhOnly] = parseFaq('entries:\n  - id: a\n    keywords: [ship]\n    answer: "Ships in 2 days · 2天发货"\n  - id: b\n    keywords: [包邮]\n    answer: { zh: "全场包邮" }\n');
    expect(one).toEqual({ id: 'a', keywords: ['ship'], answer: 'Ships in 2 days · 2天发货' });
    expect([faqAnswer(one!, 'en'), faqAnswer(one!, 'zh-CN')]).toEqual(['Ships in 2 days · 2天发货', 'Ships in 2 days · 2天发货']);
    expect(zhOnly).toMatchObject({ answer: '全场包邮', answers: { zh: '全场包邮' } });
    expect(faqAnswer(zhOnly!, 'en')).toBe('全场包邮');
    for (const f of [one!, zhOnly!]) expect([answerIn(f, 'en'), answerIn(f, 'zh-CN')]).toEqual([faqAnswer(f, 'en'), faqAnswer(f, 'zh-CN')]);
  });

  it('refuses an answer in no known language, or an empty one', () => {
    expect(() => parseFaq('entries:\n  - id: a\n    keywords: [x]\n    answer: { fr: "Livraison offerte" }\n')).toThrow();
    expect(() => parseFaq('entries:\n  - id: a\n    keywords: [x]\n    answer: {}\n')).toThrow();
    expect(() => parseFaq('entries:\n  - id: a\n    keywords: [x]\n    answer: { en: "" }\n')).toThrow();
  });

  it('keeps both languages through the store', () => {
    const store = new Store(':memory:');
    try {
      for (const e of demo) store.upsertFaq(e);
      expect(store.faq().find((e) => e.id === 'shipping-cost')?.answers).toEqual(demo.find((e) => e.id === 'shipping-cost')?.answers);
    } finally {
      store.close();
    }
  });

  it('the chat bot answers in the asker\'s language', () => {
    const q = (text: string, lang: Annotated['lang'], user: string): Annotated => ({
      message: { id: text, platform: 'twitch', channel: 'shop', user: { id: user, name: user, displayName: user, roles: [] }, text, emotes: [], receivedAt: 0 },
      verdict: { action: 'allow', reasons: [], score: 0 },
      lang,
      isQuestion: true,
      sentiment: 0,
    });
    const r = new AutoReplier({ minIntervalMs: 0, perEntryCooldownMs: 0 });
    const ship = demo.find((e) => e.id === 'shipping-cost')!;
    expect(r.consider(q('运费多少', 'zh', 'li'), demo, 0)?.text).toBe(`@li ${ship.answers!.zh}`);
    expect(r.consider(q('how much is shipping?', 'en', 'kim'), demo, 1)?.text).toBe(`@kim ${ship.answers!.en}`);
  });
});
