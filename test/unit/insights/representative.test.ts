/** Cards a host can read aloud (issue 14): the clearest question of the cluster, one line per language. */
import { describe, expect, it } from 'vitest';
import { newClusterState, readability, stepClusters, viewClusters, type QuestionItem } from '../../../insights/clusters.js';
import { detectLang } from '../../../filters/lang.js';

const q = (text: string, user: string): QuestionItem => ({ text, userId: user, lang: detectLang(text) });
const view = { minAskers: 2, maxShown: 10, maxExamplesShown: 3 };
const cardOf = (texts: string[]) => {
  const s = newClusterState();
  const ids = texts.map((t, i) => stepClusters(s, q(t, `u${i}`), 1000 * i).clusterId);
  expect(new Set(ids).size).toBe(1);
  const [c] = viewClusters(s, 10_000, [], view);
  return c!;
};

describe('the representative line', () => {
  it('is the clearest question, not the first one seen: no emotes, URLs, @mentions or shouting', () => {
    expect(cardOf(['SHIPPING COST PogChamp', 'is shipping free', 'how much is shipping?']).representative).toBe('how much is shipping?');
    expect(cardOf(['@luna shipping cost???', 'how much is shipping?', 'shipping cost?']).representative).not.toContain('@');
    expect(cardOf(['运费多少？？？？ [哭]', '运费多少', '包邮吗']).representative).not.toMatch(/[？]{2}|\[/);
  });

  it('prefers a marked question (?, 吗) over a bare one', () => {
    expect(readability('包邮吗', 'zh')).toBeGreaterThan(readability('包邮', 'zh'));
    expect(readability('how much is shipping?', 'en')).toBeGreaterThan(readability('how much is shipping', 'en'));
  });

  it('scores down what cannot be read aloud', () => {
    const plain = readability('is the jacket waterproof?', 'en');
    expect(readability('IS THE JACKET WATERPROOF?', 'en')).toBeLessThan(plain);
    expect(readability('is the jacket waterproof? https://shop.example.com/j', 'en')).toBeLessThan(plain);
    expect(readability('is the jacket waterproof? Kappa', 'en')).toBeLessThan(plain);
    expect(readability('is the jacket waterproof?!?!?!', 'en')).toBeLessThan(plain);
    // a run of marks is exasperation: below the calm marked line and the bare one
    expect(readability('什么时候发货啊？？？', 'zh')).toBeLessThan(readability('什么时候发货啊', 'zh'));
    expect(readability('什么时候发货啊？？？', 'zh')).toBeLessThan(readability('什么时候发货啊？', 'zh'));
    expect(readability('cute', 'en')).toBeLessThan(plain);
  });

  it('a card asked in both languages shows one line in each', () => {
    const c = cardOf(['运费多少', 'how much is shipping?', '包邮吗？', 'shipping cost?']);
    const han = /\p{Script=Han}/u;
    expect(c.representativeAlt).toBeDefined();
    expect(han.test(c.representative)).not.toBe(han.test(c.representativeAlt!));
    // which of the two is Chinese, for pages without a script check of their own (overlay, console)
    expect(c.representativeZh).toBe(han.test(c.representative));
  });

  it('a card in one language has no second line', () => {
    expect(cardOf(['运费多少', '包邮吗？', '包不包邮']).representativeAlt).toBeUndefined();
  });
});
