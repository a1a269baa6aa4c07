import { describe, expect, it } from 'vitest';
import { FiltersConfigSchema } from '../../../config/filters-config.js';
import { createFilterEngine } from '../../../filters/engine.js';
import type { Finding } from '../../../config/chat.js';
import { createAbuseDetectors } from '../../../filters/abuse.js';
import { LEXEME_RE, detectDirected, mayHoldLexeme } from '../../../filters/directed.js';

const directed = (text: string, prior: Finding[] = []): Finding[] => {
  const out = [...prior];
  detectDirected(text, out);
  return out.slice(prior.length);
};

describe('directed insults', () => {
  it.each([
    ['ur so ugly', 'abuse.en', 'ur so ugly'],
    ['you look like a pig lol', 'abuse.en', 'you look like a pig'],
    ['You are SO fat', 'abuse.en', 'You are SO fat'],
    ["you're such a loser", 'abuse.en', "you're such a loser"],
    ['this host is ugly af', 'abuse.en', 'this host is ugly'],
    ['your face is disgusting', 'abuse.en', 'your face is disgusting'],
    ['你长得真丑', 'abuse.zh', '你长得真丑'],
    ['主播好胖啊', 'abuse.zh', '主播好胖'],
    ['你像个猪一样', 'abuse.zh', '你像个猪'],
  ])('holds %j (%s)', (text, filter, phrase) => {
    const [f] = directed(text);
    expect(f).toMatchObject({ filter, severity: 'medium', detail: `directed insult: "${phrase}"` });
    expect(f?.span && text.slice(f.span[0], f.span[1])).toBe(phrase);
  });

  it.each([
    'the ugly sweater contest is on',
    'this pig costume is cute',
    'is the fat free version in stock',
    'can you trash the old box',
    'what a pig',
    'you look great today',
    'do you have it in cow print',
    '你觉得丑吗',
    '这个颜色丑不丑',
    '猪肉脯多少钱',
    '主播好漂亮',
  ])('leaves %j alone', (text) => {
    expect(directed(text)).toEqual([]);
  });

  it('does not repeat a place the word lists already reported', () => {
    const prior: Finding[] = [{ filter: 'abuse.en', severity: 'medium', detail: 'matched "idiot" (insult)', span: [12, 17] }];
    expect(directed('you are an idiot', prior)).toEqual([]);
  });

  it('reaches the abuse detectors: "ur so ugly" is held for a moderator (severe: aimed at someone), not blocked', () => {
    const found = createAbuseDetectors({ blockedTerms: [], allowedTerms: [], models: null }).detect('ur so ugly');
    expect(found).toEqual([expect.objectContaining({ filter: 'abuse.en', severity: 'high', detail: 'directed insult: "ur so ugly", aimed at someone' })]);
    expect(createFilterEngine(FiltersConfigSchema.parse({}), { abuseModels: null, spamModel: null }).check({ id: 'm', platform: 't', channel: 'c', user: { id: 'u', name: 'u', displayName: 'u', roles: [] }, text: 'ur so ugly', emotes: [], receivedAt: 0 }, 0).action).toBe('hold');
  });

  it('a short insult aimed at someone is held; the same word not aimed at anyone is flagged', () => {
    const e = createFilterEngine(FiltersConfigSchema.parse({}), { abuseModels: null, spamModel: null });
    const check = (text: string, user: string) => e.check({ id: user, platform: 't', channel: 'c', user: { id: user, name: user, displayName: user, roles: [] }, text, emotes: [], receivedAt: 0 }, 0).action;
    expect(check('you are an idiot', 'a')).toBe('hold');
    expect(check('垃圾主播', 'b')).toBe('hold');
    expect(check('shut up b1tch', 'c')).toBe('flag'); // profanity, nobody named
    expect(check('this is sh1t', 'd')).toBe('flag');
    expect(check('f u c k this stream', 'f')).toBe('flag'); // the "u" of the word itself addresses nobody
    expect(check('go die', 'e')).toBe('hold'); // a threat
  });
});

describe('the lexeme prefilter', () => {
  it('passes every line the lexeme pattern matches, and rejects ordinary chat', () => {
    const lines = ['ur so UGLY', 'FaT', 'what a pig', 'cowboy', 'Stupid', 'x idiot', 'moron!', 'trash talk', 'GARBAGE', 'clowns', 'creepy', 'whales', 'hag',
      'disgusting', 'gross', 'hideous', 'dumb', 'loser', '你长得真丑', '主播好胖', '肥', '猪', '恶心', '难看', 'fa t', 'ug ly'];
    for (const t of lines) if (LEXEME_RE.test(t)) expect(mayHoldLexeme(t)).toBe(true);
    for (const t of ['hello there', 'i love the music', '好可爱', '这个多少钱？', 'fa t', '']) {
      expect(LEXEME_RE.test(t)).toBe(false);
      expect(mayHoldLexeme(t)).toBe(false);
    }
  });
});
