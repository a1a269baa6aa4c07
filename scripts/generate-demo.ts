/**
 * Generates the bundled demo transcript, demo/demo-chat.jsonl: about 40 minutes of a bilingual
 * (English / Chinese) live-selling stream's chat — beauty, then fashion, then electronics — with
 * product questions asked many ways, chatter and emotes, spam, copy-paste raids, abuse, phone numbers
 * and e-mails, and an angry burst about late shipping. Deterministic: a seeded PRNG, no clock.
 *
 *   npx tsx scripts/generate-demo.ts            # writes demo/demo-chat.jsonl, prints counts per category
 *   npx tsx scripts/generate-demo.ts --stdout   # writes the JSONL to stdout instead
 *   npx tsx scripts/generate-demo.ts --filters  # also prints what the default filters do per category
 *
 * Each line is a ChatMessageInput (config/chat.ts) with platform/channel 'demo' and `receivedAt` as
 * milliseconds since the stream started; the replay source shifts it to "now".
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChatMessageSchema, type ChatMessageInput, type EmoteRange, type Role } from '../config/chat.js';
import { seededRandom } from '../filters/random.js';

export const DEMO_SEED = 20_261_123;
export const DEMO_DURATION_MS = 40 * 60_000;

export type DemoCategory = 'question' | 'chatter' | 'spam' | 'raid' | 'abuse' | 'pii' | 'angry' | 'staff';

/** mulberry32 (kept under this name for the demo's callers). */
export const mulberry32 = seededRandom;

/** Twitch global emotes with their real ids. KEKW is a BTTV/FFZ emote: it stays plain text, as on Twitch. */
const TWITCH_EMOTES: Record<string, string> = {
  Kappa: '25',
  PogChamp: '305954156',
  LUL: '425618',
  Kreygasm: '41',
  BibleThump: '86',
  '4Head': '354',
  SeemsGood: '64138',
  HeyGuys: '30259',
  NotLikeThis: '58765',
  ResidentSleeper: '245',
  CoolStoryBob: '123171',
  '<3': '9',
};

interface User {
  id: string;
  name: string;
  displayName: string;
  roles: Role[];
  lang: 'en' | 'zh' | 'mix';
  seen: boolean;
  /** Whether this user's first line carries Twitch's first-msg flag (a new chatter in the channel). */
  newcomer: boolean;
}

interface Line {
  at: number;
  user: User;
  text: string;
  category: DemoCategory;
}

interface Segment {
  from: number;
  kind: 'beauty' | 'fashion' | 'electronics';
  products: { en: string; zh: string }[];
}

const SEGMENTS: Segment[] = [
  {
    from: 0,
    kind: 'beauty',
    products: [
      { en: 'lipstick', zh: '口红' },
      { en: 'foundation', zh: '粉底液' },
      { en: 'serum', zh: '精华' },
      { en: 'eyeshadow palette', zh: '眼影盘' },
    ],
  },
  {
    from: 13 * 60_000,
    kind: 'fashion',
    products: [
      { en: 'dress', zh: '连衣裙' },
      { en: 'hoodie', zh: '卫衣' },
      { en: 'jeans', zh: '牛仔裤' },
      { en: 'coat', zh: '大衣' },
    ],
  },
  {
    from: 26 * 60_000,
    kind: 'electronics',
    products: [
      { en: 'earbuds', zh: '耳机' },
      { en: 'power bank', zh: '充电宝' },
      { en: 'phone case', zh: '手机壳' },
      { en: 'smart watch', zh: '智能手表' },
    ],
  },
];

// ---- question templates: {p} = product (en or zh) -------------------------------------------------

