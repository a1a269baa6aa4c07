/**
 * Study: does a Chinese word segmenter make the recurring-question clustering better than character
 * bigrams? (issue 14, "Chinese similarity worth the name"). Not shipped: see the figures below.
 *
 *   npm install --no-save @node-rs/jieba@2.0.3 jieba-wasm@2.4.0   # temporary, NOT in package.json
 *   npx tsx scripts/train/zh-segmenter.ts [--holdout] [--json]
 *
 * How: insights/clusters.ts is made to import scripts/train/zh-features-swap.ts in place of
 * insights/question-features.ts (a module resolve hook), whose Chinese part each variant replaces;
 * everything else is the product path: the eval's own scorers (scripts/eval/insights.ts) score the
 * dev pairs (test/fixtures/eval/zh-question-pairs, same frequencies and threshold as
 * `npm run eval`) and the shop fixture (test/fixtures/eval/question-clusters-chat, all 56 rows and its
 * 30 Chinese rows alone, file order and 3 shuffled orders). "AUC" is the ROC AUC of the same
 * similarity on dev (ranking quality whatever the threshold, which is shared with English: 0.2).
 * Every variant keeps the concepts (c:), the English features and the particle and question-word
 * splitting; it changes only the Han features: b: bigrams, z: single characters (0.3, not indexed)
 * and j: segmenter words (particle-only words dropped). --holdout adds the holdout pairs
 * (test/fixtures/eval-holdout), scored once, at the end, for today and the variants named there.
 * Cost: µs to segment one short question (each distinct Chinese text of the fixtures 300 times, the
 * segmenters interleaved, warm; median over the texts), and the load time and memory of each
 * segmenter's dictionary in a fresh node process.
 *
 * Figures, 2026-11-30 07:37 UTC (`npx tsx scripts/train/zh-segmenter.ts --holdout`; Node 20.20.2, 2 cores
 * shared with two other sessions, load average 5.6):
 *
 *   variant (Han features)            dev P / R / F1       dev AUC  shop F1 (shuffled)  shop zh F1   holdout P / R / F1
 *   today: bigrams + chars 0.3        0.298 / 0.700 / 0.418  0.533  0.849 (0.846)  0.926 (0.926)  0.288 / 0.533 / 0.374
 *   jieba words for bigrams           0.250 / 0.633 / 0.358  0.460  0.826 (0.840)  0.879 (0.895)  0.276 / 0.617 / 0.381
 *   jieba words 0.5 + bigrams         0.294 / 0.700 / 0.414  0.511  0.826 (0.846)  0.926 (0.926)  0.283 / 0.567 / 0.378
 *   jieba words + bigrams             0.262 / 0.650 / 0.373  0.472  0.826 (0.807)  0.879 (0.895)
 *   jieba no-HMM / search, for bigr.  0.256 / 0.667 / 0.370  ~0.47  0.826          0.926 / 0.879
 *   jieba words, verbs ×2             0.250 / 0.567 / 0.347  0.395  0.826 (0.829)  0.879 (0.898)
 *   Intl.Segmenter for bigrams        0.280 / 0.750 / 0.407  0.519  0.849 (0.823)  0.926 (0.940)
 *   Intl.Segmenter 0.5 + bigrams      0.299 / 0.717 / 0.422  0.528  0.849 (0.827)  0.926 (0.926)  0.285 / 0.583 / 0.383
 *   bigrams only (no chars)           0.309 / 0.700 / 0.429  0.556  0.849 (0.847)  0.926 (0.926)  0.288 / 0.500 / 0.366
 *   char overlap ≥ 0.5 (eval baseline) 0.242 / 0.267 / 0.254                                      0.220 / 0.217 / 0.218
 *
 * (the other variants this script prints sit between these). Cost, µs per question, median over the
 * 404 distinct Chinese texts: shipped features 1.1, @node-rs/jieba cut 1.29 (no HMM 1.21), jieba-wasm
 * 3.33, Intl.Segmenter 4.94 (a Chinese question's whole clustering step is ~7 µs). Load in a fresh
 * process: @node-rs/jieba 377 ms (659 ms in an earlier run) and +55 MB RSS (the 5 MB dictionary parsed);
 * jieba-wasm 178 ms to load, then 1.36 s for the first cut (its dictionary is built lazily) and +71 MB.
 * Install: @node-rs/jieba 11 MB (dict.txt 5 MB, idf.txt 6 MB) plus the prebuilt
 * @node-rs/jieba-linux-x64-gnu 2.7 MB, fetched from the registry through optionalDependencies, no
 * build step; jieba-wasm 16 MB (four targets), works on Node 20; both are jieba-rs with the same
 * dictionary and cut the 404 texts identically. nodejieba (compiles on install) was not tried.
 *
 * Finding: no segmenter variant beats today's bigrams on the dev pairs (the best, Intl.Segmenter words
 * at 0.5 beside the bigrams, +0.004 F1, one pair; jieba words in place of bigrams −0.060, AUC 0.533 →
 * 0.460); on the holdout every variant is within ±0.01 of today (2 pairs); jieba words in place of
 * bigrams lose the shop fixture's Chinese rows 0.926 → 0.879. Why: these pairs turn on one word that
 * differs (打开/关闭 蓝牙, 今天/明天 天气) or on paraphrases with no word in common (放点歌 / 来首音乐):
 * words split the first no better than bigrams and cannot join the second; and jieba's dictionary
 * cuts chat phrasing badly (包不包/邮, 真的假/的, 偏/大 beside 偏小). Today's similarity itself ranks
 * the dev pairs near chance (AUC 0.533): what the BUSTM target needs is synonyms and paraphrase
 * knowledge, not segmentation. Not adopted: no package added to package.json.
 */
