/**
 * The ws face of the generic ingest (`/ws/ingest`, behind the ingest token): a frame is one message,
 * an array of messages or `{messages: [...]}`, handed to the same `Ingest` as the HTTP route. Each
 * frame gets one reply: `ingest-result` (accepted, rejected with reasons), `SR_INGEST_INVALID`
 * (not a batch), `SR_FRAME_INVALID` (not JSON) or `SR_BUSY` (over the budget: refused and counted,
 * send again after `retryAfterMs`). While the ingest's buffer is over its high mark the sockets are
 * not read (`setPaused`), so TCP pushes back on the senders; so is a sender that does not read its
 * replies, while they wait over `bufferHighBytes`, so what a socket buffers stays bounded.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { bearer, sameToken } from '../http/auth.js';
import type { Ingest, IngestCounters } from './ingest.js';
import { LOG_TEXT, type LogText } from '../log-text.js';

export interface IngestSocketOptions {
  /** The ingest token a client must show (`?token=` or `Authorization: Bearer`). */
  readonly token: string;
  /** Where frames that are not JSON are counted (the app's stats counters). */
  readonly counters: IngestCounters;
  readonly log: (line: string) => void;
  /** The log lines' language (server/log-text.ts; default English). */
  readonly logText?: LogText;
  /** Largest frame in bytes; ws closes the socket with 1009 above it. */
  readonly maxPayload?: number;
  /** A socket whose unsent replies pass this many bytes is not read until they are sent (default 256 KiB). */
  readonly bufferHighBytes?: number;
}

export class IngestSocket {
  readonly #wss: WebSocketServer;
  readonly #ingest: Ingest;
  readonly #opts: IngestSocketOptions;
  /** Per socket: sends the replies it has waiting now (before a close frame). */
  readonly #flushers = new Map<WebSocket, () => void>();
  /** Sockets not read because their replies wait unsent (their senders do not read). */
  readonly #backedUp = new Set<WebSocket>();

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
      else if (!this.#backedUp.has(ws)) ws.resume();
    }
  }

  /** Closes every socket with `closeOne` (the app: 1001 going away), then the server. */
  async close(closeOne: (ws: WebSocket) => Promise<void>): Promise<void> {
    // the replies of the last read go out before the close frames
    for (const flush of this.#flushers.values()) flush();
    await Promise.all([...this.#wss.clients].map(closeOne));
    await new Promise<void>((r) => this.#wss.close(() => r()));
  }

  /**
   * Answers each frame. The replies to the frames of one TCP read go out in one write of one
   * buffer: each reply is framed here (a server's text frame is two to ten header bytes and the
   * text, RFC 6455 § 5.2; this socket never compresses), and the usual reply, "n accepted", is
   * framed once and kept. Through `ws.send` a frame of one message cost two buffers, a cork and an
   * entry in a writev of thousands.
   */
  #serve(ws: WebSocket, socket: Duplex): void {
    const { counters, log } = this.#opts;
    const lt = this.#opts.logText ?? LOG_TEXT.en;
    const highBytes = this.#opts.bufferHighBytes ?? 256 * 1024;
    const ingest = this.#ingest;
    let out: Buffer[] = [];
    const flush = (): void => {
      const frames = out;
      out = [];
      // after a close frame the peer gets no more data (it has stopped reading them anyway)
      if (frames.length === 0 || ws.readyState !== WebSocket.OPEN) return;
      socket.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
      if (this.#backedUp.has(ws) || socket.writableLength <= highBytes) return;
      // the sender does not read its replies: stop reading its frames until they are sent
      this.#backedUp.add(ws);
      ws.pause();
      log(lt.ingestNotReading(socket.writableLength));
      socket.once('drain', () => {
        this.#backedUp.delete(ws);
        if (!ingest.pressured && ws.readyState === WebSocket.OPEN) ws.resume();
      });
    };
    const reply = (frame: Buffer): void => {
      if (out.length === 0) process.nextTick(flush);
      out.push(frame);
    };
    this.#flushers.set(ws, flush);
    ws.on('close', () => {
      this.#flushers.delete(ws);
      this.#backedUp.delete(ws);
    });
    ws.on('error', (err) => log(lt.ingestSocketError(err.message)));
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
        reply(textFrame(JSON.stringify({ type: 'error', code: 'SR_BUSY', message: `the ingest is over its budget: ${refused} message(s) refused, send them again in ${retryAfterMs} ms`, refused, retryAfterMs })));
        return;
      }
      if ('error' in result) reply(textFrame(JSON.stringify({ type: 'error', code: 'SR_INGEST_INVALID', message: result.error })));
      else if (result.rejected.length === 0) reply(acceptedFrame(result.accepted));
      else reply(textFrame(JSON.stringify({ type: 'ingest-result', ...result })));
    });
  }
}

/** A text frame as a server sends it: FIN, opcode 1, the length, no mask (RFC 6455 § 5.2). */
export function textFrame(text: string): Buffer {
  const len = Buffer.byteLength(text);
  const head = len < 126 ? 2 : len < 65_536 ? 4 : 10;
  const buf = Buffer.allocUnsafe(head + len);
  buf[0] = 0x81;
  if (len < 126) buf[1] = len;
  else if (len < 65_536) {
    buf[1] = 126;
    buf.writeUInt16BE(len, 2);
  } else {
    buf[1] = 127;
    buf.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    buf.writeUInt32BE(len >>> 0, 6);
  }
  buf.write(text, head, 'utf8');
  return buf;
}

/** "n accepted, none rejected", framed once per n (n up to a batch's size, kept for the first 1,024). */
const ACCEPTED: Buffer[] = [];
function acceptedFrame(n: number): Buffer {
  const kept = ACCEPTED[n];
  if (kept) return kept;
  const frame = textFrame(`{"type":"ingest-result","accepted":${n},"rejected":[]}`);
  if (n < 1024) ACCEPTED[n] = frame;
  return frame;
}

const NOT_JSON = textFrame(JSON.stringify({ type: 'error', code: 'SR_FRAME_INVALID', message: 'not JSON' }));
