/**
 * Character folding for the abuse detectors: one table lookup per UTF-16 unit, no allocation.
 *
 * `foldCode(c)` maps a code unit to the canonical lower-case form the matchers compare:
 * - ASCII upper case → lower case; full-width ASCII (Ｆｕｃｋ) → ASCII;
 * - Latin letters with accents (é, ü, ñ) → the base letter;
 * - Cyrillic and Greek look-alikes (а, е, о, р, с, х, ν, ο, α...) → the Latin letter they imitate;
 * - zero-width characters and soft hyphens → IGNORE (dropped, as if absent);
 * - traditional Chinese characters used by the lexicon → simplified (罵 → 骂).
 * Leetspeak (4/@→a, 3→e, 1/!→i, 0→o, $/5→s, 7/+→t) is context dependent, so it is a separate
 * table (`leetCode`) that the word tokenizer applies only inside words.
 *
 * Ignores: everything outside the tables maps to itself (emoji, other scripts).
 * Example (test/unit/filters/normalize.test.ts): foldString('ＦＵсК') === 'fuck'.
 */

import { isHanUnit } from '../config/script.js';

/** Marker returned by foldCode for characters to drop (zero-width joiners, soft hyphen...). */
export const IGNORE = -1;

const TABLE_SIZE = 0x10000;
const fold = new Int32Array(TABLE_SIZE);
const leet = new Int32Array(128);

function set(from: string, to: string): void {
  const t = to.charCodeAt(0);
  for (const ch of from) fold[ch.charCodeAt(0)] = t;
}

