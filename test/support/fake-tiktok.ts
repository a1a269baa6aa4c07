/**
 * A local stand-in for the three things tiktok-live-connector 2.5.0 talks to, on one port:
 *   - the TikTok website:   GET /@{user}/live → HTML with the SIGI_STATE script (room id, live status)
 *   - the webcast HTTP API: GET /webcast/room/info/?room_id → JSON {data:{status}} (4 = offline)
 *   - the sign server (Euler Stream's API shape): GET /webcast/rooms/{roomId}/connect → the
 *     protobuf ProtoMessageFetchResult (cursor, internalExt, pushServer = our WebSocket), with the
 *     x-set-tt-cookie / x-room-id headers the library requires; 429 / 401 on demand
 *   - the webcast push WebSocket: binary WebcastPushFrame frames, payload gzip'd
 *     ProtoMessageFetchResult holding WebcastChatMessage, WebcastGiftMessage... — all encoded with the
 *     library's own schema (tiktok-live-proto/v3, @bufbuild/protobuf wire format).
 * It records every sign request (query and headers) so a test can say what leaves for the sign server.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import {
  ProtoMessageFetchResult,
  User,
  WebcastChatMessage,
  WebcastControlMessage,
  WebcastGiftMessage,
  WebcastLikeMessage,
  WebcastMemberMessage,
  WebcastPushFrame,
  WebcastRoomUserSeqMessage,
  WebcastSocialMessage,
  CommonMessageData,
  UserIdentity,
  Gift,
} from 'tiktok-live-connector';
import { WebSocketServer, type WebSocket } from 'ws';

interface Codec<T> {
  encode(m: T): { finish(): Uint8Array };
  decode(b: Uint8Array): T;
}
/** ts-proto encoders want every field: start from the decoded empty message (all defaults). */
function full<T>(codec: Codec<T>, partial: Partial<T>): T {
  return { ...codec.decode(new Uint8Array(0)), ...partial };
}

export interface FakeUser {
  id: string;
  uniqueId: string;
  nickname: string;
  moderator?: boolean;
  subscriber?: boolean;
  anchor?: boolean;
}

export type FakeEvent =
  | { kind: 'chat'; msgId: string; user: FakeUser; text: string }
  | { kind: 'gift'; msgId: string; user: FakeUser; giftId: string; giftName: string; diamonds: number; repeat: number; repeatEnd: boolean }
  | { kind: 'like'; msgId: string; user: FakeUser; count: number; total: number }
  | { kind: 'follow' | 'share'; msgId: string; user: FakeUser }
  | { kind: 'join'; msgId: string; user: FakeUser; memberCount: number }
  | { kind: 'viewers'; msgId: string; total: number }
  | { kind: 'end'; msgId: string };

function user(u: FakeUser): User {
  return full(User, { id: u.id, nickname: u.nickname, displayId: u.uniqueId });
}
const common = (method: string, msgId: string, roomId: string, displayKey = ''): CommonMessageData =>
  full(CommonMessageData, { method, msgId, roomId, createTime: String(Date.now()), ...(displayKey ? { displayText: { key: displayKey, defaultPattern: '', defaultFormat: undefined, pieces: [] } } : {}) });

/** One event → [method, payload] encoded with the library's schema. */
export function encodeEvent(e: FakeEvent, roomId: string): [string, Uint8Array] {
  switch (e.kind) {
    case 'chat':
      return [
        'WebcastChatMessage',
        WebcastChatMessage.encode(
          full(WebcastChatMessage, {
            common: common('WebcastChatMessage', e.msgId, roomId),
            user: user(e.user),
            content: e.text,
            userIdentity: full(UserIdentity, { isModeratorOfAnchor: e.user.moderator === true, isSubscriberOfAnchor: e.user.subscriber === true, isAnchor: e.user.anchor === true }),
          }),
        ).finish(),
      ];
    case 'gift':
      return [
        'WebcastGiftMessage',
        WebcastGiftMessage.encode(
          full(WebcastGiftMessage, {
            common: common('WebcastGiftMessage', e.msgId, roomId),
            user: user(e.user),
            giftId: e.giftId,
            repeatCount: e.repeat,
            repeatEnd: e.repeatEnd ? 1 : 0,
            gift: full(Gift, { id: e.giftId, name: e.giftName, diamondCount: e.diamonds, type: 1 }),
          }),
        ).finish(),
      ];
    case 'like':
      return ['WebcastLikeMessage', WebcastLikeMessage.encode(full(WebcastLikeMessage, { common: common('WebcastLikeMessage', e.msgId, roomId), user: user(e.user), count: e.count, total: String(e.total) })).finish()];
    case 'follow':
    case 'share':
      return [
        'WebcastSocialMessage',
        WebcastSocialMessage.encode(
          full(WebcastSocialMessage, { common: common('WebcastSocialMessage', e.msgId, roomId, e.kind === 'follow' ? 'pm_mt_msg_viewer_follow' : 'pm_mt_msg_viewer_share'), user: user(e.user) }),
        ).finish(),
      ];
    case 'join':
      return ['WebcastMemberMessage', WebcastMemberMessage.encode(full(WebcastMemberMessage, { common: common('WebcastMemberMessage', e.msgId, roomId), user: user(e.user), memberCount: e.memberCount })).finish()];
    case 'viewers':
      return ['WebcastRoomUserSeqMessage', WebcastRoomUserSeqMessage.encode(full(WebcastRoomUserSeqMessage, { common: common('WebcastRoomUserSeqMessage', e.msgId, roomId), total: String(e.total), totalUser: String(e.total) })).finish()];
    case 'end':
      return ['WebcastControlMessage', WebcastControlMessage.encode(full(WebcastControlMessage, { common: common('WebcastControlMessage', e.msgId, roomId), action: 3 })).finish()];
  }
}

