import { describe, expect, it } from 'vitest';
import type { Finding, Role } from '../../../config/chat.js';
import type { Level, Sensitivity } from '../../../config/filters-config.js';
import { actionFor, decide, type PolicyContext } from '../../../filters/policy.js';
import { DEFAULT_SENSITIVITY, type LevelThresholds } from '../../../filters/sensitivity.js';
import { chat, config } from './spam-helpers.js';

const policy = config().policy;
const f = (filter: string, severity: Finding['severity'], extra: Partial<Finding> = {}): Finding => ({ filter, severity, detail: filter, ...extra });
const act = (findings: Finding[], roles: Role[] = []) => decide(findings, chat('x', { roles }), policy).action;
const MODEL: LevelThresholds = { low: { flag: 0.9, hold: 0.98 }, medium: { flag: 0.7, hold: 0.95 }, high: { flag: 0.5, hold: 0.8 } };
const at = (level: Level, category?: keyof Sensitivity): PolicyContext => ({
  levels: category ? { ...DEFAULT_SENSITIVITY, [category]: level } : { abuse: level, spam: level, links: level, privacy: level, raids: level },
  thresholds: (m) => (m === 'abuse-en' ? MODEL : undefined),
});

describe('default policy (every category at medium)', () => {
  it.each([
    [[f('abuse.en', 'high')], 'hold'], // slurs and threats
    [[f('abuse.zh', 'medium')], 'flag'], // profanity and insults: most are not aimed at anyone
    [[f('privacy.phone', 'medium')], 'hold'],
    [[f('privacy.id', 'high')], 'hold'],
    [[f('spam.first_link', 'medium')], 'hold'], // a first-time chatter's link
    [[f('spam.link', 'high')], 'hold'], // a disguised link
    [[f('spam.link', 'medium')], 'flag'], // an ordinary link: shown, listed
    [[f('spam.link', 'low'), f('spam.caps', 'low'), f('spam.emotes', 'low')], 'flag'], // mild signals add up to a flag
    [[f('spam.promo', 'low')], 'hold'], // "subscribe to me"
    [[f('spam.raid', 'medium', { score: 2 })], 'hold'], // the 2nd copy of a long paste
    [[f('spam.raid', 'low', { score: 2 })], 'flag'], // two viewers typing the same short line
    [[f('spam.raid', 'high', { score: 12 })], 'block'],
    [[f('spam.caps', 'low')], 'allow'],
    [[f('spam.caps', 'medium')], 'allow'], // shouting is loud, not harmful
    [[f('spam.promo', 'medium')], 'hold'],
    [[f('spam.caps', 'low'), f('spam.emotes', 'low')], 'allow'],
    [[], 'allow'],
  ])('%j → %s', (findings, action) => {
    expect(act(findings)).toBe(action);
  });

  it('keeps every reason, the deciding one first, and scores', () => {
    const v = decide([f('spam.caps', 'low'), f('abuse.en', 'high')], chat('x'), policy);
    expect(v).toEqual({ action: 'hold', reasons: [f('abuse.en', 'high'), f('spam.caps', 'low')], score: 1 });
    expect(decide([f('spam.caps', 'low')], chat('x'), policy).score).toBe(0.25);
  });

  it.each([
    [['broadcaster'], 'allow'],
    [['moderator'], 'allow'],
    [['vip'], 'allow'],
    [['subscriber'], 'hold'],
    [[], 'hold'],
  ] as [Role[], string][])('roles %j → %s', (roles, action) => {
    const v = decide([f('abuse.en', 'high')], chat('x', { roles }), policy);
    expect(v.action).toBe(action);
    expect(v.reasons).toHaveLength(1); // exempt authors keep their reasons
  });

  it('exempts subscribers when configured', () => {
    const p = config({ policy: { exemptRoles: ['subscriber'] } }).policy;
    expect(decide([f('spam.first_link', 'medium')], chat('x', { roles: ['subscriber'] }), p).action).toBe('allow');
    expect(decide([f('spam.first_link', 'medium')], chat('x', { roles: ['moderator'] }), p).action).toBe('hold');
  });

  it('lets a configured rule win over the level, a filter rule over its category', () => {
    const p = config({ policy: { rules: { spam: 'allow', 'spam.caps': { low: 'hold' }, privacy: 'block' }, holdScore: 0 } }).policy;
    expect(actionFor(f('spam.caps', 'low'), p)).toBe('hold');
    expect(actionFor(f('spam.caps', 'high'), p)).toBe('allow'); // falls back to the category rule
    expect(actionFor(f('spam.emotes', 'high'), p)).toBe('allow');
    expect(actionFor(f('spam.raid', 'high', { score: 12 }), p)).toBe('allow'); // 'spam' names raids too
    expect(actionFor(f('privacy.email', 'medium'), p)).toBe('block');
    expect(actionFor(f('abuse.en', 'high'), p)).toBe('hold'); // no rule: the level's action
  });
});

