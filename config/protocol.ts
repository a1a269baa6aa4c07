/**
 * The hub protocol: the one thing the server and the pages share. Server → client frames carry a
 * full snapshot, then versioned patches (a tiny set/del op list on a JSON tree); client → server
 * frames carry commands, each checked here with zod before anything happens.
 */
import { z } from 'zod';
import { ActionSchema, FindingSchema, LangSchema, ChatUserSchema } from './chat.js';
import { LevelSchema, SENSITIVITY_CATEGORIES } from './filters-config.js';
import { ENGAGE_COMMANDS, EngageViewSchema } from './engage.js';

export type { CouponView, DrawView, EngageView, PollView } from './engage.js';

export const ControlRoleSchema = z.enum(['host', 'moderator', 'producer']);
export type ControlRole = z.infer<typeof ControlRoleSchema>;

// ---------------------------------------------------------------- overlay state

/**
 * Bidi controls (embeddings, overrides, isolates, LRM/RLM, ALM). On stream, U+202E turns "evil"
 * into "live": text the overlay shows has them removed (issue 12). Other characters are kept.
 */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** The text with every bidi control removed. */
export function stripBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** An image URL the overlay may load: absolute http(s) only (no data:, javascript:, file:). */
export const ImageUrlSchema = z
  .string()
  .max(2000)
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'http:' || u.protocol === 'https:') && s === s.trim();
      } catch {
        return false;
      }
    },
    { message: 'imageUrl must be an absolute http:// or https:// URL (data:, javascript: and file: URLs are refused)' },
  );

/** A countdown: an absolute end time on the server's clock, never a tick counter. */
export const CountdownSchema = z.object({
  id: z.string(),
  label: z.string().max(120),
  /** When it reaches zero (ms since epoch). While paused this is stale: use `pausedRemainingMs`. */
  endsAt: z.number(),
  durationMs: z.number().nonnegative(),
  pausedRemainingMs: z.number().nonnegative().nullable(),
});
export type Countdown = z.infer<typeof CountdownSchema>;

export const BannerSchema = z.object({
  id: z.string(),
  product: z.string().min(1).max(120),
  imageUrl: ImageUrlSchema.optional(),
  currency: z.string().max(8),
  price: z.number().nonnegative(),
  originalPrice: z.number().nonnegative().optional(),
  stockTotal: z.number().int().nonnegative(),
  stockLeft: z.number().int().nonnegative(),
  lowStockAt: z.number().int().nonnegative(),
  startsAt: z.number(),
  endsAt: z.number(),
  pausedRemainingMs: z.number().nonnegative().nullable().default(null),
  /** Set when ended early or by time; the overlay shows the end state briefly then hides. */
  endedAt: z.number().nullable(),
});
export type Banner = z.infer<typeof BannerSchema>;

/** A pinned FAQ answer written per language: the overlay shows the one in the show's language, also after a switch. */
const PinAnswersSchema = z.object({ en: z.string().min(1).max(600).optional(), zh: z.string().min(1).max(600).optional() }).strict();

export const PinnedSchema = z.object({
  id: z.string(),
  question: z.string().max(300),
  answer: z.string().min(1).max(600),
  answers: PinAnswersSchema.optional(),
  pinnedAt: z.number(),
});
export type Pinned = z.infer<typeof PinnedSchema>;

export const FeaturedSchema = z.object({
  id: z.string(),
  messageId: z.string(),
  userId: z.string(),
  displayName: z.string(),
  /** Already PII-masked by the server. */
  text: z.string(),
  platform: z.string(),
  featuredAt: z.number(),
});
export type Featured = z.infer<typeof FeaturedSchema>;

