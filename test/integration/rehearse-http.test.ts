/**
 * Rehearsal from the review page (issue 16) through its HTTP route, with the real app on a real
 * SQLite file and the worker thread: a recorded show replayed with looser settings gives fewer
 * holds and names the comments that would have reached the screen; bad input is a readable 400,
 * a second rehearsal while one runs a 409, the route the producer's only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RehearsalView } from '../../config/review.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { testConfig } from '../support/app.js';

const apps: RunningApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

const TEXTS = ['how much is shipping?', 'love this colour', 'you are a f***ing idiot host', 'check https://bit.ly/xyz for free coins', 'is this real leather?', '包邮吗', 'what sizes do you have?', 'go kill yourself'];

const call = (app: RunningApp, path: string, token: string, body?: unknown, raw?: string) =>
  fetch(app.url(path), { method: body === undefined && raw === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }) });

async function waitDone(app: RunningApp, id: string): Promise<RehearsalView> {
  const until = Date.now() + 30_000;
  for (;;) {
    const v = (await (await call(app, `/api/shows/${id}/rehearse`, app.tokens.producer)).json()) as RehearsalView;
    if (v.state !== 'running' || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('rehearsal over HTTP', () => {
  it('replays a recorded show through looser settings: fewer holds, the comments that would have reached the screen', async () => {
    const config = testConfig({ filters: { blockedTerms: ['leather'] } });
    const app = await startApp(config, { log: () => {} });
    apps.push(app);
    const p = app.tokens.producer;
    const plain = ((await (await call(app, '/api/shows/start', p, { title: 'no transcript' })).json()) as { show: { id: string } }).show.id;
    const id = ((await (await call(app, '/api/shows/start', p, { title: 'rec', record: true })).json()) as { show: { id: string } }).show.id;
    for (let round = 0; round < 4; round++) {
      const body = TEXTS.map((text, i) => ({ id: `r${round}-${i}`, platform: 'twitch', user: { id: `viewer${i % 5}`, name: `v${i % 5}`, displayName: `V${i % 5}` }, text }));
      const res = await fetch(app.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${app.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(((await res.json()) as { accepted: number }).accepted).toBe(TEXTS.length);
    }
    expect((await call(app, `/api/shows/${id}/rehearse`, p, {})).status).toBe(409); // still running
    expect((await call(app, '/api/shows/end', p, {})).status).toBe(200);

    // roles, missing shows and transcripts, bad input
    expect((await call(app, `/api/shows/${id}/rehearse`, app.tokens.moderator, {})).status).toBe(403);
    expect((await call(app, '/api/shows/nope/rehearse', p, {})).status).toBe(404);
    const none = await call(app, `/api/shows/${plain}/rehearse`, p, {});
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('SR_NO_TRANSCRIPT');
    const bad = async (body: unknown, re: RegExp, raw?: string): Promise<void> => {
      const res = await call(app, `/api/shows/${id}/rehearse`, p, body, raw);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(re);
    };
    await bad({ sensitivity: { abuse: 'loose' } }, /sensitivity\.abuse/);
    await bad({ sensitivity: { swearing: 'low' } }, /swearing|key/i);
    await bad({ bogus: 1 }, /bogus/);
    await bad({ lang: 'fr' }, /lang/);
    await bad({ blocked: { add: [''] } }, /term is empty/);
    await bad({ yaml: 'filters: [unclosed' }, /YAML fragment does not parse/);
    await bad({ yaml: 'server:\n  port: 1' }, /only filters: and insights:/);
    await bad({ yaml: 'filters:\n  sensitivity:\n    abuse: 7' }, /filters\.sensitivity\.abuse/);
    await bad(undefined, /JSON/, '{not json');
    expect(((await (await call(app, `/api/shows/${id}/rehearse`, p)).json()) as RehearsalView).state).toBe('idle');

    // the same settings as live: nothing changes
    expect((await call(app, `/api/shows/${id}/rehearse`, p, {})).status).toBe(202);
    const same = await waitDone(app, id);
    expect(same.error ?? same.state).toBe('done');
    expect(same.result!.messages).toBe(TEXTS.length * 4);
    expect(same.result!.diff.same).toBe(TEXTS.length * 4);
    expect(same.result!.diff.reachedScreenCount).toBe(0);
    expect(same.result!.review.show.title).toBe('rec (rehearsal)'); // no language asked: English

    // looser: abuse and links off (the YAML fragment), "leather" no longer blocked
    const started = await call(app, `/api/shows/${id}/rehearse`, p, { sensitivity: { abuse: 'off', spam: 'off' }, blocked: { remove: ['leather'] }, yaml: 'filters:\n  sensitivity:\n    links: off\n', lang: 'zh' });
    expect(started.status).toBe(202);
    expect(((await started.json()) as { rehearsal: RehearsalView }).rehearsal).toMatchObject({ state: 'running', showId: id });
    const busy = await call(app, `/api/shows/${id}/rehearse`, p, {});
    expect(busy.status).toBe(409);
    expect(((await busy.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'SR_BUSY', message: expect.stringMatching(/already running/) as unknown });
    const r = await waitDone(app, id);
    expect(r.state).toBe('done');
    const d = r.result!.diff;
    expect(d.holdsNow + r.result!.now.block).toBeLessThan(d.holdsLive + r.result!.live.block);
    expect(d.reachedScreenCount).toBeGreaterThan(0);
    expect(d.reachedScreen.map((x) => x.text)).toEqual(expect.arrayContaining(['is this real leather?']));
    expect(d.reachedScreen.some((x) => /bit\.ly|idiot/.test(x.text))).toBe(true);
    expect(d.hiddenNowCount).toBe(0);
    // asked from a Chinese review page: the rehearsed show is titled in Chinese (it read "rec (rehearsal)")
    expect(r.result!.review.show.title).toBe('rec（排练）');
  }, 60_000);
});
