/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that
 * crosses the mark, on the thread that commits: copying a few thousand pages back into the database
 * and the fsync after it took 200–450 ms on this machine, one event-loop stall each (the soak's
 * longest). Here a worker thread with a connection of its own runs `wal_checkpoint(PASSIVE)` every
 * `everyMs`: it waits for no reader or writer and never makes one wait, so the server's commits stay
 * short. If the worker fails or exits, the store goes back to SQLite's own checkpoints (`onLost`):
 * the WAL never grows without bound.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The worker's code (plain CommonJS, so it runs the same under tsx, vitest and a built server). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
let timer;
try {
  const Database = require(workerData.module);
  db = new Database(workerData.path, { fileMustExist: true });
  timer = setInterval(() => {
    try {
      const [r] = db.pragma('wal_checkpoint(PASSIVE)');
      parentPort.postMessage(r);
    } catch (err) {
      clearInterval(timer);
      parentPort.postMessage({ lost: String(err && err.message || err) });
      parentPort.close();
    }
  }, workerData.everyMs);
} catch (err) {
  parentPort.postMessage({ lost: String(err && err.message || err) });
  parentPort.close();
}
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  if (db) db.close();
  parentPort.close();
});
`;

export interface CheckpointResult {
  /** 1 when the checkpoint could not run at all (another checkpoint held the lock). */
  busy: number;
  /** Frames in the WAL, and frames copied back into the database. */
  log: number;
  checkpointed: number;
}

export class Checkpointer {
  readonly #worker: Worker;
  #stopped = false;
  /** The last result the worker reported (tests and the soak read it). */
  last: CheckpointResult | null = null;
  runs = 0;

  constructor(path: string, opts: { everyMs?: number; onLost: (reason: string) => void }) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, module, everyMs: opts.everyMs ?? 250 } });
    this.#worker.unref();
    this.#worker.on('message', (r: CheckpointResult | { lost: string }) => {
      if ('lost' in r) {
        if (!this.#stopped) opts.onLost(r.lost);
        this.#stopped = true;
        return;
      }
      this.last = r;
      this.runs++;
    });
    this.#worker.on('error', (err: unknown) => {
      // an error thrown in the worker may arrive as a plain object
      const message = (err as { message?: unknown } | null)?.message;
      if (!this.#stopped) opts.onLost(typeof message === 'string' ? message : String(err));
    });
    this.#worker.on('exit', (code) => {
      if (!this.#stopped) opts.onLost(`the checkpoint worker exited with code ${code}`);
      this.#stopped = true;
    });
  }

  /** Stops the worker (its connection closes first). */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#worker.postMessage('stop');
  }
}
