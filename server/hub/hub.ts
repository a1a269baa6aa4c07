/**
 * The ws hub: one server, three audiences. `/ws/overlay` is read-only and sees only the overlay slice;
 * `/ws/control` needs a role token and sees the slices its role may read (STATE_SCOPE in
 * config/protocol.ts: producers and moderators everything, hosts their widgets' slices). Each
 * audience has its own version sequence, so a filtered patch stream has no gaps. Each connection gets a snapshot, then
 * versioned patches coalesced to one frame's worth. A client whose socket buffers more than the
 * high mark is marked stale: its patches are dropped and it gets one fresh snapshot once it drains.
 * Every incoming frame is zod-checked; a bad frame gets an error frame and the socket stays open.
 * A client that sends frames but does not read the answers is not read either while its answers
 * wait over the high mark (TCP then pushes back on it), and a resync it asks for meanwhile is the
 * snapshot it gets once it drains: what the hub buffers per client stays bounded.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { asyncScheduler, interval, type SchedulerLike, type Subscription } from 'rxjs';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { applyOps, toNullProto, ClientFrameSchema, mayRun, STATE_SCOPE, unknownCommandKeys, unknownKeysMessage, type Command, type ControlRole, type PatchOp, type ServerFrame, type FeedItem } from '../../config/protocol.js';
import { ShowrunnerError, truncate, type ErrorCode } from '../errors.js';
import { requestToken } from '../http/auth.js';
import { LOG_TEXT, type LogText } from '../log-text.js';

export { bearer } from '../http/auth.js';

/** Closes a socket with 1001 (going away) and waits for the peer's close frame, at most `capMs`, then cuts it. */
export function goingAway(ws: WebSocket, scheduler: SchedulerLike = asyncScheduler, capMs = 1000): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const cap = scheduler.schedule(() => {
      ws.terminate();
      resolve();
    }, capMs);
    ws.once('close', () => {
      cap.unsubscribe();
      resolve();
    });
    if (ws.readyState === WebSocket.OPEN) ws.close(1001, 'server shutting down');
    else ws.terminate();
  });
}

export interface HubOptions {
  readonly maxControlFrameBytes: number;
  readonly bufferHighBytes: number;
  readonly bufferLowBytes: number;
  readonly heartbeatMs: number;
  /** Resolves a token to a role, or null. */
  readonly authenticate: (token: string | null) => ControlRole | null;
  readonly onCommand: (cmd: Command, who: { role: ControlRole; actor: string }) => unknown;
  readonly scheduler?: SchedulerLike;
  readonly log?: (line: string) => void;
  /** The log lines' language (server/log-text.ts; default English). */
  readonly logText?: LogText;
  /** Patches are coalesced over this many ms (one frame at 60 fps). */
  readonly flushMs?: number;
}

/** Feed items per frame, at most (the newest; a console shows 150 per column). */
const FEED_MAX = 200;

/** Who gets which slices: the overlay page, a host console, or a full console (producer, moderator). */
type Audience = 'overlay' | 'host' | 'full';
const AUDIENCE_KEYS: Readonly<Record<Audience, ReadonlySet<string> | null>> = {
  overlay: new Set(['overlay']),
  host: new Set(STATE_SCOPE.host ?? []),
  full: null,
};
function audienceOf(role: ControlRole | 'overlay'): Audience {
  if (role === 'overlay') return 'overlay';
  return STATE_SCOPE[role] === null ? 'full' : 'host';
}

interface Client {
  readonly ws: WebSocket;
  readonly kind: 'overlay' | 'control';
  readonly role: ControlRole | 'overlay';
  readonly audience: Audience;
  readonly actor: string;
  stale: boolean;
  /** Not read from while its answers wait over the high mark (it sends but does not read). */
  readPaused: boolean;
  alive: boolean;
}

