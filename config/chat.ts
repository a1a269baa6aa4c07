/**
 * The core chat types every part of Showrunner shares: a normalized chat message from any source,
 * the findings detectors report, and the verdict the policy gives. zod schemas are the source of
 * truth; the TypeScript types are inferred from them.
 */
import { z } from 'zod';

export const RoleSchema = z.enum(['broadcaster', 'moderator', 'vip', 'subscriber']);
export type Role = z.infer<typeof RoleSchema>;

/** An emote occurrence: `start`/`end` are inclusive code-point offsets into `text` (not UTF-16 units). */
export const EmoteRangeSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().max(100).optional(),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});
export type EmoteRange = z.infer<typeof EmoteRangeSchema>;

export const ChatUserSchema = z.object({
  id: z.string().min(1).max(128),
  name: z.string().min(1).max(128),
  displayName: z.string().min(1).max(128),
  roles: z.array(RoleSchema).default([]),
  firstMessage: z.boolean().optional(),
});
export type ChatUser = z.infer<typeof ChatUserSchema>;

export const MAX_TEXT_LENGTH = 2000;
/** The last time a Date holds (ms since 1970): a later receivedAt made the console throw "Invalid time value". */
export const MAX_TIME_MS = 8.64e15;

/** One chat message, normalized from Twitch, a replay file or the generic ingest. */
export const ChatMessageSchema = z.object({
  id: z.string().min(1).max(128),
  platform: z.string().min(1).max(32),
  channel: z.string().min(1).max(128),
  user: ChatUserSchema,
  text: z.string().min(1).max(MAX_TEXT_LENGTH),
  emotes: z.array(EmoteRangeSchema).default([]),
  /** Milliseconds since the epoch, on the server's clock (or the replay's virtual clock). */
  receivedAt: z.number().int().nonnegative().max(MAX_TIME_MS, 'receivedAt is milliseconds since 1970, at most 8640000000000000 (the last time a date holds)'),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;
export type ChatMessageInput = z.input<typeof ChatMessageSchema>;

export const SeveritySchema = z.enum(['low', 'medium', 'high']);
export type Severity = z.infer<typeof SeveritySchema>;

/** What one detector reports about one message. `span` is a [start, end) UTF-16 range into the text. */
export const FindingSchema = z.object({
  filter: z.string(),
  severity: SeveritySchema,
  detail: z.string(),
  span: z.tuple([z.number().int(), z.number().int()]).optional(),
  /** Extra facts for scoring (model probability, ratio, distinct raiders...). */
  score: z.number().optional(),
  /** The model that scored it (abuse-en, abuse-zh, spam): the level thresholds are the model's own. */
  model: z.string().optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/**
 * allow: shown. flag: shown at once and listed for moderators (low-confidence hits). hold: kept off
 * the screen until a moderator decides. block: never shown.
 */
export const ActionSchema = z.enum(['allow', 'flag', 'hold', 'block']);
export type Action = z.infer<typeof ActionSchema>;

export const VerdictSchema = z.object({
  action: ActionSchema,
  reasons: z.array(FindingSchema),
  score: z.number(),
});
export type Verdict = z.infer<typeof VerdictSchema>;

export const LangSchema = z.enum(['en', 'zh', 'other']);
export type Lang = z.infer<typeof LangSchema>;

/** A message after the filter and classify stages. */
export interface Annotated {
  readonly message: ChatMessage;
  readonly verdict: Verdict;
  readonly lang: Lang;
  readonly isQuestion: boolean;
  /** -1 (very negative) .. +1 (very positive). */
  readonly sentiment: number;
}

/** A moderation action taken on the platform by someone else (Twitch CLEARMSG / CLEARCHAT). */
export const ModEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delete'), platform: z.string(), channel: z.string(), messageId: z.string(), userName: z.string().optional(), at: z.number() }),
  z.object({
    kind: z.literal('timeout'),
    platform: z.string(),
    channel: z.string(),
    userId: z.string().optional(),
    userName: z.string(),
    durationS: z.number(),
    at: z.number(),
  }),
  z.object({ kind: z.literal('ban'), platform: z.string(), channel: z.string(), userId: z.string().optional(), userName: z.string(), at: z.number() }),
  z.object({ kind: z.literal('clear'), platform: z.string(), channel: z.string(), at: z.number() }),
]);
export type ModEvent = z.infer<typeof ModEventSchema>;
