import { describe, expect, it } from 'vitest';
import { EMOTE_WORDS } from '../../../filters/emotes.js';
import { compilePromo, countEmotes, isEmoteWord, detectCaps, detectEmotes, detectLength, detectPromo, detectRepeat, detectSpam, detectSymbols, detectZalgo, mayPromo } from '../../../filters/spam.js';
import { normalizeForCompare, textStats } from '../../../filters/text-stats.js';
import { chat, config } from './spam-helpers.js';
import { seededRandom } from '../../../filters/random.js';

const cfg = config().spam;
const promo = compilePromo([]);
const names = (text: string, first = false) => detectSpam(chat(text, { first }), cfg, promo).map((f) => f.filter);

describe('capitals', () => {
  it.each([
    ['BUY NOW BUY NOW EVERYBODY LOOK AT THIS', 'medium'],
    ['THIS IS THE BEST STREAM EVER, EVERYONE SHOULD WATCH IT RIGHT NOW OK', 'medium'],
    ['THIS IS SO GREAT', 'low'],
    ['WOW this is REALLY GOOD stuff', null],
    ['OMG LOL', null], // too few letters to be shouting
    ['这个多少钱？这个多少钱？这个多少钱？这个多少钱？', null], // caseless script never counts
    ['请问 XL 码还有吗？还有 XXL 吗？主播回答一下谢谢', null],
    ['ＦＲＥＥ ＳＴＵＦＦ ＦＯＲ ＥＶＥＲＹＯＮＥ', 'low'], // full-width Latin has case
    ['ПРИВЕТ ВСЕМ ДРУЗЬЯ КАК ДЕЛА СЕГОДНЯ', 'medium'],
  ])('%s → %s', (text, severity) => {
    expect(detectCaps(textStats(text), cfg.caps)?.severity ?? null).toBe(severity);
  });
});

describe('symbols', () => {
  it.each([
    ['这个多少钱？…', false], // sogeBot scores this as 100 % symbols
    ['这个多少钱？？？包邮吗？！“真的吗”……【急】', false],
    ['what?! really? I did not know that...', false],
    ['$$$ ### @@@ !!! %%% ^^^ &&& ***', true],
    ['░░░▒▒▓▓██ ██▓▓▒▒░░░ ░░▒▒▓▓██', true],
    ['⣿⣿⣿⣿⣿⣿⠟⠋⠉⠉⠙⠻⣿⣿⣿⣿', true],
    ['price is $19.99 (was $25)', false],
    ['😀😀😀😀😀😀😀😀😀😀😀😀😀😀', false], // emoji are emotes, not symbols
  ])('%s → %s', (text, flagged) => {
    expect(detectSymbols(textStats(text), cfg.symbols) !== null).toBe(flagged);
  });
});

describe('zalgo', () => {
  const zalgo = 'h̸̡̢̧̛̛̖̗̘̙̜̝̞̟̠e̷̢̧̨̛̖̗̘̙̜̝̞̟̠l̵̢̡̛̖̗̘̙̜̝̞̟̠l̸̡̢̛̖̗̘̙̜̝̞̟̠o̶̢̡̧̖̗̘̙̜̝̞̟̠';
  it.each([
    [zalgo, true],
    ['café crème brûlée naïve', false],
    ['Tiếng Việt có dấu: người đẹp quá', false], // stacked Vietnamese diacritics stay ≤ 2
    ['普通的中文聊天', false],
  ])('%s → %s', (text, flagged) => {
    expect(detectZalgo(textStats(text.normalize('NFD')), cfg.zalgo) !== null).toBe(flagged);
  });
});

