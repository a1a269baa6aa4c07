/**
 * The load side of bench/simulcast.ts in its own process (it must not share the server's event
 * loop): the three platform fakes (setup as JSON in argv[2]) and the sender. IPC: sends `ready` with
 * the fakes' addresses; on `go` waits for the app's Twitch join and TikTok room entry, sends `sending`
 * (its start time), offers RATE msg/s a platform for `warmupMs + seconds`, waits `drainMs`, and sends
 * `done` with when each message left (for the wire → moderator time); exits when its parent goes.
 * The moderators are another process (bench/simulcast-mods.ts).
 */
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
type Go = { type: 'go'; seconds: number; warmupMs: number; drainMs: number };
export type LoadDone = { type: 'done'; sent: number; sendMs: number; ticks: number; sentAt: [messageId: string, at: number][] };

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

  const sentAt: [string, number][] = [];
  const total = Math.round(((go.warmupMs + go.seconds * 1000) / 1000) * RATE);
  const t0 = Date.now();
  send({ type: 'sending', at: t0 });
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
        sentAt.push([twitch.privmsg('luna_live', { login: `tw_${u}`, id: String(500_000 + u) }, text), now]);
        const ttId = String(8_000_000 + sent);
        events.push({ kind: 'chat', msgId: ttId, user: { id: String(6_900_000_000 + u), uniqueId: `tt_${u}`, nickname: m.user.displayName }, text });
        sentAt.push([`tt-${ttId}`, now]);
        sentAt.push([youtube.chat({ channelId: `UC${String(u).padStart(22, '0')}`, displayName: m.user.displayName }, text), now]);
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
  send({ type: 'done', sent: sent * 3, sendMs, ticks, sentAt } satisfies LoadDone);
  await Promise.all([twitch.close(), tiktok.close(), youtube.close()]);
}

void main();
