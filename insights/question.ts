/**
 * Is a chat line a question? English and Chinese, question mark or not.
 * English: a `?`, or a clause starting with a wh-word (not "what a ..."/"how cool"), an inverted
 * auxiliary followed by a subject ("is it", "do you", "can i", "r u"), "anyone/anybody ...", or
 * phrases such as "i wonder". Chinese: `？`, a final particle 吗/么 or a short 呢 clause, question words
 * 多少 怎么 什么 啥 几 哪 谁 为什么 咋 如何, A-not-A forms (能不能, 有没有, 包不包邮), 请问,
 * alternatives (偏大还是偏小). Ignores emotes, @mentions and trailing laughter ("lol", "哈哈").
 *
 * Live-selling speech (issue 14):
 * - requests that ask the shop for something count: "求(上)链接", "想要M码" (想要 + a size, colour,
 *   style or the link), 麻烦/请 + an action, "coupon pls", "show the back please", "tell me how …",
 *   "looking for …", "help me", "is there a way to …", and needs with an action or information
 *   object: "i need to reorder my card", "i'd like to know …", "we need a refund";
 * - excitement and praise do not: "i need this so bad lol", "想要想要", "omg i need that??",
 *   "cute??", "love this stream??" (a question mark after a mere reaction or praise statement);
 * - reduplicated praise and agreement are not A-not-A: 不错不错 (错不错 follows 不), 不是不是,
 *   不要不要, 好好好, 对对对, 可以可以; sentence-final 嘛 is assertive (很不错嘛); 吧 alone is never a
 *   question marker (走吧, 好吧, 应该是吧: suggestions and guesses), nor is 呢 after a long clause
 *   (感动到流泪呢), only after a short one or a "…的" (链接呢, 黑色的呢, 你呢).
 *
 * Example: isQuestion('how much is shipping') === true; isQuestion('包邮吗') === true;
 * isQuestion('what a deal') === false; isQuestion('没什么') === false.
 */
import type { Prepared } from '../filters/prepare.js';
import { isHanUnit } from '../config/script.js';

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

/** Chat spellings of question words and auxiliaries ("hw much", "wich size", "doo u have"). */
const TYPO: ReadonlyMap<string, string> = new Map([
  ['hw', 'how'], ['wich', 'which'], ['whn', 'when'], ['wen', 'when'], ['wher', 'where'], ['wht', 'what'],
]);
/**
 * `w.replace(/(.)\1+/g, '$1')` by hand: every run of one character kept once ("yesss" → "yes").
 * Exact for a word of [a-z0-9'] (no line terminator for `.` to miss); a regex replace with a `$1`
 * substitution runs in V8's slow runtime path, ~0.4 µs a word (good, pretty, zoom, dress: a
 * quarter of English lines have one among their first words). The clause reader squeezes a word
 * in place as it looks it up (findSqueezed), without the copy.
 */
export function squeeze(w: string): string {
  let c = w[0] ?? '';
  for (let i = 1; i < w.length; i++) if (w.charCodeAt(i) !== w.charCodeAt(i - 1)) c += w[i];
  return c;
}
/**
 * After an auxiliary that opens the clause, words that make it a statement with a dropped subject
 * ("is so good", "are gorgeous", "do not buy"), not a question about a thing ("is shipping free").
 */
const AUX_NOT_NEXT = new Set([
  'so', 'very', 'really', 'too', 'not', 'just', 'literally', 'actually', 'what', 'how', 'such', 'always', 'never', 'also', 'still', 'gonna', 'going',
  'amazing', 'beautiful', 'gorgeous', 'pretty', 'cute', 'nice', 'good', 'great', 'awesome', 'perfect', 'lovely', 'fire', 'lit', 'insane', 'crazy', 'cool',
  'fine', 'ok', 'okay', 'bad', 'terrible', 'sold', 'done', 'over', 'back', 'here', 'coming', 'now', 'like', 'love', 'confirm',
]);
/** Auxiliaries that ask about a thing when a noun follows ("is shipping free", "does shipping take long"). */
const AUX_THING = new Set(['is', 'are', 'does', 'do', 'will', 'can']);
/** A clause ending on these asks in chat word order ("restock when", "size chart where"). */
const WH_LAST = new Set(['when', 'where', 'which']);
const WH_LAST_NOT = new Set(['idk', 'know', 'knows', 'matter', 'remember', 'since', 'until', 'til', 'till', 'dunno', 'forgot']);
/** First letters of the WH_LAST_NOT words (1 = some word starts with it). */
const LAST_NOT_FIRST = new Uint8Array(128);
for (const w of WH_LAST_NOT) LAST_NOT_FIRST[w.charCodeAt(0)] = 1;

