/**
 * Real tmi.js 1.8.5 against the local fake Twitch chat server: mapped messages, other moderators'
 * actions, reconnects after a drop and after RECONNECT (gaps visible in the status), the bot identity.
 * No sleeps: every wait is on an event.
 */
import { filter, firstValueFrom, take, toArray, type Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../config/chat.js';
import { ConfigSchema } from '../../config/schema.js';
import type { SourceStatus } from '../../config/views.js';
import { twitchSource, type TwitchSource } from '../../server/sources/twitch.js';
import { FakeTwitch } from '../support/fake-twitch.js';

let server: FakeTwitch;
let source: TwitchSource | null = null;
const logs: string[] = [];

beforeEach(async () => {
  server = await FakeTwitch.start({ token: 'goodtoken1234567890' });
  logs.length = 0;
});
afterEach(async () => {
  source?.stop();
  source = null;
  await server.close();
});

function cfg(extra: Record<string, unknown> = {}) {
  const config = ConfigSchema.parse({ twitch: { channels: ['luna_live', '#Second_Chan'], server: '127.0.0.1', port: server.port, secure: false, reconnectIntervalMs: 50, ...extra } });
  return config.twitch;
}

const nextStatus = (s: TwitchSource, pred: (st: SourceStatus) => boolean): Promise<SourceStatus> => firstValueFrom(s.status$.pipe(filter(pred)));
const collect = <T>(o: Observable<T>, n: number): Promise<T[]> => firstValueFrom(o.pipe(take(n), toArray()));

/** Starts the source and resolves when both channels are joined. */
async function startJoined(extra: Record<string, unknown> = {}): Promise<TwitchSource> {
  const joined = Promise.all([server.nextJoin('luna_live'), server.nextJoin('second_chan')]);
  source = twitchSource(cfg(extra), { log: (l) => logs.push(l) });
  source.messages$.subscribe();
  await joined;
  return source;
}

describe('twitchSource with real tmi.js', () => {
  it('joins anonymously and maps id, user, roles, first-message flag and code-point emote ranges', async () => {
    const src = await startJoined();
    expect(server.received.some((l) => /^NICK justinfan\d+$/.test(l))).toBe(true);
    const got = collect(src.messages$, 3);
    // Two emoji (each 2 UTF-16 units) before the emote: Twitch counts code points, so Kappa is 3-7.
    server.privmsg('luna_live', { login: 'luna', displayName: '露娜', id: '1001', badges: 'broadcaster/1,subscriber/12', firstMessage: false }, '😀🎉 Kappa 运费多少', { emotes: '25:3-7', id: 'm-1' });
    server.privmsg('luna_live', { login: 'newbie', id: '1002', firstMessage: true, badges: 'vip/1' }, 'hi PogChamp LUL PogChamp', { emotes: '305954156:3-10,16-23/425618:12-14', id: 'm-2' });
    server.privmsg('second_chan', { login: 'modkev', displayName: 'ModKev', id: '1003', mod: true, badges: 'moderator/1,founder/0' }, 'semi;colon and\\back slash');
    const [a, b, c] = (await got) as [ChatMessage, ChatMessage, ChatMessage];
    expect(a).toMatchObject({
      id: 'm-1',
      platform: 'twitch',
      channel: 'luna_live',
      text: '😀🎉 Kappa 运费多少',
      user: { id: '1001', name: 'luna', displayName: '露娜', roles: ['broadcaster', 'subscriber'] },
      emotes: [{ id: '25', name: 'Kappa', start: 3, end: 7 }],
    });
    expect(a.user.firstMessage).toBeUndefined();
    expect(b.user).toMatchObject({ name: 'newbie', displayName: 'newbie', roles: ['vip'], firstMessage: true });
    expect(b.emotes).toEqual([
      { id: '305954156', name: 'PogChamp', start: 3, end: 10 },
      { id: '425618', name: 'LUL', start: 12, end: 14 },
      { id: '305954156', name: 'PogChamp', start: 16, end: 23 },
    ]);
    expect(c).toMatchObject({ channel: 'second_chan', text: 'semi;colon and\\back slash', user: { roles: ['moderator', 'subscriber'] } });
    expect(Math.abs(a.receivedAt - Date.now())).toBeLessThan(5000);
    const st = await nextStatus(src, (s) => s.state === 'connected');
    expect(st.detail).toContain('anonymous');
    expect(st.gaps).toEqual([]);
  });

  it('maps other moderators actions: CLEARMSG → delete, CLEARCHAT → timeout / ban / clear', async () => {
    const src = await startJoined();
    const events = collect(src.modEvents$, 4);
    server.clearMsg('luna_live', 'spammer', 'msg-123', 'buy followers');
    server.clearChat('luna_live', { login: 'spammer', userId: '2001', durationS: 600 });
    server.clearChat('second_chan', { login: 'troll', userId: '2002' });
    server.clearChat('luna_live');
    const [del, to, ban, clear] = await events;
    expect(del).toMatchObject({ kind: 'delete', platform: 'twitch', channel: 'luna_live', messageId: 'msg-123', userName: 'spammer' });
    expect(to).toMatchObject({ kind: 'timeout', channel: 'luna_live', userId: '2001', userName: 'spammer', durationS: 600 });
    expect(ban).toMatchObject({ kind: 'ban', channel: 'second_chan', userId: '2002', userName: 'troll' });
    expect(clear).toMatchObject({ kind: 'clear', channel: 'luna_live' });
  });

  it('reconnects by itself after the server drops it, rejoins, and shows the gap in its status', async () => {
    const src = await startJoined();
    await nextStatus(src, (s) => s.state === 'connected');
    const down = nextStatus(src, (s) => s.state === 'disconnected');
    const rejoined = Promise.all([server.nextJoin('luna_live'), server.nextJoin('second_chan')]);
    server.dropAll();
    const d = await down;
    expect(d.gaps).toHaveLength(1);
    expect(d.gaps[0]!.to).toBeNull();
    await rejoined;
    const up = await nextStatus(src, (s) => s.state === 'connected');
    expect(up.gaps).toHaveLength(1);
    expect(up.gaps[0]!.to).toBeGreaterThanOrEqual(up.gaps[0]!.from);
    expect(server.connectionsSeen).toBe(2);
    const got = collect(src.messages$, 1);
    server.privmsg('luna_live', { login: 'back', id: '3001' }, 'still here?');
    expect((await got)[0]!.text).toBe('still here?');
    expect(logs.some((l) => l.includes('disconnected'))).toBe(true);
  });

  it('reconnects on a server RECONNECT request, twice, with two gaps', async () => {
    const src = await startJoined();
    for (let i = 0; i < 2; i++) {
      await nextStatus(src, (s) => s.state === 'connected');
      const rejoined = server.nextJoin('second_chan');
      server.sendReconnect();
      await rejoined;
    }
    const up = await nextStatus(src, (s) => s.state === 'connected' && s.gaps.length === 2 && s.gaps[1]!.to !== null);
    expect(up.gaps.every((g) => g.to !== null && g.to >= g.from)).toBe(true);
    expect(server.connectionsSeen).toBe(3);
  });

  it('logs in as the bot with the OAuth token, says things, and never logs the token', async () => {
    const src = await startJoined({ username: 'showrunner_bot', oauthToken: 'goodtoken1234567890' });
    expect(server.received).toContain('PASS oauth:goodtoken1234567890');
    expect(server.received).toContain('NICK showrunner_bot');
    const st = await nextStatus(src, (s) => s.state === 'connected');
    expect(st.detail).toContain('as showrunner_bot');
    const said = new Promise((resolve) => server.once('said', resolve));
    await src.say('Luna_Live', 'shipping is free over $50 满299包邮');
    await expect(said).resolves.toEqual({ nick: 'showrunner_bot', channel: '#luna_live', text: 'shipping is free over $50 满299包邮' });
    expect(JSON.stringify(st)).not.toContain('goodtoken');
    expect(logs.join('\n')).not.toContain('goodtoken');
  });

  it('reports a refused login as an error, without the token in the status or logs', async () => {
    source = twitchSource(cfg({ username: 'showrunner_bot', oauthToken: 'badtoken99999999999' }), { log: (l) => logs.push(l) });
    source.messages$.subscribe();
    const st = await nextStatus(source, (s) => s.state === 'error');
    expect(st.detail).toMatch(/refused the login as showrunner_bot \(login authentication failed\).*TWITCH_OAUTH_TOKEN/);
    // and as a message each console says in its own language, tmi.js's reason included
    expect(st.message).toEqual({ key: 'twLoginRefused', params: ['showrunner_bot', { key: 'netLoginFailed', params: [] }] });
    expect(st.detail).toContain('Twitch 拒绝了以 showrunner_bot 身份登录（登录认证失败）');
    expect(server.received).toContain('PASS oauth:badtoken99999999999');
    expect(JSON.stringify(st) + logs.join('\n')).not.toContain('badtoken');
    expect(server.connectionsSeen).toBe(1);
  });

  it('refuses to say anything on an anonymous connection', async () => {
    const src = await startJoined();
    await expect(src.say('luna_live', 'hi')).rejects.toMatchObject({ code: 'SR_FORBIDDEN' });
    expect(server.said).toEqual([]);
  });

  it('stop() closes the connection, completes the streams and reports stopped without reconnecting', async () => {
    const src = await startJoined();
    await nextStatus(src, (s) => s.state === 'connected');
    const closed = new Promise((resolve) => server.once('closed', resolve));
    const done = firstValueFrom(src.messages$.pipe(toArray()));
    src.stop();
    await closed;
    await expect(done).resolves.toEqual([]);
    const st = await firstValueFrom(src.status$);
    expect(st.state).toBe('stopped');
    expect(server.connections).toBe(0);
  });
});
