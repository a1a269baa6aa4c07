import { describe, expect, it } from 'vitest';
import { batchItems, checkIngestItemFast, IngestBatchSchema, IngestItemSchema, parseIngestItem } from '../../../server/sources/ingest-item.js';
import { seededRandom } from '../../../filters/random.js';

const valid = {
  id: 'm1',
  platform: 'tiktok',
  channel: 'shop',
  user: { id: 'u1', name: 'ann', displayName: 'Ann', roles: ['subscriber', 'vip'], firstMessage: true },
  text: 'how much is the red one?',
  emotes: [{ id: 'e1', name: 'Kappa', start: 0, end: 4 }, { id: 'e2', start: 5, end: 5 }],
  receivedAt: 1_700_000_000_000,
};

const ODD_VALUES: unknown[] = [undefined, null, '', 'x', 'y'.repeat(33), 'z'.repeat(129), 'w'.repeat(2001), 0, -0, -1, 1.5, 2 ** 53, Number.NaN, Infinity, true, false, [], {}, ['vip'], ['owner'], [{ id: 'e', start: 0, end: 1 }], [{ id: '', start: 0, end: 1 }], [{ id: 'e', start: -1, end: 1 }], [{ id: 'e', name: 'n'.repeat(101), start: 0, end: 1 }], { id: 'u', name: 'n', displayName: 'd' }, '__proto__', 'constructor'];
const PATHS: string[][] = [['id'], ['platform'], ['channel'], ['user'], ['text'], ['emotes'], ['receivedAt'], ['user', 'id'], ['user', 'name'], ['user', 'displayName'], ['user', 'roles'], ['user', 'firstMessage'], ['emotes', '0'], ['emotes', '0', 'id'], ['emotes', '0', 'name'], ['emotes', '0', 'start'], ['emotes', '1', 'end'], ['extra'], ['user', 'extra'], ['__proto__']];

/** A deep copy of `valid` with one to three places changed (set to an odd value, or deleted). */
function mutate(next: () => number): unknown {
  const item = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
  const n = 1 + Math.floor(next() * 3);
  for (let k = 0; k < n; k++) {
    const path = PATHS[Math.floor(next() * PATHS.length)]!;
    let at: Record<string, unknown> = item;
    for (const key of path.slice(0, -1)) {
      const inner = at[key];
      if (typeof inner !== 'object' || inner === null) break;
      at = inner as Record<string, unknown>;
    }
    const last = path[path.length - 1]!;
    if (next() < 0.25) delete at[last];
    else Object.defineProperty(at, last, { value: ODD_VALUES[Math.floor(next() * ODD_VALUES.length)], enumerable: true, writable: true, configurable: true });
  }
  return item;
}

