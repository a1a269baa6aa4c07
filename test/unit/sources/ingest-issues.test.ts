import { describe, expect, it } from 'vitest';
import { Ingest, MAX_ISSUES_PER_ITEM, MAX_ISSUES_PER_REPLY, type IngestResult } from '../../../server/sources/ingest.js';

const good = { platform: 'tiktok', user: { id: 'u', name: 'n', displayName: 'N' }, text: 'hi' };
/** An item with n problems: n emotes whose ids are empty. */
const bad = (n: number) => ({ ...good, emotes: Array.from({ length: n }, () => ({ id: '', start: 0, end: 0 })) });

const ingest = () => new Ingest(() => 1_000, { maxBatch: 100, defer: () => {} });

describe('the ingest reply to refused items', () => {
  it('lists every problem of each refused item, beside the valid ones that go on', () => {
    const r = ingest().accept([good, { text: 'hi', user: { id: 'u' } }, good]) as IngestResult;
    expect(r.accepted).toBe(2);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]).toMatchObject({ index: 1, path: ['platform'], moreIssues: 0 });
    // a display name may be left out (the name is shown): not a problem
    expect(r.rejected[0]?.issues.map((i) => i.field)).toEqual(['platform', 'user.name']);
  });

  it('takes an item without a display name, showing the viewer’s name', () => {
    const r = ingest().accept([{ platform: 'tiktok', user: { id: 'u1', name: 'amy' }, text: '包邮吗？' }, { platform: 'tiktok', user: { id: 'u2', name: 'bo', displayName: '' }, text: 'hi' }]) as IngestResult;
    expect(r.accepted).toBe(1);
    // an empty one is still refused: left out, or a name
    expect(r.rejected[0]).toMatchObject({ index: 1, path: ['user', 'displayName'] });
  });

  it('caps the issues per item and per reply, counting the rest of each item', () => {
    // 12 items of 25 problems: 20 listed per item until the reply's 200 are spent
    const r = ingest().accept(Array.from({ length: 12 }, () => bad(25))) as IngestResult;
    expect(r.accepted).toBe(0);
    const listed = r.rejected.map((x) => x.issues.length);
    expect(listed).toEqual([...Array<number>(10).fill(MAX_ISSUES_PER_ITEM), 0, 0]);
    expect(listed.reduce((a, b) => a + b, 0)).toBe(MAX_ISSUES_PER_REPLY);
    expect(r.rejected.map((x) => x.moreIssues)).toEqual([...Array<number>(10).fill(5), 25, 25]);
    // past the cap an item still has its reason
    expect(r.rejected[11]?.reason).toMatch(/at emotes\.0\.id \(and 24 more/);
  });
});
