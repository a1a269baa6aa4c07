/**
 * YouTube Live chat through the YouTube Data API v3, with plain fetch (the official
 * @googleapis/youtube client brings 48 packages / 17 MB for the three calls used here):
 *   GET {base}/videos?part=liveStreamingDetails&id={videoId}              → activeLiveChatId   (1 unit)
 *   GET {base}/liveChat/messages?liveChatId&part=snippet,authorDetails&pageToken&maxResults
 *       → items, nextPageToken, pollingIntervalMillis, offlineAt                                (5 units)
 * polled no faster than pollingIntervalMillis (and `minPollMs`). Text messages and Super Chat
 * comments become ChatMessage (platform 'youtube'); Super Chats, Super Stickers, new members,
 * milestones and gifted memberships are counted as status figures; deletions and bans done by other
 * moderators become ModEvents. Every response and every item is zod-validated: a bad item is counted
 * and named, a bad response is retried, neither is fatal. Quota units are counted (shared with the
 * enforcer) and shown. The API key travels as the documented `key` query parameter, so URLs are never
 * logged; an OAuth token, when set, goes in the Authorization header.
 */
import { asyncScheduler, Subject, type SchedulerLike, type Subscription } from 'rxjs';
import { z } from 'zod';
import { ChatMessageSchema, MAX_TEXT_LENGTH, type ChatMessage, type ModEvent, type Role } from '../../config/chat.js';
import type { Config } from '../../config/schema.js';
import { isValidBuiltChat, type BuiltChatMessage } from './chat-fast.js';
import { YouTubeAuthError, YouTubeTokens } from './youtube-auth.js';
import { networkReason, say } from '../../config/status-text.js';
import { StatusTracker, type SourceCondition, type SourceState } from './status.js';
import { startedOnSubscribe, type ChatSource } from './types.js';
import { LOG_TEXT, type LogText } from '../log-text.js';

export type YouTubeConfig = Config['youtube'];

/** Documented quota costs (units) of the calls Showrunner makes. */
export const QUOTA_COST = { videosList: 1, chatList: 5, chatDelete: 50, banInsert: 50 } as const;

const PACIFIC_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' });
/** The day in Pacific time (America/Los_Angeles, daylight saving included) of an instant: "2026-03-08". */
export function pacificDay(ms: number): string {
  return PACIFIC_DAY.format(ms);
}

/**
 * Quota units used today. YouTube's daily quota resets at midnight Pacific time: the count starts
 * again at the first look after the Pacific date changed (so at 00:00 PST or PDT, whichever is in
 * force). Before its first reset it counts from Showrunner's start, not from Google's midnight.
 */
