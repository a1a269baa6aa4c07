import { statSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Checkpointer } from '../../server/store/checkpointer.js';
import { Store } from '../../server/store/store.js';
import { tmpDbPath } from '../support/app.js';

const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

describe('WAL checkpoints off the event loop', () => {
  it('never checkpoints inside a commit; the worker copies the WAL back', async () => {
    const path = tmpDbPath();
    const store = new Store(path);
    open.push(store);
    expect(store.autoCheckpointPages).toBe(0);
    const before = store.checkpointer?.runs ?? 0;
    const big = 'x'.repeat(2000);
    store.transaction(() => {
      for (let i = 0; i < 3000; i++) store.setJson(`k${i}`, big);
    });
    // 3,000 rows of 2 KB: far past SQLite's default mark of 1,000 pages
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(4096 * 1000);
    await vi.waitFor(
      () => {
        const last = store.checkpointer?.last;
        expect(store.checkpointer!.runs).toBeGreaterThan(before);
        expect(last?.log).toBeGreaterThan(1000);
        expect(last?.checkpointed).toBe(last?.log);
      },
      { timeout: 10_000, interval: 50 },
    );
  });

  it('reports a lost worker with its reason (the store then turns SQLite’s own checkpoints back on)', async () => {
    const lost = await new Promise<string>((resolve) => {
      const c = new Checkpointer(`${tmpDbPath()}.missing`, { onLost: resolve });
      expect(c.runs).toBe(0);
    });
    expect(lost).toMatch(/unable to open|does not exist|exited/i);

  });

  it('an in-memory store has no checkpointer', () => {
    const store = new Store(':memory:');
    open.push(store);
    expect(store.checkpointer).toBeNull();
  });
});
