/**
 * The pages' hub client against a scripted fake WebSocket (Node, fake timers): snapshot then
 * in-order patches; a version gap asks for a resync and ignores patches until the next snapshot;
 * clock offset from serverNow; acks and errors settle commands; reconnect after a close uses the
 * capped, jittered backoff and resets its attempt count on the next snapshot.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HubClient, CommandError } from '../../overlay/hub-client.js';

class FakeSocket {
  static OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.();
  }
  open(): void {
    this.readyState = 1;
  }
  frame(f: unknown): void {
    this.onmessage?.({ data: JSON.stringify(f) });
  }
}

const g = globalThis as unknown as { WebSocket: unknown };
let saved: unknown;
beforeEach(() => {
  saved = g.WebSocket;
  g.WebSocket = FakeSocket;
  FakeSocket.all = [];
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
  g.WebSocket = saved;
});

describe('HubClient', () => {
  it('applies in-order patches, resyncs on a gap, ignores stale patches until the next snapshot', () => {
    const seen: { state: unknown; changed: string[] | null }[] = [];
    const c = new HubClient({ url: 'ws://x/ws/overlay', onState: (s, ch) => seen.push({ state: structuredClone(s), changed: ch ? [...ch] : null }) });
    const ws = FakeSocket.all[0] as FakeSocket;
    ws.open();
    ws.frame({ type: 'patch', version: 1, serverNow: 0, ops: [] }); // before any snapshot: ignored
    ws.frame({ type: 'snapshot', version: 1, serverNow: 1_005_000, state: { overlay: { hidden: false } } });
    expect(c.offset).toBe(5000);
    expect(c.now()).toBe(1_005_000);
    ws.frame({ type: 'patch', version: 2, serverNow: 1_005_010, ops: [{ op: 'set', path: ['overlay', 'hidden'], value: true }] });
    expect(c.state).toEqual({ overlay: { hidden: true } });
    ws.frame({ type: 'patch', version: 2, serverNow: 1_005_010, ops: [{ op: 'set', path: ['overlay', 'hidden'], value: false }] }); // duplicate
    expect(c.state).toEqual({ overlay: { hidden: true } });
    ws.frame({ type: 'patch', version: 4, serverNow: 1_005_020, ops: [{ op: 'set', path: ['overlay', 'x'], value: 1 }] }); // gap
    expect(ws.sent).toEqual([{ type: 'resync' }]);
    ws.frame({ type: 'patch', version: 5, serverNow: 1_005_020, ops: [{ op: 'set', path: ['overlay', 'y'], value: 1 }] });
    expect(c.state).toEqual({ overlay: { hidden: true } });
    ws.frame({ type: 'snapshot', version: 9, serverNow: 1_005_030, state: { overlay: { hidden: false, x: 1, y: 1 } } });
    ws.frame({ type: 'patch', version: 10, serverNow: 1_005_040, ops: [{ op: 'del', path: ['overlay', 'y'] }] });
    expect(c.state).toEqual({ overlay: { hidden: false, x: 1 } });
    expect(seen.map((s) => s.changed)).toEqual([null, ['overlay'], null, ['overlay']]);
    c.close();
  });

  it('settles commands with acks and errors, and fails them when the socket closes', async () => {
    const c = new HubClient({ url: 'ws://x/ws/control', onState: () => undefined });
    const ws = FakeSocket.all[0] as FakeSocket;
    await expect(c.send({ kind: 'pin.clear' })).rejects.toMatchObject({ code: 'SR_OFFLINE' });
    ws.open();
    const ok = c.send({ kind: 'pin.clear' });
    const bad = c.send({ kind: 'banner.end' });
    const lost = c.send({ kind: 'countdown.clear' });
    const [f1, f2] = ws.sent as { id: string }[];
    ws.frame({ type: 'ack', id: f1?.id, result: { decided: 1 } });
    ws.frame({ type: 'error', id: f2?.id, code: 'SR_FORBIDDEN', message: 'no' });
    await expect(ok).resolves.toEqual({ decided: 1 });
    await expect(bad).rejects.toBeInstanceOf(CommandError);
    await expect(bad).rejects.toMatchObject({ code: 'SR_FORBIDDEN' });
    ws.close();
    await expect(lost).rejects.toMatchObject({ code: 'SR_OFFLINE' });
    c.close();
  });

  it('reconnects with capped, jittered backoff and resets it on a snapshot', () => {
    const conn: boolean[] = [];
    const c = new HubClient({ url: 'ws://x/ws/overlay', onState: () => undefined, onConnection: (up) => conn.push(up), random: () => 1 });
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const ws = FakeSocket.all.at(-1) as FakeSocket;
      ws.close();
      const before = FakeSocket.all.length;
      let waited = 0;
      while (FakeSocket.all.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    const ws = FakeSocket.all.at(-1) as FakeSocket;
    ws.open();
    ws.frame({ type: 'snapshot', version: 1, serverNow: Date.now(), state: {} });
    expect(c.attempts).toBe(0);
    expect(conn).toEqual([true]);
    ws.close();
    expect(conn).toEqual([true, false]);
    c.close();
  });
});
