/**
 * The replay source in virtual time: original relative timing scaled by speed, loops with fresh ids,
 * receivedAt from the scheduler, invalid lines reported with their numbers, never a crash.
 */
import { fileURLToPath } from 'node:url';
import { map, mergeMap, take, toArray, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../config/chat.js';
import { renderStatus, STATUS_TEXT } from '../../../config/status-text.js';
import type { SourceStatus } from '../../../config/views.js';
import { parseTranscript, readTranscripts, replaySource } from '../../../server/sources/replay.js';

const rx = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const line = (id: string, at: number, text: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ id, platform: 'demo', channel: 'demo', user: { id: 'u1', name: 'lily', displayName: 'Lily' }, text, receivedAt: at, ...extra });

/** Offsets 0, 1000, 1500 ms from an arbitrary origin. */
const THREE = [line('a', 5000, 'a'), line('b', 6000, 'b'), line('c', 6500, 'c')].join('\n');
const files = (content: Record<string, string>) => (f: string): string => {
  const text = content[f];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${f}`), { code: 'ENOENT' });
  return text;
};
const texts = (o: Observable<ChatMessage>): Observable<string> => o.pipe(map((m) => m.text));

describe('parseTranscript', () => {
  it.each([
    ['not JSON', '{"id": ', /2 not JSON/],
    ['empty text', line('x', 1, ''), /2 text: /],
    ['negative time', line('x', -5, 'hi'), /2 receivedAt: /],
    ['bad role', line('x', 1, 'hi', { user: { id: 'u', name: 'n', displayName: 'N', roles: ['admin'] } }), /2 user\.roles\.0: /],
    ['bad emote range', line('x', 1, 'hi', { emotes: [{ id: '25', start: -1, end: 2 }] }), /2 emotes\.0\.start: /],
  ])('reports a bad line (%s) with its number and keeps the rest', (_name, bad, reason) => {
    const { lines, invalid } = parseTranscript([line('a', 0, 'a'), bad, line('b', 10, 'b'), ''].join('\n'), 'f.jsonl');
    expect(lines.map((l) => l.message.text)).toEqual(['a', 'b']);
    expect(invalid).toHaveLength(1);
    expect(`${invalid[0]!.line} ${invalid[0]!.reason}`).toMatch(reason);
    expect(invalid[0]!.file).toBe('f.jsonl');
  });

  it('makes times relative to the first line, fills id/platform/channel, keeps out-of-order lines in file order', () => {
    const text = [
      JSON.stringify({ user: { id: 'u', name: 'n', displayName: 'N' }, text: '运费多少', receivedAt: 1_700_000_000_000 }),
      JSON.stringify({ user: { id: 'u', name: 'n', displayName: 'N' }, text: 'late', receivedAt: 1_700_000_002_000 }),
      JSON.stringify({ user: { id: 'u', name: 'n', displayName: 'N' }, text: 'early', receivedAt: 1_700_000_001_000 }),
    ].join('\r\n');
    const { lines } = parseTranscript(text, 'rec.jsonl');
    expect(lines.map((l) => l.offsetMs)).toEqual([0, 2000, 2000]);
    expect(lines[0]!.message).toMatchObject({ id: 'rec.jsonl:1', platform: 'replay', channel: 'replay', emotes: [], user: { roles: [] } });
  });

  it('concatenates files, the next one second after the previous ends, and names unreadable files', () => {
    const t = readTranscripts(['one', 'missing', 'two'], files({ one: THREE, two: line('d', 99, 'd') }));
    expect(t.lines.map((l) => [l.message.text, l.offsetMs])).toEqual([['a', 0], ['b', 1000], ['c', 1500], ['d', 2500]]);
    expect(t.unreadable).toEqual([{ file: 'missing', reason: 'ENOENT' }]);
  });
});

describe('replaySource', () => {
  it('keeps the original relative timing at speed 1, stamps receivedAt from the scheduler, completes', () => {
    rx().run(({ expectObservable }) => {
      const src = replaySource({ files: ['t'], speed: 1, loop: false, read: files({ t: THREE }) });
      expectObservable(texts(src.messages$)).toBe('a 999ms b 499ms (c|)');
      expectObservable(src.messages$.pipe(map((m) => m.receivedAt))).toBe('a 999ms b 499ms (c|)', { a: 0, b: 1000, c: 1500 });
    });
  });

  it('scales timing by speed (10× faster)', () => {
    rx().run(({ expectObservable }) => {
      const src = replaySource({ files: ['t'], speed: 10, loop: false, read: files({ t: THREE }) });
      expectObservable(texts(src.messages$)).toBe('a 99ms b 49ms (c|)');
    });
  });

  it('rounds sub-millisecond gaps up and still emits everything in order at high speed', () => {
    rx().run(({ expectObservable }) => {
      const src = replaySource({ files: ['t'], speed: 4000, loop: false, read: files({ t: THREE }) });
      // 1000 ms / 4000 = 0.25 ms → frame 1; 1500 / 4000 = 0.375 ms → also due at frame 1
      expectObservable(texts(src.messages$)).toBe('a(bc|)');
    });
  });

  it('loops with fresh ids, a one-second pause between passes, and shifted receivedAt', () => {
    rx().run(({ expectObservable }) => {
      const src = replaySource({ files: ['t'], speed: 1, loop: true, read: files({ t: THREE }) });
      // pass length = 1500 + 1000 ms pause
      expectObservable(src.messages$.pipe(map((m) => `${m.id}@${m.receivedAt}`)), '^ 4500ms !').toBe('a 999ms b 499ms c 999ms d 999ms e 499ms f', {
        a: 'a~0.0@0',
        b: 'b~0.0@1000',
        c: 'c~0.0@1500',
        d: 'a~0.1@2500',
        e: 'b~0.1@3500',
        f: 'c~0.1@4000',
      });
    });
  });

  it('gives each run its own ids (a restart never repeats one)', () => {
    rx().run(({ cold, expectObservable }) => {
      const src = replaySource({ files: ['t'], speed: 1, loop: false, read: files({ t: line('a', 0, 'a') }) });
      const later = cold('7000ms (x|)').pipe(mergeMap(() => src.messages$));
      expectObservable(later.pipe(map((m) => m.id))).toBe('7000ms (a|)', { a: `a~${(7000).toString(36)}.0` });
    });
  });

  it('stop() completes the stream and reports stopped', () => {
    rx().run(({ cold, expectObservable }) => {
      const src = replaySource({ files: ['t'], speed: 1, loop: true, read: files({ t: THREE }) });
      cold('1200ms a').subscribe(() => src.stop());
      expectObservable(texts(src.messages$)).toBe('a 999ms b 199ms |');
      expectObservable(src.status$.pipe(map((s) => s.state))).toBe('c 1199ms s', { c: 'connected', s: 'stopped' });
    });
  });

  it('stops its timer when the last subscriber leaves, and a later subscriber starts a fresh run', () => {
    rx().run(({ cold, expectObservable }) => {
      const src = replaySource({ files: ['t'], speed: 1, loop: false, read: files({ t: THREE }) });
      const ids = src.messages$.pipe(map((m) => m.id));
      expectObservable(ids, '^ 1200ms !').toBe('a 999ms b', { a: 'a~0.0', b: 'b~0.0' });
      const later = cold('3000ms (x|)').pipe(mergeMap(() => ids));
      expectObservable(later).toBe('3000ms a 999ms b 499ms (c|)', { a: `a~${(3000).toString(36)}.0`, b: `b~${(3000).toString(36)}.0`, c: `c~${(3000).toString(36)}.0` });
      expectObservable(src.status$.pipe(map((s) => s.state)), '^ 2000ms !').toBe('c 1200ms s', { c: 'connected', s: 'stopped' });
    });
  });

  it('shares one playback between subscribers', () => {
    rx().run(({ expectObservable }) => {
      const src = replaySource({ files: ['t'], speed: 1, loop: false, read: files({ t: THREE }) });
      expectObservable(src.messages$.pipe(toArray(), map((xs) => xs.length))).toBe('1500ms (n|)', { n: 3 });
      expectObservable(texts(src.messages$)).toBe('a 999ms b 499ms (c|)');
    });
  });

  it('reports invalid lines with numbers in the status detail, and plays the valid ones', () => {
    rx().run(({ expectObservable }) => {
      const text = [line('a', 0, 'a'), 'garbage', line('b', 10, ''), line('c', 20, 'c')].join('\n');
      const src = replaySource({ files: ['dir/chat.jsonl'], speed: 1, loop: false, read: files({ 'dir/chat.jsonl': text }) });
      expectObservable(texts(src.messages$)).toBe('a 19ms (c|)');
      expectObservable(src.status$.pipe(take(1), map((s) => s.detail))).toBe('(d|)', {
        d: expect.stringMatching(/2 invalid lines skipped \(chat\.jsonl:2 not JSON.*; chat\.jsonl:3 text: /),
      });
    });
  });

  it('an unreadable or empty transcript is an error status, not a crash', () => {
    rx().run(({ expectObservable }) => {
      const src = replaySource({ files: ['nope.jsonl'], speed: 1, loop: true, read: files({}) });
      expectObservable(src.messages$).toBe('|');
      // the console says it in its own language (the status carries a message); the plain detail has both
      const said = (lang: 'en' | 'zh') => (s: SourceStatus) => `${s.state}: ${s.message ? renderStatus(STATUS_TEXT[lang], s.message) : s.detail}`;
      expectObservable(src.status$.pipe(map(said('en')))).toBe('a', { a: 'error: no valid lines in nope.jsonl; cannot read nope.jsonl: ENOENT' });
      expectObservable(src.status$.pipe(map(said('zh')))).toBe('a', { a: 'error: nope.jsonl 里没有有效的行；无法读取 nope.jsonl: ENOENT' });
      expectObservable(src.status$.pipe(map((s) => s.detail))).toBe('a', { a: 'no valid lines in nope.jsonl; cannot read nope.jsonl: ENOENT · nope.jsonl 里没有有效的行；无法读取 nope.jsonl: ENOENT' });
    });
  });

  it('plays the bundled demo end to end in virtual time', () => {
    const demo = fileURLToPath(new URL('../../../demo/demo-chat.jsonl', import.meta.url));
    const scheduler = rx();
    scheduler.run(({ flush }) => {
      const src = replaySource({ files: [demo], speed: 100, loop: false });
      const got: ChatMessage[] = [];
      let done = false;
      src.messages$.subscribe({ next: (m) => got.push(m), complete: () => (done = true) });
      flush();
      expect(done).toBe(true);
      expect(got.length).toBeGreaterThanOrEqual(2000);
      expect(new Set(got.map((m) => m.id)).size).toBe(got.length);
      // 40 minutes at 100× ≈ 24 s of virtual time
      expect(got.at(-1)!.receivedAt).toBeGreaterThan(20_000);
      expect(got.at(-1)!.receivedAt).toBeLessThan(30_000);
      for (let i = 1; i < got.length; i++) expect(got[i]!.receivedAt).toBeGreaterThanOrEqual(got[i - 1]!.receivedAt);
    });
  });
});

describe('the chat time of a replay', () => {
  it('runs at the replay speed only when the replay is the chat', async () => {
    const { parseConfig } = await import('../../../server/config-load.js');
    const { chatTimeSpeed } = await import('../../../server/sources/index.js');
    expect(chatTimeSpeed(parseConfig({ replay: { speed: 10 } }))).toBe(10);
    expect(chatTimeSpeed(parseConfig({ replay: { speed: 10 }, twitch: { channels: ['shop'] } }))).toBe(1); // live chat: the wall clock
    expect(chatTimeSpeed(parseConfig({ replay: { speed: 10, enabled: false } }))).toBe(1);
    expect(chatTimeSpeed(parseConfig({}))).toBe(1);
  });
});

describe('replay status in both languages', () => {
  it('says what it plays, the pass and what it sent in the console language', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ expectObservable }) => {
      const text = [line('a', 0, 'a'), line('b', 10, 'b')].join('\n');
      const src = replaySource({ files: ['dir/chat.jsonl'], speed: 10, loop: false, read: files({ 'dir/chat.jsonl': text }) });
      expectObservable(src.messages$.pipe(map((m) => m.text))).toBe('a 0ms (b|)');
      const both = (s: SourceStatus) => (s.message ? `${renderStatus(STATUS_TEXT.en, s.message)} | ${renderStatus(STATUS_TEXT.zh, s.message)}` : s.detail);
      expectObservable(src.status$.pipe(map(both))).toBe('a b', {
        a: 'chat.jsonl at 10× | chat.jsonl，10 倍速',
        b: 'finished: chat.jsonl at 10×, 2 sent | 播放完毕：chat.jsonl，10 倍速，已发送 2 条',
      });
    });
  });

  it("names the platforms of its transcript's lines, once read, for the console line's counts", () => {
    const text = [line('a', 0, 'a'), line('b', 10, 'b', { platform: 'twitch' }), line('c', 20, 'c')].join('\n');
    const src = replaySource({ files: ['chat.jsonl'], speed: 10, loop: false, read: files({ 'chat.jsonl': text }) });
    expect(src.platforms?.()).toEqual([]);
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ expectObservable }) => {
      expectObservable(src.messages$.pipe(map((m) => m.platform))).toBe('a 0ms b 0ms (c|)', { a: 'demo', b: 'twitch', c: 'demo' });
    });
    expect(src.platforms?.()).toEqual(['demo', 'twitch']);
  });
});
