/**
 * Is a chat line a question? English and Chinese, question mark or not.
 * English: a `?`, or a clause starting with a wh-word (not "what a ..."/"how cool"), an inverted
 * auxiliary followed by a subject ("is it", "do you", "can i", "r u"), "anyone/anybody ...", or
 * phrases such as "i wonder". Chinese: `？`, a final particle 吗/嘛/么/呢, question words
 * 多少 怎么 什么 啥 几 哪 谁 为什么 咋 如何, A-not-A forms (能不能, 有没有, 包不包邮), 请问.
 * Ignores emotes, @mentions and trailing laughter ("lol", "哈哈").
 *
 * Example: isQuestion('how much is shipping') === true; isQuestion('包邮吗') === true;
 * isQuestion('what a deal') === false; isQuestion('没什么') === false.
 */
import { isHanUnit } from './lang.js';

const WH = new Set(['what', 'whats', "what's", 'wat', 'wut', 'wot', 'where', 'wheres', "where's", 'when', 'whens', 'why', 'whys', 'who', 'whos', "who's", 'whom', 'whose', 'which', 'how', 'hows', "how's", 'howd', 'wtf']);
const AUX = new Set([
  'is', 'are', 'am', 'was', 'were', 'do', 'does', 'did', 'can', 'could', 'will', 'would', 'should', 'shall', 'may', 'might', 'must', 'have', 'has', 'had',
  'isnt', "isn't", 'arent', "aren't", 'dont', "don't", 'doesnt', "doesn't", 'didnt', "didn't", 'cant', "can't", 'wont', "won't", 'wouldnt', "wouldn't",
  'couldnt', "couldn't", 'shouldnt', "shouldn't", 'havent', "haven't", 'hasnt', "hasn't", 'r', 'wanna', 'u', 'ya', 'you',
]);
const SUBJECT = new Set([
  'i', 'you', 'u', 'ya', 'we', 'they', 'he', 'she', 'it', 'this', 'that', 'there', 'these', 'those', 'the', 'a', 'an', 'my', 'your', 'ur', 'yall', "y'all",
  'anyone', 'anybody', 'someone', 'somebody', 'everyone', 'any', 'any1', 'his', 'her', 'their', 'our', 'its', 'u2', 'ppl', 'people', 'me', 'them',
]);
/** After "how": words that make it a question rather than an exclamation ("how cute"). */
const HOW_NEXT = new Set([
  'much', 'many', 'long', 'far', 'old', 'often', 'soon', 'big', 'about', 'come', 'to', 'do', 'does', 'did', 'is', 'are', 'was', 'were', 'can', 'could', 'will',
  'would', 'should', 'r', 'u', 'you', 'i', 'we', 'they', 'it', 'much', 'tall', 'heavy', 'large', 'small', 'fast', 'late', 'early', 'expensive',
]);
/** Chat drops the auxiliary: "u there", "u got any pics", "you ok", "u from ohio". */
const YOU_ASK = new Set(['there', 'know', 'guys', 'got', 'from', 'ok', 'okay', 'alright', 'single', 'still', 'sure', 'serious', 'going', 'gonna', 'want', 'wanna', 'mean', 'busy', 'new', 'here', 'awake', 'back']);
const ASK_WORDS = new Set(['any', 'anyone', 'anybody', 'any1', 'ne1', 'somebody', 'someone']);
const OPENERS = new Set(['lol', 'lmao', 'so', 'and', 'but', 'ok', 'okay', 'hey', 'hi', 'yo', 'guys', 'um', 'uh', 'well', 'also', 'btw', 'then', 'oh', 'hmm', 'hm', 'sorry', 'wait', 'hello', 'sis', 'bro']);