describe('emote floods', () => {
  it('counts Twitch emote ranges in code points, not UTF-16 units', () => {
    const text = '😀 Kappa Kappa Kappa Kappa Kappa Kappa Kappa Kappa';
    // '😀' is one code point (two UTF-16 units): the first Kappa starts at code point 2
    const emotes = Array.from({ length: 8 }, (_, i) => ({ id: '25', start: 2 + i * 6, end: 6 + i * 6 }));
    const f = detectEmotes(chat(text, { emotes }), textStats(text), cfg.emotes);
    expect(f?.filter).toBe('spam.emotes');
    expect(text.slice(...f!.span!)).toBe('Kappa');
  });
  it.each([
    ['PogChamp PogChamp PogChamp LUL LUL LUL KEKW KEKW KEKW', true],
    ['calebFlexL CORE RAID calebFlexR calebFlexL CORE RAID calebFlexR calebFlexL calebFlexR calebFlexL calebFlexR', true],
    ['🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥', true],
    ['Kreygasm that was a great run', false],
    ['太好看了👍👍', false],
  ])('%s → %s', (text, flagged) => {
    expect(detectEmotes(chat(text), textStats(text), cfg.emotes) !== null).toBe(flagged);
  });
});

describe('repeats and length', () => {
  it.each([
    ['!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!', true],
    ['哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈', true],
    ['buy buy buy buy buy buy buy buy buy buy', true],
    ['@user @user @user @user @user @user @user @user @user what do you think', false], // mentions are not repeats
    ['哈哈哈哈笑死我了', false],
    ['sooo good', false],
    ['I think the red one and the blue one and the green one are all good', false],
  ])('%s → %s', (text, flagged) => {
    expect(detectRepeat(text, textStats(text), cfg.repeat) !== null).toBe(flagged);
  });
  it('flags over-long messages by code points', () => {
    expect(detectLength(textStats('a'.repeat(401)), cfg.length)?.severity).toBe('low');
    expect(detectLength(textStats('好'.repeat(1001)), cfg.length)?.severity).toBe('medium');
    expect(detectLength(textStats('好'.repeat(400)), cfg.length)).toBeNull();
  });
});

describe('self-promotion', () => {
  it.each([
    ['follow my channel for daily streams', 'medium'],
    ['FREE FOLLOWERS at bigfollows', 'medium'],
    ['sub4sub anyone? check out my channel', 'high'],
    ['加微信领取优惠券', 'medium'],
    ['想要的私聊，代刷粉丝', 'high'],
    ['加V：abc123 低价出', 'high'],
    ['加薇 x y 6 6 8 8', 'medium'], // the homophone dodge
    ['有货 +vx 问我', 'medium'],
    ['加微辣可以吗', null], // ordering food, not a contact
    ['subscribe to', 'low'],
    ['I love this song', null],
    ['my subscription renewed, thanks', null],
    ['微信支付可以吗？', null], // paying by WeChat is not promotion
  ])('%s → %s', (text, severity) => {
    expect(detectPromo(text, promo)?.severity ?? null).toBe(severity);
  });
  it('adds configured phrases as strong ones', () => {
    const custom = compilePromo(['visit shopmart']);
    expect(detectPromo('please Visit   ShopMart today', custom)).toMatchObject({ filter: 'spam.promo', severity: 'medium', span: [7, 23] });
  });
});

describe('detectSpam', () => {
  it('keeps ordinary bilingual chat clean', () => {
    for (const t of ['hello everyone!', '这个多少钱？…', '主播好！今天有什么新品吗', 'gg wp', 'is the XL size in stock?', 'LUL']) expect(names(t)).toEqual([]);
  });
  it('reports several findings on one spammy line', () => {
    expect(names('FREE FOLLOWERS!!!!!!!!!!!!!!!!!!!!! CHECK OUT MY CHANNEL NOW')).toEqual(expect.arrayContaining(['spam.caps', 'spam.repeat', 'spam.promo']));
  });
});

describe('normalizeForCompare', () => {
  it.each([
    ['Hello,   WORLD!!!', 'heloworld'],
    ['LULLLL', 'lul'],
    ['你好 你好！', '你好你好'], ['好好好！！', '好'],
  ])('%s → %s', (a, b) => expect(normalizeForCompare(a)).toBe(b));
});