export const ThemeSchema = z.object({
  accent: z.string().max(40).default('#ff3b6b'),
  text: z.string().max(40).default('#ffffff'),
  panel: z.string().max(60).default('rgba(16, 16, 24, 0.82)'),
  /** Latin first, then the Chinese UI font of each system (PingFang SC on macOS, Microsoft YaHei on Windows, Noto / Source Han on Linux). */
  fontFamily: z.string().max(300).default('"Segoe UI", "Helvetica Neue", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Noto Sans", "DejaVu Sans", sans-serif'),
  scale: z.number().min(0.25).max(4).default(1),
  positions: z
    .object({
      countdown: z.enum(['top-left', 'top-right', 'bottom-left', 'bottom-right', 'top-center', 'bottom-center']).default('top-right'),
      banner: z.enum(['top-left', 'top-right', 'bottom-left', 'bottom-right', 'top-center', 'bottom-center']).default('bottom-center'),
      pinned: z.enum(['top-left', 'top-right', 'bottom-left', 'bottom-right', 'top-center', 'bottom-center']).default('top-left'),
      featured: z.enum(['top-left', 'top-right', 'bottom-left', 'bottom-right', 'top-center', 'bottom-center']).default('bottom-left'),
    })
    .prefault({}),
});
export type Theme = z.infer<typeof ThemeSchema>;

/** The languages the overlay (and the console) can speak; see config/i18n.ts. */
export const UiLangSchema = z.enum(['en', 'zh-CN']);

export const OverlayStateSchema = z.object({
  countdown: CountdownSchema.nullable(),
  banner: BannerSchema.nullable(),
  pinned: PinnedSchema.nullable(),
  featured: FeaturedSchema.nullable(),
  /** The panic button: everything hidden at once, state kept. */
  hidden: z.boolean(),
  theme: ThemeSchema,
  /** Small host-view widgets, off unless the URL asks for them. */
  /**
   * `alt`: the card's line in the other language when viewers asked it in both; `zh`: whether `text`
   * is the Chinese one (the overlay shows the line in its own language).
   */
  topQuestions: z.array(z.object({ text: z.string(), askers: z.number(), alt: z.string().optional(), zh: z.boolean().optional() })).default([]),
  mood: z.number().nullable().default(null),
  /** Draw, poll and coupon (config/engage.ts); absent until one is used. */
  engage: EngageViewSchema.optional(),
  /** The show's language: the overlay's own texts (限时秒杀, 仅剩 12 件, 距结束…) are in it. */
  lang: UiLangSchema.default('en'),
});
export type OverlayState = z.infer<typeof OverlayStateSchema>;

// ---------------------------------------------------------------- patches

export const PatchOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('set'), path: z.array(z.string()).min(1), value: z.unknown() }),
  z.object({ op: z.literal('del'), path: z.array(z.string()).min(1) }),
]);
export type PatchOp = z.infer<typeof PatchOpSchema>;

/**
 * Applies ops to a JSON tree in place; intermediate objects are created as needed.
 *
 * Path keys come from viewers (ids, names), so every key is a plain key: `__proto__`,
 * `constructor`, `toString`... are read as own properties only, written with defineProperty
 * (never through the `__proto__` setter), and new nodes have a null prototype. A patch can
 * therefore never reach `Object.prototype` (issue 12).
 */
export function applyOps(root: Record<string, unknown>, ops: readonly PatchOp[]): void {
  for (const op of ops) {
    let node: Record<string, unknown> = root;
    const last = op.path.length - 1;
    for (let i = 0; i < last; i++) {
      const key = op.path[i] as string;
      const next = Object.hasOwn(node, key) ? node[key] : undefined;
      if (next === null || typeof next !== 'object') {
        const fresh: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
        Object.defineProperty(node, key, { value: fresh, writable: true, enumerable: true, configurable: true });
        node = fresh;
      } else node = next as Record<string, unknown>;
    }
    const leaf = op.path[last] as string;
    if (op.op === 'set') Object.defineProperty(node, leaf, { value: op.value, writable: true, enumerable: true, configurable: true });
    else if (Object.hasOwn(node, leaf)) delete node[leaf];
  }
}

