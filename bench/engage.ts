/**
 * Lucky draw at scale (issue 17): 50,000 eligible entrants typed the keyword (25 s of chat at
 * 2,000 msg/s, in virtual time, through the engage tally with the eligibility rules), then the draw:
 * `draw.close` end to end (canonical sort of the entrants, the committed HMAC-SHA256 Fisher–Yates,
 * the record written to a SQLite file, the overlay patch). `draw_ms` is the median of 5 draws;
 * `draw_ms_max` the slowest.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualTimeScheduler } from 'rxjs';
import type { Annotated } from '../config/chat.js';
import { EngageConfigSchema } from '../config/engage.js';
import { Engage } from '../server/engage/engage.js';
import { Store } from '../server/store/store.js';
import type { BenchPlugin } from './types.js';

const ENTRANTS = 50_000;
const RATE = 2_000;

function entry(i: number, at: number): Annotated {
  const id = `viewer${i.toString(36)}`;
  return {
    message: { id: `m${i}`, platform: i % 5 === 0 ? 'tiktok' : 'twitch', channel: 'shop', user: { id, name: id, displayName: `观众${i}`, roles: i % 4 === 0 ? ['subscriber'] : [] }, text: i % 3 === 0 ? '想要！' : '想要', emotes: [], receivedAt: at },
    verdict: { action: 'allow', reasons: [], score: 0 },
    lang: 'zh',
    isQuestion: false,
    sentiment: 0,
  };
}

export const benchEngage: BenchPlugin = async ({ log, quick }) => {
  const rounds = quick ? 3 : 5;
  const store = new Store(join(mkdtempSync(join(tmpdir(), 'showrunner-bench-engage-')), 'showrunner.db'));
  const times: number[] = [];
  let observeUs = 0;
  try {
    for (let r = 0; r < rounds; r++) {
      const scheduler = new VirtualTimeScheduler();
      let patches = 0;
      const engage = new Engage({ config: EngageConfigSchema.parse({}), scheduler, store, publish: () => void patches++ });
      engage.run({ kind: 'draw.open', keyword: '想要', durationMs: 60_000, winners: 10 }, 'bench');
      const msgs = Array.from({ length: ENTRANTS }, (_, i) => entry(i + r * ENTRANTS, Math.floor((i * 1000) / RATE)));
      const t0 = performance.now();
      for (const m of msgs) engage.observe(m);
      observeUs = ((performance.now() - t0) * 1000) / ENTRANTS;
      const t1 = performance.now();
      const res = engage.run({ kind: 'draw.close' }, 'bench') as { draw: { entries: number; winners: unknown[] } };
      times.push(performance.now() - t1);
      if (res.draw.entries !== ENTRANTS || res.draw.winners.length !== 10) throw new Error(`expected ${ENTRANTS} entrants and 10 winners, got ${res.draw.entries} / ${res.draw.winners.length}`);
      await new Promise((ok) => setImmediate(ok));
    }
  } finally {
    store.close();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const max = times[times.length - 1]!;
  log(`   ${ENTRANTS.toLocaleString('en')} entrants, 10 winners: draw ${median.toFixed(1)} ms (median of ${rounds}; slowest ${max.toFixed(1)} ms; target ≤ 50 ms); ${observeUs.toFixed(2)} µs per entry message`);
  return { draw_ms: Math.round(median * 10) / 10, draw_ms_max: Math.round(max * 10) / 10, engage_us_per_entry: Math.round(observeUs * 100) / 100 };
};
