/** The once-a-second upkeep: rate buckets, stats, audit publishing, queue and watch ticks. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../config/views.js';
import { newCounters } from '../../server/pipeline/pipeline.js';
import { AuditPublisher, StatsTracker, upkeepTick } from '../../server/upkeep.js';

describe('StatsTracker', () => {
  it('turns counters into a rate over the last 10 ticks and keeps 60 ticks of history (120 at most inside)', () => {
    const counters = newCounters();
    const ingest = { buffered: 3, pressured: true };
    const stats = new StatsTracker(counters, ingest, 1000);
    expect(stats.view()).toMatchObject({ rate: 0, rateHistory: [], startedAt: 1000, ingestBuffered: 3, ingestBusy: true });
    for (let i = 1; i <= 130; i++) {
      counters.in += i <= 120 ? 1 : 5;
      stats.tick();
    }
    const v = stats.view();
    expect(v.rate).toBe(5);
    expect(v.rateHistory).toHaveLength(60);
    expect(v.rateHistory.slice(-11)).toEqual([1, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
    expect(v.in).toBe(170);
  });

  it('counts from the counters at construction, not from zero', () => {
    const counters = newCounters();
    counters.in = 500;
    const stats = new StatsTracker(counters, { buffered: 0, pressured: false }, 0);
    counters.in = 502;
    stats.tick();
    expect(stats.view().rateHistory).toEqual([2]);
  });
});

describe('AuditPublisher and the tick', () => {
  it('publishes the audit log at once, or once on the next flush after soon()', () => {
    let reads = 0;
    const sent: AuditEntry[][] = [];
    const audit = new AuditPublisher(() => (reads++, []), (e) => sent.push(e));
    audit.flush();
    expect(sent).toHaveLength(0);
    audit.soon();
    audit.soon();
    audit.flush();
    audit.flush();
    expect(sent).toHaveLength(1);
    audit.now();
    expect(sent).toHaveLength(2);
    expect(reads).toBe(2);
  });

  it('one tick: stats, the pending audit, queue and watch upkeep, then the moderators’ stats', () => {
    const order: string[] = [];
    const counters = newCounters();
    const audit = new AuditPublisher(() => [], () => order.push('audit'));
    audit.soon();
    upkeepTick({
      stats: new StatsTracker(counters, { buffered: 0, pressured: false }, 0),
      audit,
      queue: { tick: () => order.push('queue.tick'), stats: () => ({ queueLength: 4, oldestHeldAt: null, medianMs: null, p90Ms: null, decisionsPerMinute: 0, resolvedByTimeout: 0, history: [] }) },
      watch: { tick: () => order.push('watch.tick') },
      publish: (p: readonly string[], v: unknown) => order.push(`${p.join('.')}${p[0] === 'modStats' ? `:${(v as { queueLength: number }).queueLength}` : ''}`),
    });
    expect(order).toEqual(['stats', 'audit', 'queue.tick', 'watch.tick', 'modStats:4']);
  });
});
