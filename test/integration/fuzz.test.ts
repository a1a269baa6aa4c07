/**
 * Seeded fuzzing of every socket and the two POST endpoints (issue 12): 10,000 random frames per
 * socket type (/ws/control as each role, /ws/overlay, /ws/ingest) and random HTTP bodies, with
 * hostile key names and deep JSON. The server must stay up, answer every frame (an error frame, an
 * ack, or a snapshot for a resync), close oversize frames with 1009 and nothing else, answer HTTP
 * with a documented status (never 500), and leave Object.prototype alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ERROR_CODES } from '../../server/errors.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { testConfig } from '../support/app.js';
import { Fuzz } from '../support/fuzz.js';

const SEED = Number(process.env['SHOWRUNNER_FUZZ_SEED'] ?? 20261129);
const FRAMES = Number(process.env['SHOWRUNNER_FUZZ_FRAMES'] ?? 10_000);
const HTTP_BODIES = Number(process.env['SHOWRUNNER_FUZZ_HTTP'] ?? 600);
const CHUNK = 250;
/** `npm run soak` raises the counts; the time limits grow with them. */
const LIMIT_MS = 60_000 * Math.max(1, FRAMES / 10_000, HTTP_BODIES / 600);
const MAX_CONTROL = 16 * 1024;
const protoNames = Object.getOwnPropertyNames(Object.prototype).sort();

let app: RunningApp;
const logs: string[] = [];
beforeAll(async () => {
  // a buffer mark no test reaches: every reply counted here is an answer to a frame, never a catch-up snapshot
  app = await startApp(testConfig({ server: { maxControlFrameBytes: MAX_CONTROL, clientBufferHighBytes: 1 << 30 }, filters: { policy: { rules: { abuse: 'hold' } } } }), { log: (l) => logs.push(l) });
});
afterAll(async () => {
  await app.close();
});

interface Counted {
  ws: WebSocket;
  replies: number;
  codes: Map<string, number>;
  closed: { code: number } | null;
  waitFor(n: number): Promise<void>;
}

async function open(path: string, headers: Record<string, string> = {}, isReply: (f: { type: string; code?: string }) => boolean): Promise<Counted> {
  const ws = new WebSocket(app.wsUrl(path), { headers });
  const c: Counted = {
    ws,
    replies: 0,
    codes: new Map(),
    closed: null,
    waitFor: (n) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (c.replies >= n) resolve();
          else if (c.closed) reject(new Error(`closed with ${c.closed.code} after ${c.replies} of ${n} replies`));
          else ws.once('message', () => setImmediate(check));
        };
        check();
      }),
  };
  let greeted = path !== '/ws/ingest' ? 2 : 0; // hello + first snapshot are not replies
  ws.on('message', (data) => {
    const f = JSON.parse(data.toString()) as { type: string; code?: string };
    if (greeted > 0 && (f.type === 'hello' || f.type === 'snapshot')) {
      greeted--;
      return;
    }
    if (!isReply(f)) return;
    c.replies++;
    if (f.type === 'error') c.codes.set(f.code ?? '?', (c.codes.get(f.code ?? '?') ?? 0) + 1);
  });
  ws.on('close', (code) => (c.closed = { code }));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  if (greeted > 0) await new Promise<void>((resolve) => {
    const check = (): void => (greeted === 0 ? resolve() : void ws.once('message', () => setImmediate(check)));
    check();
  });
  return c;
}

async function blast(c: Counted, next: () => string | Buffer): Promise<void> {
  for (let sent = 0; sent < FRAMES; ) {
    const n = Math.min(CHUNK, FRAMES - sent);
    for (let i = 0; i < n; i++) {
      const frame = next();
      c.ws.send(frame, { binary: typeof frame !== 'string' });
    }
    sent += n;
    await c.waitFor(sent);
  }
}

function expectHealthy(c: Counted): void {
  expect(c.replies).toBe(FRAMES);
  expect(c.closed).toBeNull();
  expect(c.ws.readyState).toBe(WebSocket.OPEN);
  for (const code of c.codes.keys()) expect(Object.keys(ERROR_CODES)).toContain(code);
  expect(c.codes.get('SR_INTERNAL') ?? 0).toBe(0);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
}

const controlReply = (f: { type: string }): boolean => f.type === 'ack' || f.type === 'error' || f.type === 'snapshot';

