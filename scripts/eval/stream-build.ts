/**
 * A deterministic live stream for `npm run eval -- --stream`: the labelled dev sets found under
 * --data plus the demo's chatter, laid on a chat clock at live-chat base rates (about 45 minutes,
 * ~16,000 lines, ~6 msg/s, ~1,900 viewers, English and Chinese), every line keeping its class and
 * source set. Seeded (filters/random.ts): the same sets and options give the same lines.
 *
 * Classes and where their lines come from:
 * - chatter (the rest, ~80 %): the innocent rows of every set (OLID not-offensive, HatEval not-hate,
 *   Davidson neither, SemEval all three labels, YouTube ham, COLD safe incl. its anti-bias hard
 *   negatives) and the demo's chatter (generateDemo(), category chatter), Chinese with `zhShare`;
 * - question (5 %): Banking77 rows and the demo's questions (both languages);
 * - abuse (5 %): OLID offensive, HatEval hate, Davidson hate_speech + offensive_language, COLD offensive;
 * - spam (4 %): YouTube spam, mostly from throwaway accounts (many on their first message);
 * - raid: copypasta rows (sgdq), each pasted by 8–20 distinct viewers within 20 s, light edits;
 * - pii (a few dozen): generated sentences with CN / international phone numbers, e-mails, Chinese
 *   ID numbers, order and tracking numbers, both languages;
 * - complaint: a burst of ~2.5 minutes of negative, non-abusive complaints about shipping and
 *   refunds (the demo's angry lines plus templates), both languages.
 * Rows are drawn without replacement from a shuffled pool and reshuffled when it runs out, so a row
 * repeats only once its pool is spent (COLD safe and YouTube spam come round a few times).
 *
 * Tweet artefacts chat never has are removed (see chatText): "RT @user:" prefixes and the chain of
 * @mentions a reply starts with (Twitter adds them to replies; a chat line addresses at most one
 * person and the platform does not prepend anything), HTML entities and markup (YouTube), line
 * breaks. @mentions inside a sentence stay: chat has them too ("@luna is this in stock"), and
 * directed insults are judged by who they address. URLs stay.
 */
import type { ChatMessage } from '../../config/chat.js';
import { seededRandom, shuffleInPlace } from '../../filters/random.js';
import { findEmotes, generateDemo } from '../generate-demo.js';
import type { Row } from './types.js';

export const STREAM_CLASSES = ['chatter', 'question', 'abuse', 'spam', 'raid', 'pii', 'complaint'] as const;
export type StreamClass = (typeof STREAM_CLASSES)[number];
/** Classes whose lines should never be held: a hold of one of these is a false hold. */
export const INNOCENT_CLASSES: readonly StreamClass[] = ['chatter', 'question', 'complaint'];

/** The set folders the stream draws from (any may be missing). */
export const STREAM_SETS = [
  'en-offensive-olid',
  'en-hate-hateval',
  'en-hate-offensive-davidson',
  'zh-offensive-cold',
  'en-spam-youtube',
  'twitch-copypasta-sgdq2017',
  'en-recurring-questions-banking77',
  'en-sentiment-semeval17',
] as const;

export const DEMO_SOURCE = 'demo';
export const GENERATED_SOURCE = 'generated';

export interface StreamLine {
  readonly message: ChatMessage;
  readonly cls: StreamClass;
  /** The set folder the text came from, 'demo' or 'generated'. */
  readonly source: string;
  /** The row's text as in the set (before chatText and raid edits): the models route on it. */
  readonly origin: string;
  readonly zh: boolean;
  /** Raid number (0-based) for raid lines. */
  readonly raid?: number;
}

export interface StreamOptions {
  readonly seed: number;
  readonly lines: number;
  readonly durationMs: number;
  /** Distinct chatters (regular viewers + throwaway spam and raid accounts), approximately. */
  readonly viewers: number;
  /** Chinese share of chatter, questions, abuse and complaints. */
  readonly zhShare: number;
  readonly questionShare: number;
  readonly abuseShare: number;
  readonly spamShare: number;
  readonly raids: number;
  readonly piiLines: number;
  /** Length of the complaint burst and complaints a second in it. */
  readonly complaintMs: number;
  readonly complaintsPerS: number;
  /** Share of regular viewers whose first line carries Twitch's first-msg flag. */
  readonly newcomerShare: number;
}

