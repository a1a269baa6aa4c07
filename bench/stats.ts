/** Small helpers for benchmarks: quantiles and a text bar for human output. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** A horizontal bar scaled to `max`, for comparing figures at a glance. */
export function bar(value: number, max: number, width = 30): string {
  const n = max > 0 ? Math.max(0, Math.min(width, Math.round((value / max) * width))) : 0;
  return '█'.repeat(n) + '░'.repeat(width - n);
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