const Q_EN: Record<string, string[]> = {
  shippingCost: [
    'how much is shipping',
    'shipping cost?',
    'how much for shipping to canada',
    'shiping cost',
    'is shipping free',
    'free shipping?',
    'do u ship free',
    'whats the shipping fee',
    'how much is shipping to the uk?',
    'shipping price for the {p}?',
    'is there free shiping over 50',
    'how much does shipping cost to australia',
  ],
  shippingTime: [
    'when will it ship',
    'how long does shipping take',
    'when do orders ship out',
    'how long to get to uk',
    'delivery time?',
    'when does it arrive',
    'how many days for delivery',
    'how fast is shipping',
    'when will the {p} ship',
    'hw long does it take to arrive',
  ],
  size: [
    'do you have size M',
    'is there XL',
    'does it run small',
    "what size should i get im 5'5",
    'size chart?',
    'sizes?',
    'does the {p} come in S',
    'is it true to size',
    'do u have plus sizes',
    'wich size for 130 lbs',
  ],
  colour: [
    'what colors does it come in',
    'is there a pink one',
    'colour options?',
    'does the {p} come in black',
    'which shade is that',
    'what color is that one',
    'any other colours',
    'is there a darker shade',
  ],
  coupon: [
    'any coupon code',
    'discount code?',
    'is there a promo',
    'coupon pls',
    'any codes for first order',
    'how do i use the coupon',
    'is there a discount for subs',
  ],
  stock: [
    'is it still in stock',
    'sold out already?',
    'restock when',
    'out of stock??',
    'is the {p} still available',
    'any left',
    'will you restock the {p}',
  ],
  price: [
    'how much',
    'price?',
    'how much is the {p}',
    "what's the price in usd",
    'how much is this one',
    'price of the {p} pls',
    'hw much',
    'is the {p} on sale',
  ],
  returns: [
    'can i return it',
    'return policy?',
    'what if it doesnt fit',
    'how do returns work',
    'can i exchange for another size',
    'do you take returns on the {p}',
    'refund policy if it breaks?',
  ],
};

const Q_ZH: Record<string, string[]> = {
  shippingCost: ['运费多少', '包邮吗', '包邮吗？', '运费怎么算', '邮费多少钱', '偏远地区包邮吗', '新疆包邮不', '{p}包邮吗', '运费多少啊'],
  shippingTime: ['什么时候发货', '几天能到', '多久发货', '发货快吗', '{p}什么时候发', '几天发货呀', '今天拍明天能发吗', '发什么快递'],
  size: ['有没有M码', '尺码偏大吗', '160cm 50kg穿什么码', '有S码吗', '{p}有大码吗', '尺码表在哪', '偏小还是偏大', '有没有xl码'],
  colour: ['有没有黑色', '还有别的颜色吗', '色号是多少', '{p}有几个颜色', '有白色的吗', '这个是什么色号', '黄皮适合哪个色'],
  coupon: ['有优惠券吗', '怎么领券', '满减吗', '有没有优惠', '优惠券在哪领', '新人有券吗', '能便宜点吗'],
  stock: ['还有货吗', '还有库存吗', '补货吗', '{p}还有吗', '没货了吗', '什么时候补货', '秒没了？'],
  price: ['多少钱', '这个多少钱', '价格多少', '贵吗', '{p}多少钱', '今天什么价', '直播间价格多少'],
  returns: ['可以退货吗', '七天无理由吗', '支持退换吗', '不合适能换吗', '{p}能退吗', '退货运费谁出', '有运费险吗'],
};

const CHATTER_EN = [
  'hi everyone',
  'hello from texas',
  'just got here what did i miss',
  'love this stream',
  'that looks so good on you',
  'omg i need that',
  'the {p} looks amazing',
  'first time watching, this is fun',
  'lol',
  'lmao',
  'nice',
  'wow',
  'so pretty',
  'ordered!',
  'just bought 2',
  'added to cart',
  'my sister has the {p} and loves it',
  'is that the same one from last week',
  'good evening chat',
  'the lighting is great today',
  'can you show it again',
  'show the back please',
  'zoom in on the {p}',
  'ok im sold',
  'my wallet is crying',
  'brb getting snacks',
  'back',
  'this chat is so fast today',
  'hi from london',
  'greetings from manila',
  'that was quick',
  'i love the music',
  'whats the song',
  'thanks for answering',
  'thank you!!',
  'yesss',
  'haha',
  'gg',
  'cute',
  'that color is gorgeous',
  'looks expensive',
  'i got mine yesterday, super happy',
  'the packaging is so nice',
  'the {p} from last stream arrived today, love it',
  'wait is this live',
  'hype',
];