import { spawnSync } from 'node:child_process';
import { createRequire, register } from 'node:module';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { resolve as resolvePath } from 'node:path';
import { setZhVariant, questionFeatures, type Features, type ZhVariant } from './zh-features-swap.js';
import { aucOf, prf } from './zh-study.js';
import { readSet } from '../eval/io.js';
import type { EvalContext, Row, SetResult } from '../eval/types.js';
import { isHanUnit } from '../../config/script.js';

// insights/clusters.ts's './question-features.js' → the swappable copy (before clusters.ts is loaded)
const target = pathToFileURL(resolvePath('scripts/train/zh-features-swap.ts')).href;
const hook = `export async function resolve(spec, ctx, next) {
  if (spec === './question-features.js' && ctx.parentURL && ctx.parentURL.endsWith('/insights/clusters.ts')) return { url: ${JSON.stringify(target)}, shortCircuit: true };
  return next(spec, ctx);
}`;
register('data:text/javascript,' + encodeURIComponent(hook));

const { values } = parseArgs({ options: { holdout: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });

const { insightsEvaluators } = await import('../eval/insights.js');
const { InsightsConfigSchema } = await import('../../config/insights-config.js');
const { clusterOptionsFrom, newClusterState, observeQuestion, questionSimilarity } = await import('../../insights/clusters.js');

// ---------------------------------------------------------------- segmenters

const require = createRequire(import.meta.url);
try {
  require.resolve('@node-rs/jieba');
  require.resolve('jieba-wasm');
} catch {
  process.stderr.write('zh-segmenter: run `npm install --no-save @node-rs/jieba@2.0.3 jieba-wasm@2.4.0` first (a study: not a dependency)\n');
  process.exit(2);
}
interface NodeRsJieba {
  cut(s: string, hmm?: boolean): string[];
  cutForSearch(s: string, hmm?: boolean): string[];
  tag(s: string, hmm?: boolean): Array<{ tag: string; word: string }>;
}
const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): NodeRsJieba } };
const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
const jieba = Jieba.withDict(dict);
const wasm = require('jieba-wasm') as { cut(s: string, hmm?: boolean): string[] };
const intl = new Intl.Segmenter('zh', { granularity: 'word' });

type Segmenter = (s: string) => string[];
const SEGMENTERS: Record<string, Segmenter> = {
  jieba: (s) => jieba.cut(s, true),
  'jieba-nohmm': (s) => jieba.cut(s, false),
  'jieba-search': (s) => jieba.cutForSearch(s, true),
  'jieba-wasm': (s) => wasm.cut(s, true),
  intl: (s) => Array.from(intl.segment(s), (x) => x.segment),
  // verbs twice (a word repeated weighs twice): 打开/关闭 蓝牙 differ by their verb
  'jieba-verbs2': (s) => jieba.tag(s, true).flatMap((x) => (x.tag.startsWith('v') ? [x.word, x.word] : [x.word])),
};

