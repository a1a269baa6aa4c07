import { afterEach, describe, expect, it } from 'vitest';
import { applyOps, toNullProto, type PatchOp } from '../../../config/protocol.js';
import { applyPatch, nullProto } from '../../../overlay/hub-client.js';

/** Ids and names a viewer can choose that are also special property names in JavaScript. */
const HOSTILE = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];
const protoNames = Object.getOwnPropertyNames(Object.prototype).sort();

afterEach(() => {
  // a failing run must not leak into the next test
  for (const k of ['recent', 'decisions', 'polluted']) delete (Object.prototype as Record<string, unknown>)[k];
});

describe.each([
  ['applyOps (server hub)', applyOps, toNullProto],
  ['applyPatch (console and overlay client)', applyPatch, nullProto],
])('%s with viewer-chosen keys', (_name, apply, convert) => {
  it.each(HOSTILE)('keeps the viewer %j as a plain key and leaves Object.prototype alone', (uid) => {
    // a snapshot as JSON.parse gives it (own "__proto__" keys included), converted like the client does
    const state = convert(JSON.parse('{"userContext":{},"queue":{"__proto__":{"id":"q0"}}}') as Record<string, unknown>);
    const ops: PatchOp[] = [
      { op: 'set', path: ['userContext', uid, 'recent'], value: [{ at: 1, text: 'hi', action: 'hold' }] },
      { op: 'set', path: ['userContext', uid, 'decisions'], value: [] },
      { op: 'set', path: [uid, 'polluted'], value: true },
      { op: 'set', path: ['queue', uid], value: { id: uid } },
    ];
    apply(state, ops);
    expect(({} as Record<string, unknown>)['recent']).toBeUndefined();
    expect(({} as Record<string, unknown>)['decisions']).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
    const ctx = state['userContext'] as Record<string, { recent: unknown[]; decisions: unknown[] }>;
    expect(Object.keys(ctx)).toEqual([uid]);
    expect(Object.hasOwn(ctx, uid)).toBe(true);
    expect(ctx[uid]?.recent).toEqual([{ at: 1, text: 'hi', action: 'hold' }]);
    expect(ctx[uid]?.decisions).toEqual([]);
    expect((state[uid] as Record<string, unknown>)['polluted']).toBe(true);
    const queue = state['queue'] as Record<string, { id: string }>;
    expect(Object.keys(queue).sort()).toEqual([...new Set(['__proto__', uid])].sort());
    expect(queue[uid]?.id).toBe(uid);
    // round-trips through JSON like a snapshot does
    expect(JSON.parse(JSON.stringify(state))['userContext'][uid].recent).toHaveLength(1);

    apply(state, [{ op: 'del', path: ['userContext', uid] }]);
    expect(Object.keys(ctx)).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
  });

  it('finds nothing inherited: a missing viewer called toString reads as undefined', () => {
    const state = convert(JSON.parse('{"userContext":{"u1":{"recent":[]}}}') as Record<string, unknown>);
    const ctx = state['userContext'] as Record<string, unknown>;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- reading Object.prototype's toString through the map is the point: it must be absent
    expect(ctx['toString']).toBeUndefined();
    expect(ctx['__proto__']).toBeUndefined();
    apply(state, [{ op: 'del', path: ['userContext', 'constructor'] }]);
    expect(Object.keys(ctx)).toEqual(['u1']);
  });
});