describe('sensitivity levels', () => {
  it.each([
    // finding, off, low, medium, high
    [f('abuse.en', 'high'), ['allow', 'hold', 'hold', 'block']],
    [f('abuse.en', 'medium'), ['allow', 'allow', 'flag', 'hold']],
    [f('spam.promo', 'medium'), ['allow', 'hold', 'hold', 'hold']],
    [f('spam.promo', 'low'), ['allow', 'flag', 'hold', 'hold']],
    [f('spam.first_link', 'medium'), ['allow', 'flag', 'hold', 'hold']],
    [f('spam.link', 'medium'), ['allow', 'allow', 'flag', 'hold']],
    [f('privacy.phone', 'medium'), ['allow', 'flag', 'hold', 'hold']],
    [f('spam.raid', 'low', { score: 2 }), ['allow', 'allow', 'flag', 'hold']],
    [f('spam.raid', 'medium', { score: 2 }), ['allow', 'flag', 'hold', 'hold']],
    [f('spam.raid', 'high', { score: 12 }), ['allow', 'hold', 'block', 'block']],
    [f('spam.raid', 'high', { score: 9 }), ['allow', 'hold', 'hold', 'block']],
  ] as [Finding, string[]][])('%j → off/low/medium/high %j', (finding, actions) => {
    expect((['off', 'low', 'medium', 'high'] as Level[]).map((l) => actionFor(finding, policy, at(l)))).toEqual(actions);
  });

  it("reads a model finding against the model's own thresholds for the level", () => {
    const model = (p: number) => f('abuse.model', 'medium', { score: p, model: 'abuse-en' });
    expect(['off', 'low', 'medium', 'high'].map((l) => actionFor(model(0.85), policy, at(l as Level)))).toEqual(['allow', 'allow', 'flag', 'hold']);
    expect(actionFor(model(0.96), policy, at('medium'))).toBe('hold');
    expect(actionFor(model(0.6), policy, at('medium'))).toBe('allow');
    // a model without thresholds falls back to the severity table
    expect(actionFor(f('abuse.model', 'medium', { score: 0.6, model: 'unknown' }), policy, at('medium'))).toBe('flag');
  });

  it('holds when independent signals agree: a word-list hit and a sure model; two promotion signals', () => {
    const words = f('abuse.en', 'medium');
    const model = (p: number) => f('abuse.model', 'medium', { score: p, model: 'abuse-en' });
    expect(decide([words, model(0.92)], chat('x'), policy, at('medium')).action).toBe('hold'); // the model would flag even at low
    expect(decide([words, model(0.75)], chat('x'), policy, at('medium')).action).toBe('flag'); // a doubtful model adds nothing
    expect(decide([words], chat('x'), policy, at('medium')).action).toBe('flag');
    expect(decide([f('spam.link', 'high'), f('spam.promo', 'low')], chat('x'), policy, at('low')).action).toBe('hold');
    expect(decide([f('spam.link', 'high')], chat('x'), policy, at('low')).action).toBe('flag');
  });

  it('sets each category apart: abuse off leaves privacy on, and an off category adds nothing up', () => {
    const ctx = at('off', 'abuse');
    expect(decide([f('abuse.en', 'high')], chat('x'), policy, ctx).action).toBe('allow');
    expect(decide([f('privacy.email', 'medium')], chat('x'), policy, ctx).action).toBe('hold');
    expect(decide([f('abuse.en', 'medium'), f('spam.caps', 'low')], chat('x'), policy, ctx).action).toBe('allow');
  });
});
