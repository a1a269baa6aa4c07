/**
 * Shows wired into the app (issue 16) with a handful of hooks: `observe` per annotated message,
 * `afterCommand` per command that went through, `tick` once a second, `http` in front of the main
 * handler (GET /review, /api/shows…), `close`. Routes:
 *   GET  /review                      the review page (producer, moderator; ?token= is swapped for the cookie)
 *   GET  /api/shows                   { active, shows }                         (producer, moderator)
 *   POST /api/shows/start {title?, record?}  starts a show (ends a running one) (producer)
 *   POST /api/shows/end                                                         (producer)
 *   GET  /api/shows/:id/review[?format=csv][&download]                          (producer, moderator)
 *   POST /api/shows/:id/rehearse {sensitivity?, blocked?, allowed?, yaml?}      (producer; server/shows/rehearse-job.ts)
 *   GET  /api/shows/:id/rehearse   progress and the difference to the live show (producer)
 */
import { createReadStream, existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { Annotated } from '../../config/chat.js';
import type { Banner, Command, ControlRole } from '../../config/protocol.js';
import { ShowStartSchema, type ShowMeta } from '../../config/review.js';
import type { ClusterView, MoodView, ShowLive } from '../../config/views.js';
import type { Publish } from '../hub/publisher.js';
import { requestToken, sessionCookieHeader } from '../http/auth.js';
import type { RequestGuard } from '../http/guard.js';
import type { Store } from '../store/store.js';
import type { CompiledPii } from '../../filters/pii.js';
import type { Config } from '../../config/schema.js';
import { AutoShows } from './auto.js';
import { ShowRecorder } from './recorder.js';
import { BadRehearsal, createRehearsals, defaultRehearsalConfig } from './rehearse-job.js';
import { withStandIns } from './stand-in.js';
import { buildReview, loadShow, reviewCsv } from './review.js';
import { CSV_BOM } from '../http/http.js';
import type { LogText } from '../log-text.js';

export interface ShowsDeps {
  readonly store: Store;
  readonly now: () => number;
  readonly mask: (text: string) => string;
  readonly pagesDir: string;
  readonly authenticate: (token: string | null) => ControlRole | null;
  readonly guard?: RequestGuard;
  readonly banner: () => Banner | null;
  readonly timeouts?: () => number;
  /** The configured PII patterns: a transcript gets fictional stand-ins for what they find. */
  readonly pii?: CompiledPii;
  readonly settings?: () => { sensitivity: Record<string, string>; terms: { blocked: string[]; allowed: string[] } };
  /** The server's config: a rehearsal from the review page replays through its filters and insights (default: the defaults); `shows:` (checkpoints, shows started by chat). */
  readonly config?: () => Pick<Config, 'filters' | 'insights' | 'faqFile'> & Partial<Pick<Config, 'shows'>>;
  /** Run rehearsals on the event loop instead of a worker thread (tests). */
  readonly rehearseInline?: boolean;
  readonly log?: (line: string) => void;
  /** The log lines' language (server/log-text.ts; default English). */
  readonly logText?: LogText;
  /** Every live question cluster's distinct askers so far (the insights stage's): a show's cards count only who asks after its start. */
  readonly askers?: () => ReadonlyMap<string, number>;
  /** Where the running show goes in the control state (`show`): the consoles' show bar follows it live. */
  readonly publish?: Publish;
}

export interface Shows {
  readonly recorder: ShowRecorder;
  observe(a: Annotated, chatNow: number): void;
  afterCommand(cmd: Command, who: { actor: string }, result: unknown): void;
  tick(snap: { clusters: ClusterView[]; mood: MoodView } | null, alerts?: readonly { themes: readonly string[] }[], themes?: Readonly<Record<string, number>> | null): void;
  /** Answers the shows' routes; false for every other request. */
  http(req: IncomingMessage, res: ServerResponse): boolean;
  close(): void;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, { error: { code, message } });
}

async function readSmallJson(req: IncomingMessage, limit = 4096): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size <= limit) chunks.push(c);
  }
  if (size === 0) return {};
  if (type !== 'application/json') throw new Error('send the body as JSON with content-type: application/json');
  if (size > limit) throw new Error(`the body is over ${limit} bytes`);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/** What the consoles see of a running show. */
function liveOf(m: ShowMeta): ShowLive {
  return { id: m.id, title: m.title, startedAt: m.startedAt, recording: m.recording, auto: m.auto };
}

