/**
 * Shows and their review (数据复盘, issue 16): the per-minute aggregates the server writes while a
 * show runs, the review the /review page draws, and the rehearsal transcript's lines. Aggregates,
 * never raw chat: counts, reasons, question texts (already shown to moderators), moderators'
 * names, sale figures. The page imports these as types only.
 */
import { z } from 'zod';
import { LEVELS, SENSITIVITY_CATEGORIES } from './levels.js';

export const MAX_SHOW_MINUTES = 24 * 60;
export const MAX_SHOWS = 100;
/** Platforms counted apart in a show (twitch, tiktok, youtube, ingest…); more go under 'other'. */
export const MAX_PLATFORMS = 8;

/**
 * `shows:` in the config. `checkpointMs`: how often the running minute is saved while a show runs
 * (server/shows/recorder.ts): a crash (kill -9) loses at most this much of the figures. Each save is
 * a write() of ~1 KB: ~7 µs all told on this project's VM, i.e. 0.07 µs a message at 10 msg/s every
 * 10 s (the default), 0.14 every 5 s.
 * `auto`: a show starts with the first chat message and ends after `idleMinutes` without any.
 */
export const ShowsConfigSchema = z
  .object({
    checkpointMs: z.number().int().min(250).max(60_000).default(10_000),
    auto: z
      .object({
        enabled: z.boolean().default(false),
        idleMinutes: z.number().min(1).max(24 * 60).default(10),
        /** The title of a show started by chat (default: the date and time). */
        title: z.string().trim().max(120).default(''),
        /** Keep the chat of a show started by chat as a rehearsal transcript. */
        record: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});
export type ShowsConfig = z.infer<typeof ShowsConfigSchema>;

const counts = z.record(z.string(), z.number());

/** One platform's figures in a minute (or a whole show): a simulcast reads several at once. */
export const PlatformMinuteSchema = z.object({
  msgs: z.number(),
  /** Distinct chatters on this platform in this minute. */
  chatters: z.number(),
  first: z.number(),
  allow: z.number(),
  flag: z.number(),
  hold: z.number(),
  block: z.number(),
  questions: z.number(),
  negative: z.number(),
});
export type PlatformMinute = z.infer<typeof PlatformMinuteSchema>;

export const QuestionRecSchema = z.object({
  id: z.string(),
  /** The card's line (its clearest question). */
  text: z.string(),
  /** The card's line in the other language, when it was asked in both (a card merged across languages). */
  alt: z.string().optional(),
  /** With `alt`: whether `text` is the Chinese line of the two. */
  zh: z.boolean().optional(),
  firstAt: z.number(),
  peakAskers: z.number(),
  peakAt: z.number(),
  answeredAt: z.number().nullable(),
  answeredBy: z.enum(['pin', 'faq']).nullable(),
});
export type QuestionRec = z.infer<typeof QuestionRecSchema>;

/** One minute of a show. `t` = the minute's start (ms since epoch). */
export const MinuteSchema = z.object({
  t: z.number(),
  msgs: z.number(),
  /** Distinct chatters in this minute (exact up to a cap). */
  chatters: z.number(),
  /** Chatters the platform marks as first-time in the channel. */
  first: z.number(),
  allow: z.number(),
  flag: z.number(),
  hold: z.number(),
  block: z.number(),
  holdBy: counts,
  blockBy: counts,
  flagBy: counts,
  questions: z.number(),
  negative: z.number(),
  /**
   * Complaint themes (insights/mood.ts's) of the negative comments the mood counted: the ones shown
   * (allowed, flagged once settled, approved), as the console's mood alerts see them. `negative`
   * counts every negative comment, held and blocked ones too.
   */
  themes: counts,
  /** Mood index (-1..1) and negative share at the minute's end; null without the insights stage. */
  mood: z.number().nullable(),
  negShare: z.number().nullable(),
  alerts: z.array(z.object({ at: z.number(), themes: z.array(z.string()) })),
  decisions: z.number(),
  timeouts: z.number(),
  /** Moderators' waits (ms) of this minute's decisions, a capped sample. */
  waits: z.array(z.number()),
  byMod: z.record(z.string(), z.object({ n: z.number(), waitSum: z.number() })),
  /** The live banner's stock left at the minute's end, null without a sale. */
  stock: z.number().nullable(),
  clusters: z.array(z.object({ text: z.string(), askers: z.number() })),
  events: z.array(z.object({ at: z.number(), kind: z.string(), detail: z.string() })),
  /** The same counts per platform (≤ MAX_PLATFORMS keys); minutes written before platforms were counted have none. */
  plat: z.record(z.string(), PlatformMinuteSchema).default({}),
  /**
   * The distinct-chatter sketches' registers raised in this minute, per platform (`index << 5 | rank`):
   * a show's sketch is the union of its minutes' (and of the meta's `sketch` / `psk`), so each minute
   * written carries its part and a crash loses none of it. Not sent to the page.
   */
  sk: z.record(z.string(), z.array(z.number())).default({}),
  /**
   * Only on the running minute between two writes of the show's meta (server/shows/recorder.ts):
   * the question records changed since, so a crash loses none. Not sent to the page.
   */
  ck: z.object({ qs: z.array(QuestionRecSchema) }).optional(),
});
export type Minute = z.infer<typeof MinuteSchema>;

export const SaleRecSchema = z.object({
  id: z.string(),
  product: z.string(),
  currency: z.string(),
  price: z.number(),
  stockTotal: z.number(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  soldOutAt: z.number().nullable(),
  curve: z.array(z.object({ at: z.number(), stock: z.number() })),
});
export type SaleRec = z.infer<typeof SaleRecSchema>;

export const ShowMetaSchema = z.object({
  id: z.string(),
  title: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  /**
   * Distinct chatters over the whole show: a HyperLogLog sketch (base64). As stored, a base the
   * minutes' `sk` add to (written when a minute raised too many registers to list); as loaded
   * (server/shows/review.ts loadShow), the whole show's.
   */
  sketch: z.string(),
  /** The same per platform (the whole show's sketch is their union). */
  psk: z.record(z.string(), z.string()).default({}),
  questions: z.array(QuestionRecSchema),
  sales: z.array(SaleRecSchema),
  recording: z.boolean(),
  /** Started by chat (`shows.auto`): ends after the configured quiet time. */
  auto: z.boolean().default(false),
});
export type ShowMeta = z.infer<typeof ShowMetaSchema>;

export const ShowSummarySchema = z.object({ id: z.string(), title: z.string(), startedAt: z.number(), endedAt: z.number().nullable(), recording: z.boolean().default(false) });
export type ShowSummary = z.infer<typeof ShowSummarySchema>;

export const ShowStartSchema = z.object({ title: z.string().trim().max(120).default(''), record: z.boolean().default(false) }).strict();

/** What the review page draws: the show, its minutes, and the figures worked out from them. */
export interface Review {
  show: { id: string; title: string; startedAt: number; endedAt: number | null; recording: boolean };
  totals: { msgs: number; chatters: number; first: number; allow: number; flag: number; hold: number; block: number; questions: number; negative: number; alerts: number; decisions: number; timeouts: number; waitP50: number | null; waitP90: number | null };
  minutes: Minute[];
  holdReasons: Record<string, number>;
  questions: QuestionRec[];
  themes: Record<string, number>;
  moderators: { actor: string; decisions: number; avgWaitMs: number }[];
  sales: SaleRec[];
  /** The show's figures per platform, most messages first (chatters from each platform's sketch). */
  platforms: ({ platform: string } & PlatformMinute)[];
}

/** One line of a rehearsal transcript (JSON lines). Names are pseudonyms, texts masked. */
export const TranscriptLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('header'), version: z.literal(1), showId: z.string(), title: z.string(), startedAt: z.number(), sensitivity: z.record(z.string(), z.string()), terms: z.object({ blocked: z.array(z.string()), allowed: z.array(z.string()) }) }),
  /** A message as the live pipeline saw it: `t` = the chat clock when it was filtered; `v` the live verdict. */
  z.object({ type: z.literal('msg'), t: z.number(), m: z.record(z.string(), z.unknown()), v: z.enum(['allow', 'flag', 'hold', 'block']), r: z.array(z.string()) }),
  /** A question card appearing on the console. */
  z.object({ type: z.literal('card'), t: z.number(), id: z.string(), text: z.string() }),
  z.object({ type: z.literal('sensitivity'), t: z.number(), category: z.string(), level: z.string() }),
]);
export type TranscriptLine = z.infer<typeof TranscriptLineSchema>;

