import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../config/chat.js';
import { fnv1a } from '../../../filters/hash.js';
import { detectLang, prepare, prepareText } from '../../../filters/prepare.js';
import { hasHan, isHanCodePoint, isHanUnit } from '../../../config/script.js';
import { normalizeForCompare, textStats } from '../../../filters/text-stats.js';
import { weightedLength } from '../../../filters/raid.js';
import { seededRandom } from '../../../filters/random.js';
import { classify } from '../../../insights/classify.js';
import { detectLinks, mayHoldLink } from '../../../filters/links.js';
import { compilePii, detectPii } from '../../../filters/pii.js';
import { PiiConfigSchema } from '../../../config/filters-config.js';

const msg = (text: string, emotes: ChatMessage['emotes'] = []): ChatMessage => ({
  id: 'm',
  platform: 'twitch',
  channel: 'shop',
  user: { id: 'u', name: 'u', displayName: 'u', roles: [] },
  text,
  emotes,
  receivedAt: 0,
});

describe('prepare: a message read once', () => {
  it.each([
    ['包邮吗 Kappa', 'zh', true],
    ['how much is shipping?', 'en', false],
    ['😂😂 !!!', 'other', false],
    ['主播 this is great', 'zh', true],
    ['豈', 'zh', true], // a compatibility ideograph counts as Han, as everywhere else
  ])('%s → lang %s, Han %s', (text, lang, han) => {
    const p = prepare(msg(text));
    expect(p.lang).toBe(lang);
    expect(p.hasHan).toBe(han);
    expect(hasHan(text)).toBe(han);
  });

  it('holds the same forms the detectors computed one by one', () => {
    const text = 'LULLLL  BUY NOW @streamer!!! 这个多少钱？';
    const p = prepare(msg(text));
    expect(p.stats).toEqual(textStats(text));
    expect(p.compare).toBe(normalizeForCompare(text));
    expect(p.compareKey).toBe(fnv1a(p.compare));
    expect(p.lower).toBe(text.toLowerCase());
  });

  it('blanks emotes (ranges and known names) in `words`, same length, and keeps `text` raw', () => {
    const p = prepare(msg('idiot Kappa lol', [{ id: '1', start: 0, end: 4 }]));
    expect(p.words).toBe(' '.repeat(12) + 'lol');
    expect(p.words.length).toBe(p.text.length);
    expect(p.text).toBe('idiot Kappa lol');
    expect(prepareText('no emotes here').words).toBe('no emotes here');
  });

  it('reads the language in the stats pass exactly as detectLang reads it', () => {
    for (const t of ['', 'ok', '好', '𠀀 only a supplementary ideograph', '𠀀', 'ＡＢＣ', 'é', 'Привет', '12 34', 'a好', '。', '豈', 'x\u3400', '\ud840']) {
      const p = prepare(msg(t));
      expect(p.lang).toBe(detectLang(t));
      expect(p.hasHan).toBe(hasHan(t));
    }
  });

  it.each(['好可爱', 'lol', 'LOL', 'aab', 'ab', 'a', '', '@host hi', '好可爱！', 'ok ok'])('builds the compare form and key of %j as normalizeForCompare does', (text) => {
    const p = prepare(msg(text));
    expect(p.compare).toBe(normalizeForCompare(text));
    expect(p.compareKey).toBe(p.compare.length >= 2 ? fnv1a(p.compare) || 1 : 0);
  });

  it('knows the compare form\'s key, length and weight without building it, on 5,000 seeded lines', () => {
    const rand = seededRandom(20261203);
    // letters of both cases, digits, spaces, mentions, ASCII, CJK and full-width punctuation, Han, emoji halves, zero-width
    const pool = ['a', 'A', 'b', 'l', 'L', '1', ' ', ' ', '@', '!', '.', '好', '可', '爱', '？', '，', '。', '😀', 'é', '\u200b', '\u3000', '\ufeff', '…'];
    let long = 0;
    for (let k = 0; k < 5000; k++) {
      let text = '';
      const n = Math.floor(rand() * (k % 10 === 0 ? 1200 : 40));
      for (let i = 0; i < n; i++) text += pool[Math.floor(rand() * pool.length)]!;
      const p = prepare(msg(text));
      const form = normalizeForCompare(text);
      if (form.length === 400) long++;
      expect(p.compareKey, JSON.stringify(text)).toBe(form.length >= 2 ? fnv1a(form) || 1 : 0);
      expect(p.compareWeight, JSON.stringify(text)).toBe(weightedLength(form));
      expect(p.compare).toBe(form);
    }
    expect(long).toBeGreaterThan(0);
  });

  it('gives no compare key to a line too short to compare', () => {
    expect(prepare(msg('!!')).compareKey).toBe(0);
    expect(prepare(msg('ok')).compareKey).not.toBe(0);
  });

  it('classifies a prepared message as it classifies its text', () => {
    for (const t of ['包邮吗', 'how much is shipping', 'what a deal', '质量不错，就是物流太慢']) expect(classify(prepare(msg(t)))).toEqual(classify(t));
  });
});

