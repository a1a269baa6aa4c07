/**
 * The HTTP side: the two pages, the API for scripts and stream decks (every console action is a
 * POST /api/command), the ingest batch endpoint, health and stats. Bodies are zod-checked and a
 * bad one gets a 400 with a readable message; control routes need a role token.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { CommandSchema, mayRun, scopeState, unknownCommandKeys, unknownKeysMessage, type Command, type ControlRole } from '../../config/protocol.js';
import type { AuditEntry } from '../../config/views.js';
import { ShowrunnerError, truncate, type ErrorCode } from '../errors.js';
import { bearer, requestToken, sameToken, sessionCookieHeader } from './auth.js';
import type { RequestGuard } from './guard.js';
import type { IngestBusy, IngestResult } from '../sources/ingest.js';
import { LOG_TEXT, type LogText } from '../log-text.js';

export interface HttpDeps {
  readonly pagesDir: string;
  readonly authenticate: (token: string | null) => ControlRole | null;
  readonly ingestToken: string;
  /** Resolves once the accepted items went through the pipeline (an HTTP sender then knows they are in). */
  readonly ingest: (body: unknown) => Promise<IngestResult | IngestBusy | { error: string }>;
  readonly runCommand: (cmd: Command, who: { role: ControlRole; actor: string }) => Promise<unknown>;
  readonly health: () => unknown;
  readonly stats: () => unknown;
  readonly state: () => unknown;
  readonly audit: () => AuditEntry[];
  readonly obsScenes: () => Promise<unknown>;
  readonly log: (line: string) => void;
  /** The log lines' language (server/log-text.ts; default English). */
  readonly logText?: LogText;
  /** Host and Origin checks (server/http/guard.ts); absent = none. */
  readonly guard?: RequestGuard;
}

