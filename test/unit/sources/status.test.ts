import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../../config/views.js';
import { say } from '../../../config/status-text.js';
import { stepStatus, StatusTracker } from '../../../server/sources/status.js';

const base: SourceStatus = { name: 't', kind: 'twitch', state: 'connecting', detail: '', since: 0, gaps: [] };
const run = (steps: [SourceStatus['state'], number][], maxGaps = 20): SourceStatus =>
  steps.reduce((s, [state, at]) => stepStatus(s, state, state, at, maxGaps), base);

describe('stepStatus', () => {
  it.each([
    ['first connect is not a gap', [['connected', 10]], []],
    ['a drop opens a gap', [['connected', 10], ['disconnected', 20]], [{ from: 20, to: null }]],
    ['reconnecting closes it', [['connected', 10], ['disconnected', 20], ['connecting', 25], ['connected', 90]], [{ from: 20, to: 90 }]],
    ['repeated disconnects keep one gap', [['connected', 10], ['disconnected', 20], ['disconnected', 21], ['error', 22], ['connected', 30]], [{ from: 20, to: 30 }]],
    ['two drops, two gaps', [['connected', 1], ['disconnected', 2], ['connected', 3], ['connecting', 4], ['connected', 5]], [{ from: 2, to: 3 }, { from: 4, to: 5 }]],
    ['stopping closes an open gap', [['connected', 1], ['disconnected', 2], ['stopped', 9]], [{ from: 2, to: 9 }]],
    ['a failed first connect is no gap', [['error', 1], ['disconnected', 2], ['connected', 3]], []],
  ] as [string, [SourceStatus['state'], number][], SourceStatus['gaps']][])('%s', (_name, steps, gaps) => {
    expect(run(steps).gaps).toEqual(gaps);
  });

  it('keeps only the last maxGaps gaps', () => {
    const steps: [SourceStatus['state'], number][] = [];
    for (let i = 0; i < 10; i++) steps.push(['connected', i * 10], ['disconnected', i * 10 + 5]);
    const s = run(steps, 3);
    expect(s.gaps.map((g) => g.from)).toEqual([75, 85, 95]);
  });

  it('keeps `since` while the state stays the same', () => {
    const s = stepStatus(stepStatus(base, 'connected', 'a', 10), 'connected', 'b', 50);
    expect([s.since, s.detail]).toEqual([10, 'b']);
  });
});

describe('StatusTracker', () => {
  it('replays the current status and skips unchanged ones', () => {
    let now = 0;
    const t = new StatusTracker('x', 'replay', () => now);
    const seen: string[] = [];
    t.set('connected', 'ok');
    t.status$.subscribe((s) => seen.push(`${s.state}:${s.detail}@${s.since}`));
    now = 5;
    t.set('connected', 'ok');
    t.detail('ok 2');
    expect(seen).toEqual(['connected:ok@0', 'connected:ok 2@0']);
  });
});

describe('StatusTracker with a message', () => {
  it('carries the message and its "English · 中文" detail, and drops the message for a plain detail', () => {
    const t = new StatusTracker('tiktok', 'tiktok', () => 5, say('connecting', 'TikTok @shop'));
    expect(t.current).toMatchObject({ detail: 'connecting to TikTok @shop · 正在连接 TikTok @shop', message: { key: 'connecting', params: ['TikTok @shop'] } });
    t.set('disconnected', say('rateLimited', say('signServer'), 30), 'rate-limited');
    expect(t.current.detail).toBe('the TikTok sign server asked us to slow down; retrying in 30 s · TikTok 签名服务器 要求放慢请求；30 秒后重试');
    expect(t.current.message).toEqual({ key: 'rateLimited', params: [{ key: 'signServer', params: [] }, 30] });
    t.set('error', 'plain words');
    expect(t.current.detail).toBe('plain words');
    expect(t.current).not.toHaveProperty('message');
    expect(t.current).not.toHaveProperty('condition');
  });
});
