/**
 * The Twitch chat source through tmi.js: joins the configured channels, anonymously (read-only,
 * justinfan) unless a bot username and OAuth token are set; maps each PRIVMSG to a validated
 * ChatMessage (id, roles from badges, emotes as code-point ranges, first-message flag); maps other
 * moderators' CLEARMSG/CLEARCHAT to ModEvents. tmi.js reconnects by itself; every disconnected period
 * shows up as a gap in the status. tmi.js's own logger is silenced: its lines never reach our logs
 * (and so never a token).
 */
import { randomUUID } from 'node:crypto';
import { Subject } from 'rxjs';
import tmi from 'tmi.js';
import { ChatMessageSchema, type ChatMessage, type EmoteRange, type ModEvent, type Role } from '../../config/chat.js';
import type { Config } from '../../config/schema.js';
import { networkReason, say } from '../../config/status-text.js';
import { ShowrunnerError } from '../errors.js';
import { StatusTracker } from './status.js';
import { startedOnSubscribe, type ChatSource } from './types.js';
import { LOG_TEXT, type LogText } from '../log-text.js';

export type TwitchConfig = Config['twitch'];

export interface TwitchDeps {
  clock?: () => number;
  log?: (line: string) => void;
  /** The log lines' language (server/log-text.ts; default English). */
  readonly logText?: LogText;
}

export type TwitchSource = ChatSource & {
  /** Sends a chat message as the bot. Rejects for an anonymous (read-only) connection. */
  say(channel: string, text: string): Promise<void>;
  /** Messages that failed validation (dropped). */
  readonly invalid: number;
};

/** The tags tmi.js hands to 'message' handlers, after its own parsing ('1' → true, badges → object). */
export interface TmiTags {
  id?: string;
  'user-id'?: string;
  username?: string;
  'display-name'?: string;
  badges?: Record<string, string | undefined> | null;
  emotes?: Record<string, string[]> | null;
  mod?: boolean;
  subscriber?: boolean;
  vip?: boolean | null;
  'first-msg'?: boolean;
  'message-type'?: string;
  [key: string]: unknown;
}

/**
 * Twitch emote positions ('25': ['0-4', '6-10']) → inclusive code-point ranges, sorted, with the
 * emote's name sliced by code points. Ranges outside the text are dropped.
 */
