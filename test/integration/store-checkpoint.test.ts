import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('the store file', () => {
  // it holds the generated role tokens (kv 'tokens'): anyone who can read it can run the show
  it('is readable by its owner only: a new folder 0700, the file and its WAL 0600, an old 0644 file tightened', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'showrunner-perm-')), 'data');
    const path = join(dir, 'showrunner.db');
    const store = new Store(path);
    open.push(store);
    store.setJson('tokens', { producer: 'secret-producer-token' });
    const mode = (file: string): number => statSync(file).mode & 0o777;
    expect(mode(dir)).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(mode(file).toString(8)).toBe('600');
    store.close();
    open.pop();
    // a store left world-readable by an older version
    const old = join(mkdtempSync(join(tmpdir(), 'showrunner-perm-')), 'old.db');
    writeFileSync(old, '');
    chmodSync(old, 0o644);
    open.push(new Store(old));
    expect(mode(old).toString(8)).toBe('600');
  });
});
