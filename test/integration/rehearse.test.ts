/**
 * Rehearsal (issue 16): a live show recorded to a transcript (opt-in, personal data masked) and
 * replayed gives the live pipeline's decisions message for message on the same config; on changed
 * settings it names the holds delta and the comments that would have reached the screen.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../server/app.js';
import { createInsights } from '../../server/pipeline/insights-stage.js';
import { diffText, parseTranscript, rehearse } from '../../server/shows/rehearse.js';
import { testConfig } from '../support/app.js';

const apps: RunningApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

const TEXTS = [
  'how much is shipping?', 'love this colour', 'BUY CHEAP FOLLOWERS AT spamsite dot com', 'you are a f***ing idiot host', 'check https://bit.ly/xyz for free coins',
  'call me on 13812345678', 'WHY IS NOBODY ANSWERING MY QUESTION', '运费多少', '包邮吗', 'this is a scam, fake product', 'nice nice nice nice nice nice nice nice',
  'what sizes do you have?', '有没有大码', 'go kill yourself', 'is this real leather?',
];

describe('rehearsal', () => {
  it('replays a recorded show with the live decisions, and shows what changed settings would do', async () => {
    const config = testConfig({ filters: { blockedTerms: ['leather'] } });
    const app = await startApp(config, { log: () => {}, insights: (c, faq) => createInsights(c.insights, faq) });
    apps.push(app);
    const auth = { authorization: `Bearer ${app.tokens.producer}`, 'content-type': 'application/json' };
    const started = (await (await fetch(app.url('/api/shows/start'), { method: 'POST', headers: auth, body: JSON.stringify({ title: 'rec', record: true }) })).json()) as { show: { id: string } };
    // 6 rounds of the same viewers: the repeat and flood windows see the same pace on replay
    for (let round = 0; round < 6; round++) {
      const body = TEXTS.map((text, i) => ({ id: `r${round}-${i}`, platform: 'twitch', user: { id: `viewer${i % 5}`, name: `realname${i % 5}`, displayName: `Real Name ${i % 5}` }, text }));
      const res = await fetch(app.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${app.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(((await res.json()) as { accepted: number }).accepted).toBe(TEXTS.length);
    }
    await fetch(app.url('/api/shows/end'), { method: 'POST', headers: auth, body: '{}' });

    const file = join(dirname(config.store.path), 'transcripts', `${started.show.id}.jsonl`);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/realname|Real Name|13812345678/);
    expect(text).toContain('call me on 13800000000');
    const t = parseTranscript(text);
    expect(t.invalid).toBe(0);
    expect(t.msgs.length).toBe(TEXTS.length * 6);
    const live = new Set(t.msgs.map((m) => m.v));
    expect(live.size).toBeGreaterThanOrEqual(3);

    const same = rehearse(t, config, { recordedSettings: true });
    const differing = same.verdicts.filter((v) => v.live !== v.now);
    expect(differing).toEqual([]);
    expect(same.review.totals.msgs).toBe(t.msgs.length);
    expect(same.diff.reachedScreenCount).toBe(differing.length);

    // looser settings: abuse off, no blocked terms
    const looser = testConfig({ filters: { sensitivity: { abuse: 'off', spam: 'off', links: 'off' } } });
    const r = rehearse(t, looser, { recordedSettings: false });
    expect(r.diff.holdsNow + r.review.totals.block).toBeLessThan(r.diff.holdsLive + r.live.totals.block);
    expect(r.diff.reachedScreenCount).toBeGreaterThan(0);
    expect(r.diff.reachedScreen.some((x) => /leather/.test(x.text))).toBe(true);
    expect(diffText(r)).toMatch(/would have reached the screen/);
    expect(diffText(r, 'zh')).toMatch(/会上屏/);
  });
});