/** JS `\s` (the clause splitter's " - " needs whitespace on both sides). */
function isWs(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/*
 * The words of the sets above, looked up in place: a word of the line is hashed (FNV-1a) as it is
 * read, found in one small open-addressing table and compared unit by unit with the listed word, so
 * no word is copied out of the line and one lookup gives every set it belongs to (a flag a set),
 * where a Set a rule cost a string copy and up to a dozen hashed lookups a clause.
 */
const F_WH = 1;
const F_AUX = 2;
const F_SUBJECT = 4;
const F_HOW_NEXT = 8;
const F_YOU_ASK = 16;
const F_ASK = 32;
const F_OPENER = 64;
const F_AUX_NOT_NEXT = 128;
const F_AUX_THING = 256;
const F_WH_LAST = 512;
const F_LAST_NOT = 1024;
/** The word ends with "ly", "n't" or "nt" (an adverb or a negation after an auxiliary). */
const F_ENDS_LY_NT = 2048;
const endsLyNt = (w: string): boolean => w.endsWith('ly') || w.endsWith("n't") || w.endsWith('nt');

const KNOWN: readonly string[] = [
  ...new Set([...WH, ...AUX, ...SUBJECT, ...HOW_NEXT, ...YOU_ASK, ...ASK_WORDS, ...OPENERS, ...AUX_NOT_NEXT, ...AUX_THING, ...WH_LAST, ...WH_LAST_NOT, ...TYPO.keys(), ...TYPO.values(), 'happened']),
];
const known = (w: string): number => KNOWN.indexOf(w);
const K_WHAT = known('what');
const K_HOW = known('how');
const K_HOWS = known('hows');
const K_HOWS_Q = known("how's");
const K_WTF = known('wtf');
const K_U = known('u');
const K_YOU = known('you');
const K_YA = known('ya');
const K_WANNA = known('wanna');
const K_A = known('a');
const K_AN = known('an');
const K_HAPPENED = known('happened');
/** Per known word: its flags; the word a typo stands for (-1: none). */
const FLAGS = Int32Array.from(KNOWN, (w) =>
  (WH.has(w) ? F_WH : 0) | (AUX.has(w) ? F_AUX : 0) | (SUBJECT.has(w) ? F_SUBJECT : 0) | (HOW_NEXT.has(w) ? F_HOW_NEXT : 0) | (YOU_ASK.has(w) ? F_YOU_ASK : 0) |
  (ASK_WORDS.has(w) ? F_ASK : 0) | (OPENERS.has(w) ? F_OPENER : 0) | (AUX_NOT_NEXT.has(w) ? F_AUX_NOT_NEXT : 0) | (AUX_THING.has(w) ? F_AUX_THING : 0) |
  (WH_LAST.has(w) ? F_WH_LAST : 0) | (WH_LAST_NOT.has(w) ? F_LAST_NOT : 0) | (endsLyNt(w) ? F_ENDS_LY_NT : 0),
);
const TYPO_OF = Int32Array.from(KNOWN, (w) => (TYPO.has(w) ? known(TYPO.get(w) ?? '') : -1));
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const SLOTS = 1024;
/**
 * By hash, linear probing, at most a third full: per slot the hash, then the known word's index + 1
 * (0: empty), side by side (a probe reads one cache line); the words' units packed in one array
 * (the table's few kilobytes stay in cache between messages, where strings are spread over the heap).
 */
const TABLE = new Int32Array(2 * SLOTS);
const WORD_AT = new Int32Array(KNOWN.length + 1);
const UNITS = new Uint8Array(KNOWN.reduce((n, w) => n + w.length, 0));
if (KNOWN.length * 3 > SLOTS) throw new Error('question words: table too small');
for (let k = 0, at = 0; k < KNOWN.length; k++) {
  const w = KNOWN[k] ?? '';
  let h = FNV_OFFSET;
  for (let i = 0; i < w.length; i++) {
    UNITS[at++] = w.charCodeAt(i);
    h = Math.imul(h ^ w.charCodeAt(i), FNV_PRIME);
  }
  WORD_AT[k + 1] = at;
  let s = h & (SLOTS - 1);
  while (TABLE[2 * s + 1] !== 0) s = (s + 1) & (SLOTS - 1);
  TABLE[2 * s] = h;
  TABLE[2 * s + 1] = k + 1;
}
const flagsOf = (k: number): number => (k >= 0 ? FLAGS[k]! : 0);

/** Character classes of the clause reader (ASCII; every other unit is C_OTHER). */
const C_OTHER = 0;
const C_WORD = 1;
const C_BREAK = 2;
const C_DASH = 3;
const CLASS = new Uint8Array(128);
for (let c = 97; c <= 122; c++) CLASS[c] = C_WORD;
for (let c = 48; c <= 57; c++) CLASS[c] = C_WORD;
CLASS[39] = C_WORD;
for (const c of '.!;,:\n') CLASS[c.charCodeAt(0)] = C_BREAK;
CLASS[45] = C_DASH;

// Word cursor over the lower-cased text (module state: no closure or array per message). A clause
// ends at a break (. ! ; , : newline, or a '-' with whitespace on both sides): the cursor stops there.
let src = '';
let pos = 0;
/** The last word read: src[wStart, wEnd), its FNV-1a hash. */
let wStart = 0;
let wEnd = 0;
let wHash = 0;

/** Is src[i] a clause break? */
function breakAt(i: number): boolean {
  const c = src.charCodeAt(i);
  if (c >= 128) return false;
  const k = CLASS[c]!;
  return k === C_BREAK || (k === C_DASH && i > 0 && i + 1 < src.length && isWs(src.charCodeAt(i - 1)) && isWs(src.charCodeAt(i + 1)));
}

/** Reads the clause's next word ([a-z0-9']+) into wStart / wEnd / wHash; false at the clause's end (pos then stays on its break). */
function nextWord(): boolean {
  const s = src;
  const n = s.length;
  let i = pos;
  for (;;) {
    if (i >= n) {
      pos = i;
      return false;
    }
    const c = s.charCodeAt(i);
    const k = c < 128 ? CLASS[c]! : C_OTHER;
    if (k === C_WORD) break;
    if (k === C_BREAK || (k === C_DASH && breakAt(i))) {
      pos = i;
      return false;
    }
    i++;
  }
  wStart = i;
  let h = FNV_OFFSET;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || CLASS[c] !== C_WORD) break;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  pos = i;
  wEnd = i;
  wHash = h;
  return true;
}