export function createShows(d: ShowsDeps): Shows {
  const showsConfig = d.config?.().shows;
  const publishShow = (meta: ShowMeta | null): void => d.publish?.(['show'], meta ? liveOf(meta) : null);
  const recorder = new ShowRecorder({ onChange: publishShow, store: d.store, now: d.now, mask: d.mask, banner: d.banner, ...(showsConfig ? { checkpointMs: showsConfig.checkpointMs } : {}), ...(d.timeouts ? { timeouts: d.timeouts } : {}), ...(d.askers ? { askers: d.askers } : {}), ...(d.settings ? { settings: d.settings } : {}), ...(d.pii ? { standIn: (text: string) => withStandIns(text, d.pii as CompiledPii) } : {}) });
  // a show resumed from the store is running from the start
  publishShow(recorder.active);
  const auto = showsConfig?.auto.enabled ? new AutoShows({ recorder, now: d.now, config: showsConfig.auto, ...(d.log ? { log: d.log } : {}), ...(d.logText ? { logText: d.logText } : {}) }) : null;
  const pagesRoot = resolve(d.pagesDir);
  const rehearsals = createRehearsals({ config: d.config ?? defaultRehearsalConfig, ...(d.rehearseInline ? { inline: true } : {}) });

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/review' || path === '/review/') {
      const token = url.searchParams.get('token');
      if (token !== null) {
        url.searchParams.delete('token');
        const valid = d.authenticate(token) !== null;
        res.writeHead(303, { location: `/review${url.search}`, 'set-cookie': sessionCookieHeader(valid ? token : '', valid ? undefined : 0), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
        res.end();
        return;
      }
      const file = join(pagesRoot, 'review.html');
      if (!existsSync(file)) return void res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The pages are not built yet: run `npm run build:pages`.');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
      createReadStream(file).pipe(res);
      return;
    }
    const role = d.authenticate(requestToken(req));
    if (!role) return fail(res, 401, 'SR_UNAUTHORIZED', 'a role token is required (Authorization: Bearer <token>, or open the review link)');
    if (role === 'host') return fail(res, 403, 'SR_FORBIDDEN', 'the review is for producers and moderators');
    if (method === 'GET' && path === '/api/shows') return json(res, 200, { active: recorder.active?.id ?? null, shows: recorder.list() });
    if (method === 'POST' && (path === '/api/shows/start' || path === '/api/shows/end')) {
      if (role !== 'producer') return fail(res, 403, 'SR_FORBIDDEN', `the ${role} role may not start or end a show`);
      let body: unknown;
      try {
        body = await readSmallJson(req);
      } catch (err) {
        return fail(res, 400, 'SR_BAD_REQUEST', (err as Error).message);
      }
      if (path === '/api/shows/end') {
        const ended = recorder.end();
        return ended ? json(res, 200, { ok: true, show: { id: ended.id, endedAt: ended.endedAt } }) : fail(res, 409, 'SR_NO_ACTIVE', 'no show is running');
      }
      const parsed = ShowStartSchema.safeParse(body);
      if (!parsed.success) return fail(res, 400, 'SR_BAD_REQUEST', `${parsed.error.issues[0]?.message ?? 'invalid body'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}`);
      const meta = recorder.start(parsed.data.title, parsed.data.record);
      return json(res, 200, { ok: true, show: { id: meta.id, title: meta.title, startedAt: meta.startedAt, recording: meta.recording } });
    }
    const rh = /^\/api\/shows\/([\w-]{1,80})\/rehearse$/.exec(path);
    if (rh && (method === 'GET' || method === 'POST')) {
      const id = rh[1] as string;
      if (role !== 'producer') return fail(res, 403, 'SR_FORBIDDEN', 'only the producer may rehearse a show');
      if (method === 'GET') return json(res, 200, rehearsals.view(id));
      if (!loadShow(d.store, id)) return fail(res, 404, 'SR_NOT_FOUND', `no show ${id}`);
      if (recorder.active?.id === id) return fail(res, 409, 'SR_SHOW_RUNNING', 'the show is still running: end it before rehearsing it');
      try {
        const started = rehearsals.start(id, recorder.transcriptPath(id), await readSmallJson(req, 32_768));
        if ('refused' in started) return fail(res, started.refused === 'SR_BUSY' ? 409 : 404, started.refused, started.message);
        return json(res, 202, { ok: true, rehearsal: started });
      } catch (err) {
        if (err instanceof BadRehearsal || err instanceof SyntaxError || (err as Error).message.startsWith('send the body') || (err as Error).message.startsWith('the body')) return fail(res, 400, 'SR_BAD_REQUEST', (err as Error).message);
        throw err;
      }
    }
    const m = /^\/api\/shows\/([\w-]{1,80})\/review$/.exec(path);
    if (method === 'GET' && m) {
      const id = m[1] as string;
      if (recorder.active?.id === id) recorder.flush();
      const loaded = loadShow(d.store, id);
      if (!loaded) return fail(res, 404, 'SR_NOT_FOUND', `no show ${id}`);
      const review = buildReview(loaded.meta, loaded.minutes);
      const download = url.searchParams.has('download');
      if (url.searchParams.get('format') === 'csv') {
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'cache-control': 'no-store', 'content-disposition': `attachment; filename="showrunner-review-${id}.csv"` });
        res.end(CSV_BOM + reviewCsv(review));
        return;
      }
      return json(res, 200, review, download ? { 'content-disposition': `attachment; filename="showrunner-review-${id}.json"` } : {});
    }
    return fail(res, 404, 'SR_NOT_FOUND', `no route ${method} ${path}`);
  };

  return {
    recorder,
    observe(a, chatNow) {
      auto?.saw();
      recorder.observe(a, chatNow);
    },
    afterCommand(cmd, who, result) {
      const n = cmd.kind === 'moderation.decide' ? ((result as { decided?: string[] } | null)?.decided?.length ?? 0) : 0;
      // a decision's audit entries are the newest rows of the log: they carry each item's wait
      recorder.afterCommand(cmd, who.actor, result, () => (n ? d.store.recentAudit(n).map((e) => ({ actor: e.actor, waitedMs: e.waitedMs })) : []));
    },
    tick(snap, alerts, themes) {
      recorder.tick(snap, alerts, themes ?? null);
      auto?.tick();
    },
    http(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!(url.pathname === '/review' || url.pathname === '/review/' || url.pathname === '/api/shows' || url.pathname.startsWith('/api/shows/'))) return false;
      const refused = d.guard?.check(req, url.pathname.startsWith('/api/') || (req.method !== 'GET' && req.method !== 'HEAD'));
      if (refused) {
        fail(res, refused.code === 'SR_HOST_NOT_ALLOWED' ? 421 : 403, refused.code, refused.message);
        return true;
      }
      route(req, res, url).catch((err: unknown) => {
        if (!res.headersSent) fail(res, 500, 'SR_INTERNAL', (err as Error).message);
        else res.end();
      });
      return true;
    },
    close() {
      recorder.close();
      void rehearsals.close();
    },
  };
}