const MAX_BODY = 1 << 20;
const DRAIN_MAX = 16 << 20;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const STATUS: Partial<Record<ErrorCode, number>> = {
  SR_UNAUTHORIZED: 401,
  SR_FORBIDDEN: 403,
  SR_NOT_FOUND: 404,
  SR_ALREADY_DECIDED: 409,
  SR_CLAIMED: 409,
  SR_NO_ACTIVE: 409,
  SR_UNDO_EXPIRED: 410,
  SR_BAD_REQUEST: 400,
  SR_INGEST_INVALID: 400,
  SR_BUSY: 429,
  SR_OBS_UNAVAILABLE: 503,
  SR_UNSUPPORTED_MEDIA_TYPE: 415,
  SR_BODY_TOO_LARGE: 413,
  SR_HOST_NOT_ALLOWED: 421,
  SR_ORIGIN_NOT_ALLOWED: 403,
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

function fail(res: ServerResponse, code: ErrorCode, message: string): void {
  send(res, STATUS[code] ?? 500, { error: { code, message } });
}

/** Reads a JSON body. Only `content-type: application/json` is read: a cross-site form cannot send that without a CORS preflight. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume(); // drain the body we refuse, so the connection stays usable
    throw new ShowrunnerError('SR_UNSUPPORTED_MEDIA_TYPE', `send the body as JSON with content-type: application/json (got ${type ? truncate(type, 60) : 'none'})`);
  }
  const tooLarge = (): ShowrunnerError => new ShowrunnerError('SR_BODY_TOO_LARGE', `the body is over ${MAX_BODY} bytes`);
  if (Number(req.headers['content-length']) > MAX_BODY) {
    req.resume(); // answer at once, and read the rest away so the client gets the answer, not a reset
    throw tooLarge();
  }
  // Stopping to read mid-body would reset the connection: an oversize body (chunked) is read away
  // up to DRAIN_MAX, then answered; beyond that the socket is cut.
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_MAX) req.destroy(tooLarge());
      else if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY ? reject(tooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ShowrunnerError('SR_BAD_REQUEST', `the body is not JSON: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Starts every CSV download: a UTF-8 byte-order mark, without which Excel (what a team opens an
 * export in) reads the file as the system's code page and shows Chinese names as mojibake. fetch's
 * text() and most CSV readers skip it.
 */
export const CSV_BOM = '\ufeff';

export function csvOf(entries: readonly AuditEntry[]): string {
  const cols = ['id', 'at', 'time', 'actor', 'action', 'itemId', 'messageId', 'userName', 'waitedMs', 'detail'] as const;
  const esc = (v: unknown): string => {
    const s = v === null || v === undefined ? '' : String(v);
    // Leading =,+,-,@ would run as formulas in a spreadsheet.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const rows = entries.map((e) => cols.map((c) => esc(c === 'time' ? new Date(e.at).toISOString() : e[c])).join(','));
  return [cols.join(','), ...rows].join('\r\n') + '\r\n';
}

export function createHttpHandler(d: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const pagesRoot = resolve(d.pagesDir);
  const serveFile = (res: ServerResponse, rel: string): void => {
    const file = normalize(join(pagesRoot, rel));
    if (!file.startsWith(pagesRoot) || !existsSync(file) || !statSync(file).isFile()) {
      if (!existsSync(pagesRoot)) send(res, 503, 'The pages are not built yet: run `npm run build:pages` (npm start does it for you).');
      else fail(res, 'SR_NOT_FOUND', `no such file: ${rel}`);
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    createReadStream(file).pipe(res);
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    // every request names an allowed Host; the API and every non-GET also come from an allowed page (if from a page at all)
    const refused = d.guard?.check(req, path.startsWith('/api/') || (method !== 'GET' && method !== 'HEAD'));
    if (refused) return fail(res, refused.code, refused.message);
    if (method === 'GET' && (path === '/overlay' || path === '/overlay/')) return serveFile(res, 'overlay.html');
    if (method === 'GET' && (path === '/console' || path === '/console/')) {
      // The printed link carries the token once: swap it for an HttpOnly cookie and take it out of the URL.
      const token = url.searchParams.get('token');
      if (token !== null) {
        url.searchParams.delete('token');
        const valid = d.authenticate(token) !== null;
        res.writeHead(303, { location: `/console${url.search}`, 'set-cookie': sessionCookieHeader(valid ? token : '', valid ? undefined : 0), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
        res.end();
        return;
      }
      return serveFile(res, 'console.html');
    }
    if (method === 'GET' && path.startsWith('/assets/')) return serveFile(res, path.slice(1));
    if (method === 'GET' && path === '/') {
      return send(res, 200, 'Showrunner is running.\n  Overlay (add to OBS as a browser source, 1920x1080): /overlay\n  Console: /console?token=<your role token> (the link printed at start-up, or in data/tokens.txt)\n');
    }
    if (method === 'GET' && path === '/api/health') return send(res, 200, d.health());

    if (path === '/api/ingest' && method === 'POST') {
      if (!sameToken(bearer(req), d.ingestToken)) return fail(res, 'SR_UNAUTHORIZED', 'the ingest endpoint needs the ingest token (Authorization: Bearer <token>)');
      const result = await d.ingest(await readJson(req));
      if ('error' in result) return fail(res, 'SR_BAD_REQUEST', result.error);
      if ('busy' in result) {
        const { refused, retryAfterMs } = result.busy;
        const message = `the ingest is over its budget: ${refused} message(s) refused, send them again in ${retryAfterMs} ms`;
        return send(res, 429, { error: { code: 'SR_BUSY', message }, refused, retryAfterMs }, { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) });
      }
      return send(res, result.rejected.length && !result.accepted ? 400 : 200, result);
    }

    if (!path.startsWith('/api/')) return fail(res, 'SR_NOT_FOUND', `no route ${method} ${path}`);
    const role = d.authenticate(requestToken(req));
    if (!role) return fail(res, 'SR_UNAUTHORIZED', 'a role token is required (Authorization: Bearer <token>, or open the console link)');
    const actor = `${role}:http`;

    if (method === 'GET' && path === '/api/stats') return send(res, 200, d.stats());
    if (method === 'GET' && path === '/api/state') return send(res, 200, scopeState(role, d.state() as Record<string, unknown>));
    if (method === 'GET' && path === '/api/audit') {
      if (role === 'host') return fail(res, 'SR_FORBIDDEN', 'the host role cannot read the audit log');
      const entries = d.audit();
      if (url.searchParams.get('format') === 'csv') {
        return send(res, 200, CSV_BOM + csvOf(entries), { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="showrunner-audit.csv"' });
      }
      return send(res, 200, { entries }, { 'content-disposition': url.searchParams.has('download') ? 'attachment; filename="showrunner-audit.json"' : 'inline' });
    }
    if (method === 'GET' && path === '/api/obs/scenes') return send(res, 200, await d.obsScenes());
    if (method === 'POST' && path === '/api/command') {
      const body = await readJson(req);
      const parsed = CommandSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return send(res, 400, { error: { code: 'SR_BAD_REQUEST', message: `${issue?.message ?? 'invalid command'}${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}`, path: issue?.path ?? [] } });
      }
      const unknown = unknownCommandKeys(body, parsed.data);
      if (unknown.length) return send(res, 400, { error: { code: 'SR_BAD_REQUEST', message: unknownKeysMessage(unknown), path: [unknown[0]] } });
      if (!mayRun(role, parsed.data.kind)) return fail(res, 'SR_FORBIDDEN', `the ${role} role may not run ${parsed.data.kind}`);
      const result = await d.runCommand(parsed.data, { role, actor });
      return send(res, 200, { ok: true, result: result ?? null });
    }
    return fail(res, 'SR_NOT_FOUND', `no route ${method} ${path}`);
  };

  return (req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof ShowrunnerError) return fail(res, err.code, err.message);
      d.log((d.logText ?? LOG_TEXT.en).httpFailed(req.method ?? '', req.url?.split('?')[0] ?? '', (err as Error).stack ?? String(err)));
      if (!res.headersSent) fail(res, 'SR_INTERNAL', 'the request failed inside the server; details are in the server log');
      else res.end();
    });
  };
}