describe('the promotion prefilter', () => {
  // Lines chosen to sit at the prefilter's edges: case, white space inside a phrase, word starts,
  // Chinese phrases anywhere, a phrase after '_' and after punctuation, custom phrases.
  const lines = [
    'FOLLOW MY CHANNEL', 'Follow\tmy\u00a0channel pls', 'unfollow my channel', 'x_check out my stuff', 'ok,check out my stuff', '(sub4sub)',
    'sub 4 sub', 'sub\u30004 sub', '快来加我微信吧', '加V看看', 'V信：abc', '主播V信多少', '➕v私聊', '+VX 123', 'my channel', 'mychannel',
    'thumbs up', 'the thumbs up', 'hello there', 'what a deal', '这个多少钱', '', 'a', 'dm me', 'DM\nme', 'giveaway!!!', 'xgiveaway',
    'check it out: www.example.com', 'free robux', 'freerobux', 'pls subscribe', 'Please Like', 'link in bio', '低价出售', '代购吗',
  ];
  it.each([[[] as string[]], [['Buy Cheap Gold', '刷钻', 'ab', 'q_q']], [['abcÉd', 'xy  zw', 'ab\tcd', 'ok é']]])('finds exactly what the regex alone finds (extra phrases %j)', (extra) => {
    const withPre = compilePromo(extra);
    expect(withPre.prefixes).not.toBeNull();
    const without = { ...withPre, prefixes: null };
    // a phrase's key stops before a cased non-ASCII letter (the regex matches É for é); spaces of a phrase are runs of white space
    const extraLines = ['buy cheap gold now', 'BUY  CHEAP GOLD', '我要刷钻', 'abc', 'xab', 'ab', 'q_q', 'aq_q', 'ABCÉD!', 'abcéd', 'xy \t zw', 'xy zw', 'ab\tcd', 'ab\t\tcd', 'OK É', 'ok\u3000é', 'free\n robux', 'my   channel', 'sub 4  sub'];
    for (const t of [...lines, ...extraLines]) expect(detectPromo(t, withPre)).toEqual(detectPromo(t, without));
  });
  it('skips most lines without running the regex, and turns itself off for phrases it cannot read', () => {
    const p = compilePromo([]);
    expect(['hello there', 'what a deal', '这个多少钱', 'i love the music'].some((t) => mayPromo(t, p.prefixes!))).toBe(false);
    expect(mayPromo('FOLLOW MY CHANNEL', p.prefixes!)).toBe(true);
    expect(compilePromo(['Éclair gratuit']).prefixes).toBeNull(); // a cased non-ASCII start: the regex runs on every line
    expect(compilePromo([' x']).prefixes).toBeNull();
  });
});

describe('emote counting in place', () => {
  /** The count as it was written first: split at spaces, lower-case each token, one regex per token. */
  function reference(text: string, s: ReturnType<typeof textStats>, ranges: number): number {
    let tokens = s.emoji;
    if (text.length >= 8 && (s.upper > 0 || text.includes(':'))) {
      for (const w of text.split(' ')) {
        if (w.length < 2) continue;
        if (EMOTE_WORDS.has(w.toLowerCase()) || /^[a-z]{3,10}[A-Z][A-Za-z0-9]{1,20}$/.test(w) || (w.length > 2 && w[0] === ':' && w[w.length - 1] === ':')) tokens++;
      }
    }
    return Math.max(ranges, tokens);
  }
  it.each([
    'Kappa Kappa KAPPA kappa', 'LUL LULW  lulw ', 'calebFlexL lirikHug abcdefghijkLx abCd', 'abcDEFGHIJKLMNOPQRSTUVW abcD0123456789012345678901',
    ':smile: :: :a: :x', 'D: d: D:D', 'KEKW 😂😂 OMEGALUL', 'ＫＡＰＰＡ kappa Kappa', '\u212aEKW Kappa ok', 'İt is Kappa', 'PogChamp\tKappa',
    'xD XD xd Xd <3 :) :-)', '主播 Kappa 好看', 'hello there', 'abcX1 abcXY1 aXb', 'ZZZZZZZZ', '  Kappa  ',
  ])('%s', (text) => {
    const s = textStats(text);
    expect(countEmotes(chat(text), s)).toBe(reference(text, s, 0));
  });
});

