/** Shows over HTTP with the real app and a real SQLite file: start, chat, restart mid-show, chat, end, review + CSV; roles. */
import { Subject, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../config/chat.js';
import type { Review } from '../../config/review.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { createInsights } from '../../server/pipeline/insights-stage.js';
import { testConfig, TestSocket } from '../support/app.js';

const apps: RunningApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

const msg = (i: number, text: string) => ({ id: `m${i}`, platform: 'tiktok', channel: 'shop', user: { id: `u${i % 7}`, name: `user${i % 7}`, displayName: `User${i % 7}` }, text });
const ingest = async (app: RunningApp, from: number, n: number): Promise<void> => {
  const body = Array.from({ length: n }, (_, k) => msg(from + k, k % 3 === 0 ? 'how much is shipping?' : `love this colour ${from + k}`));
  const res = await fetch(app.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${app.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(((await res.json()) as { accepted: number }).accepted).toBe(n);
};
const call = (app: RunningApp, path: string, token: string, body?: unknown) =>
  fetch(app.url(path), { method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe('the running show in the control state', () => {
  it('reaches producers and moderators live (started by chat, ended by another client), never hosts', async () => {
    const app = await startApp(testConfig({ shows: { auto: { enabled: true, title: 'Chat show' } } }), { log: () => {} });
    apps.push(app);
    const moderator = await TestSocket.open(app.wsUrl(`/ws/control?token=${app.tokens.moderator}`));
    const host = await TestSocket.open(app.wsUrl(`/ws/control?token=${app.tokens.host}`));
    expect((await moderator.next('snapshot')).state['show']).toBeNull();
    expect(Object.hasOwn((await host.next('snapshot')).state, 'show')).toBe(false);
    const hasShow = (f: { ops: { path: string[] }[] }) => f.ops.some((o) => o.path[0] === 'show');
    const started = moderator.next('patch', hasShow);
    await ingest(app, 0, 1);
    const op = (await started).ops.findLast((o) => o.path[0] === 'show');
    expect(op).toMatchObject({ op: 'set', path: ['show'], value: { title: 'Chat show', auto: true, recording: false } });
    const active = ((await (await call(app, '/api/shows', app.tokens.moderator)).json()) as { active: string }).active;
    expect((op as { value: { id: string } }).value.id).toBe(active);
    const ended = moderator.next('patch', hasShow);
    expect((await call(app, '/api/shows/end', app.tokens.producer, {})).status).toBe(200);
    expect((await ended).ops.findLast((o) => o.path[0] === 'show')).toEqual({ op: 'set', path: ['show'], value: null });
    // nor does the host's /api/state
    const hostState = await (await call(app, '/api/state', app.tokens.host)).json();
    expect(Object.hasOwn(hostState as object, 'show')).toBe(false);
    moderator.close();
    host.close();
  });
});

describe('shows over HTTP', () => {
  it('records a show across a restart and serves its review as JSON and CSV', async () => {
    const config = testConfig();
    let app = await startApp(config, { log: () => {} });
    apps.push(app);
    expect((await call(app, '/api/shows/start', app.tokens.moderator, {})).status).toBe(403);
    expect((await call(app, '/api/shows/start', app.tokens.producer, { title: 'x', bogus: 1 })).status).toBe(400);
    const started = (await (await call(app, '/api/shows/start', app.tokens.producer, { title: 'Friday 秒杀' })).json()) as { show: { id: string } };
    const id = started.show.id;
    await ingest(app, 0, 30);
    await app.runCommand({ kind: 'banner.start', product: 'Scarf', price: 9.9, currency: '$', stock: 50, durationMs: 600_000, lowStockAt: 5 });
    await app.runCommand({ kind: 'banner.extend', byMs: 120_000 });
    await app.runCommand({ kind: 'banner.stock', stockLeft: 0 });
    await app.close();
    apps.splice(0);

    app = await startApp(config, { log: () => {} });
    apps.push(app);
    const list = (await (await call(app, '/api/shows', app.tokens.moderator)).json()) as { active: string; shows: { id: string }[] };
    expect(list.active).toBe(id);
    await ingest(app, 100, 20);
    expect((await call(app, '/api/shows/end', app.tokens.producer, {})).status).toBe(200);
    expect((await call(app, '/api/shows/end', app.tokens.producer, {})).status).toBe(409);

    expect((await call(app, `/api/shows/${id}/review`, app.tokens.host)).status).toBe(403);
    const review = (await (await call(app, `/api/shows/${id}/review`, app.tokens.moderator)).json()) as Review;
    expect(review.totals.msgs).toBe(50);
    expect(review.totals.allow + review.totals.flag + review.totals.hold + review.totals.block).toBe(50);
    expect(review.totals.chatters).toBe(7);
    expect(review.show).toMatchObject({ title: 'Friday 秒杀' });
    expect(review.show.endedAt).not.toBeNull();
    expect(review.sales[0]).toMatchObject({ product: 'Scarf', stockTotal: 50 });
    expect(review.sales[0]!.soldOutAt).not.toBeNull();
    expect(review.sales[0]!.curve.map((p) => p.stock)).toEqual([50, 0]);
    const csv = await call(app, `/api/shows/${id}/review?format=csv`, app.tokens.producer);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    // a UTF-8 byte-order mark first, so Excel reads a Chinese title or product as Chinese
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(rows.slice(1).reduce((n, r) => n + Number(r.split(',')[1]), 0)).toBe(50);
    // the sale's moments are in the minutes' events, the extension included
    expect(rows.join('\n')).toMatch(/sale:Scarf \$9\.90 ×50 \| sale-extend:Scarf \+120 s \| soldout:Scarf/);
    // the page swaps a link's token for the session cookie
    const page = await fetch(app.url(`/review?token=${app.tokens.producer}`), { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('set-cookie')).toMatch(/showrunner_session=/);
  });
});

describe('a show started while a question card is already up', () => {
  it('counts in its review only the askers of the show (virtual time)', async () => {
    const sched = new VirtualTimeScheduler(VirtualAction, Date.UTC(2026, 10, 30, 19, 0, 0));
    const chat$ = new Subject<ChatMessage>();
    const app = await startApp(testConfig(), { log: () => {}, scheduler: sched, sources: () => [{ name: 'replay', messages$: chat$, stop: () => chat$.complete() }], insights: (c, faq) => createInsights(c.insights, faq) });
    apps.push(app);
    let n = 0;
    const say = (user: string, text: string): void => chat$.next({ id: `m${n++}`, platform: 'tiktok', channel: 'shop', user: { id: user, name: user, displayName: user, roles: [] }, text, emotes: [], receivedAt: sched.now() });
    const advance = (ms: number): void => {
      sched.maxFrames = sched.now() + ms;
      sched.flush();
    };
    // the warm-up: six viewers ask about shipping before the producer starts the show
    for (let i = 0; i < 6; i++) {
      say(`early${i}`, 'how much is shipping?');
      advance(5_000);
    }
    expect((app.hub.state as unknown as { clusters: { askers: number }[] }).clusters[0]?.askers).toBe(6);
    const started = (await (await call(app, '/api/shows/start', app.tokens.producer, { title: 'Evening' })).json()) as { show: { id: string } };
    advance(2_000);
    say('late', 'how much is shipping?');
    advance(5_000);
    expect((await call(app, '/api/shows/end', app.tokens.producer, {})).status).toBe(200);
    const review = (await (await call(app, `/api/shows/${started.show.id}/review`, app.tokens.producer)).json()) as Review;
    expect(review.totals.chatters).toBe(1);
    expect(review.questions.map((q) => [q.text, q.peakAskers])).toEqual([['how much is shipping?', 1]]);
  });
});
