/**
 * The ws face of the generic ingest (`/ws/ingest`, behind the ingest token): a frame is one message,
 * an array of messages or `{messages: [...]}`, handed to the same `Ingest` as the HTTP route. Each
 * frame gets one reply: `ingest-result` (accepted, rejected with reasons), `SR_INGEST_INVALID`
 * (not a batch), `SR_FRAME_INVALID` (not JSON) or `SR_BUSY` (over the budget: refused and counted,
 * send again after `retryAfterMs`). While the ingest's buffer is over its high mark the sockets are
 * not read (`setPaused`), so TCP pushes back on the senders.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { bearer, sameToken } from '../http/auth.js';
import type { Ingest, IngestCounters } from './ingest.js';

export interface IngestSocketOptions {
  /** The ingest token a client must show (`?token=` or `Authorization: Bearer`). */
  readonly token: string;
  /** Where frames that are not JSON are counted (the app's stats counters). */
  readonly counters: IngestCounters;
  readonly log: (line: string) => void;
  /** Largest frame in bytes; ws closes the socket with 1009 above it. */
  readonly maxPayload?: number;
}

export class IngestSocket {
  readonly #wss: WebSocketServer;
  readonly #ingest: Ingest;
  readonly #opts: IngestSocketOptions;

  constructor(ingest: Ingest, opts: IngestSocketOptions) {
    this.#ingest = ingest;
    this.#opts = opts;
    // no compression: it costs more CPU per frame than loopback saves
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload ?? 1 << 20, perMessageDeflate: false });
  }

  get clients(): ReadonlySet<WebSocket> {
    return this.#wss.clients;
  }

  /**
   * Takes an upgrade request if its path is `/ws/ingest` (refused with 401 without the token).
   * Returns false for any other path, leaving the socket to the caller.
   */
  handleUpgrade(url: URL, req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (url.pathname !== '/ws/ingest') return false;
    const token = url.searchParams.get('token') ?? bearer(req);
    if (!token || !sameToken(token, this.#opts.token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return true;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#serve(ws, socket));
    return true;
  }

  /** Stops (true) or resumes (false) reading every ingest socket. */
  setPaused(paused: boolean): void {
    for (const ws of this.#wss.clients) {
      if (paused) ws.pause();
      else ws.resume();
    }
  }

  /** Closes every socket with `closeOne` (the app: 1001 going away), then the server. */
  async close(closeOne: (ws: WebSocket) => Promise<void>): Promise<void> {
    await Promise.all([...this.#wss.clients].map(closeOne));
    await new Promise<void>((r) => this.#wss.close(() => r()));
  }

  /**
   * Answers each frame. The replies to the frames of one TCP read go out in one write: the socket
   * is corked at the first reply and uncorked once the read's frames are handled (a frame of one
   * message otherwise costs a syscall of its own).
   */
  #serve(ws: WebSocket, socket: Duplex): void {
    const { counters, log } = this.#opts;
    const ingest = this.#ingest;
    let corked = false;
    const uncork = (): void => {
      corked = false;
      socket.uncork();
    };
    const reply = (frame: string): void => {
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(uncork);
      }
      ws.send(frame);
    };
    ws.on('error', (err) => log(`ingest ws: ${err.message}`));
    if (ingest.pressured) ws.pause();
    ws.on('message', (data) => {
      let body: unknown;
      try {
        body = JSON.parse(data.toString());
      } catch {
        counters.invalid++;
        reply(NOT_JSON);
        return;
      }
      const result = ingest.accept(Array.isArray(body) || (body && typeof body === 'object' && 'messages' in body) ? body : [body]);
      if ('busy' in result) {
        const { refused, retryAfterMs } = result.busy;
        reply(JSON.stringify({ type: 'error', code: 'SR_BUSY', message: `the ingest is over its budget: ${refused} message(s) refused, send them again in ${retryAfterMs} ms`, refused, retryAfterMs }));
        return;
      }
      if ('error' in result) reply(JSON.stringify({ type: 'error', code: 'SR_INGEST_INVALID', message: result.error }));
      else if (result.rejected.length === 0) reply(`{"type":"ingest-result","accepted":${result.accepted},"rejected":[]}`);
      else reply(JSON.stringify({ type: 'ingest-result', ...result }));
    });
  }
}

const NOT_JSON = JSON.stringify({ type: 'error', code: 'SR_FRAME_INVALID', message: 'not JSON' });
