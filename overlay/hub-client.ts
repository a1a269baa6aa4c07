/**
 * A tiny typed client for the hub protocol, shared by the overlay and the console. It keeps the
 * state tree (snapshot, then versioned patches applied in order), the server clock offset, and
 * the connection itself: reconnect with capped exponential backoff and jitter (0.5–10 s), reset on
 * every snapshot. A patch that skips a version asks the server for a fresh snapshot (`resync`).
 *
 * No zod here on purpose: the overlay page must stay small (≤ 30 KB gzipped), and the server
 * already validates what it sends. Frames are checked structurally and unknown ones ignored.
 */
import type { Command, FeedItem, PatchOp, ServerFrame } from '../config/protocol.js';

export type StateTree = Record<string, unknown>;

export interface HubClientOptions {
  /** Absolute ws(s) URL. */
  readonly url: string;
  /** Called after each snapshot (changed = null: everything) or patch (changed = top-level keys touched). */
  readonly onState: (state: StateTree, changed: ReadonlySet<string> | null) => void;
  readonly onFeed?: (items: readonly FeedItem[]) => void;
  readonly onHello?: (role: string) => void;
  /** Connection changes: `connected` is true from the first snapshot of a connection until it closes. */
  readonly onConnection?: (connected: boolean) => void;
  /** Error frames that answer no pending command (bad frame, forbidden...). */
  readonly onError?: (code: string, message: string) => void;
  readonly random?: () => number;
}

export class CommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 10_000;

/** Delay before reconnect attempt `attempt` (0-based): exponential, capped, with jitter, always in [0.5 s, 10 s]. */
export function backoffDelay(attempt: number, random: number): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(attempt, 10));
  return Math.max(BACKOFF_MIN_MS, Math.round(base * (0.5 + 0.5 * random)));
}

/**
 * Same semantics as `applyOps` in config/protocol.ts, copied so the overlay bundle does not pull in zod:
 * keys are own properties only and written with defineProperty, new nodes have a null prototype,
 * so a viewer called `__proto__` is a plain key, never a path to `Object.prototype`.
 */
export function applyPatch(root: StateTree, ops: readonly PatchOp[]): void {
  for (const op of ops) {
    let node: StateTree = root;
    const last = op.path.length - 1;
    for (let i = 0; i < last; i++) {
      const key = op.path[i] as string;
      const next = Object.hasOwn(node, key) ? node[key] : undefined;
      if (next === null || typeof next !== 'object') {
        const fresh = Object.create(null) as StateTree;
        define(node, key, fresh);
        node = fresh;
      } else node = next as StateTree;
    }
    const leaf = op.path[last] as string;
    if (op.op === 'set') define(node, leaf, nullProto(op.value));
    else if (Object.hasOwn(node, leaf)) delete node[leaf];
  }
}

function define(node: StateTree, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A deep copy of a JSON value with null-prototype objects, so lookups like `state.queue['toString']` find nothing inherited. */
export function nullProto<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => nullProto(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out = Object.create(null) as StateTree;
  for (const [k, v] of Object.entries(value)) define(out, k, nullProto(v));
  return out as T;
}

/** Builds the ws URL for a path on the page's own host. */
export function wsUrl(path: string, loc: Location = location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${path}`;
}

export class HubClient {
  state: StateTree = {};
  version = -1;
  /** serverNow − Date.now(), refreshed at every snapshot and patch. */
  offset = 0;
  connected = false;
  attempts = 0;
  readonly #opts: HubClientOptions;
  #ws: WebSocket | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;
  #seq = 0;
  readonly #pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(opts: HubClientOptions) {
    this.#opts = opts;
    this.#open();
  }

  /** The server's clock now. */
  now(): number {
    return Date.now() + this.offset;
  }

  /** Sends a command; resolves with the ack's result, rejects with a CommandError. */
  send(command: Command): Promise<unknown> {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new CommandError('SR_OFFLINE', 'not connected to the server; retrying'));
    const id = `c${++this.#seq}-${Date.now().toString(36)}`;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ type: 'command', id, command }));
    });
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#ws?.close();
  }

  #open(): void {
    if (this.#closed) return;
    const ws = new WebSocket(this.#opts.url);
    this.#ws = ws;
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(ev.data) as ServerFrame;
      } catch {
        return; // not JSON: nothing we can do with it; the server never sends this
      }
      this.#handle(frame);
    };
    ws.onclose = () => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      for (const p of this.#pending.values()) p.reject(new CommandError('SR_OFFLINE', 'connection closed before the server answered'));
      this.#pending.clear();
      if (this.connected) {
        this.connected = false;
        this.#opts.onConnection?.(false);
      }
      if (this.#closed) return;
      const delay = backoffDelay(this.attempts++, (this.#opts.random ?? Math.random)());
      this.#timer = setTimeout(() => this.#open(), delay);
    };
    // onerror is always followed by onclose, where the retry happens.
    ws.onerror = () => undefined;
  }

  #handle(frame: ServerFrame): void {
    switch (frame.type) {
      case 'hello':
        this.#opts.onHello?.(frame.role);
        return;
      case 'snapshot':
        if (!frame.state || typeof frame.state !== 'object') return;
        this.state = nullProto(frame.state);
        this.version = frame.version;
        this.offset = frame.serverNow - Date.now();
        this.attempts = 0;
        if (!this.connected) {
          this.connected = true;
          this.#opts.onConnection?.(true);
        }
        this.#opts.onState(this.state, null);
        return;
      case 'patch': {
        if (this.version < 0 || frame.version <= this.version) return; // before the snapshot, or a duplicate
        if (frame.version !== this.version + 1 || !Array.isArray(frame.ops)) {
          this.version = -1; // ignore everything until the fresh snapshot
          this.#ws?.send(JSON.stringify({ type: 'resync' }));
          return;
        }
        this.version = frame.version;
        this.offset = frame.serverNow - Date.now();
        applyPatch(this.state, frame.ops);
        const changed = new Set<string>();
        for (const op of frame.ops) if (op.path[0] !== undefined) changed.add(op.path[0]);
        this.#opts.onState(this.state, changed);
        return;
      }
      case 'feed':
        if (Array.isArray(frame.items)) this.#opts.onFeed?.(frame.items);
        return;
      case 'ack': {
        const p = this.#pending.get(frame.id);
        this.#pending.delete(frame.id);
        p?.resolve(frame.result);
        return;
      }
      case 'error': {
        const p = frame.id !== undefined ? this.#pending.get(frame.id) : undefined;
        if (p && frame.id !== undefined) {
          this.#pending.delete(frame.id);
          p.reject(new CommandError(frame.code, frame.message));
        } else this.#opts.onError?.(frame.code, frame.message);
        return;
      }
    }
  }
}
