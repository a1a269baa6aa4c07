/**
 * What the console sees besides the overlay: the slices of the control snapshot. The server
 * publishes them; the console pages render them. Shared types only.
 */
import { z } from 'zod';
import { ChatUserSchema, FindingSchema, LangSchema } from './chat.js';
import { STATUS_KEYS, type StatusMessage, type StatusParam } from './status-text.js';

export const StatsViewSchema = z.object({
  in: z.number(),
  allowed: z.number(),
  held: z.number(),
  blocked: z.number(),
  invalid: z.number(),
  /** Ingest items refused over budget (in + invalid + refused = sent). */
  refused: z.number().default(0),
  /** Accepted ingest items waiting for the pipeline. */
  ingestBuffered: z.number().default(0),
  /** True while the ingest is over its high mark (its sockets are not read). */
  ingestBusy: z.boolean().default(false),
  /** Shown at once and listed for moderators. */
  flagged: z.number().default(0),
  /** Messages per second over the last 10 s. */
  rate: z.number(),
  startedAt: z.number(),
  /** Last 60 one-second buckets of messages in, oldest first (for the sparkline). */
  rateHistory: z.array(z.number()),
});
export type StatsView = z.infer<typeof StatsViewSchema>;

/** A status detail as a message (config/status-text.ts): at most 6 parameters, nested at most 3 deep. */
const statusParamSchema = (depth: number): z.ZodType<StatusParam> =>
  depth === 0 ? z.union([z.string().max(500), z.number()]) : z.union([z.string().max(500), z.number(), z.object({ key: z.enum(STATUS_KEYS), params: z.array(statusParamSchema(depth - 1)).max(6) })]);
export const StatusMessageSchema: z.ZodType<StatusMessage> = z.object({ key: z.enum(STATUS_KEYS), params: z.array(statusParamSchema(2)).max(6) });

/** What the pipeline saw of a source's platform (server/sources/source-panel.ts). */
export const SourceCountsSchema = z.object({
  /** Messages in the last 60 seconds. */
  perMinute: z.number(),
  /** Held and blocked since the server started. */
  held: z.number(),
  blocked: z.number(),
  /** Refused at the ingest buffer while the server was over its budget (never filtered), since the start. */
  refused: z.number().default(0),
});
export type SourceCounts = z.infer<typeof SourceCountsSchema>;

export const SourceStatusSchema = z.object({
  name: z.string(),
  kind: z.enum(['twitch', 'replay', 'ingest', 'tiktok', 'youtube']),
  state: z.enum(['connecting', 'connected', 'disconnected', 'stopped', 'error']),
  /**
   * Why, for the platforms that say: 'live' (connected to a live show), 'offline' (the streamer is
   * not live; looking again later), 'auth' (wrong or missing credentials; not retrying),
   * 'rate-limited' (the platform or sign server asked us to slow down; retrying later).
   */
  condition: z.enum(['live', 'offline', 'auth', 'rate-limited']).optional(),
  /** Per-platform figures (gifts, likes, viewers, quota used...), refreshed at most once a second. */
  figures: z.record(z.string(), z.number()).optional(),
  /** Messages a minute, held and blocked on this source's platform (added by the app, once a second). */
  counts: SourceCountsSchema.optional(),
  detail: z.string(),
  /** The detail as a message the console shows in its language (TikTok, YouTube); `detail` is its plain "English · 中文" text. */
  message: StatusMessageSchema.optional(),
  since: z.number(),
  /** Gaps (disconnected periods) seen so far, most recent last. */
  gaps: z.array(z.object({ from: z.number(), to: z.number().nullable() })).default([]),
});
export type SourceStatus = z.infer<typeof SourceStatusSchema>;

export const QueueItemSchema = z.object({
  id: z.string(),
  messageId: z.string(),
  platform: z.string(),
  channel: z.string(),
  user: ChatUserSchema,
  /** PII-masked text for display. */
  text: z.string(),
  reasons: z.array(FindingSchema),
  lang: LangSchema,
  sentiment: z.number(),
  heldAt: z.number(),
  priority: z.number(),
  claimedBy: z.string().nullable(),
  claimedUntil: z.number().nullable(),
});
export type QueueItem = z.infer<typeof QueueItemSchema>;

/** A flagged comment: shown to viewers, listed for moderators (server/moderation/watch.ts). */
export const WatchItemSchema = QueueItemSchema.pick({ messageId: true, platform: true, channel: true, user: true, text: true, reasons: true, lang: true }).extend({
  /** When it was flagged. */
  at: z.number(),
});
export type WatchItem = z.infer<typeof WatchItemSchema>;

/**
 * The whole held queue in figures: the console shows a page of it (the `queue` slice holds the
 * `shown` most urgent items) and says when it overflows, with the one-click fix.
 */
export const QueueInfoSchema = z.object({
  total: z.number(),
  shown: z.number(),
  /** Pending items by sensitivity category (abuse, spam, links, privacy, raids). */
  byCategory: z.record(z.string(), z.number()),
  /** Holds in the last minute. */
  holdsPerMinute: z.number(),
  overflowing: z.boolean(),
  /** The category whose level to lower (or whose holds to flag instead), when overflowing. */
  suggestion: z.object({ category: z.string(), level: z.string() }).nullable(),
});
export type QueueInfo = z.infer<typeof QueueInfoSchema>;

