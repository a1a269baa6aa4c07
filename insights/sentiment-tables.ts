/**
 * The sentiment lexicons (insights/sentiment-lexicon.ts) as lookup tables built for scoring: English
 * words, `prefix*` entries, negators / contrast words / modifiers and emotes by FNV-1a hash of their
 * UTF-16 units (’ counted as '), Chinese terms indexed by their first unit, longest first. Built once
 * into an immutable object; the scorer (insights/sentiment-score.ts) takes it as an argument.
 */
import { FNV_OFFSET, FNV_PRIME, keyBits } from '../filters/hash.js';
import { loadLexicons, type Lexicon, type Lexicons } from './sentiment-lexicon.js';

export interface ZhEntry {
  readonly term: string;
  readonly word: number | null;
  readonly mod: number | null;
  readonly neg: boolean;
  readonly contrast: boolean;
}

/** Kinds of an English word entry (one lookup per word, by hash). */
export const K_NEG = 1;
export const K_CONTRAST = 2;
export const K_MOD = 3;

export interface SentimentTables {
  readonly lex: Lexicons;
  /** First UTF-16 unit → Chinese entries starting with it, longest first (dense by code unit). */
  readonly zh: ReadonlyArray<readonly ZhEntry[] | undefined>;
  /**
   * Bit c set when some Chinese entry starts with unit c (65,536 bits, 8 KB): most units of a line
   * start none, and this answers them without reading `zh` (512 KB of references, a cache miss a unit).
   */
  readonly zhFirst: Uint32Array;
  /**
   * Filter of the first two units of every Chinese entry of two units or more (zhPairKey): where it
   * says no, only a one-unit entry can start at a unit (the last of its list, longest first), and the
   * list is not walked (不 starts 37 entries, 没 13).
   */
  readonly zhPairs: Uint32Array;
  readonly maxPrefix: number;
  /** Hash of an English word → sentiment weight; `prefix*` entries by prefix hash. */
  readonly words: ReadonlyMap<number, number>;
  readonly prefixes: ReadonlyMap<number, number>;
  /** Hash → K_NEG / K_CONTRAST / K_MOD (modifier weight in `mods`). */
  readonly kinds: ReadonlyMap<number, number>;
  readonly mods: ReadonlyMap<number, number>;
  /** Emote / emoji names by hash of their UTF-16 units (case-sensitive). */
  readonly emotes: ReadonlyMap<number, number>;
  /**
   * Per table, a 65,536-bit filter of its keys' low 16 hash bits: a clear bit means the key is
   * absent, so most lookups of ordinary words skip the Map (no false negatives: same results).
   */
  readonly wordBits: Uint32Array;
  readonly prefixBits: Uint32Array;
  readonly kindBits: Uint32Array;
  readonly emoteBits: Uint32Array;
  /** prefixLens[l] = 1 when some `prefix*` entry has l units. */
  readonly prefixLens: Uint8Array;
  /**
   * Filter of the hashes of every entry's own prefixes of 3 units or more ("lov", "love" for
   * `love*`, `lovel*`): a word none of whose first l units is one cannot start any entry longer
   * than l, so the longest-prefix search walks up from 3 units and stops at the first miss.
   */
  readonly prefixNodeBits: Uint32Array;
  /** Filter of `words` and `kinds` keys together: most words are in neither, one probe says so. */
  readonly enBits: Uint32Array;
  /**
   * Bit c set when some emote name, "Kappa" or "/s" starts with unit c (’ counted as '): a chunk
   * starting with any other unit (most words, every Han character) is neither, and is not hashed.
   */
  readonly chunkFirst: Uint32Array;
  /**
   * The English and emote entries again, for the scorer: by hash in one open-addressing table
   * (linear probing, at most a quarter full), per slot the hash and what it is (E_WORD, E_PREFIX,
   * E_MOD, E_EMOTE, and its kind << 4), its weights in `enValues` (word, prefix, modifier, emote: four
   * a slot). A Map.get of an int32 key beyond the small-integer range boxes it and hashes a double;
   * this reads two typed arrays.
   */
  readonly enSlots: Int32Array;
  readonly enValues: Float64Array;
}

/** What an `enSlots` entry is (its kind, K_*, above these bits). */
export const E_WORD = 1;
export const E_PREFIX = 2;
export const E_MOD = 4;
export const E_EMOTE = 8;
export const E_KIND_SHIFT = 4;

function buildEnSlots(words: ReadonlyMap<number, number>, prefixes: ReadonlyMap<number, number>, kinds: ReadonlyMap<number, number>, mods: ReadonlyMap<number, number>, emotes: ReadonlyMap<number, number>): { slots: Int32Array; values: Float64Array } {
  const keys = new Set([...words.keys(), ...prefixes.keys(), ...kinds.keys(), ...mods.keys(), ...emotes.keys()]);
  let cap = 16;
  while (cap < 4 * keys.size) cap *= 2;
  const slots = new Int32Array(2 * cap);
  const values = new Float64Array(4 * cap);
  const put = (h: number, flag: number, k: number, v: number): void => {
    let i = h & (cap - 1);
    while (slots[2 * i + 1] !== 0 && slots[2 * i] !== h) i = (i + 1) & (cap - 1);
    slots[2 * i] = h;
    slots[2 * i + 1]! |= flag;
    if (k >= 0) values[4 * i + k] = v;
  };
  for (const [h, v] of words) put(h, E_WORD, 0, v);
  for (const [h, v] of prefixes) put(h, E_PREFIX, 1, v);
  for (const [h, v] of mods) put(h, E_MOD, 2, v);
  for (const [h, v] of emotes) put(h, E_EMOTE, 3, v);
  for (const [h, kind] of kinds) put(h, kind << E_KIND_SHIFT, -1, 0);
  return { slots, values };
}