// ---------------------------------------------------------------- variants

/** The product's particles (insights/question-features.ts ZH_PARTICLES, not exported). */
const PARTICLES = new Set([...'吗嘛么呢啊呀吧了的哦喔哈嘿呐啦咯嗯我你们这那个是在有就都也还请问一下主播宝宝家亲']);
const isHanWord = (w: string): boolean => w.length > 0 && [...w].every((c) => isHanUnit(c.charCodeAt(0)));
const allParticles = (w: string): boolean => [...w].every((c) => PARTICLES.has(c));

interface VariantSpec {
  readonly seg?: string;
  /** Weight of segmenter words (j:). */
  readonly words?: number;
  /** Weight of single-character segmenter words (default: `words`). */
  readonly singles?: number;
  /** Factor on the shipped bigrams (0: dropped). */
  readonly bigrams: number;
  /** Factor on the shipped single characters (0: dropped). */
  readonly unigrams: number;
  /** Segment each particle-free run (true) or the whole text, dropping particle-only words (false). */
  readonly runs?: boolean;
}

function variantOf(v: VariantSpec): ZhVariant {
  const seg = v.seg ? SEGMENTERS[v.seg] : undefined;
  return (shipped, zh) => {
    const f: Features = new Map();
    for (const [k, w] of shipped) {
      if (k.startsWith('b:')) {
        if (v.bigrams > 0) f.set(k, w * v.bigrams);
      } else if (k.startsWith('z:')) {
        if (v.unigrams > 0) f.set(k, w * v.unigrams);
      } else f.set(k, w);
    }
    if (!seg || !v.words) return f;
    const pieces: string[] = [];
    if (v.runs) {
      let run = '';
      for (const ch of zh) {
        if (isHanUnit(ch.charCodeAt(0)) && !PARTICLES.has(ch)) run += ch;
        else if (run) {
          pieces.push(run);
          run = '';
        }
      }
      if (run) pieces.push(run);
    } else pieces.push(zh);
    for (const p of pieces) {
      for (const w of seg(p)) {
        if (!isHanWord(w) || allParticles(w)) continue;
        const x = w.length === 1 ? (v.singles ?? v.words) : v.words;
        if (x > 0) f.set('j:' + w, (f.get('j:' + w) ?? 0) + x);
      }
    }
    return f;
  };
}

const VARIANTS: Record<string, VariantSpec | null> = {
  today: null,
  'jieba words for bigrams': { seg: 'jieba', words: 1, bigrams: 0, unigrams: 1 },
  'jieba words for bigrams, runs': { seg: 'jieba', words: 1, bigrams: 0, unigrams: 1, runs: true },
  'jieba words, no chars': { seg: 'jieba', words: 1, bigrams: 0, unigrams: 0 },
  'jieba words, singles 0.3': { seg: 'jieba', words: 1, singles: 0.3, bigrams: 0, unigrams: 1 },
  'jieba words + bigrams': { seg: 'jieba', words: 1, bigrams: 1, unigrams: 1 },
  'jieba words 0.5 + bigrams': { seg: 'jieba', words: 0.5, bigrams: 1, unigrams: 1 },
  'jieba words 0.5 + bigrams, runs': { seg: 'jieba', words: 0.5, bigrams: 1, unigrams: 1, runs: true },
  'jieba words 0.5 + bigrams, singles 0': { seg: 'jieba', words: 0.5, singles: 0, bigrams: 1, unigrams: 1 },
  'jieba no-HMM for bigrams': { seg: 'jieba-nohmm', words: 1, bigrams: 0, unigrams: 1 },
  'jieba no-HMM 0.5 + bigrams': { seg: 'jieba-nohmm', words: 0.5, bigrams: 1, unigrams: 1 },
  'jieba search for bigrams': { seg: 'jieba-search', words: 1, bigrams: 0, unigrams: 1 },
  'jieba search 0.5 + bigrams': { seg: 'jieba-search', words: 0.5, bigrams: 1, unigrams: 1 },
  'jieba words, verbs x2, for bigrams': { seg: 'jieba-verbs2', words: 1, bigrams: 0, unigrams: 1 },
  'jieba words 0.5, verbs x2, + bigrams': { seg: 'jieba-verbs2', words: 0.5, bigrams: 1, unigrams: 1 },
  'Intl.Segmenter for bigrams': { seg: 'intl', words: 1, bigrams: 0, unigrams: 1 },
  'Intl.Segmenter 0.5 + bigrams': { seg: 'intl', words: 0.5, bigrams: 1, unigrams: 1 },
  'bigrams only (no chars)': { bigrams: 1, unigrams: 0 },
};

