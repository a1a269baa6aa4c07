import { describe, expect, it } from 'vitest';
import { createRaidState, raidEntries, readsAsAsk, sketchOf, sketchSimilarity, stepRaid } from '../../../filters/raid.js';
import { normalizeForCompare } from '../../../filters/text-stats.js';
import { chat, config } from './spam-helpers.js';

const cfg = config().raid; // 2 users in 10 s (what follows is the raids level's call)

function replay(lines: [number, string, string][], c = cfg) {
  const state = createRaidState();
  return { state, out: lines.map(([at, user, text]) => stepRaid(state, chat(text, { user }), at, c, normalizeForCompare(text)).finding?.severity ?? '') };
}

const PASTA = 'RAISING MONEY FeelsGoodMan FULFILLING DREAMS FeelsGoodMan FOR THE COST OF FeelsGoodMan BANNING MEMES FeelsGoodMan';
const ZH = '主播太坑了大家不要买这个东西质量很差退款也不给退大家散了吧';

describe('copy-paste raids', () => {
  it.each([
    ['identical copies', PASTA, PASTA, PASTA],
    ['appended characters', PASTA, `${PASTA} LUL`, `${PASTA}!!!! 1`],
    ['small edits', PASTA, PASTA.replace('DREAMS', 'DREEMS'), PASTA.toLowerCase().replace('COST', 'cost')],
    ['中文刷屏', ZH, `${ZH}！！`, ZH.replace('很差', '太差')],
  ])('reports the 2nd copy from a second viewer within 10 s: %s', (_, a, b, c) => {
    const { out } = replay([[0, 'u1', a], [3000, 'u2', b], [6000, 'u3', c]]);
    expect(out).toEqual(['', 'medium', 'medium']);
  });
  it('does not count one user three times, nor copies spread over more than 10 s', () => {
    expect(replay([[0, 'u1', PASTA], [1000, 'u1', PASTA], [2000, 'u1', PASTA]]).out).toEqual(['', '', '']);
    expect(replay([[0, 'u1', PASTA], [11_000, 'u2', PASTA], [22_000, 'u3', PASTA]]).out).toEqual(['', '', '']);
  });
  it('ignores short chat lines many people type', () => {
    expect(replay([[0, 'u1', 'gg'], [10, 'u2', 'gg'], [20, 'u3', 'gg'], [30, 'u4', 'LUL LUL'], [40, 'u5', '哈哈哈哈']]).out.join('')).toBe('');
  });
  // QA pass: two viewers asking "what size is the model wearing?" were a low raid (flagged), three a medium one (held)
  it.each([
    ['what size is the model wearing?'],
    ['can you show the back of it please'],
    ['这个有现货吗什么时候发货呀'],
    ['请问这件衣服有没有大码的'],
    ['链接在哪里呀主播发一下链接'],
    ['I want the red one in size M please'],
  ])('a short question or buyer\'s line from a few viewers is no raid; from 8 it is (%s)', (text) => {
    const { out } = replay(Array.from({ length: 9 }, (_, i) => [i * 500, `u${i}`, text] as [number, string, string]));
    expect(out).toEqual(['', '', '', '', '', '', '', 'high', 'high']);
  });
  // QA pass: "first time watching, this is fun" typed by two viewers was flagged as a low raid
  it('a short line that asks nothing is a raid from the 3rd viewer (shortUsers), and a long paste that asks is from its 2nd copy', () => {
    const fun = 'first time watching, this is fun';
    expect(replay([[0, 'u1', fun], [500, 'u2', fun], [900, 'u3', fun]]).out).toEqual(['', '', 'medium']);
    expect(replay([[0, 'u1', fun], [500, 'u2', fun]], { ...cfg, shortUsers: 2 }).out).toEqual(['', 'low']);
    expect(replay([[0, 'u1', 'this streamer sells fake stuff dont buy'], [500, 'u2', 'this streamer sells fake stuff dont buy'], [900, 'u3', 'this streamer sells fake stuff dont buy']]).out).toEqual(['', '', 'medium']);
    const ask = 'is it true that this shop sells fake bags and never ships the orders??';
    expect(replay([[0, 'u1', ask], [500, 'u2', ask]]).out).toEqual(['', 'medium']);
  });
  it('askUsers is the config\'s: at 3 a short question is a raid from the 3rd viewer', () => {
    const q = 'what size is the model wearing?';
    expect(replay([[0, 'u1', q], [500, 'u2', q], [900, 'u3', q]], { ...cfg, askUsers: 3 }).out).toEqual(['', '', 'medium']);
  });
  it.each([
    ['link?', true],
    ['what size is she wearing', true],
    ['hey guys is shipping free', true],
    ['size M please 😍', true],
    ["i'll take one!!", true],
    ['just ordered 2', true],
    ['包邮吗', true],
    ['这个多少钱', true],
    ['已拍，主播快发货', true],
    ['我要一件红色的M码', true],
    ['this streamer sells fake stuff dont buy', false],
    ['主播卖假货大家千万别买', false],
    ['BUY FOLLOWERS cheap at spam dot com', false],
    ['求链接', true],
    // a smear from a few accounts is not excused as a buyer's line
    ['this seller sold me fake stuff dont buy', false],
    ['求求你们别买了都是假货', false],
    ['that dress looks amazing on you', false],
  ])('reads %j as an ask or a buyer\'s line: %s', (text, want) => {
    expect(readsAsAsk(text)).toBe(want);
  });
  it('keeps different messages on a common theme apart', () => {
    const lines: [number, string, string][] = [
      [0, 'u1', 'how much is the red dress in size M please'],
      [100, 'u2', 'how much is the blue jacket in size L please'],
      [200, 'u3', 'how much is the shipping to Canada please'],
      [300, 'u4', '请问这个红色的裙子M码多少钱呢'],
      [400, 'u5', '请问这个蓝色的外套L码多少钱呢'],
    ];
    expect(replay(lines).out.join('')).toBe('');
  });
  it('turns high at 8 users, and drops entries older than the window or over the cap', () => {
    const users = Array.from({ length: 8 }, (_, i) => [i * 100, `u${i}`, PASTA] as [number, string, string]);
    expect(replay(users).out.at(-1)).toBe('high');
    const { state } = replay(Array.from({ length: 300 }, (_, i) => [i * 10, `u${i}`, `distinct message number ${i} about things`] as [number, string, string]), { ...cfg, maxEntries: 100 });
    expect(raidEntries(state)).toBeLessThanOrEqual(100);
    const later = replay([[0, 'u1', PASTA], [1, 'u2', `${PASTA} x`]]).state;
    stepRaid(later, chat('another quite long message here', { user: 'u9' }), 60_000, cfg, normalizeForCompare('another quite long message here'));
    expect(raidEntries(later)).toBe(1);
    expect(later.buckets.size).toBeLessThanOrEqual(8); // one entry, its 8 bucket keys
  });
  it.each(['thequickbrownfoxjumpsoverthelazydog0123456789', 'abababababababab', '主播卖假货大家别买都是三无产品'])('keeps the 16 smallest distinct 4-gram hashes of %s, ascending', (norm) => {
    const all = new Set<number>();
    for (let i = 0; i + 4 <= norm.length; i++) all.add(sketchOf(norm.slice(i, i + 4))[0]!);
    expect(sketchOf(norm)).toEqual([...all].sort((a, b) => a - b).slice(0, 16));
  });
  it('estimates similarity from the sketches', () => {
    const a = sketchOf(normalizeForCompare(PASTA));
    expect(a).toHaveLength(16);
    expect(sketchSimilarity(a, a)).toBe(1);
    expect(sketchSimilarity(a, sketchOf(normalizeForCompare('completely unrelated sentence about cooking pasta')))).toBeLessThan(0.5);
  });
});
