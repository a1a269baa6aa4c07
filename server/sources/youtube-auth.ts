/**
 * YouTube's OAuth access token, kept fresh. Google's access tokens live about an hour; with a
 * refresh token and the OAuth client's id and secret (env YOUTUBE_REFRESH_TOKEN, YOUTUBE_CLIENT_ID,
 * YOUTUBE_CLIENT_SECRET) a new one is asked for at Google's token endpoint
 * (`POST {tokenUrl}` form-encoded grant_type=refresh_token, client_id, client_secret, refresh_token →
 * {access_token, expires_in}) `skewMs` before the old one expires, and again when the API answers
 * 401. One refresh at a time: callers that need a token while one is on its way wait for it. A
 * refused refresh (invalid_grant: the refresh token was revoked or expired; invalid_client) is
 * wrong credentials, not retried; a network error or a 5xx is retried by the caller's backoff.
 * The secrets and tokens are never logged, never put in an error message, and never reach the
 * console: the source's status says only which setting to check.
 * Without refresh settings, a static YOUTUBE_OAUTH_TOKEN is used as it is (it stops working when it
 * expires: the source then says "wrong credentials").
 */
import { z } from 'zod';
import type { Config } from '../../config/schema.js';

export const TokenResponseSchema = z.object({
  access_token: z.string().min(1).max(4096),
  /** Seconds the token is valid for (Google: 3599). */
  expires_in: z.coerce.number().positive().max(7 * 86_400).optional(),
  token_type: z.string().max(40).optional(),
  scope: z.string().max(2000).optional(),
});

export const TokenErrorSchema = z.object({ error: z.string().max(100), error_description: z.string().max(300).optional() });

/** Why a token could not be had: `auth` = wrong credentials (do not retry), `retry` = try again later. */
export class YouTubeAuthError extends Error {
  readonly kind: 'auth' | 'retry';
  constructor(kind: 'auth' | 'retry', message: string) {
    super(message);
    this.kind = kind;
    this.name = 'YouTubeAuthError';
  }
}

type AuthConfig = Pick<Config['youtube'], 'oauthToken' | 'clientId' | 'clientSecret' | 'refreshToken' | 'tokenUrl'>;

export interface YouTubeTokensDeps {
  fetch?: typeof fetch;
  /** The clock the expiry is read on (inject a virtual one in tests). */
  now?: () => number;
  requestTimeoutMs?: number;
  /** Refresh this long before the token expires. Default 60 s. */
  skewMs?: number;
}

export class YouTubeTokens {
  readonly #cfg: AuthConfig;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  readonly #skewMs: number;
  #access: { token: string; expiresAt: number } | null;
  #inflight: Promise<void> | null = null;
  /** Refreshes asked for (for tests and the status). */
  refreshes = 0;

  constructor(cfg: AuthConfig, deps: YouTubeTokensDeps = {}) {
    this.#cfg = cfg;
    this.#fetch = deps.fetch ?? fetch;
    this.#now = deps.now ?? Date.now;
    this.#timeoutMs = deps.requestTimeoutMs ?? 10_000;
    this.#skewMs = deps.skewMs ?? 60_000;
    // a token given by hand is used until the API refuses it (its expiry is not known)
    this.#access = cfg.oauthToken ? { token: cfg.oauthToken.reveal(), expiresAt: Number.POSITIVE_INFINITY } : null;
  }

  /** True when a refresh token and the OAuth client are configured. */
  get canRefresh(): boolean {
    return this.#cfg.refreshToken !== undefined && this.#cfg.clientId !== undefined && this.#cfg.clientSecret !== undefined;
  }

  /** True when calls can carry an OAuth token (a static one, or one from a refresh). */
  get configured(): boolean {
    return this.#cfg.oauthToken !== undefined || this.canRefresh;
  }

  /** When the current access token expires (ms on the injected clock), or null when there is none. */
  get expiresAt(): number | null {
    return this.#access?.expiresAt ?? null;
  }

  /** The Authorization header value (refreshed first when the token is missing or about to expire), or undefined without OAuth. Throws YouTubeAuthError. */
  async authorization(): Promise<string | undefined> {
    if (!this.configured) return undefined;
    if (this.canRefresh && (!this.#access || this.#now() >= this.#access.expiresAt - this.#skewMs)) await this.refresh();
    return this.#access ? `Bearer ${this.#access.token}` : undefined;
  }

  /** The API answered 401 to `header`: true when a new token was obtained and the call may be tried once more. Throws YouTubeAuthError. */
  async unauthorized(header: string | undefined): Promise<boolean> {
    if (!this.canRefresh) return false;
    // another call may have refreshed already while this one was on its way
    if (this.#access && header !== `Bearer ${this.#access.token}`) return true;
    this.#access = null;
    await this.refresh();
    return true;
  }

  /** Asks the token endpoint for a new access token (one request at a time). */
  refresh(): Promise<void> {
    this.#inflight ??= this.#refresh().finally(() => (this.#inflight = null));
    return this.#inflight;
  }

  async #refresh(): Promise<void> {
    const { clientId, clientSecret, refreshToken, tokenUrl } = this.#cfg;
    if (!clientId || !clientSecret || !refreshToken) throw new YouTubeAuthError('auth', 'no refresh token configured (YOUTUBE_REFRESH_TOKEN, YOUTUBE_CLIENT_ID, YOUTUBE_CLIENT_SECRET)');
    this.refreshes++;
    const body = new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret.reveal(), refresh_token: refreshToken.reveal() });
    let res: Response;
    try {
      res = await this.#fetch(tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: body.toString(),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      throw new YouTubeAuthError('retry', `no answer from the OAuth token endpoint (${e.name === 'TimeoutError' ? `timed out after ${this.#timeoutMs} ms` : e.message.slice(0, 120)})`);
    }
    const text = await res.text().catch(() => '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const e = TokenErrorSchema.safeParse(json);
      const code = e.success ? e.data.error : '';
      const why = `token refresh refused: ${res.status}${code ? ` ${code}` : ''}`;
      // 400 invalid_grant (refresh token revoked or expired), 401 invalid_client (wrong id or secret): wrong credentials
      if (res.status === 400 || res.status === 401 || res.status === 403) throw new YouTubeAuthError('auth', `${why} (check YOUTUBE_REFRESH_TOKEN, YOUTUBE_CLIENT_ID, YOUTUBE_CLIENT_SECRET)`);
      throw new YouTubeAuthError('retry', why);
    }
    const t = TokenResponseSchema.safeParse(json);
    if (!t.success) throw new YouTubeAuthError('retry', 'the OAuth token endpoint answered in an unexpected shape');
    this.#access = { token: t.data.access_token, expiresAt: this.#now() + (t.data.expires_in ?? 3600) * 1000 };
  }
}