/** JS `\s` (the clause splitter's " - " needs whitespace on both sides). */
function isWs(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
const isWordUnit = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39;
/** Clause break: one of . ! ; , : newline, or a '-' with whitespace on both sides. */
function isClauseBreak(s: string, i: number, c: number): boolean {
  if (c === 46 || c === 33 || c === 59 || c === 44 || c === 58 || c === 10) return true;
  return c === 45 && i > 0 && i + 1 < s.length && isWs(s.charCodeAt(i - 1)) && isWs(s.charCodeAt(i + 1));
}

// Word cursor over the lower-cased text (module state: no closure or array per message).
let src = '';
let pos = 0;
let clauseEnd = 0;
/** Next word ([a-z0-9']+) before clauseEnd, or undefined. */
function nextWord(): string | undefined {
  while (pos < clauseEnd && !isWordUnit(src.charCodeAt(pos))) pos++;
  if (pos >= clauseEnd) return undefined;
  const start = pos;
  while (pos < clauseEnd && isWordUnit(src.charCodeAt(pos))) pos++;
  return src.slice(start, pos);
}

/** Does the clause in src[pos, clauseEnd) ask? Reads only its first words (openers skipped). */
function clauseAsks(): boolean {
  let a = nextWord();
  if (a === undefined) return false;
  let b = nextWord();
  while (b !== undefined && OPENERS.has(a)) {
    a = b;
    b = nextWord();
  }
  if (WH.has(a)) {
    if (a === 'what' && (b === 'a' || b === 'an')) return false;
    if (a === 'how' || a === 'hows' || a === "how's") return b === undefined || HOW_NEXT.has(b) || a !== 'how';
    if (a === 'wtf') return b !== undefined && (AUX.has(b) || b === 'happened');
    return true;
  }
  if (AUX.has(a) && b !== undefined) {
    if (a === 'u' || a === 'you' || a === 'ya') return YOU_ASK.has(b);
    if (a === 'wanna') return true;
    return SUBJECT.has(b);
  }
  if (ASK_WORDS.has(a) && b !== undefined) return true;
  return false;
}

const EN_PHRASES = /\b(i wonder|any ?(?:one|body) know|do you know|can (?:you|u|i|we)|could (?:you|u)|is there|are there|do (?:you|u) (?:guys )?(?:have|ship|sell|know)|does (?:it|this|that)|or not$|right\?|you know\?)\b/;

export function isEnglishQuestion(text: string): boolean {
  if (text.includes('?')) return true;
  const lower = text.toLowerCase();
  src = lower;
  const n = lower.length;
  let start = 0;
  let asks = false;
  for (let i = 0; i <= n && !asks; i++) {
    if (i === n || isClauseBreak(lower, i, lower.charCodeAt(i))) {
      if (i > start) {
        pos = start;
        clauseEnd = i;
        asks = clauseAsks();
      }
      start = i + 1;
    }
  }
  src = '';
  return asks || EN_PHRASES.test(lower);
}

/** Chinese question words (any position) and exclusions that look like them but are statements. */
const ZH_WORDS = /多少|怎么|怎样|怎麼|什么|什麼|啥|几[号天点时个件码岁斤钱块]|哪|谁|为什么|为啥|咋|如何|能不能|有没有|是不是|可不可以|会不会|要不要|行不行|好不好|对不对|是否|请问|多久|多大|多高|多重|多长|多重|几时/;
const ZH_NOT = /没什么|什么都|啥都|不怎么|哪怕|哪儿都|谁都|多少有点|多少也|怎么都/g;
/** Final particles; trailing laughter, tildes, emoji and punctuation are skipped first. */
const ZH_FINAL = /[吗嘛么呢麼嗎][啊呀哈~～。！!\s]*$/;
/** A final 不/没/没有 after a clause asks yes-or-no (好看不, 有优惠没). */
const ZH_FINAL_NOT = /\p{Script=Han}{2,}(?<![都也])(?:不|没|没有)[啊呀~～。！!\s]*$/u;
/** A-not-A: the same character on both sides of 不 or 没 (包不包邮, 发不发货, 有没有). */
const ZH_ANOTA = /(\p{Script=Han})[不没]\1/u;

export function isChineseQuestion(text: string): boolean {
  if (text.includes('？') || text.includes('?') || text.includes('吗') || text.includes('嗎')) return true;
  // trailing spaces, emoji and laughter skipped; a line ending on any other Han character has none
  const last = text.charCodeAt(text.length - 1);
  const stripped = isHanUnit(last) && last !== 0x54c8 /* 哈 */ ? text : text.replace(/[\s\p{Extended_Pictographic}]+$/u, '').replace(/[哈]+$/u, '');
  if (ZH_FINAL.test(stripped)) return true;
  if (ZH_FINAL_NOT.test(stripped)) return true;
  const cleaned = text.replace(ZH_NOT, '');
  if (ZH_WORDS.test(cleaned)) return true;
  return ZH_ANOTA.test(text);
}

/** Both languages: Chinese rules when the line has Han characters, English rules otherwise (and for mixed lines). */
export function isQuestion(text: string, lang: 'en' | 'zh' | 'other'): boolean {
  if (lang === 'zh') return isChineseQuestion(text) || (/[a-z]{2}/i.test(text) && isEnglishQuestion(text));
  if (lang === 'en') return isEnglishQuestion(text);
  return text.includes('?') || text.includes('？');
}
