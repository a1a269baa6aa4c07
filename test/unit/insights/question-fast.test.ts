/**
 * The Chinese question rules skip regexes a line cannot meet (insights/question.ts): these tests
 * check on seeded random lines that the shortcuts answer exactly what the full regexes answer.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../filters/random.js';
import { isChineseQuestion, isEnglishQuestion, isQuestion, reduplicated, squeeze } from '../../../insights/question.js';

const ALPHABET = ['好', '看', '不', '错', '没', '有', '是', '多', '少', '怎', '么', '呢', '还', '求', '想', '要', '也', '什', '〇', '々', '，', '。', '！', '~', '～', ' ', '　', 'a', 'K', '😀', '?'];

function randomLine(rand: () => number, max: number): string {
  let s = '';
  const n = 1 + Math.floor(rand() * max);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rand() * ALPHABET.length)]!;
  return s;
}

/** The rule as it was written before the shortcut. */
const REDUP_REFERENCE = (s: string): boolean => /^(\p{Script=Han}{1,3})\1+$/u.test(s.replace(/[\s，,。.！!~～]+/g, ''));

/** isChineseQuestion as written without any shortcut: every regex run on every line. */
const ZH_WORDS = /多少|怎么|怎样|怎麼|什么|什麼|啥|几[号天点时个件码岁斤钱块]|哪|谁|为什么|为啥|咋|如何|(?<![不没])(?:能不能|有没有|是不是|可不可以|会不会|要不要|行不行|好不好|对不对)|是否|请问|多久|多大|多高|多重|多长|几时|干嘛|想问|想知道/;
const ZH_NOT = /没什么|什么都|啥都|不怎么|哪怕|哪儿都|谁都|多少有点|多少也|怎么都|(?:不知道|不明白|不理解|不懂|也不知)(?:为什么|为啥|怎么回事|是什么)/g;
const ZH_FINAL = /(?:[吗嗎]|(?<![这那多要什怎])[么麼])[啊呀哈~～。！!\s]*$/;
const ZH_NE = /(?:^|[^\p{Script=Han}])(?:\p{Script=Han}{1,4}|\p{Script=Han}{1,7}的)呢[啊呀~～。！!\s]*$/u;
const ZH_NE_NOT = /[很真太挺蛮超好]\p{Script=Han}{0,2}呢|[在着了]\p{Script=Han}{0,3}呢/u;
const ZH_FINAL_NOT = /\p{Script=Han}{2,}(?<![都也])(?:不|没|没有)[啊呀~～。！!\s]*$/u;
const ZH_ANOTA = /(?<![不没])(\p{Script=Han})[不没]\1/u;
const ZH_ALT = /(?:^|[^\p{Script=Han}])(\p{Script=Han}{1,4})还是(\p{Script=Han}{1,4})[啊呀呢~～。!\s]*$/u;
const ZH_REQUEST = /(?:^|[^\p{Script=Han}]|[播宝姐哥家])求(?![求你您饶生])\p{Script=Han}|(?<!好|真|太)想要(?!想要)[^，,。！!]{0,5}?(?:链接|码|号|色|款|尺|优惠|券|试|看|件)|(?:^|[^\p{Script=Han}])(?:麻烦|请)(?:主播|宝宝)?(?:看|试|说|讲|介绍|发|上|补|给|拿|展示|转|帮)/u;
function zhQuestionReference(text: string): boolean {
  if (/[？?吗嗎]/.test(text)) return true;
  const stripped = text.replace(/[\s\p{Extended_Pictographic}]+$/u, '').replace(/[哈]+$/u, '');
  if (ZH_FINAL.test(stripped)) return true;
  if (stripped.length <= 16 && REDUP_REFERENCE(stripped)) return false;
  if (ZH_FINAL_NOT.test(stripped)) return true;
  if (ZH_NE.test(stripped) && !ZH_NE_NOT.test(stripped)) return true;
  if (ZH_WORDS.test(text.replace(ZH_NOT, ''))) return true;
  if (ZH_ANOTA.test(text)) return true;
  const m = ZH_ALT.exec(stripped);
  if (m) {
    const a = m[1] ?? '';
    const b = m[2] ?? '';
    if (b === '不' + a || b === '没' + a) return true;
    if (Math.abs(a.length - b.length) <= 1 && a !== b && (a[0] === b[0] || a[a.length - 1] === b[b.length - 1])) return true;
  }
  return ZH_REQUEST.test(text);
}
/** Characters of every Chinese rule, with near misses, emoji, laughter, spaces, ASCII letters and punctuation. */
const ZH_ALPHABET = [...new Set([...(ZH_WORDS.source + ZH_NOT.source + '么麼呢的很在了还是求想要麻烦请链接码色哈啊呀好看不错没有也都这那我'), '〇', '々', '，', '。', '！', '!', '~', '～', ' ', '　', 'a', 'K', 'm', '1', '.', '😀', '🔥', '❤'].filter((c) => !/[|()?<![\]:\\{}^$*+]/.test(c))), '？', '?', '吗', '嗎'];

