import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../server/app.js';
import { testConfig, TestSocket } from '../support/app.js';

let app: RunningApp | null = null;
const sockets: TestSocket[] = [];
const start = async (server: Record<string, unknown> = {}): Promise<RunningApp> => {
  app = await startApp(testConfig({ server }), { log: () => {} });
  return app;
};
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await app?.close();
  app = null;
});

function raw(a: RunningApp, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: a.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (b: Buffer) => (text += b.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const ws = async (a: RunningApp, path: string, headers: Record<string, string>): Promise<TestSocket> => {
  const s = await TestSocket.open(`ws://127.0.0.1:${a.port}${path}`, { headers });
  sockets.push(s);
  return s;
};

describe('the Host check (DNS rebinding)', () => {
  it.each(['evil.example', 'rebind.attacker.test', '127.0.0.1.nip.io'])('answers Host %s with 421 and a clear body, on pages, health and the API', async (name) => {
    const a = await start();
    for (const path of ['/api/health', '/overlay', '/console', '/api/state']) {
      const res = await raw(a, 'GET', path, { host: `${name}:${a.port}`, authorization: `Bearer ${a.tokens.producer}` });
      expect(res.status).toBe(421);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'SR_HOST_NOT_ALLOWED', message: expect.stringMatching(/server\.allowedHosts/) } });
    }
    await expect(TestSocket.open(`ws://127.0.0.1:${a.port}/ws/overlay`, { headers: { host: `${name}:${a.port}` } })).rejects.toThrow(/421/);
  });

  it('takes 127.0.0.1, localhost and [::1] with the port; refuses another port or no Host', async () => {
    const a = await start();
    for (const host of [`127.0.0.1:${a.port}`, `localhost:${a.port}`, `LOCALHOST:${a.port}`, `[::1]:${a.port}`]) {
      expect((await raw(a, 'GET', '/api/health', { host })).status).toBe(200);
    }
    expect((await raw(a, 'GET', '/api/health', { host: `127.0.0.1:${a.port + 1}` })).status).toBe(421);
    expect((await raw(a, 'GET', '/api/health', { host: '127.0.0.1' })).status).toBe(421);
    expect((await raw(a, 'GET', '/api/health', { host: `user@127.0.0.1:${a.port}` })).status).toBe(421);
  });

  it('takes the names listed in server.allowedHosts', async () => {
    const a = await start({ allowedHosts: ['studio.lan', '192.168.1.20'] });
    expect((await raw(a, 'GET', '/api/health', { host: `studio.lan:${a.port}` })).status).toBe(200);
    expect((await raw(a, 'GET', '/api/health', { host: `192.168.1.20:${a.port}` })).status).toBe(200);
    expect((await raw(a, 'GET', '/api/health', { host: `other.lan:${a.port}` })).status).toBe(421);
  });
});

describe('the Origin check', () => {
  it.each(['/ws/overlay', '/ws/control', '/ws/ingest'])('refuses a foreign page opening %s with 403, even with a valid token', async (path) => {
    const a = await start();
    const auth = { authorization: `Bearer ${path === '/ws/ingest' ? a.tokens.ingest : a.tokens.producer}` };
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1.evil.example:${a.port}`, `http://127.0.0.1:${a.port + 1}`, `file://`]) {
      await expect(TestSocket.open(`ws://127.0.0.1:${a.port}${path}`, { headers: { ...auth, origin } })).rejects.toThrow(/403/);
    }
  });

  it("takes the server's own origins (the console, OBS's browser source) and no Origin at all (scripts)", async () => {
    const a = await start();
    const auth = { authorization: `Bearer ${a.tokens.producer}` };
    for (const origin of [`http://127.0.0.1:${a.port}`, `http://localhost:${a.port}`]) {
      expect(await (await ws(a, '/ws/control', { ...auth, origin })).next('hello')).toMatchObject({ role: 'producer' });
      await (await ws(a, '/ws/overlay', { origin })).next('snapshot');
    }
    await (await ws(a, '/ws/control', auth)).next('hello');
  });

  it('refuses a POST from a foreign page with 403 and runs nothing; takes allowedOrigins', async () => {
    const a = await start({ allowedOrigins: ['https://studio.example'] });
    const headers = { authorization: `Bearer ${a.tokens.producer}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ kind: 'overlay.hide', hidden: true });
    const evil = await raw(a, 'POST', '/api/command', { ...headers, origin: 'https://evil.example' }, body);
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body)).toMatchObject({ error: { code: 'SR_ORIGIN_NOT_ALLOWED' } });
    expect((a.hub.state['overlay'] as { hidden: boolean }).hidden).toBe(false);
    expect((await raw(a, 'GET', '/api/state', { ...headers, origin: 'https://evil.example' })).status).toBe(403);
    expect((await raw(a, 'POST', '/api/command', { ...headers, origin: 'https://studio.example' }, body)).status).toBe(200);
    expect((await raw(a, 'POST', '/api/command', { ...headers, origin: `http://127.0.0.1:${a.port}` }, body)).status).toBe(200);
    expect((await raw(a, 'POST', '/api/command', headers, body)).status).toBe(200);
  });
});

describe('the config', () => {
  it('refuses an allowed host with a scheme or port, and an origin with a path, naming the field', async () => {
    await expect(start({ allowedHosts: ['http://studio.lan'] })).rejects.toThrow(/server\.allowedHosts\.0/);
    await expect(start({ allowedOrigins: ['https://studio.example/console'] })).rejects.toThrow(/server\.allowedOrigins\.0/);
  });
});

describe('createRequestGuard', () => {
  const req = (host: string, origin?: string): import('node:http').IncomingMessage =>
    ({ headers: { host, ...(origin ? { origin } : {}) }, socket: { localPort: 4500 } }) as unknown as import('node:http').IncomingMessage;
  it('takes the configured bind address as a host, even 0.0.0.0 (the overlay URL given to OBS uses it)', async () => {
    const { createRequestGuard } = await import('../../server/http/guard.js');
    const g = createRequestGuard({ host: '0.0.0.0', allowedHosts: [], allowedOrigins: [] });
    expect(g.check(req('0.0.0.0:4500'), true)).toBeNull();
    expect(g.check(req('0.0.0.0:4500', 'http://0.0.0.0:4500'), true)).toBeNull();
    expect(g.check(req('192.168.1.20:4500'), true)?.status).toBe(421);
    expect(createRequestGuard({ host: '127.0.0.1', allowedHosts: ['*'], allowedOrigins: [] }).check(req('anything.example:4500'), false)).toBeNull();
  });
});