/** A deep copy of a JSON value whose objects have a null prototype: viewer-chosen keys stay plain keys. */
export function toNullProto<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => toNullProto(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: toNullProto(v), writable: true, enumerable: true, configurable: true });
  return out as T;
}

// ---------------------------------------------------------------- feed (console streams)

export const FeedItemSchema = z.object({
  id: z.string(),
  at: z.number(),
  /** The platform the comment came from (twitch, tiktok, youtube, replay...): the console's badge. */
  platform: z.string().optional(),
  user: ChatUserSchema.pick({ id: true, displayName: true, roles: true, firstMessage: true }),
  /** PII-masked text. */
  text: z.string(),
  action: ActionSchema,
  reasons: z.array(FindingSchema),
  lang: LangSchema,
  isQuestion: z.boolean(),
  sentiment: z.number(),
});
export type FeedItem = z.infer<typeof FeedItemSchema>;

// ---------------------------------------------------------------- server → client

export const ServerFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), role: z.union([ControlRoleSchema, z.literal('overlay')]), serverNow: z.number() }),
  z.object({ type: z.literal('snapshot'), version: z.number().int(), serverNow: z.number(), state: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('patch'), version: z.number().int(), serverNow: z.number(), ops: z.array(PatchOpSchema) }),
  z.object({ type: z.literal('feed'), items: z.array(FeedItemSchema) }),
  z.object({ type: z.literal('ack'), id: z.string(), result: z.unknown().optional() }),
  z.object({
    type: z.literal('error'),
    id: z.string().optional(),
    code: z.string(),
    message: z.string(),
    path: z.array(z.union([z.string(), z.number()])).optional(),
  }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

// ---------------------------------------------------------------- commands (client → server, and HTTP)

const id = z.string().min(1).max(128);
const money = z.number().nonnegative().max(1e9);
const durationMs = z.number().int().positive().max(24 * 3600_000);

export const CommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('countdown.start'), label: z.string().max(120).default(''), durationMs }),
  z.object({ kind: z.literal('countdown.pause') }),
  z.object({ kind: z.literal('countdown.resume') }),
  z.object({ kind: z.literal('countdown.extend'), byMs: z.number().int().min(-3600_000).max(3600_000) }),
  z.object({ kind: z.literal('countdown.clear') }),
  z.object({
    kind: z.literal('banner.start'),
    preset: z.string().max(64).optional(),
    product: z.string().min(1).max(120).optional(),
    imageUrl: ImageUrlSchema.optional(),
    currency: z.string().max(8).optional(),
    price: money.optional(),
    originalPrice: money.optional(),
    stock: z.number().int().nonnegative().max(1e7).optional(),
    lowStockAt: z.number().int().nonnegative().optional(),
    durationMs: durationMs.optional(),
    /** Schedule: start at this absolute time instead of now. */
    startAt: z.number().optional(),
  }),
  z.object({ kind: z.literal('banner.stock'), stockLeft: z.number().int().nonnegative().max(1e7).optional(), delta: z.number().int().min(-1e7).max(1e7).optional() }),
  // the sale's own clock: +1 min from the console; a negative byMs shortens it (never past now)
  z.object({ kind: z.literal('banner.extend'), byMs: z.number().int().min(-3600_000).max(3600_000) }),
  z.object({ kind: z.literal('banner.end') }),
  // keywords: what the saved FAQ entry matches (a card's lines in both languages); the question alone when absent
  z.object({ kind: z.literal('pin.set'), question: z.string().max(300).default(''), answer: z.string().min(1).max(600), answers: PinAnswersSchema.optional(), saveToFaq: z.boolean().default(false), keywords: z.array(z.string().max(100)).max(12).optional() }),
  z.object({ kind: z.literal('pin.clear') }),
  z.object({ kind: z.literal('feature.set'), messageId: id }),
  z.object({ kind: z.literal('feature.clear') }),
  z.object({ kind: z.literal('overlay.hide'), hidden: z.boolean() }),
  /** The language of the overlay's texts (the show language). */
  z.object({ kind: z.literal('overlay.lang'), lang: UiLangSchema }),
  z.object({ kind: z.literal('moderation.claim'), itemId: id }),
  z.object({ kind: z.literal('moderation.release'), itemId: id }),
  z.object({
    kind: z.literal('moderation.decide'),
    itemIds: z.array(id).min(1).max(500),
    decision: z.enum(['approve', 'reject', 'timeout', 'ban', 'feature']),
  }),
  z.object({ kind: z.literal('moderation.undo'), decisionId: id }),
  /** Takes shown comments back everywhere they went: the platform (with enforcement on), the featured slot, the watch list; unsettled flags never count for questions and mood. */
  z.object({ kind: z.literal('moderation.remove'), messageIds: z.array(id).min(1).max(500) }),
  /** Flagged comments that are fine: off the watch list, counted from now. */
  z.object({ kind: z.literal('moderation.dismiss'), messageIds: z.array(id).min(1).max(500) }),
  z.object({ kind: z.literal('sensitivity.set'), category: z.enum(SENSITIVITY_CATEGORIES), level: LevelSchema }),
  z.object({ kind: z.literal('terms.set'), list: z.enum(['blocked', 'allowed']), term: z.string().min(1).max(100), present: z.boolean() }),
  z.object({ kind: z.literal('faq.upsert'), id: id.optional(), keywords: z.array(z.string().min(1).max(100)).min(1).max(50), answer: z.string().min(1).max(600), lang: LangSchema.optional() }),
  z.object({ kind: z.literal('faq.delete'), id }),
  z.object({ kind: z.literal('obs.setup') }),
  z.object({ kind: z.literal('obs.refresh') }),
  // connect to OBS now: after a wrong password was fixed in OBS, or instead of waiting out the backoff (up to 30 s)
  z.object({ kind: z.literal('obs.reconnect') }),
  z.object({ kind: z.literal('obs.scene'), scene: z.string().min(1).max(200) }),
  ...ENGAGE_COMMANDS,
]);
export type Command = z.infer<typeof CommandSchema>;
export type CommandKind = Command['kind'];