describe(`fuzzing (seed ${SEED})`, () => {
  it.each(['host', 'moderator', 'producer'] as const)(`answers ${FRAMES} random /ws/control frames as %s, one reply each`, async (role) => {
    const fz = new Fuzz(SEED + role.length);
    const c = await open('/ws/control', { authorization: `Bearer ${app.tokens[role]}` }, controlReply);
    await blast(c, () => fz.controlFrame(MAX_CONTROL));
    expectHealthy(c);
    expect(c.codes.get('SR_FRAME_INVALID') ?? 0).toBeGreaterThan(FRAMES / 4);
    c.ws.close();
  }, LIMIT_MS);

  it(`refuses ${FRAMES} random /ws/overlay frames, each with an error frame`, async () => {
    const fz = new Fuzz(SEED + 7);
    const c = await open('/ws/overlay', {}, (f) => f.type === 'error');
    await blast(c, () => fz.controlFrame(1000));
    expectHealthy(c);
    expect([...c.codes.keys()]).toEqual(['SR_FORBIDDEN']);
    c.ws.close();
  }, LIMIT_MS);

  it(`answers ${FRAMES} random /ws/ingest frames, one result or error each`, async () => {
    const fz = new Fuzz(SEED + 11);
    const c = await open('/ws/ingest', { authorization: `Bearer ${app.tokens.ingest}` }, (f) => f.type === 'error' || f.type === 'ingest-result');
    await blast(c, () => (fz.chance(0.03) ? Buffer.from([0xff, 0xfe, 0x00]) : fz.ingestText(64 * 1024)));
    expectHealthy(c);
    expect(app.ingest.received).toBeGreaterThan(0);
    c.ws.close();
  }, LIMIT_MS);

  it('closes an oversize frame with 1009 on every socket, and nothing else', async () => {
    for (const [path, headers, size] of [
      ['/ws/control', { authorization: `Bearer ${app.tokens.producer}` }, MAX_CONTROL + 1],
      ['/ws/overlay', {}, 1025],
      ['/ws/ingest', { authorization: `Bearer ${app.tokens.ingest}` }, (1 << 20) + 1],
    ] as const) {
      const c = await open(path, headers, () => false);
      const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
      c.ws.send(`[${'1,'.repeat(Math.ceil(size / 2))}1]`);
      expect(await closed).toBe(1009);
    }
  });

  it(`answers ${HTTP_BODIES} random bodies to /api/command and /api/ingest with documented statuses, never 500`, async () => {
    const fz = new Fuzz(SEED + 13);
    const statuses = new Map<number, number>();
    for (let i = 0; i < HTTP_BODIES; i++) {
      const ingest = fz.chance(0.5);
      const r = fz.rnd();
      const body = r < 0.03 ? `[${'"x",'.repeat(300_000)}"x"]` : r < 0.1 ? fz.deep(1 + fz.int(20_000)) : ingest ? fz.ingestText(1 << 20) : (fz.controlFrame(64 * 1024) as string).toString();
      const type = fz.chance(0.85) ? 'application/json' : fz.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8', '']);
      const role = fz.pick(['producer', 'moderator', 'host', 'ingest'] as const);
      const res = await fetch(app.url(ingest ? '/api/ingest' : '/api/command'), {
        method: 'POST',
        headers: { authorization: `Bearer ${app.tokens[ingest && fz.chance(0.9) ? 'ingest' : role]}`, ...(type ? { 'content-type': type } : {}) },
        body: ingest || fz.chance(0.5) ? body : JSON.stringify(fz.command()),
      });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect([200, 400, 401, 403, 404, 409, 410, 413, 415, 503], `${res.status} ${text.slice(0, 300)}`).toContain(res.status);
      if (res.status !== 200) {
        const reply = JSON.parse(text) as { error?: { code: string }; rejected?: unknown[] };
        // an ingest batch whose items are all invalid is answered item by item (README "Connect Twitch")
        if (reply.rejected) expect(reply.rejected.length).toBeGreaterThan(0);
        else expect(Object.keys(ERROR_CODES)).toContain(reply.error?.code);
      }
    }
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(415) ?? 0).toBeGreaterThan(0);
    expect((await fetch(app.url('/api/health'))).status).toBe(200);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
  }, LIMIT_MS);

  it('logged no failure inside the server and is still up', async () => {
    expect(logs.filter((l) => /failed|stopped|TypeError|RangeError/.test(l))).toEqual([]);
    expect((await fetch(app.url('/api/health'))).status).toBe(200);
  });
});
