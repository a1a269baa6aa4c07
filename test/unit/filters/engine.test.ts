import { describe, expect, it } from 'vitest';
import { createFilterEngine } from '../../../filters/engine.js';
import { chat, config } from './spam-helpers.js';

// The abuse model is scored by its own tests; here the lexicons keep the composition deterministic.
const lexiconOnly = { abuseModels: null, spamModel: null };
const PASTA = 'RAISING MONEY FeelsGoodMan FULFILLING DREAMS FeelsGoodMan FOR THE COST OF FeelsGoodMan BANNING MEMES';

describe('filter engine', () => {
  it.each([
    ['hello everyone, love the stream', 'allow', []],
    ['这个多少钱？…', 'allow', []],
    ['fuck you', 'hold', ['abuse.en']],
    ['你就是个傻逼', 'hold', ['abuse.zh']],
    ['加微信领取优惠券', 'hold', ['spam.promo']],
    ['我的电话13812345678', 'hold', ['privacy.phone']],
    ['bigfollows dot com', 'hold', ['spam.link']],
    ['WOW THIS IS AMAZING LOOK AT THIS', 'allow', ['spam.caps']],
  ])('%s → %s', (text, action, filters) => {
    const e = createFilterEngine(config(), lexiconOnly);
    const v = e.check(chat(text), 0);
    expect(v.action === 'allow' ? 'allow' : 'hold').toBe(action);
    expect(v.reasons.map((r) => r.filter)).toEqual(expect.arrayContaining(filters));
    if (filters.length === 0) expect(v.reasons).toEqual([]);
  });

  it('holds a first-time chatter posting a link, but not a regular posting an allowlisted one', () => {
    const e = createFilterEngine(config(), lexiconOnly);
    expect(e.check(chat('see https://shop.example.io/x', { first: true }), 0).reasons.map((r) => r.filter)).toEqual(expect.arrayContaining(['spam.link', 'spam.first_link']));
    expect(e.check(chat('watch https://twitch.tv/friend', { first: true }), 0).action).toBe('allow');
  });

  it('runs the windowed detectors in virtual time: flood, then a raid held from its 2nd copy', () => {
    const e = createFilterEngine(config({ flood: { maxMessages: 3, windowMs: 10_000 } }), lexiconOnly);
    const flood = ['one', 'two', 'three', 'four'].map((t, i) => e.check(chat(t, { user: 'f' }), i * 1000).action);
    expect(flood).toEqual(['allow', 'allow', 'allow', 'hold']);
    const raid = ['a', 'b', 'c'].map((u, i) => e.check(chat(`${PASTA}${'!'.repeat(i)}`, { user: u }), 20_000 + i * 2000));
    expect(raid.map((v) => v.action)).toEqual(['allow', 'hold', 'hold']);
    expect(raid[2]!.reasons[0]).toMatchObject({ filter: 'spam.raid', detail: 'same text from 3 users in 10 s' });
    expect(e.memory()).toEqual({ users: 4, windowEntries: expect.any(Number) });
    expect(e.memory().windowEntries).toBeGreaterThan(0);
  });

  it('never holds exempt roles but keeps the reasons', () => {
    const e = createFilterEngine(config(), lexiconOnly);
    const v = e.check(chat('加微信 13812345678', { roles: ['moderator'] }), 0);
    expect(v.action).toBe('allow');
    expect(v.reasons.map((r) => r.filter)).toEqual(expect.arrayContaining(['spam.promo', 'privacy.phone']));
  });

  it('edits blocked and allowed terms live', () => {
    const e = createFilterEngine(config(), lexiconOnly);
    expect(e.check(chat('what a frobnicator', { user: 'a' }), 0).action).toBe('allow');
    e.setTerm('blocked', 'frobnicator', true);
    expect(e.check(chat('what a frobnicator', { user: 'b' }), 20_000).action).not.toBe('allow');
    e.setTerm('blocked', 'frobnicator', false);
    expect(e.check(chat('what a frobnicator', { user: 'c' }), 40_000).action).toBe('allow');
  });
});
