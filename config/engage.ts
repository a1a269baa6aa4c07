/**
 * Engagement tools (issue 17): lucky draws (抽奖), polls and quizzes (投票), coupon drops. The
 * commands (zod-checked like every other command), the presets in the config, and the slice of
 * the overlay state the pages render (`overlay.engage`). Timed things carry absolute end times.
 */
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
const durationMs = z.number().int().min(5_000).max(6 * 3600_000);

/** Who may enter a draw or vote, on top of the filters (held, flagged or blocked viewers never count). */
export const EligibilitySchema = z.object({
  /** Viewers whose first message in the channel this is (new accounts, most raid bots) do not count. */
  excludeFirstTime: z.boolean().default(false),
  /** Only subscribers (where the platform says so; Twitch tags subscribers). */
  subscribersOnly: z.boolean().default(false),
});
export type Eligibility = z.infer<typeof EligibilitySchema>;

export const DrawPresetSchema = z.object({
  id: z.string().min(1).max(64),
  keyword: text(40),
  prize: z.string().max(120).default(''),
  durationMs,
  winners: z.number().int().min(1).max(100).default(1),
  eligibility: EligibilitySchema.prefault({}),
});
export type DrawPreset = z.infer<typeof DrawPresetSchema>;

export const PollOptionSchema = z.object({ label: text(80), keywords: z.array(text(40)).max(8).default([]) });

export const PollPresetSchema = z.object({
  id: z.string().min(1).max(64),
  question: text(200),
  options: z.array(PollOptionSchema).min(2).max(6),
  durationMs,
  /** Which of a viewer's votes counts: the first, or the last before the poll closes. */
  counts: z.enum(['first', 'last']).default('first'),
  /** Quiz mode: the index of the correct option (revealed at the end) and how many first correct answers win. */
  quiz: z.object({ correct: z.number().int().min(0).max(5), winners: z.number().int().min(1).max(100).default(3) }).optional(),
  eligibility: EligibilitySchema.prefault({}),
});
export type PollPreset = z.infer<typeof PollPresetSchema>;

export const CouponPresetSchema = z.object({
  id: z.string().min(1).max(64),
  /** The coupon code shown, or none for an "add to cart now" prompt. */
  code: z.string().trim().max(40).default(''),
  text: text(120),
  durationMs,
  /** How many can be claimed (0: no limit shown). */
  total: z.number().int().min(0).max(1e7).default(0),
});
export type CouponPreset = z.infer<typeof CouponPresetSchema>;

export const EngageConfigSchema = z
  .object({
    draws: z.array(DrawPresetSchema).default([{ id: 'want', keyword: '想要', prize: 'Glow Serum · 精华液', durationMs: 60_000, winners: 3, eligibility: { excludeFirstTime: true, subscribersOnly: false } }]),
    polls: z.array(PollPresetSchema).default([]),
    coupons: z.array(CouponPresetSchema).default([]),
    /** Caps: entrants of one draw, voters of one poll (past the cap new entries are refused and counted). */
    maxEntrants: z.number().int().min(100).max(1_000_000).default(200_000),
    /** Past draws kept in the store (oldest deleted). */
    keepDraws: z.number().int().min(1).max(10_000).default(500),
  })
  .prefault({});
export type EngageConfig = z.infer<typeof EngageConfigSchema>;

// ---------------------------------------------------------------- commands