/** FNV-1a over UTF-16 units with ’ counted as ': the key of every English and emote table. */
export function lexHash(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ (c === 0x2019 ? 39 : c), FNV_PRIME);
  }
  return h;
}

function hashMap(m: ReadonlyMap<string, number>, what: string): Map<number, number> {
  const out = new Map<number, number>();
  const by = new Map<number, string>();
  for (const [k, v] of m) {
    const h = lexHash(k);
    const other = by.get(h);
    if (other !== undefined && other !== k) throw new Error(`sentiment lexicon: hash collision in ${what}: ${other} / ${k}`);
    by.set(h, k);
    out.set(h, v);
  }
  return out;
}

function buildZhIndex(zh: Lexicon): Array<ZhEntry[] | undefined> {
  const terms = new Set<string>([...zh.words.keys(), ...zh.modifiers.keys(), ...zh.negators, ...zh.contrast]);
  const index: Array<ZhEntry[] | undefined> = new Array<ZhEntry[] | undefined>(65536).fill(undefined);
  for (const term of terms) {
    const e: ZhEntry = {
      term,
      word: zh.words.get(term) ?? null,
      mod: zh.modifiers.get(term) ?? null,
      neg: zh.negators.has(term),
      contrast: zh.contrast.has(term),
    };
    const k = term.charCodeAt(0);
    (index[k] ??= []).push(e);
  }
  for (const list of index) list?.sort((a, b) => b.term.length - a.term.length);
  return index;
}

/** The key of two UTF-16 units in `zhPairs` (a multiplicative hash: its high bits mix both units). */
export function zhPairKey(a: number, b: number): number {
  return Math.imul(a ^ (b << 16), 0x9e3779b1) >>> 16;
}

/** Builds the tables of a set of lexicons (tests pass their own). */
export function buildSentimentTables(lex: Lexicons): SentimentTables {
  let maxPrefix = 0;
  for (const p of lex.en.prefixes.keys()) maxPrefix = Math.max(maxPrefix, p.length);
  const kinds = new Map<number, number>();
  // same precedence as the word checks: negator, then contrast, then modifier
  for (const w of lex.en.modifiers.keys()) kinds.set(lexHash(w), K_MOD);
  for (const w of lex.en.contrast) kinds.set(lexHash(w), K_CONTRAST);
  for (const w of lex.en.negators) kinds.set(lexHash(w), K_NEG);
  const words = hashMap(lex.en.words, 'words');
  const prefixes = hashMap(lex.en.prefixes, 'prefixes');
  const emotes = hashMap(lex.emotes, 'emotes');
  const prefixLens = new Uint8Array(maxPrefix + 1);
  for (const p of lex.en.prefixes.keys()) prefixLens[p.length] = 1;
  const mods = hashMap(lex.en.modifiers, 'modifiers');
  const en = buildEnSlots(words, prefixes, kinds, mods, emotes);
  const nodes: number[] = [];
  for (const p of lex.en.prefixes.keys()) for (let l = 3; l <= p.length; l++) nodes.push(lexHash(p.slice(0, l)));
  const zh = buildZhIndex(lex.zh);
  const zhFirst = new Uint32Array(2048);
  zh.forEach((list, c) => {
    if (list) zhFirst[c >>> 5]! |= 1 << (c & 31);
  });
  const zhPairs = keyBits([...zh].flatMap((list) => (list ?? []).filter((e) => e.term.length >= 2).map((e) => zhPairKey(e.term.charCodeAt(0), e.term.charCodeAt(1)))));
  return Object.freeze({
    lex,
    zh,
    zhFirst,
    zhPairs,
    maxPrefix,
    words,
    prefixes,
    kinds,
    mods,
    emotes,
    wordBits: keyBits(words.keys()),
    prefixBits: keyBits(prefixes.keys()),
    kindBits: keyBits(kinds.keys()),
    emoteBits: keyBits(emotes.keys()),
    prefixLens,
    prefixNodeBits: keyBits(nodes),
    enSlots: en.slots,
    enValues: en.values,
    enBits: keyBits([...words.keys(), ...kinds.keys()]),
    chunkFirst: keyBits([...lex.emotes.keys(), 'Kappa', '/s'].flatMap((name) => {
      const c = name.charCodeAt(0);
      return c === 39 || c === 0x2019 ? [39, 0x2019] : [c];
    })),
  });
}

let shipped: SentimentTables | null = null;
/** The tables of the shipped lexicons, built on first call and kept (data, not state). */
export function sentimentTables(): SentimentTables {
  shipped ??= buildSentimentTables(loadLexicons());
  return shipped;
}