const CHATTER_ZH = [
  '主播好美',
  '哈哈哈',
  '哈哈哈哈哈',
  '666',
  '6666666',
  '来了来了',
  '大家好',
  '晚上好',
  '好看',
  '太好看了吧',
  '已拍',
  '拍了两件',
  '买了买了',
  '这个{p}我也有，很好用',
  '主播皮肤好好',
  '刚来，错过了什么',
  '求上链接',
  '再试一下那个',
  '上身效果不错',
  '想要',
  '冲冲冲',
  '支持主播',
  '主播辛苦了',
  '背景音乐叫什么',
  '好可爱',
  '这个颜色绝了',
  '下单了',
  '蹲一个{p}',
  '上次买的{p}收到了，质量很好',
  '主播今天好漂亮',
  '笑死',
  '哇',
  '终于等到了',
  '姐妹们冲',
  '太划算了',
  '主播声音好好听',
  '今天人好多',
  '👍👍👍',
];

const EMOTE_LINES_EN = [
  'Kappa',
  'PogChamp',
  'PogChamp PogChamp PogChamp',
  'LUL',
  'LUL LUL',
  'KEKW',
  'KEKW KEKW',
  'Kreygasm',
  'that price Kreygasm',
  'sold out already NotLikeThis',
  'BibleThump i missed it',
  'HeyGuys',
  'SeemsGood',
  'nice one SeemsGood',
  '<3 <3',
  'ResidentSleeper',
  '🔥 PogChamp',
  '😂😂 LUL',
  'CoolStoryBob',
  '4Head',
  'lol Kappa',
  'free shipping Kappa',
  'the {p} PogChamp',
  '😍 Kreygasm',
];

const EMOTE_LINES_ZH = ['哈哈哈 LUL', '666 PogChamp', '主播好美 <3', '笑死 KEKW', '冲 PogChamp', '买了 SeemsGood', '😂 LUL', '好看 Kreygasm'];

const STAFF_LINES = [
  'shipping is free over $50, 满299包邮',
  'orders ship within 48h, 48小时内发货',
  'coupon code LIVE20 for 20% off, 优惠码 LIVE20',
  'please keep chat friendly, 请文明发言',
  'size chart is in the pinned link, 尺码表看置顶',
  '7-day returns on everything, 七天无理由退换',
  'next up: the {p}!',
  'restock on the {p} tonight, 今晚补货',
  'welcome new viewers HeyGuys',
  'thanks for all the orders <3',
  'we are reading all your questions, 我们都看到了',
  'no links in chat please',
];

