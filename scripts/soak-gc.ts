/**
 * The soak's GC report (`SR_BENCH_TRACE_GC=<file> npm run soak -- --only load`): the server process
 * runs with `node --trace-gc`, its GC lines go to <file>, and after the run this module reads them
 * back: the pause distribution of scavenges and mark-compacts, and for every 5 s window whose
 * longest event-loop stall passed a mark, the GC work in it. That is how the soak's stalls were
 * traced to full mark-compacts (issue 12): a stall with no GC line in its window is something else.
 */

/** One GC of the server's main isolate, on the soak's clock (seconds since the load started). */
export interface GcEvent {
  readonly t: number;
  readonly kind: 'scavenge' | 'mark-compact';
  /** The stop-the-world pause V8 reports. */
  readonly pauseMs: number;
  /** Mark-compact: its longest incremental marking step on the main thread (0 when not reported). */
  readonly biggestStepMs: number;
  /** Heap before and after, MB. */
  readonly beforeMb: number;
  readonly afterMb: number;
}

const LINE = /^\[(\d+):(0x[0-9a-f]+)\]\s+(\d+) ms: (Scavenge|Mark-Compact|Mark-Compact \(reduce\))(?: \([^)]*\))? ([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ [\d.]+ ms(.*)$/;

/**
 * Parses `--trace-gc` output. `offsetMs`: the soak clock's start in ms since the server process
 * started. Lines of worker isolates (the WAL checkpointer) are dropped: the main isolate is the one
 * with the most lines.
 */
export function parseGcTrace(text: string, offsetMs: number): GcEvent[] {
  const rows: { isolate: string; ev: GcEvent }[] = [];
  const count = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    const isolate = `${m[1]}:${m[2]}`;
    count.set(isolate, (count.get(isolate) ?? 0) + 1);
    const step = /biggest step ([\d.]+) ms/.exec(m[8]!);
    rows.push({
      isolate,
      ev: {
        t: (Number(m[3]) - offsetMs) / 1000,
        kind: m[4] === 'Scavenge' ? 'scavenge' : 'mark-compact',
        pauseMs: Number(m[7]),
        biggestStepMs: step ? Number(step[1]) : 0,
        beforeMb: Number(m[5]),
        afterMb: Number(m[6]),
      },
    });
  }
  let main = '';
  for (const [iso, n] of count) if (n > (count.get(main) ?? 0)) main = iso;
  return rows.filter((r) => r.isolate === main).map((r) => r.ev);
}

function pct(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** The report's lines: pause distribution (from t ≥ 0), then each window with a stall of `markMs` or more and the GC in it. */
export function gcReport(events: readonly GcEvent[], windows: readonly { t: number; stallMs: number }[], markMs: number): string[] {
  const run = events.filter((e) => e.t >= 0);
  const lines: string[] = [];
  for (const kind of ['scavenge', 'mark-compact'] as const) {
    const p = run.filter((e) => e.kind === kind).map((e) => e.pauseMs).sort((a, b) => a - b);
    const steps = kind === 'mark-compact' ? `, longest marking step ${Math.max(0, ...run.filter((e) => e.kind === kind).map((e) => e.biggestStepMs)).toFixed(0)} ms` : '';
    lines.push(`gc ${kind}: ${p.length} pauses, p50 ${pct(p, 0.5).toFixed(1)} ms, p99 ${pct(p, 0.99).toFixed(1)} ms, max ${pct(p, 1).toFixed(1)} ms, total ${p.reduce((a, b) => a + b, 0).toFixed(0)} ms${steps}`);
  }
  let from = 0;
  for (const w of windows) {
    if (w.stallMs >= markMs) {
      const inside = run.filter((e) => e.t > from - 0.5 && e.t <= w.t + 0.5);
      const sc = Math.max(0, ...inside.filter((e) => e.kind === 'scavenge').map((e) => e.pauseMs));
      const mc = inside.filter((e) => e.kind === 'mark-compact').map((e) => `mark-compact ${e.beforeMb.toFixed(0)} → ${e.afterMb.toFixed(0)} MB pause ${e.pauseMs.toFixed(0)} ms, step ${e.biggestStepMs.toFixed(0)} ms`);
      lines.push(`  ${from.toFixed(0).padStart(4)}–${w.t.toFixed(0).padStart(4)} s stall ${w.stallMs.toFixed(0).padStart(4)} ms: longest scavenge ${sc.toFixed(0)} ms${mc.length ? `; ${mc.join('; ')}` : '; no mark-compact'}`);
    }
    from = w.t;
  }
  return lines;
}
