/**
 * Turns a question into weighted features for recurring-question clustering, in both languages:
 * - English: lower-cased words, elongation collapsed ("sooo"), stop words and question words
 *   dropped, a light stemmer (shipping/shipped → ship), and each word's character trigrams at a
 *   low weight so typos still overlap ("shiping" ~ "shipping");
 * - Chinese: character bigrams of each Han run (no segmenter: 发货 and 包邮 stay whole) and single
 *   characters at a low weight, particles (吗呢啊吧了的) removed;
 * - concepts shared by both languages ("shipping", 运费, 包邮 → c:ship), so mixed-language and
 *   reworded questions meet.
 * Ignores emotes (CamelCase words), @mentions, URLs, digits-only tokens and emoji.
 */
import { isHanUnit } from '../config/script.js';

/** Feature → raw weight (before inverse-document-frequency weighting). */
export type Features = Map<string, number>;

/**
 * The same features as two arrays in the Map's order (keys in the order first added): what the
 * clustering reads per question. Built without a Map: every key has a small id (below), so merging
 * a repeated key is an array read, not a hash lookup (two lookups an added feature were about half
 * of a question's features time).
 */
export interface Terms {
  readonly keys: string[];
  readonly weights: number[];
}

/**
 * Term ids: every feature key gets one the first time it is made (a word's, a Han character's or
 * pair's, a concept's), kept with the key in the caches below. `stamp[id] === gen` when the question
 * being read has the key, at `slotOf[id]` in its arrays. Bounded: past TERM_IDS_MAX ids, all of
 * it and the caches holding ids are cleared together before a question (ids are then made again).
 */
const termIds = new Map<string, number>();
const termKeys: string[] = [];
let stamp = new Int32Array(4096);
let slotOf = new Int32Array(4096);
let gen = 0;
const TERM_IDS_MAX = 200_000;

function idOf(key: string): number {
  let id = termIds.get(key);
  if (id === undefined) {
    id = termKeys.length;
    termIds.set(key, id);
    termKeys.push(key);
    if (id >= stamp.length) {
      // grown mid-question too: both keep what the question has written
      const grownStamp = new Int32Array(stamp.length * 2);
      grownStamp.set(stamp);
      stamp = grownStamp;
      const grownSlots = new Int32Array(slotOf.length * 2);
      grownSlots.set(slotOf);
      slotOf = grownSlots;
    }
  }
  return id;
}

/** The concepts subsumeShipping reads: ids 0–5, made first, and again first after every clearing. */
const FIXED_TERMS = ['c:ship', 'c:shipfee', 'c:shiptime', 'c:buy', 'c:start', 'c:price'] as const;
const [C_SHIP, C_SHIPFEE, C_SHIPTIME, C_BUY, C_START, C_PRICE] = [0, 1, 2, 3, 4, 5] as const;
for (const k of FIXED_TERMS) idOf(k);

/** Starts a question's term arrays: a new generation, the caches cleared first when the ids are many. */
function beginTerms(t: Terms): void {
  t.keys.length = 0;
  t.weights.length = 0;
  if (termKeys.length > TERM_IDS_MAX) {
    termIds.clear();
    termKeys.length = 0;
    wordCache.clear();
    uniKeys.clear();
    pairKeys.clear();
    pairKeyCount = 0;
    for (const k of FIXED_TERMS) idOf(k);
  }
  if (gen === 0x7fffffff) {
    stamp.fill(0);
    gen = 0;
  }
  gen++;
}

/** Adds `w` to the question's weight of term `id` (appended the first time: the Map's order). */
function addTerm(t: Terms, id: number, w: number): void {
  if (stamp[id] === gen) t.weights[slotOf[id]!]! += w;
  else {
    stamp[id] = gen;
    slotOf[id] = t.keys.length;
    t.keys.push(termKeys[id]!);
    t.weights.push(w);
  }
}

/** Where term `id` is in the question's arrays, or -1. */
function termAt(id: number): number {
  return stamp[id] === gen ? slotOf[id]! : -1;
}