describe('emote words compared in place', () => {
  it('isEmoteWord answers EMOTE_WORDS.has(token.toLowerCase()) on 20,000 seeded tokens', () => {
    const rand = seededRandom(20261204);
    const words = [...EMOTE_WORDS];
    // look-alikes: the Kelvin sign lower-cases to k, İ to i + U+0307, Σ to σ; Han, emoji, full-width letters
    const odd = ['\u212a', '\u0130', 'Σ', '好', '😀', 'Ｋ', 'é', 'ß'];
    let hits = 0;
    for (let n = 0; n < 20_000; n++) {
      let w = words[Math.floor(rand() * words.length)]!;
      let t = '';
      for (const ch of w) t += rand() < 0.4 ? ch.toUpperCase() : ch;
      const r = rand();
      if (r < 0.15) t = t.replace(/k/gi, '\u212a');
      else if (r < 0.3) t = t.replace(/i/i, '\u0130');
      else if (r < 0.45) {
        const at = Math.floor(rand() * (t.length + 1));
        t = t.slice(0, at) + odd[Math.floor(rand() * odd.length)]! + t.slice(at);
      } else if (r < 0.55) t = t.slice(0, Math.max(1, t.length - 1));
      else if (r < 0.6) t = t.repeat(8);
      w = 'x ' + t + ' y';
      const want = EMOTE_WORDS.has(t.toLowerCase());
      if (want) hits++;
      expect(isEmoteWord(w, 2, 2 + t.length), JSON.stringify(t)).toBe(want);
    }
    expect(hits).toBeGreaterThan(5000);
    expect(isEmoteWord('\u212aappa', 0, 5)).toBe(true);
    expect(isEmoteWord('\u0130cant', 0, 5)).toBe(false);
  });
});

describe('repeated words counted in place first', () => {
  // the word count as detectRepeat has always done it: split at white space, a Map of counts
  const reference = (text: string, o: { wordRepeats: number; minWords: number }): string | null => {
    const words = text.toLowerCase().split(/\s+/);
    if (words.length < o.minWords) return null;
    const counts = new Map<string, number>();
    let top = '';
    let topN = 0;
    for (const w of words) {
      if (!w || w[0] === '@') continue;
      const n = (counts.get(w) ?? 0) + 1;
      counts.set(w, n);
      if (n > topN) {
        topN = n;
        top = w;
      }
    }
    return topN <= o.wordRepeats || topN / words.length < 0.4 ? null : `"${top.slice(0, 30)}" repeated ${topN} times`;
  };
  it('finds what the split and count find on 3,000 seeded lines', () => {
    const rand = seededRandom(20261130);
    const words = ['lol', 'LOL', 'Lol', '@user', '@USER', 'buy', 'now', '哈哈', 'x', 'İ'];
    const gaps = [' ', ' ', '  ', '\t', '\n', '\u3000', '\u00a0', '\u2028'];
    for (const o of [{ charRun: 40, wordRepeats: 6, minWords: 8 }, { charRun: 40, wordRepeats: 2, minWords: 3 }]) {
      let found = 0;
      for (let k = 0; k < 3000; k++) {
        let text = rand() < 0.3 ? ' ' : '';
        const n = 4 + Math.floor(rand() * 20);
        for (let i = 0; i < n; i++) text += words[Math.floor(rand() * (rand() < 0.5 ? 3 : words.length))]! + gaps[Math.floor(rand() * gaps.length)]!;
        if (rand() < 0.5) text = text.trim();
        const f = detectRepeat(text, textStats(text), o);
        const want = textStats(text).visible < o.minWords * 2 || text.split(' ').length < o.minWords ? null : reference(text, o);
        expect(f?.detail ?? null, JSON.stringify(text)).toBe(want);
        if (f) found++;
      }
      expect(found).toBeGreaterThan(100);
    }
  });
});
