/**
 * TikTok LIVE through tiktok-live-connector 2.5.0 (read only: TikTok has no public moderation API).
 *
 * How the library connects, and so what this source does:
 *   1. username → room id, from TikTok's own page (www.tiktok.com/@user/live, SIGI_STATE); only when
 *      `tiktok.roomIdFromSignServer` is on may the sign server be asked instead (it then sees the username);
 *   2. room info from webcast.tiktok.com (status 4 = not live → 'offline', looked at again later);
 *   3. a signed WebSocket URL from the SIGN SERVER (a third party, Euler Stream, by default):
 *      GET {signServerUrl}/webcast/rooms/{roomId}/connect with the room id, the library's name
 *      (client=ttlive-node), the browser User-Agent it presents, cursor, platform=web, and the API key
 *      if set. No TikTok session cookie is ever sent (we never use `authenticateWs`);
 *   4. the webcast push WebSocket: protobuf frames (tiktok-live-proto), decoded by the library.
 * Chat becomes ChatMessage (platform 'tiktok'); gifts, likes, follows, shares, joins and viewer counts
 * are counted into the status figures (not chat). Reconnects with doubling backoff; wrong sign-server
 * credentials stop the retries (like a refused Twitch login). The library's errors never throw out
 * of here and its logs never reach ours (an API key could be in a URL).
 */
import { type EventEmitter } from 'node:events';
import { asyncScheduler, auditTime, Subject, type SchedulerLike, type Subscription } from 'rxjs';
import {
  InvalidResponseCompositeError,
  PremiumFeatureError,
  RoomIdRouteConfig,
  SignAPIError,
  SignatureRateLimitError,
  TikTokLiveConnection,
  UserOfflineError,
  type WebcastChatMessage,
} from 'tiktok-live-connector';
import EulerStreamApiClient from 'tiktok-live-api-sdk';
import { MAX_TEXT_LENGTH, type ChatMessage, type ModEvent, type Role } from '../../config/chat.js';
import { validateBuiltChat, type BuiltChatMessage } from './chat-fast.js';
import type { Config } from '../../config/schema.js';
import { networkReason, say } from '../../config/status-text.js';
import { StatusTracker, type SourceCondition, type SourceState } from './status.js';
import { startedOnSubscribe, type ChatSource } from './types.js';
import { LOG_TEXT, type LogText } from '../log-text.js';

export type TikTokConfig = Config['tiktok'];

export interface TikTokDeps {
  clock?: () => number;
  log?: (line: string) => void;
  /** The log lines' language (server/log-text.ts; default English). */
  readonly logText?: LogText;
  /** Timers for reconnects and the figures' refresh (tests may pass their own). */
  scheduler?: SchedulerLike;
  /** Extra options for the library's HTTP client (got): tests resolve a reserved host name to 127.0.0.1. */
  webClientOptions?: Record<string, unknown>;
  /** How often the figures reach the status at most. Default 1000 ms. */
  figuresEveryMs?: number;
}

/** Seller-facing counters, shown with the source status. */
export interface TikTokFigures {
  viewers: number;
  likes: number;
  gifts: number;
  diamonds: number;
  follows: number;
  shares: number;
  joins: number;
  invalid: number;
}

export type TikTokSource = ChatSource & {
  readonly invalid: number;
  readonly figures: Readonly<TikTokFigures>;
};

type Lite<T> = { [K in keyof T]?: T[K] extends object | undefined ? Lite<NonNullable<T[K]>> | undefined : T[K] };
type ChatData = Lite<WebcastChatMessage>;

/** Roles from the chat message's userIdentity (the anchor is the broadcaster). */
export function tiktokRoles(data: ChatData): Role[] {
  const id = data.userIdentity;
  const roles: Role[] = [];
  if (id?.isAnchor) roles.push('broadcaster');
  if (id?.isModeratorOfAnchor || data.user?.userAttr?.isAdmin) roles.push('moderator');
  if (id?.isSubscriberOfAnchor) roles.push('subscriber');
  return roles;
}

/** One decoded WebcastChatMessage → a ChatMessage candidate (validated by the caller). */
export function mapTikTokChat(data: ChatData, channel: string, now: number): BuiltChatMessage {
  const u = data.user;
  const name = u?.displayId || u?.id || 'unknown';
  const msgId = data.common?.msgId;
  return {
    id: msgId && msgId !== '0' ? `tt-${msgId}` : `tt-${channel}-${now}-${Math.random().toString(36).slice(2, 8)}`,
    platform: 'tiktok',
    channel,
    user: { id: u?.id && u.id !== '0' ? u.id : `name:${name}`, name, displayName: (u?.nickname || name).slice(0, 128), roles: tiktokRoles(data) },
    text: (data.content ?? '').slice(0, MAX_TEXT_LENGTH),
    emotes: [],
    receivedAt: now,
  };
}

