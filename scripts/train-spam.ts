/**
 * Trains the shipped spam model (filters/models/spam.json), reproducibly:
 *   npx tsx scripts/train-spam.ts --data /work/shared/datasets [--out filters/models/spam.json]
 * Training rows: every row of en-spam-youtube/*.jsonl under --data (spam = 1, ham = 0) plus, as
 * negatives, the English rows of the sets in SPAM_NEGATIVE_SETS (tweets, banking questions), so the
 * model learns ordinary text is not spam; deduplicated by text; their hashes go into the header so the
 * eval cross-validates them. The threshold is the one with the best 5-fold out-of-fold F1 of the whole
 * spam decision (rules + model) on the YouTube rows, then the model
 * is trained on every row. Same features and trainer as the abuse model (filters/model-train.ts).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { prf, trainModel } from '../filters/model-train.js';
import { readSets } from './eval/io.js';
import { SPAM_CV_FOLDS, SPAM_NEGATIVE_SETS, SPAM_SET, SPAM_TRAIN, spamCvProbabilities, spamFlags, spamTrainingRows } from './eval/spam.js';

const { values } = parseArgs({ options: { data: { type: 'string' }, out: { type: 'string', default: 'filters/models/spam.json' } } });
if (!values.data) {
  process.stderr.write('usage: npx tsx scripts/train-spam.ts --data <datasets folder> [--out filters/models/spam.json]\n');
  process.exit(2);
}
const sets = readSets(values.data);
const rows = sets.get(SPAM_SET);
if (!rows?.length) {
  process.stderr.write(`no ${SPAM_SET} folder under ${values.data}\n`);
  process.exit(1);
}
const gold = rows.map((r) => r.label === 'spam');
const train = spamTrainingRows(sets);
const cv = spamCvProbabilities(train, (f) => process.stderr.write(`fold ${f + 1}/${SPAM_CV_FOLDS}\n`));
const prob = (t: string): number | null => cv.get(t) ?? null;
let best = { threshold: 0.5, f1: -1, precision: 0, recall: 0 };
for (let t = 0.2; t <= 0.951; t += 0.05) {
  const s = prf(spamFlags(rows, prob, t, 1), gold);
  if (s.f1 > best.f1) best = { threshold: Math.round(t * 100) / 100, f1: s.f1, precision: s.precision, recall: s.recall };
}
const rules = prf(spamFlags(rows, () => null, 1, 1), gold);
const highThreshold = Math.max(0.9, best.threshold);
const negatives = SPAM_NEGATIVE_SETS.filter((n) => sets.has(n));
const file = trainModel(train, SPAM_TRAIN, {
  threshold: best.threshold,
  highThreshold,
  sets: [SPAM_SET, ...negatives],
  command: `npx tsx scripts/train-spam.ts --data <datasets> (rows: ${SPAM_SET}/*.jsonl, negatives: ${negatives.join(', ')}/*.jsonl; ${train.length} rows)`,
  cv: { folds: SPAM_CV_FOLDS, f1: best.f1, precision: best.precision, recall: best.recall, rules_only_f1: rules.f1 },
});
writeFileSync(values.out, `${JSON.stringify(file)}\n`);
process.stdout.write(`wrote ${values.out}: ${file.header.rows} rows (${rows.length} ${SPAM_SET}), threshold ${best.threshold}, ${SPAM_CV_FOLDS}-fold CV F1 ${best.f1.toFixed(3)} (P ${best.precision.toFixed(3)} R ${best.recall.toFixed(3)}); rules alone F1 ${rules.f1.toFixed(3)}\n`);