describe('question shortcuts agree with the full rules', () => {
  it('reduplicated() answers what the ZH_REDUP regex answers', () => {
    const rand = seededRandom(20261130);
    let matches = 0;
    for (let k = 0; k < 20_000; k++) {
      // periodic lines are rare at random: build some from a repeated piece
      const piece = randomLine(rand, 3);
      const s = k % 2 === 0 ? piece.repeat(1 + Math.floor(rand() * 5)) : randomLine(rand, 16);
      const want = REDUP_REFERENCE(s);
      if (want) matches++;
      expect(reduplicated(s), JSON.stringify(s)).toBe(want);
    }
    expect(matches).toBeGreaterThan(1000);
  });

  it('isChineseQuestion() answers what its rules without shortcuts answer', () => {
    const rand = seededRandom(20261201);
    let questions = 0;
    for (let k = 0; k < 30_000; k++) {
      let s = '';
      const n = 1 + Math.floor(rand() * 10);
      for (let i = 0; i < n; i++) s += ZH_ALPHABET[Math.floor(rand() * ZH_ALPHABET.length)]!;
      // lines that end on an emote name or emoji (好看 Kreygasm, 好看😀) and reduplicated ones
      if (k % 4 === 1) s += ' Kreygasm';
      if (k % 4 === 2) s = s.slice(0, 2).repeat(2) + (rand() < 0.5 ? ' LUL' : '😀');
      const want = zhQuestionReference(s);
      if (want) questions++;
      expect(isChineseQuestion(s), JSON.stringify(s)).toBe(want);
    }
    expect(questions).toBeGreaterThan(5000);
    expect(questions).toBeLessThan(25_000);
  });

  it("squeeze() answers what w.replace(/(.)\\1+/g, '$1') answers", () => {
    const rand = seededRandom(20261202);
    const letters = "aabeoostu1'";
    let changed = 0;
    for (let k = 0; k < 20_000; k++) {
      let w = '';
      const n = 1 + Math.floor(rand() * 9);
      for (let i = 0; i < n; i++) w += letters[Math.floor(rand() * letters.length)]!;
      const want = w.replace(/(.)\1+/g, '$1');
      if (want !== w) changed++;
      expect(squeeze(w), w).toBe(want);
    }
    expect(changed).toBeGreaterThan(5000);
    expect(squeeze('')).toBe('');
    // doubled letters collapse to a question word only when that is one ("hoow much", not "good")
    expect(isEnglishQuestion('hoow much is it')).toBe(true);
    expect(isEnglishQuestion('doo u have m')).toBe(true);
    expect(isEnglishQuestion('good evening chat')).toBe(false);
  });

  it('praise repeated with punctuation is reduplication; a question word is not', () => {
    expect(reduplicated('好看，好看！')).toBe(true);
    expect(reduplicated('好看好')).toBe(false);
    expect(isChineseQuestion('好看，好看！')).toBe(false);
    expect(isChineseQuestion('多少钱')).toBe(true);
    expect(isChineseQuestion('没什么')).toBe(false);
    expect(isChineseQuestion('能不能便宜')).toBe(true);
    expect(isChineseQuestion('不错不错')).toBe(false);
  });
  it('the clause reader finds words in place: typos, doubled letters, openers, breaks and last words as the word sets say', () => {
    // each answer as it was when the rules looked words up in Sets of copied words (before the in-place table)
    const asks = ['hw much', 'wich size', 'wheen is it', 'whhat colour', 'doo u have m', 'dontt u have it', 'lol so ok is shipping free', 'is shipping free', 'wtf happened', 'wtf is this', 'hows it', "how's it going", 'u there', 'u ok', 'wanna go', 'any1 here', 'restock when', 'restock wen', 'the pink one restock when', 'nice - is it blue', 'nice. is it blue', 'great stream, do u ship', 'where', 'is it', 'so well when', 'and hello also where'];
    const states = ['lol so ok', 'is really good', "is isn't good", 'wtf lol', 'how cute', 'what a deal', 'what an idea', 'you cute', 'idk restock when', 'i forgot restock when', 'nice-is it blue', 'anyone', 'is', 'one two three four five when'];
    for (const s of asks) expect(isEnglishQuestion(s), s).toBe(true);
    for (const s of states) expect(isEnglishQuestion(s), s).toBe(false);
  });
  it('phrases mid-line ask, and a Chinese line runs the English rules only with two Latin letters in a row', () => {
    for (const s of ['i wonder', 'lol i wonder', 'idk or not', 'anyway to fix', 'nice anyone know', 'cool do you guys ship']) expect(isEnglishQuestion(s), s).toBe(true);
    expect(isEnglishQuestion('wonder')).toBe(false);
    for (const s of ['好看 how much', '好看 HOW MUCH', '冲 is it']) expect(isQuestion(s, 'zh'), s).toBe(true);
    for (const s of ['好看 a b', '好看 K', '好看 Ab']) expect(isQuestion(s, 'zh'), s).toBe(false);
  });
  it('a question mark after reactions or praise only is no question; a word that is neither makes it one', () => {
    // answers as they were when the words came from replace / trim / split (before the in-place reading)
    const mere = ['cute??', 'omg ?? lol', 'haha??', 'hahah?', 'hehe?', 'wooow??', 'lool?', 'i love the music?', '??', '？', 'cute？', 'CUTE!!??', 'so cute :)?', 'nice 2?', 'love this stream??', 'omg i need that??'];
    const asks = ['cute??? price', "it's cute?", 'nice\u3000price?', 'price??', 'size?', 'wow-wow?', 'yes?no', 'gg wp?'];
    for (const s of mere) expect(isEnglishQuestion(s), s).toBe(false);
    for (const s of asks) expect(isEnglishQuestion(s), s).toBe(true);
  });
  it('a short request with pls counts its words in place; ZH_NOT removes only where it matches', () => {
    for (const s of ['coupon pls', 'please restock the pink', 'show the back please', 'one two three four five six seven pls', '2 pls', '😀 pls', 'size m plz!!']) expect(isEnglishQuestion(s), s).toBe(true);
    for (const s of ['hello from texas pls', 'one two three four five six seven eight pls', 'cute pls', 'wow nice pls', 'thank you pls', 'pls']) expect(isEnglishQuestion(s), s).toBe(false);
    for (const s of ['这个多少钱', '谁都可以吗', '多少钱！']) expect(isChineseQuestion(s), s).toBe(true);
    for (const s of ['没什么好说的', '不知道为什么这么贵', '没什么', '什么都好', '好看哈哈哈', '好看！']) expect(isChineseQuestion(s), s).toBe(false);
  });
});
