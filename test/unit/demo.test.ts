/**
 * The bundled demo transcript: valid ChatMessages, long enough, bilingual, and holding every kind of
 * line the rest of Showrunner is demonstrated on. Markers are searched in the file itself, so a
 * regenerated file that lost a category fails here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ChatMessageSchema, type ChatMessage } from '../../config/chat.js';
import { generateDemo } from '../../scripts/generate-demo.js';

const file = fileURLToPath(new URL('../../demo/demo-chat.jsonl', import.meta.url));
const raw = readFileSync(file, 'utf8');
const rows = raw.trimEnd().split('\n');
const messages: ChatMessage[] = rows.map((line) => ChatMessageSchema.parse(JSON.parse(line)));
const texts = messages.map((m) => m.text);
const count = (re: RegExp): number => texts.filter((t) => re.test(t)).length;

describe('demo/demo-chat.jsonl', () => {
  it('has at least 2000 valid lines over about 40 minutes, in time order, unique ids', () => {
    expect(rows.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    for (let i = 1; i < messages.length; i++) expect(messages[i]!.receivedAt).toBeGreaterThanOrEqual(messages[i - 1]!.receivedAt);
    const span = messages.at(-1)!.receivedAt - messages[0]!.receivedAt;
    expect(span).toBeGreaterThan(35 * 60_000);
    expect(span).toBeLessThan(45 * 60_000);
    expect(messages.every((m) => m.platform === 'demo' && m.channel === 'demo')).toBe(true);
  });

  it('is what the generator produces (regenerate with npx tsx scripts/generate-demo.ts)', () => {
    const { lines } = generateDemo();
    expect(lines.map((l) => JSON.stringify(l)).join('\n') + '\n').toBe(raw);
  });

  it('mixes English and Chinese', () => {
    const zh = count(/\p{Script=Han}/u);
    const en = texts.filter((t) => /[a-z]{3,}/i.test(t) && !/\p{Script=Han}/u.test(t)).length;
    expect(zh).toBeGreaterThan(messages.length * 0.2);
    expect(en).toBeGreaterThan(messages.length * 0.2);
  });

  it.each([
    ['shipping cost (en)', /how much is shipping|shipping cost|shiping cost|free shipping\?|shipping fee/i, 10],
    ['shipping cost (zh)', /运费多少|包邮吗|邮费/, 10],
    ['shipping time', /什么时候发货|几天能到|how long does shipping take|when will it ship/i, 10],
    ['sizes', /有没有M码|size M|有S码|尺码|is there XL/i, 10],
    ['colours', /colou?r|色号|黑色|shade/i, 10],
    ['coupons', /coupon|优惠券|discount code|领券/i, 10],
    ['stock', /in stock|还有货|库存|restock|sold out/i, 10],
    ['price', /how much|多少钱|price/i, 10],
    ['returns', /return|退货|七天无理由|退换/i, 10],
    ['a typo', /shiping|hw much|wich size|hw long/i, 3],
    ['a question without a question mark', /^(how much is shipping|运费多少|包邮吗|什么时候发货|有没有M码)$/, 10],
    ['Twitch emotes', /\b(Kappa|PogChamp|LUL|Kreygasm)\b/, 50],
    ['KEKW (third-party emote, plain text)', /KEKW/, 5],
    ['Chinese chatter', /哈哈哈|666|主播好美/, 30],
    ['links', /https?:\/\/|www\.|\.com\/|\.xyz|t\.me\//, 3],
    ['obfuscated links', /dot com|d0t c0m|。com|\. com/i, 2],
    ['self-promotion', /follow my channel|free followers|buy followers/i, 2],
    ['WeChat spam', /加微信|加V|微信/, 2],
    ['English abuse and leetspeak', /idiot|b1tch|1d10t|sh1t|stfu|f u c k|b!tch|a\$\$hole/i, 5],
    ['Chinese abuse', /傻逼|傻 逼|傻\*逼|脑残|垃圾主播|sb主播|贱人/, 5],
    ['Chinese mobile numbers', /1[3-9]\d{9}|1[3-9]\d[- ]\d{4}[- ]\d{4}/, 4],
    ['e-mail addresses', /[\w.]+@[\w-]+\.\w+/, 3],
    ['late-shipping anger', /骗子|退款|差评|不发货|没发货|投诉|still not shipped|not shipped|refund|scam|where is my/i, 80],
  ] as const)('holds %s', (_name, re, min) => {
    expect(count(re)).toBeGreaterThanOrEqual(min);
  });

  it('has a copy-paste raid: near-identical text from 10+ users within 10 s', () => {
    const norm = (t: string): string => t.toLowerCase().replace(/[\s!\d🦉]+/gu, '').slice(0, 40);
    const byText = new Map<string, ChatMessage[]>();
    for (const m of messages) {
      if (m.text.length < 20) continue;
      const key = norm(m.text);
      byText.set(key, [...(byText.get(key) ?? []), m]);
    }
    const raids = [...byText.values()].filter((group) => {
      const users = new Set(group.map((m) => m.user.id));
      return users.size >= 10 && group.at(-1)!.receivedAt - group[0]!.receivedAt <= 10_000;
    });
    expect(raids.length).toBeGreaterThanOrEqual(1);
    // with small edits: not all copies are byte-identical
    expect(new Set(raids[0]!.map((m) => m.text)).size).toBeGreaterThan(1);
  });

  it('has an angry burst about late shipping lasting about 2 minutes', () => {
    const angry = messages.filter((m) => /骗子|退款|差评|不发货|still not shipped|refund|where is my order/i.test(m.text));
    // the densest 2-minute window holds most of them
    let best = 0;
    for (let i = 0, j = 0; i < angry.length; i++) {
      while (angry[i]!.receivedAt - angry[j]!.receivedAt > 130_000) j++;
      best = Math.max(best, i - j + 1);
    }
    expect(best).toBeGreaterThanOrEqual(40);
    expect(best / angry.length).toBeGreaterThan(0.8);
  });

  it('has broadcaster, moderator, vip, subscriber and first-time chatters', () => {
    for (const role of ['broadcaster', 'moderator', 'vip', 'subscriber'] as const) {
      expect(messages.some((m) => m.user.roles.includes(role))).toBe(true);
    }
    const firsts = messages.filter((m) => m.user.firstMessage);
    expect(firsts.length).toBeGreaterThan(20);
    // the flag is on a user's first line only
    expect(new Set(firsts.map((m) => m.user.id)).size).toBe(firsts.length);
  });

  it('gives emote ranges in code points, naming the emote they cover', () => {
    const withEmotes = messages.filter((m) => m.emotes.length > 0);
    expect(withEmotes.length).toBeGreaterThan(100);
    expect(withEmotes.some((m) => /\p{Extended_Pictographic}/u.test(m.text))).toBe(true);
    for (const m of withEmotes) {
      const cps = [...m.text];
      for (const e of m.emotes) expect(cps.slice(e.start, e.end + 1).join('')).toBe(e.name);
    }
  });
});