/**
 * A rehearsal asked for on the review page (POST /api/shows/:id/rehearse): changed settings on top
 * of the ones the show ran with. Order: the recorded settings, then `yaml` (a config fragment with
 * `filters:` and/or `insights:`), then the levels and the added / removed terms.
 */
const RehearseTerm = z.string().trim().min(1, 'a term is empty').max(100, 'a term is over 100 characters');
const RehearseTerms = z.object({ add: z.array(RehearseTerm).max(200).default([]), remove: z.array(RehearseTerm).max(200).default([]) }).strict().prefault({});
export const RehearseRequestSchema = z
  .object({
    sensitivity: z.partialRecord(z.enum(SENSITIVITY_CATEGORIES), z.enum(LEVELS)).default({}),
    blocked: RehearseTerms,
    allowed: RehearseTerms,
    yaml: z.string().max(20_000, 'the YAML fragment is over 20000 characters').optional(),
    /** The page's language: the rehearsed show is titled "… (rehearsal)" or "…（排练）" in it. */
    lang: z.enum(['en', 'zh']).default('en'),
  })
  .strict();
export type RehearseRequest = z.input<typeof RehearseRequestSchema>;

/** A rehearsal against the live show: what changes for moderators and the screen. */
export interface RehearsalDiff {
  holdsLive: number;
  holdsNow: number;
  /** Comments held or blocked live that these settings would show. */
  reachedScreen: { text: string; live: string; now: string; reasons: string[] }[];
  reachedScreenCount: number;
  /** Comments shown live that these settings would hold or block. */
  hiddenNow: { text: string; live: string; now: string; reasons: string[] }[];
  hiddenNowCount: number;
  /** Question cards: seconds earlier (negative) or later than live; null = formed only on one side. */
  cards: { text: string; liveAt: number | null; nowAt: number | null; deltaS: number | null }[];
  /** Messages whose verdict is the same as live. */
  same: number;
}

/** What the page gets back: the difference to the live show and both sides' totals. */
export interface RehearsalView {
  state: 'idle' | 'running' | 'done' | 'failed';
  showId: string | null;
  done: number;
  total: number;
  error?: string;
  result?: {
    diff: RehearsalDiff;
    live: Review['totals'];
    now: Review['totals'];
    holdReasonsNow: Record<string, number>;
    /** The rehearsed show's whole review (drawn like a live show's), and the live show's as the transcript has it. */
    review: Review;
    liveReview: Review;
    messages: number;
    elapsedMs: number;
    chatSpanMs: number;
  };
}
