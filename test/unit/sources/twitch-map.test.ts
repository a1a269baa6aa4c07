import { describe, expect, it } from 'vitest';
import { ChatMessageSchema } from '../../../config/chat.js';
import { mapEmotes, mapMessage, mapRoles, type TmiTags } from '../../../server/sources/twitch.js';

describe('mapEmotes', () => {
  it.each([
    ['none', null, 'hi', []],
    ['ascii', { '25': ['0-4'] }, 'Kappa hi', [{ id: '25', name: 'Kappa', start: 0, end: 4 }]],
    ['after an emoji (code points, not UTF-16 units)', { '25': ['2-6'] }, '😀 Kappa', [{ id: '25', name: 'Kappa', start: 2, end: 6 }]],
    ['after Chinese and emoji', { '41': ['6-13'] }, '主播好美🔥 Kreygasm', [{ id: '41', name: 'Kreygasm', start: 6, end: 13 }]],
    ['sorted across ids', { '25': ['6-10'], '9': ['0-1'] }, '<3 aa Kappa', [{ id: '9', name: '<3', start: 0, end: 1 }, { id: '25', name: 'Kappa', start: 6, end: 10 }]],
    ['out of range dropped', { '25': ['3-9'] }, 'hi Kap', []],
    ['reversed or malformed dropped', { '25': ['4-0', 'x-1', ''] }, 'Kappa', []],
  ] as [string, Record<string, string[]> | null, string, unknown[]][])('%s', (_name, emotes, text, expected) => {
    expect(mapEmotes(emotes, text)).toEqual(expected);
  });
});

describe('mapRoles', () => {
  it.each([
    ['nobody', {}, []],
    ['broadcaster badge', { badges: { broadcaster: '1' } }, ['broadcaster']],
    ['mod tag without badge', { mod: true }, ['moderator']],
    ['moderator badge', { badges: { moderator: '1' } }, ['moderator']],
    ['vip badge', { badges: { vip: '1' } }, ['vip']],
    ['vip tag', { vip: true }, ['vip']],
    ['founder counts as subscriber', { badges: { founder: '0' } }, ['subscriber']],
    ['all of them, once each', { mod: true, subscriber: true, badges: { broadcaster: '1', moderator: '1', subscriber: '24', vip: '1' } }, ['broadcaster', 'moderator', 'vip', 'subscriber']],
    ['null badges', { badges: null, subscriber: false }, []],
  ] as [string, TmiTags, string[]][])('%s', (_name, tags, roles) => {
    expect(mapRoles(tags)).toEqual(roles);
  });
});

describe('mapMessage', () => {
  it('produces a valid ChatMessage, falling back to the login for names and ids', () => {
    const m = ChatMessageSchema.parse(mapMessage('#Luna', { username: 'anon', 'display-name': '', 'first-msg': false }, '包邮吗', 42));
    expect(m).toMatchObject({ platform: 'twitch', channel: 'luna', user: { id: 'login:anon', name: 'anon', displayName: 'anon', roles: [] }, receivedAt: 42 });
    expect(m.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.user.firstMessage).toBeUndefined();
  });
});
