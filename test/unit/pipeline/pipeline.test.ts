import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../config/chat.js';
import type { FilterEngine } from '../../../filters/types.js';
import { FiltersConfigSchema, SensitivitySchema } from '../../../config/filters-config.js';
import { createFilterEngine } from '../../../filters/engine.js';
import { chatClock, newCounters, pipeline } from '../../../server/pipeline/pipeline.js';

const rx = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
/** A fake engine with an obvious rule, so these tests are about the pipeline, not the detectors. */
const engine = (): FilterEngine => {
  const detect: FilterEngine['detect'] = (m) => (/HOLD|BLOCK/.test(m.text) ? [{ filter: 'abuse.en', severity: m.text.includes('BLOCK') ? 'high' : 'medium', detail: 'test' }] : []);
  const decide: FilterEngine['decide'] = (f) => ({ action: f.length === 0 ? 'allow' : f[0]?.severity === 'high' ? 'block' : 'hold', reasons: [...f], score: f.length });
  return { detect, decide, check: (m, now) => decide(detect(m, now), m), setTerm: () => {}, sensitivity: () => SensitivitySchema.parse({}), setSensitivity: () => {}, memory: () => ({ users: 0, windowEntries: 0 }) };
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

describe('the filters\' clock during a fast replay', () => {
  const texts = ['love this color', 'so pretty', 'nice', 'want one', 'looks comfy', 'great deal', 'hi from texas', 'the blue one', 'is it cotton', 'ok', 'lol', 'wow'];
  /** One viewer, one line every `gapMs` of scheduler time, through the real filters; the actions seen. */
  const run = (gapMs: number, speed: number): string[] => {
    const actions: string[] = [];
    const sched = rx();
    sched.run(({ cold, flush }) => {
      const marble = texts.map((_, i) => `${i === 0 ? '' : ` ${gapMs - 1}ms `}${String.fromCharCode(97 + i)}`).join('');
      const values = Object.fromEntries(texts.map((t, i) => [String.fromCharCode(97 + i), msg(t, `m${i}`)]));
      const engine = createFilterEngine(FiltersConfigSchema.parse({}));
      cold(marble, values)
        .pipe(pipeline(engine, newCounters(), sched, chatClock(sched, speed)))
        .subscribe((a) => actions.push(a.verdict.action));
      flush();
    });
    return actions;
  };

  it('judges a chatty viewer of a 10x replay as at 1x: a line every 3 s is not a flood', () => {
    expect(run(300, 10)).toEqual(texts.map(() => 'allow'));
    // the same arrivals on the wall clock's time would look like a flood
    expect(run(300, 1)).toContain('hold');
    // and a real flood in the original (a line every 0.3 s) is still one at 10x
    expect(run(30, 10)).toContain('hold');
  });
});
