/**
 * The Helix client and the enforcement ladder against a local fake Helix server: headers, ids and
 * bodies as Twitch wants them, every HTTP failure a result value, 429 handling with Ratelimit-Reset.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../config/chat.js';
import { ConfigSchema } from '../../config/schema.js';
import { createEnforcement } from '../../server/enforcement/enforcement.js';
import { helixClient } from '../../server/enforcement/helix.js';
import { FakeHelix, type FakeHelixOptions } from '../support/fake-helix.js';

const TOKEN = 'helixusertoken0123456789';
const CLIENT = 'clientid0123456789';
let helix: FakeHelix;
let clock = 1_800_000_000_000;
const now = (): number => clock;

async function startHelix(extra: Partial<FakeHelixOptions> = {}): Promise<FakeHelix> {
  helix = await FakeHelix.start({ clientId: CLIENT, token: TOKEN, broadcasterId: '100', moderatorId: '200', now, ...extra });
  return helix;
}
beforeEach(() => {
  clock = 1_800_000_000_000;
});
afterEach(async () => {
  await helix?.close();
});

function helixCfg(extra: Record<string, unknown> = {}) {
  return ConfigSchema.parse({ helix: { baseUrl: helix.baseUrl, clientId: CLIENT, token: TOKEN, broadcasterId: '100', moderatorId: '200', ...extra } }).helix;
}

const msg = (userId: string, id = 'msg-1', extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  platform: 'twitch',
  channel: 'luna',
  user: { id: userId, name: `user${userId}`, displayName: `User${userId}`, roles: [] },
  text: '加微信 abc123',
  emotes: [],
  receivedAt: clock,
  ...extra,
});

describe('helixClient', () => {
  it('deletes a message with the Helix query, Bearer token and Client-Id', async () => {
    await startHelix();
    const r = await helixClient(helixCfg(), { now }).deleteMessage('abc-123');
    expect(r).toEqual({ ok: true, status: 204 });
    expect(helix.calls).toEqual([
      expect.objectContaining({
        method: 'DELETE',
        path: '/helix/moderation/chat',
        query: { broadcaster_id: '100', moderator_id: '200', message_id: 'abc-123' },
        authorization: 'Bearer <token>',
        clientId: CLIENT,
        status: 204,
      }),
    ]);
    expect(helix.deleted).toEqual(['abc-123']);
  });

  it('times out with a duration and bans without one; a second ban is a 400 result, not a throw', async () => {
    await startHelix();
    const client = helixClient(helixCfg(), { now });
    expect(await client.timeout('3001', 600, 'spam')).toEqual({ ok: true, status: 200 });
    expect(helix.calls[0]).toMatchObject({ method: 'POST', path: '/helix/moderation/bans', contentType: 'application/json', body: { data: { user_id: '3001', duration: 600, reason: 'spam' } } });
    expect(helix.bans.get('3001')).toBe(clock + 600_000);
    expect(await client.ban('3002', 'x'.repeat(600))).toEqual({ ok: true, status: 200 });
    expect((helix.calls[1]!.body as { data: { reason: string; duration?: number } }).data).toEqual({ user_id: '3002', reason: 'x'.repeat(500) });
    const again = await client.ban('3002', 'again');
    expect(again).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('already banned') });
  });

  it.each([
    ['a bad token', { token: 'wrongtoken0000000000' }, 401, /Invalid OAuth token.*check helix\.token/],
    ['another app\'s client id', { clientId: 'otherclient0000000' }, 401, /Client ID and OAuth token do not match/],
    ['a moderator id not matching the token', { moderatorId: '999' }, 401, /must match the user ID/],
    ['a channel the moderator does not moderate', { broadcasterId: '555' }, 403, /not one of the broadcaster's moderators.*moderatorId/],
  ])('answers %s with a result value', async (_name, override, status, message) => {
    await startHelix();
    const r = await helixClient(helixCfg(override), { now }).deleteMessage('m1');
    expect(r).toMatchObject({ ok: false, status });
    if (!r.ok) {
      expect(r.message).toMatch(message);
      expect(r.message).not.toContain(TOKEN);
      expect(r.message).not.toContain('wrongtoken');
    }
  });

  it('strips an oauth: prefix from the token', async () => {
    await startHelix();
    expect(await helixClient(helixCfg({ token: `oauth:${TOKEN}` }), { now }).deleteMessage('m')).toEqual({ ok: true, status: 204 });
  });

  it('reports an unknown message as 404', async () => {
    await startHelix({ knownMessageIds: new Set(['known']) });
    const client = helixClient(helixCfg(), { now });
    expect(await client.deleteMessage('known')).toEqual({ ok: true, status: 204 });
    expect(await client.deleteMessage('gone')).toMatchObject({ ok: false, status: 404, message: expect.stringContaining('not found') });
  });

  it('on 429 holds calls until Ratelimit-Reset without hitting the API, then goes on', async () => {
    await startHelix({ limit: 3, windowMs: 60_000 });
    const client = helixClient(helixCfg(), { now });
    for (let i = 0; i < 3; i++) expect((await client.deleteMessage(`m${i}`)).ok).toBe(true);
    const limited = await client.deleteMessage('m3');
    expect(limited).toMatchObject({ ok: false, status: 429 });
    if (!limited.ok) {
      expect(limited.retryAfterMs).toBeGreaterThan(50_000);
      expect(limited.retryAfterMs).toBeLessThanOrEqual(61_000);
    }
    const last = helix.calls.at(-1)!;
    expect(last.status).toBe(429);
    expect(helix.calls).toHaveLength(4);
    const held = await client.ban('3001', 'spam');
    expect(held).toMatchObject({ ok: false, status: 429, message: expect.stringContaining('holding calls') });
    expect(helix.calls).toHaveLength(4); // nothing sent while held
    clock += 61_000;
    expect(await client.ban('3001', 'spam')).toEqual({ ok: true, status: 200 });
    expect(helix.calls).toHaveLength(5);
  });

  it('refuses bad input and missing settings without a request', async () => {
    await startHelix();
    const client = helixClient(helixCfg(), { now });
    expect(await client.timeout('3001', 0, 'x')).toMatchObject({ ok: false, status: 0, message: expect.stringContaining('1 to 1209600') });
    expect(await client.timeout('3001', 2_000_000, 'x')).toMatchObject({ ok: false, status: 0 });
    expect(await client.ban('login:bob', 'x')).toMatchObject({ ok: false, status: 0, message: expect.stringContaining('not a Twitch user id') });
    const unconfigured = helixClient(ConfigSchema.parse({ helix: { baseUrl: helix.baseUrl } }).helix, { now });
    expect(await unconfigured.deleteMessage('m')).toEqual({
      ok: false,
      status: 0,
      message: 'Helix is not configured: set helix.clientId, helix.token, helix.broadcasterId, helix.moderatorId',
    });
    expect(helix.calls).toEqual([]);
  });

  it('turns a dead server into a status-0 result', async () => {
    await startHelix();
    const cfg = helixCfg();
    await helix.close();
    const r = await helixClient(cfg, { now }).deleteMessage('m');
    expect(r).toMatchObject({ ok: false, status: 0, message: expect.stringContaining('no answer from Helix') });
  });
});

describe('createEnforcement against fake Helix', () => {
  it('is off by default: nothing is sent', async () => {
    await startHelix();
    const e = createEnforcement(helixCfg(), { now });
    expect(await e.enforce('reject', msg('3001'))).toEqual({ done: false, skipped: 'enforcement is off (helix.enforce: false)' });
    expect(helix.calls).toEqual([]);
  });

  it('walks a repeat offender up the ladder: delete → timeout 600 → timeout 86400 → ban', async () => {
    await startHelix();
    const logs: string[] = [];
    const e = createEnforcement(helixCfg({ enforce: true }), { now, log: (l) => logs.push(l) });
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(await e.enforce('reject', msg('3001', `m${i}`)));
      clock += 1000;
    }
    expect(outcomes.map((o) => (o.done ? [o.action.action, o.action.seconds ?? null, o.offence, o.result.ok] : o.skipped))).toEqual([
      ['delete', null, 1, true],
      ['timeout', 600, 2, true],
      ['timeout', 86_400, 3, true],
      ['ban', null, 4, true],
    ]);
    expect(helix.calls.map((c) => `${c.method} ${c.query['message_id'] ?? (c.body as { data: { duration?: number } }).data.duration ?? 'ban'}`)).toEqual([
      'DELETE m0',
      'POST 600',
      'POST 86400',
      'POST ban',
    ]);
    expect(helix.bans.get('3001')).toBeNull();
    expect(logs[3]).toBe('enforcement: ban for user3001 (offence 4)');
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('keeps offenders apart, never touches moderators or the broadcaster, and skips other platforms', async () => {
    await startHelix();
    const e = createEnforcement(helixCfg({ enforce: true }), { now });
    await e.enforce('reject', msg('3001', 'a'));
    const other = await e.enforce('reject', msg('3002', 'b'));
    expect(other.done && other.action.action).toBe('delete');
    const mod = await e.enforce('reject', msg('3003', 'c', { user: { id: '3003', name: 'kev', displayName: 'Kev', roles: ['moderator'] } }));
    expect(mod).toEqual({ done: false, skipped: 'kev is the broadcaster or a moderator' });
    const demo = await e.enforce('reject', msg('3004', 'd', { platform: 'demo' }));
    expect(demo).toEqual({ done: false, skipped: 'not a Twitch message (demo)' });
    expect(helix.calls).toHaveLength(2);
  });

  it('applies explicit timeout and ban decisions, and falls back to delete without a numeric user id', async () => {
    await startHelix();
    const e = createEnforcement(helixCfg({ enforce: true }), { now });
    const t = await e.enforce('timeout', msg('3001', 'a'), '辱骂 abuse');
    expect(t.done && t.action).toEqual({ action: 'timeout', seconds: 600 });
    expect(helix.calls[0]!.body).toEqual({ data: { user_id: '3001', duration: 600, reason: '辱骂 abuse' } });
    const b = await e.enforce('ban', msg('3002', 'b'));
    expect(b.done && b.action).toEqual({ action: 'ban' });
    const noId = await e.enforce('ban', msg('login:anon', 'c'));
    expect(noId.done && noId.action).toEqual({ action: 'delete' });
    expect(helix.calls.at(-1)!.query['message_id']).toBe('c');
  });

  it('reports a Helix failure in the outcome instead of throwing', async () => {
    await startHelix();
    const e = createEnforcement(helixCfg({ enforce: true, token: 'wrongtoken0000000000' }), { now });
    const r = await e.enforce('reject', msg('3001'));
    expect(r).toMatchObject({ done: true, result: { ok: false, status: 401 } });
  });

  it('skips with a clear reason when enforcement is on but Helix is not configured', async () => {
    await startHelix();
    const cfg = ConfigSchema.parse({ helix: { enforce: true, baseUrl: helix.baseUrl, broadcasterId: '100' } }).helix;
    const r = await createEnforcement(cfg, { now }).enforce('reject', msg('3001'));
    expect(r).toEqual({ done: false, skipped: 'Helix is not configured: set helix.clientId, helix.token, helix.moderatorId' });
  });
});