export function mapEmotes(emotes: Record<string, string[]> | null | undefined, text: string): EmoteRange[] {
  if (!emotes) return [];
  const cps = [...text];
  const out: EmoteRange[] = [];
  for (const [id, positions] of Object.entries(emotes)) {
    for (const pos of positions) {
      const m = /^(\d+)-(\d+)$/.exec(pos);
      if (!m) continue;
      const start = Number(m[1]);
      const end = Number(m[2]);
      if (end < start || end >= cps.length) continue;
      out.push({ id: id.slice(0, 64), name: cps.slice(start, end + 1).join('').slice(0, 100), start, end });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Roles from badges and the legacy mod/subscriber/vip tags. */
export function mapRoles(tags: TmiTags): Role[] {
  const badges = tags.badges ?? {};
  const roles: Role[] = [];
  if ('broadcaster' in badges) roles.push('broadcaster');
  if (tags.mod === true || 'moderator' in badges) roles.push('moderator');
  if (tags.vip === true || 'vip' in badges) roles.push('vip');
  if (tags.subscriber === true || 'subscriber' in badges || 'founder' in badges) roles.push('subscriber');
  return roles;
}

const bare = (channel: string): string => channel.replace(/^#/, '').toLowerCase();

/** One tmi.js chat line → a ChatMessage candidate (validated by the caller). */
export function mapMessage(channel: string, tags: TmiTags, text: string, now: number): unknown {
  const name = tags.username ?? 'unknown';
  return {
    id: tags.id ?? randomUUID(),
    platform: 'twitch',
    channel: bare(channel),
    user: {
      id: tags['user-id'] ?? `login:${name}`,
      name,
      displayName: tags['display-name'] || name,
      roles: mapRoles(tags),
      ...(tags['first-msg'] === true ? { firstMessage: true } : {}),
    },
    text,
    emotes: mapEmotes(tags.emotes, text),
    receivedAt: now,
  };
}

export function twitchSource(cfg: TwitchConfig, deps: TwitchDeps = {}): TwitchSource {
  const now = deps.clock ?? Date.now;
  const log = deps.log ?? (() => undefined);
  const lt = deps.logText ?? LOG_TEXT.en;
  const channels = cfg.channels.map(bare);
  const identity = cfg.username && cfg.oauthToken ? { username: cfg.username, token: cfg.oauthToken } : null;
  const who = identity ? say('twAs', identity.username) : say('twAnonReadOnly');
  const where = channels.length ? channels.map((c) => `#${c}`).join(', ') : say('twNoChannels');
  const status = new StatusTracker('twitch', 'twitch', now, say('twWhere', where, who));
  const messages = new Subject<ChatMessage>();
  const modEvents = new Subject<ModEvent>();
  let invalid = 0;
  let started = false;
  let stopped = false;

  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, setLevel: () => undefined };
  const client = new tmi.Client({
    // joinInterval 500 ms keeps under Twitch's 20 JOINs per 10 s (tmi.js's default is 2 s).
    options: { skipUpdatingEmotesets: true, debug: false, joinInterval: 500 },
    connection: {
      ...(cfg.server !== undefined ? { server: cfg.server } : {}),
      ...(cfg.port !== undefined ? { port: cfg.port } : {}),
      ...(cfg.secure !== undefined ? { secure: cfg.secure } : {}),
      reconnect: true,
      reconnectInterval: cfg.reconnectIntervalMs,
      reconnectDecay: 1.5,
      maxReconnectInterval: Math.max(30_000, cfg.reconnectIntervalMs),
      maxReconnectAttempts: Infinity,
    },
    // The token is handed over lazily, so it is not kept in tmi.js's options as a plain string.
    ...(identity ? { identity: { username: identity.username, password: () => `oauth:${identity.token.reveal().replace(/^oauth:/, '')}` } } : {}),
    channels: [...channels],
    logger: silent,
  });

  client.on('connecting', () => {
    if (!stopped) status.set('connecting', say('connecting', say('twWhere', where, who)));
  });
  client.on('connected', () => {
    if (stopped) {
      // A reconnect timer tmi.js had already armed fired after stop(): close again.
      client.disconnect().catch(() => undefined /* already closed */);
      return;
    }
    status.set('connected', say('twWhere', where, who));
  });
  client.on('disconnected', (reason: string) => {
    if (stopped) return;
    // tmi.js gives up (reconnect = false) when Twitch refuses the login: retrying would not help.
    if ((client as unknown as { reconnect: boolean }).reconnect === false) {
      status.set('error', say('twLoginRefused', identity?.username ?? say('twAnonymous'), networkReason(reason)));
      log(lt.twitchLoginRefused(reason));
      return;
    }
    status.set('disconnected', say('twDropped', networkReason(reason)));
    log(lt.twitchDisconnected(reason));
  });
  client.on('reconnect', () => {
    if (!stopped) status.set('connecting', say('twReconnecting', where));
  });

  client.on('message', (channel: string, tags: TmiTags, text: string, self: boolean) => {
    if (self || stopped) return;
    if (tags['message-type'] === 'whisper') return;
    const parsed = ChatMessageSchema.safeParse(mapMessage(channel, tags, text.slice(0, 2000), now()));
    if (!parsed.success) {
      invalid++;
      log(lt.twitchInvalid(channel, parsed.error.issues[0]?.message ?? 'invalid'));
      return;
    }
    messages.next(parsed.data);
  });
  client.on('messagedeleted', (channel: string, username: string, _deleted: string, tags: { 'target-msg-id'?: string }) => {
    const messageId = tags['target-msg-id'];
    if (!messageId) return;
    modEvents.next({ kind: 'delete', platform: 'twitch', channel: bare(channel), messageId, ...(username ? { userName: username } : {}), at: now() });
  });
  client.on('timeout', (channel: string, username: string, _reason: string, duration: number, tags: { 'target-user-id'?: string }) => {
    const userId = tags['target-user-id'];
    modEvents.next({ kind: 'timeout', platform: 'twitch', channel: bare(channel), ...(userId ? { userId } : {}), userName: username, durationS: duration, at: now() });
  });
  client.on('ban', (channel: string, username: string, _reason: string, tags: { 'target-user-id'?: string }) => {
    const userId = tags['target-user-id'];
    modEvents.next({ kind: 'ban', platform: 'twitch', channel: bare(channel), ...(userId ? { userId } : {}), userName: username, at: now() });
  });
  client.on('clearchat', (channel: string) => {
    modEvents.next({ kind: 'clear', platform: 'twitch', channel: bare(channel), at: now() });
  });

  const start = (): void => {
    if (started || stopped) return;
    started = true;
    if (channels.length === 0) status.set('error', say('twNotConfigured'));
    client.connect().catch((err: unknown) => {
      // tmi.js keeps retrying on its own; the status already says 'disconnected'.
      if (!stopped) log(lt.twitchConnectFailed(err instanceof Error ? err.message : String(err)));
    });
  };

  return {
    name: 'twitch',
    sliced: true,
    ...startedOnSubscribe(start, messages, modEvents),
    status$: status.status$,
    get invalid() {
      return invalid;
    },
    async say(channel: string, text: string): Promise<void> {
      if (!identity) throw new ShowrunnerError('SR_FORBIDDEN', 'twitch: an anonymous connection is read-only; set twitch.username and the OAuth token to send messages');
      if (status.current.state !== 'connected') throw new ShowrunnerError('SR_NO_ACTIVE', `twitch: not connected (${status.current.state}); try again once connected`);
      await client.say(`#${bare(channel)}`, text);
    },
    stop(): void {
      if (stopped) return;
      stopped = true;
      status.set('stopped', say('stopped', where));
      messages.complete();
      modEvents.complete();
      if (started) client.disconnect().catch(() => undefined /* not connected: nothing to close */);
    },
  };
}
