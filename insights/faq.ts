/**
 * Matches a question (or a cluster's texts) to an FAQ entry prepared before the stream. Each entry
 * has keywords in one or more languages; Chinese keywords match as substrings, English keywords
 * as whole words or phrases, case-insensitively, with a light stemmer (shipping ~ ship). Where
 * keywords overlap the longest one wins (运费险 is not 运费; "return shipping" is not "shipping"). The
 * entry with the most keyword hits wins (a phrase counts once per word, a Chinese keyword of
 * three or more characters twice); ties go to the first entry. Also parses the
 * YAML FAQ file (config/faq.yaml) through zod, pure: the caller reads the file.
 *
 * Example: matchFaq(['运费多少'], entries)?.id === 'shipping'.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { FaqEntrySchema, type FaqEntry } from '../config/views.js';
import { isHanUnit } from '../config/script.js';
import { questionFeatures, stem } from './question-features.js';

export const FaqFileSchema = z.object({ entries: z.array(FaqEntrySchema).max(500) });

/** Parses the FAQ YAML text; throws the zod error (with paths) when it does not fit. */
export function parseFaq(yamlText: string): FaqEntry[] {
  return FaqFileSchema.parse(parseYaml(yamlText)).entries;
}

function stemPhrase(s: string): string {
  return (s.toLowerCase().match(/[a-z0-9$]+/g) ?? []).map(stem).join(' ');
}

interface Compiled {
  readonly entry: FaqEntry;
  readonly zh: string[];
  readonly en: string[];
  /** The specific concepts its keywords name (保质期 → c:shelf), for questions no keyword matches. */
  readonly concepts: ReadonlySet<string>;
}

/** Concepts too broad to pick an answer by: sharing "when", "shipping" or "buying" says not which. */
const BROAD_CONCEPTS = new Set(['c:when', 'c:ship', 'c:buy']);

function conceptsOf(texts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const t of texts) for (const k of questionFeatures(t).keys()) if (k.startsWith('c:') && !BROAD_CONCEPTS.has(k)) out.add(k);
  return out;
}

const cache = new WeakMap<readonly FaqEntry[], Compiled[]>();
function compile(entries: readonly FaqEntry[]): Compiled[] {
  let c = cache.get(entries);
  if (!c) {
    c = entries.map((entry) => {
      const zh: string[] = [];
      const en: string[] = [];
      for (const k of entry.keywords) {
        const kw = k.trim();
        if (kw === '') continue;
        if ([...kw].some((ch) => isHanUnit(ch.charCodeAt(0)))) zh.push(kw);
        else en.push(stemPhrase(kw));
      }
      return { entry, zh, en, concepts: conceptsOf(entry.keywords) };
    });
    cache.set(entries, c);
  }
  return c;
}

/** Where a keyword was found: its entry, its span in the text it was searched in, and its weight. */
interface Hit {
  readonly entry: number;
  readonly keyword: string;
  readonly start: number;
  readonly end: number;
  readonly weight: number;
}

function collect(text: string, needle: string, offset: number, entry: number, keyword: string, weight: number, out: Hit[]): void {
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) out.push({ entry, keyword, start: i + offset, end: i + offset + keyword.length, weight });
}

/** A hit inside a longer hit of the same text space: 运费 inside 运费险, "ship" inside "return ship". */
function covered(h: Hit, all: readonly Hit[]): boolean {
  for (const o of all) if (o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start) return true;
  return false;
}

/**
 * Weighted keyword hits per entry. The longest keyword wins where keywords overlap, whichever entry
 * they belong to: 运费险 (return-shipping insurance) is a returns question even though it holds 运费
 * (the shipping fee). Each keyword counts once.
 */
function scores(raw: string, stemmed: string, compiled: readonly Compiled[]): number[] {
  const zh: Hit[] = [];
  const en: Hit[] = [];
  compiled.forEach((c, i) => {
    for (const k of c.zh) collect(raw, k, 0, i, k, k.length >= 3 ? 2 : 1, zh);
    // English keywords are matched as whole stemmed words: the needle carries its spaces, the span does not
    for (const k of c.en) if (k !== '') collect(stemmed, ` ${k} `, 1, i, k, k.split(' ').length, en);
  });
  const out = new Array<number>(compiled.length).fill(0);
  for (const hits of [zh, en]) {
    const counted = new Set<string>();
    for (const h of hits) {
      const key = `${h.entry}:${h.keyword}`;
      if (counted.has(key) || covered(h, hits)) continue;
      counted.add(key);
      out[h.entry] = (out[h.entry] ?? 0) + h.weight;
    }
  }
  return out;
}

/**
 * The one entry whose keywords name every specific concept the texts ask about (none when two do, or
 * when the texts ask something no entry names): an entry saved from a card with 保质期多久 as its
 * keyword answers 能放多久 too, and a colour question gets no answer from the material entry.
 */
function byConcept(texts: readonly string[], compiled: readonly Compiled[]): FaqEntry | null {
  const asked = conceptsOf(texts);
  if (asked.size === 0) return null;
  let found: FaqEntry | null = null;
  for (const c of compiled) {
    let covers = true;
    for (const k of asked) if (!c.concepts.has(k)) covers = false;
    if (!covers) continue;
    if (found) return null;
    found = c.entry;
  }
  return found;
}

/**
 * The best FAQ entry for these texts (a question, or a cluster's representative and examples), or
 * null: by keywords first, else by the concepts the keywords name (see byConcept).
 */
export function matchFaq(texts: readonly string[], entries: readonly FaqEntry[]): FaqEntry | null {
  if (entries.length === 0 || texts.length === 0) return null;
  const raw = texts.join('\n');
  const stemmed = ` ${texts.map(stemPhrase).join(' | ')} `;
  const compiled = compile(entries);
  const hits = scores(raw, stemmed, compiled);
  let best: FaqEntry | null = null;
  let bestHits = 0;
  for (let i = 0; i < compiled.length; i++) {
    const h = hits[i] ?? 0;
    if (h > bestHits) {
      best = compiled[i]?.entry ?? null;
      bestHits = h;
    }
  }
  return best ?? byConcept(texts, compiled);
}
