import { describe, expect, it } from 'vitest';
import { FiltersConfigSchema, parseFiltersConfig } from '../../config/filters-config.js';

function refused(raw: unknown): string {
  try {
    parseFiltersConfig(raw);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the filters config to be refused');
}

describe('filters config', () => {
  it('fills sensible defaults from nothing', () => {
    const c = FiltersConfigSchema.parse(undefined);
    expect(c.blockedTerms).toEqual([]);
    expect(c.raid).toMatchObject({ minUsers: 2, windowMs: 10_000 });
    expect(c.sensitivity).toEqual({ abuse: 'medium', spam: 'medium', links: 'medium', privacy: 'medium', raids: 'medium' });
    expect(c.policy.exemptRoles).toEqual(['broadcaster', 'moderator', 'vip']);
    expect(c.spam.links.allow).toContain('twitch.tv');
    expect(c.pii.orderPatterns.length).toBeGreaterThan(0);
  });

  it.each([
    [{ policy: { rules: { 'spam.capz': 'hold' } } }, /filters\.policy\.rules\.spam\.capz: unknown filter "spam\.capz"/],
    [{ policy: { rules: { spam: 'delete' } } }, /filters\.policy\.rules\.spam/],
    [{ flood: { maxMessages: -1 } }, /filters\.flood\.maxMessages: must not be negative/],
    [{ raid: { windowMs: -5 } }, /filters\.raid\.windowMs: must not be negative/],
    [{ spam: { caps: { ratio: 1.5 } } }, /filters\.spam\.caps\.ratio: must be at most 1/],
    [{ policy: { holdScore: -0.1 } }, /filters\.policy\.holdScore: must not be negative/],
    [{ pii: { orderPatterns: [{ name: 'bad', pattern: '([A-Z' }] } }, /filters\.pii\.orderPatterns\.0\.pattern: invalid regular expression/],
    [{ spam: { capz: {} } }, /filters\.spam/],
  ])('refuses %j naming the field', (raw, message) => {
    expect(refused(raw)).toMatch(message);
  });

  it('lists every problem at once', () => {
    expect(refused({ flood: { maxMessages: -1 }, raid: { minUsers: -2 } })).toMatch(/^filters config has 2 problems:/);
  });

  it('throws the project error base with SR_CONFIG_INVALID', () => {
    expect(() => parseFiltersConfig({ flood: { maxMessages: -1 } })).toThrow(expect.objectContaining({ name: 'ShowrunnerError', code: 'SR_CONFIG_INVALID' }));
  });
});
