/**
 * A local HTTP server faithful to the two Helix moderation endpoints Showrunner uses:
 *   DELETE /helix/moderation/chat?broadcaster_id&moderator_id[&message_id]  → 204
 *   POST   /helix/moderation/bans?broadcaster_id&moderator_id {data:{user_id, duration?, reason?}} → 200
 * It checks the Client-Id and Bearer headers (401 like Twitch), the ids (400/401/403), the body
 * (400), answers 404 for unknown message ids, keeps a small token bucket with Ratelimit-* headers
 * (429 when empty), and records every call.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

export interface FakeHelixOptions {
  clientId: string;
  token: string;
  broadcasterId: string;
  /** The user the token belongs to (Helix requires moderator_id to match it). */
  moderatorId: string;
  /** Requests per window before 429. Default 800 (Twitch's default bucket per minute). */
  limit?: number;
  windowMs?: number;
  /** Clock in ms (tests move it to refill the bucket). Default Date.now. */
  now?: () => number;
  /** When set, DELETE of a message id not in this set answers 404. */
  knownMessageIds?: Set<string>;
}

export interface HelixCall {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Authorization header with the token replaced, so recorded calls can be printed. */
  authorization: string | null;
  clientId: string | null;
  contentType: string | null;
  body: unknown;
  status: number;
}

const BanBodySchema = z.object({
  data: z.object({
    user_id: z.string().regex(/^\d+$/),
    duration: z.number().int().min(1).max(1_209_600).optional(),
    reason: z.string().max(500).optional(),
  }),
});

export class FakeHelix {
  readonly #server: Server;
  readonly #opts: Required<Omit<FakeHelixOptions, 'knownMessageIds'>> & Pick<FakeHelixOptions, 'knownMessageIds'>;
  readonly calls: HelixCall[] = [];
  /** user_id → ban end (null = permanent). */
  readonly bans = new Map<string, number | null>();
  readonly deleted: string[] = [];
  #bucket: number;
  #resetAt: number;

  private constructor(server: Server, opts: FakeHelixOptions) {
    this.#server = server;
    this.#opts = { limit: 800, windowMs: 60_000, now: Date.now, ...opts };
    this.#bucket = this.#opts.limit;
    this.#resetAt = this.#opts.now() + this.#opts.windowMs;
    server.on('request', (req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        res.writeHead(500).end(JSON.stringify({ error: 'Internal Server Error', status: 500, message: (err as Error).message }));
      });
    });
  }

  static async start(opts: FakeHelixOptions): Promise<FakeHelix> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return new FakeHelix(server, opts);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/helix`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const auth = req.headers.authorization ?? null;
    const call: HelixCall = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: auth === null ? null : auth.replace(this.#opts.token, '<token>'),
      clientId: (req.headers['client-id'] as string | undefined) ?? null,
      contentType: req.headers['content-type'] ?? null,
      body: raw ? safeJson(raw) : undefined,
      status: 0,
    };
    this.calls.push(call);
    const reply = (status: number, body?: unknown): void => {
      call.status = status;
      res.setHeader('Ratelimit-Limit', String(this.#opts.limit));
      res.setHeader('Ratelimit-Remaining', String(Math.max(0, this.#bucket)));
      res.setHeader('Ratelimit-Reset', String(Math.ceil(this.#resetAt / 1000)));
      if (body === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    const error = (status: number, error: string, message: string): void => reply(status, { error, status, message });

    // Token bucket first, as Twitch does.
    const now = this.#opts.now();
    if (now >= this.#resetAt) {
      this.#bucket = this.#opts.limit;
      this.#resetAt = now + this.#opts.windowMs;
    }
    if (this.#bucket <= 0) return error(429, 'Too Many Requests', 'Too Many Requests');
    this.#bucket--;

    if (!auth) return error(401, 'Unauthorized', 'OAuth token is missing');
    if (auth !== `Bearer ${this.#opts.token}`) return error(401, 'Unauthorized', 'Invalid OAuth token');
    if (!call.clientId) return error(401, 'Unauthorized', 'Client-Id header required');
    if (call.clientId !== this.#opts.clientId) return error(401, 'Unauthorized', 'Client ID and OAuth token do not match');

    const q = call.query;
    for (const p of ['broadcaster_id', 'moderator_id']) if (!q[p]) return error(400, 'Bad Request', `Missing required parameter "${p}"`);
    if (q['moderator_id'] !== this.#opts.moderatorId) return error(401, 'Unauthorized', "The ID in moderator_id must match the user ID found in the request's OAuth token.");
    if (q['broadcaster_id'] !== this.#opts.broadcasterId) return error(403, 'Forbidden', "The user in moderator_id is not one of the broadcaster's moderators.");

    if (call.path === '/helix/moderation/chat' && call.method === 'DELETE') {
      const id = q['message_id'];
      if (id && this.#opts.knownMessageIds && !this.#opts.knownMessageIds.has(id)) return error(404, 'Not Found', 'The message_id was not found.');
      this.deleted.push(id ?? '*all*');
      return reply(204);
    }
    if (call.path === '/helix/moderation/bans' && call.method === 'POST') {
      if (!call.contentType?.startsWith('application/json')) return error(400, 'Bad Request', 'The Content-Type header must be application/json.');
      const parsed = BanBodySchema.safeParse(call.body);
      if (!parsed.success) return error(400, 'Bad Request', `Invalid body: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
      const { user_id: userId, duration } = parsed.data.data;
      if (this.bans.has(userId) && this.bans.get(userId) === null) return error(400, 'Bad Request', 'The user specified in the user_id field is already banned.');
      const end = duration === undefined ? null : now + duration * 1000;
      this.bans.set(userId, end);
      return reply(200, {
        data: [
          {
            broadcaster_id: q['broadcaster_id'],
            moderator_id: q['moderator_id'],
            user_id: userId,
            created_at: new Date(now).toISOString(),
            end_time: end === null ? null : new Date(end).toISOString(),
          },
        ],
      });
    }
    return error(404, 'Not Found', `no route ${call.method} ${call.path}`);
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw; // recorded as text: the handler answers 400 for it
  }
}