const STOP = new Set(
  (
    'a an the and or but if so to of in on at by for from with about as into over than then too very just also ' +
    'i me my mine we us our you u ur your yours ya yall he him his she her it its they them their this that these those there here ' +
    'is are am was were be been being do does did done doing have has had having can could will would shall should may might must ' +
    "what whats what's wat wut which who whom whose where when why how hows whats " +
    'any anyone anybody some someone somebody please pls plz thanks thank thx hi hey hello guys lol lmao haha ok okay yes no not ' +
    "im i'm ive i've id i'd ill i'll dont don't doesnt doesn't didnt didn't cant can't wont won't isnt isn't arent aren't " +
    'get got getting go going gonna wanna want need know tell like one still yet now there just really much many ' +
    'sis bro babe dear'
  ).split(/\s+/),
);
/** Words that carry the question's meaning even though they are short or common. */
const KEEP = new Set(['long', 'much', 'many', 'size', 'fit', 'free', 'new', 'old', 'cost', 'fee', 'pay', 'buy', 'when']);

/** Phrases (whole English text) → concepts; checked before the word loop. */
const EN_PHRASE_CONCEPTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(shipping|delivery|postage|shipment) (cost|costs|fee|fees|price|charge)|free (shipping|delivery)|how much (is |for )?(the )?(shipping|delivery|postage)|ship(ping)? (is |for )?free/, 'c:shipfee'],
  [/\b(?:when|how (?:long|soon|fast|quick(?:ly)?|many days))\b.*\b(?:ship|deliver|dispatch|arriv|send|post)|\b(?:ship|deliver|dispatch|send)\w* (?:out )?(?:today|tomorrow|soon|this week)|\bdelivery (?:time|date)|\beta\b/, 'c:shiptime'],
  [/\bhow much\b|\bprice\b|\bcost\b/, 'c:price'],
  [/\b(?:sold|sell(?:ing)?|sells) out\b/, 'c:stock'],
  [/\bmade in\b|\bwhere (?:is|are) (?:it|they|this|these) (?:made|from)\b|\bimported\b/, 'c:origin'],
  // "how do i use the coupon" asks about the coupon, not how to use the product
  [/^(?!.*\b(?:coupon|code|voucher|promo|discount)).*\bhow (?:do|to|should)\b.*\b(?:use|apply)\b|\bhow often\b/, 'c:usage'],
  [/\bwhen (?:does|will|is) (?:the )?(?:sale|drop|it) (?:start|begin|go live|open)|\bwhat time (?:does|is) (?:the )?(?:sale|drop)\b/, 'c:start'],
  [/\bwhen\b|\bhow long\b|\bhow soon\b|\bhow fast\b|\bhow quick(ly)?\b|\bhow many days\b|\bwhat time\b|\beta\b/, 'c:when'],
];
/** Question words and fillers that split Chinese runs before bigrams (they say "a question", not which). */
export const ZH_SPLIT = /多少|什么|怎么|怎样|为什么|为啥|哪里|哪个|哪儿|能不能|有没有|是不是|可不可以|可以|请问|时候|一下|知道|想问/g;

