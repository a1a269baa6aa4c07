/**
 * What the generic ingest accepts, and how an item is checked. zod is the rule; `parseIngestItem`
 * first tries a hand-written check of the same rule for the common case (a plain JSON object with
 * nothing wrong), which costs a fraction of a zod parse per message. The hand check only ever
 * accepts what zod accepts and builds the same value (a test compares both over valid and mutated
 * items; an absent id or receivedAt is an undefined key, which the ingest fills in); anything it does not pass, whether invalid or just unusual, goes to zod, which decides
 * and explains. So validation is exactly as strict as the schema, and errors read the same.
 */
import { z } from 'zod';
import { ChatMessageSchema, EmoteRangeSchema, MAX_TEXT_LENGTH, MAX_TIME_MS, RoleSchema, type EmoteRange, type Role } from '../../config/chat.js';

/** A sender's viewer: `displayName` may be left out (the name is shown then). */
const IngestUserSchema = ChatMessageSchema.shape.user
  .extend({ displayName: ChatMessageSchema.shape.user.shape.displayName.optional() })
  // keys in the schema's order (as the hand check builds them); firstMessage only when given
  .transform(({ id, name, displayName, roles, ...rest }) => ({ id, name, displayName: displayName ?? name, roles, ...rest }));

/** What other platforms send: a ChatMessage whose id and receivedAt may be left to us, and the viewer's display name. */
export const IngestItemSchema = ChatMessageSchema.extend({
  id: ChatMessageSchema.shape.id.optional(),
  receivedAt: ChatMessageSchema.shape.receivedAt.optional(),
  channel: ChatMessageSchema.shape.channel.default('ingest'),
  user: IngestUserSchema,
});
export type IngestItem = z.output<typeof IngestItemSchema>;

export const IngestBatchSchema = z.union([z.object({ messages: z.array(z.unknown()).min(1) }), z.array(z.unknown()).min(1)]);

/** One problem with a refused item: where (`path`, and `field` dotted), what zod's rule expected, zod's words. */
export interface IngestIssue {
  path: (string | number)[];
  field: string;
  code: string;
  expected: string;
  message: string;
}

/** Issues listed per refused item at most (the rest are counted in `moreIssues`). */
export const MAX_ISSUES_PER_ITEM = 20;

export type ItemCheck =
  | { ok: true; item: IngestItem }
  | { ok: false; reason: string; path: (string | number)[]; issues: IngestIssue[]; moreIssues: number };

/**
 * Checks one item: the hand check for the common case, zod for everything else. A refused item
 * names every problem zod found (its first one is `reason` and `path`, as before), the first
 * `maxIssues` in `issues` and the count of the rest in `moreIssues`.
 */
export function parseIngestItem(x: unknown, maxIssues: number = MAX_ISSUES_PER_ITEM): ItemCheck {
  const fast = checkIngestItemFast(x);
  if (fast) return { ok: true, item: fast };
  const parsed = IngestItemSchema.safeParse(x);
  if (parsed.success) return { ok: true, item: parsed.data };
  const all = parsed.error.issues;
  const listed = Math.max(0, Math.min(maxIssues, all.length));
  const issues = new Array<IngestIssue>(listed);
  for (let i = 0; i < listed; i++) issues[i] = issueOf(all[i]!);
  const first = all[0];
  const path = first ? pathOf(first.path) : [];
  const more = all.length > 1 ? ` (and ${all.length - 1} more: see issues)` : '';
  return { ok: false, reason: `${first?.message ?? 'invalid'}${path.length ? ` at ${path.join('.')}` : ''}${more}`, path, issues, moreIssues: all.length - listed };
}

function pathOf(path: readonly PropertyKey[]): (string | number)[] {
  return path.filter((p): p is string | number => typeof p !== 'symbol');
}

/** A zod issue as the ingest's reply names it. */
function issueOf(issue: z.core.$ZodIssue): IngestIssue {
  const path = pathOf(issue.path);
  return { path, field: path.join('.'), code: issue.code, expected: expectedOf(issue), message: issue.message };
}