export const DEFAULT_STREAM: StreamOptions = {
  seed: 20_261_129,
  lines: 16_000,
  durationMs: 45 * 60_000,
  viewers: 1_900,
  zhShare: 0.35,
  questionShare: 0.05,
  abuseShare: 0.05,
  spamShare: 0.04,
  raids: 10,
  piiLines: 40,
  complaintMs: 150_000,
  complaintsPerS: 2.5,
  newcomerShare: 0.04,
};

export interface Stream {
  readonly lines: readonly StreamLine[];
  readonly options: StreamOptions;
  /** Distinct user ids that spoke. */
  readonly viewers: number;
  readonly classCounts: Record<StreamClass, number>;
  /** Sets found and used / expected but missing under --data. */
  readonly sources: readonly string[];
  readonly missing: readonly string[];
  /** Chat text → the row text it came from (for the models' cross-validation routing). */
  readonly origin: ReadonlyMap<string, string>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** A row's text as a chat line: tweet and HTML artefacts removed (see the file comment), one line, ≤ 2000 chars. */
export function chatText(text: string): string {
  let t = text
    .replace(/<a\s[^>]*href\s*=\s*"([^"]*)"[^>]*>/gi, ' $1 ')
    .replace(/<[^>]{1,200}>/g, ' ')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (ENTITIES[e.toLowerCase()] !== undefined) return ENTITIES[e.toLowerCase()]!;
      if (e[0] === '#') {
        const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      }
      return m;
    })
    .replace(/\s+/g, ' ')
    .trim();
  // Reply and retweet prefixes: "RT @name:", "@USER @USER ...".
  for (;;) {
    const next = t.replace(/^RT\s+@\w+:?\s*/i, '').replace(/^(?:@\w+[:,]?\s+)+/, '');
    if (next === t) break;
    t = next;
  }
  return t.slice(0, 2000).trim();
}

const hasHan = (s: string): boolean => /[\u3400-\u9fff]/.test(s);

interface Item {
  readonly text: string;
  readonly origin: string;
  readonly source: string;
}