/**
 * One decoded chat → a valid ChatMessage, or the reason it is not one. The mapped object is checked
 * by hand (server/sources/chat-fast.ts) and is its own parsed value; zod only sees what fails there.
 */
export function normaliseTikTokChat(data: ChatData, channel: string, now: number): ChatMessage | string {
  return validateBuiltChat(mapTikTokChat(data, channel, now));
}

const bare = (u: string): string => u.replace(/^@/, '').toLowerCase();
const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : 0;
};

/** Which failure this is: decides the state, the condition and whether to retry. */
export function classifyTikTokError(err: unknown): { state: SourceState; condition?: SourceCondition; retry: boolean; why: string; retryAfterMs?: number } {
  const msg = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) : String(err).slice(0, 200);
  if (err instanceof UserOfflineError) return { state: 'disconnected', condition: 'offline', retry: true, why: 'not live' };
  if (err instanceof SignatureRateLimitError) return { state: 'disconnected', condition: 'rate-limited', retry: true, why: 'sign server rate limit', retryAfterMs: err.retryAfter };
  if (err instanceof PremiumFeatureError) return { state: 'error', condition: 'auth', retry: false, why: `sign server refused: ${msg}` };
  if (err instanceof SignAPIError && /status (401|403)\b/.test(msg)) return { state: 'error', condition: 'auth', retry: false, why: 'sign server refused the API key' };
  if (err instanceof InvalidResponseCompositeError) return { state: 'disconnected', retry: true, why: 'could not find the room (is the username right? is TikTok blocking us?)' };
  return { state: 'disconnected', retry: true, why: msg || 'connection failed' };
}

