/**
 * The load side of bench/simulcast.ts in its own process (it must not share the server's event
 * loop): the three platform fakes (setup as JSON in argv[2]), the sender and the 5 moderator sockets. IPC: sends `ready` with
 * the fakes' addresses; on `go` (the app's ws URL and moderator token) waits for the app's Twitch join
 * and TikTok room entry, offers RATE msg/s a platform for `seconds`, waits `drainMs`, and sends `done`
 * with the latencies; exits when its parent goes.
 */
import WebSocket from 'ws';
import type { ServerFrame } from '../config/protocol.js';
import type { QueueItem } from '../config/views.js';
import type { ChatMessage } from '../config/chat.js';
import { buildCorpus } from './corpus.js';
import { FakeTikTok, type FakeEvent } from '../test/support/fake-tiktok.js';
import { FakeTwitch } from '../test/support/fake-twitch.js';
import { FakeYouTube } from '../test/support/fake-youtube.js';

const TICK_MS = 10;

/** What bench/simulcast.ts passes as JSON in argv[2]. */
export interface LoadSetup {
  rate: number;
  youtube: { apiKey: string; oauthToken: string; videoId: string; liveChatId: string; pollingIntervalMillis: number };
}
type Go = { type: 'go'; wsBase: string; token: string; seconds: number; drainMs: number };

async function main(): Promise<void> {
  const { rate: RATE, youtube: YT } = JSON.parse(process.argv[2] ?? '{}') as LoadSetup;
  const corpus: ChatMessage[] = buildCorpus(50_000);
  const [twitch, tiktok, youtube] = await Promise.all([FakeTwitch.start(), FakeTikTok.start(), FakeYouTube.start(YT)]);
  const joined = twitch.nextJoin('luna_live');
  const entered = tiktok.nextEnter();
  const send = (m: unknown): void => void process.send?.(m);
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', twitchPort: twitch.port, tiktokHost: tiktok.host, tiktokSign: tiktok.signBase, youtubeBase: youtube.baseUrl });
  const go = await new Promise<Go>((r) => process.once('message', (m: Go) => r(m)));
  await Promise.all([joined, entered]);

  const sentAt = new Map<string, number>();
  const hold: number[] = [];
  const wire: Record<string, number[]> = { twitch: [], tiktok: [], youtube: [] };
  const mods: WebSocket[] = [];
  let viaSnapshot = 0;
  for (let i = 0; i < 5; i++) {
    const ws = new WebSocket(`${go.wsBase}/ws/control?token=${go.token}&name=mod${i}`);
    // a moderator that falls behind gets a snapshot instead of patches: its new queue items count too
    const seen = new Set<string>();
    const record = (q: QueueItem, at: number): void => {
      if (seen.has(q.id)) return;
      seen.add(q.id);
      hold.push(at - q.heldAt);
      const t0 = sentAt.get(q.messageId);
      if (t0 !== undefined) wire[q.platform]?.push(at - t0);
    };
    ws.on('message', (data) => {
      const at = Date.now();
      const f = JSON.parse(data.toString()) as ServerFrame;
      if (f.type === 'snapshot') {
        const queue = (f.state['queue'] ?? {}) as Record<string, QueueItem>;
        // the first snapshot (before any load) has nothing; later ones are catch-ups
        for (const q of Object.values(queue)) {
          if (!seen.has(q.id)) viaSnapshot++;
          record(q, at);
        }
        return;
      }
      if (f.type !== 'patch') return;
      for (const op of f.ops) if (op.op === 'set' && op.path[0] === 'queue' && op.path.length === 2) record(op.value as QueueItem, at);
    });
    await new Promise((r) => ws.once('open', r));
    mods.push(ws);
  }

  const total = go.seconds * RATE;
  const t0 = Date.now();
  let sent = 0;
  let ticks = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      // catch up on late ticks, so the offered rate stays RATE a second on each platform
      const due = Math.min(total, Math.round(((Date.now() - t0) / 1000) * RATE));
      ticks++;
      const now = Date.now();
      const events: FakeEvent[] = [];
      while (sent < due) {
        const m = corpus[sent % corpus.length]!;
        const text = m.text.replace(/[\r\n]/g, ' ');
        const u = sent % 5_000;
        sentAt.set(twitch.privmsg('luna_live', { login: `tw_${u}`, id: String(500_000 + u) }, text), now);
        const ttId = String(8_000_000 + sent);
        events.push({ kind: 'chat', msgId: ttId, user: { id: String(6_900_000_000 + u), uniqueId: `tt_${u}`, nickname: m.user.displayName }, text });
        sentAt.set(`tt-${ttId}`, now);
        sentAt.set(youtube.chat({ channelId: `UC${String(u).padStart(22, '0')}`, displayName: m.user.displayName }, text), now);
        sent++;
      }
      if (events.length) tiktok.send(events);
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  const sendMs = Date.now() - t0;
  await new Promise((r) => setTimeout(r, go.drainMs));
  for (const m of mods) m.close();
  send({ type: 'done', sent: sent * 3, sendMs, ticks, hold, wire, viaSnapshot });
  await Promise.all([twitch.close(), tiktok.close(), youtube.close()]);
}

void main();
