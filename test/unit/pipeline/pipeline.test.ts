import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../config/chat.js';
import { parseConfig } from '../../../server/config-load.js';
import { createFilterEngine } from '../../../filters/engine.js';
import { newCounters, pipeline } from '../../../server/pipeline/pipeline.js';

const rx = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const engine = () => createFilterEngine(parseConfig({}, 'test').filters);
const msg = (text: string, id = text): ChatMessage => ({ id, platform: 'test', channel: 'c', user: { id: 'u', name: 'u', displayName: 'U', roles: [] }, text, emotes: [], receivedAt: 0 });

describe('the pipeline', () => {
  it('gives exactly one verdict per message and keeps in = allowed + held + blocked', () => {
    rx().run(({ cold, expectObservable }) => {
      const counters = newCounters();
      const input = cold('a-b-c-d|', { a: msg('hello'), b: msg('fuck off'), c: msg('how much is shipping?'), d: msg('shit') });
      const actions = input.pipe(pipeline(engine(), counters, rx()), map((a) => a.verdict.action));
      expectObservable(actions).toBe('a-h-a-h|', { a: 'allow', h: 'hold' });
    });
  });

  it('counts every message even on an empty or never-ending source', () => {
    const counters = newCounters();
    rx().run(({ cold, expectObservable }) => {
      expectObservable(cold<ChatMessage>('|').pipe(pipeline(engine(), counters, rx()))).toBe('|');
      expectObservable(cold<ChatMessage>('-').pipe(pipeline(engine(), counters, rx()))).toBe('-');
    });
    expect(counters).toMatchObject({ in: 0, allowed: 0, held: 0, blocked: 0 });
  });

  it('passes an upstream error through and stops', () => {
    rx().run(({ cold, expectObservable }) => {
      const counters = newCounters();
      expectObservable(cold('a-#', { a: msg('hi') }).pipe(pipeline(engine(), counters, rx()), map((a) => a.verdict.action))).toBe('a-#', { a: 'allow' });
    });
  });

  it('annotates language and questions for the insights stages', () => {
    rx().run(({ cold, expectObservable }) => {
      const out = cold('a-b|', { a: msg('运费多少？'), b: msg('nice dress') }).pipe(
        pipeline(engine(), newCounters(), rx()),
        map((a) => `${a.lang}:${a.isQuestion}`),
      );
      expectObservable(out).toBe('a-b|', { a: 'zh:true', b: 'en:false' });
    });
  });

  it('unsubscribes from the source when the consumer does', () => {
    rx().run(({ hot, expectObservable, expectSubscriptions }) => {
      const src = hot('--a--b--c--', { a: msg('a'), b: msg('b'), c: msg('c') });
      expectObservable(src.pipe(pipeline(engine(), newCounters(), rx()), map(() => 'x')), '^----!').toBe('--x--');
      expectSubscriptions(src.subscriptions).toBe('^----!');
    });
  });
});