/** Concepts: words or substrings in either language → shared concept features. */
const EN_CONCEPTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(ship|deliver|delivery|arriv|arrival|dispatch|post|mail|track|courier|parcel|package)/, 'c:ship'],
  [/^(price|cost|fee|charg|pay|expens|cheap|dollar|usd|bucks|\$)/, 'c:price'],
  [/^(size|sizing|fit|xs|xl|xxl|small|medium|large|tall|height|weigh)/, 'c:size'],
  [/^(coupon|code|discount|promo|voucher|sale|deal)/, 'c:coupon'],
  [/^(return|refund|exchang|money ?back)/, 'c:refund'],
  [/^(colou?r|black|white|red|blue|pink|green)/, 'c:color'],
  // "sold" alone is often "I'm sold" (convinced); "sold out" is a phrase concept
  [/^(stock|restock|availab|left|inventory)/, 'c:stock'],
  [/^(link|buy|purchas|order|checkout|cart)/, 'c:buy'],
  [/^(material|fabric|cotton|wool|silk|leather|polyester)/, 'c:material'],
  [/^(real|authentic|genuine|fake|original|legit|counterfeit)/, 'c:authentic'],
  [/^(wash|machine|clean|care|iron)/, 'c:care'],
  // matched against stems (stem(): ounces → ounc, volume → volum, freebies → freeby, bonus → bonu)
  [/^(heavy|gram|ounc|volum)$/, 'c:weight'],
  [/^(gift|freeb|bonu|sampl)/, 'c:gift'],
  [/^(expir|shelf)/, 'c:shelf'],
  [/^(sensitiv|pregnan|oily|acne)/, 'c:suit'],
];
export const ZH_CONCEPTS: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  // who pays a return's postage (退货运费, 运费险: return-shipping insurance) is a refund question, not the shipping fee
  [/包邮|(?<!退货|退换货|退换|换货|退)运费(?!险)|邮费|免邮|免运费/, ['c:shipfee']],
  [/(?:什么时候|几天|多久|啥时候|哪天|几号)(?:能|开始)?(?:发货|发出|到货|送到|到(?!账))|(?:什么时候|啥时候|哪天|几号)开始发|(?:发货|到货)(?:要)?(?:几天|多久)|今天(?:能)?发|明天(?:能)?发/, ['c:shiptime']],
  [/什么时候|几天|多久|几号|啥时候|哪天|when|how long/i, ['c:when']],
  [/发货|发出|快递|物流|到货|送达|寄|几天到|多久到|配送|顺丰|邮政|单号/, ['c:ship']],
  // money that is asked about, not any 钱: 挣钱 / 赚钱 (earn), 有钱 (rich) and 浪费钱 (a waste) ask no price
  [/多少钱|价格|价钱|几块|多钱|块钱|要钱|钱吗|什么价|啥价|价位|到手价|贵|便宜|划算/, ['c:price']],
  // a body's weight asks for a size (体重, 120斤穿什么码); a product's (多重, 几斤, 净含量) is c:weight
  [/尺码|尺寸|大小|码数|几码|什么码|多大码|大码|小码|[SMLX]码|偏大|偏小|身高|体重|多高|斤穿|斤能穿|斤可以穿|能穿|穿得下|穿不下|穿多大|穿什么码/i, ['c:size']],
  [/优惠券|优惠|券|折扣|打折|满减|红包|折/, ['c:coupon']],
  [/退货|退款|换货|退换|无理由|售后|运费险|能退|可以退|退吗|包退/, ['c:refund']],
  [/颜色|色号|号色|色系|什么色|哪个色|黑色|白色|红色|粉色|蓝色|绿色|配色/, ['c:color']],
  [/库存|有货|没货|补货|现货|还有吗|还有没有|卖完|售罄|抢完|没抢到|抢不到|断货/, ['c:stock']],
  // "一号链接" names a product (一号链接多少钱 asks a price); 链接在哪 and 几号链接 ask how to buy
  [/(?<![0123456789一二三四五六七八九十]号)链接|哪里买|怎么买|下单|购买|拍|上车|购物车/, ['c:buy']],
  // leather, not skin: 黄皮 (a skin tone) and 油皮 (oily skin) ask about colour and who it suits
  [/材质|面料|纯棉|棉|羊毛|真丝|真皮|皮质|皮革|牛皮|羊皮/, ['c:material']],
  [/正品|真的假的|假货|假的|正版|原装/, ['c:authentic']],
  [/洗|机洗|手洗|保养/, ['c:care']],
  [/多重|几斤|多少斤|重量|净含量|多少克|几克|毫升|容量/, ['c:weight']],
  [/赠品|送什么|赠送|礼品|小样|买一送|买二送|买三送|有送/, ['c:gift']],
  [/开抢|开卖|开售|上架|几点抢|几点开|几点秒杀|秒杀几点|什么时候开始|啥时候开始/, ['c:start']],
  [/保质期|有效期|放多久|保存多久|过期|生产日期/, ['c:shelf']],
  [/哪里产|哪产的|产地|国产|进口|原产|哪个国家|哪里生产/, ['c:origin']],
  // 怎么用券 asks about a coupon, not how to use the product
  [/怎么用(?!券|优惠|红包)|怎么使用|用法|使用方法|用几次|怎么涂|怎么吃/, ['c:usage']],
  [/敏感肌|油皮|干皮|混油|混干|痘肌|油性|干性|皮肤|过敏|孕妇|哺乳期|儿童|宝宝能用|孩子能用|适合什么|适合吗/, ['c:suit']],
];
const HAN_RE = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Character → which patterns could match a text holding it: bit i for `patterns[i]`, when the
 * character is in its source (either case under /i). Sound for patterns made of literal characters
 * only (alternations, groups, optional parts, classes of literals: no wildcard, escape or negated
 * class; test/unit/insights/question-features.test.ts checks): a match is made of the pattern's own
 * characters, so a text with none of them cannot match and skips the regex.
 */
