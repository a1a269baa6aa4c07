/**
 * Enforcement on YouTube Live through the Data API, behind the same Enforcer interface as Helix:
 *   DELETE {base}/liveChat/messages?id={messageId}                                         → 204  (50 units)
 *   POST   {base}/liveChat/bans?part=snippet {snippet:{liveChatId, type: temporary|permanent,
 *          banDurationSeconds?, bannedUserDetails:{channelId}}}                            → 200  (50 units)
 * with `Authorization: Bearer <OAuth token of the channel owner or a moderator, scope youtube.force-ssl>`,
 * kept fresh by server/sources/youtube-auth.ts when a refresh token is configured (a 401 refreshes once and retries).
 * Off by default (`youtube.enforce`). Every call resolves to a result value, never throws; after a
 * rate limit or an exhausted quota further calls are held instead of spending more.
 */
import type { Config } from '../../config/schema.js';
import { ApiErrorSchema, QUOTA_COST, type YouTubeQuota } from '../sources/youtube.js';
import { YouTubeTokens } from '../sources/youtube-auth.js';
import type { EnforceResult, Enforcer } from './helix.js';

export type YouTubeEnforceConfig = Config['youtube'];

export interface YouTubeEnforcerDeps {
  /** The live chat being read (known once the source found it). */
  liveChatId: () => string | undefined;
  quota: YouTubeQuota;
  /** The OAuth access token, kept fresh (share the source's); default: built from the config. */
  tokens?: YouTubeTokens;
  fetch?: typeof fetch;
  now?: () => number;
  requestTimeoutMs?: number;
  /** How long to hold calls after a 429 / quotaExceeded. Default 60 s. */
  holdMs?: number;
}

/** YouTube channel ids: UC + 22 characters. */
export const YOUTUBE_CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;

export function youtubeEnforcer(cfg: YouTubeEnforceConfig, deps: YouTubeEnforcerDeps): Enforcer {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const timeoutMs = deps.requestTimeoutMs ?? 10_000;
  const base = cfg.baseUrl.replace(/\/+$/, '');
  const tokens = deps.tokens ?? new YouTubeTokens(cfg, { fetch: doFetch, now });
  let heldUntil = 0;

  async function call(method: 'DELETE' | 'POST', path: string, query: Record<string, string>, cost: number, body?: unknown, again = true): Promise<EnforceResult> {
    if (!tokens.configured) return { ok: false, status: 0, message: 'YouTube moderation needs OAuth: set YOUTUBE_OAUTH_TOKEN, or YOUTUBE_REFRESH_TOKEN with YOUTUBE_CLIENT_ID and YOUTUBE_CLIENT_SECRET (scope youtube.force-ssl)' };
    const wait = heldUntil - now();
    if (wait > 0) return { ok: false, status: 429, message: `YouTube asked us to wait; holding calls for ${Math.ceil(wait / 1000)} s`, retryAfterMs: wait };
    let authorization: string | undefined;
    try {
      authorization = await tokens.authorization();
    } catch (err) {
      return { ok: false, status: 401, message: `YouTube OAuth: ${(err as Error).message}` };
    }
    deps.quota.spend(cost);
    let res: Response;
    try {
      res = await doFetch(`${base}${path}?${new URLSearchParams(query).toString()}`, {
        method,
        headers: { ...(authorization ? { Authorization: authorization } : {}), Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      return { ok: false, status: 0, message: `no answer from YouTube (${e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : e.message})` };
    }
    const text = await res.text().catch(() => '');
    if (res.ok) return { ok: true, status: res.status };
    if (res.status === 401 && again) {
      // the access token expired or was revoked: one refresh, one more try
      let refreshed = false;
      try {
        refreshed = await tokens.unauthorized(authorization);
      } catch (err) {
        return { ok: false, status: 401, message: `YouTube OAuth: ${(err as Error).message}` };
      }
      if (refreshed) return call(method, path, query, cost, body, false);
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const p = ApiErrorSchema.safeParse(json);
    const reason = p.success ? (p.data.error.errors[0]?.reason ?? '') : '';
    const detail = p.success ? p.data.error.message : text.slice(0, 150);
    if (res.status === 429 || reason === 'quotaExceeded' || reason === 'rateLimitExceeded') {
      const hold = deps.holdMs ?? 60_000;
      heldUntil = Math.max(heldUntil, now() + hold);
      return { ok: false, status: res.status, message: `YouTube ${reason || 'rate limit'}: ${detail}`, retryAfterMs: hold };
    }
    const hint = res.status === 401 ? (tokens.canRefresh ? ' (check YOUTUBE_REFRESH_TOKEN and the OAuth client)' : ' (check YOUTUBE_OAUTH_TOKEN, or set YOUTUBE_REFRESH_TOKEN to keep it fresh)') : res.status === 403 ? ' (is the token owner the channel owner or a moderator?)' : '';
    return { ok: false, status: res.status, message: `${method} ${path} failed with ${res.status}${reason ? ` ${reason}` : ''}: ${detail}${hint}` };
  }

  async function ban(channelId: string, seconds?: number): Promise<EnforceResult> {
    if (!YOUTUBE_CHANNEL_ID.test(channelId)) return { ok: false, status: 0, message: `not a YouTube channel id: "${channelId.slice(0, 40)}"` };
    const liveChatId = deps.liveChatId();
    if (!liveChatId) return { ok: false, status: 0, message: 'no live chat yet (the YouTube source has not found it)' };
    const snippet = { liveChatId, type: seconds === undefined ? 'permanent' : 'temporary', ...(seconds === undefined ? {} : { banDurationSeconds: seconds }), bannedUserDetails: { channelId } };
    return call('POST', '/liveChat/bans', { part: 'snippet' }, QUOTA_COST.banInsert, { snippet });
  }

  return {
    async deleteMessage(messageId) {
      if (!messageId) return { ok: false, status: 0, message: 'no message id' };
      return call('DELETE', '/liveChat/messages', { id: messageId }, QUOTA_COST.chatDelete);
    },
    // YouTube's temporary ban takes the configured length when the ladder gives none.
    timeout: (userId, seconds) => ban(userId, Math.max(1, Math.min(86_400, Math.round(seconds || cfg.timeoutSeconds)))),
    ban: (userId) => ban(userId),
  };
}