(function build(): void {
  for (let c = 0; c < TABLE_SIZE; c++) fold[c] = c;
  for (let c = 0x41; c <= 0x5a; c++) fold[c] = c + 32;
  // Full-width ASCII block FF01..FF5E → 0021..007E, then lower-cased.
  for (let c = 0xff01; c <= 0xff5e; c++) {
    const a = c - 0xff01 + 0x21;
    fold[c] = a >= 0x41 && a <= 0x5a ? a + 32 : a;
  }
  fold[0x3000] = 0x20; // ideographic space
  // Zero-width and invisible format characters.
  for (const c of [0x00ad, 0x034f, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff]) {
    fold[c] = IGNORE;
  }
  // Latin-1 and Latin Extended-A accents.
  set('ÀÁÂÃÄÅàáâãäåĀāĂăĄą', 'a');
  set('ÇçĆćĈĉĊċČč', 'c');
  set('ÐďĎĐđ', 'd');
  set('ÈÉÊËèéêëĒēĔĕĖėĘęĚě', 'e');
  set('ĜĝĞğĠġĢģ', 'g');
  set('ĤĥĦħ', 'h');
  set('ÌÍÎÏìíîïĨĩĪīĬĭĮįİı', 'i');
  set('Ĵĵ', 'j');
  set('Ķķ', 'k');
  set('ĹĺĻļĽľĿŀŁł', 'l');
  set('ÑñŃńŅņŇň', 'n');
  set('ÒÓÔÕÖØòóôõöøŌōŎŏŐő', 'o');
  set('ŔŕŖŗŘř', 'r');
  set('ŚśŜŝŞşŠšß', 's');
  set('ŢţŤťŦŧ', 't');
  set('ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų', 'u');
  set('Ŵŵ', 'w');
  set('ÝýÿŶŷŸ', 'y');
  set('ŹźŻżŽž', 'z');
  // Cyrillic look-alikes (upper and lower case).
  set('АаӒӓ', 'a');
  set('Вв', 'b');
  set('СсҪҫ', 'c');
  set('ЕеЁёЄє', 'e');
  set('Нн', 'h');
  set('ІіЇї', 'i');
  set('Јј', 'j');
  set('Кк', 'k');
  set('Мм', 'm');
  set('ОоӦӧ', 'o');
  set('Рр', 'p');
  set('Ѕѕ', 's');
  set('Тт', 't');
  set('Уу', 'y');
  set('Хх', 'x');
  set('Ьь', 'b');
  set('Пп', 'n');
  // Greek look-alikes.
  set('ΑαΆά', 'a');
  set('Ββ', 'b');
  set('ΕεΈέ', 'e');
  set('Η', 'h');
  set('η', 'n');
  set('ΙιΊίΪϊ', 'i');
  set('Κκ', 'k');
  set('Μ', 'm');
  set('Νν', 'v');
  set('ΟοΌό', 'o');
  set('Ρρ', 'p');
  set('Ττ', 't');
  set('ΥυΎύ', 'u');
  set('Χχ', 'x');
  set('Ζ', 'z');
  // Traditional → simplified for the characters the Chinese lexicon uses (pairs: trad, simp).
  const pairs =
    '媽妈罵骂賤贱雞鸡幹干殺杀滾滚豬猪腦脑殘残廢废雜杂種种賣卖們们貨货噁恶變变態态屍尸嗎吗瑪玛個个東东騷骚蕩荡鴨鸭鳥鸟龜龟孫孙爺爷頭头號号這这麼么沒没臉脸鱉鳖癡痴瘋疯屆届處处婦妇剋克傷伤難难聽听說说話话嘴嘴爛烂醜丑狗狗兒儿畢毕鬥斗戲戏們们邊边讓让給给來来過过還还對对著着蟲虫獸兽禽禽屬属賊贼瞎瞎蠻蛮韃鞑鬍胡膚肤黴霉隻只窮穷陰阴莖茎鄉乡巴巴佬佬雙双腳脚閉闭認认識识們们氣气絲丝屌屌穢秽淫淫蕩荡騙骗賠赔錢钱傳传讀读書书學学師师親亲戀恋愛爱蠢蠢貪贪綠绿帽帽龍龙鐵铁饑饥餓饿';
  for (let i = 0; i + 1 < pairs.length; i += 2) fold[pairs.charCodeAt(i)] = pairs.charCodeAt(i + 1);
  // Leetspeak, applied only inside words by the tokenizer.
  const l: Array<[string, string]> = [
    ['4', 'a'],
    ['@', 'a'],
    ['3', 'e'],
    ['1', 'i'],
    ['!', 'i'],
    ['|', 'i'],
    ['0', 'o'],
    ['$', 's'],
    ['5', 's'],
    ['7', 't'],
    ['+', 't'],
  ];
  for (const [from, to] of l) leet[from.charCodeAt(0)] = to.charCodeAt(0);
})();

/**
 * The tables themselves, for hot loops: importers copy them into a module-level const once, since
 * a call through an ESM import binding can cost a getter per call under some loaders.
 */
export const FOLD_TABLE: Readonly<Int32Array> = fold;
export const LEET_TABLE: Readonly<Int32Array> = leet;

/** The canonical form of one UTF-16 code unit, or IGNORE. */
export function foldCode(c: number): number {
  return fold[c] ?? c;
}

/** The letter a leetspeak character stands for inside a word ('4' → 'a'), or 0. */
export function leetCode(c: number): number {
  return c < 128 ? (leet[c] ?? 0) : 0;
}

/** True for a-z (after folding). */
export function isLatinLetter(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

/** True for Han characters (filters/script.ts). */
export const isHan = isHanUnit;

/** Folds a whole string (drops IGNORE characters). For tests, config terms and training text. */
export function foldString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const f = foldCode(s.charCodeAt(i));
    if (f !== IGNORE) out += String.fromCharCode(f);
  }
  return out;
}

/** Folds a term from a word list or the console: fold, apply leetspeak, keep letters and Han only. */
export function foldTerm(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    let f = foldCode(s.charCodeAt(i));
    if (f === IGNORE) continue;
    if (!isLatinLetter(f) && !isHan(f)) {
      const l = leetCode(f);
      if (l === 0) continue;
      f = l;
    }
    out += String.fromCharCode(f);
  }
  return out;
}
