import { describe, expect, it } from 'vitest';
import { createAbuseDetectors } from '../../../filters/abuse.js';
import { compileEnMatcher } from '../../../filters/abuse-en.js';

// Lexicon-only detectors: these tables pin the word-list behaviour; the model has its own tests.
const lex = () => createAbuseDetectors({ blockedTerms: [], allowedTerms: [], models: null });
const d = lex();
const filters = (text: string) => d.detect(text).map((f) => f.filter);

describe('English abuse: obfuscations are caught', () => {
  it.each([
    ['fuck you', 'fuck'],
    ['FUCK YOU', 'FUCK'],
    ['fuuuuuck off', 'fuuuuuck'],
    ['f.u.c.k this', 'f.u.c.k'],
    ['f u c k this', 'f u c k'],
    ['f*u*c*k this', 'f*u*c*k'],
    ['ｆｕｃｋ', 'ｆｕｃｋ'],
    ['fυсk (Greek/Cyrillic)', 'fυсk'],
    ['f\u200buck', 'f\u200buck'],
    ['you are a b1tch', 'b1tch'],
    ['what a $hit show!!!', '$hit'],
    ['sh1t', 'sh1t'],
    ['a$$hole', 'a$$hole'],
    ['@sshole', '@sshole'],
    ['bullshit', 'bullshit'],
    ['you absolute dumbass', 'dumbass'],
    ['sh!t happens', 'sh!t'],
  ])('%s → span covers %s', (text, shown) => {
    const found = d.detect(text);
    expect(found.length).toBeGreaterThan(0);
    const f = found[0]!;
    expect(f.filter).toBe('abuse.en');
    expect(['medium', 'high']).toContain(f.severity);
    expect(text.slice(f.span![0], f.span![1])).toBe(shown);
    expect(f.detail).toContain(`"${shown}"`);
  });

  it('rates slurs high and crude words medium', () => {
    expect(d.detect('shut up you f4ggot')[0]?.severity).toBe('high');
    expect(d.detect('this is shit')[0]?.severity).toBe('medium');
  });

  it('names telling someone to die as self-harm incitement, not a slur, and rates it high', () => {
    for (const [text, shown] of [['go die', 'go die'], ['just kill yourself', 'kill yourself'], ['kys lol', 'kys']] as const) {
      const f = d.detect(text)[0];
      expect(f?.severity, text).toBe('high');
      expect(f?.detail, text).toBe(`matched "${shown}" (self-harm incitement)`);
    }
    expect(d.detect('i will kill it on stage tonight')).toEqual([]);
  });
});

describe('English abuse: no Scunthorpe errors', () => {
  it.each([
    'classic', 'assassin', 'Scunthorpe United', 'cockpit', 'Kreygasm', 'cocktails tonight', 'a class act', 'pass the bass',
    'analysis of the titanic', 'Dickens wrote it', 'spicy cumin', 'shiitake mushrooms', 'Sussex and Essex', 'hello there',
    'what the hell', 'damn that is cheap', 'I sob at this ending', 'PogChamp LUL Kappa', 'grapes', 'therapist', 'Japan',
  ])('%s stays clean', (text) => {
    expect(d.detect(text)).toEqual([]);
  });
});