export const ClusterViewSchema = z.object({
  id: z.string(),
  representative: z.string(),
  /** The clearest line in the other language, when the cluster was asked in English and Chinese. */
  representativeAlt: z.string().optional(),
  /** With `representativeAlt`: whether `representative` is the Chinese line of the two. */
  representativeZh: z.boolean().optional(),
  askers: z.number(),
  count: z.number(),
  trend: z.enum(['rising', 'steady', 'fading']),
  examples: z.array(z.string()),
  lang: LangSchema,
  lastAt: z.number(),
  faq: z.object({ id: z.string(), answer: z.string(), answers: z.object({ en: z.string().optional(), zh: z.string().optional() }).optional() }).nullable(),
});
export type ClusterView = z.infer<typeof ClusterViewSchema>;

export const MoodViewSchema = z.object({
  /** -1..+1 rolling index. */
  index: z.number(),
  negativeShare: z.number(),
  alert: z
    .object({ since: z.number(), themes: z.array(z.string()), examples: z.array(z.string()) })
    .nullable(),
  /** One point per 10 s over the last 30 minutes, oldest first. */
  timeline: z.array(z.object({ at: z.number(), index: z.number(), negativeShare: z.number() })),
});
export type MoodView = z.infer<typeof MoodViewSchema>;

export const ObsStatusSchema = z.object({
  state: z.enum(['disabled', 'disconnected', 'connecting', 'connected', 'auth-failed', 'too-old']),
  detail: z.string(),
  /** The detail as a message the console shows in its language; `detail` is its English text. */
  message: StatusMessageSchema.optional(),
  since: z.number(),
  currentScene: z.string().nullable(),
  obsVersion: z.string().nullable(),
});
export type ObsStatus = z.infer<typeof ObsStatusSchema>;

/** An answer per language; at least one. */
export const FaqAnswersSchema = z
  .object({ en: z.string().min(1).optional(), zh: z.string().min(1).optional() })
  .strict()
  .refine((a) => a.en !== undefined || a.zh !== undefined, 'an answer per language needs en or zh');

/**
 * `answer` as written in config/faq.yaml: one text (as before), or one per language
 * (`answer: { en: …, zh: … }`), which becomes `answers` with `answer` its English text (else its
 * Chinese), what a reader of neither language, and older code, gets.
 */
function answersIn(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || !('answer' in v)) return v;
  const a = v.answer;
  if (typeof a !== 'object' || a === null || Array.isArray(a)) return v;
  const per = a as Record<string, unknown>;
  return { ...v, answer: per['en'] ?? per['zh'], answers: a };
}

export const FaqEntrySchema = z.preprocess(
  answersIn,
  z.object({
    id: z.string(),
    keywords: z.array(z.string()),
    answer: z.string(),
    answers: FaqAnswersSchema.optional(),
    lang: LangSchema.optional(),
  }),
);
export type FaqEntry = z.infer<typeof FaqEntrySchema>;

export const ModStatsViewSchema = z.object({
  queueLength: z.number(),
  oldestHeldAt: z.number().nullable(),
  /** Time from hold to decision over the last 10 minutes. */
  medianMs: z.number().nullable(),
  p90Ms: z.number().nullable(),
  decisionsPerMinute: z.number(),
  resolvedByTimeout: z.number(),
  /** One point per 10 s, last 10 minutes, oldest first (for the small charts). */
  history: z.array(z.object({ at: z.number(), medianMs: z.number().nullable(), p90Ms: z.number().nullable(), decisions: z.number(), queueLength: z.number() })),
});
export type ModStatsView = z.infer<typeof ModStatsViewSchema>;

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  itemId: z.string().nullable(),
  messageId: z.string().nullable(),
  userName: z.string().nullable(),
  waitedMs: z.number().nullable(),
  detail: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/**
 * The show running now, as the console's show bar needs it (server/shows): started by the producer,
 * or by chat with `shows.auto` (`auto`, it then ends after the quiet time). Null when none runs.
 */
export interface ShowLive {
  id: string;
  title: string;
  startedAt: number;
  recording: boolean;
  auto: boolean;
}

/**
 * The control snapshot's slices. Patches address them by path: ['overlay', 'banner'],
 * ['queue', itemId] (set/del), ['stats'], ['clusters'], ['mood'], ['obs'], ['sources', name], ...
 * The overlay socket only ever gets { overlay }.
 */
export interface ControlState {
  overlay: import('./protocol.js').OverlayState;
  stats: StatsView;
  sources: Record<string, SourceStatus>;
  /** The most urgent held items (a page of the queue; queueInfo.total is the whole). */
  queue: Record<string, QueueItem>;
  queueInfo: QueueInfo;
  /** Flagged comments, by message id. */
  watch: Record<string, WatchItem>;
  /** The live sensitivity levels per category. */
  sensitivity: import('./filters-config.js').Sensitivity;
  clusters: ClusterView[];
  mood: MoodView;
  obs: ObsStatus;
  faq: FaqEntry[];
  presets: import('./schema.js').Preset[];
  terms: { blocked: string[]; allowed: string[] };
  modStats: ModStatsView;
  /** The last 50 audit entries, newest last. */
  audit: AuditEntry[];
  /** Recent messages per user id for the queue's context (last 5 each, only for users with held items). */
  userContext: Record<string, { recent: { at: number; text: string; action: string }[]; decisions: { at: number; action: string }[] }>;
  /** The show running now (producers and moderators; pushed at start and end, by hand, by chat or by silence). */
  show: ShowLive | null;
}