describe('the ingest item check', () => {
  it('takes the hand path for a plainly valid item, from JSON or not, with and without the optional keys', () => {
    const bare = { platform: 'tiktok', user: { id: 'u', name: 'n', displayName: 'N' }, text: 'hi' };
    for (const x of [valid, JSON.parse(JSON.stringify(valid)) as unknown, bare]) {
      const fast = checkIngestItemFast(x);
      expect(fast).not.toBeNull();
      expect(fast).toEqual(IngestItemSchema.parse(x));
    }
    expect(checkIngestItemFast(bare)).toMatchObject({ channel: 'ingest', emotes: [], user: { roles: [] } });
  });

  it('drops keys beyond the schema, as zod does, and copies arrays rather than sharing them', () => {
    const x = { ...valid, extra: 1, user: { ...valid.user, isAdmin: true } };
    const fast = checkIngestItemFast(x)!;
    expect(fast).toEqual(IngestItemSchema.parse(x));
    expect(fast).not.toHaveProperty('extra');
    expect(fast.user).not.toHaveProperty('isAdmin');
    expect(fast.user.roles).not.toBe(valid.user.roles);
    expect(fast.emotes[0]).not.toBe(valid.emotes[0]);
  });

  it.each([
    ['a role outside the list', { ...valid, user: { ...valid.user, roles: ['owner'] } }, 'user.roles.0'],
    ['an empty text', { ...valid, text: '' }, 'text'],
    ['a text over 2000 units', { ...valid, text: 'a'.repeat(2001) }, 'text'],
    ['a fractional receivedAt', { ...valid, receivedAt: 1.5 }, 'receivedAt'],
    // 8.7e15 was taken, and the console threw "Invalid time value" drawing its time
    ['a receivedAt past the last time a Date holds', { ...valid, receivedAt: 8_700_000_000_000_000 }, 'receivedAt'],
    ['a negative emote start', { ...valid, emotes: [{ id: 'e', start: -1, end: 0 }] }, 'emotes.0.start'],
    ['a platform over 32', { ...valid, platform: 'p'.repeat(33) }, 'platform'],
    ['no user', { platform: 'x', text: 'hi' }, 'user'],
  ])('refuses %s and zod gives the reason', (_name, x, path) => {
    expect(checkIngestItemFast(x)).toBeNull();
    const r = parseIngestItem(x);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.path.join('.')).toBe(path);
  });

  it('names every problem of a refused item at once: field path, what was expected, zod’s words', () => {
    const r = parseIngestItem({ channel: 'shop', user: { id: 'u1' }, text: 'hi' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.field)).toEqual(['platform', 'user.name']);
    expect(r.issues.map((i) => i.path)).toEqual([['platform'], ['user', 'name']]);
    expect(r.issues.every((i) => i.code === 'invalid_type' && i.expected === 'string' && /expected string/.test(i.message))).toBe(true);
    expect(r.moreIssues).toBe(0);
    // the first problem stays the reason and the path, as before, and says there are more
    expect(r.path).toEqual(['platform']);
    expect(r.reason).toMatch(/^Invalid input: expected string, received undefined at platform \(and 1 more/);
  });

  it.each([
    ['a role outside the list', { ...valid, user: { ...valid.user, roles: ['owner'] } }, 'user.roles.0', 'invalid_value', 'one of broadcaster|moderator|vip|subscriber'],
    ['an empty text', { ...valid, text: '' }, 'text', 'too_small', 'string of at least 1 characters'],
    ['a text over 2000 units', { ...valid, text: 'a'.repeat(2001) }, 'text', 'too_big', 'string of at most 2000 characters'],
    ['a negative emote start', { ...valid, emotes: [{ id: 'e', start: -1, end: 0 }] }, 'emotes.0.start', 'too_small', 'number >= 0'],
    ['a fractional receivedAt', { ...valid, receivedAt: 1.5 }, 'receivedAt', 'invalid_type', 'int'],
    ['not an object', 'hello', '', 'invalid_type', 'object'],
  ])('says what was expected for %s', (_name, x, field, code, expected) => {
    const r = parseIngestItem(x);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([expect.objectContaining({ field, code, expected })]);
  });

  it('lists at most the cap of issues and counts the rest', () => {
    const emotes = Array.from({ length: 30 }, () => ({ id: '', start: 0, end: 0 }));
    const r = parseIngestItem({ ...valid, emotes });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(20);
    expect(r.moreIssues).toBe(10);
    expect(r.issues[19]?.field).toBe('emotes.19.id');
    const few = parseIngestItem({ ...valid, emotes }, 3);
    expect(few.ok ? null : [few.issues.length, few.moreIssues]).toEqual([3, 27]);
    const none = parseIngestItem({ ...valid, emotes }, 0);
    expect(none.ok ? null : [none.issues.length, none.moreIssues, none.reason]).toEqual([0, 30, 'Too small: expected string to have >=1 characters at emotes.0.id (and 29 more: see issues)']);
  });

  it('accepts only what zod accepts, and gives zod’s value, over 5,000 seeded mutations', () => {
    const next = seededRandom(20261129); // the same mutations every run
    let fastTaken = 0;
    const wrong: unknown[] = [];
    for (let i = 0; i < 5_000; i++) {
      const x = mutate(next);
      const fast = checkIngestItemFast(x);
      const parsed = IngestItemSchema.safeParse(x);
      if (fast) {
        fastTaken++;
        if (!parsed.success || JSON.stringify(fast) !== JSON.stringify({ ...parsed.data, id: parsed.data.id, receivedAt: parsed.data.receivedAt })) wrong.push(x);
      }
      // whichever path, the result is zod's verdict
      if (parseIngestItem(x).ok !== parsed.success) wrong.push(x);
    }
    expect(wrong).toEqual([]);
    // the mutations reach the hand path and past it
    expect(fastTaken).toBeGreaterThan(250);
    expect(fastTaken).toBeLessThan(5_000);
  }, 30_000);

  it.each([
    ['an array', [1, 2], 2],
    ['a messages object', { messages: [1] }, 1],
    ['an empty array', [], null],
    ['empty messages', { messages: [] }, null],
    ['messages not an array', { messages: 'x' }, null],
    ['a string', 'x', null],
    ['null', null, null],
  ])('reads the items of %s as the batch schema does', (_name, body, count) => {
    const items = batchItems(body);
    expect(items?.length ?? null).toBe(count);
    expect(IngestBatchSchema.safeParse(body).success).toBe(count !== null);
  });
});
