import { describe, expect, it } from 'vitest';
import { gcReport, parseGcTrace } from '../../../scripts/soak-gc.js';

// lines as node 20 prints them with --trace-gc (a worker isolate's among them)
const TRACE = [
  '[3065:0x3e0179b0]    13000 ms: Scavenge 86.1 (99.0) -> 74.2 (99.5) MB, 41.10 / 0.00 ms  (average mu = 0.996, current mu = 0.996) task; ',
  '[3065:0x7f60dc000f00]    17084 ms: Mark-Compact (reduce) 4.1 (6.0) -> 4.0 (5.5) MB, 24.87 / 0.00 ms  (+ 1.5 ms in 16 steps since start of marking, biggest step 0.1 ms, walltime since start of marking 49 ms) (average mu = 0.997, current mu = 0.997) finalize incremental marking via task; GC in old space requested',
  '[3065:0x3e0179b0]    20000 ms: Scavenge 90.0 (99.0) -> 80.0 (99.5) MB, 12.00 / 0.00 ms  (average mu = 0.996, current mu = 0.996) allocation failure; ',
  '[3065:0x3e0179b0]   101378 ms: Mark-Compact 376.7 (415.0) -> 93.9 (389.3) MB, 43.34 / 0.14 ms  (+ 299.3 ms in 21 steps since start of marking, biggest step 220.6 ms, walltime since start of marking 493 ms) (average mu = 0.994, current mu = 0.994) finalize incremental marking via stack guard; GC in old space requested',
  'load soak: not a gc line',
].join('\n');

describe('the soak GC report', () => {
  it("keeps the main isolate's lines on the soak's clock, with the mark-compact's longest marking step", () => {
    const ev = parseGcTrace(TRACE, 13_918);
    expect(ev.map((e) => e.kind)).toEqual(['scavenge', 'scavenge', 'mark-compact']);
    expect(ev[0]!.t).toBeCloseTo(-0.918, 3);
    expect(ev[2]).toMatchObject({ kind: 'mark-compact', pauseMs: 43.34, biggestStepMs: 220.6, beforeMb: 376.7, afterMb: 93.9 });
    expect(ev[2]!.t).toBeCloseTo(87.46, 2);
  });

  it('puts each long stall beside the GC of its window, and counts only pauses after the start', () => {
    const ev = parseGcTrace(TRACE, 13_918);
    const lines = gcReport(ev, [{ t: 5, stallMs: 40 }, { t: 10, stallMs: 300 }, { t: 85, stallMs: 20 }, { t: 90, stallMs: 742 }], 250);
    expect(lines[0]).toBe('gc scavenge: 1 pauses, p50 12.0 ms, p99 12.0 ms, max 12.0 ms, total 12 ms');
    expect(lines[1]).toContain('gc mark-compact: 1 pauses');
    expect(lines[1]).toContain('longest marking step 221 ms');
    expect(lines[2]).toContain('5–  10 s stall  300 ms: longest scavenge 12 ms; no mark-compact');
    expect(lines[3]).toContain('85–  90 s stall  742 ms: longest scavenge 0 ms; mark-compact 377 → 94 MB pause 43 ms, step 221 ms');
    expect(lines).toHaveLength(4);
  });
});
