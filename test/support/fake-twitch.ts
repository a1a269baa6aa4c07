/**
 * A local Twitch-compatible chat server for tests: ws with the 'irc' subprotocol, speaking the lines
 * tmi.js 1.8.5 expects (see ../shared/REAL-COMPONENTS.md, section 3). Tests push PRIVMSGs with tags,
 * other moderators' CLEARMSG/CLEARCHAT, drop every connection or ask clients to RECONNECT, and await
 * 'joined' events instead of sleeping.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeTwitchOptions {
  /** When set, logged-in clients must send `PASS oauth:<token>`; others get "Login authentication failed". */
  token?: string;
  /** Room id sent in ROOMSTATE and tags. */
  roomId?: string;
}

interface Conn {
  readonly ws: WebSocket;
  nick: string | null;
  pass: string | null;
  readonly channels: Set<string>;
}

export interface PushUser {
  login: string;
  displayName?: string;
  id: string;
  /** e.g. 'moderator/1,subscriber/12'. */
  badges?: string;
  mod?: boolean;
  subscriber?: boolean;
  vip?: boolean;
  firstMessage?: boolean;
  color?: string;
}

export interface JoinedEvent {
  nick: string;
  channel: string;
}

/** Escapes an IRCv3 tag value. */
export function escapeTag(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\:').replace(/ /g, '\\s').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

function tagString(tags: Record<string, string | number | boolean>): string {
  return Object.entries(tags)
    .map(([k, v]) => `${k}=${escapeTag(typeof v === 'boolean' ? (v ? '1' : '0') : String(v))}`)
    .join(';');
}

const chan = (channel: string): string => (channel.startsWith('#') ? channel : `#${channel}`).toLowerCase();

export class FakeTwitch extends EventEmitter {
  readonly #wss: WebSocketServer;
  readonly #conns = new Set<Conn>();
  readonly #opts: FakeTwitchOptions;
  /** Every line clients sent, in order (PASS lines included, so tests can check what was sent). */
  readonly received: string[] = [];
  /** PRIVMSGs clients sent (client.say). */
  readonly said: { nick: string; channel: string; text: string }[] = [];
  /** Connections accepted so far (reconnects count). */
  connectionsSeen = 0;

  private constructor(wss: WebSocketServer, opts: FakeTwitchOptions) {
    super();
    this.#wss = wss;
    this.#opts = opts;
    wss.on('connection', (ws) => this.#onConnection(ws));
  }

  static async start(opts: FakeTwitchOptions = {}): Promise<FakeTwitch> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has('irc') ? 'irc' : false) });
    await once(wss, 'listening');
    return new FakeTwitch(wss, opts);
  }

  get port(): number {
    return (this.#wss.address() as AddressInfo).port;
  }

  /** Open client connections right now. */
  get connections(): number {
    return this.#conns.size;
  }

  /** Resolves on the next JOIN of `channel` (any channel if omitted). Create it before triggering the join. */
  nextJoin(channel?: string): Promise<JoinedEvent> {
    return new Promise((resolve) => {
      const on = (e: JoinedEvent): void => {
        if (channel && e.channel !== chan(channel)) return;
        this.off('joined', on);
        resolve(e);
      };
      this.on('joined', on);
    });
  }

  /** Sends a PRIVMSG to every client in the channel; returns the message id. */
  privmsg(channel: string, user: PushUser, text: string, extraTags: Record<string, string | number | boolean> = {}): string {
    const id = (extraTags['id'] as string | undefined) ?? randomUUID();
    const badges = user.badges ?? '';
    const tags: Record<string, string | number | boolean> = {
      'badge-info': '',
      badges,
      color: user.color ?? '',
      'display-name': user.displayName ?? user.login,
      emotes: '',
      'first-msg': user.firstMessage ?? false,
      flags: '',
      id,
      mod: user.mod ?? badges.includes('moderator/'),
      'returning-chatter': false,
      'room-id': this.#opts.roomId ?? '12345',
      subscriber: user.subscriber ?? badges.includes('subscriber/'),
      'tmi-sent-ts': Date.now(),
      turbo: false,
      'user-id': user.id,
      'user-type': user.mod ? 'mod' : '',
      ...(user.vip ? { vip: true } : {}),
      ...extraTags,
    };
    this.#toChannel(channel, `@${tagString(tags)} :${user.login}!${user.login}@${user.login}.tmi.twitch.tv PRIVMSG ${chan(channel)} :${text}`);
    return id;
  }

  /** Another moderator deleted one message. */
  clearMsg(channel: string, login: string, targetMsgId: string, text: string): void {
    this.#toChannel(channel, `@${tagString({ login, 'room-id': '', 'target-msg-id': targetMsgId, 'tmi-sent-ts': Date.now() })} :tmi.twitch.tv CLEARMSG ${chan(channel)} :${text}`);
  }

  /** Another moderator timed out (durationS) or banned (no duration) a user, or cleared the chat (no target). */
  clearChat(channel: string, target?: { login: string; userId: string; durationS?: number }): void {
    const room = this.#opts.roomId ?? '12345';
    if (!target) {
      this.#toChannel(channel, `@${tagString({ 'room-id': room, 'tmi-sent-ts': Date.now() })} :tmi.twitch.tv CLEARCHAT ${chan(channel)}`);
      return;
    }
    const tags: Record<string, string | number> = { 'room-id': room, 'target-user-id': target.userId, 'tmi-sent-ts': Date.now() };
    if (target.durationS !== undefined) tags['ban-duration'] = target.durationS;
    this.#toChannel(channel, `@${tagString(tags)} :tmi.twitch.tv CLEARCHAT ${chan(channel)} :${target.login}`);
  }

  /** Sends raw lines to every client (one frame). */
  raw(lines: string | string[]): void {
    for (const c of this.#conns) this.#send(c, lines);
  }

  /** Kills every connection without a close handshake (like a network drop). */
  dropAll(): void {
    for (const c of this.#conns) c.ws.terminate();
  }

  /** Asks every client to reconnect, as Twitch does before a server restart. */
  sendReconnect(): void {
    this.raw(':tmi.twitch.tv RECONNECT');
  }

  async close(): Promise<void> {
    for (const c of this.#conns) c.ws.terminate();
    await new Promise<void>((resolve, reject) => this.#wss.close((err) => (err ? reject(err) : resolve())));
  }

  #toChannel(channel: string, line: string): void {
    for (const c of this.#conns) if (c.channels.has(chan(channel))) this.#send(c, line);
  }

  #send(c: Conn, lines: string | string[]): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    c.ws.send(`${([] as string[]).concat(lines).join('\r\n')}\r\n`);
  }

  #onConnection(ws: WebSocket): void {
    const c: Conn = { ws, nick: null, pass: null, channels: new Set() };
    this.#conns.add(c);
    this.connectionsSeen++;
    ws.on('close', () => {
      this.#conns.delete(c);
      this.emit('closed', c.nick);
    });
    ws.on('message', (data) => {
      for (const line of data.toString().split('\r\n').filter(Boolean)) this.#onLine(c, line);
    });
    this.emit('connection');
  }

  #onLine(c: Conn, line: string): void {
    this.received.push(line);
    const space = line.indexOf(' ');
    const cmd = space < 0 ? line : line.slice(0, space);
    const arg = space < 0 ? '' : line.slice(space + 1);
    switch (cmd) {
      case 'CAP':
        this.#send(c, `:tmi.twitch.tv CAP * ACK :${arg.replace(/^REQ :/, '')}`);
        break;
      case 'PASS':
        c.pass = arg;
        break;
      case 'NICK': {
        c.nick = arg;
        const anonymous = arg.startsWith('justinfan');
        if (!anonymous && this.#opts.token !== undefined && c.pass !== `oauth:${this.#opts.token}`) {
          this.#send(c, ':tmi.twitch.tv NOTICE * :Login authentication failed');
          c.ws.close();
          return;
        }
        const lines = [`:tmi.twitch.tv 001 ${arg} :Welcome, GLHF!`, `:tmi.twitch.tv 376 ${arg} :>`];
        if (!anonymous) lines.push(`@badge-info=;badges=;color=;display-name=${arg};emote-sets=0;user-id=999;user-type= :tmi.twitch.tv GLOBALUSERSTATE`);
        this.#send(c, lines);
        break;
      }
      case 'JOIN': {
        const nick = c.nick ?? 'unknown';
        for (const ch of arg.split(',')) {
          const channel = chan(ch);
          c.channels.add(channel);
          const lines = [
            `:${nick}!${nick}@${nick}.tmi.twitch.tv JOIN ${channel}`,
            `:${nick}.tmi.twitch.tv 353 ${nick} = ${channel} :${nick}`,
            `:${nick}.tmi.twitch.tv 366 ${nick} ${channel} :End of /NAMES list`,
            `@emote-only=0;followers-only=-1;r9k=0;room-id=${this.#opts.roomId ?? '12345'};slow=0;subs-only=0 :tmi.twitch.tv ROOMSTATE ${channel}`,
          ];
          if (!nick.startsWith('justinfan')) lines.push(`@badges=moderator/1;display-name=${nick};emote-sets=0;mod=1;subscriber=0;user-type=mod :tmi.twitch.tv USERSTATE ${channel}`);
          this.#send(c, lines);
          this.emit('joined', { nick, channel } satisfies JoinedEvent);
        }
        break;
      }
      case 'PART':
        c.channels.delete(chan(arg));
        break;
      case 'PING':
        this.#send(c, 'PONG :tmi.twitch.tv');
        break;
      case 'PRIVMSG': {
        const m = /^(#\S+) :(.*)$/.exec(arg);
        if (m) {
          const said = { nick: c.nick ?? 'unknown', channel: m[1]!, text: m[2]! };
          this.said.push(said);
          this.emit('said', said);
        }
        break;
      }
      default:
        break;
    }
  }
}
