import { describe, expect, it } from 'vitest';
import { PASTA_SET, SPAM_SET, pastaCopies, raidTimeline, spamEvaluators } from '../../../scripts/eval/spam.js';
import type { Row } from '../../../scripts/eval/types.js';

const row = (text: string, label: string, i: number): Row => ({ id: `r${i}`, text, label });
const PASTAS = [
  'RAISING MONEY FeelsGoodMan FULFILLING DREAMS FeelsGoodMan FOR THE COST OF FeelsGoodMan BANNING MEMES',
  'if spamming is all you do, just know that your life must really suck for that to cause enjoyment',
  '主播太坑了大家不要买这个东西质量很差退款也不给退大家散了吧散了吧',
];
const ORDINARY = [
  'how much is the shipping to canada', 'love this lipstick colour', '这个多少钱？…', '主播好！今天有什么新品吗', 'is the XL size in stock?',
  'what time does the sale end', 'gg', 'I want to change my card pin', '包邮吗', 'the blue one looks great on you',
];

describe('spam eval scorers', () => {
  it('makes three copies of a pasta: as is, with characters appended, with one character removed', () => {
    const [a, b, c] = pastaCopies('abcdefghij', 0);
    expect(a).toBe('abcdefghij');
    expect(b.startsWith(a) && b.length > a.length).toBe(true);
    expect(c).toBe('abcdeghij');
  });

  it('sends each pasta from three users within 10 s, ordinary lines in between', () => {
    const tl = raidTimeline(PASTAS, ORDINARY);
    expect(tl).toHaveLength(PASTAS.length * 3 + ORDINARY.length);
    for (let p = 0; p < PASTAS.length; p++) {
      const copies = tl.filter((x) => x.pasta === p);
      expect(new Set(copies.map((x) => x.user)).size).toBe(3);
      expect(copies.at(-1)!.at - copies[0]!.at).toBeLessThan(10_000);
    }
    expect(tl.every((x, i) => i === 0 || tl[i - 1]!.at <= x.at)).toBe(true);
  });

  it('scores the copypasta replay: every raid caught, no ordinary line held', async () => {
    const sets = new Map<string, readonly Row[]>([
      [PASTA_SET, PASTAS.map((t, i) => row(t, 'copypasta', i))],
      ['en-sentiment-semeval17', ORDINARY.map((t, i) => row(t, 'neutral', i))],
      ['en-offensive-olid', [row('you are a fucking idiot', 'offensive', 99)]], // abusive rows are not ordinary chat
    ]);
    const r = await spamEvaluators[PASTA_SET]!(sets.get(PASTA_SET)!, { sets, progress: () => {} });
    expect(r).toMatchObject({ recall: 1, n: 3, false_hold_rate: 0, ordinary_lines: ORDINARY.length });
    expect(Object.keys(r.baselines ?? {})).toEqual(['bad-words', 'obscenity']);
  });

  it('scores the spam set with precision, recall, F1 and both baselines', async () => {
    const rows = [
      row('check out my channel and subscribe for free followers http://bigfollows.io', 'spam', 1),
      row('加微信领取优惠券 代刷粉丝', 'spam', 2),
      row('this song is so good, I listen to it every day', 'ham', 3),
      row('who is watching in 2015?', 'ham', 4),
    ];
    const r = await spamEvaluators[SPAM_SET]!(rows, { sets: new Map([[SPAM_SET, rows]]), progress: () => {} });
    expect(r).toMatchObject({ precision: 1, recall: 1, f1: 1, n: 4 });
    expect(r.baselines?.['bad-words']).toMatchObject({ n: 4 });
  });
});