const SPAM_LINES: { text: string; needsNewcomer?: boolean }[] = [
  { text: 'follow my channel twitch.tv/glam_by_zoe for daily makeup!!', needsNewcomer: true },
  { text: 'FREE FOLLOWERS at bestviewers dot com', needsNewcomer: true },
  { text: 'get cheap viewers here: https://bigfollows.example.ru/promo', needsNewcomer: true },
  { text: 'want more viewers? primestreams . com', needsNewcomer: true },
  { text: 'buy followers at www.getfollowz.xyz/cheap' },
  { text: '加微信 meimei8899 领取优惠券', needsNewcomer: true },
  { text: '加V：beauty_sh666 免费送小样' },
  { text: '想要正品低价加我微信 wx123456789' },
  { text: '代购正品 加薇 x y 6 6 8 8' },
  { text: 'check out my shop instagram.com/cheapbags_outlet' },
  { text: 'free iphone giveaway go to freeiphone dot net NOW', needsNewcomer: true },
  { text: 'Wanna become famous? Buy followers, primes and viewers on bigfollows 。com', needsNewcomer: true },
  { text: 'hey sub to my youtube channel pls youtube.com/@lilytryons' },
  { text: 'follow me back plz, i follow everyone who follows me' },
  { text: '全网最低价，点击 taobao-deal.cc 领取', needsNewcomer: true },
  { text: 'crypto signals 500% gains join t.me/moonpumpz', needsNewcomer: true },
  { text: '兼职日结300，有意者加qq 2837465' },
  { text: 'check my profile for a surprise ;)', needsNewcomer: true },
  { text: 'VISIT cheapfollowers d0t c0m for 1000 followers', needsNewcomer: true },
  { text: 'BUY BUY BUY BUY BUY BUY BUY BUY BUY BUY' },
  { text: '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!' },
  { text: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
  { text: '刷刷刷刷刷刷刷刷刷刷刷刷刷刷刷刷刷刷' },
  { text: 'Kappa Kappa Kappa Kappa Kappa Kappa Kappa Kappa Kappa Kappa Kappa Kappa' },
];

const ABUSE_LINES = [
  'you are an idiot',
  'shut up b1tch',
  'stfu loser',
  'f u c k this stream',
  'stupid host lol',
  'ur such a 1d10t',
  'this is sh1t',
  'what a dumbass',
  'fuck off with your fake stuff',
  'go die',
  'you look like a pig',
  'nobody cares moron',
  'a$$hole',
  'ugly b!tch',
  '傻逼',
  '傻 逼主播',
  '脑残吧你',
  '垃圾主播',
  'sb主播',
  '去死吧',
  '贱人',
  '神经病',
  '你是猪吗',
  '滚出直播间',
  '丑八怪还卖东西',
  '傻*逼',
];

const PII_LINES = [
  'my number 13812345678 call me',
  '加我 139-1234-5678',
  'email me at jenny.w@example.com',
  '+86 138 0013 8000 有货打我电话',
  '我的电话15900001111 尺码不对怎么换',
  'my order is #SR20261103-4471 where is it',
  'contact me mike.chen88@gmail.com for bulk order',
  '电话 186 2233 4455 收货人小王',
  'txt me 415-555-0132',
  '我的邮箱 xiaoyu_0521@qq.com 发我发票',
  'send the invoice to anna.k@outlook.com pls',
  '手机号 13700137000 地址上海市浦东新区',
  'call +44 7700 900123 if it ships late',
  '订单号 SR20261101-0932 能改地址吗 电话13611112222',
];

const RAIDS = [
  {
    at: 17 * 60_000 + 30_000,
    base: '🚨 ATTENTION 🚨 THIS STREAM HAS BEEN TAKEN OVER BY THE NIGHT OWLS 🦉 TYPE 1 IF YOU ARE AN OWL 🦉',
    users: 16,
  },
  { at: 31 * 60_000 + 10_000, base: '主播卖假货！！大家别买！！都是三无产品！！', users: 11 },
];

const ANGRY_EN = [
  'ordered 2 weeks ago still not shipped',
  'where is my order??',
  'STILL NOT SHIPPED',
  'refund now',
  'i want a refund',
  'scam',
  'this is a scam',
  'my package never came',
  'ordered on the 3rd and nothing',
  'no tracking number after 10 days',
  'worst service ever',
  'leaving a bad review',
  'why is nobody answering about shipping',
  'same, still waiting for my order',
  'answer the shipping question!!',
  'dont buy, they dont ship',
  'reported to paypal',
  'i want my money back',
  'still not shipped, 2 weeks now',
  'where is my stuff',
];

const ANGRY_ZH = [
  '骗子',
  '骗子！！',
  '退款',
  '我要退款',
  '差评',
  '给差评了',
  '不发货',
  '一直不发货',
  '拍了十天了还没发货',
  '什么时候发货啊？？？',
  '客服不回消息',
  '再不发货就投诉',
  '退款退款退款',
  '是不是骗子',
  '半个月了还没收到',
  '物流一直不更新',
  '发货太慢了',
  '说好48小时发货呢',
  '已经投诉了',
  '别买了，不发货',
];

// ---- the generator -------------------------------------------------------------------------------

export interface DemoResult {
  lines: ChatMessageInput[];
  /** The category each line was generated as, parallel to `lines` (ground truth for checks). */
  categories: DemoCategory[];
  counts: Record<DemoCategory, number>;
  /** Question counts per topic (shipping cost, sizes...). */
  questionTopics: Record<string, number>;
}

export function generateDemo(seed = DEMO_SEED): DemoResult {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const chance = (p: number): boolean => rand() < p;

  // Users ------------------------------------------------------------------------------------------
  let nextUserId = 41_000_000;
  const mkUser = (name: string, displayName: string, roles: Role[], lang: User['lang'], newcomer = false): User => ({
    id: String(nextUserId++ * 7 + 13),
    name,
    displayName,
    roles,
    lang,
    seen: false,
    newcomer,
  });

  const broadcaster = mkUser('luna_live_shop', 'Luna露娜', ['broadcaster'], 'mix');
  const mods = [
    mkUser('mod_kevin', 'Mod_Kevin', ['moderator', 'subscriber'], 'mix'),
    mkUser('xiaoyu_mod', '小鱼_mod', ['moderator'], 'mix'),
    mkUser('nightbot', 'Nightbot', ['moderator'], 'mix'),
  ];
  const vips = [mkUser('bigspender_amy', 'BigSpender_Amy', ['vip', 'subscriber'], 'en'), mkUser('laowang_vip', '老王VIP', ['vip'], 'zh')];

  const enFirst = ['lily', 'mike', 'jess', 'tom', 'anna', 'sam', 'kate', 'ben', 'zoe', 'max', 'emma', 'leo', 'mia', 'jack', 'nina', 'ryan', 'ella', 'dan', 'ivy', 'owen'];
  const enSuffix = ['_b', 'x', '_22', '99', '_tv', 'shops', '_gg', 'loves_makeup', '_official', '2k', '_uk', '_ca', 'fan', '_ph', 'xo'];
  const zhNames: [string, string][] = [
    ['xiaomei', '小美'], ['aqiang', '阿强'], ['lili', '莉莉'], ['xiaoyun', '小云'], ['dawei', '大伟'], ['tingting', '婷婷'],
    ['xiaoming', '小明'], ['fangfang', '芳芳'], ['jiajia', '佳佳'], ['haoran', '浩然'], ['yueyue', '月月'], ['xiaohong', '小红'],
    ['mengmeng', '萌萌'], ['xiaoqi', '小七'], ['jingjing', '晶晶'], ['ahua', '阿华'], ['tiantian', '甜甜'], ['xiaolong', '小龙'],
  ];
  const viewers: User[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < 320; i++) {
    const lang: User['lang'] = chance(0.5) ? 'en' : chance(0.85) ? 'zh' : 'mix';
    let name: string;
    let display: string;
    if (lang === 'en' || (lang === 'mix' && chance(0.5))) {
      name = `${pick(enFirst)}${pick(enSuffix)}`;
      display = chance(0.4) ? name.charAt(0).toUpperCase() + name.slice(1) : name;
    } else {
      const [py, hz] = pick(zhNames);
      const n = Math.floor(rand() * 9000) + 100;
      name = `${py}${n}`;
      display = chance(0.7) ? `${hz}${n}` : name;
    }
    if (taken.has(name)) {
      name = `${name}_${i}`;
      display = `${display}_${i}`;
    }
    taken.add(name);
    const roles: Role[] = chance(0.18) ? ['subscriber'] : [];
    viewers.push(mkUser(name, display, roles, lang, chance(0.3)));
  }
  // Throwaway accounts for spam and raids: each is a newcomer.
  const mkThrowaway = (prefix: string): User => {
    const name = `${prefix}${Math.floor(rand() * 90_000) + 10_000}`;
    return mkUser(name, name, [], 'en', true);
  };

  // Lines ------------------------------------------------------------------------------------------
  const lines: Line[] = [];
  const questionTopics: Record<string, number> = {};
  const segmentAt = (t: number): Segment => [...SEGMENTS].reverse().find((s) => t >= s.from) ?? (SEGMENTS[0] as Segment);
  const fill = (tpl: string, t: number, zh: boolean): string => {
    const prod = pick(segmentAt(t).products);
    return tpl.replaceAll('{p}', zh ? prod.zh : prod.en);
  };
  const add = (at: number, user: User, text: string, category: DemoCategory): void => {
    lines.push({ at: Math.round(at), user, text, category });
  };
  // Ordinary viewers are drawn with a skew: a few regulars talk a lot, most say a few things.
  const pickViewer = (): User => viewers[Math.floor(Math.pow(rand(), 1.7) * viewers.length)] as User;
  const speaksZh = (u: User): boolean => u.lang === 'zh' || (u.lang === 'mix' && chance(0.5));
  const casual = (s: string): string => {
    // Light noise: some lower-case, some trailing punctuation, some "??", some stretched letters.
    let out = s;
    if (chance(0.12)) out = out.toLowerCase();
    if (chance(0.06)) out = out.replace(/o/, 'oo');
    if (chance(0.08) && !/[?？!]$/.test(out)) out += chance(0.5) ? '??' : ' pls';
    return out;
  };

  const question = (at: number, user: User): void => {
    const zh = speaksZh(user);
    const topics = Object.keys(Q_EN);
    // Sizes and colours come up with fashion and beauty; shipping always.
    const seg = segmentAt(at).kind;
    let topic = pick(topics);
    if (seg === 'electronics' && topic === 'size' && chance(0.7)) topic = 'price';
    const tpl = pick((zh ? Q_ZH : Q_EN)[topic] ?? []);
    questionTopics[topic] = (questionTopics[topic] ?? 0) + 1;
    add(at, user, zh ? fill(tpl, at, true) : casual(fill(tpl, at, false)), 'question');
  };

  // 1. Background chat: a Poisson process whose rate swells when a product drops.
  let t = 2_000;
  while (t < DEMO_DURATION_MS) {
    const minute = t / 60_000;
    const sinceDrop = Math.min(...SEGMENTS.map((s) => (t >= s.from ? (t - s.from) / 60_000 : Infinity)));
    const rate = 0.85 + 0.5 * Math.exp(-sinceDrop / 3) + 0.15 * Math.sin(minute / 3); // messages per second
    t += -Math.log(1 - rand()) * (1000 / rate);
    if (t >= DEMO_DURATION_MS) break;
    const user = pickViewer();
    const roll = rand();
    if (roll < 0.3) question(t, user);
    else if (roll < 0.47) {
      const zh = speaksZh(user);
      add(t, user, fill(pick(zh ? EMOTE_LINES_ZH : EMOTE_LINES_EN), t, zh), 'chatter');
    } else {
      const zh = speaksZh(user);
      const text = fill(pick(zh ? CHATTER_ZH : CHATTER_EN), t, zh);
      add(t, user, zh ? text : casual(text), 'chatter');
    }
  }

  // 2. Staff: the broadcaster, moderators and VIPs talk every so often.
  for (let s = 45_000; s < DEMO_DURATION_MS; s += 40_000 + rand() * 60_000) {
    const who = chance(0.35) ? broadcaster : chance(0.8) ? pick(mods) : pick(vips);
    const text = who.roles.includes('vip')
      ? fill(pick(who.lang === 'zh' ? CHATTER_ZH : CHATTER_EN), s, who.lang === 'zh')
      : fill(pick(STAFF_LINES), s, false);
    add(s, who, text, 'staff');
  }

  // 3. Spam, sprinkled, from throwaway accounts (often first-time chatters) or regular viewers.
  for (let s = 70_000; s < DEMO_DURATION_MS; s += 30_000 + rand() * 50_000) {
    const item = pick(SPAM_LINES);
    const user = item.needsNewcomer || chance(0.5) ? mkThrowaway(pick(['promo_', 'viewbot', 'x_deals_', 'free4u_', 'wx_'])) : pickViewer();
    add(s, user, item.text, 'spam');
  }

  // 4. Abuse, sprinkled; a few repeat offenders.
  const trolls = [mkThrowaway('troll_'), mkThrowaway('h8r_'), viewers[200] as User, viewers[250] as User];
  for (let s = 100_000; s < DEMO_DURATION_MS; s += 50_000 + rand() * 70_000) {
    add(s, chance(0.6) ? pick(trolls) : pickViewer(), pick(ABUSE_LINES), 'abuse');
  }

  // 5. Phone numbers, e-mails and order numbers.
  for (let s = 130_000; s < DEMO_DURATION_MS; s += 90_000 + rand() * 90_000) {
    add(s, pickViewer(), pick(PII_LINES), 'pii');
  }

  // 6. Copy-paste raids: the same text from many users within a few seconds, with small edits.
  for (const raid of RAIDS) {
    for (let i = 0; i < raid.users; i++) {
      const user = chance(0.6) ? mkThrowaway('owl_') : pickViewer();
      let text = raid.base;
      const edit = rand();
      if (edit < 0.2) text = `${text} 🦉`;
      else if (edit < 0.35) text = `${text}!!`;
      else if (edit < 0.45) text = text.replace(/ /, '  ');
      else if (edit < 0.55) text = `${text} ${i}`;
      else if (edit < 0.62) text = text.toLowerCase();
      add(raid.at + i * (250 + rand() * 400), user, text, 'raid');
    }
  }

  // 7. The angry burst: about 2 minutes of customers whose orders have not shipped, then staff answers.
  const angryFrom = 28 * 60_000;
  const angryTo = angryFrom + 125_000;
  const angryUsers = Array.from({ length: 45 }, () => pickViewer());
  for (let s = angryFrom; s < angryTo; s += 300 + rand() * 900) {
    const user = pick(angryUsers);
    const zh = speaksZh(user);
    let text = pick(zh ? ANGRY_ZH : ANGRY_EN);
    if (!zh && chance(0.2)) text = text.toUpperCase();
    add(s, user, text, 'angry');
  }
  add(angryTo + 4_000, broadcaster, 'so sorry everyone, the warehouse had a delay, all orders ship tomorrow 仓库延迟了，明天全部发出', 'staff');
  add(angryTo + 9_000, mods[0] as User, 'if your order is late DM us the order number, 订单延迟请私信订单号', 'staff');

  // Order, ids, the first-message flag, emotes --------------------------------------------------------
  lines.sort((a, b) => a.at - b.at);
  const out: ChatMessageInput[] = lines.map((line, i) => {
    const first = !line.user.seen && line.user.newcomer;
    line.user.seen = true;
    const msg: ChatMessageInput = {
      id: `demo-${String(i + 1).padStart(5, '0')}`,
      platform: 'demo',
      channel: 'demo',
      user: {
        id: line.user.id,
        name: line.user.name,
        displayName: line.user.displayName,
        roles: line.user.roles,
        ...(first ? { firstMessage: true } : {}),
      },
      text: line.text,
      emotes: findEmotes(line.text),
      receivedAt: line.at,
    };
    ChatMessageSchema.parse(msg);
    return msg;
  });
  const counts: Record<DemoCategory, number> = { question: 0, chatter: 0, spam: 0, raid: 0, abuse: 0, pii: 0, angry: 0, staff: 0 };
  for (const line of lines) counts[line.category]++;
  return { lines: out, categories: lines.map((l) => l.category), counts, questionTopics };
}

/** Twitch emote ranges for the global emotes in a text: inclusive code-point offsets, as Twitch sends. */
export function findEmotes(text: string): EmoteRange[] {
  const cps = [...text];
  const ranges: EmoteRange[] = [];
  let i = 0;
  while (i < cps.length) {
    if (cps[i] === ' ') {
      i++;
      continue;
    }
    let j = i;
    while (j < cps.length && cps[j] !== ' ') j++;
    const word = cps.slice(i, j).join('');
    const id = TWITCH_EMOTES[word];
    if (id) ranges.push({ id, name: word, start: i, end: j - 1 });
    i = j;
  }
  return ranges;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { lines, categories, counts, questionTopics } = generateDemo();
  const jsonl = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
  if (process.argv.includes('--filters')) {
    // Ground truth vs. the default filter config: allow / hold / block per generated category.
    const { createFilterEngine } = await import('../filters/engine.js');
    const { ConfigSchema } = await import('../config/schema.js');
    const engine = createFilterEngine(ConfigSchema.parse({}).filters);
    const table: Record<string, Record<'allow' | 'flag' | 'hold' | 'block', number>> = {};
    generateDemo().lines.forEach((line, i) => {
      const msg = ChatMessageSchema.parse(line);
      const cat = categories[i] ?? 'chatter';
      const row = (table[cat] ??= { allow: 0, flag: 0, hold: 0, block: 0 });
      row[engine.check(msg, msg.receivedAt).action]++;
    });
    console.table(table);
  }
  if (process.argv.includes('--stdout')) {
    process.stdout.write(jsonl);
  } else {
    const file = resolve(dirname(fileURLToPath(import.meta.url)), '../demo/demo-chat.jsonl');
    writeFileSync(file, jsonl);
    const last = lines.at(-1)?.receivedAt ?? 0;
    console.log(`wrote ${lines.length} lines over ${(last / 60_000).toFixed(1)} min to ${file}`);
    console.log('per category:', JSON.stringify(counts));
    console.log('questions per topic:', JSON.stringify(questionTopics));
  }
}