/** The known word src[start, end) (hash h), or -1. */
function find(h: number, start: number, end: number): number {
  for (let s = h & (SLOTS - 1); ; s = (s + 1) & (SLOTS - 1)) {
    const k = TABLE[2 * s + 1]! - 1;
    if (k < 0) return -1;
    if (TABLE[2 * s] === h && sameWord(k, start, end)) return k;
  }
}
function sameWord(k: number, start: number, end: number): boolean {
  const from = WORD_AT[k]!;
  if (WORD_AT[k + 1]! - from !== end - start) return false;
  for (let i = start; i < end; i++) if (UNITS[from + i - start] !== src.charCodeAt(i)) return false;
  return true;
}
/** The known word that src[start, end) is with each run of one unit kept once (squeeze), or -1. */
function findSqueezed(start: number, end: number): number {
  let h = FNV_OFFSET;
  let len = 0;
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    if (i === start || c !== src.charCodeAt(i - 1)) {
      h = Math.imul(h ^ c, FNV_PRIME);
      len++;
    }
  }
  for (let s = h & (SLOTS - 1); ; s = (s + 1) & (SLOTS - 1)) {
    const k = TABLE[2 * s + 1]! - 1;
    if (k < 0) return -1;
    if (TABLE[2 * s] !== h || WORD_AT[k + 1]! - WORD_AT[k]! !== len) continue;
    let at = WORD_AT[k]!;
    let same = true;
    for (let i = start; i < end && same; i++) if (i === start || src.charCodeAt(i) !== src.charCodeAt(i - 1)) same = UNITS[at++] === src.charCodeAt(i);
    if (same) return k;
  }
}

/**
 * norm() of the word src[start, end) (known word k, or -1): the known word it stands for as the sets
 * list it (typos mapped, doubled letters collapsed when that gives a WH or AUX word: "hoow", "doo"),
 * or k itself (-1: an unknown word, unchanged).
 */
function normWord(k: number, start: number, end: number): number {
  if (k >= 0 && TYPO_OF[k]! >= 0) return TYPO_OF[k]!;
  const len = end - start;
  if (len < 3 || len > 7 || (flagsOf(k) & (F_WH | F_AUX)) !== 0) return k;
  let doubled = false;
  for (let i = start + 1; i < end && !doubled; i++) doubled = src.charCodeAt(i) === src.charCodeAt(i - 1);
  if (!doubled) return k;
  const c = findSqueezed(start, end);
  return (flagsOf(c) & (F_WH | F_AUX)) !== 0 ? c : k;
}

