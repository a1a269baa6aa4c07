import { describe, expect, it } from 'vitest';
import { IGNORE, foldCode, foldString, foldTerm, leetCode } from '../../../filters/normalize.js';

describe('foldString', () => {
  it.each([
    ['FUCK', 'fuck', 'upper case'],
    ['ＦＵＣＫ', 'fuck', 'full-width Latin'],
    ['fυсk', 'fuck', 'Greek upsilon and Cyrillic es'],
    ['ѕһіt'.replace('һ', 'h'), 'shit', 'Cyrillic dze and i'],
    ['f\u200bu\u200dc\ufeffk', 'fuck', 'zero-width characters dropped'],
    ['crème brûlée', 'creme brulee', 'accents'],
    ['罵人', '骂人', 'traditional → simplified'],
    ['操你媽', '操你妈', 'traditional mother'],
    ['傻逼', '傻逼', 'simplified unchanged'],
  ])('%s → %s (%s)', (input, want) => {
    expect(foldString(input)).toBe(want);
  });
});

describe('leetspeak', () => {
  it.each([
    ['4', 'a'], ['@', 'a'], ['3', 'e'], ['1', 'i'], ['!', 'i'], ['0', 'o'], ['$', 's'], ['5', 's'], ['7', 't'],
  ])('%s reads as %s inside words', (ch, want) => {
    expect(String.fromCharCode(leetCode(ch.charCodeAt(0)))).toBe(want);
  });
  it('leaves other symbols alone', () => {
    expect(leetCode('#'.charCodeAt(0))).toBe(0);
    expect(leetCode('9'.charCodeAt(0))).toBe(0);
  });
  it('folds a console term to letters only', () => {
    expect(foldTerm('Sh!t-Head')).toBe('shithead');
    expect(foldTerm('傻 逼')).toBe('傻逼');
  });
  it('marks zero-width joiners as ignorable', () => {
    expect(foldCode(0x200d)).toBe(IGNORE);
  });
});

describe('the fold table over U+3400–9FFF', () => {
  it('keeps every unit of the range inside it (the English tokenizer skips the table there)', () => {
    for (let c = 0x3400; c <= 0x9fff; c++) {
      const f = foldCode(c);
      expect(f !== IGNORE && f >= 0x3400 && f <= 0x9fff).toBe(true);
    }
  });
});
