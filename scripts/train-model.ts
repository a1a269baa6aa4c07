/**
 * Trains the shipped abuse models (filters/models/abuse-en.json, abuse-zh.json), reproducibly:
 *   npx tsx scripts/train-model.ts --data /work/shared/datasets [--lang en|zh|all] [--seed N] [--out filters/models]
 * en: OLID + HatEval + Davidson dev; zh: COLD dev. The threshold is chosen on 5-fold out-of-fold
 * probabilities (see chooseThreshold), then the model is trained on every row. The header records
 * sets, row count, seed, command, the cross-validated figures and the hashes of the training texts
 * (the eval cross-validates those rows).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAbuseDetectors } from '../filters/abuse.js';
import { modelSpeaks, type LexSignal, type ModelHeader, type ModelLang } from '../filters/model.js';
import { DEFAULT_TRAIN, crossValidate, prf, trainModel, type TrainOptions, type TrainRow } from './train/model-train.js';
import { CHAT_NEGATIVES_EN, CHAT_NEGATIVES_ZH } from '../config/lexicons/chat-negatives.js';
import { ABUSE_SETS } from './eval/abuse-sets.js';
import { readSets } from './eval/io.js';
import type { Row } from './eval/types.js';

export const CV_FOLDS = 5;
/** Pseudo set name of the hand-written chat negatives (trained on, never scored). */
export const CHAT_SET = 'chat-negatives';
/**
 * Weight of each hand-written chat line: 8 keeps the model quiet on ordinary shopping chat (it flagged
 * 12 of the 566 distinct demo lines at weight 3, 5 at weight 8) for ~0.005 F1 on OLID.
 */
const CHAT_WEIGHT = 8;
/**
 * Per-set sample weights. Davidson is 83% positive tweets full of one slang register: at full
 * weight it pulls the shared model towards flagging any tweet; at 0.3 (chosen by 5-fold CV over
 * 0.15 / 0.3 / 0.5 / 1) OLID and HatEval gain ~0.01 F1 and Davidson stays at 0.94.
 */
const SET_WEIGHTS: Readonly<Record<string, number>> = { 'en-hate-offensive-davidson': 0.3 };

/** Lexicon signals of a text (the detectors without a model). */
export function lexiconSignals(): (text: string) => LexSignal {
  const lex = createAbuseDetectors({ blockedTerms: [], allowedTerms: [], models: null });
  return (text) => lex.signals(text);
}

/** Training rows of one language from the sets found (deduplicated by text, first label wins). */
export function trainingRows(sets: ReadonlyMap<string, readonly Row[]>, lang: ModelLang, signals: (t: string) => LexSignal): TrainRow[] {
  const seen = new Set<string>();
  const rows: TrainRow[] = [];
  for (const [name, list] of sets) {
    const spec = ABUSE_SETS[name];
    if (!spec || spec.lang !== lang) continue;
    for (const r of list) {
      if (seen.has(r.text)) continue;
      seen.add(r.text);
      const weight = SET_WEIGHTS[name];
      rows.push({ text: r.text, y: spec.positive(r.label) ? 1 : 0, lex: signals(r.text), set: name, ...(weight ? { weight } : {}) });
    }
  }
  // Hand-written ordinary chat and complaints (config/lexicons/chat-negatives.ts) as negatives.
  for (const text of lang === 'en' ? CHAT_NEGATIVES_EN : CHAT_NEGATIVES_ZH) {
    if (seen.has(text)) continue;
    seen.add(text);
    rows.push({ text, y: 0, lex: signals(text), set: CHAT_SET, weight: CHAT_WEIGHT });
  }
  return rows;
}

/**
 * F1 each set must reach (issue 3): the better word-list baseline's dev F1 + 0.10 for OLID and
 * HatEval, 0.93 for Davidson, 0.65 for COLD.
 */
export const F1_TARGETS: Readonly<Record<string, number>> = {
  'en-offensive-olid': 0.44 + 0.1,
  'en-hate-hateval': 0.477 + 0.1,
  'en-hate-offensive-davidson': 0.93,
  'zh-offensive-cold': 0.65,
};

/**
 * Picks the threshold on out-of-fold probabilities: the one whose worst margin over the targets
 * (F1 of "lexicon medium+ or p ≥ t" minus F1_TARGETS) is largest, mean F1 breaking ties; sets
 * without a target count by mean F1 only.
 */