/** Does the clause starting at pos ask? Reads its first words (openers skipped) and its last word. */
function clauseAsks(): boolean {
  if (!nextWord()) return false;
  let aStart = wStart;
  let aEnd = wEnd;
  let aKnown = find(wHash, wStart, wEnd);
  let hasB = nextWord();
  while (hasB && (flagsOf(aKnown) & F_OPENER) !== 0) {
    aStart = wStart;
    aEnd = wEnd;
    aKnown = find(wHash, wStart, wEnd);
    hasB = nextWord();
  }
  const bStart = wStart;
  const bEnd = wEnd;
  const a = normWord(aKnown, aStart, aEnd);
  const b = hasB ? normWord(find(wHash, bStart, bEnd), bStart, bEnd) : -1;
  if (firstAsks(a, b, hasB)) return true;
  if (!hasB) return false;
  // the rest of the clause: a noun after "is"/"does" ("is shipping free"), or a final "when" ("restock when")
  const fa = flagsOf(a);
  const fb = flagsOf(b);
  // an unknown word is the line's own (norm() changes only into known words)
  const bEnds = b >= 0 ? (fb & F_ENDS_LY_NT) !== 0 : endsLyNt(src.slice(bStart, bEnd));
  const auxThing = (fa & F_AUX_THING) !== 0 && (fb & F_AUX_NOT_NEXT) === 0 && !bEnds;
  let words = 2;
  let lastStart = -1;
  let lastEnd = -1;
  let lastHash = 0;
  let negated = ((fa | fb) & F_LAST_NOT) !== 0;
  while (nextWord()) {
    if (auxThing) return true;
    if (++words > 5) return false;
    lastStart = wStart;
    lastEnd = wEnd;
    lastHash = wHash;
    if (!negated && LAST_NOT_FIRST[src.charCodeAt(wStart)] === 1 && (flagsOf(find(wHash, wStart, wEnd)) & F_LAST_NOT) !== 0) negated = true;
  }
  if (negated) return false;
  // norm() of a normalized word is itself
  if (lastStart < 0) return (fb & F_WH_LAST) !== 0;
  // every word that norm() makes when / where / which starts with "w"
  return src.charCodeAt(lastStart) === 119 && (flagsOf(normWord(find(lastHash, lastStart, lastEnd), lastStart, lastEnd)) & F_WH_LAST) !== 0;
}

/** The clause's first two words (normalized known words, -1: unknown) ask by themselves. */
function firstAsks(a: number, b: number, hasB: boolean): boolean {
  const fa = flagsOf(a);
  const fb = flagsOf(b);
  if ((fa & F_WH) !== 0) {
    if (a === K_WHAT && (b === K_A || b === K_AN)) return false;
    if (a === K_HOW || a === K_HOWS || a === K_HOWS_Q) return !hasB || (fb & F_HOW_NEXT) !== 0 || a !== K_HOW;
    if (a === K_WTF) return hasB && ((fb & F_AUX) !== 0 || b === K_HAPPENED);
    return true;
  }
  if ((fa & F_AUX) !== 0 && hasB) {
    if (a === K_U || a === K_YOU || a === K_YA) return (fb & F_YOU_ASK) !== 0;
    if (a === K_WANNA) return true;
    return (fb & F_SUBJECT) !== 0;
  }
  return (fa & F_ASK) !== 0 && hasB;
}

const EN_PHRASES = /\b(i wonder|any ?(?:one|body) know|do you know|can (?:you|u|i|we)|could (?:you|u)|is there|are there|do (?:you|u) (?:guys )?(?:have|ship|sell|know)|does (?:it|this|that)|or not$|right\?|you know\?|how much|any ?way to)\b/;

/** Verbs a viewer needs done or wants to do with the shop: a need with one of them asks for something. */
const ACTION = 'know|find|check|get|order|reorder|buy|purchase|cancel|change|reset|update|return|exchange|refund|track|activate|reactivate|replace|verify|transfer|top|add|remove|use|pay|see|ask|report|close|open|unlock|freeze|link|send|receive|withdraw|set|apply|learn|understand|confirm|try|swap|upgrade|downgrade|delete|edit|fix|contact|talk|speak';
/**
 * Requests and needs that ask for something: a need or wish with an action verb or an
 * information / service object, "looking for", "help me", "tell me", "show me", "let me know".
 */
const EN_REQUEST = new RegExp(
  String.raw`\b(?:(?:i|we)(?:'?d| would)? (?:(?:need|want|like|have) to|wanna|gotta) (?:` + ACTION + String.raw`)\b|(?:i|we) (?:need|want|would like|'?d like) (?:a |an |some |more |the |my )?(?:new |another |replacement |different |bigger |smaller |more )?(?:help|support|info|information|details|advice|refund|replacement|receipt|invoice|link|code|coupon|size chart|size|tracking)\b|looking for (?!ward)|need help|help me\b|help pl(?:s|z|ease)|pl(?:s|z|ease) help|tell me (?:how|why|what|when|where|which|if|whether|about the)\b|show me (?:how|where|the|it again)\b|let me know\b|explain (?:how|why|the)\b)`,
);
/**
 * Cheap test before EN_REQUEST: one of its key words is there ("like" only as EN_REQUEST uses it:
 * "like to", "would like", "'d like"; chat says "like" all the time).
 */