describe('the stats pass by character class', () => {
  it('counts a lone surrogate as a symbol, and still reads a later pair as one code point', () => {
    // the lone high surrogate takes its class from the case rules; the pair after it must not
    const s = textStats('\ud83d x \ud83d\ude00');
    expect(s.symbols).toBe(1);
    expect(s.emoji).toBe(1);
    expect(s.codePoints).toBe(5);
    expect(textStats('\ud83d\ude00').emoji).toBe(1);
  });

  it('classifies characters that need case mapping the same on first and later sight', () => {
    // Ω (upper), ǅ (title case: neither lower nor upper form), ª (a letter without case), ™ (a symbol)
    for (const t of ['Ω', 'ǅ', 'ª', '™', 'ω']) expect(textStats(t + t)).toEqual(textStats(t + t));
    expect(textStats('Ωω')).toMatchObject({ cased: 2, upper: 1 });
    expect(textStats('ǅ')).toMatchObject({ cased: 1, upper: 1 });
    expect(textStats('ª')).toMatchObject({ cased: 0, caseless: 1, symbols: 0 });
    expect(textStats('™')).toMatchObject({ cased: 0, caseless: 0, symbols: 1 });
    // a supplementary ideograph is a caseless letter, not an emoji (it lies above U+1F000)
    expect(textStats('𠀀')).toMatchObject({ caseless: 1, emoji: 0, hasHanUnit: false });
  });
});

describe('what the stats pass tells the detectors', () => {
  it('knows ASCII digits, @, : and the characters a link needs on 5,000 seeded lines, and the detectors answer the same with it', () => {
    const rand = seededRandom(20261130);
    const pool = ['a', 'd', 'D', 'o', 't', '1', '8', '０', '@', ':', '/', '.', '。', '．', '｡', '点', ' ', '好', 'x', 'm', 'c', '-', '+', '😀'];
    const pii = compilePii(PiiConfigSchema.parse({}));
    const opts = { allow: ['example.com'], obfuscated: true };
    for (let k = 0; k < 5000; k++) {
      let text = '';
      const n = Math.floor(rand() * 30);
      for (let i = 0; i < n; i++) text += pool[Math.floor(rand() * pool.length)]!;
      const s = textStats(text);
      expect(s.asciiDigits, text).toBe((text.match(/[0-9]/g) ?? []).length);
      expect(s.hasAt).toBe(text.includes('@'));
      expect(s.hasColon).toBe(text.includes(':'));
      if (!s.mayLink) expect(mayHoldLink(text), text).toBe(false);
      expect(detectPii(text, pii, [], s)).toEqual(detectPii(text, pii));
      expect(detectLinks(text, true, opts, [], s)).toEqual(detectLinks(text, true, opts));
    }
  });
});

describe('the one Han check', () => {
  it.each([
    [0x4e00, true],
    [0x9fff, true],
    [0x3400, true],
    [0xf900, true],
    [0x3002, false], // 。 punctuation
    [0x3042, false], // あ kana
    [0x41, false],
  ])('unit %i → %s', (c, han) => expect(isHanUnit(c)).toBe(han));

  it('counts supplementary-plane ideographs as code points only', () => {
    expect(isHanCodePoint(0x20000)).toBe(true);
    expect(isHanUnit(0xd840)).toBe(false);
  });
});