export class YouTubeQuota {
  readonly limit: number;
  readonly #now: () => number;
  #used = 0;
  #day: string;
  constructor(limit: number, now: () => number = Date.now) {
    this.limit = limit;
    this.#now = now;
    this.#day = pacificDay(now());
  }
  #roll(): void {
    const day = pacificDay(this.#now());
    if (day === this.#day) return;
    this.#day = day;
    this.#used = 0;
    this.#resetsAt = null;
  }
  /**
   * When the count starts again: the next Pacific midnight (epoch ms), found to the second by
   * bisection over pacificDay (so a 23- or 25-hour day at a daylight-saving switch is right), and
   * kept until that day ends.
   */
  get resetsAt(): number {
    this.#roll();
    if (this.#resetsAt !== null && this.#resetsAt > this.#now()) return this.#resetsAt;
    const now = this.#now();
    let lo = now; // still today
    let hi = now + 26 * 3_600_000; // surely tomorrow
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (pacificDay(mid) === this.#day) lo = mid;
      else hi = mid;
    }
    // midnight is on a whole second, in (lo, hi], and hi - lo <= 1 s: the one whole second there
    this.#resetsAt = Math.floor(lo / 1000) * 1000 + 1000;
    return this.#resetsAt;
  }
  #resetsAt: number | null = null;
  /** Units used since the last Pacific midnight (or since the start). */
  get used(): number {
    this.#roll();
    return this.#used;
  }
  spend(units: number): void {
    this.#roll();
    this.#used += units;
  }
}

const AuthorSchema = z.object({
  channelId: z.string().min(1).max(128),
  displayName: z.string().max(200).default(''),
  isChatOwner: z.boolean().default(false),
  isChatModerator: z.boolean().default(false),
  isChatSponsor: z.boolean().default(false),
  isVerified: z.boolean().optional(),
});

const SnippetSchema = z.object({
  type: z.string().min(1).max(64),
  liveChatId: z.string().optional(),
  authorChannelId: z.string().optional(),
  publishedAt: z.string().optional(),
  hasDisplayContent: z.boolean().optional(),
  displayMessage: z.string().max(5000).optional(),
  textMessageDetails: z.object({ messageText: z.string().max(5000) }).optional(),
  superChatDetails: z.object({ amountMicros: z.coerce.number().nonnegative(), currency: z.string().max(8), amountDisplayString: z.string().optional(), userComment: z.string().max(5000).optional(), tier: z.number().optional() }).optional(),
  superStickerDetails: z.object({ amountMicros: z.coerce.number().nonnegative(), currency: z.string().max(8) }).passthrough().optional(),
  messageDeletedDetails: z.object({ deletedMessageId: z.string().min(1) }).optional(),
  userBannedDetails: z
    .object({ bannedUserDetails: z.object({ channelId: z.string(), displayName: z.string().optional() }), banType: z.enum(['permanent', 'temporary']), banDurationSeconds: z.coerce.number().optional() })
    .optional(),
  membershipGiftingDetails: z.object({ giftMembershipsCount: z.number().int().nonnegative() }).passthrough().optional(),
});

export const LiveChatItemSchema = z.object({
  kind: z.literal('youtube#liveChatMessage').optional(),
  id: z.string().min(1).max(128),
  snippet: SnippetSchema,
  authorDetails: AuthorSchema.optional(),
});
export type LiveChatItem = z.infer<typeof LiveChatItemSchema>;

/** The page shape; items are checked one by one so one bad item does not cost the page. */
export const LiveChatPageSchema = z.object({
  kind: z.literal('youtube#liveChatMessageListResponse').optional(),
  nextPageToken: z.string().max(500).optional(),
  pollingIntervalMillis: z.number().int().nonnegative().optional(),
  offlineAt: z.string().optional(),
  items: z.array(z.unknown()).max(5000).default([]),
});

const VideosSchema = z.object({
  items: z.array(z.object({ id: z.string(), liveStreamingDetails: z.object({ activeLiveChatId: z.string().optional(), actualEndTime: z.string().optional() }).optional() })).default([]),
});

export const ApiErrorSchema = z.object({
  error: z.object({ code: z.number(), message: z.string().default(''), errors: z.array(z.object({ reason: z.string().default(''), domain: z.string().optional() })).default([]) }),
});

export interface YouTubeFigures {
  superChats: number;
  superChatMicros: number;
  superStickers: number;
  newMembers: number;
  milestones: number;
  giftedMemberships: number;
  quotaUsed: number;
  quotaLimit: number;
  /** When the quota count starts again (the next Pacific midnight, epoch ms). */
  quotaResetsAt: number;
  invalid: number;
}

export interface YouTubeDeps {
  fetch?: typeof fetch;
  clock?: () => number;
  log?: (line: string) => void;
  /** The log lines' language (server/log-text.ts; default English). */
  readonly logText?: LogText;
  scheduler?: SchedulerLike;
  quota?: YouTubeQuota;
  /** The OAuth access token, kept fresh (shared with the enforcer); default: built from the config. */
  tokens?: YouTubeTokens;
  requestTimeoutMs?: number;
}

export type YouTubeSource = ChatSource & {
  readonly invalid: number;
  readonly figures: Readonly<YouTubeFigures>;
  readonly quota: YouTubeQuota;
  readonly tokens: YouTubeTokens;
  /** The live chat being read (for enforcement), once known. */
  readonly liveChatId: string | undefined;
};

export function youtubeRoles(a: z.infer<typeof AuthorSchema> | undefined): Role[] {
  const roles: Role[] = [];
  if (a?.isChatOwner) roles.push('broadcaster');
  if (a?.isChatModerator) roles.push('moderator');
  if (a?.isChatSponsor) roles.push('subscriber');
  return roles;
}

/** A validated item → a ChatMessage candidate (text and Super Chat comments), or null for events. */
export function mapYouTubeItem(item: LiveChatItem, channel: string, now: number): unknown {
  const s = item.snippet;
  const text = s.type === 'textMessageEvent' ? (s.textMessageDetails?.messageText ?? s.displayMessage) : s.type === 'superChatEvent' ? s.superChatDetails?.userComment : undefined;
  if (!text) return null;
  const a = item.authorDetails;
  const id = a?.channelId ?? s.authorChannelId ?? 'unknown';
  const name = (a?.displayName || id).slice(0, MAX_NAME);
  return {
    id: item.id,
    platform: 'youtube',
    channel,
    user: { id, name, displayName: name, roles: youtubeRoles(a) },
    text: text.slice(0, MAX_TEXT_LENGTH),
    emotes: [],
    receivedAt: now,
  };
}

/** mapYouTubeItem's cap on a name (the ChatMessage's own limit). */
const MAX_NAME = 128;
const AUTHOR_ID_MAX = AuthorSchema.shape.channelId.maxLength ?? 0;
const AUTHOR_NAME_MAX = AuthorSchema.shape.displayName.unwrap().maxLength ?? 0;
const DISPLAY_MAX = SnippetSchema.shape.displayMessage.unwrap().maxLength ?? 0;
const MESSAGE_TEXT_MAX = SnippetSchema.shape.textMessageDetails.unwrap().shape.messageText.maxLength ?? 0;
const ITEM_ID_MAX = LiveChatItemSchema.shape.id.maxLength ?? 0;
if (!AUTHOR_ID_MAX || !AUTHOR_NAME_MAX || !DISPLAY_MAX || !MESSAGE_TEXT_MAX || !ITEM_ID_MAX) throw new Error('youtube: a limit the hand check reads from the schemas is missing');

function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
const optString = (v: unknown, max = Infinity): boolean => v === undefined || (typeof v === 'string' && v.length <= max);
const optBool = (v: unknown): boolean => v === undefined || typeof v === 'boolean';

/**
 * The common case by hand: a plain text-message item (no other event details) that LiveChatItemSchema
 * accepts, mapped and checked as mapYouTubeItem + ChatMessageSchema would, in one pass without zod's
 * copies. Returns the message, or null when the item is anything else (invalid, an event, unusual):
 * the caller then takes the zod path, which decides and explains. So validation is exactly as strict
 * (test/unit/sources/platform-fast.test.ts compares both over seeded mutations).
 */
export function youtubeChatFast(raw: unknown, channel: string, now: number): ChatMessage | null {
  if (!isPlain(raw)) return null;
  const id = raw['id'];
  const kind = raw['kind'];
  const s = raw['snippet'];
  const a = raw['authorDetails'];
  if (kind !== undefined && kind !== 'youtube#liveChatMessage') return null;
  if (typeof id !== 'string' || id.length < 1 || id.length > ITEM_ID_MAX) return null;
  if (!isPlain(s) || s['type'] !== 'textMessageEvent') return null;
  if (s['superChatDetails'] !== undefined || s['superStickerDetails'] !== undefined || s['messageDeletedDetails'] !== undefined || s['userBannedDetails'] !== undefined || s['membershipGiftingDetails'] !== undefined) return null;
  const authorChannelId = s['authorChannelId'];
  const displayMessage = s['displayMessage'];
  if (!optString(s['liveChatId']) || !optString(authorChannelId) || !optString(s['publishedAt']) || !optBool(s['hasDisplayContent']) || !optString(displayMessage, DISPLAY_MAX)) return null;
  const details = s['textMessageDetails'];
  let text: unknown = displayMessage;
  if (details !== undefined) {
    if (!isPlain(details)) return null;
    text = details['messageText'];
    if (typeof text !== 'string' || text.length > MESSAGE_TEXT_MAX) return null;
  }
  if (typeof text !== 'string' || text === '') return null;
  let userId: string;
  let name: string;
  const roles: Role[] = [];
  if (a === undefined) {
    userId = (authorChannelId as string | undefined) ?? 'unknown';
    name = userId;
  } else {
    if (!isPlain(a)) return null;
    const channelId = a['channelId'];
    const displayName = a['displayName'];
    const owner = a['isChatOwner'];
    const mod = a['isChatModerator'];
    const sponsor = a['isChatSponsor'];
    if (typeof channelId !== 'string' || channelId.length < 1 || channelId.length > AUTHOR_ID_MAX) return null;
    if (!optString(displayName, AUTHOR_NAME_MAX) || !optBool(owner) || !optBool(mod) || !optBool(sponsor) || !optBool(a['isVerified'])) return null;
    userId = channelId;
    name = (displayName as string | undefined) || channelId;
    if (owner === true) roles.push('broadcaster');
    if (mod === true) roles.push('moderator');
    if (sponsor === true) roles.push('subscriber');
  }
  if (name.length > MAX_NAME) name = name.slice(0, MAX_NAME);
  const m: BuiltChatMessage = {
    id,
    platform: 'youtube',
    channel,
    user: { id: userId, name, displayName: name, roles },
    text: text.length > MAX_TEXT_LENGTH ? text.slice(0, MAX_TEXT_LENGTH) : text,
    emotes: [],
    receivedAt: now,
  };
  return isValidBuiltChat(m) ? m : null;
}

/** An API error → state, condition, whether to retry. */
export function classifyYouTubeError(status: number, body: unknown): { state: SourceState; condition?: SourceCondition; retry: boolean; why: string; ended?: boolean } {
  const parsed = ApiErrorSchema.safeParse(body);
  const reason = parsed.success ? (parsed.data.error.errors[0]?.reason ?? '') : '';
  const message = parsed.success ? parsed.data.error.message.slice(0, 160) : '';
  const why = `${status}${reason ? ` ${reason}` : ''}${message ? `: ${message}` : ''}`;
  if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') return { state: 'disconnected', condition: 'rate-limited', retry: true, why: `quota: ${why}` };
  if (status === 429 || reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded') return { state: 'disconnected', condition: 'rate-limited', retry: true, why };
  if (reason === 'liveChatEnded' || reason === 'liveChatDisabled' || reason === 'liveChatNotFound' || status === 404) return { state: 'disconnected', condition: 'offline', retry: true, why, ended: true };
  if (status === 401 || reason === 'keyInvalid' || reason === 'forbidden' || (status === 400 && /key/i.test(message))) return { state: 'error', condition: 'auth', retry: false, why };
  return { state: 'disconnected', retry: true, why };
}

export function youtubeSource(cfg: YouTubeConfig, deps: YouTubeDeps = {}): YouTubeSource {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.clock ?? Date.now;
  const log = deps.log ?? (() => undefined);
  const lt = deps.logText ?? LOG_TEXT.en;
  const scheduler = deps.scheduler ?? asyncScheduler;
  const quota = deps.quota ?? new YouTubeQuota(cfg.dailyQuota, now);
  const tokens = deps.tokens ?? new YouTubeTokens(cfg, { fetch: doFetch, now });
  const timeoutMs = deps.requestTimeoutMs ?? 10_000;
  const base = cfg.baseUrl.replace(/\/+$/, '');
  const channel = cfg.videoId ?? cfg.liveChatId ?? 'youtube';
  const where = cfg.videoId ? say('ytVideo', cfg.videoId) : say('ytLiveChat');
  const status = new StatusTracker('youtube', 'youtube', now, say('connecting', where));
  const messages = new Subject<ChatMessage>();
  const modEvents = new Subject<ModEvent>();
  const figures: YouTubeFigures = { superChats: 0, superChatMicros: 0, superStickers: 0, newMembers: 0, milestones: 0, giftedMemberships: 0, quotaUsed: 0, quotaLimit: quota.limit, quotaResetsAt: quota.resetsAt, invalid: 0 };
  let liveChatId = cfg.liveChatId;
  let pageToken: string | undefined;
  let started = false;
  let stopped = false;
  let failures = 0;
  let timer: Subscription | null = null;
  const inflight = new AbortController();

  const publishFigures = (): void => status.figures({ ...figures, quotaUsed: quota.used, quotaResetsAt: quota.resetsAt });

  function schedule(ms: number, fn: () => void): void {
    if (stopped) return;
    timer?.unsubscribe();
    timer = scheduler.schedule(() => {
      timer = null;
      fn();
    }, ms);
  }

  function retry(state: SourceState, condition: SourceCondition | undefined, why: string, minMs = 0): void {
    failures++;
    const ms = condition === 'offline' ? cfg.maxReconnectMs : Math.max(minMs, Math.min(cfg.maxReconnectMs, cfg.reconnectMs * 2 ** Math.min(failures - 1, 20)));
    const s = Math.max(1, Math.round(ms / 1000));
    const detail = condition === 'offline' ? say('offline', where, s) : condition === 'rate-limited' ? (why.startsWith('quota') ? say('quotaExhausted', s) : say('rateLimited', 'YouTube', s)) : say('retrying', networkReason(why), s);
    status.set(state, detail, condition);
    publishFigures();
    schedule(ms, () => void tick());
  }

  async function get(path: string, params: Record<string, string>, cost: number, again = true): Promise<{ ok: true; json: unknown } | { ok: false; status: number; json: unknown }> {
    const q = new URLSearchParams(params);
    if (cfg.apiKey) q.set('key', cfg.apiKey.reveal());
    // refreshed first when it is about to expire; throws YouTubeAuthError when it cannot be had
    const authorization = await tokens.authorization();
    quota.spend(cost);
    const res = await doFetch(`${base}${path}?${q.toString()}`, {
      headers: { Accept: 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
      signal: AbortSignal.any([inflight.signal, AbortSignal.timeout(timeoutMs)]),
    });
    // an access token that expired early or was revoked: one refresh, one more try
    if (res.status === 401 && again && (await tokens.unauthorized(authorization))) {
      await res.body?.cancel();
      return get(path, params, cost, false);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return res.ok ? { ok: true, json } : { ok: false, status: res.status, json };
  }

  function handleItem(raw: unknown): void {
    const fast = youtubeChatFast(raw, channel, now());
    if (fast) {
      messages.next(fast);
      return;
    }
    const p = LiveChatItemSchema.safeParse(raw);
    if (!p.success) {
      figures.invalid++;
      const issue = p.error.issues[0];
      log(lt.youtubeSkippedItem(issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'));
      return;
    }
    const item = p.data;
    const s = item.snippet;
    switch (s.type) {
      case 'superChatEvent':
        figures.superChats++;
        figures.superChatMicros += s.superChatDetails?.amountMicros ?? 0;
        break;
      case 'superStickerEvent':
        figures.superStickers++;
        break;
      case 'newSponsorEvent':
        figures.newMembers++;
        break;
      case 'memberMilestoneChatEvent':
        figures.milestones++;
        break;
      case 'membershipGiftingEvent':
        figures.giftedMemberships += s.membershipGiftingDetails?.giftMembershipsCount ?? 1;
        break;
      case 'messageDeletedEvent':
        if (s.messageDeletedDetails) modEvents.next({ kind: 'delete', platform: 'youtube', channel, messageId: s.messageDeletedDetails.deletedMessageId, at: now() });
        return;
      case 'userBannedEvent': {
        const b = s.userBannedDetails;
        if (!b) return;
        const who = { userId: b.bannedUserDetails.channelId, userName: b.bannedUserDetails.displayName ?? b.bannedUserDetails.channelId };
        modEvents.next(b.banType === 'temporary' ? { kind: 'timeout', platform: 'youtube', channel, ...who, durationS: b.banDurationSeconds ?? 300, at: now() } : { kind: 'ban', platform: 'youtube', channel, ...who, at: now() });
        return;
      }
      default:
        break;
    }
    const candidate = mapYouTubeItem(item, channel, now());
    if (candidate === null) return;
    const parsed = ChatMessageSchema.safeParse(candidate);
    if (!parsed.success) {
      figures.invalid++;
      log(lt.youtubeInvalid(parsed.error.issues[0]?.message ?? 'invalid'));
      return;
    }
    messages.next(parsed.data);
  }

  async function findChat(): Promise<boolean> {
    if (liveChatId) return true;
    if (!cfg.videoId) {
      status.set('error', say('notConfigured', say('either', 'youtube.videoId', 'youtube.liveChatId')), 'auth');
      return false;
    }
    const r = await get('/videos', { part: 'liveStreamingDetails', id: cfg.videoId }, QUOTA_COST.videosList);
    if (!r.ok) {
      const c = classifyYouTubeError(r.status, r.json);
      if (!c.retry) fail(c.why, c.condition);
      else retry(c.state, c.condition, c.why);
      return false;
    }
    const v = VideosSchema.safeParse(r.json);
    if (!v.success) {
      figures.invalid++;
      retry('disconnected', undefined, 'videos.list answered in an unexpected shape');
      return false;
    }
    const id = v.data.items[0]?.liveStreamingDetails?.activeLiveChatId;
    if (!id) {
      retry('disconnected', 'offline', 'no active live chat');
      return false;
    }
    liveChatId = id;
    return true;
  }

  function fail(why: string, condition: SourceCondition | undefined): void {
    status.set('error', say('badCredentials', 'YouTube', say('check', tokens.canRefresh ? 'YOUTUBE_API_KEY, YOUTUBE_REFRESH_TOKEN, YOUTUBE_CLIENT_ID, YOUTUBE_CLIENT_SECRET' : 'YOUTUBE_API_KEY / YOUTUBE_OAUTH_TOKEN')), condition);
    publishFigures();
    log(lt.youtubeGivingUp(why));
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    try {
      if (!(await findChat())) return;
      const params: Record<string, string> = { liveChatId: liveChatId!, part: 'snippet,authorDetails', maxResults: String(cfg.maxResults) };
      if (pageToken) params['pageToken'] = pageToken;
      const r = await get('/liveChat/messages', params, QUOTA_COST.chatList);
      if (stopped) return;
      if (!r.ok) {
        const c = classifyYouTubeError(r.status, r.json);
        log(lt.youtubeListFailed(c.why));
        if (c.ended) {
          liveChatId = cfg.liveChatId;
          pageToken = undefined;
        }
        if (!c.retry) fail(c.why, c.condition);
        else retry(c.state, c.condition, c.why);
        return;
      }
      const page = LiveChatPageSchema.safeParse(r.json);
      if (!page.success) {
        figures.invalid++;
        log(lt.youtubePageInvalid(page.error.issues[0]?.path.join('.') ?? ''));
        retry('disconnected', undefined, 'liveChatMessages.list answered in an unexpected shape');
        return;
      }
      failures = 0;
      if (status.current.state !== 'connected') status.set('connected', say('live', where), 'live');
      for (const item of page.data.items) handleItem(item);
      if (page.data.nextPageToken) pageToken = page.data.nextPageToken;
      publishFigures();
      if (page.data.offlineAt) {
        status.set('disconnected', say('chatEnded', where), 'offline');
        liveChatId = cfg.liveChatId;
        pageToken = undefined;
        retry('disconnected', 'offline', 'the live chat ended');
        return;
      }
      schedule(Math.max(cfg.minPollMs, page.data.pollingIntervalMillis ?? 0), () => void tick());
    } catch (err) {
      if (stopped) return;
      if (err instanceof YouTubeAuthError) {
        log(lt.youtubeAuth(err.message));
        if (err.kind === 'auth') fail(err.message, 'auth');
        else retry('disconnected', undefined, err.message);
        return;
      }
      const e = err as Error;
      retry('disconnected', undefined, `no answer from YouTube (${e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : e.message.slice(0, 120)})`);
    }
  }

  const start = (): void => {
    if (started || stopped) return;
    started = true;
    if (!cfg.apiKey && !tokens.configured) {
      status.set('error', say('notConfigured', say('either', 'YOUTUBE_API_KEY', 'YOUTUBE_OAUTH_TOKEN')), 'auth');
      return;
    }
    void tick();
  };

  return {
    name: 'youtube',
    sliced: true,
    ...startedOnSubscribe(start, messages, modEvents),
    status$: status.status$,
    quota,
    tokens,
    get liveChatId() {
      return liveChatId;
    },
    get invalid() {
      return figures.invalid;
    },
    get figures() {
      return { ...figures, quotaUsed: quota.used, quotaResetsAt: quota.resetsAt };
    },
    stop(): void {
      if (stopped) return;
      stopped = true;
      timer?.unsubscribe();
      inflight.abort();
      publishFigures();
      status.set('stopped', say('stopped', where));
      messages.complete();
      modEvents.complete();
    },
  };
}
