/**
 * Issue 17's target, on a replay through the real pipeline (HTTP ingest → filters → verdicts →
 * engage): a raid of 200 copies from 200 new accounts changes no poll result and wins no draw, and
 * entries from held or flagged viewers never count.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DrawView, PollView } from '../../config/engage.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { loadRecord } from '../../server/engage/draw-store.js';
import { verifyDraw } from '../../server/engage/fair.js';
import { testConfig } from '../support/app.js';

const apps: RunningApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

interface Line {
  id: string;
  user: string;
  text: string;
  firstMessage?: boolean;
}
async function ingest(app: RunningApp, lines: Line[]): Promise<void> {
  for (let i = 0; i < lines.length; i += 500) {
    const res = await fetch(app.url('/api/ingest'), {
      method: 'POST',
      headers: { authorization: `Bearer ${app.tokens.ingest}`, 'content-type': 'application/json' },
      body: JSON.stringify(lines.slice(i, i + 500).map((l) => ({ id: l.id, platform: 'twitch', channel: 'shop', user: { id: l.user, name: l.user, displayName: l.user, ...(l.firstMessage !== undefined ? { firstMessage: l.firstMessage } : {}) }, text: l.text }))),
    });
    expect(res.status).toBe(200);
  }
}

/** 30 regulars: each enters the draw and votes (18 for option 1, 12 for option 2). */
const regulars: Line[] = Array.from({ length: 30 }, (_, i) => [
  { id: `e${i}`, user: `regular${i}`, text: i % 3 === 0 ? '想要！' : '想要' },
  { id: `v${i}`, user: `regular${i}`, text: i < 18 ? '1' : '2' },
]).flat();
const PASTA = '想要想要 选2选2选2 关注主播领福利 加微信 vx: fuli8888 免费送 想要';
const pastaRaid: Line[] = Array.from({ length: 200 }, (_, i) => ({ id: `r${i}`, user: `newbot${i}`, text: PASTA, firstMessage: true }));
/** The same 200 accounts typing exactly the keyword and the vote (too short to be a copy-paste raid). */
const exactRaid: Line[] = Array.from({ length: 200 }, (_, i) => [
  { id: `x${i}`, user: `newbot${i}`, text: '想要', firstMessage: true },
  { id: `y${i}`, user: `newbot${i}`, text: '2', firstMessage: true },
]).flat();

async function run(raid: Line[], excludeFirstTime: boolean): Promise<{ app: RunningApp; draw: DrawView; poll: PollView }> {
  const app = await startApp(testConfig(), { log: () => {} });
  apps.push(app);
  const eligibility = { excludeFirstTime };
  await app.runCommand({ kind: 'draw.open', keyword: '想要', durationMs: 120_000, winners: 3, eligibility });
  await app.runCommand({ kind: 'poll.open', question: 'Which one? 哪个?', options: [{ label: 'Serum', keywords: [] }, { label: 'Lipstick', keywords: [] }], durationMs: 120_000, eligibility });
  // raiders arrive in the middle of the regulars
  await ingest(app, [...regulars.slice(0, 30), ...raid, ...regulars.slice(30)]);
  const draw = ((await app.runCommand({ kind: 'draw.close' })) as { draw: DrawView }).draw;
  const poll = ((await app.runCommand({ kind: 'poll.close' })) as { poll: PollView }).poll;
  return { app, draw, poll };
}

describe('a raid through the real pipeline', () => {
  it('200 copies of a pasta from 200 new accounts: no entry, no vote (the filters flag the copies; the first copy is not the keyword)', async () => {
    const { app, draw, poll } = await run(pastaRaid, false);
    expect(app.counters.in).toBe(260);
    expect(app.counters.held + app.counters.flagged + app.counters.blocked).toBeGreaterThanOrEqual(199);
    expect(draw.entries).toBe(30);
    expect(draw.winners).toHaveLength(3);
    for (const w of draw.winners) expect(w.key).toMatch(/^twitch:regular\d+$/);
    expect(poll.counts).toEqual([18, 12]);
    const loaded = loadRecord(app.store, draw.id)!;
    expect(loaded.problems).toEqual([]);
    const rec = loaded.record;
    expect(rec.entrants.every((k) => k.startsWith('twitch:regular'))).toBe(true);
    expect(verifyDraw(rec).ok).toBe(true);
  });

  it('200 new accounts typing exactly the keyword and a vote: none counts with first-time chatters excluded', async () => {
    const { draw, poll } = await run(exactRaid, true);
    expect(draw.entries).toBe(30);
    for (const w of draw.winners) expect(w.key).toMatch(/^twitch:regular\d+$/);
    expect(poll.counts).toEqual([18, 12]);
  });

  it('a viewer whose message is held during the window loses the entry and the vote', async () => {
    const app = await startApp(testConfig(), { log: () => {} });
    apps.push(app);
    await app.runCommand({ kind: 'draw.open', keyword: '想要', durationMs: 120_000, winners: 1 });
    await app.runCommand({ kind: 'poll.open', question: 'Q', options: [{ label: 'A', keywords: [] }, { label: 'B', keywords: [] }], durationMs: 120_000 });
    await ingest(app, [
      { id: 'a1', user: 'alice', text: '想要' },
      { id: 'a2', user: 'alice', text: '1' },
      { id: 'b1', user: 'bob', text: '想要' },
      { id: 'b2', user: 'bob', text: '2' },
      { id: 'b3', user: 'bob', text: 'call me 13812345678 for a discount' },
    ]);
    expect(app.queue.size + app.counters.flagged).toBeGreaterThanOrEqual(1);
    const overlay = app.hub.state['overlay'] as { engage: { draw: DrawView; poll: PollView } };
    expect(overlay.engage.draw.entries).toBe(1);
    expect(overlay.engage.poll.counts).toEqual([1, 0]);
    const draw = ((await app.runCommand({ kind: 'draw.close' })) as { draw: DrawView }).draw;
    expect(draw.winners.map((w) => w.key)).toEqual(['twitch:alice']);
  });

  it('runs over HTTP for a producer (stream decks), is refused to a moderator, and a bad command is a 400', async () => {
    const app = await startApp(testConfig(), { log: () => {} });
    apps.push(app);
    const post = (token: string, body: unknown) => fetch(app.url('/api/command'), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(app.tokens.moderator, { kind: 'draw.open', preset: 'want' })).status).toBe(403);
    const ok = await post(app.tokens.producer, { kind: 'draw.open', preset: 'want' });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { result: { draw: DrawView } }).result.draw).toMatchObject({ keyword: '想要', phase: 'open', seed: null });
    const bad = await post(app.tokens.producer, { kind: 'poll.open', question: 'Q', options: [{ label: 'only one' }], durationMs: 10_000 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/options/);
    expect(app.store.allAudit().map((a) => `${a.actor} ${a.action}`)).toContain('producer:http draw.open');
  });
});