export const ENGAGE_COMMANDS = [
  z.object({
    kind: z.literal('draw.open'),
    preset: z.string().max(64).optional(),
    keyword: text(40).optional(),
    prize: z.string().max(120).optional(),
    durationMs: durationMs.optional(),
    winners: z.number().int().min(1).max(100).optional(),
    eligibility: EligibilitySchema.partial().optional(),
  }),
  /** Ends the entry window now and draws. */
  z.object({ kind: z.literal('draw.close') }),
  /** A winner did not answer: the next entrant in the committed shuffle replaces them. */
  z.object({ kind: z.literal('draw.redraw'), userKey: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('draw.clear') }),
  /** The stored draw (the last one if no id) as JSON or CSV: entrants, seed, commitment, winners. */
  z.object({ kind: z.literal('draw.export'), drawId: z.string().max(64).optional(), format: z.enum(['json', 'csv']).default('json') }),
  z.object({
    kind: z.literal('poll.open'),
    preset: z.string().max(64).optional(),
    question: text(200).optional(),
    options: z.array(PollOptionSchema).min(2).max(6).optional(),
    durationMs: durationMs.optional(),
    counts: z.enum(['first', 'last']).optional(),
    quiz: z.object({ correct: z.number().int().min(0).max(5), winners: z.number().int().min(1).max(100).default(3) }).optional(),
    eligibility: EligibilitySchema.partial().optional(),
  }),
  z.object({ kind: z.literal('poll.close') }),
  z.object({ kind: z.literal('poll.clear') }),
  z.object({ kind: z.literal('coupon.start'), preset: z.string().max(64).optional(), code: z.string().trim().max(40).optional(), text: text(120).optional(), durationMs: durationMs.optional(), total: z.number().int().min(0).max(1e7).optional() }),
  z.object({ kind: z.literal('coupon.claim'), claimed: z.number().int().min(0).max(1e7).optional(), delta: z.number().int().min(-1e7).max(1e7).optional() }),
  z.object({ kind: z.literal('coupon.end') }),
] as const;

// ---------------------------------------------------------------- overlay state

export const DrawViewSchema = z.object({
  id: z.string(),
  keyword: z.string(),
  prize: z.string(),
  winnersWanted: z.number(),
  /** open: taking entries; drawn: winners known (reveal); */
  phase: z.enum(['open', 'drawn']),
  opensAt: z.number(),
  endsAt: z.number(),
  entries: z.number(),
  /** sha256 of the seed, published before entries open. */
  commit: z.string(),
  /** Revealed once drawn. */
  seed: z.string().nullable(),
  winners: z.array(z.object({ key: z.string(), name: z.string(), replaced: z.boolean().default(false) })),
  drawnAt: z.number().nullable(),
});
export type DrawView = z.infer<typeof DrawViewSchema>;

export const PollViewSchema = z.object({
  id: z.string(),
  question: z.string(),
  options: z.array(z.string()),
  counts: z.array(z.number()),
  phase: z.enum(['open', 'closed']),
  opensAt: z.number(),
  endsAt: z.number(),
  quiz: z.boolean(),
  /** Revealed at the end of a quiz. */
  correct: z.number().nullable(),
  winners: z.array(z.object({ key: z.string(), name: z.string() })),
  /** Was open when the server stopped: closed at the next start with the counts last saved (the voters were in memory). */
  closedByRestart: z.boolean().optional(),
});
export type PollView = z.infer<typeof PollViewSchema>;

export const CouponViewSchema = z.object({
  id: z.string(),
  code: z.string(),
  text: z.string(),
  startsAt: z.number(),
  endsAt: z.number(),
  total: z.number(),
  claimed: z.number(),
  endedAt: z.number().nullable(),
});
export type CouponView = z.infer<typeof CouponViewSchema>;

export const EngageViewSchema = z.object({
  draw: DrawViewSchema.nullable(),
  poll: PollViewSchema.nullable(),
  coupon: CouponViewSchema.nullable(),
  /**
   * A draw that was taking entries when the server stopped: not drawn at the next start (its entry
   * list was not saved in full), so the console says it was voided until the next draw. The overlay
   * shows nothing of it.
   */
  voidedDraw: z.object({ id: z.string(), keyword: z.string(), prize: z.string(), at: z.number() }).nullable().optional(),
});
export type EngageView = z.infer<typeof EngageViewSchema>;

// ---------------------------------------------------------------- stored / exported draws

/** A draw as stored and exported: everything needed to re-run it (`npm run verify-draw`). */
export const DrawRecordSchema = z.object({
  id: z.string(),
  algorithm: z.string(),
  commit: z.string().regex(/^[0-9a-f]{64}$/),
  seed: z.string().regex(/^[0-9a-f]{64}$/),
  keyword: z.string(),
  prize: z.string(),
  openedAt: z.number(),
  closedAt: z.number(),
  winnersWanted: z.number().int().min(1),
  entrants: z.array(z.string()),
  names: z.array(z.string()),
  picks: z.array(z.string()),
  replaced: z.array(z.string()),
  excluded: z.record(z.string(), z.number()),
});
