import { describe, expect, it } from 'vitest';
import type { Annotated } from '../../../config/chat.js';
import { WatchList, type WatchDeps } from '../../../server/moderation/watch.js';

function setup(overrides: Partial<WatchDeps> = {}) {
  let now = 1_000_000;
  const settled: string[] = [];
  const state = new Map<string, unknown>();
  const list = new WatchList({
    now: () => now,
    mask: (t) => t.replace(/\d/g, '•'),
    publish: { set: (p, v) => state.set(p.join('.'), v), del: (p) => state.delete(p.join('.')) },
    settleMs: 60_000,
    keepMs: 600_000,
    max: 5,
    onSettled: (a) => settled.push(a.message.id),
    ...overrides,
  });
  return { list, settled, state, advance: (ms: number) => (now += ms) };
}

const flagged = (id: string, text = 'you are kind of dumb lol'): Annotated => ({
  message: { id, platform: 'twitch', channel: 'shop', user: { id: `u-${id}`, name: id, displayName: id, roles: [] }, text, emotes: [], receivedAt: 0 },
  verdict: { action: 'flag', reasons: [{ filter: 'abuse.model', severity: 'medium', detail: 'en model: p=0.85', score: 0.85, model: 'abuse-en' }], score: 0.5 },
  lang: 'en',
  isQuestion: false,
  sentiment: -0.4,
});

describe('the watch list of flagged comments', () => {
  it('lists a flagged comment at once, masked, with its reasons; it counts for questions and mood only once settled', () => {
    const { list, settled, state, advance } = setup();
    list.add(flagged('a', 'call 13812345678 you idiot'));
    expect(state.get('watch.a')).toMatchObject({ messageId: 'a', text: 'call ••••••••••• you idiot', reasons: [{ filter: 'abuse.model' }] });
    advance(59_000);
    list.tick();
    expect(settled).toEqual([]);
    advance(1_000);
    list.tick();
    expect(settled).toEqual(['a']);
    expect(state.has('watch.a')).toBe(true); // still listed for the moderators
  });

  it('a comment removed before it settles never counts; a dismissed one counts at once and leaves the list', () => {
    const { list, settled, state, advance } = setup();
    list.add(flagged('a'));
    list.add(flagged('b'));
    expect(list.remove('a')?.message.id).toBe('a');
    expect(list.dismiss('b')).toBe(true);
    expect(settled).toEqual(['b']);
    expect(state.size).toBe(0);
    advance(120_000);
    list.tick();
    expect(settled).toEqual(['b']);
    expect(list.remove('nope')).toBeUndefined();
  });

  it('is bounded: past `max` the oldest leave (settled), and entries leave after keepMs', () => {
    const { list, settled, state, advance } = setup();
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) list.add(flagged(id));
    expect(list.size).toBe(5);
    expect(settled).toEqual(['a', 'b']);
    expect([...state.keys()]).toEqual(['watch.c', 'watch.d', 'watch.e', 'watch.f', 'watch.g']);
    advance(600_000);
    list.tick();
    expect(list.size).toBe(0);
    expect(settled).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });
});
