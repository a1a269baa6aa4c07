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
    const after = engage.run({ kind: 'draw.export', format: 'json' }, 'p') as { body: { picks: string[]; entrants: { key: string }[] } };
    store.close();

    const stored = verifyStore(db);
    expect(stored.map((o) => o.ok)).toEqual([true, true]);
    expect(stored.map((o) => o.picks.length).sort()).toEqual([2, 3]);

    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ ok: true, result: after }));
    expect(verifyFiles([good])[0]).toMatchObject({ ok: true, problems: [] });
    const other = after.body.entrants.find((e) => !after.body.picks.includes(e.key))!.key;
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...after.body, picks: [other, ...after.body.picks.slice(1)] }));
    const [r] = verifyFiles([bad, join(dir, 'missing.json')]);
    expect(r!.ok).toBe(false);
    expect(r!.problems[0]).toMatch(/^pick 1: the record says twitch:/);
    expect(verifyFiles([join(dir, 'missing.json')])[0]!.problems[0]).toMatch(/^cannot read/);
  });
});
