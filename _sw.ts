import { readSet } from './scripts/eval/io.js';
import { pairwise } from './scripts/eval/insights.js';
import { newClusterState, stepClusters } from './filters/clusters.js';
import { detectLang } from './filters/lang.js';
import { seededRandom, shuffleInPlace } from './filters/random.js';
const qs: Array<[string, string]> = [
  ['how much is shipping', 'fee'], ['when will it ship', 'time'], ['is shipping free', 'fee'], ['how fast is shipping', 'time'], ['shipping cost?', 'fee'],
  ['how long does shipping take', 'time'], ['free shipping?', 'fee'], ['when does it arrive', 'time'], ['whats the shipping fee', 'fee'], ['how soon will it ship', 'time'],
  ['do you charge for shipping', 'fee'], ['how many days to ship', 'time'], ['is there free shipping over 50', 'fee'], ['will it ship today', 'time'],
];
const sets = ['../shared/datasets/en-recurring-questions-banking77', 'test/fixtures/eval/question-clusters-chat'].map((d) => readSet(d));
function run(rows: Array<{ text: string; label: string }>, o: object): { precision: number; recall: number; f1: number } {
  const s = newClusterState({ windowMs: rows.length * 2000 + 10000, maxClusters: 5000, ...o });
  const cl = rows.map((r, i) => stepClusters(s, { text: r.text, userId: `u${i}`, lang: detectLang(r.text) }, i * 100).clusterId ?? `none-${i}`);
  return pairwise(cl, rows.map((r) => r.label));
}
for (const o of JSON.parse(process.env.CFGS ?? '[{}]')) {
  const sc = run(qs.map(([text, label]) => ({ text, label })), o);
  const out = [`scenario F=${sc.f1.toFixed(2)}`];
  for (const rows of sets) {
    const a = run(rows, o);
    const sh = [...rows]; shuffleInPlace(sh, seededRandom(1));
    const b = run(sh, o);
    out.push(`P=${a.precision.toFixed(3)} F=${a.f1.toFixed(3)} (sh P=${b.precision.toFixed(3)} F=${b.f1.toFixed(3)})`);
  }
  console.log(JSON.stringify(o), out.join(' | '));
}