/** Emits 'client-dropped' (actor) when a peer that missed a pong is terminated. */
export class Hub extends EventEmitter {
  readonly #opts: HubOptions;
  readonly #scheduler: SchedulerLike;
  readonly #state: Record<string, unknown>;
  readonly #overlayWss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  readonly #controlWss: WebSocketServer;
  readonly #clients = new Set<Client>();
  readonly #pending = new Map<string, PatchOp>();
  /**
   * The feed items of the next frame, the last FEED_MAX of them: a ring, each slot an item or the
   * function that makes it. Under a flood most items are overwritten before a frame goes out, so
   * they are only made (masked, copied) for the frame that carries them.
   */
  readonly #feed: (FeedItem | (() => FeedItem) | undefined)[] = new Array<undefined>(FEED_MAX);
  /** Feed items pushed since the last frame (the ring holds the last FEED_MAX). */
  #feedCount = 0;
  readonly #versions: Record<Audience, number> = { overlay: 0, host: 0, full: 0 };
  #flushSub: Subscription | null = null;
  #heartbeat: Subscription | null = null;
  #drainSub: Subscription | null = null;
  #actorSeq = 0;
  /** The log lines in the server's language. */
  readonly #lt: LogText;
  /** Counters for the bench and tests. */
  readonly counters = { snapshots: 0, patches: 0, droppedPatches: 0, badFrames: 0, readPauses: 0 };

  constructor(initial: Record<string, unknown>, opts: HubOptions) {
    super();
    this.#opts = opts;
    this.#lt = opts.logText ?? LOG_TEXT.en;
    this.#scheduler = opts.scheduler ?? asyncScheduler;
    this.#state = toNullProto(structuredClone(initial));
    this.#controlWss = new WebSocketServer({ noServer: true, maxPayload: opts.maxControlFrameBytes });
    this.#heartbeat = interval(opts.heartbeatMs, this.#scheduler).subscribe(() => this.#beat());
  }

  get version(): number {
    return this.#versions.full;
  }

  /** The current state (read-only view for the app and tests). */
  get state(): Readonly<Record<string, unknown>> {
    return this.#state;
  }

  get clientCount(): { overlay: number; control: number } {
    let overlay = 0;
    for (const c of this.#clients) if (c.kind === 'overlay') overlay++;
    return { overlay, control: this.#clients.size - overlay };
  }

  /** Sets a value in the state tree; sent to clients with the next coalesced patch. */
  set(path: readonly string[], value: unknown): void {
    this.#queue({ op: 'set', path: [...path], value });
  }

  del(path: readonly string[]): void {
    this.#queue({ op: 'del', path: [...path] });
  }

  /**
   * Live stream items for the console (not versioned; dropped for stale clients). A frame carries
   * the last FEED_MAX items; pass a function to have an item made only if it is sent.
   */
  feed(item: FeedItem | (() => FeedItem)): void {
    this.#feed[this.#feedCount++ % FEED_MAX] = item;
    this.#scheduleFlush();
  }

  /** The feed items of this frame, oldest first, and the ring emptied. */
  #takeFeed(): FeedItem[] {
    const n = Math.min(this.#feedCount, FEED_MAX);
    const out = new Array<FeedItem>(n);
    const from = this.#feedCount - n;
    for (let i = 0; i < n; i++) {
      const slot = (from + i) % FEED_MAX;
      const x = this.#feed[slot]!;
      out[i] = typeof x === 'function' ? x() : x;
      this.#feed[slot] = undefined;
    }
    this.#feedCount = 0;
    return out;
  }

  #queue(op: PatchOp): void {
    applyOps(this.#state, [op]);
    const key = op.path.join('\u0000');
    this.#pending.delete(key);
    this.#pending.set(key, op);
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushSub) return;
    this.#flushSub = this.#scheduler.schedule(() => {
      this.#flushSub = null;
      this.flush();
    }, this.#opts.flushMs ?? 16);
  }

