import { describe, expect, it } from 'vitest';
import { msg } from '../../support/engage.js';
import { createDrawState, createPollState, matchesKeyword, parseVote, quizWinners, stepDraw, stepPoll } from '../../../server/engage/tally.js';

const open = { excludeFirstTime: false, subscribersOnly: false };
const options = [{ label: 'Red', keywords: ['红'] }, { label: 'Blue', keywords: ['蓝', 'blau'] }, { label: 'Green', keywords: [] }];

describe('draw entries', () => {
  it('matches the keyword itself, not a message that merely contains it', () => {
    expect(matchesKeyword('想要', '想要')).toBe(true);
    expect(matchesKeyword(' 想要！！', '想要')).toBe(true);
    expect(matchesKeyword('!JOIN', '!join')).toBe(true);
    expect(matchesKeyword('我也想要这个', '想要')).toBe(false);
    expect(matchesKeyword('想要 想要 想要 快来抽我 www.example.com 免费领取', '想要')).toBe(false);
  });

  it('counts one entry per viewer, never the host or moderators, first-timers and non-subscribers only when asked', () => {
    const s = createDrawState('想要', { excludeFirstTime: true, subscribersOnly: false }, 100);
    expect(stepDraw(s, msg('a', '想要'), 1)).toBe(true);
    expect(stepDraw(s, msg('a', '想要!'), 2)).toBe(false);
    expect(stepDraw(s, msg('a', '想要', 'allow', { platform: 'tiktok' }), 2)).toBe(true); // another platform, another viewer
    expect(stepDraw(s, msg('host', '想要', 'allow', { roles: ['broadcaster'] }), 3)).toBe(false);
    expect(stepDraw(s, msg('mod', '想要', 'allow', { roles: ['moderator'] }), 3)).toBe(false);
    expect(stepDraw(s, msg('new', '想要', 'allow', { firstMessage: true }), 3)).toBe(false);
    expect([...s.entries.keys()]).toEqual(['twitch:a', 'tiktok:a']);
    expect(s.excluded).toEqual({ duplicate: 1, staff: 2, 'first-time': 1 });
    const subs = createDrawState('想要', { excludeFirstTime: false, subscribersOnly: true }, 100);
    expect(stepDraw(subs, msg('x', '想要'), 1)).toBe(false);
    expect(stepDraw(subs, msg('y', '想要', 'allow', { roles: ['subscriber'] }), 1)).toBe(true);
  });

  it('never counts a held, flagged or blocked entry, and a later flag takes an earlier entry back for good', () => {
    const s = createDrawState('想要', open, 100);
    for (const action of ['hold', 'flag', 'block'] as const) expect(stepDraw(s, msg(`bad-${action}`, '想要', action), 1)).toBe(false);
    expect(stepDraw(s, msg('bad-flag', '想要'), 2)).toBe(false); // tainted in this window
    expect(stepDraw(s, msg('b', '想要'), 3)).toBe(true);
    expect(stepDraw(s, msg('b', 'some rude thing', 'flag'), 4)).toBe(true);
    expect(s.entries.size).toBe(0);
    expect(stepDraw(s, msg('b', '想要'), 5)).toBe(false);
    expect(s.excluded['held-or-flagged']).toBe(3);
  });

  it('has a cap: past it new viewers are refused and counted', () => {
    const s = createDrawState('go', open, 3);
    for (let i = 0; i < 5; i++) stepDraw(s, msg(`u${i}`, 'go'), i);
    expect(s.entries.size).toBe(3);
    expect(s.excluded['capacity']).toBe(2);
    for (let i = 0; i < 4; i++) stepDraw(s, msg(`t${i}`, 'spam', 'hold'), i);
    expect(s.saturated).toBe(true);
  });
});

describe('poll votes', () => {
  it('reads numbers (also full-width and 选2) and keywords, nothing else', () => {
    expect(parseVote('2', options)).toBe(1);
    expect(parseVote('２', options)).toBe(1);
    expect(parseVote('#3', options)).toBe(2);
    expect(parseVote('选1', options)).toBe(0);
    expect(parseVote('蓝', options)).toBe(1);
    expect(parseVote('green!', options)).toBe(2);
    expect(parseVote('4', options)).toBeNull();
    expect(parseVote('I like 2 of them', options)).toBeNull();
  });

  it('counts one vote per viewer: the first or the last', () => {
    const first = createPollState(options, 'first', open, 100);
    stepPoll(first, msg('a', '1'));
    expect(stepPoll(first, msg('a', '2'))).toBe(false);
    expect(first.counts).toEqual([1, 0, 0]);
    const last = createPollState(options, 'last', open, 100);
    stepPoll(last, msg('a', '1'));
    expect(stepPoll(last, msg('a', '2'))).toBe(true);
    expect(last.counts).toEqual([0, 1, 0]);
  });

  it('takes back the vote of a viewer flagged later in the window', () => {
    const s = createPollState(options, 'first', open, 100);
    stepPoll(s, msg('a', '1'));
    stepPoll(s, msg('b', '1'));
    expect(stepPoll(s, msg('a', 'buy followers at spam.example', 'hold'))).toBe(true);
    expect(s.counts).toEqual([1, 0, 0]);
    expect(stepPoll(s, msg('a', '2'))).toBe(false);
  });

  it('quiz: the first N correct answers win, in the order their counting vote came', () => {
    const s = createPollState(options, 'last', open, 100);
    stepPoll(s, msg('a', '1'));
    stepPoll(s, msg('b', '2'));
    stepPoll(s, msg('c', '2'));
    stepPoll(s, msg('a', '2')); // changed later: counts from now
    stepPoll(s, msg('d', '2'));
    expect(quizWinners(s, 1, 3).map((w) => w.key)).toEqual(['twitch:b', 'twitch:c', 'twitch:a']);
  });
});