/**
 * The fields of a command its schema does not know. zod drops them, so a misspelt field
 * (`duration` for `durationMs`, `lable`) would be ignored without a word: the server refuses them.
 */
export function unknownCommandKeys(raw: unknown, parsed: Command): string[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [];
  return Object.keys(raw).filter((k) => !Object.hasOwn(parsed, k));
}

/** The error for unknown fields, worded as zod's are ("… at field", which the console reads). */
export function unknownKeysMessage(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map((k) => JSON.stringify(k.slice(0, 60)));
  return `unknown field${keys.length === 1 ? '' : 's'} ${shown.join(', ')}${keys.length > 5 ? ` and ${keys.length - 5} more` : ''} (check the spelling) at ${keys[0]?.slice(0, 60) ?? ''}`;
}

export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('command'), id: z.string().min(1).max(64), command: CommandSchema }),
  z.object({ type: z.literal('resync') }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export { mayRun, PERMISSIONS } from './permissions.js';

/**
 * Which top-level state slices each control role receives, in its snapshot, its patches and
 * `GET /api/state` (null = all). A host sees what the host's widgets show; held comments, viewers'
 * context, the audit log and the term lists stay with moderators and producers (issue 12). Only
 * roles with every slice also get the live chat feed (it carries held and blocked comments).
 */
export const STATE_SCOPE: Readonly<Record<ControlRole, readonly string[] | null>> = {
  producer: null,
  moderator: null,
  host: ['overlay', 'stats', 'sources', 'obs', 'presets', 'clusters', 'mood'],
};

/** The part of the state tree a role may read (a shallow copy of its slices). */
export function scopeState(role: ControlRole, state: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const keys = STATE_SCOPE[role];
  if (!keys) return state;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (Object.hasOwn(state, k)) out[k] = state[k];
  return out;
}