export function tiktokSource(cfg: TikTokConfig, deps: TikTokDeps = {}): TikTokSource {
  const now = deps.clock ?? Date.now;
  const log = deps.log ?? (() => undefined);
  const lt = deps.logText ?? LOG_TEXT.en;
  const scheduler = deps.scheduler ?? asyncScheduler;
  const user = cfg.username ? bare(cfg.username) : '';
  const where = `TikTok @${user || '?'}`;
  const status = new StatusTracker('tiktok', 'tiktok', now, say('connecting', where));
  const messages = new Subject<ChatMessage>();
  const modEvents = new Subject<ModEvent>();
  const figures: TikTokFigures = { viewers: 0, likes: 0, gifts: 0, diamonds: 0, follows: 0, shares: 0, joins: 0, invalid: 0 };
  const figureTick = new Subject<void>();
  let figureSub: Subscription | null = null;
  let started = false;
  let stopped = false;
  let failures = 0;
  let timer: Subscription | null = null;
  let conn: TikTokLiveConnection | null = null;

  const touched = (): void => figureTick.next();

  function schedule(delayMs: number, state: SourceState, condition: SourceCondition | undefined, why: string): void {
    if (stopped) return;
    const s = Math.max(1, Math.round(delayMs / 1000));
    const detail = condition === 'offline' ? say('offline', where, s) : condition === 'rate-limited' ? say('rateLimited', say('signServer'), s) : say('retrying', networkReason(why), s);
    status.set(state, detail, condition);
    timer?.unsubscribe();
    timer = scheduler.schedule(() => {
      timer = null;
      void attempt();
    }, delayMs);
  }

  function backoff(): number {
    return Math.min(cfg.maxReconnectMs, cfg.reconnectMs * 2 ** Math.min(failures - 1, 20));
  }

  function build(): TikTokLiveConnection {
    RoomIdRouteConfig.skipFetchRoomIdFromEulerRoute = !cfg.roomIdFromSignServer;
    const api = new EulerStreamApiClient({
      basePath: cfg.signServerUrl.replace(/\/+$/, ''),
      ...(cfg.signApiKey ? { apiKey: cfg.signApiKey.reveal() } : {}),
      baseOptions: { headers: { 'User-Agent': 'tiktok-live-connector/2.5.0 showrunner' }, validateStatus: () => true },
    });
    const c = new TikTokLiveConnection(user, {
      eulerApiInstance: api,
      processInitialData: true,
      fetchRoomInfoOnConnect: true,
      enableExtendedGiftInfo: false,
      webConfigOverrides: { TIKTOK_HOST_WEB: cfg.webHost, TIKTOK_HOST_WEBCAST: cfg.webcastHost },
      ...(deps.webClientOptions ? { webClientOptions: deps.webClientOptions as never } : {}),
    });
    const ev = c as unknown as EventEmitter;
    // Without an 'error' listener the library stays quiet; with one it reports decode failures.
    ev.on('error', (e: { info?: string; exception?: unknown }) => {
      if (e.info?.includes('decod')) {
        figures.invalid++;
        touched();
        log(lt.tiktokBadFrame(e.info));
      }
    });
    ev.on('chat', (data: ChatData) => {
      if (stopped) return;
      const m = normaliseTikTokChat(data, user, now());
      if (typeof m === 'string') {
        figures.invalid++;
        touched();
        log(lt.tiktokInvalid(m));
        return;
      }
      messages.next(m);
    });
    ev.on('gift', (d: { repeatEnd?: number; repeatCount?: number; gift?: { type?: number; diamondCount?: number } }) => {
      // Streakable gifts (type 1) repeat while the viewer holds the button: count them once, at the end.
      if (d.gift?.type === 1 && !d.repeatEnd) return;
      const n = Math.max(1, num(d.repeatCount));
      figures.gifts += n;
      figures.diamonds += n * num(d.gift?.diamondCount);
      touched();
    });
    ev.on('like', (d: { count?: number; total?: string | number }) => {
      figures.likes = Math.max(figures.likes + num(d.count), num(d.total));
      touched();
    });
    ev.on('follow', () => {
      figures.follows++;
      touched();
    });
    ev.on('share', () => {
      figures.shares++;
      touched();
    });
    ev.on('member', () => {
      figures.joins++;
      touched();
    });
    ev.on('roomUser', (d: { total?: string | number; totalUser?: string | number }) => {
      figures.viewers = num(d.total ?? d.totalUser);
      touched();
    });
    ev.on('streamEnd', () => {
      if (!stopped) status.set('disconnected', say('streamEnded', where), 'offline');
    });
    ev.on('disconnected', () => {
      if (stopped) return;
      failures = status.current.condition === 'offline' ? 0 : failures + 1;
      if (status.current.condition === 'offline') schedule(cfg.offlinePollMs, 'disconnected', 'offline', 'not live');
      else schedule(backoff(), 'disconnected', undefined, 'the push connection closed');
      log(lt.tiktokDisconnected(user, status.current.condition === 'offline'));
    });
    return c;
  }

  async function attempt(): Promise<void> {
    if (stopped) return;
    status.set('connecting', say('connecting', where));
    conn ??= build();
    try {
      await conn.connect();
      if (stopped) {
        await conn.disconnect().catch(() => undefined);
        return;
      }
      failures = 0;
      status.set('connected', say('live', say('room', where, String(conn.roomId))), 'live');
      log(lt.tiktokConnected(user, String(conn.roomId)));
    } catch (err) {
      if (stopped) return;
      const c = classifyTikTokError(err);
      log(lt.tiktokConnectFailed(c.why));
      if (!c.retry) {
        status.set('error', say('badCredentials', say('signServer'), say('check', 'tiktok.signServerUrl, TIKTOK_SIGN_API_KEY')), c.condition);
        return;
      }
      if (c.condition === 'offline') {
        failures = 0;
        schedule(cfg.offlinePollMs, 'disconnected', 'offline', c.why);
        return;
      }
      failures++;
      schedule(Math.max(backoff(), c.retryAfterMs ?? 0), c.state, c.condition, c.why);
    }
  }

  const start = (): void => {
    if (started || stopped) return;
    started = true;
    figureSub = figureTick.pipe(auditTime(deps.figuresEveryMs ?? 1000, scheduler)).subscribe(() => status.figures({ ...figures }));
    if (!user) {
      status.set('error', say('notConfigured', 'tiktok.username'), 'auth');
      return;
    }
    void attempt();
  };

  return {
    name: 'tiktok',
    sliced: true,
    ...startedOnSubscribe(start, messages, modEvents),
    status$: status.status$,
    get invalid() {
      return figures.invalid;
    },
    get figures() {
      return { ...figures };
    },
    stop(): void {
      if (stopped) return;
      stopped = true;
      timer?.unsubscribe();
      figureSub?.unsubscribe();
      status.figures({ ...figures });
      status.set('stopped', say('stopped', where));
      messages.complete();
      modEvents.complete();
      const c = conn;
      if (c) {
        (c as unknown as EventEmitter).removeAllListeners();
        c.disconnect().catch(() => undefined /* already closed */);
      }
    },
  };
}