// ---------------------------------------------------------------- scoring

const ctx: EvalContext = { sets: new Map(), progress: () => undefined };
const devPairs = readSet('test/fixtures/eval/zh-question-pairs');
const shop = readSet('test/fixtures/eval/question-clusters-chat');
const hasHan = (t: string): boolean => [...t].some((c) => isHanUnit(c.charCodeAt(0)));
const shopZh = shop.filter((r) => hasHan(r.text));
const cfg = InsightsConfigSchema.parse({});

/** ROC AUC of the similarity the eval computes on these pairs (ranking quality, whatever the threshold). */
function pairAuc(rows: readonly Row[]): number {
  const s = newClusterState(clusterOptionsFrom(cfg));
  for (const r of rows) {
    observeQuestion(s, r.text, 0);
    observeQuestion(s, String(r['text_pair'] ?? ''), 0);
  }
  return aucOf(rows.map((r) => ({ sim: questionSimilarity(s, r.text, String(r['text_pair'] ?? ''), 0), y: r.label === 'same_intent' })));
}

interface Scored {
  dev: SetResult;
  devAuc: number;
  shop: SetResult;
  shopZh: SetResult;
  holdout?: SetResult;
}
const results: Record<string, Scored> = {};
for (const [name, spec] of Object.entries(VARIANTS)) {
  setZhVariant(spec ? variantOf(spec) : null);
  results[name] = {
    dev: await insightsEvaluators['zh-question-pairs']!(devPairs, ctx),
    devAuc: pairAuc(devPairs),
    shop: await insightsEvaluators['question-clusters-chat']!(shop, ctx),
    shopZh: await insightsEvaluators['question-clusters-chat']!(shopZh, ctx),
  };
}
setZhVariant(null);

/** Variants scored on the holdout (once, at the end): today and the ones the dev figures pointed to. */
const HOLDOUT_VARIANTS = ['today', 'jieba words for bigrams', 'jieba words 0.5 + bigrams', 'Intl.Segmenter 0.5 + bigrams', 'bigrams only (no chars)'];
if (values.holdout) {
  const holdPairs = readSet('test/fixtures/eval-holdout/zh-question-pairs');
  for (const name of HOLDOUT_VARIANTS) {
    const spec = VARIANTS[name];
    setZhVariant(spec ? variantOf(spec) : null);
    results[name]!.holdout = await insightsEvaluators['zh-question-pairs']!(holdPairs, ctx);
  }
  setZhVariant(null);
}

// ---------------------------------------------------------------- cost

const texts = [...new Set([...devPairs.flatMap((r) => [r.text, String(r['text_pair'] ?? '')]), ...shopZh.map((r) => r.text)])].filter(hasHan);
// outputs: @node-rs/jieba and jieba-wasm are both jieba-rs with its default dictionary
const sameAsWasm = texts.filter((t) => jieba.cut(t, true).join('/') === wasm.cut(t, true).join('/')).length;
const REPS = 300;
const costNames = ['features today', 'features jieba words for bigrams', 'jieba', 'jieba-nohmm', 'jieba-wasm', 'intl'];
const perText: Record<string, number[]> = Object.fromEntries(costNames.map((n) => [n, []]));
const jiebaVariant = variantOf(VARIANTS['jieba words for bigrams']!);
const run: Record<string, (t: string) => unknown> = {
  'features today': (t) => (setZhVariant(null), questionFeatures(t)),
  'features jieba words for bigrams': (t) => (setZhVariant(jiebaVariant), questionFeatures(t)),
  jieba: SEGMENTERS['jieba']!,
  'jieba-nohmm': SEGMENTERS['jieba-nohmm']!,
  'jieba-wasm': SEGMENTERS['jieba-wasm']!,
  intl: SEGMENTERS['intl']!,
};
for (let pass = 0; pass < 2; pass++) {
  // pass 0 warms up; pass 1 measures, the order rotating per text
  texts.forEach((t, i) => {
    for (let j = 0; j < costNames.length; j++) {
      const name = costNames[(i + j) % costNames.length]!;
      const fn = run[name]!;
      const t0 = process.hrtime.bigint();
      for (let k = 0; k < REPS; k++) fn(t);
      const us = Number(process.hrtime.bigint() - t0) / 1000 / REPS;
      if (pass === 1) perText[name]!.push(us);
    }
  });
}
setZhVariant(null);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const costUs = Object.fromEntries(costNames.map((n) => [n, Math.round(median(perText[n]!) * 100) / 100]));

