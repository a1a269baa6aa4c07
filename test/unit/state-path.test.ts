import { describe, expect, it } from 'vitest';
import type { StatePath, ValueAt } from '../../config/state-path.js';
import type { ControlPath, Publisher } from '../../server/hub/publisher.js';
import type { QueueItem } from '../../config/views.js';
import { Hub } from '../../server/hub/hub.js';
import { initialControlState } from '../../server/hub/control-state.js';

interface Tree {
  overlay: { banner: { title: string } | null; lang: 'en' | 'zh' };
  queue: Record<string, { id: string }>;
  list: number[];
}

describe('typed state paths (the hub addresses ControlState, not free strings)', () => {
  it('lists records by any key, looks through null parents and keeps arrays whole', () => {
    const ok: StatePath<Tree>[] = [['overlay'], ['overlay', 'banner'], ['overlay', 'banner', 'title'], ['queue', 'any-id'], ['list']];
    // @ts-expect-error: no such slice
    const bad1: StatePath<Tree> = ['overlays'];
    // @ts-expect-error: arrays are set whole, not by index
    const bad2: StatePath<Tree> = ['list', '0'];
    const title: ValueAt<Tree, ['overlay', 'banner', 'title']> = 'sale';
    // @ts-expect-error: a queue entry is an object, not a number
    const wrong: ValueAt<Tree, ['queue', string]> = 3;
    expect(ok).toHaveLength(5);
    expect([bad1, bad2, title, wrong]).toHaveLength(4);
  });

  it('a publisher over the real hub type-checks paths and values, and the patches land in the state', async () => {
    const state = initialControlState({
      overlay: { banner: null, countdown: null, pinned: null, featured: null, sale: null } as never,
      stats: {} as never,
      sensitivity: {} as never,
      obs: {} as never,
      faq: [],
      presets: [],
      terms: { blocked: [], allowed: [] },
      audit: [],
    });
    const hub = new Hub(state as unknown as Record<string, unknown>, { heartbeatMs: 60_000, maxControlFrameBytes: 65_536, bufferHighBytes: 1 << 20, bufferLowBytes: 1 << 16 } as never);
    const publisher: Publisher = { set: (path, value) => hub.set(path, value), del: (path) => hub.del(path) };
    const item = { id: 'h1' } as unknown as QueueItem;
    publisher.set(['queue', 'h1'], item);
    publisher.set(['userContext', '__proto__', 'recent'], [{ at: 1, text: 'hi', action: 'allow' }]);
    // @ts-expect-error: the mood slice is an object, not a string
    publisher.set(['mood'], 'calm');
    // @ts-expect-error: no 'queues' slice
    publisher.del(['queues', 'h1']);
    const path: ControlPath = ['queue', 'h1'];
    publisher.del(path);
    const tree = hub.state as { queue: Record<string, unknown>; userContext: Record<string, { recent: unknown[] }>; mood: unknown };
    expect(Object.keys(tree.queue)).toEqual([]);
    expect(Object.hasOwn(tree.userContext, '__proto__')).toBe(true);
    expect(tree.userContext['__proto__']?.recent).toHaveLength(1);
    expect(tree.mood).toBe('calm'); // the runtime takes it; only the types refuse it
    await hub.close();
  });
});