export function patternCharMask(patterns: readonly RegExp[]): Int32Array {
  if (patterns.length > 32) throw new Error('patternCharMask: at most 32 patterns');
  const mask = new Int32Array(0x10000);
  patterns.forEach((re, i) => {
    const src = re.flags.includes('i') ? re.source + re.source.toLowerCase() + re.source.toUpperCase() : re.source;
    for (let j = 0; j < src.length; j++) mask[src.charCodeAt(j)]! |= 1 << i;
  });
  return mask;
}
/** ZH_CONCEPTS' patterns, then ZH_SPLIT (the last bit). */
const ZH_MASK = patternCharMask([...ZH_CONCEPTS.map(([re]) => re), ZH_SPLIT]);
const SPLIT_BIT = 1 << ZH_CONCEPTS.length;
/** Particles and fillers that end a Han run (1: one of them), by UTF-16 unit. */
const ZH_PARTICLE = new Uint8Array(0x10000);
for (const ch of '吗嘛么呢啊呀吧了的哦喔哈嘿呐啦咯嗯我你们这那个是在有就都也还请问一下主播宝宝家亲') ZH_PARTICLE[ch.charCodeAt(0)] = 1;

const CONCEPT_W = 0.7;
/** An English phrase concept ("shipping cost", "how long") is specific: it weighs like a Chinese one. */
const PHRASE_W = 1.0;
/** Chinese runs give many bigrams each, so a concept weighs more there. */
const ZH_CONCEPT_W = 1.5;
const TRIGRAM_W = 0.15;
const ZH_UNI_W = 0.3;
const NOT_W = 0.7;
const NEGATORS = new Set(['not', 'no', 'never', 'cannot', 'cant', 'dont', 'doesnt', 'didnt', 'wont', 'isnt', 'arent', 'havent', 'hasnt', 'wasnt', 'couldnt', 'wouldnt']);

/** A light English stemmer: enough to meet plural, past and -ing forms, not a linguistic one. */
export function stem(w: string): string {
  let s = w;
  if (s.length > 5 && s.endsWith('ing')) s = s.slice(0, -3);
  else if (s.length > 4 && s.endsWith('ied')) s = s.slice(0, -3) + 'y';
  else if (s.length > 4 && s.endsWith('ed')) s = s.slice(0, -2);
  else if (s.length > 4 && s.endsWith('ies')) s = s.slice(0, -3) + 'y';
  else if (s.length > 4 && s.endsWith('es') && /(ss|sh|ch|x)es$/.test(s)) s = s.slice(0, -2);
  else if (s.length > 3 && s.endsWith('s') && !s.endsWith('ss')) s = s.slice(0, -1);
  if (s.length > 4 && s.endsWith('e')) s = s.slice(0, -1);
  if (s.length > 3 && s[s.length - 1] === s[s.length - 2] && !/[aeiouls]/.test(s[s.length - 1] ?? '')) s = s.slice(0, -1);
  return s;
}


/** Continues a word (what follows its first letter: [A-Za-z0-9'’]). */
const WORD_TAIL = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39) WORD_TAIL[c] = 1;
WORD_TAIL[0x2019] = 1;
const EMOTE_RE = /^[A-Z]?[a-z]+[A-Z][A-Za-z0-9]*$/;

interface WordInfo {
  /** Term ids (see idOf) of its key ('w:' and the stem, or 'w:NOT'), its concepts and its trigrams. */
  readonly key: number;
  readonly not: boolean;
  /** The word as the word vectors list it: lower case, unstemmed, no apostrophes. */
  readonly word: string;
  readonly concepts: readonly number[];
  readonly trigrams: readonly number[];
}
/** What wordInfo says of an emote-shaped word (CamelCase: PogChamp, monkaS): not a word. */
const EMOTE: WordInfo = { key: -1, not: false, word: '', concepts: [], trigrams: [] };
/** Word → its features (null: a stop word; EMOTE). Words repeat a lot in chat; the cache is cleared when full. */
const wordCache = new Map<string, WordInfo | null>();
const WORD_CACHE_MAX = 20_000;

