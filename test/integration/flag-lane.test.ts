import { afterEach, describe, expect, it } from 'vitest';
import type { WatchItem } from '../../config/views.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { testConfig, tmpDbPath, TestSocket } from '../support/app.js';

const apps: RunningApp[] = [];
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const a of apps.splice(0)) await a.close();
});
const start = async (overrides: Record<string, unknown> = {}): Promise<RunningApp> => {
  // the spam model off: these tests are about the lanes, not about what the model makes of a link
  const app = await startApp(testConfig({ filters: { spam: { model: { enabled: false } } }, ...overrides }), { log: () => {} });
  apps.push(app);
  return app;
};
async function ingest(app: RunningApp, lines: { id: string; user: string; text: string }[]): Promise<void> {
  for (let i = 0; i < lines.length; i += 500) {
    const res = await fetch(app.url('/api/ingest'), {
      method: 'POST',
      headers: { authorization: `Bearer ${app.tokens.ingest}`, 'content-type': 'application/json' },
      body: JSON.stringify(lines.slice(i, i + 500).map((l) => ({ id: l.id, platform: 'twitch', channel: 'shop', user: { id: l.user, name: l.user, displayName: l.user }, text: l.text }))),
    });
    expect(res.status).toBe(200);
  }
}

describe('the flag lane', () => {
  it('shows a flagged comment at once, lists it for moderators, and one command takes it back everywhere', async () => {
    const app = await start();
    const mod = await TestSocket.open(app.wsUrl(`/ws/control?token=${app.tokens.moderator}&name=Ana`));
    sockets.push(mod);
    await mod.next('snapshot');
    await ingest(app, [{ id: 'f1', user: 'regular', text: 'got mine from https://shop.example.io/serum yesterday' }]);
    const feed = await mod.next('feed', (f) => f.items.some((i) => i.id === 'f1'));
    expect(feed.items.find((i) => i.id === 'f1')).toMatchObject({ action: 'flag', reasons: [{ filter: 'spam.link' }] });
    expect(app.counters).toMatchObject({ in: 1, flagged: 1, held: 0 });
    const watch = (app.hub.state['watch'] as Record<string, WatchItem>)['f1'];
    expect(watch).toMatchObject({ messageId: 'f1', reasons: [{ filter: 'spam.link' }] });

    await app.runCommand({ kind: 'feature.set', messageId: 'f1' });
    expect(app.hub.state['overlay']).toMatchObject({ featured: { messageId: 'f1' } });
    const r = (await app.runCommand({ kind: 'moderation.remove', messageIds: ['f1', 'unknown'] }, { role: 'moderator', actor: 'moderator:Ana' })) as { removed: string[] };
    expect(r.removed).toEqual(['f1']);
    expect(app.hub.state['overlay']).toMatchObject({ featured: null });
    expect((app.hub.state['watch'] as Record<string, WatchItem>)['f1']).toBeUndefined();
    expect(app.store.allAudit().map((a) => `${a.action}:${a.messageId ?? ''}`)).toContain('remove:f1');
  });

  it('switches a level live from the console, and keeps it across a restart', async () => {
    const path = tmpDbPath();
    const app = await start({ store: { path } });
    await ingest(app, [{ id: 'a', user: 'u1', text: 'see https://shop.example.io/a' }]);
    expect(app.counters.flagged).toBe(1);
    await app.runCommand({ kind: 'sensitivity.set', category: 'links', level: 'off' }, { role: 'moderator', actor: 'moderator:Ana' });
    await ingest(app, [{ id: 'b', user: 'u2', text: 'see https://shop.example.io/b' }]);
    expect(app.counters).toMatchObject({ flagged: 1, allowed: 1 });
    await app.close();
    apps.pop();
    const again = await start({ store: { path } });
    expect(again.hub.state['sensitivity']).toMatchObject({ links: 'off', abuse: 'medium' });
    await ingest(again, [{ id: 'c', user: 'u3', text: 'see https://shop.example.io/c' }]);
    expect(again.counters).toMatchObject({ allowed: 1, flagged: 0 });
  });

  it('keeps /api/state small with 3,000 comments waiting, and says the queue overflows', async () => {
    const app = await start({ filters: { spam: { model: { enabled: false } }, sensitivity: { raids: 'off' } } });
    const lines = Array.from({ length: 3000 }, (_, i) => ({ id: `p${i}`, user: `viewer${i}`, text: `call me on 138${String(10_000_000 + i * 7).slice(0, 8)} number ${i}` }));
    await ingest(app, lines);
    expect(app.queue.size).toBe(3000);
    await new Promise((r) => setImmediate(r));
    app.queue.tick();
    const res = await fetch(app.url('/api/state'), { headers: { authorization: `Bearer ${app.tokens.producer}` } });
    const body = await res.text();
    expect(body.length).toBeLessThan(256 * 1024);
    const state = JSON.parse(body) as { queue: Record<string, unknown>; queueInfo: { total: number; shown: number; overflowing: boolean } };
    expect(Object.keys(state.queue)).toHaveLength(100);
    expect(state.queueInfo).toMatchObject({ total: 3000, shown: 100, overflowing: true });
  });

  it('masks with the configured patterns wherever the text is shown: a custom order number held and masked', async () => {
    const app = await start({ filters: { spam: { model: { enabled: false } }, pii: { orderPatterns: [{ name: 'VIP order', pattern: 'VIP\\d{6}', flags: 'i' }] } } });
    await ingest(app, [{ id: 'o1', user: 'buyer', text: 'my order VIP123456 has not arrived' }]);
    const [item] = app.queue.items();
    expect(item).toMatchObject({ messageId: 'o1', reasons: [{ filter: 'privacy.order' }] });
    expect(item!.text).toBe('my order ••••••••• has not arrived');
    expect(JSON.stringify(app.hub.state)).not.toContain('VIP123456');
  });
});
