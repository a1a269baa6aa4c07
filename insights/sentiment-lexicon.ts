/**
 * Loads the sentiment lexicons shipped in config/lexicons (sentiment-en.txt, sentiment-zh.txt,
 * sentiment-emotes.txt) once, on first use, into lookup tables built for speed. Lines are
 * `term weight` inside [words] / [intensifiers] / [diminishers] sections, or a bare term inside
 * [negators] / [contrast]; `#` starts a comment. `parseLexicon` is pure and exported for tests.
 */
import { readFileSync } from 'node:fs';

export interface Lexicon {
  /** Exact words (lower-case for English, as written for Chinese). */
  readonly words: Map<string, number>;
  /** English `prefix*` entries: prefix → weight. */
  readonly prefixes: Map<string, number>;
  readonly negators: Set<string>;
  /** Multiplier for the next sentiment word (>1 intensifies, <1 softens). */
  readonly modifiers: Map<string, number>;
  readonly contrast: Set<string>;
}

export function parseLexicon(text: string): Lexicon {
  const lex: Lexicon = { words: new Map(), prefixes: new Map(), negators: new Set(), modifiers: new Map(), contrast: new Set() };
  let section = 'words';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const sec = /^\[(\w+)\]$/.exec(line);
    if (sec) {
      section = sec[1] ?? 'words';
      continue;
    }
    const parts = line.split(/\s+/);
    const term = parts[0] ?? '';
    const weight = Number(parts[1] ?? '0');
    if (section === 'negators') lex.negators.add(term);
    else if (section === 'contrast') lex.contrast.add(term);
    else if (section === 'intensifiers' || section === 'diminishers') lex.modifiers.set(term, weight);
    else if (term.endsWith('*')) lex.prefixes.set(term.slice(0, -1), weight);
    else lex.words.set(term, weight);
  }
  return lex;
}

/** Emote / emoji table: case-sensitive names → weight. */
export function parseEmotes(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    if (i > 0) m.set(line.slice(0, i).trim(), Number(line.slice(i + 1)));
  }
  return m;
}

function readLexiconFile(name: string): string {
  return readFileSync(new URL(`../config/lexicons/${name}`, import.meta.url), 'utf8');
}

export interface Lexicons {
  readonly en: Lexicon;
  readonly zh: Lexicon;
  readonly emotes: Map<string, number>;
}

let cached: Lexicons | null = null;

/** The shipped lexicons, read on first call and kept (they are data, not state). */
export function loadLexicons(): Lexicons {
  cached ??= {
    en: parseLexicon(readLexiconFile('sentiment-en.txt')),
    zh: parseLexicon(readLexiconFile('sentiment-zh.txt')),
    emotes: parseEmotes(readLexiconFile('sentiment-emotes.txt')),
  };
  return cached;
}
