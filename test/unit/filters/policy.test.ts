import { describe, expect, it } from 'vitest';
import type { Finding, Role } from '../../../config/chat.js';
import { actionFor, decide } from '../../../filters/policy.js';
import { chat, config } from './spam-helpers.js';

const policy = config().policy;
const f = (filter: string, severity: Finding['severity']): Finding => ({ filter, severity, detail: filter });
const act = (findings: Finding[], roles: Role[] = []) => decide(findings, chat('x', { roles }), policy).action;

describe('default policy', () => {
  it.each([
    [[f('abuse.en', 'high')], 'block'],
    [[f('abuse.zh', 'medium')], 'hold'],
    [[f('abuse.model', 'low')], 'hold'],
    [[f('privacy.phone', 'medium')], 'hold'],
    [[f('privacy.id', 'high')], 'hold'],
    [[f('spam.first_link', 'medium')], 'hold'],
    [[f('spam.link', 'medium')], 'hold'],
    [[f('spam.link', 'low')], 'allow'], // one plain link from a regular: listed, allowed
    [[f('spam.link', 'low'), f('spam.promo', 'low'), f('spam.caps', 'low')], 'hold'], // signals add up
    [[f('spam.raid', 'medium')], 'hold'],
    [[f('spam.raid', 'high')], 'block'],
    [[f('spam.caps', 'low')], 'allow'],
    [[f('spam.caps', 'medium')], 'allow'],
    [[f('spam.caps', 'high')], 'hold'], // the default rule; the caps detector itself stops at medium
    [[f('spam.caps', 'medium'), f('spam.repeat', 'low')], 'hold'], // adds up to the hold score
    [[f('spam.caps', 'low'), f('spam.emotes', 'low')], 'allow'],
    [[], 'allow'],
  ])('%j → %s', (findings, action) => {
    expect(act(findings)).toBe(action);
  });

  it('keeps every reason, the deciding one first, and scores', () => {
    const v = decide([f('spam.caps', 'low'), f('abuse.en', 'high')], chat('x'), policy);
    expect(v).toEqual({ action: 'block', reasons: [f('abuse.en', 'high'), f('spam.caps', 'low')], score: 1 });
    expect(decide([f('spam.caps', 'low')], chat('x'), policy).score).toBe(0.25);
  });

  it.each([
    [['broadcaster'], 'allow'],
    [['moderator'], 'allow'],
    [['vip'], 'allow'],
    [['subscriber'], 'block'],
    [[], 'block'],
  ] as [Role[], string][])('roles %j → %s', (roles, action) => {
    const v = decide([f('abuse.en', 'high')], chat('x', { roles }), policy);
    expect(v.action).toBe(action);
    expect(v.reasons).toHaveLength(1); // exempt authors keep their reasons
  });

  it('exempts subscribers when configured', () => {
    const p = config({ policy: { exemptRoles: ['subscriber'] } }).policy;
    expect(decide([f('spam.link', 'medium')], chat('x', { roles: ['subscriber'] }), p).action).toBe('allow');
    expect(decide([f('spam.link', 'medium')], chat('x', { roles: ['moderator'] }), p).action).toBe('hold');
  });

  it('lets a filter rule override its category, and one action cover every severity', () => {
    const p = config({ policy: { rules: { spam: 'allow', 'spam.caps': { low: 'hold' }, privacy: 'block' }, holdScore: 0 } }).policy;
    expect(actionFor(f('spam.caps', 'low'), p)).toBe('hold');
    expect(actionFor(f('spam.caps', 'high'), p)).toBe('allow'); // falls back to the category
    expect(actionFor(f('spam.emotes', 'high'), p)).toBe('allow');
    expect(actionFor(f('spam.raid', 'high'), p)).toBe('block'); // defaults stay for keys not configured
    expect(actionFor(f('privacy.email', 'medium'), p)).toBe('block');
    expect(actionFor(f('abuse.en', 'high'), p)).toBe('block');
  });

  it('falls back to "low passes, the rest is held" when no rule names a finding', () => {
    const p = { ...policy, rules: {} };
    expect(actionFor(f('abuse.en', 'low'), p)).toBe('allow');
    expect(actionFor(f('abuse.en', 'medium'), p)).toBe('hold');
    expect(actionFor(f('spam.raid', 'high'), p)).toBe('hold');
  });
});
