import { describe, expect, it } from 'vitest';
import type { EmoteRange } from '../../../config/chat.js';
import { createAbuseDetectors } from '../../../filters/abuse.js';
import { blankEmotes, emoteSpans, hasWords } from '../../../filters/emotes.js';
import { createFilterEngine } from '../../../filters/engine.js';
import { chat, config } from './spam-helpers.js';

/** Twitch-style ranges (inclusive code points) for every occurrence of `name` in `text`. */
function rangesOf(text: string, name: string): EmoteRange[] {
  const cps = [...text];
  const out: EmoteRange[] = [];
  for (let i = 0; i + name.length <= cps.length; i++) {
    if (cps.slice(i, i + [...name].length).join('') === name) out.push({ id: '1', start: i, end: i + [...name].length - 1 });
  }
  return out;
}

describe('blankEmotes', () => {
  it('blanks well-known names (exact case) and keeps the length', () => {
    const t = 'Kreygasm this is so good LUL';
    const b = blankEmotes(t);
    expect(b).toBe('         this is so good    ');
    expect(b.length).toBe(t.length);
    expect(blankEmotes('lul that was close')).toBe('lul that was close'); // typed word, not the emote
    expect(blankEmotes('hello there')).toBe('hello there');
  });

  it('reads Twitch ranges as code points, not UTF-16 units', () => {
    const t = '😀 xqcSexy hi';
    // '😀' is one code point but two UTF-16 units: xqcSexy is code points 2..8
    expect(emoteSpans(t, [{ id: '1', start: 2, end: 8 }])).toEqual([[3, 10]]);
    expect(blankEmotes(t, [{ id: '1', start: 2, end: 8 }])).toBe('😀         hi');
    // out-of-range or reversed ranges are ignored, never thrown on
    expect(blankEmotes('hi', [{ id: '1', start: 5, end: 9 }, { id: '2', start: 1, end: 0 }])).toBe('hi');
  });

  it('blanks long texts too (no argument-count limit)', () => {
    const t = `${'word '.repeat(5000)}Kappa end`;
    const b = blankEmotes(t);
    expect(b.length).toBe(t.length);
    expect(b.endsWith('      end')).toBe(true);
  });

  it('tells emote-only leftovers from words', () => {
    expect(hasWords('   😂😂 :) !!')).toBe(false);
    expect(hasWords('  ok ')).toBe(true);
    expect(hasWords(' 好 ')).toBe(true);
    expect(hasWords(' 3 ')).toBe(true);
  });
});

describe('emote-only lines are never abuse (shipped model on)', () => {
  const d = createAbuseDetectors({ blockedTerms: [], allowedTerms: [] });
  it.each([
    'TriHard TriHard TriHard TriHard TriHard',
    'cmonBruh cmonBruh cmonBruh cmonBruh cmonBruh',
    'Jebaited Jebaited Jebaited Jebaited Jebaited',
    'DansGame DansGame DansGame DansGame DansGame',
    'PJSalt PJSalt PJSalt PJSalt PJSalt',
    'EleGiggle EleGiggle EleGiggle EleGiggle EleGiggle',
    'MingLee MingLee MingLee MingLee MingLee',
    '4Head 4Head 4Head 4Head 4Head',
    'Kreygasm Kreygasm',
    'LUL LUL LUL',
    'PogChamp',
    'monkaS',
    ':) :D',
    '😂😂😂😂😂',
  ])('%s', (text) => {
    expect(d.detect(text)).toEqual([]);
  });

  it('a line whose Twitch emote ranges cover all of the text', () => {
    // channel emotes the list cannot know; without their ranges the model reads them as words
    for (const name of ['xqcSexy', 'nymnCorn']) {
      const text = Array(5).fill(name).join(' ');
      expect(blankEmotes(text).trim()).toBe(text); // unknown names stay words without their ranges
      expect(blankEmotes(text, rangesOf(text, name)).trim()).toBe('');
      expect(d.detect(text, rangesOf(text, name))).toEqual([]);
    }
  });

  it('words next to emotes are still read, spans on the original text', () => {
    const text = 'PJSalt you are a fucking idiot PJSalt';
    const found = d.detect(text, rangesOf(text, 'PJSalt'));
    expect(found.map((f) => text.slice(f.span![0], f.span![1]))).toEqual(['fucking', 'idiot']);
  });
});

describe('in the engine', () => {
  it('an emote flood is still spam.emotes, never an abuse finding', () => {
    const e = createFilterEngine(config());
    const text = Array(10).fill('TriHard').join(' ');
    const v = e.check(chat(text, { emotes: rangesOf(text, 'TriHard') }), 0);
    const filters = v.reasons.map((r) => r.filter);
    expect(filters).toContain('spam.emotes');
    expect(filters.filter((f) => f.startsWith('abuse'))).toEqual([]);
  });

  it('passes the message emote ranges to the abuse detectors', () => {
    const e = createFilterEngine(config(), { spamModel: null });
    // a made-up channel emote with insult-like letters: the model reads it as a word unless the ranges say otherwise
    const text = 'nymnBitch nymnBitch nymnBitch nymnBitch nymnBitch';
    expect(e.check(chat(text, { user: 'a' }), 0).reasons.map((r) => r.filter)).not.toEqual([]);
    expect(e.check(chat(text, { user: 'b', emotes: rangesOf(text, 'nymnBitch') }), 100_000).reasons).toEqual([]);
  });
});
