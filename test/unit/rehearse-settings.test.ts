/** The settings a rehearsal from the review page replays through (server/shows/rehearse-job.ts): recorded, then YAML, then the form. */
import { describe, expect, it } from 'vitest';
import { BadRehearsal, defaultRehearsalConfig, rehearsalSettings } from '../../server/shows/rehearse-job.js';

const header = { sensitivity: { abuse: 'high', spam: 'medium', links: 'medium', privacy: 'medium', raids: 'medium' }, terms: { blocked: ['Leather', 'fake'], allowed: ['damn'] } };

describe('rehearsal settings', () => {
  it('starts from what the show ran with and applies the YAML fragment, then the levels and terms', () => {
    const base = defaultRehearsalConfig();
    expect(rehearsalSettings(base, header, {}).filters).toMatchObject({ sensitivity: header.sensitivity, blockedTerms: ['Leather', 'fake'], allowedTerms: ['damn'] });
    const s = rehearsalSettings(base, header, {
      yaml: 'filters:\n  sensitivity:\n    links: low\n    abuse: off\n  flood:\n    maxMessages: 9\ninsights:\n  clusterThreshold: 0.5\n',
      sensitivity: { abuse: 'low' },
      blocked: { add: ['scam', 'FAKE'], remove: ['leather'] },
      allowed: { remove: ['damn'] },
    });
    expect(s.filters.sensitivity).toMatchObject({ abuse: 'low', links: 'low', spam: 'medium' });
    expect(s.filters.blockedTerms).toEqual(['fake', 'scam']);
    expect(s.filters.allowedTerms).toEqual([]);
    expect(s.filters.flood.maxMessages).toBe(9);
    expect(s.insights.clusterThreshold).toBe(0.5);
    expect(s.faqFile).toBe(base.faqFile);
  });

  it('names what is wrong', () => {
    const base = defaultRehearsalConfig();
    const msg = (body: unknown): string => {
      try {
        rehearsalSettings(base, header, body);
      } catch (err) {
        expect(err).toBeInstanceOf(BadRehearsal);
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(msg({ sensitivity: { abuse: 'loose' } })).toMatch(/^sensitivity\.abuse: /);
    expect(msg({ yaml: '- a\n- b' })).toMatch(/must be a mapping/);
    expect(msg({ yaml: 'store:\n  path: x' })).toMatch(/not store/);
    expect(msg({ yaml: 'filters:\n  blockedTerms: 3' })).toMatch(/^filters\.blockedTerms: /);
    expect(msg({ yaml: 'insights:\n  clusterThreshold: 2' })).toMatch(/^insights\./);
  });
});