/** Load time and memory of one segmenter in a fresh node process (plain CommonJS, no tsx). */
function loadCost(code: string): { load_ms: number; rss_mb: number; first_cut_ms: number } {
  const script = `const m0 = process.memoryUsage().rss; const t0 = process.hrtime.bigint();
${code}
const t1 = process.hrtime.bigint(); cut('包邮吗什么时候发货'); const t2 = process.hrtime.bigint();
global.gc && global.gc(); const m1 = process.memoryUsage().rss;
console.log(JSON.stringify({ load_ms: Number(t1 - t0) / 1e6, first_cut_ms: Number(t2 - t1) / 1e6, rss_mb: (m1 - m0) / 1048576 }));`;
  const out = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' });
  const r = JSON.parse(out.stdout) as { load_ms: number; rss_mb: number; first_cut_ms: number };
  return { load_ms: Math.round(r.load_ms), rss_mb: Math.round(r.rss_mb), first_cut_ms: Math.round(r.first_cut_ms * 10) / 10 };
}
const load = {
  '@node-rs/jieba': loadCost(`const { Jieba } = require('@node-rs/jieba'); const { dict } = require('@node-rs/jieba/dict.js'); const j = Jieba.withDict(dict); const cut = (s) => j.cut(s, true);`),
  'jieba-wasm': loadCost(`const w = require('jieba-wasm'); const cut = (s) => w.cut(s, true);`),
};

// ---------------------------------------------------------------- report

if (values.json) {
  process.stdout.write(JSON.stringify({ results, cost_us: costUs, load, texts: texts.length, same_as_wasm: sameAsWasm }) + '\n');
} else {
  const lines = [
    `dev pairs (200), P / R / F1 at the shipped threshold ${cfg.clusterThreshold}; char overlap ${prf(results['today']!.dev.baselines!['char-overlap']!)}`,
    `${'variant'.padEnd(38)} ${'dev P / R / F1'.padEnd(22)} AUC    ${'shop F1 (shuffled)'.padEnd(19)} shop zh F1 (shuffled)${values.holdout ? '  holdout P / R / F1' : ''}`,
  ];
  for (const [name, r] of Object.entries(results)) {
    const sh = (x: SetResult): string => `${x.f1.toFixed(3)} (${(x['shuffled_orders'] as SetResult).f1.toFixed(3)})`;
    lines.push(
      `${name.padEnd(38)} ${prf(r.dev).padEnd(22)} ${r.devAuc.toFixed(3)}  ${sh(r.shop).padEnd(19)} ${sh(r.shopZh).padEnd(21)}${r.holdout ? '  ' + prf(r.holdout) : ''}`,
    );
  }
  if (values.holdout) lines.push(`holdout char overlap: ${prf(results['today']!.holdout!.baselines!['char-overlap']!)}`);
  lines.push(`cost, µs per question (median over ${texts.length} distinct Chinese texts, warm, interleaved): ${JSON.stringify(costUs)}`);
  lines.push(`load in a fresh process: ${JSON.stringify(load)}`);
  lines.push(`@node-rs/jieba and jieba-wasm cut the same on ${sameAsWasm}/${texts.length} texts`);
  process.stdout.write(lines.join('\n') + '\n');
}