  /** Sends pending ops now (normally called by the coalescing timer). */
  flush(): void {
    const ops = [...this.#pending.values()];
    this.#pending.clear();
    const hasFeed = this.#feedCount > 0;
    const now = this.#scheduler.now();
    const patches = {} as Record<Audience, string | null>;
    for (const a of ['overlay', 'host', 'full'] as const) {
      const keys = AUDIENCE_KEYS[a];
      const mine = keys ? ops.filter((o) => keys.has(o.path[0] as string)) : ops;
      patches[a] = mine.length ? JSON.stringify({ type: 'patch', version: ++this.#versions[a], serverNow: now, ops: mine } satisfies ServerFrame) : null;
    }
    // the feed carries held and blocked comments: full consoles only (made once, if one is connected)
    let feedFrame: string | null = null;
    for (const c of this.#clients) {
      const patch = patches[c.audience];
      const wantsFeed = c.audience === 'full' && hasFeed;
      if (wantsFeed && feedFrame === null) feedFrame = JSON.stringify({ type: 'feed', items: this.#takeFeed() } satisfies ServerFrame);
      if (!patch && !wantsFeed) continue;
      if (c.ws.readyState !== WebSocket.OPEN) continue;
      if (this.#checkStale(c)) {
        if (patch) this.counters.droppedPatches++;
        continue;
      }
      if (patch) {
        c.ws.send(patch);
        this.counters.patches++;
      }
      if (wantsFeed && feedFrame !== null) c.ws.send(feedFrame);
    }
    // no full console: the items are dropped unmade
    if (hasFeed && feedFrame === null) {
      this.#feed.fill(undefined);
      this.#feedCount = 0;
    }
  }

  /** True when the client is (still) stale; sends it a fresh snapshot when it has drained. */
  #checkStale(c: Client): boolean {
    const buffered = c.ws.bufferedAmount;
    if (!c.stale && buffered > this.#opts.bufferHighBytes) {
      c.stale = true;
      this.#opts.log?.(this.#lt.hubBehind(c.actor, buffered));
      this.#scheduleDrainCheck();
      return true;
    }
    if (c.stale) {
      if (buffered > this.#opts.bufferLowBytes) return true;
      c.stale = false;
      this.#sendSnapshot(c);
      return true; // the snapshot already carries this patch's changes
    }
    return false;
  }

  /** While any client is stale or not read from, look every 50 ms whether it has drained (no patch may come to trigger it). */
  #scheduleDrainCheck(): void {
    if (this.#drainSub) return;
    this.#drainSub = this.#scheduler.schedule(() => {
      this.#drainSub = null;
      let again = false;
      for (const c of this.#clients) {
        if (c.ws.readyState !== WebSocket.OPEN) continue;
        if (c.stale) again = this.#checkStale(c) && c.stale ? true : again;
        if (c.readPaused) {
          if (c.ws.bufferedAmount > this.#opts.bufferLowBytes) again = true;
          else {
            c.readPaused = false;
            c.ws.resume();
          }
        }
      }
      if (again) this.#scheduleDrainCheck();
    }, 50);
  }

  /** Sends an answer to a client's frame; over the high mark, stops reading its frames until it drains. */
  #answer(c: Client, text: string): void {
    if (c.ws.readyState !== WebSocket.OPEN) return;
    c.ws.send(text);
    if (c.readPaused || c.ws.bufferedAmount <= this.#opts.bufferHighBytes) return;
    c.readPaused = true;
    c.ws.pause();
    this.counters.readPauses++;
    this.#opts.log?.(this.#lt.hubNotReading(c.actor, c.ws.bufferedAmount));
    this.#scheduleDrainCheck();
  }

  #sendSnapshot(c: Client): void {
    const now = this.#scheduler.now();
    const keys = AUDIENCE_KEYS[c.audience];
    let state: Record<string, unknown> = this.#state;
    if (keys) {
      state = {};
      for (const k of keys) if (Object.hasOwn(this.#state, k)) state[k] = this.#state[k];
    }
    const frame: ServerFrame = { type: 'snapshot', version: this.#versions[c.audience], serverNow: now, state };
    c.ws.send(JSON.stringify(frame));
    this.counters.snapshots++;
  }

  /** Routes an HTTP upgrade; returns false when the path is not the hub's. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/ws/overlay') {
      this.#overlayWss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, 'overlay', 'overlay', `overlay-${++this.#actorSeq}`));
      return true;
    }
    if (url.pathname === '/ws/control') {
      // The console authenticates with its session cookie; scripts send a Bearer header (or ?token=, kept for ws clients that cannot set headers).
      const role = this.#opts.authenticate(url.searchParams.get('token') ?? requestToken(req));
      if (!role) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nSR_UNAUTHORIZED: a valid role token is required\n');
        return true;
      }
      const name = (url.searchParams.get('name') ?? '').replace(/[^\p{L}\p{N} _.-]/gu, '').slice(0, 32);
      this.#controlWss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, 'control', role, name || `${role}-${++this.#actorSeq}`));
      return true;
    }
    return false;
  }

  #accept(ws: WebSocket, kind: 'overlay' | 'control', role: ControlRole | 'overlay', actor: string): void {
    const client: Client = { ws, kind, role, audience: audienceOf(role), actor, stale: false, readPaused: false, alive: true };
    this.#clients.add(client);
    ws.on('error', (err) => this.#opts.log?.(this.#lt.hubSocketError(actor, err.message)));
    ws.on('pong', () => (client.alive = true));
    ws.on('close', (code) => {
      this.#clients.delete(client);
      if (code === 1009) this.#opts.log?.(this.#lt.hubFrameTooBig(actor, this.#opts.maxControlFrameBytes));
    });
    ws.on('message', (data, isBinary) => void this.#onMessage(client, data, isBinary));
    ws.send(JSON.stringify({ type: 'hello', role, serverNow: this.#scheduler.now() } satisfies ServerFrame));
    this.#sendSnapshot(client);
  }

  async #onMessage(c: Client, data: RawData, isBinary: boolean): Promise<void> {
    if (c.kind === 'overlay') {
      this.#error(c, undefined, 'SR_FORBIDDEN', 'the overlay socket is read-only');
      return;
    }
    let raw: unknown;
    try {
      if (isBinary) throw new Error('binary frames are not accepted');
      raw = JSON.parse(data.toString());
    } catch (err) {
      this.#error(c, undefined, 'SR_FRAME_INVALID', `not a JSON text frame: ${(err as Error).message}`);
      return;
    }
    const parsed = ClientFrameSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
      const path = issue ? issue.path.filter((p): p is string | number => typeof p !== 'symbol') : [];
      // Report paths relative to the command, which is what a client wrote.
      const rel = path[0] === 'command' ? path.slice(1) : path;
      this.#error(c, id, 'SR_FRAME_INVALID', `${issue?.message ?? 'invalid frame'}${rel.length ? ` at ${rel.join('.')}` : ''}`, rel);
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'resync') {
      // behind: the snapshot it gets once it drains answers this resync (and any more it sends meanwhile)
      if (c.stale || c.ws.bufferedAmount > this.#opts.bufferHighBytes) {
        c.stale = true;
        this.#scheduleDrainCheck();
        return;
      }
      this.#sendSnapshot(c);
      return;
    }
    const unknown = unknownCommandKeys((raw as { command?: unknown }).command, frame.command);
    if (unknown.length) {
      this.#error(c, frame.id, 'SR_FRAME_INVALID', unknownKeysMessage(unknown), [unknown[0] as string]);
      return;
    }
    const role = c.role as ControlRole;
    if (!mayRun(role, frame.command.kind)) {
      this.#error(c, frame.id, 'SR_FORBIDDEN', `the ${role} role may not run ${frame.command.kind}`);
      return;
    }
    try {
      const result = await this.#opts.onCommand(frame.command, { role, actor: c.actor });
      this.#answer(c, JSON.stringify({ type: 'ack', id: frame.id, result } satisfies ServerFrame));
    } catch (err) {
      if (err instanceof ShowrunnerError) this.#error(c, frame.id, err.code, err.message);
      else {
        this.#opts.log?.(this.#lt.hubCommandFailed(frame.command.kind, (err as Error).stack ?? String(err)));
        this.#error(c, frame.id, 'SR_INTERNAL', 'the command failed inside the server; details are in the server log');
      }
    }
  }

  #error(c: Client, id: string | undefined, code: ErrorCode, message: string, path?: (string | number)[]): void {
    this.counters.badFrames += code === 'SR_FRAME_INVALID' ? 1 : 0;
    if (c.ws.readyState !== WebSocket.OPEN) return;
    const frame: ServerFrame = { type: 'error', ...(id ? { id } : {}), code, message: truncate(message, 300), ...(path ? { path } : {}) };
    this.#answer(c, JSON.stringify(frame));
  }

  #beat(): void {
    for (const c of this.#clients) {
      if (!c.alive) {
        this.#opts.log?.(this.#lt.hubMissedPong(c.actor));
        c.ws.terminate();
        this.#clients.delete(c);
        this.emit('client-dropped', c.actor);
        continue;
      }
      c.alive = false;
      if (c.ws.readyState === WebSocket.OPEN) c.ws.ping();
      if (c.stale) this.#checkStale(c);
    }
  }

  async close(): Promise<void> {
    this.#heartbeat?.unsubscribe();
    this.#flushSub?.unsubscribe();
    this.#drainSub?.unsubscribe();
    // 1001 (going away): the pages see a server restart, not a network failure (1006)
    await Promise.all([...this.#clients].map((c) => goingAway(c.ws, this.#scheduler)));
    this.#clients.clear();
    await Promise.all([new Promise<void>((r) => this.#overlayWss.close(() => r())), new Promise<void>((r) => this.#controlWss.close(() => r()))]);
  }
}