export function chooseThreshold(rows: readonly TrainRow[], oof: Float64Array): { threshold: number; perSet: Record<string, number> } {
  const sets = [...new Set(rows.map((r) => r.set))].filter((s) => s !== CHAT_SET);
  let best = { threshold: 0.5, key: [-Infinity, -Infinity], perSet: {} as Record<string, number> };
  for (let t = 0.1; t <= 0.951; t += 0.01) {
    const perSet: Record<string, number> = {};
    for (const s of sets) {
      const idx = rows.map((r, i) => (r.set === s ? i : -1)).filter((i) => i >= 0);
      const pred = idx.map((i) => rows[i]!.lex.medium || rows[i]!.lex.high || oof[i]! >= t);
      const gold = idx.map((i) => rows[i]!.y === 1);
      perSet[s] = prf(pred, gold).f1;
    }
    const mean = Object.values(perSet).reduce((a, b) => a + b, 0) / sets.length;
    const margins = sets.filter((s) => F1_TARGETS[s] !== undefined).map((s) => perSet[s]! - F1_TARGETS[s]!);
    const worst = margins.length ? Math.min(...margins) : mean;
    const key = [Math.round(worst * 1000) / 1000, mean];
    if (key[0]! > best.key[0]! || (key[0] === best.key[0] && key[1]! > best.key[1]!)) {
      best = { threshold: Math.round(t * 100) / 100, key, perSet };
    }
  }
  return { threshold: best.threshold, perSet: best.perSet };
}

/**
 * Share of innocent messages the model may flag and hold at each sensitivity level, among those it
 * speaks on (modelSpeaks): a live stream is ~95 % innocent, so these shares are what a moderator's
 * queue and watch list fill with. Chosen for the queue, not for F1 (issue: holds a moderator can
 * keep up with); checked on the stream evaluation (npm run eval -- --stream).
 */
export const LEVEL_TARGETS = {
  low: { flag: 0.01, hold: 0.002 },
  medium: { flag: 0.04, hold: 0.004 },
  high: { flag: 0.1, hold: 0.025 },
} as const;

/**
 * Per-level thresholds on out-of-fold probabilities: for each level, the probability above which
 * `target` of the innocent rows (each set weighing the same, rows the model would not speak on left
 * out) would be flagged / held. A threshold never goes below the F1 threshold's neighbourhood of
 * doubt (0.5) for holds, and holds are never below flags.
 */
export function chooseLevels(rows: readonly TrainRow[], oof: Float64Array, lang: ModelLang): NonNullable<ModelHeader['levels']> {
  const bySet = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (r.y !== 0 || !modelSpeaks(r.text, lang === 'zh')) return;
    let list = bySet.get(r.set);
    if (!list) bySet.set(r.set, (list = []));
    list.push(oof[i]!);
  });
  const scored: { p: number; w: number }[] = [];
  for (const list of bySet.values()) for (const p of list) scored.push({ p, w: 1 / list.length / bySet.size });
  scored.sort((a, b) => b.p - a.p);
  const at = (share: number): number => {
    let acc = 0;
    for (const s of scored) {
      acc += s.w;
      if (acc > share) return Math.min(0.999, s.p + 1e-6);
    }
    return 0;
  };
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  const level = (t: { flag: number; hold: number }) => {
    const hold = Math.max(0.5, at(t.hold));
    return { flag: r3(Math.min(hold, at(t.flag))), hold: r3(hold) };
  };
  return { low: level(LEVEL_TARGETS.low), medium: level(LEVEL_TARGETS.medium), high: level(LEVEL_TARGETS.high) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, lang: { type: 'string', default: 'all' }, seed: { type: 'string' }, out: { type: 'string', default: 'filters/models' } },
  });
  if (!values.data) throw new Error('usage: npx tsx scripts/train-model.ts --data <folder of sets> [--lang en|zh|all] [--seed N] [--out filters/models]');
  const sets = readSets(values.data);
  const langs: ModelLang[] = values.lang === 'all' ? ['en', 'zh'] : [values.lang as ModelLang];
  const signals = lexiconSignals();
  mkdirSync(values.out, { recursive: true });
  for (const lang of langs) {
    const opts: TrainOptions = { ...DEFAULT_TRAIN[lang], ...(values.seed ? { seed: Number(values.seed) } : {}) };
    const rows = trainingRows(sets, lang, signals);
    if (rows.length === 0) {
      process.stderr.write(`${lang}: no training sets under ${values.data}, skipped\n`);
      continue;
    }
    const oof = crossValidate(rows, opts, CV_FOLDS, (f) => process.stderr.write(`\r${lang}: cross-validation fold ${f + 1}/${CV_FOLDS}`));
    const { threshold, perSet } = chooseThreshold(rows, oof);
    const levels = chooseLevels(rows, oof, lang);
    process.stderr.write(`\n${lang}: threshold ${threshold}, cross-validated F1 ${JSON.stringify(perSet)}, levels ${JSON.stringify(levels)}\n`);
    const setNames = [...new Set(rows.map((r) => r.set))].filter((s) => s !== CHAT_SET);
    const command = `npx tsx scripts/train-model.ts --data <datasets> --lang ${lang} --seed ${opts.seed}`;
    const file = trainModel(rows, opts, {
      threshold,
      highThreshold: Math.max(threshold, 0.9),
      sets: [...setNames.map((s) => `${s}/dev.jsonl`), 'config/lexicons/chat-negatives.ts'],
      command,
      cv: { folds: CV_FOLDS, f1: perSet, level_targets: LEVEL_TARGETS },
      levels,
    });
    const path = join(values.out, `abuse-${lang}.json`);
    writeFileSync(path, JSON.stringify(file) + '\n');
    process.stderr.write(`${lang}: wrote ${path} (${rows.length} rows)\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
