/** The parent side of bench/app-child.ts: start a server process, ask it for figures, stop it. */
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ChildStats {
  counters: { in: number; allowed: number; flagged: number; held: number; blocked: number; invalid: number; refused: number };
  buffered: number;
  queue: number;
  rssMb: number;
  stallMaxMs: number;
  stallP99Ms: number;
  hub: { snapshots: number; patches: number; droppedPatches: number; badFrames: number };
  /** Held items resolved by the hold timeout so far. */
  timeouts: number;
  clients: { overlay: number; control: number };
}

/** SR_BENCH_PROFILE=<dir>: the server process writes a V8 CPU profile there when it exits (node --cpu-prof). */
function profArgs(): string[] {
  const dir = process.env['SR_BENCH_PROFILE'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/**
 * SR_BENCH_TRACE_GC=<file>: the server process runs with `--trace-gc` and its stdout (the GC lines)
 * goes to that file (scripts/soak-gc.ts reads it back after a soak).
 */
function gcTrace(): { args: string[]; stdout: number | 'ignore' } {
  const file = process.env['SR_BENCH_TRACE_GC'];
  return file ? { args: ['--trace-gc'], stdout: openSync(file, 'w') } : { args: [], stdout: 'ignore' };
}

export class AppChild {
  readonly port: number;
  /** Date.now() just before the server process was started (its --trace-gc times count from about then). */
  readonly startedAt: number;
  readonly tokens: Record<string, string>;
  readonly #proc: ChildProcess;

  private constructor(proc: ChildProcess, port: number, tokens: Record<string, string>, startedAt: number) {
    this.#proc = proc;
    this.startedAt = startedAt;
    this.port = port;
    this.tokens = tokens;
  }

  static start(overrides: Record<string, unknown>): Promise<AppChild> {
    const trace = gcTrace();
    const startedAt = Date.now();
    const proc = fork(fileURLToPath(new URL('./app-child.ts', import.meta.url)), [JSON.stringify(overrides)], { execArgv: ['--import', 'tsx', ...profArgs(), ...trace.args], stdio: ['ignore', trace.stdout, 'inherit', 'ipc'] });
    if (typeof trace.stdout === 'number') closeSync(trace.stdout);
    return new Promise((resolve, reject) => {
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`bench server exited with ${code} before it was ready`)));
      proc.once('message', (m: { type: string; port: number; tokens: Record<string, string> }) => resolve(new AppChild(proc, m.port, m.tokens, startedAt)));
    });
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  wsUrl(path: string): string {
    return `ws://127.0.0.1:${this.port}${path}`;
  }

  #ask<T>(msg: unknown, reply: string): Promise<T> {
    return new Promise((resolve) => {
      const on = (m: { type: string }): void => {
        if (m.type !== reply) return;
        this.#proc.off('message', on);
        resolve(m as T);
      };
      this.#proc.on('message', on);
      this.#proc.send(msg as never);
    });
  }

  stats(): Promise<ChildStats> {
    return this.#ask({ type: 'stats' }, 'stats');
  }

  resetStall(): void {
    this.#proc.send({ type: 'resetStall' });
  }

  /** Resolves with the server's wall clock when `in` reached n and its ingest buffer is empty. */
  waitIn(n: number): Promise<{ at: number; in: number }> {
    return this.#ask({ type: 'waitIn', n }, 'reached');
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#proc.exitCode !== null) return resolve();
      const cap = setTimeout(() => this.#proc.kill('SIGKILL'), 10_000);
      this.#proc.once('exit', () => {
        clearTimeout(cap);
        resolve();
      });
      this.#proc.send({ type: 'close' });
    });
  }
}
