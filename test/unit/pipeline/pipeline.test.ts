import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../config/chat.js';
import type { FilterEngine } from '../../../filters/types.js';
import { newCounters, pipeline } from '../../../server/pipeline/pipeline.js';

const rx = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
/** A fake engine with an obvious rule, so these tests are about the pipeline, not the detectors. */
const engine = (): FilterEngine => {
  const detect: FilterEngine['detect'] = (m) => (/HOLD|BLOCK/.test(m.text) ? [{ filter: 'abuse.en', severity: m.text.includes('BLOCK') ? 'high' : 'medium', detail: 'test' }] : []);
  const decide: FilterEngine['decide'] = (f) => ({ action: f.length === 0 ? 'allow' : f[0]?.severity === 'high' ? 'block' : 'hold', reasons: [...f], score: f.length });
  return { detect, decide, check: (m, now) => decide(detect(m, now), m), setTerm: () => {}, memory: () => ({ users: 0, windowEntries: 0 }) };
};
const msg = (text: string, id = text): ChatMessage => ({ id, platform: 'test', channel: 'c', user: { id: 'u', name: 'u', displayName: 'U', roles: [] }, text, emotes: [], receivedAt: 0 });

describe('the pipeline', () => {
  it('gives exactly one verdict per message and keeps in = allowed + held + blocked', () => {
    const counters = newCounters();
    rx().run(({ cold, expectObservable }) => {
      const input = cold('a-b-c-d|', { a: msg('hello'), b: msg('HOLD me'), c: msg('how much is shipping?'), d: msg('BLOCK me') });
      const actions = input.pipe(pipeline(engine(), counters, rx()), map((a) => a.verdict.action));
      expectObservable(actions).toBe('a-h-a-b|', { a: 'allow', h: 'hold', b: 'block' });
    });
    // Checked after run(): the virtual timeline has been flushed.
    expect(counters).toMatchObject({ in: 4, allowed: 2, held: 1, blocked: 1 });
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