/** What the rule wanted, in a few words ("string", "string of at least 1 characters", "one of a|b"). */
function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'too_small':
      return issue.origin === 'string' ? `string of at least ${String(issue.minimum)} characters` : issue.origin === 'array' ? `at least ${String(issue.minimum)} items` : `${issue.origin} >= ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' ? `string of at most ${String(issue.maximum)} characters` : issue.origin === 'array' ? `at most ${String(issue.maximum)} items` : `${issue.origin} <= ${String(issue.maximum)}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => String(v)).join('|')}`;
    default:
      return issue.message;
  }
}

/** The items of a batch body (`[...]` or `{messages: [...]}`, non-empty), or null when it is neither. */
export function batchItems(body: unknown): readonly unknown[] | null {
  if (Array.isArray(body)) {
    const items: readonly unknown[] = body;
    return items.length > 0 ? items : null;
  }
  if (typeof body === 'object' && body !== null) {
    const messages = (body as { messages?: unknown }).messages;
    if (Array.isArray(messages) && messages.length > 0) {
      const items: readonly unknown[] = messages;
      return items;
    }
  }
  // the schema has the last word: the hand check above is only meant to be the common case
  const batch = IngestBatchSchema.safeParse(body);
  if (!batch.success) return null;
  return Array.isArray(batch.data) ? batch.data : batch.data.messages;
}

const ROLES: ReadonlySet<unknown> = new Set(RoleSchema.options);
const USER = ChatMessageSchema.shape.user.shape;
const LIMITS = {
  id: 128,
  platform: 32,
  channel: 128,
  userId: 128,
  name: 128,
  displayName: 128,
  emoteId: 64,
  emoteName: 100,
} as const;

/** A plain object as JSON.parse makes it (anything else goes to zod). */
function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isText(v: unknown, min: number, max: number): v is string {
  return typeof v === 'string' && v.length >= min && v.length <= max;
}

function isCount(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

/**
 * The hand check: the item as zod would give it back, or null when the item is not plainly valid
 * (zod then decides). Keys a sender adds beyond the schema are dropped, as zod does.
 */
export function checkIngestItemFast(x: unknown): IngestItem | null {
  if (!isPlain(x)) return null;
  const { id, platform, channel, user, text, emotes, receivedAt } = x;
  if (id !== undefined && !isText(id, 1, LIMITS.id)) return null;
  if (!isText(platform, 1, LIMITS.platform)) return null;
  if (channel !== undefined && !isText(channel, 1, LIMITS.channel)) return null;
  if (!isText(text, 1, MAX_TEXT_LENGTH)) return null;
  if (receivedAt !== undefined && (!isCount(receivedAt) || receivedAt > MAX_TIME_MS)) return null;
  if (!isPlain(user)) return null;
  const { id: userId, name, displayName, roles, firstMessage } = user;
  if (!isText(userId, 1, LIMITS.userId) || !isText(name, 1, LIMITS.name)) return null;
  // no display name (or undefined): the name is shown, as the schema's transform does
  if (displayName !== undefined && !isText(displayName, 1, LIMITS.displayName)) return null;
  const shownName = displayName ?? name;
  // a key present with the value undefined (not JSON, but a caller in process) keeps zod's way with it
  if (firstMessage === undefined ? 'firstMessage' in user : typeof firstMessage !== 'boolean') return null;
  let outRoles: Role[] = [];
  if (roles !== undefined) {
    if (!Array.isArray(roles)) return null;
    for (const r of roles as unknown[]) if (!ROLES.has(r)) return null;
    outRoles = (roles as Role[]).slice();
  }
  let outEmotes: EmoteRange[] = [];
  if (emotes !== undefined) {
    if (!Array.isArray(emotes)) return null;
    outEmotes = new Array<EmoteRange>(emotes.length);
    for (let i = 0; i < emotes.length; i++) {
      const e: unknown = emotes[i];
      if (!isPlain(e)) return null;
      if (!isText(e['id'], 1, LIMITS.emoteId) || !isCount(e['start']) || !isCount(e['end'])) return null;
      const en = e['name'];
      if (en === undefined ? 'name' in e : !isText(en, 0, LIMITS.emoteName)) return null;
      outEmotes[i] = typeof en === 'string' ? { id: e['id'], name: en, start: e['start'], end: e['end'] } : { id: e['id'], start: e['start'], end: e['end'] };
    }
  }
  const outUser: IngestItem['user'] = typeof firstMessage === 'boolean' ? { id: userId, name, displayName: shownName, roles: outRoles, firstMessage } : { id: userId, name, displayName: shownName, roles: outRoles };
  // an absent id or receivedAt is an undefined key here (zod leaves the key out): the ingest fills both in
  return { id, platform, channel: channel ?? 'ingest', user: outUser, text, emotes: outEmotes, receivedAt };
}

// The limits above are the schema's: fail at load if the two ever drift apart.
for (const [key, schema, max] of [
  ['id', ChatMessageSchema.shape.id, LIMITS.id],
  ['platform', ChatMessageSchema.shape.platform, LIMITS.platform],
  ['channel', ChatMessageSchema.shape.channel, LIMITS.channel],
  ['user.id', USER.id, LIMITS.userId],
  ['user.name', USER.name, LIMITS.name],
  ['user.displayName', USER.displayName, LIMITS.displayName],
  ['emote.id', EmoteRangeSchema.shape.id, LIMITS.emoteId],
  ['text', ChatMessageSchema.shape.text, MAX_TEXT_LENGTH],
  ['emote.name', EmoteRangeSchema.shape.name.unwrap(), LIMITS.emoteName],
] as const) {
  if (schema.maxLength !== max) throw new Error(`ingest-item: the hand check's limit for ${key} (${max}) is not the schema's (${String(schema.maxLength)})`);
}
