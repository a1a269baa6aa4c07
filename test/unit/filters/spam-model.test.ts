import { describe, expect, it } from 'vitest';
import { detectSpamModel, loadSpamModel, spamModelApplies, trainedThresholds } from '../../../filters/spam-model.js';

const t = { threshold: 0.8, highThreshold: 0.95, hintThreshold: 0.3 };
const fixed = (p: number) => ({ header: t, probability: () => p });
const LONG = 'please go and watch the new video on the channel, it is really good';

describe('spam model gate and thresholds', () => {
  it.each([
    ['short text, no hint: the model is not asked', 'is there free shipping over 50', 0.99, false, null],
    ['short text with a link or promotion: asked', 'is there free shipping over 50', 0.5, true, 'medium'],
    ['long text alone above the threshold', LONG, 0.85, false, 'medium'],
    ['long text alone below the threshold', LONG, 0.5, false, null],
    ['long text, high probability', LONG, 0.97, false, 'high'],
    ['hint lowers the threshold', LONG, 0.35, true, 'medium'],
    ['Chinese text is never scored', '加我看看这个东西真的很好用 please subscribe to my channel now', 0.99, true, null],
    ['too few Latin letters even with a hint', 'sub pls', 0.99, true, null],
  ])('%s', (_, text, p, hinted, severity) => {
    expect(detectSpamModel(fixed(p), text, t, hinted)?.severity ?? null).toBe(severity);
  });

  it('applies only to Latin text of 20 letters or more', () => {
    expect(spamModelApplies('abcdefghij klmnopqrst')).toBe(true);
    expect(spamModelApplies('abcdefghij')).toBe(false);
    expect(spamModelApplies('这是中文 abcdefghij klmnopqrst uvw')).toBe(false);
  });

  it('ships a model whose header records its training and thresholds', () => {
    const m = loadSpamModel();
    expect(m).not.toBeNull();
    expect(m!.header.sets).toContain('en-spam-youtube');
    expect(m!.header.trainedTextHashes.length).toBeGreaterThan(m!.header.rows * 0.99); // hashes are deduplicated
    const th = trainedThresholds(m!);
    expect(th.hintThreshold).toBeLessThanOrEqual(th.threshold);
    expect(m!.probability('check out my channel and subscribe, free followers at my page http://x.io', { low: false, medium: false, high: false })).toBeGreaterThan(0.5);
  });
});