describe('Chinese abuse', () => {
  it.each([
    ['你就是个傻逼', '傻逼', 'high'], // aimed at someone (你 / 主播) in a line too short for the model
    ['傻 逼', '傻 逼', 'medium'],
    ['傻*逼', '傻*逼', 'medium'],
    ['傻.逼主播', '傻.逼', 'high'], // aimed at someone (你 / 主播) in a line too short for the model
    ['傻\u3000逼', '傻\u3000逼', 'medium'],
    ['傻｜逼', '傻｜逼', 'medium'],
    ['傻\u200b逼', '傻\u200b逼', 'medium'],
    ['你個賤貨', '賤貨', 'high'],
    ['你是傻b吧', '傻b', 'high'], // aimed at someone (你 / 主播) in a line too short for the model
    ['操你媽', '操你媽', 'high'],
    ['ＳＢ', 'ＳＢ', 'medium'],
    ['nmsl', 'nmsl', 'medium'],
    ['你这个脑残', '脑残', 'high'],
    ['滚蛋吧你', '滚蛋', 'high'], // aimed at someone (你 / 主播) in a line too short for the model
    ['约炮吗美女', '约炮', 'high'],
  ])('%s → %s (%s)', (text, shown, severity) => {
    const f = d.detect(text)[0];
    expect(f?.filter).toBe('abuse.zh');
    expect(f?.severity).toBe(severity);
    expect(text.slice(f!.span![0], f!.span![1])).toBe(shown);
  });

  it.each([
    '骗子！！退钱', '卖假货', '我要退款', '这个垃圾东西用一天就坏了', '差评', '牛逼主播', '好可爱', '坐公交车去', '孙子兵法',
    '他很傻。逼我买的', '傻boy',
  ])('complaint or harmless %s is not abuse', (text) => {
    expect(filters(text)).toEqual([]);
  });
});

describe('live terms', () => {
  it('adds and removes a blocked English term', () => {
    const det = lex();
    expect(det.detect('you are a potato')).toEqual([]);
    det.setTerm('blocked', 'potato', true);
    expect(det.detect('you are a p0tato')[0]).toMatchObject({ filter: 'abuse.en', span: [10, 16] });
    det.setTerm('blocked', 'potato', false);
    expect(det.detect('you are a potato')).toEqual([]);
  });

  it('adds and removes a blocked Chinese term', () => {
    const det = lex();
    det.setTerm('blocked', '土豆', true);
    expect(det.detect('你是土 豆')[0]).toMatchObject({ filter: 'abuse.zh', span: [2, 5] });
    det.setTerm('blocked', '土豆', false);
    expect(det.detect('你是土豆')).toEqual([]);
  });

  it('an allowed term silences a list word, and removing it restores the match', () => {
    const det = lex();
    expect(det.detect('crap')).toEqual([]); // mild: not a finding
    expect(det.detect('what a bitch')).toHaveLength(1);
    det.setTerm('allowed', 'bitch', true);
    expect(det.detect('what a bitch')).toEqual([]);
    det.setTerm('allowed', 'bitch', false);
    expect(det.detect('what a bitch')).toHaveLength(1);
  });

  it('takes initial terms from the options', () => {
    const det = createAbuseDetectors({ blockedTerms: ['noob'], allowedTerms: ['傻逼'], models: null });
    expect(det.detect('n00b')).toHaveLength(1);
    expect(det.detect('傻逼')).toEqual([]);
  });
});

describe('English stems inside words', () => {
  const matcher = (stems: string[]) =>
    compileEnMatcher({ base: [], slurs: [], selfHarm: [], additions: [], mild: [], exemptions: [], stems, safeWords: [], zhLatin: [], blocked: [], allowed: [] });
  const shown = (m: ReturnType<typeof matcher>, text: string) => {
    const out: Parameters<ReturnType<typeof matcher>['scan']>[1] = [];
    m.scan(text, out);
    return out.map((f) => text.slice(f.span![0], f.span![1]));
  };
  it('finds a stem at any place it fits, and none where it does not', () => {
    const m = matcher(['fuck', 'shit']);
    expect(shown(m, 'motherfuckers and bullsh1t')).toEqual(['motherfuckers', 'bullsh1t']);
    expect(shown(m, 'fuc shi hits')).toEqual([]);
  });
  it('finds a stem of one collapsed letter (zz → z, run of two) inside a word', () => {
    // the first-two-letters table has no second letter to go by for it
    const m = matcher(['zz']);
    expect(shown(m, 'buzzword')).toEqual(['buzzword']);
    expect(shown(m, 'z zebra')).toEqual([]);
  });
});