/** Draws without replacement from a shuffled pool; reshuffles when spent. */
class Cycler {
  readonly #items: Item[];
  #i = 0;
  constructor(
    items: readonly Item[],
    private readonly rnd: () => number,
  ) {
    this.#items = [...items];
    shuffleInPlace(this.#items, rnd);
  }
  get size(): number {
    return this.#items.length;
  }
  next(): Item {
    if (this.#i >= this.#items.length) {
      shuffleInPlace(this.#items, this.rnd);
      this.#i = 0;
    }
    return this.#items[this.#i++]!;
  }
}

/** Weighted choice among non-empty pools. */
class Mix {
  readonly #parts: Array<{ w: number; c: Cycler }>;
  constructor(
    parts: ReadonlyArray<readonly [number, readonly Item[]]>,
    private readonly rnd: () => number,
  ) {
    this.#parts = parts.filter(([, items]) => items.length > 0).map(([w, items]) => ({ w, c: new Cycler(items, rnd) }));
  }
  get empty(): boolean {
    return this.#parts.length === 0;
  }
  next(): Item {
    const total = this.#parts.reduce((a, p) => a + p.w, 0);
    let r = this.rnd() * total;
    for (const p of this.#parts) {
      r -= p.w;
      if (r < 0) return p.c.next();
    }
    return this.#parts[this.#parts.length - 1]!.c.next();
  }
}

function rowsOf(sets: ReadonlyMap<string, readonly Row[]>, name: string, keep: (label: string) => boolean): Item[] {
  const out: Item[] = [];
  for (const r of sets.get(name) ?? []) {
    if (!keep(r.label)) continue;
    const text = chatText(r.text);
    if (text) out.push({ text, origin: r.text, source: name });
  }
  return out;
}

const COMPLAINT_EN = [
  "still waiting on my refund, it's been {n} days",
  'my {item} arrived broken, how do I get a refund',
  'shipping is so slow, ordered {n} days ago',
  'no update on my package for {n} days',
  'the {item} I got is the wrong size and nobody answers',
  'refund please, the {item} never arrived',
  'why does shipping take {n} weeks??',
  "customer service hasn't replied in {n} days",
  'very disappointed, the {item} came damaged',
  'I asked for a refund {n} times already',
  'tracking has said "in transit" for {n} days',
  'paid for express shipping and it still took {n} days',
];
const COMPLAINT_ZH = [
  '退款申请{n}天了还没处理',
  '{item}收到就是坏的，怎么退款',
  '物流{n}天没更新了',
  '等了{n}天还没发货',
  '客服一直不回，{item}尺码发错了',
  '买的{item}到现在没收到',
  '退款什么时候到账啊',
  '快递太慢了，{n}天了',
  '说好的包邮呢，还收了运费',
  '第{n}次问了，退款呢',
  '{item}和直播间里的颜色不一样，想退货',
  '申请退货{n}天了没人理',
];
/** Openers and closers so templated complaints vary like people typing them (not one pasted text). */
const OPEN_EN = ['', '', 'ugh ', 'honestly ', 'same here, ', 'seriously ', 'hello?? '];
const CLOSE_EN = ['', '', '', ' :(', '...', ' not happy', ' please reply'];
const OPEN_ZH = ['', '', '唉，', '说真的，', '我也是，', '有人管吗，'];
const CLOSE_ZH = ['', '', '', '。。。', '，太失望了', '，快回复'];
const ITEMS_EN = ['lipstick', 'jacket', 'earbuds', 'phone case', 'serum', 'dress', 'charger', 'sneakers'];
const ITEMS_ZH = ['口红', '外套', '耳机', '手机壳', '精华', '裙子', '充电器', '运动鞋'];

/** A few dozen sentences with personal data; each template's {x} is filled by a generator. */
type PiiGen = (rnd: () => number) => string;
const digits = (rnd: () => number, n: number): string => Array.from({ length: n }, () => String(Math.floor(rnd() * 10))).join('');
const cnMobile = (rnd: () => number): string => `1${3 + Math.floor(rnd() * 7)}${digits(rnd, 9)}`;
const spaced = (m: string, sep: string): string => `${m.slice(0, 3)}${sep}${m.slice(3, 7)}${sep}${m.slice(7)}`;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A Chinese resident ID number with a valid check digit (region, birth date, sequence). */
function chineseId(rnd: () => number): string {
  const region = ['110101', '310104', '440305', '330106', '510107'][Math.floor(rnd() * 5)]!;
  const y = 1960 + Math.floor(rnd() * 45);
  const m = String(1 + Math.floor(rnd() * 12)).padStart(2, '0');
  const d = String(1 + Math.floor(rnd() * 28)).padStart(2, '0');
  const body = `${region}${y}${m}${d}${digits(rnd, 3)}`;
  const sum = [...body].reduce((a, c, i) => a + Number(c) * ID_WEIGHTS[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}
const NAMES = ['lily', 'mike.chen', 'jess_w', 'anna.k', 'tom88', 'xiaomei', 'wang.lei'];
const DOMAINS = ['gmail.com', 'qq.com', '163.com', 'outlook.com', 'yahoo.co.uk'];
const email = (rnd: () => number): string => `${NAMES[Math.floor(rnd() * NAMES.length)]}${Math.floor(rnd() * 100)}@${DOMAINS[Math.floor(rnd() * DOMAINS.length)]}`;

export const PII_TEMPLATES: ReadonlyArray<{ zh: boolean; make: PiiGen }> = [
  { zh: false, make: (r) => `call me ${spaced(cnMobile(r), ' ')} if the size is wrong` },
  { zh: false, make: (r) => `my number is ${cnMobile(r)}, text me when it ships` },
  { zh: false, make: (r) => `whatsapp me +86 ${spaced(cnMobile(r), '-')} for the group buy` },
  { zh: false, make: (r) => `uk here, ring me on +44 7${digits(r, 3)} ${digits(r, 6)}` },
  { zh: false, make: (r) => `my german number +49 15${digits(r, 1)} ${digits(r, 7)}, call pls` },
  { zh: false, make: (r) => `call +1 (${2 + Math.floor(r() * 7)}${digits(r, 2)}) ${digits(r, 3)}-${digits(r, 4)} about my order` },
  { zh: false, make: (r) => `email me at ${email(r)} with the invoice` },
  { zh: false, make: (r) => `send the receipt to ${email(r)} thanks` },
  { zh: false, make: (r) => `order number ${String.fromCharCode(65 + Math.floor(r() * 26))}${digits(r, 9)} still not here` },
  { zh: false, make: (r) => `my tracking is SF${digits(r, 12)} it hasn't moved` },
  { zh: true, make: (r) => `我的电话${cnMobile(r)}，发货了告诉我` },
  { zh: true, make: (r) => `加我微信吧，手机号 ${spaced(cnMobile(r), ' ')}` },
  { zh: true, make: (r) => `电话+86-${cnMobile(r)}，尺码不对打给我` },
  { zh: true, make: (r) => `我的邮箱${email(r)}，发票发这里` },
  { zh: true, make: (r) => `身份证号${chineseId(r)}，实名认证要用吗` },
  { zh: true, make: (r) => `订单号${digits(r, 16)}一直没发货` },
  { zh: true, make: (r) => `快递单号JD${digits(r, 13)}查不到` },
  { zh: true, make: (r) => `收货电话 ${spaced(cnMobile(r), '-')} 麻烦改一下地址` },
];

const RAID_SUFFIX = [' LUL', '!!', ' 🦉', ' PogChamp', ' .', ' 1', '?'];

/** Builds the stream from the sets found (missing sets are left out and named). */
export function buildStream(sets: ReadonlyMap<string, readonly Row[]>, opts: Partial<StreamOptions> = {}): Stream {
  const o: StreamOptions = { ...DEFAULT_STREAM, ...opts };
  const rnd = seededRandom(o.seed);
  const chance = (p: number): boolean => rnd() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  // Pools ------------------------------------------------------------------------------------------
  const demo = generateDemo();
  const demoItems = (cat: string, zh: boolean): Item[] =>
    demo.lines.flatMap((l, i) => (demo.categories[i] === cat && hasHan(l.text) === zh ? [{ text: l.text, origin: l.text, source: DEMO_SOURCE }] : []));
  const not = (...labels: string[]) => (l: string) => !labels.includes(l);
  const is = (...labels: string[]) => (l: string) => labels.includes(l);
  const innocentEn = [
    ...rowsOf(sets, 'en-offensive-olid', is('not-offensive')),
    ...rowsOf(sets, 'en-hate-hateval', is('not-hate')),
    ...rowsOf(sets, 'en-hate-offensive-davidson', is('neither')),
    ...rowsOf(sets, 'en-sentiment-semeval17', () => true),
    ...rowsOf(sets, 'en-spam-youtube', is('ham')),
  ];
  const pools = {
    chatter: {
      en: new Mix([[0.6, innocentEn], [0.4, demoItems('chatter', false)]], rnd),
      zh: new Mix([[0.5, rowsOf(sets, 'zh-offensive-cold', is('safe'))], [0.5, demoItems('chatter', true)]], rnd),
    },
    question: {
      en: new Mix([[0.5, rowsOf(sets, 'en-recurring-questions-banking77', () => true)], [0.5, demoItems('question', false)]], rnd),
      zh: new Mix([[1, demoItems('question', true)]], rnd),
    },
    abuse: {
      en: new Mix(
        [[1, [...rowsOf(sets, 'en-offensive-olid', is('offensive')), ...rowsOf(sets, 'en-hate-hateval', is('hate')), ...rowsOf(sets, 'en-hate-offensive-davidson', not('neither'))]]],
        rnd,
      ),
      zh: new Mix([[1, rowsOf(sets, 'zh-offensive-cold', is('offensive'))]], rnd),
    },
    spam: { en: new Mix([[1, rowsOf(sets, 'en-spam-youtube', is('spam'))]], rnd), zh: new Mix([], rnd) },
    complaint: {
      en: new Mix([[0.5, demoItems('angry', false)], [0.5, COMPLAINT_EN.map((t) => ({ text: t, origin: t, source: GENERATED_SOURCE }))]], rnd),
      zh: new Mix([[0.5, demoItems('angry', true)], [0.5, COMPLAINT_ZH.map((t) => ({ text: t, origin: t, source: GENERATED_SOURCE }))]], rnd),
    },
  };
  const pastas = rowsOf(sets, 'twitch-copypasta-sgdq2017', () => true);
  const fillComplaint = (t: string, zh: boolean): string =>
    pick(zh ? OPEN_ZH : OPEN_EN) + t.replaceAll('{n}', String(3 + Math.floor(rnd() * 20))).replaceAll('{item}', pick(zh ? ITEMS_ZH : ITEMS_EN)) + pick(zh ? CLOSE_ZH : CLOSE_EN);

  // Viewers ----------------------------------------------------------------------------------------
  const nRaid = pastas.length ? o.raids : 0;
  const raidCopies = Array.from({ length: nRaid }, () => 8 + Math.floor(rnd() * 13));
  const raidThrowaways = Math.round(raidCopies.reduce((a, b) => a + b, 0) * 0.6);
  const spamAccounts = Math.max(1, Math.round(o.viewers * 0.03));
  const regular = Math.max(2, o.viewers - raidThrowaways - spamAccounts);
  interface Viewer {
    readonly id: string;
    readonly zh: boolean;
    readonly newcomer: boolean;
    seen: boolean;
  }
  let uid = 0;
  const mkViewer = (zh: boolean, newcomer: boolean, prefix: string): Viewer => ({ id: `${prefix}${String(uid++).padStart(5, '0')}`, zh, newcomer, seen: false });
  const nZh = Math.max(1, Math.round(regular * o.zhShare));
  const groups = {
    zh: Array.from({ length: nZh }, () => mkViewer(true, chance(o.newcomerShare), 'v')),
    en: Array.from({ length: regular - nZh }, () => mkViewer(false, chance(o.newcomerShare), 'v')),
  };
  const spammers = Array.from({ length: spamAccounts }, () => mkViewer(false, chance(0.7), 'promo'));
  /** Zipf–Mandelbrot weights (rank + 12)^-1.1: a few regulars talk a lot, most say a line or two. */
  const zipf = (n: number): Float64Array => {
    const cum = new Float64Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) cum[i] = s += Math.pow(i + 12, -1.1);
    return cum;
  };
  const cum = { zh: zipf(groups.zh.length), en: zipf(groups.en.length) };
  const draw = (lang: 'zh' | 'en'): Viewer => {
    const c = cum[lang];
    const r = rnd() * c[c.length - 1]!;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return groups[lang][lo]!;
  };
  // Every regular viewer speaks at least once: the first line of each language goes round them all.
  const unspoken = { zh: [...groups.zh], en: [...groups.en] };
  shuffleInPlace(unspoken.zh, rnd);
  shuffleInPlace(unspoken.en, rnd);
  const trolls = { zh: unspoken.zh.slice(0, 12), en: unspoken.en.slice(0, 25) };

  // Timeline ---------------------------------------------------------------------------------------
  interface Draft {
    at: number;
    cls: StreamClass;
    item: Item;
    text: string;
    zh: boolean;
    viewer: Viewer;
    raid?: number;
  }
  const drafts: Draft[] = [];
  const D = o.durationMs;
  // Complaint burst at ~60 % of the stream.
  const burstFrom = Math.round(D * 0.6);
  const nComplaint = Math.round((o.complaintMs / 1000) * o.complaintsPerS);
  const raidTotal = raidCopies.reduce((a, b) => a + b, 0);
  const nBase = Math.max(0, o.lines - nComplaint - raidTotal - o.piiLines);
  /** Arrival times with a gentle swell (rate 1 ± 0.3 over ~11-minute waves), by rejection. */
  const arrival = (): number => {
    for (;;) {
      const t = rnd() * D;
      if (rnd() * 1.3 <= 1 + 0.3 * Math.sin((2 * Math.PI * t) / (11 * 60_000))) return Math.floor(t);
    }
  };
  const speaker = (lang: 'zh' | 'en'): Viewer => unspoken[lang].pop() ?? draw(lang);
  const base: StreamClass[] = [];
  for (let i = 0; i < nBase; i++) {
    const r = rnd();
    base.push(r < o.questionShare ? 'question' : r < o.questionShare + o.abuseShare ? 'abuse' : r < o.questionShare + o.abuseShare + o.spamShare ? 'spam' : 'chatter');
  }
  for (const cls of base) {
    const at = arrival();
    if (cls === 'spam') {
      if (pools.spam.en.empty) continue;
      const item = pools.spam.en.next();
      drafts.push({ at, cls, item, text: item.text, zh: false, viewer: pick(spammers) });
      continue;
    }
    const pool = pools[cls as 'chatter' | 'question' | 'abuse'];
    let lang: 'zh' | 'en' = chance(o.zhShare) ? 'zh' : 'en';
    if (pool[lang].empty) lang = lang === 'zh' ? 'en' : 'zh';
    if (pool[lang].empty) continue;
    const item = pool[lang].next();
    const viewer = cls === 'abuse' && chance(0.4) ? pick(trolls[lang]) : speaker(lang);
    drafts.push({ at, cls, item, text: item.text, zh: lang === 'zh', viewer });
  }
  // Complaints: repeat complainers among the regulars.
  const complainers = { zh: Array.from({ length: 25 }, () => draw('zh')), en: Array.from({ length: 40 }, () => draw('en')) };
  for (let i = 0; i < nComplaint; i++) {
    const lang: 'zh' | 'en' = chance(o.zhShare) ? 'zh' : 'en';
    const item = pools.complaint[lang].next();
    const text = item.source === GENERATED_SOURCE ? fillComplaint(item.text, lang === 'zh') : item.text;
    drafts.push({ at: burstFrom + Math.floor(rnd() * o.complaintMs), cls: 'complaint', item: { ...item, text, origin: text }, text, zh: lang === 'zh', viewer: pick(complainers[lang]) });
  }
  // PII.
  for (let i = 0; i < o.piiLines; i++) {
    const tpl = PII_TEMPLATES[i % PII_TEMPLATES.length]!;
    const text = tpl.make(rnd);
    drafts.push({ at: arrival(), cls: 'pii', item: { text, origin: text, source: GENERATED_SOURCE }, text, zh: tpl.zh, viewer: speaker(tpl.zh ? 'zh' : 'en') });
  }
  // Raids: evenly spread, each pasta by 8–20 distinct viewers within 20 s, 60 % throwaway accounts.
  for (let k = 0; k < nRaid; k++) {
    const item = pastas[Math.floor(((k + 0.5) / nRaid) * pastas.length + rnd() * (pastas.length / nRaid / 2)) % pastas.length]!;
    const start = Math.floor(((k + 0.5) / (nRaid + 0.5)) * D * 0.95);
    const users = new Set<Viewer>();
    const list: Viewer[] = [];
    while (list.length < raidCopies[k]!) {
      const v = chance(0.6) ? mkViewer(false, true, 'raid') : draw('en');
      if (users.has(v)) continue;
      users.add(v);
      list.push(v);
    }
    const offsets = list.map(() => Math.floor(rnd() * 19_000)).sort((a, b) => a - b);
    list.forEach((viewer, i) => {
      const e = rnd();
      let text = item.text;
      if (e < 0.2) text = `${text}${pick(RAID_SUFFIX)}`;
      else if (e < 0.3) text = text.replace(/ /, '  ');
      else if (e < 0.4) text = text.toLowerCase();
      drafts.push({ at: start + offsets[i]!, cls: 'raid', item, text, zh: false, viewer, raid: k });
    });
  }

  // Messages ---------------------------------------------------------------------------------------
  drafts.sort((a, b) => a.at - b.at);
  const origin = new Map<string, string>();
  const spoke = new Set<string>();
  const classCounts = Object.fromEntries(STREAM_CLASSES.map((c) => [c, 0])) as Record<StreamClass, number>;
  const lines: StreamLine[] = drafts.map((d, i) => {
    const first = d.viewer.newcomer && !d.viewer.seen;
    d.viewer.seen = true;
    spoke.add(d.viewer.id);
    classCounts[d.cls]++;
    if (!origin.has(d.text)) origin.set(d.text, d.item.origin);
    const name = d.viewer.id;
    const message: ChatMessage = {
      id: `stream-${String(i + 1).padStart(6, '0')}`,
      platform: 'eval',
      channel: 'stream',
      user: { id: name, name, displayName: name, roles: [], ...(first ? { firstMessage: true } : {}) },
      text: d.text,
      emotes: findEmotes(d.text),
      receivedAt: d.at,
    };
    return { message, cls: d.cls, source: d.item.source, origin: d.item.origin, zh: d.zh, ...(d.raid !== undefined ? { raid: d.raid } : {}) };
  });
  const sources = STREAM_SETS.filter((s) => (sets.get(s)?.length ?? 0) > 0);
  return { lines, options: o, viewers: spoke.size, classCounts, sources, missing: STREAM_SETS.filter((s) => !sources.includes(s)), origin };
}