function wordInfo(raw: string): WordInfo | null {
  const cached = wordCache.get(raw);
  if (cached !== undefined) return cached;
  let info: WordInfo | null = null;
  if (EMOTE_RE.test(raw)) info = EMOTE;
  else info = wordFeatures(raw);
  if (wordCache.size >= WORD_CACHE_MAX) wordCache.clear();
  wordCache.set(raw, info);
  return info;
}

function wordFeatures(raw: string): WordInfo | null {
  let info: WordInfo | null = null;
  let w = raw.toLowerCase().replace('’', "'").replace(/'s$/, '').replace(/(.)\1{2,}/g, '$1$1');
  if (NEGATORS.has(w) || w.endsWith("n't")) info = { key: idOf('w:NOT'), not: true, word: '', concepts: [], trigrams: [] };
  else if (w === '$' || isContentWord(w)) {
    w = w.replace(/'/g, '');
    const st = stem(w);
    const concepts = EN_CONCEPTS.filter(([re]) => re.test(st)).map(([, c]) => idOf(c));
    const trigrams: number[] = [];
    if (st.length >= 4) {
      const padded = `<${st}>`;
      for (let i = 0; i + 3 <= padded.length; i++) trigrams.push(idOf('t:' + padded.slice(i, i + 3)));
    }
    info = { key: idOf('w:' + st), not: false, word: w, concepts, trigrams };
  }
  return info;
}

/** Whether the word vectors should count `word` (a lower-case word): not a stop word, not a negator. */
export function isContentWord(word: string): boolean {
  return !STOP.has(word) && !NEGATORS.has(word) && (word.length >= 3 || KEEP.has(word));
}

/**
 * "How much is shipping" and "when will it ship" are different questions on one topic: once a
 * specific shipping facet (fee or time) is seen, the generic shipping concept would only pull them
 * together, so it goes.
 */
function subsumeShipping(t: Terms): void {
  const ship = termAt(C_SHIP);
  const fee = termAt(C_SHIPFEE);
  const time = termAt(C_SHIPTIME);
  // a dropped key is blanked, then the gaps are closed (no closure here: tsx names every closure it makes)
  let dropped = 0;
  if (ship >= 0 && (fee >= 0 || time >= 0)) dropped += blank(t, ship);
  // "今天下单明天发吗", "if i order now when does it ship": the order is the occasion, the question is when it ships;
  // "什么时候开始发货" asks when shipping starts, not when the sale does
  if (time >= 0) dropped += blank(t, termAt(C_BUY)) + blank(t, termAt(C_START));
  // "邮费多少钱", "how much is shipping": the price asked is the shipping fee's, not the product's
  // (its weight stays with the fee, so the question still leans away from when it ships)
  const price = termAt(C_PRICE);
  if (price >= 0 && fee >= 0) {
    t.weights[fee] = t.weights[fee]! + t.weights[price]!;
    dropped += blank(t, price);
  }
  if (dropped === 0) return;
  let j = 0;
  for (let i = 0; i < t.keys.length; i++) {
    if (t.keys[i] === '') continue;
    t.keys[j] = t.keys[i]!;
    t.weights[j++] = t.weights[i]!;
  }
  t.keys.length = j;
  t.weights.length = j;
}

/** Blanks the key at `at` (when there is one); 1 when it did. */
function blank(t: Terms, at: number): number {
  if (at < 0) return 0;
  t.keys[at] = '';
  return 1;
}

/**
 * The 'z:' and 'b:' keys of Han characters and pairs, made once and reused: a question's keys are
 * then strings the feature maps have hashed before, not new strings to allocate and hash each time.
 * Bounded: cleared when full (the next questions make their keys again).
 */
const uniKeys = new Map<number, number>();
const pairKeys = new Map<number, Map<number, number>>();
let pairKeyCount = 0;
const HAN_KEYS_MAX = 50_000;

/** The term id of 'z:' and the character `c`. */
function uniKey(c: number): number {
  let k = uniKeys.get(c);
  if (k === undefined) {
    if (uniKeys.size >= HAN_KEYS_MAX) uniKeys.clear();
    uniKeys.set(c, (k = idOf('z:' + String.fromCharCode(c))));
  }
  return k;
}

/** The term id of 'b:' and the pair `a`, `b`. */
function pairKey(a: number, b: number): number {
  let byFirst = pairKeys.get(a);
  let k = byFirst?.get(b);
  if (k === undefined) {
    if (pairKeyCount >= HAN_KEYS_MAX) {
      pairKeys.clear();
      pairKeyCount = 0;
      byFirst = undefined;
    }
    if (byFirst === undefined) pairKeys.set(a, (byFirst = new Map<number, number>()));
    byFirst.set(b, (k = idOf('b:' + String.fromCharCode(a, b))));
    pairKeyCount++;
  }
  return k;
}

/** How many words and Han keys the caches hold now (tests: they stay bounded). */
export function featureCacheSizes(): { words: number; hanUnits: number; hanPairs: number; termIds: number } {
  return { words: wordCache.size, hanUnits: uniKeys.size, hanPairs: pairKeyCount, termIds: termKeys.length };
}

/** Adds the characters and bigrams of the Han run zh[from, to). */
function flushRun(t: Terms, zh: string, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const c = zh.charCodeAt(i);
    addTerm(t, uniKey(c), ZH_UNI_W);
    if (i + 1 < to) addTerm(t, pairKey(c, zh.charCodeAt(i + 1)), 1);
  }
}

/**
 * Features of one question. Pure (the word cache only remembers answers); linear in the text length.
 * `words`, when given, receives the English content words (lower case, unstemmed) for the word vectors.
 */
export function questionFeatures(text: string, words?: string[]): Features {
  const t = questionTerms(text, words, { keys: [], weights: [] });
  const f: Features = new Map();
  for (let i = 0; i < t.keys.length; i++) f.set(t.keys[i]!, t.weights[i]!);
  return f;
}

/** questionFeatures as arrays into `out` (cleared first): the same keys, weights and order. */
export function questionTerms(text: string, words: string[] | undefined, out: Terms): Terms {
  const t = out;
  beginTerms(t);
  if (/[A-Za-z$]/.test(text)) {
    const clean = text.includes('http') ? text.replace(/https?:\/\/\S+/g, ' ') : text;
    const lower = clean.toLowerCase();
    for (const [re, c] of EN_PHRASE_CONCEPTS) if (re.test(lower)) addTerm(t, idOf(c), PHRASE_W);
    // the words: /[A-Za-z][A-Za-z0-9'’]*|\$/g, read without a match object a word
    const n = clean.length;
    for (let i = 0; i < n; ) {
      const c = clean.charCodeAt(i);
      const at = i;
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
        i++;
        while (i < n && WORD_TAIL[clean.charCodeAt(i)] === 1) i++;
      } else if (c === 36) i++;
      else {
        i++;
        continue;
      }
      if (at > 0 && clean.charCodeAt(at - 1) === 64 /* @mention */) continue;
      const info = wordInfo(clean.slice(at, i));
      if (!info || info === EMOTE) continue;
      if (info.not) {
        addTerm(t, info.key, NOT_W);
        continue;
      }
      addTerm(t, info.key, 1);
      words?.push(info.word);
      for (const id of info.concepts) addTerm(t, id, CONCEPT_W);
      for (const id of info.trigrams) addTerm(t, id, TRIGRAM_W);
    }
  }
  // Chinese part: bigrams and unigrams of Han runs, particles removed
  let hasHan = false;
  if (HAN_RE.test(text)) {
    // which Chinese patterns could match: one pass over a table instead of a regex each
    let bits = 0;
    for (let i = 0; i < text.length; i++) bits |= ZH_MASK[text.charCodeAt(i)]!;
    const zh = bits & SPLIT_BIT ? text.replace(ZH_SPLIT, '|') : text;
    // a run is zh[from, i): Han characters other than particles
    let from = 0;
    for (let i = 0; i < zh.length; i++) {
      const c = zh.charCodeAt(i);
      const han = isHanUnit(c);
      if (han) hasHan = true;
      if (!han || ZH_PARTICLE[c] === 1) {
        flushRun(t, zh, from, i);
        from = i + 1;
      }
    }
    flushRun(t, zh, from, zh.length);
    if (hasHan) {
      for (let i = 0; i < ZH_CONCEPTS.length; i++) {
        if (!(bits & (1 << i))) continue;
        const [re, cs] = ZH_CONCEPTS[i]!;
        if (re.test(text)) for (const c of cs) addTerm(t, idOf(c), ZH_CONCEPT_W);
      }
    }
  }
  subsumeShipping(t);
  return t;
}