const MAY_REQUEST = /need|want|wanna|like to|d like|have to|gotta|look|help| me |explain/;
function mayRequest(l: string): boolean {
  return MAY_REQUEST.test(l);
}
/** Excitement, not a request: "i need this so bad lol", "i want it omg". */
const EN_EXCITED = /\b(?:so bad(?:ly)?|so much|lol|lmao|lmfao|omg|haha\w*)\b|!!/;
/** Reactions and praise that a question mark does not turn into a question ("cute??", "love this stream??"). */
const REACTION = new Set([
  'wow', 'omg', 'lol', 'lmao', 'lmfao', 'rofl', 'gg', 'nice', 'cute', 'hype', 'yes', 'yay', 'yea', 'yeah', 'yep', 'ok', 'okay', 'cool', 'pretty', 'gorgeous',
  'amazing', 'beautiful', 'lovely', 'awesome', 'perfect', 'fire', 'lit', 'love', 'so', 'very', 'soo', 'sooo', 'damn', 'dang', 'bruh', 'xd', 'haha', 'hahaha', 'hehe',
  'same', 'agreed', 'true', 'facts', 'mood', 'oh', 'ah', 'woah', 'whoa', 'great', 'good', 'stunning', 'omgg', 'wowww', 'niceee', 'yesss', 'yess', 'pog',
]);
/** Praise or a purchase report: "i love the music", "the lighting is great today", "just bought 2". */
const PRAISE_STATEMENT = /^(?:(?:omg|wow|ok|okay|oh|and|so|lol)\s+)*(?:(?:i|we) (?:love|loved|like|liked|adore) |(?:just )?(?:bought|ordered|added|paid)\b|love (?:this|that|it|the|u|you|ur|your)\b|good (?:morning|evening|night|afternoon)\b|(?:hi|hello|hey|greetings) (?:from|everyone|all|chat)\b)|\b(?:is|are|looks?|was|so) (?:so |very |really |super )?(?:great|amazing|gorgeous|beautiful|lovely|awesome|perfect|pretty|cute|stunning|fire|good|nice)\b|\bloves? (?:it|this|them|that)\b/;
/** "omg i need that", "i want it": a need or wish for the thing on screen is excitement. */
const WANT_THIS = /\b(?:i|we) (?:need|want|neeed|needd) (?:this|that|it|one|them|those|these)\b/;

