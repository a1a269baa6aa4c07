import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../server/app.js';
import { testConfig, TestSocket } from '../support/app.js';

let app: RunningApp;
const sockets: TestSocket[] = [];
beforeEach(async () => {
  app = await startApp(testConfig(), { log: () => {} });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await app.close();
});

/** A raw request (fetch would refuse or normalise some of the headers under test). */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(app.url(path), { method, headers }, (res) => {
      let text = '';
      res.on('data', (b: Buffer) => (text += b.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('tokens on the HTTP API', () => {
  it('refuses a token in the URL of an /api route; takes the Bearer header', async () => {
    expect((await fetch(app.url(`/api/state?token=${app.tokens.producer}`))).status).toBe(401);
    expect((await fetch(app.url(`/api/audit?format=csv&token=${app.tokens.producer}`))).status).toBe(401);
    expect((await fetch(app.url('/api/state'), { headers: { authorization: `Bearer ${app.tokens.producer}` } })).status).toBe(200);
  });

  it.each([
    ['two spaces after Bearer', (t: string) => `Bearer  ${t}`],
    ['a no-break space after the token', (t: string) => `Bearer ${t}\u00a0`],
    ['an extra character', (t: string) => `Bearer ${t}x`],
    ['no scheme', (t: string) => t],
    ['the token cut short', (t: string) => `Bearer ${t.slice(0, -1)}`],
  ])('refuses a token with %s (no trimming, no forgiveness)', async (_name, header) => {
    expect((await raw('GET', '/api/state', { authorization: header(app.tokens.producer) })).status).toBe(401);
    const ingest = await raw('POST', '/api/ingest', { authorization: header(app.tokens.ingest), 'content-type': 'application/json' }, '[]');
    expect(ingest.status).toBe(401);
  });

  it('refuses a ws token with a trailing space', async () => {
    await expect(TestSocket.open(app.wsUrl(`/ws/control?token=${app.tokens.producer}%20`))).rejects.toThrow(/401/);
    await expect(TestSocket.open(app.wsUrl(`/ws/ingest?token=${app.tokens.ingest}%20`))).rejects.toThrow(/401/);
    await expect(TestSocket.open(app.wsUrl('/ws/control'), { headers: { authorization: `Bearer ${app.tokens.producer}\u00a0` } })).rejects.toThrow(/401/);
  });

  it.each([
    ['text/plain (a cross-site form with enctype=text/plain)', 'text/plain'],
    ['a urlencoded form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
  ])('answers a POST body sent as %s with 415 and runs nothing', async (_name, type) => {
    const cmd = await raw('POST', '/api/command', { authorization: `Bearer ${app.tokens.producer}`, 'content-type': type }, JSON.stringify({ kind: 'overlay.hide', hidden: true }));
    expect(cmd.status).toBe(415);
    expect(JSON.parse(cmd.body)).toMatchObject({ error: { code: 'SR_UNSUPPORTED_MEDIA_TYPE' } });
    expect((app.hub.state['overlay'] as { hidden: boolean }).hidden).toBe(false);
    const ingest = await raw('POST', '/api/ingest', { authorization: `Bearer ${app.tokens.ingest}`, 'content-type': type }, '[]');
    expect(ingest.status).toBe(415);
  });

  it('answers a POST without a content type with 415, and runs it with application/json', async () => {
    const none = await raw('POST', '/api/command', { authorization: `Bearer ${app.tokens.producer}` }, JSON.stringify({ kind: 'overlay.hide', hidden: true }));
    expect(none.status).toBe(415);
    const ok = await raw('POST', '/api/command', { authorization: `Bearer ${app.tokens.producer}`, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ kind: 'overlay.hide', hidden: true }));
    expect(ok.status).toBe(200);
    expect((app.hub.state['overlay'] as { hidden: boolean }).hidden).toBe(true);
  });
});

describe('oversize bodies', () => {
  it('answers a body over 1 MiB with 413, not a reset, whether its length is declared or chunked', async () => {
    const big = `[${'"x",'.repeat(300_000)}"x"]`;
    const headers = { authorization: `Bearer ${app.tokens.ingest}`, 'content-type': 'application/json' };
    const declared = await fetch(app.url('/api/ingest'), { method: 'POST', headers, body: big });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { code: 'SR_BODY_TOO_LARGE' } });
    const chunks = [big.slice(0, 700_000), big.slice(700_000)];
    const stream = new ReadableStream<Uint8Array>({
      pull(ctl) {
        const next = chunks.shift();
        if (next === undefined) ctl.close();
        else ctl.enqueue(new TextEncoder().encode(next));
      },
    });
    const chunked = await fetch(app.url('/api/ingest'), { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await fetch(app.url('/api/health'))).status).toBe(200);
  });
});

describe('the console link', () => {
  it('swaps ?token= for an HttpOnly SameSite=Strict cookie and a redirect without the token; the cookie then works for /api and /ws/control', async () => {
    const res = await raw('GET', `/console?token=${encodeURIComponent(app.tokens.moderator)}&name=Ana`, {});
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console?name=Ana');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^showrunner_session=[^;]+; HttpOnly; SameSite=Strict; Path=\//);
    expect(setCookie).not.toMatch(/Max-Age=0/);
    const cookie = setCookie.split(';')[0] as string;

    expect((await raw('GET', '/api/audit', { cookie })).status).toBe(200);
    const state = await raw('GET', '/api/state', { cookie: `other=1; ${cookie}` });
    expect(state.status).toBe(200);
    const ws = await TestSocket.open(app.wsUrl('/ws/control?name=Ana'), { headers: { cookie } });
    sockets.push(ws);
    expect(await ws.next('hello')).toMatchObject({ role: 'moderator' });
    // the page itself carries no token
    const page = await raw('GET', '/console?name=Ana', { cookie });
    expect(page.body).not.toContain(app.tokens.moderator);
  });

  it('clears the cookie for a wrong token, and the cleared cookie authenticates nobody', async () => {
    const res = await raw('GET', '/console?token=not-a-real-token-at-all', {});
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console');
    expect(String(res.headers['set-cookie'])).toMatch(/^showrunner_session=; .*Max-Age=0/);
    expect((await raw('GET', '/api/state', { cookie: 'showrunner_session=' })).status).toBe(401);
    expect((await raw('GET', '/api/state', { cookie: 'showrunner_session=%E0%A4%A' })).status).toBe(401);
    await expect(TestSocket.open(app.wsUrl('/ws/control'), { headers: { cookie: 'showrunner_session=nope' } })).rejects.toThrow(/401/);
  });
});
