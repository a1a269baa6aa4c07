/**
 * Matches a question (or a cluster's texts) to an FAQ entry prepared before the stream. Each entry
 * has keywords in one or more languages; Chinese keywords match as substrings, English keywords
 * as whole words or phrases, case-insensitively, with a light stemmer (shipping ~ ship). The
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
import { stem } from './question-features.js';

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
      return { entry, zh, en };
    });
    cache.set(entries, c);
  }
  return c;
}

/** Weighted keyword hits of `entry` in `texts`. */
export function faqHits(texts: readonly string[], entry: FaqEntry): number {
  return hits(texts.join('\n'), ` ${texts.map(stemPhrase).join(' | ')} `, compile([entry])[0]);
}

function hits(raw: string, stemmed: string, c: Compiled | undefined): number {
  if (!c) return 0;
  let n = 0;
  for (const k of c.zh) if (raw.includes(k)) n += k.length >= 3 ? 2 : 1;
  for (const k of c.en) if (k !== '' && stemmed.includes(` ${k} `)) n += k.split(' ').length;
  return n;
}

/** The best FAQ entry for these texts (a question, or a cluster's representative and examples), or null. */
export function matchFaq(texts: readonly string[], entries: readonly FaqEntry[]): FaqEntry | null {
  if (entries.length === 0 || texts.length === 0) return null;
  const raw = texts.join('\n');
  const stemmed = ` ${texts.map(stemPhrase).join(' | ')} `;
  let best: FaqEntry | null = null;
  let bestHits = 0;
  for (const c of compile(entries)) {
    const h = hits(raw, stemmed, c);
    if (h > bestHits) {
      best = c.entry;
      bestHits = h;
    }
  }
  return best;
}