/** A line with a question mark that only reacts or praises: its words are reactions, or it states praise. */
function mereReaction(lower: string): boolean {
  // a clause that asks by its form stays a question ("is it good??", "can i have one??")
  if (clausesAsk(lower)) return false;
  // the words of lower.replace(/[?？]+/g, ' ').trim().split(/\s+/), read in place: runs of units
  // that are neither white space nor a question mark (most lines stop at their first word)
  const n = lower.length;
  for (let i = 0; i < n; ) {
    const c = lower.charCodeAt(i);
    if (isWs(c) || c === 63 || c === 0xff1f) {
      i++;
      continue;
    }
    const start = i;
    let letters = true;
    for (; i < n; i++) {
      const d = lower.charCodeAt(i);
      if (isWs(d) || d === 63 || d === 0xff1f) break;
      if (!((d >= 97 && d <= 122) || d === 39)) letters = false;
    }
    // the word's [a-z'] units (the whole word when it has no other)
    const k = letters ? lower.slice(start, i) : lower.slice(start, i).replace(/[^a-z']/g, '');
    if (k.length > 0 && !REACTION.has(k) && !LAUGH_RE.test(k)) {
      const body = lower.replace(/[?？]+/g, ' ').trim();
      return PRAISE_STATEMENT.test(body) || WANT_THIS.test(body);
    }
  }
  return true;
}
const LAUGH_RE = /^(?:ha)+h?$|^(?:he)+$|^lo+l$|^w+o+w+$/;

/** Any clause of `lower` asks by its first words or its word order. */
function clausesAsk(lower: string): boolean {
  const prev = src;
  src = lower;
  const n = lower.length;
  let asks = false;
  pos = 0;
  for (;;) {
    asks = clauseAsks();
    if (asks) break;
    // on to the next clause: past the break that ends this one (its first words read, the rest skipped)
    while (pos < n && !breakAt(pos)) pos++;
    if (pos >= n) break;
    pos++;
  }
  src = prev;
  return asks;
}

const STATEMENT_PLS = /^(?:hi|hello|hey|good|greetings|that|this|it|i|im|i'm|my|we|ok|okay|so|wow|lol)\b|\b(?:is|are|was|were|am|looks?|has|have|had|got|added|bought|ordered|loves?|arrived|crying)\b/;
/** "coupon pls", "price of the coat pls", "please restock the pink", "show the back please": a short request. */
function pleaseRequest(lower: string): boolean {
  const m = /^(?:pl(?:s|z|ease)\s+)?(.*?)(?:\s+pl(?:s|z|ease))*[\s!.~]*$/.exec(lower);
  if (!m || m[0] === m[1]) return false;
  const body = (m[1] ?? '').trim();
  if (body.length === 0 || /^(?:thank|thx|ty\b|no\b|stop|yes|omg|oh)/.test(body) || EN_EXCITED.test(body)) return false;
  // a statement with "pls" tacked on ("that was quick pls", "hello from texas pls") asks nothing
  if (STATEMENT_PLS.test(body) || PRAISE_STATEMENT.test(body)) return false;
  // body.split(/\s+/) read in place (body is trimmed: no empty word): more than 7 words asks
  // nothing, else one word that is no reaction asks (its [a-z'] units; none is no reaction either)
  let words = 0;
  let other = false;
  const n = body.length;
  for (let i = 0; i < n; ) {
    if (isWs(body.charCodeAt(i))) {
      i++;
      continue;
    }
    if (++words > 7) return false;
    const start = i;
    let letters = true;
    for (; i < n && !isWs(body.charCodeAt(i)); i++) {
      const d = body.charCodeAt(i);
      if (!((d >= 97 && d <= 122) || d === 39)) letters = false;
    }
    if (!other) other = !REACTION.has(letters ? body.slice(start, i) : body.slice(start, i).replace(/[^a-z']/g, ''));
  }
  return other;
}

export function isEnglishQuestion(text: string, lower = text.toLowerCase()): boolean {
  if (text.includes('?')) return !mereReaction(lower);
  // with no '?' in the line, every EN_PHRASES alternative left has a space in it
  if (clausesAsk(lower) || (lower.includes(' ') && EN_PHRASES.test(lower))) return true;
  if (mayRequest(lower) && EN_REQUEST.test(lower) && !EN_EXCITED.test(lower)) return true;
  return (lower.includes('pl') && /\bpl(?:s|z|ease)\b/.test(lower) && pleaseRequest(lower));
}

/**
 * Chinese question words (any position). The fixed A-not-A forms must not follow 不/没: 不是不是,
 * 不要不要, 不好不好, 没有没有 repeat a refusal or agreement.
 */
const ZH_WORDS = /多少|怎么|怎样|怎麼|什么|什麼|啥|几[号天点时个件码岁斤钱块]|哪|谁|为什么|为啥|咋|如何|(?<![不没])(?:能不能|有没有|是不是|可不可以|会不会|要不要|行不行|好不好|对不对)|是否|请问|多久|多大|多高|多重|多长|几时|干嘛|想问|想知道/;
const ZH_NOT = /没什么|什么都|啥都|不怎么|哪怕|哪儿都|谁都|多少有点|多少也|怎么都|(?:不知道|不明白|不理解|不懂|也不知)(?:为什么|为啥|怎么回事|是什么)/g;
/** ZH_NOT without the g flag: tested first (a global replace runs in V8's slow runtime path even when nothing matches). */
const ZH_NOT_ANY = new RegExp(ZH_NOT.source);
/** Final particles 吗/么 (not 这么/那么/多么/要么); trailing laughter, tildes, emoji and punctuation are skipped first. */
const ZH_FINAL = /(?:[吗嗎]|(?<![这那多要什怎])[么麼])[啊呀哈~～。！!\s]*$/;
/** Final 呢 asks after a short clause or a "…的" (链接呢, 黑色的呢, 你呢), not after a statement (好吃呢, 感动到流泪呢). */
const ZH_NE = /(?:^|[^\p{Script=Han}])(?:\p{Script=Han}{1,4}|\p{Script=Han}{1,7}的)呢[啊呀~～。！!\s]*$/u;
const ZH_NE_NOT = /[很真太挺蛮超好]\p{Script=Han}{0,2}呢|[在着了]\p{Script=Han}{0,3}呢/u;
/** A whole line that repeats one short word: 好好好, 对对对, 没有没有, 可以可以 (agreement, refusal, praise). */
const ZH_REDUP = /^(\p{Script=Han}{1,3})\1+$/u;
/** A final 不/没/没有 after a clause asks yes-or-no (好看不, 有优惠没). */
const ZH_FINAL_NOT = /\p{Script=Han}{2,}(?<![都也])(?:不|没|没有)[啊呀~～。！!\s]*$/u;
/** A-not-A: the same character on both sides of 不 or 没 (包不包邮, 发不发货, 有没有), not 不错不错 (a repeated 不X). */
const ZH_ANOTA = /(?<![不没])(\p{Script=Han})[不没]\1/u;
/** Alternatives: 偏大还是偏小, 黑色还是白色, 买还是不买 (short and parallel; not 我还是喜欢, 女孩子还是车瞎练). */
const ZH_ALT = /(?:^|[^\p{Script=Han}])(\p{Script=Han}{1,4})还是(\p{Script=Han}{1,4})[啊呀呢~～。!\s]*$/u;
function zhAlternative(stripped: string): boolean {
  const m = ZH_ALT.exec(stripped);
  if (!m) return false;
  const a = m[1] ?? '';
  const b = m[2] ?? '';
  if (b === '不' + a || b === '没' + a) return true;
  return Math.abs(a.length - b.length) <= 1 && a !== b && (a[0] === b[0] || a[a.length - 1] === b[b.length - 1]);
}
/**
 * Requests that ask the shop for something: 求 + what (求链接, 主播求上链接; not 求求, 要求, 追求),
 * 想要 + a size / colour / style / the link (想要M码, 想要黑色的; not 想要想要, 好想要), 麻烦/请 + an action.
 */
const ZH_REQUEST = /(?:^|[^\p{Script=Han}]|[播宝姐哥家])求(?![求你您饶生])\p{Script=Han}|(?<!好|真|太)想要(?!想要)[^，,。！!]{0,5}?(?:链接|码|号|色|款|尺|优惠|券|试|看|件)|(?:^|[^\p{Script=Han}])(?:麻烦|请)(?:主播|宝宝)?(?:看|试|说|讲|介绍|发|上|补|给|拿|展示|转|帮)/u;

/** Trailing characters the final-particle patterns skip (ZH_FINAL, ZH_FINAL_NOT): 啊 呀 哈 ~ ～ 。 ！ ! and whitespace. */
function isTrailing(c: number): boolean {
  return c === 0x554a || c === 0x5440 || c === 0x54c8 || c === 126 || c === 0xff5e || c === 0x3002 || c === 0xff01 || c === 33 || isWs(c);
}
/** The last code unit before trailing particles and punctuation (0 for none). */
function lastCore(s: string): number {
  let i = s.length - 1;
  while (i >= 0 && isTrailing(s.charCodeAt(i))) i--;
  return i >= 0 ? s.charCodeAt(i) : 0;
}

/**
 * Which rules a line can meet, from one look at each character: bit 1, a character of a ZH_WORDS
 * alternative (but the A-not-A ones); bit 2, a first character of a ZH_NOT alternative; bit 4, 不
 * or 没 (A-not-A); bit 8, a first character of ZH_WORDS' A-not-A forms. A rule none of whose
 * characters is there cannot match, so its regex is not run.
 */
const ZH_TRIGGER = new Uint8Array(0x10000);
// bit 1: one character of each ZH_WORDS alternative, its least common where there is a choice: 多
// (多少 多久 多大 多高 多重 多长), 怎 什 啥 几 哪 谁 咋, 什/啥 (为什么 为啥), 何 (如何), 否 (是否),
// 问 (请问 想问), 嘛 (干嘛), 知 (想知道); the A-not-A forms (能不能 有没有 … 对不对) need bits 4 and 8.
// So 好 有 是 要 可 会 能, in most Chinese lines, alone no longer send a line to the regex. ZH_NOT
// only removes characters, so a line without these has none after it either.
for (const c of '多怎什啥几哪谁咋何否问嘛知') ZH_TRIGGER[c.charCodeAt(0)]! |= 1;
for (const c of '能有是可会要行好对') ZH_TRIGGER[c.charCodeAt(0)]! |= 8;
for (const c of '没什啥不哪谁多怎也') ZH_TRIGGER[c.charCodeAt(0)]! |= 2;
for (const c of '不没') ZH_TRIGGER[c.charCodeAt(0)]! |= 4;
// and a character each of the other rules needs: a question mark or 吗 (a question at once), 呢,
// 还 (还是), the first characters of 求 想要 麻烦 请 (ZH_REQUEST runs only after one is found)
const Z_MARK = 16;
const Z_NE = 32;
const Z_HAI = 64;
const Z_REQ = 128;
for (const c of '？?吗嗎') ZH_TRIGGER[c.charCodeAt(0)]! |= Z_MARK;
ZH_TRIGGER['呢'.charCodeAt(0)]! |= Z_NE;
ZH_TRIGGER['还'.charCodeAt(0)]! |= Z_HAI;
for (const c of '求想麻请') ZH_TRIGGER[c.charCodeAt(0)]! |= Z_REQ;
/** Characters ZH_REDUP's caller drops before the test: [\s，,。.！!~～]. */
const isRedupPunct = (c: number): boolean => c === 0xff0c || c === 44 || c === 0x3002 || c === 46 || c === 0xff01 || c === 33 || c === 126 || c === 0xff5e || isWs(c);

/**
 * `ZH_REDUP.test(s.replace(/[\s，,。.！!~～]+/g, ''))` without the copy when every other character is
 * a CJK Unified Ideograph (all of U+4E00–9FFF are Script=Han): one to three characters repeated.
 */
export function reduplicated(s: string): boolean {
  let len = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isRedupPunct(c)) continue;
    // an ASCII character the replace keeps (no ASCII character is Script=Han): ZH_REDUP fails
    if (c < 128) return false;
    if (c < 0x4e00 || c > 0x9fff) return ZH_REDUP.test(s.replace(/[\s，,。.！!~～]+/g, ''));
    REDUP_UNITS[len++] = c;
  }
  for (let p = 1; p <= 3; p++) {
    if (len < 2 * p || len % p !== 0) continue;
    let same = true;
    for (let i = p; i < len && same; i++) same = REDUP_UNITS[i] === REDUP_UNITS[i - p];
    if (same) return true;
  }
  return false;
}
const REDUP_UNITS = new Uint16Array(64);

export function isChineseQuestion(text: string): boolean {
  // one look at each character for every rule's trigger (ZH_TRIGGER), instead of a search a rule
  let bits = 0;
  for (let i = 0; i < text.length; i++) bits |= ZH_TRIGGER[text.charCodeAt(i)]!;
  if ((bits & Z_MARK) !== 0) return true;
  // trailing spaces, emoji and laughter skipped; a line ending on any other Han character has none
  const last = text.charCodeAt(text.length - 1);
  // nor has one ending on an ASCII character other than white space (no ASCII character is Extended_Pictographic): 好看 Kreygasm
  const keep = (isHanUnit(last) && last !== 0x54c8) /* 哈 */ || (last < 128 && !isWs(last));
  const stripped = keep ? text : text.replace(/[\s\p{Extended_Pictographic}]+$/u, '').replace(/[哈]+$/u, '');
  // the final-particle patterns are anchored at the end: test them only when the line ends on their word
  const end = lastCore(stripped);
  if ((end === 0x4e48 /* 么 */ || end === 0x9ebc /* 麼 */) && ZH_FINAL.test(stripped)) return true;
  if (stripped.length <= 16 && reduplicated(stripped)) return false;
  if ((end === 0x4e0d /* 不 */ || end === 0x6ca1 /* 没 */ || end === 0x6709 /* 有 */) && ZH_FINAL_NOT.test(stripped)) return true;
  // stripped is text less white space, emoji and 哈 at its end: it holds a 呢 exactly when text does
  if ((bits & Z_NE) !== 0 && ZH_NE.test(stripped) && !ZH_NE_NOT.test(stripped)) return true;
  if (((bits & 1) !== 0 || (bits & 12) === 12) && ZH_WORDS.test((bits & 2) !== 0 && ZH_NOT_ANY.test(text) ? text.replace(ZH_NOT, '') : text)) return true;
  if ((bits & 4) !== 0 && ZH_ANOTA.test(text)) return true;
  if ((bits & Z_HAI) !== 0 && text.includes('还是') && zhAlternative(stripped)) return true;
  return (bits & Z_REQ) !== 0 && (text.includes('求') || text.includes('想要') || text.includes('麻烦') || text.includes('请')) && ZH_REQUEST.test(text);
}

/** `/[a-z]{2}/i.test(s)` by hand: two ASCII letters in a row (the i flag adds only A-Z). */
function twoLetters(s: string): boolean {
  let prev = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 32;
    const letter = c >= 97 && c <= 122;
    if (letter && prev) return true;
    prev = letter;
  }
  return false;
}

/**
 * Both languages: Chinese rules when the line has Han characters, English rules otherwise (and for
 * mixed lines). `forms`: the message prepared, whose lower-cased text is read only when English
 * rules run (a Chinese line without English words never lower-cases), and its text with emotes
 * blanked (`words`), by which a Chinese line whose only Latin letters are emote names skips them.
 */
export function isQuestion(text: string, lang: 'en' | 'zh' | 'other', forms?: { readonly lower: string; readonly words?: string }): boolean {
  // English rules for a Chinese line only when it has English words; an emote's name is none (冲 PogChamp)
  if (lang === 'zh') return isChineseQuestion(text) || (twoLetters(forms?.words ?? text) && isEnglishQuestion(text, forms?.lower));
  if (lang === 'en') return isEnglishQuestion(text, forms?.lower);
  return text.includes('?') || text.includes('？');
}

/** isQuestion on a prepared message (its language and lower-cased text computed once). */
export function isQuestionPrepared(p: Prepared): boolean {
  return isQuestion(p.text, p.lang, p);
}