/** A push frame carrying these events, the way TikTok's push server sends them (gzip'd payload). */
export function encodeFrame(events: readonly FakeEvent[], roomId: string, seq = 1): Buffer {
  const fetch = full(ProtoMessageFetchResult, {
    messages: events.map((e, i) => {
      const [method, payload] = encodeEvent(e, roomId);
      return { method, payload: Buffer.from(payload), msgId: e.msgId, msgType: 0, offset: String(seq * 1000 + i), isHistory: false, sampleFlag: 0 };
    }),
    cursor: `c-${seq}`,
    internalExt: `ext-${seq}`,
  });
  const payload = gzipSync(ProtoMessageFetchResult.encode(fetch).finish());
  return Buffer.from(WebcastPushFrame.encode(full(WebcastPushFrame, { seqId: String(seq), logId: String(seq), payloadEncoding: 'pb', payloadType: 'msg', payload })).finish());
}

export interface SignCall {
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

export type SignMode = 'ok' | 'rate-limited' | 'unauthorized';

export class FakeTikTok {
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly signCalls: SignCall[] = [];
  readonly sockets = new Set<WebSocket>();
  /** Frames the library sent us (im_enter_room, hb, ack), by payloadType. */
  readonly clientFrames: string[] = [];
  live = true;
  signMode: SignMode = 'ok';
  readonly roomId: string;
  readonly uniqueId: string;
  #seq = 0;
  #waiters: Array<() => void> = [];

  private constructor(server: Server, uniqueId: string, roomId: string) {
    this.#server = server;
    this.uniqueId = uniqueId;
    this.roomId = roomId;
    this.#wss = new WebSocketServer({ noServer: true });
    server.on('request', (req, res) => this.#handle(req, res));
    server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/webcast/im/push/')) {
        socket.destroy();
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.add(ws);
        ws.on('message', (data: Buffer) => {
          try {
            this.clientFrames.push(WebcastPushFrame.decode(data).payloadType);
          } catch {
            this.clientFrames.push('undecodable');
          }
          for (const w of this.#waiters.splice(0)) w();
        });
        ws.on('close', () => this.sockets.delete(ws));
      });
    });
  }

  static async start(uniqueId = 'glowshop', roomId = '7301234567890'): Promise<FakeTikTok> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return new FakeTikTok(server, uniqueId, roomId);
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }
  /** Host for the library's web/webcast hosts: a reserved name the test resolves to 127.0.0.1. */
  get host(): string {
    return `tiktok.test:${this.port}`;
  }
  get signBase(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resolves once a client has entered the room on the push socket. */
  async nextEnter(): Promise<void> {
    while (!this.clientFrames.includes('im_enter_room')) await new Promise<void>((r) => this.#waiters.push(r));
    this.clientFrames.splice(this.clientFrames.indexOf('im_enter_room'), 1);
  }

  send(events: readonly FakeEvent[]): void {
    const frame = encodeFrame(events, this.roomId, ++this.#seq);
    for (const ws of this.sockets) ws.send(frame);
  }
  sendRaw(bytes: Buffer): void {
    for (const ws of this.sockets) ws.send(bytes);
  }
  /** Drops every push connection (a network blip). */
  drop(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    if (url.pathname === `/@${this.uniqueId}/live`) {
      const state = { LiveRoom: { liveRoomUserInfo: { user: { roomId: this.roomId, uniqueId: this.uniqueId }, liveRoom: { status: this.live ? 2 : 4 } } } };
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<html><script id="SIGI_STATE" type="application/json">${JSON.stringify(state)}</script></html>`);
      return;
    }
    if (url.pathname === '/webcast/room/info/') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status_code: 0, data: { id_str: query['room_id'], status: this.live ? 2 : 4 } }));
      return;
    }
    const m = /^\/webcast\/rooms\/(\d+)\/connect$/.exec(url.pathname);
    if (m) {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      this.signCalls.push({ path: url.pathname, query, headers });
      if (this.signMode === 'rate-limited') {
        res.writeHead(429, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'You have hit the rate limit for starting connections.', limit_label: 'minute' }));
        return;
      }
      if (this.signMode === 'unauthorized') {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'The API key you provided is invalid.' }));
        return;
      }
      const fetch = full(ProtoMessageFetchResult, { cursor: 'c-0', internalExt: 'ext-0', pushServer: `ws://127.0.0.1:${this.port}/webcast/im/push/v2/`, messages: [] });
      res
        .writeHead(200, { 'Content-Type': 'application/protobuf', 'x-set-tt-cookie': 'ttwid=fake-ttwid', 'x-room-id': m[1]! })
        .end(Buffer.from(ProtoMessageFetchResult.encode(fetch).finish()));
      return;
    }
    res.writeHead(404).end('not found');
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.#wss.close();
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close').catch(() => undefined);
  }
}
