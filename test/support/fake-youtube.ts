/**
 * A local HTTP server faithful to the documented YouTube Data API v3 endpoints Showrunner uses
 * (https://developers.google.com/youtube/v3/live/docs):
 *   GET    /youtube/v3/videos?part=liveStreamingDetails&id              → liveStreamingDetails.activeLiveChatId
 *   GET    /youtube/v3/liveChat/messages?liveChatId&part&pageToken&maxResults
 *          → {kind, nextPageToken, pollingIntervalMillis, offlineAt?, pageInfo, items}
 *   DELETE /youtube/v3/liveChat/messages?id                              → 204 (OAuth only)
 *   POST   /youtube/v3/liveChat/bans?part=snippet {snippet:{liveChatId, type, banDurationSeconds?, bannedUserDetails:{channelId}}} → 200
 *   POST   /token  (Google's OAuth 2.0 token endpoint, https://oauth2.googleapis.com/token; see
 *          https://developers.google.com/identity/protocols/oauth2/web-server#offline)
 *          form-encoded grant_type=refresh_token&client_id&client_secret&refresh_token
 *          → 200 {access_token, expires_in, scope, token_type: 'Bearer'}; 401 {error: 'invalid_client'}
 *          for a wrong client id or secret; 400 {error: 'invalid_grant'} for a revoked or unknown refresh
 *          token; 400 {error: 'unsupported_grant_type'}. Only when `oauthClient` is given.
 * Reads take `key` or a Bearer token (the fixed `oauthToken`, or an access token /token issued that
 * has not expired on the fake's clock and was not revoked); writes need the Bearer token. Errors use Google's error shape
 * ({error:{code, message, errors:[{reason}]}}): 400 bad key, 401 bad token, 403 quotaExceeded /
 * liveChatEnded, 404 liveChatNotFound / liveChatMessageNotFound. Quota units are counted per the
 * documented costs, and every call is recorded with the key and token masked.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeYouTubeOptions {
  apiKey: string;
  oauthToken: string;
  videoId: string;
  liveChatId: string;
  pollingIntervalMillis?: number;
  /** The OAuth client and refresh token /token accepts; access tokens it issues live `expiresInS` (default 3599, as Google's). */
  oauthClient?: { clientId: string; clientSecret: string; refreshToken: string; expiresInS?: number };
  /** The fake's clock for access-token expiry (default Date.now). */
  now?: () => number;
}

export interface YouTubeCall {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  body: unknown;
  status: number;
}

export interface FakeAuthor {
  channelId: string;
  displayName: string;
  owner?: boolean;
  moderator?: boolean;
  member?: boolean;
}

const COST: Record<string, number> = { 'GET /youtube/v3/videos': 1, 'GET /youtube/v3/liveChat/messages': 5, 'DELETE /youtube/v3/liveChat/messages': 50, 'POST /youtube/v3/liveChat/bans': 50 };

export class FakeYouTube {
  readonly #server: Server;
  readonly opts: FakeYouTubeOptions & { pollingIntervalMillis: number };
  /** Access tokens issued by /token: token → expiry on the fake's clock. */
  readonly issued = new Map<string, number>();
  /** Token requests, secrets left out: grant type, client id, and the answer's status. */
  readonly tokenRequests: { grantType: string; clientId: string; status: number }[] = [];
  #issuedSeq = 0;
  readonly calls: YouTubeCall[] = [];
  readonly log: unknown[] = [];
  readonly deleted: string[] = [];
  readonly bans: Array<{ channelId: string; type: string; banDurationSeconds?: number }> = [];
  quotaUsed = 0;
  /** 'live' | no live chat yet | the chat ended (offlineAt) | quota used up. */
  mode: 'live' | 'not-live' | 'ended' | 'quota' = 'live';
  /** Answer the next chat list with this raw body (then back to normal). */
  nextRawBody: string | null = null;
  #seq = 0;
  #listWaiters: Array<() => void> = [];

  private constructor(server: Server, opts: FakeYouTubeOptions) {
    this.#server = server;
    this.opts = { pollingIntervalMillis: 20, ...opts };
    server.on('request', (req, res) => {
      this.#handle(req, res).catch((err: unknown) => res.writeHead(500).end(JSON.stringify({ error: { code: 500, message: (err as Error).message, errors: [] } })));
    });
  }

