/**
 * The console's source lines: each source's status with its platform's counts (messages in the last
 * minute, held, blocked), on an injected clock; the counts go out once a second only when changed.
 */
import { describe, expect, it } from 'vitest';
import type { Annotated } from '../../../config/chat.js';
import type { SourceStatus } from '../../../config/views.js';
import { SourcePanel } from '../../../server/sources/source-panel.js';

const verdict = (platform: string, action: 'allow' | 'flag' | 'hold' | 'block'): Annotated =>
  ({
    message: { id: 'm', platform, channel: 'c', user: { id: 'u', name: 'u', displayName: 'u', roles: [] }, text: 'hi', emotes: [], receivedAt: 0 },
    verdict: { action, reasons: [] },
    lang: 'en',
    isQuestion: false,
    sentiment: 0,
  }) as unknown as Annotated;

const status = (name: string): SourceStatus => ({ name, kind: name as SourceStatus['kind'], state: 'connected', condition: 'live', detail: 'live', since: 0, gaps: [] });

describe('SourcePanel', () => {
  it('counts per platform over a sliding minute, held and blocked since the start', () => {
    let t = 1_000_000;
    const sent: [string, unknown][] = [];
    const panel = new SourcePanel({ now: () => t, publish: (p, v) => sent.push([p.join('.'), v]) });
    for (let i = 0; i < 5; i++) panel.observe(verdict('twitch', 'allow'));
    panel.observe(verdict('twitch', 'hold'));
    panel.observe(verdict('youtube', 'block'));
    expect(panel.counts('twitch')).toEqual({ perMinute: 6, held: 1, blocked: 0, refused: 0 });
    expect(panel.counts('youtube')).toEqual({ perMinute: 1, held: 0, blocked: 1, refused: 0 });
    expect(panel.counts('tiktok')).toEqual({ perMinute: 0, held: 0, blocked: 0, refused: 0 });
    t += 30_000;
    panel.observe(verdict('twitch', 'allow'));
    expect(panel.counts('twitch').perMinute).toBe(7);
    // a minute after the first six, only the one 30 s later is left; held stays counted
    t += 30_500;
    expect(panel.counts('twitch')).toEqual({ perMinute: 1, held: 1, blocked: 0, refused: 0 });
    t += 60_000;
    expect(panel.counts('twitch').perMinute).toBe(0);
    // refused at the ingest buffer (the server over its budget): counted apart, never filtered
    panel.refused('youtube');
    panel.refused('youtube');
    expect(panel.counts('youtube')).toMatchObject({ held: 0, blocked: 1, refused: 2 });
  });

  it('publishes a status with its counts, then only the counts that changed, once a tick', () => {
    let t = 0;
    const sent: [string, unknown][] = [];
    const panel = new SourcePanel({ now: () => t, publish: (p, v) => sent.push([p.join('.'), v]) });
    panel.observe(verdict('tiktok', 'hold'));
    panel.status('tiktok', status('tiktok'));
    expect(sent).toEqual([['sources.tiktok', { ...status('tiktok'), counts: { perMinute: 1, held: 1, blocked: 0, refused: 0 } }]]);
    sent.length = 0;
    panel.tick();
    expect(sent).toEqual([]); // nothing changed
    panel.observe(verdict('tiktok', 'allow'));
    panel.observe(verdict('twitch', 'allow')); // no twitch source shown: not published
    panel.tick();
    expect(sent).toEqual([['sources.tiktok.counts', { perMinute: 2, held: 1, blocked: 0, refused: 0 }]]);
    sent.length = 0;
    t += 61_000;
    panel.tick();
    expect(sent).toEqual([['sources.tiktok.counts', { perMinute: 0, held: 1, blocked: 0, refused: 0 }]]);
  });

  it('counts at most 16 platforms (a bound on what ingest senders can name)', () => {
    const panel = new SourcePanel({ now: () => 0, publish: () => undefined });
    for (let i = 0; i < 40; i++) panel.observe(verdict(`p${i}`, 'allow'));
    expect(panel.counts('p15').perMinute).toBe(1);
    expect(panel.counts('p16').perMinute).toBe(0);
  });
});

describe('SourcePanel: a source whose messages carry other platform names', () => {
  it("counts a replay's line from the platforms of its transcript (demo lines under the replay source)", () => {
    const t = 5_000_000;
    const sent: [string, unknown][] = [];
    const panel = new SourcePanel({ now: () => t, publish: (p, v) => sent.push([p.join('.'), v]) });
    for (let i = 0; i < 4; i++) panel.observe(verdict('demo', 'allow'));
    panel.observe(verdict('demo', 'hold'));
    panel.observe(verdict('twitch', 'block'));
    panel.status('replay', status('replay'), ['demo']);
    expect(sent.at(-1)).toEqual(['sources.replay', { ...status('replay'), counts: { perMinute: 5, held: 1, blocked: 0, refused: 0 } }]);
    // a transcript of two platforms counts both
    panel.status('replay', status('replay'), ['demo', 'twitch']);
    expect(panel.counts('replay')).toEqual({ perMinute: 6, held: 1, blocked: 1, refused: 0 });
    // without the list, a source counts its own name only
    expect(panel.counts('twitch')).toEqual({ perMinute: 1, held: 0, blocked: 1, refused: 0 });
  });
});
