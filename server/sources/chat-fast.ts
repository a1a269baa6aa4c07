/**
 * The hand check a source runs on a ChatMessage it built itself (TikTok and YouTube map decoded
 * platform data into a fresh object: no extra keys, a fresh roles array, no emotes). When it passes,
 * the object is exactly what ChatMessageSchema.parse would give back, so the source skips the zod
 * copy; when it does not, the caller runs zod, which decides and gives the reason. The limits are
 * read from the schema itself, so the two cannot drift apart.
 * (test/unit/sources/platform-fast.test.ts compares both over seeded mutations.)
 */
import { ChatMessageSchema, MAX_TIME_MS, RoleSchema, type ChatMessage } from '../../config/chat.js';

const S = ChatMessageSchema.shape;
const U = S.user.shape;
const lim = (s: { minLength: number | null; maxLength: number | null }, key: string): readonly [number, number] => {
  if (s.minLength === null || s.maxLength === null) throw new Error(`chat-fast: ${key} has no length limits in the schema`);
  return [s.minLength, s.maxLength];
};
const [ID_MIN, ID_MAX] = lim(S.id, 'id');
const [PLATFORM_MIN, PLATFORM_MAX] = lim(S.platform, 'platform');
const [CHANNEL_MIN, CHANNEL_MAX] = lim(S.channel, 'channel');
const [TEXT_MIN, TEXT_MAX] = lim(S.text, 'text');
const [UID_MIN, UID_MAX] = lim(U.id, 'user.id');
const [NAME_MIN, NAME_MAX] = lim(U.name, 'user.name');
const [DNAME_MIN, DNAME_MAX] = lim(U.displayName, 'user.displayName');
const ROLES: ReadonlySet<unknown> = new Set(RoleSchema.options);

/** The shape a source builds (values still unchecked). */
export interface BuiltChatMessage {
  id: unknown;
  platform: unknown;
  channel: unknown;
  user: { id: unknown; name: unknown; displayName: unknown; roles: unknown[] };
  text: unknown;
  emotes: unknown[];
  receivedAt: unknown;
}

const text = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max;

/** True when the built message is valid as it stands (and so is its own parsed value). */
export function isValidBuiltChat(m: BuiltChatMessage): m is BuiltChatMessage & ChatMessage {
  if (!text(m.id, ID_MIN, ID_MAX) || !text(m.platform, PLATFORM_MIN, PLATFORM_MAX) || !text(m.channel, CHANNEL_MIN, CHANNEL_MAX) || !text(m.text, TEXT_MIN, TEXT_MAX)) return false;
  if (!Number.isSafeInteger(m.receivedAt) || (m.receivedAt as number) < 0 || (m.receivedAt as number) > MAX_TIME_MS) return false;
  if (m.emotes.length !== 0) return false;
  const u = m.user;
  if (!text(u.id, UID_MIN, UID_MAX) || !text(u.name, NAME_MIN, NAME_MAX) || !text(u.displayName, DNAME_MIN, DNAME_MAX)) return false;
  for (let i = 0; i < u.roles.length; i++) if (!ROLES.has(u.roles[i])) return false;
  return true;
}

/** The built message when valid; else zod's value, or zod's reason as a string. */
export function validateBuiltChat(m: BuiltChatMessage): ChatMessage | string {
  if (isValidBuiltChat(m)) return m;
  const parsed = ChatMessageSchema.safeParse(m);
  return parsed.success ? parsed.data : (parsed.error.issues[0]?.message ?? 'invalid');
}
