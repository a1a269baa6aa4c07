/**
 * Enforcement on Twitch through the Helix HTTP API. Twitch removed the IRC moderation commands
 * (/timeout, /ban, /delete) in February 2023, so tmi.js cannot do this; Helix can:
 *   DELETE /moderation/chat?broadcaster_id&moderator_id&message_id          → 204
 *   POST   /moderation/bans?broadcaster_id&moderator_id {data:{user_id, duration?, reason}} → 200
 * with `Authorization: Bearer <user token with moderator:manage:* scopes>` and `Client-Id`.
 *
 * Every call resolves to a result value; HTTP and network errors are never thrown. After a 429 the
 * client holds further calls until the `Ratelimit-Reset` time instead of hammering the API.
 */
import { z } from 'zod';
import type { Config } from '../../config/schema.js';

export type HelixConfig = Config['helix'];

export type EnforceResult =
  | { readonly ok: true; readonly status: number }
  | {
      readonly ok: false;
      /** HTTP status, or 0 when no request was made or it never got an answer. */
      readonly status: number;
      readonly message: string;
      /** After a 429: how long until the rate-limit bucket refills. */
      readonly retryAfterMs?: number;
    };

/** What enforcement needs from a platform. */
export interface Enforcer {
  deleteMessage(messageId: string): Promise<EnforceResult>;
  timeout(userId: string, seconds: number, reason: string): Promise<EnforceResult>;
  ban(userId: string, reason: string): Promise<EnforceResult>;
}

export interface HelixDeps {
  fetch?: typeof fetch;
  /** Wall clock in ms (for the rate-limit hold). */
  now?: () => number;
  /** Per-request timeout. Default 10 s. */
  requestTimeoutMs?: number;
}

/** Helix limits: timeouts are 1 s to 2 weeks, reasons at most 500 characters. */
export const MAX_TIMEOUT_S = 1_209_600;
export const MAX_REASON_LENGTH = 500;

const HelixErrorSchema = z.object({ error: z.string().optional(), status: z.number().optional(), message: z.string().optional() });
const BanResponseSchema = z.object({ data: z.array(z.object({ user_id: z.string() })).min(1) });

const REQUIRED = ['clientId', 'token', 'broadcasterId', 'moderatorId'] as const;

/** The settings enforcement is missing, as config paths (empty when ready). */
export function missingHelixSettings(cfg: HelixConfig): string[] {
  return REQUIRED.filter((k) => cfg[k] === undefined || (typeof cfg[k] === 'string' && cfg[k] === '')).map((k) => `helix.${k}`);
}

export function helixClient(cfg: HelixConfig, deps: HelixDeps = {}): Enforcer {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const timeoutMs = deps.requestTimeoutMs ?? 10_000;
  const base = cfg.baseUrl.replace(/\/+$/, '');
  const missing = missingHelixSettings(cfg);
  let heldUntil = 0;

  async function call(method: 'DELETE' | 'POST', path: string, query: Record<string, string>, body?: unknown): Promise<EnforceResult & { json?: unknown }> {
    if (missing.length > 0) return { ok: false, status: 0, message: `Helix is not configured: set ${missing.join(', ')}` };
    const wait = heldUntil - now();
    if (wait > 0) return { ok: false, status: 429, message: `rate limited by Twitch; holding calls for ${Math.ceil(wait / 1000)} s`, retryAfterMs: wait };
    const params = new URLSearchParams({ broadcaster_id: cfg.broadcasterId!, moderator_id: cfg.moderatorId!, ...query });
    let res: Response;
    try {
      res = await doFetch(`${base}${path}?${params.toString()}`, {
        method,
        headers: {
          Authorization: `Bearer ${cfg.token!.reveal().replace(/^oauth:/, '')}`,
          'Client-Id': cfg.clientId!.reveal(),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      return { ok: false, status: 0, message: `no answer from Helix (${e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : e.message})` };
    }
    const text = await res.text().catch(() => '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined; // not JSON (a proxy's HTML page...): the status tells enough
    }
    if (res.ok) return { ok: true, status: res.status, json };
    const parsed = HelixErrorSchema.safeParse(json);
    const detail = parsed.success ? (parsed.data.message ?? parsed.data.error ?? '') : text.slice(0, 150);
    if (res.status === 429) {
      const reset = Number(res.headers.get('Ratelimit-Reset'));
      const until = Number.isFinite(reset) && reset > 0 ? reset * 1000 : now() + 1000;
      heldUntil = Math.max(heldUntil, until);
      return { ok: false, status: 429, message: `rate limited by Twitch${detail ? `: ${detail}` : ''}`, retryAfterMs: Math.max(0, until - now()) };
    }
    const hint = res.status === 401 ? ' (check helix.token and helix.clientId)' : res.status === 403 ? ' (is helix.moderatorId a moderator of the channel?)' : '';
    return { ok: false, status: res.status, message: `${method} ${path} failed with ${res.status}${detail ? `: ${detail}` : ''}${hint}` };
  }

  const strip = (r: EnforceResult & { json?: unknown }): EnforceResult => (r.ok ? { ok: true, status: r.status } : r);

  async function banOrTimeout(userId: string, reason: string, seconds?: number): Promise<EnforceResult> {
    if (!userId || !/^\d+$/.test(userId)) return { ok: false, status: 0, message: `not a Twitch user id: "${userId.slice(0, 40)}"` };
    if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_TIMEOUT_S)) {
      return { ok: false, status: 0, message: `a timeout is 1 to ${MAX_TIMEOUT_S} whole seconds, got ${seconds}` };
    }
    const data = { user_id: userId, ...(seconds !== undefined ? { duration: seconds } : {}), reason: reason.slice(0, MAX_REASON_LENGTH) };
    const r = await call('POST', '/moderation/bans', {}, { data });
    if (r.ok && !BanResponseSchema.safeParse(r.json).success) return { ok: false, status: r.status, message: 'Helix answered the ban without the expected data' };
    return strip(r);
  }

  return {
    async deleteMessage(messageId: string): Promise<EnforceResult> {
      if (!messageId) return { ok: false, status: 0, message: 'no message id' };
      return strip(await call('DELETE', '/moderation/chat', { message_id: messageId }));
    },
    timeout: (userId, seconds, reason) => banOrTimeout(userId, reason, seconds),
    ban: (userId, reason) => banOrTimeout(userId, reason),
  };
}