  static async start(opts: FakeYouTubeOptions): Promise<FakeYouTube> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return new FakeYouTube(server, opts);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/youtube/v3`;
  }

  /** Resolves after the next liveChatMessages.list has been answered. */
  nextList(): Promise<void> {
    return new Promise((r) => this.#listWaiters.push(r));
  }

  chat(author: FakeAuthor, text: string): string {
    const id = `LCC.msg${++this.#seq}`;
    this.log.push(this.#item(id, author, { type: 'textMessageEvent', displayMessage: text, textMessageDetails: { messageText: text } }));
    return id;
  }
  superChat(author: FakeAuthor, micros: number, comment: string): string {
    const id = `LCC.sc${++this.#seq}`;
    this.log.push(
      this.#item(id, author, { type: 'superChatEvent', displayMessage: comment, superChatDetails: { amountMicros: String(micros), currency: 'USD', amountDisplayString: `$${micros / 1e6}`, userComment: comment, tier: 2 } }),
    );
    return id;
  }
  member(author: FakeAuthor): void {
    this.log.push(this.#item(`LCC.m${++this.#seq}`, author, { type: 'newSponsorEvent', displayMessage: `Welcome ${author.displayName}!`, newSponsorDetails: { memberLevelName: 'Fan', isUpgrade: false } }));
  }
  raw(item: unknown): void {
    this.log.push(item);
  }
  deletedBySomeoneElse(messageId: string, by: FakeAuthor): void {
    this.log.push(this.#item(`LCC.d${++this.#seq}`, by, { type: 'messageDeletedEvent', hasDisplayContent: false, messageDeletedDetails: { deletedMessageId: messageId } }));
  }

  #item(id: string, a: FakeAuthor, snippet: Record<string, unknown>): unknown {
    return {
      kind: 'youtube#liveChatMessage',
      etag: `e${id}`,
      id,
      snippet: { liveChatId: this.opts.liveChatId, authorChannelId: a.channelId, publishedAt: new Date().toISOString(), hasDisplayContent: true, ...snippet },
      authorDetails: {
        channelId: a.channelId,
        channelUrl: `http://www.youtube.com/channel/${a.channelId}`,
        displayName: a.displayName,
        profileImageUrl: 'https://yt3.ggpht.com/x',
        isVerified: false,
        isChatOwner: a.owner === true,
        isChatSponsor: a.member === true,
        isChatModerator: a.moderator === true,
      },
    };
  }

  #send(res: ServerResponse, call: YouTubeCall, status: number, body?: unknown): void {
    call.status = status;
    this.calls.push(call);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8' }).end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
  }

  #error(code: number, reason: string, message: string): unknown {
    return { error: { code, message, errors: [{ message, domain: 'youtube.liveChat', reason }] } };
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    const auth = req.headers.authorization ?? null;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const masked = { ...query, ...(query['key'] ? { key: '***' } : {}) };
    const call: YouTubeCall = { method: req.method ?? 'GET', path: url.pathname, query: masked, authorization: auth ? auth.replace(/Bearer .+/, 'Bearer ***') : null, body, status: 0 };
    const route = `${req.method} ${url.pathname}`;
    if (route === 'POST /token' && this.opts.oauthClient) return this.#token(res, text);
    const now = (this.opts.now ?? Date.now)();
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
    const bearerOk = bearer !== null && (bearer === this.opts.oauthToken || (this.issued.get(bearer) ?? 0) > now);
    const keyOk = query['key'] === this.opts.apiKey;
    if (auth && !bearerOk) return this.#send(res, call, 401, this.#error(401, 'authError', 'Request had invalid authentication credentials.'));
    if (!bearerOk && !keyOk) {
      if (query['key'] !== undefined) return this.#send(res, call, 400, this.#error(400, 'badRequest', 'API key not valid. Please pass a valid API key.'));
      return this.#send(res, call, 403, this.#error(403, 'forbidden', 'The request is missing a valid API key.'));
    }
    if (this.mode === 'quota' && COST[route] !== undefined) return this.#send(res, call, 403, this.#error(403, 'quotaExceeded', 'The request cannot be completed because you have exceeded your quota.'));
    this.quotaUsed += COST[route] ?? 0;

    if (route === 'GET /youtube/v3/videos') {
      const live = this.mode === 'live' && query['id'] === this.opts.videoId;
      return this.#send(res, call, 200, {
        kind: 'youtube#videoListResponse',
        items: query['id'] === this.opts.videoId ? [{ kind: 'youtube#video', id: this.opts.videoId, liveStreamingDetails: live ? { actualStartTime: new Date().toISOString(), activeLiveChatId: this.opts.liveChatId } : {} }] : [],
        pageInfo: { totalResults: 1, resultsPerPage: 1 },
      });
    }
    if (route === 'GET /youtube/v3/liveChat/messages') {
      if (query['liveChatId'] !== this.opts.liveChatId) return this.#send(res, call, 404, this.#error(404, 'liveChatNotFound', 'The live chat that you are trying to retrieve cannot be found.'));
      if (!/snippet/.test(query['part'] ?? '')) return this.#send(res, call, 400, this.#error(400, 'required', 'Required parameter: part'));
      const from = query['pageToken'] ? Number(query['pageToken'].replace(/^t/, '')) : 0;
      const max = Math.min(2000, Number(query['maxResults'] ?? 500));
      const items = this.log.slice(from, from + max);
      const out =
        this.nextRawBody ??
        JSON.stringify({
          kind: 'youtube#liveChatMessageListResponse',
          etag: 'x',
          nextPageToken: `t${from + items.length}`,
          pollingIntervalMillis: this.opts.pollingIntervalMillis,
          ...(this.mode === 'ended' ? { offlineAt: new Date().toISOString() } : {}),
          pageInfo: { totalResults: items.length, resultsPerPage: items.length },
          items,
        });
      this.nextRawBody = null;
      this.#send(res, call, 200, out);
      for (const w of this.#listWaiters.splice(0)) w();
      return;
    }
    if (route === 'DELETE /youtube/v3/liveChat/messages') {
      if (!bearerOk) return this.#send(res, call, 401, this.#error(401, 'authError', 'Login Required.'));
      const id = query['id'] ?? '';
      const known = this.log.some((i) => (i as { id?: string }).id === id);
      if (!known) return this.#send(res, call, 404, this.#error(404, 'liveChatMessageNotFound', 'The live chat message that you are trying to delete cannot be found.'));
      this.deleted.push(id);
      return this.#send(res, call, 204);
    }
    if (route === 'POST /youtube/v3/liveChat/bans') {
      if (!bearerOk) return this.#send(res, call, 401, this.#error(401, 'authError', 'Login Required.'));
      const b = body as { snippet?: { liveChatId?: string; type?: string; banDurationSeconds?: number; bannedUserDetails?: { channelId?: string } } } | undefined;
      const s = b?.snippet;
      if (query['part'] !== 'snippet' || !s || s.liveChatId !== this.opts.liveChatId || !s.bannedUserDetails?.channelId || (s.type !== 'permanent' && s.type !== 'temporary') || (s.type === 'temporary' && !s.banDurationSeconds)) {
        return this.#send(res, call, 400, this.#error(400, 'invalidValue', 'The ban request is invalid.'));
      }
      this.bans.push({ channelId: s.bannedUserDetails.channelId, type: s.type, ...(s.banDurationSeconds ? { banDurationSeconds: s.banDurationSeconds } : {}) });
      return this.#send(res, call, 200, { kind: 'youtube#liveChatBan', etag: 'b', id: `ban${this.bans.length}`, snippet: s });
    }
    return this.#send(res, call, 404, this.#error(404, 'notFound', 'Not Found'));
  }

  /** Google's token endpoint (the `tokenUrl` to configure). */
  get tokenUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/token`;
  }

  /** Every access token issued so far stops working (as if it expired or was revoked early). */
  expireAccessTokens(): void {
    for (const t of this.issued.keys()) this.issued.set(t, 0);
  }

  /** The refresh token is revoked (the user removed the app's access): /token answers invalid_grant. */
  revokeRefreshToken(): void {
    if (this.opts.oauthClient) this.opts.oauthClient = { ...this.opts.oauthClient, refreshToken: `revoked-${this.opts.oauthClient.refreshToken}` };
  }

  #token(res: ServerResponse, text: string): void {
    const c = this.opts.oauthClient!;
    const form = new URLSearchParams(text);
    const grantType = form.get('grant_type') ?? '';
    const clientId = form.get('client_id') ?? '';
    const answer = (status: number, body: unknown): void => {
      this.tokenRequests.push({ grantType, clientId, status });
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
    };
    if (grantType !== 'refresh_token') return answer(400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${grantType}` });
    if (clientId !== c.clientId || form.get('client_secret') !== c.clientSecret) return answer(401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    if (form.get('refresh_token') !== c.refreshToken) return answer(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    const expiresIn = c.expiresInS ?? 3599;
    const token = `ya29.fake-access-${++this.#issuedSeq}-0123456789`;
    this.issued.set(token, (this.opts.now ?? Date.now)() + expiresIn * 1000);
    answer(200, { access_token: token, expires_in: expiresIn, scope: 'https://www.googleapis.com/auth/youtube.force-ssl', token_type: 'Bearer' });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close').catch(() => undefined);
  }
}
