/**
 * FAQ answers per language (config/faq-answer.ts, the FaqEntry schema): the demo FAQ had English
 * and Chinese glued in one answer ("Orders ship within 48 hours… / 下单后48小时内发货…"), so a Chinese
 * console and a Chinese viewer read both. A single-string answer still parses and reads as before.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Annotated } from '../../config/chat.js';
import { faqAnswer } from '../../config/faq-answer.js';
import { parseFaq } from '../../insights/faq.js';
import { answerIn } from '../../overlay/format.js';
import { AutoReplier } from '../../server/auto-reply.js';
import { Store } from '../../server/store/store.js';
import { restoreFaq } from '../../server/restore.js';

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
  describe('answers an older version stored glued in one string', () => {
    /** The demo FAQ as versions before 48b24fa shipped it: 'English / 中文' in one answer, stored so on their first start. */
    const glued = parseFaq(readFileSync(new URL('../fixtures/faq/glued-before-48b24fa.yaml', import.meta.url), 'utf8'));
    /** A real SQLite file written with the old entries, closed, then opened as a start does. */
    function reopened(entries: readonly object[]): { faq: ReturnType<typeof restoreFaq>; done: () => void } {
      const dir = mkdtempSync(join(tmpdir(), 'sr-faq-'));
      const path = join(dir, 'showrunner.db');
      const old = new Store(path);
      for (const e of entries) old.upsertFaq(e as Parameters<Store['upsertFaq']>[0]);
      old.close();
      const store = new Store(path);
      // the file is not read: the stored FAQ wins
      const faq = restoreFaq(store, join(dir, 'missing.yaml'), () => undefined);
      return { faq, done: () => (store.close(), rmSync(dir, { recursive: true, force: true })) };
    }

    it('split per language on load, as the demo now writes them, nothing lost', () => {
      expect(glued.length).toBeGreaterThanOrEqual(9);
      for (const e of glued) expect(e.answers, e.id).toBeUndefined();
      const { faq, done } = reopened(glued);
      try {
        expect(faq.map((e) => e.id)).toEqual(glued.map((e) => e.id));
        for (const e of faq) {
          const before = glued.find((g) => g.id === e.id)!;
          // the stored text stays what a reader of neither language gets; the halves put together are it
          expect(e.answer, e.id).toBe(before.answer);
          expect(`${e.answers?.en} / ${e.answers?.zh}`, e.id).toBe(before.answer);
          const now = demo.find((d) => d.id === e.id);
          if (now) expect(e.answers, e.id).toEqual(now.answers);
          expect(faqAnswer(e, 'zh-CN'), e.id).toMatch(HAN);
          expect(HAN.test(faqAnswer(e, 'en')), e.id).toBe(false);
        }
        // the chat bot answers a Chinese viewer in Chinese only (it posted both languages)
        const r = new AutoReplier({ minIntervalMs: 0, perEntryCooldownMs: 0 });
        const ask: Annotated = { message: { id: 'q', platform: 'twitch', channel: 'shop', user: { id: 'li', name: 'li', displayName: 'li', roles: [] }, text: '运费多少', emotes: [], receivedAt: 0 }, verdict: { action: 'allow', reasons: [], score: 0 }, lang: 'zh', isQuestion: true, sentiment: 0 };
        expect(r.consider(ask, faq, 0)?.text).toBe('@li 今晚全场包邮（偏远地区加5元）。');
      } finally {
        done();
      }
    });

    it('split the other way round too (中文 / English)', () => {
      const { faq, done } = reopened([{ id: 'z', keywords: ['ship'], answer: '今晚全场包邮。 / Free shipping on every order tonight.' }]);
      try {
        expect(faq[0]?.answers).toEqual({ en: 'Free shipping on every order tonight.', zh: '今晚全场包邮。' });
      } finally {
        done();
      }
    });

    it.each([
      ['three parts', 'Sizes S / M / L / 尺码齐全'],
      ['no Chinese half', 'Yes / No'],
      ['both halves Chinese', '包邮 / 不包邮'],
      ['an English sentence in the Chinese half', 'Free shipping tonight / 今晚包邮 free shipping on every order'],
      ['Chinese in the English half', '包邮 free shipping / 今晚全场包邮'],
      ['no spaces round the slash', 'Free shipping tonight/今晚全场包邮'],
      ['a half with spaces at its edge', 'Free shipping tonight  / 今晚全场包邮'],
      ['one language', 'Free shipping on every order tonight'],
    ])('kept as stored when the split is not certain (%s)', (_, answer) => {
      const { faq, done } = reopened([{ id: 'x', keywords: ['ship'], answer }]);
      try {
        expect(faq).toEqual([{ id: 'x', keywords: ['ship'], answer }]);
      } finally {
        done();
      }
    });

    it('an entry with answers per language is left alone', () => {
      const entry = { id: 'y', keywords: ['ship'], answer: 'Free shipping / 包邮', answers: { en: 'Free shipping tonight' } };
      const { faq, done } = reopened([entry]);
      try {
        expect(faq).toEqual([entry]);
      } finally {
        done();
      }
    });
  });
});
