/**
 * Scores the detectors on labeled sets:
 *   npm run eval -- --data <folder> [--json]
 * <folder> is a folder of set folders (like ../shared/datasets) or one set folder; each set is known
 * by its folder name and every *.jsonl in it is read. Abuse sets → scripts/eval/abuse.ts, spam and
 * copypasta → scripts/eval/spam.ts, questions / clusters / mood → scripts/eval/insights.ts; unknown
 * folder names are listed as skipped. Prints a table (with F1 bars against the baselines) and a
 * progress line on stderr; --json prints exactly one JSON object on stdout.
 *
 *   npm run eval -- --stream [--data <folder of sets>] [--json] [--examples N]
 * plays a realistic mixed live stream built from those sets through the pipeline at every
 * sensitivity level (scripts/eval/stream.ts); --data defaults to ../shared/datasets.
 */
import { parseArgs } from 'node:util';
import { abuseEvaluators } from './eval/abuse.js';
import { existsSync } from 'node:fs';
import { insightsEvaluators } from './eval/insights.js';
import { readSets } from './eval/io.js';
import { spamEvaluators } from './eval/spam.js';
import { formatExamples, formatStream, runStream, streamJson } from './eval/stream.js';
import type { EvalContext, Evaluator, Prf, SetResult } from './eval/types.js';

export const EVALUATORS: Readonly<Record<string, Evaluator>> = { ...insightsEvaluators, ...spamEvaluators, ...abuseEvaluators };

/** Runs every known set under `path`. */
export async function runEval(
  path: string,
  progress: (msg: string) => void = () => {},
): Promise<{ results: Record<string, SetResult>; skipped: string[] }> {
  const sets = readSets(path);
  const ctx: EvalContext = { sets, progress };
  const results: Record<string, SetResult> = {};
  const skipped: string[] = [];
  for (const [name, rows] of sets) {
    const ev = EVALUATORS[name];
    if (!ev) {
      skipped.push(name);
      continue;
    }
    progress(`${name}: ${rows.length} rows`);
    results[name] = await ev(rows, ctx);
  }
  return { results, skipped };
}

const BAR = 24;
function bar(v: number): string {
  const cells = Math.max(0, Math.min(1, v)) * BAR;
  const full = Math.floor(cells);
  const part = ' ▏▎▍▌▋▊▉'[Math.floor((cells - full) * 8)] ?? '';
  return ('█'.repeat(full) + (full < BAR ? part : '')).padEnd(BAR, ' ');
}
const f3 = (x: number | undefined): string => (typeof x === 'number' ? x.toFixed(3) : '  -  ');
const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(3));
const W = 34;

/** The human table: one block per set, F1 bars for Showrunner and each baseline. */
export function formatTable(results: Record<string, SetResult>, skipped: readonly string[]): string {
  const lines: string[] = [];
  lines.push(`${'set'.padEnd(W)} ${'who'.padEnd(13)} ${'prec'.padStart(6)} ${'recall'.padStart(6)} ${'F1'.padStart(6)} ${'n'.padStart(6)}  F1`);
  for (const [name, r] of Object.entries(results)) {
    const shuffled = r['shuffled_orders'] as Prf | undefined;
    const rowsOf: Array<[string, Prf]> = [
      [r.cross_validated ? 'showrunner*' : 'showrunner', r],
      ...(shuffled ? [['  shuffled', shuffled] as [string, Prf]] : []),
      ...Object.entries(r.baselines ?? {}),
    ];
    rowsOf.forEach(([who, p], i) => {
      lines.push(`${(i === 0 ? name : '').padEnd(W)} ${who.padEnd(13)} ${f3(p.precision).padStart(6)} ${f3(p.recall).padStart(6)} ${f3(p.f1).padStart(6)} ${String(p.n).padStart(6)}  ${bar(p.f1)}`);
    });
    for (const [k, v] of Object.entries(r)) {
      if (['precision', 'recall', 'f1', 'n', 'baselines', 'cross_validated', 'shuffled_orders'].includes(k)) continue;
      if (typeof v === 'number' || typeof v === 'string') lines.push(`${''.padEnd(W)} ${k}: ${typeof v === 'number' ? num(v) : v}`);
    }
  }
  if (Object.values(results).some((r) => r.cross_validated)) {
    lines.push('* rows the shipped model was trained on are scored by 5-fold cross-validation, retrained in this run on the');
    lines.push('  trained rows found under --data (cv_training_rows): give the whole datasets folder to match the shipped training');
  }
  if (Object.values(results).some((r) => r['shuffled_orders'])) lines.push('  shuffled: the same rows clustered in 3 seeded random orders, averaged (online clustering depends on arrival order)');
  if (skipped.length) lines.push(`skipped (no scorer for these folder names): ${skipped.join(', ')}`);
  return lines.join('\n');
}

/** The default --data for --stream: ../shared/datasets when it exists. */
export const DEFAULT_STREAM_DATA = '../shared/datasets';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
      stream: { type: 'boolean', default: false },
      examples: { type: 'string' },
    },
  });
  const tty = process.stderr.isTTY;
  const progress = (msg: string): void => {
    process.stderr.write(tty ? `\r\x1b[K${msg}` : `${msg}\n`);
  };
  if (values.stream) {
    const data = values.data ?? (existsSync(DEFAULT_STREAM_DATA) ? DEFAULT_STREAM_DATA : null);
    if (!data) throw new Error(`--stream needs --data <folder of sets> (no ${DEFAULT_STREAM_DATA} here)`);
    const examples = values.examples === undefined ? 0 : Number(values.examples);
    if (!Number.isInteger(examples) || examples < 0) throw new Error(`--examples ${values.examples}: expected a whole number ≥ 0`);
    const report = runStream(readSets(data), progress);
    if (tty) process.stderr.write('\r\x1b[K');
    if (values.json) {
      process.stdout.write(JSON.stringify(streamJson(report)) + '\n');
      if (examples > 0) process.stderr.write(formatExamples(report, examples) + '\n');
    } else {
      process.stdout.write(formatStream(report) + '\n');
      if (examples > 0) process.stdout.write('\n' + formatExamples(report, examples) + '\n');
    }
    return;
  }
  if (!values.data) {
    process.stderr.write('usage: npm run eval -- --data <folder of sets | one set folder> [--json]\n       npm run eval -- --stream [--data <folder of sets>] [--json] [--examples N]\n');
    process.exit(2);
  }
  const { results, skipped } = await runEval(values.data, progress);
  if (tty) process.stderr.write('\r\x1b[K');
  if (values.json) {
    if (skipped.length) process.stderr.write(`skipped (no scorer for these folder names): ${skipped.join(', ')}\n`);
    process.stdout.write(JSON.stringify(results) + '\n');
  }
  else process.stdout.write(formatTable(results, skipped) + '\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`eval: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
