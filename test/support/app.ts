/** Test helpers: a config for a real app on port 0 with a temp SQLite file, and ws frame helpers. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ServerFrame } from '../../config/protocol.js';
import type { Config } from '../../config/schema.js';
import { parseConfig } from '../../server/config-load.js';

export function tmpDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'showrunner-test-')), 'showrunner.db');
}

/** A validated config for tests: port 0, a fresh DB, no replay, no Twitch, no OBS. */
export function testConfig(overrides: Record<string, unknown> = {}): Config {
  const base = { server: { port: 0, heartbeatMs: 60_000 }, store: { path: tmpDbPath() }, replay: { enabled: false }, faqFile: 'config/faq.yaml' };
  return parseConfig(deepMerge(base, overrides), 'test');
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev) ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/** A ws client that queues every frame so tests can await the next one matching a predicate. */
export class TestSocket {
  readonly ws: WebSocket;
  readonly frames: ServerFrame[] = [];
  #waiters: { pred: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];
  #seen = 0;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as ServerFrame;
      this.frames.push(f);
      this.#waiters = this.#waiters.filter((w) => {
        if (w.pred(f)) {
          w.resolve(f);
          return false;
        }
        return true;
      });
    });
  }

  static open(url: string, opts: WebSocket.ClientOptions = {}): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, opts);
      const s = new TestSocket(ws);
      ws.once('open', () => resolve(s));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  /** Resolves with the first frame (already received after the last call, or future) matching pred. */
  next<T extends ServerFrame['type']>(type: T, pred: (f: Extract<ServerFrame, { type: T }>) => boolean = () => true): Promise<Extract<ServerFrame, { type: T }>> {
    const match = (f: ServerFrame): boolean => f.type === type && pred(f as Extract<ServerFrame, { type: T }>);
    for (let i = this.#seen; i < this.frames.length; i++) {
      const f = this.frames[i] as ServerFrame;
      if (match(f)) {
        this.#seen = i + 1;
        return Promise.resolve(f as Extract<ServerFrame, { type: T }>);
      }
    }
    return new Promise((resolve) => {
      this.#waiters.push({
        pred: match,
        resolve: (f) => {
          this.#seen = this.frames.length;
          resolve(f as Extract<ServerFrame, { type: T }>);
        },
      });
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  closed(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve({ code: 1006, reason: '' });
    return new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  close(): void {
    this.ws.terminate();
  }
}
