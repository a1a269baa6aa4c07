import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { EngageConfigSchema } from '../../../config/engage.js';
import { Engage } from '../../../server/engage/engage.js';
import { Store } from '../../../server/store/store.js';
import { msg } from '../../support/engage.js';
import { verifyFiles, verifyStore } from '../../../scripts/verify-draw.js';
import { loadRecord } from '../../../server/engage/draw-store.js';


describe('npm run verify-draw', () => {
  it('reproduces every stored draw (with a redraw) bit for bit, and fails a tampered export', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verify-draw-'));
    const db = join(dir, 'showrunner.db');
    const store = new Store(db);
    const scheduler = new VirtualTimeScheduler();
    const engage = new Engage({ config: EngageConfigSchema.parse({}), scheduler, store, publish: () => {} });
    for (let round = 0; round < 2; round++) {
      engage.run({ kind: 'draw.open', keyword: '想要', durationMs: 10_000, winners: 2 }, 'p');
      for (let i = 0; i < 300; i++) engage.observe(msg(`r${round}v${i}`, '想要'));
      engage.run({ kind: 'draw.close' }, 'p');
    }
    const exported = engage.run({ kind: 'draw.export', format: 'json' }, 'p') as { body: { picks: string[] } };
    engage.run({ kind: 'draw.redraw', userKey: exported.body.picks[0]! }, 'p');
    const after = engage.run({ kind: 'draw.export', format: 'json' }, 'p') as { body: { picks: string[]; entrants: string[] } };
    store.close();

    const stored = verifyStore(db);
    expect(stored.map((o) => o.ok)).toEqual([true, true]);
    expect(stored.map((o) => o.picks.length).sort()).toEqual([2, 3]);

    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ ok: true, result: after }));
    expect(verifyFiles([good])[0]).toMatchObject({ ok: true, problems: [] });
    const other = after.body.entrants.find((e) => !after.body.picks.includes(e))!;
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...after.body, picks: [other, ...after.body.picks.slice(1)] }));
    const [r] = verifyFiles([bad, join(dir, 'missing.json')]);
    expect(r!.ok).toBe(false);
    expect(r!.problems[0]).toMatch(/^pick 1: the record says twitch:/);
    expect(verifyFiles([join(dir, 'missing.json')])[0]!.problems[0]).toMatch(/^cannot read/);
  });

  it('keeps the entrants in chunks written during the window (adds and take-backs) and notices a chunk changed afterwards', () => {
    const store = new Store(':memory:');
    try {
      const engage = new Engage({ config: EngageConfigSchema.parse({}), scheduler: new VirtualTimeScheduler(), store, publish: () => {} });
      engage.run({ kind: 'draw.open', keyword: '想要', durationMs: 10_000, winners: 3 }, 'p');
      for (let i = 0; i < 1200; i++) engage.observe(msg(`v${i}`, '想要'));
      for (let i = 0; i < 1200; i += 7) engage.observe(msg(`v${i}`, 'rude', 'flag')); // taken back, across chunks
      const drawn = engage.run({ kind: 'draw.close' }, 'p') as { draw: { id: string; entries: number } };
      expect(drawn.draw.entries).toBe(1200 - Math.ceil(1200 / 7));
      const chunks = store.jsonKeys(`engage.entrants:${drawn.draw.id}:`);
      expect(chunks.length).toBeGreaterThanOrEqual(3);
      const ok = loadRecord(store, drawn.draw.id);
      expect(ok!.problems).toEqual([]);
      expect(ok!.record.entrants).toHaveLength(drawn.draw.entries);
      const first = store.getJson<{ add: [string, string][]; remove: string[] }>(chunks[0]!)!;
      store.setJson(chunks[0]!, { ...first, add: first.add.filter(([k]) => k !== 'twitch:v1') });
      expect(loadRecord(store, drawn.draw.id)!.problems[0]).toMatch(/has 1027 entrants, the draw had 1028/);
    } finally {
      store.close();
    }
  });
});
