/**
 * Filter and policy configuration (owned by the filters work; see filters/). Every threshold is
 * validated here so a bad value is refused at start-up with its path: an unknown filter name in the
 * policy map, a negative threshold or a pattern that does not compile is named with its field.
 */
import { z } from 'zod';
import { ShowrunnerError } from './errors.js';
import { LEVELS } from './levels.js';

/** Every finding name a detector can report ('<category>.<name>'). The policy map may use these or a bare category. */
export const FILTER_NAMES = [
  'abuse.en',
  'abuse.zh',
  'abuse.model',
  'spam.caps',
  'spam.symbols',
  'spam.zalgo',
  'spam.emotes',
  'spam.repeat',
  'spam.length',
  'spam.link',
  'spam.promo',
  'spam.first_link',
  'spam.model',
  'spam.flood',
  'spam.user_repeat',
  'spam.raid',
  'privacy.phone',
  'privacy.email',
  'privacy.id',
  'privacy.order',
] as const;
export type FilterName = (typeof FILTER_NAMES)[number];
export const FILTER_CATEGORIES = ['abuse', 'spam', 'privacy'] as const;
export type FilterCategory = (typeof FILTER_CATEGORIES)[number];

const ActionSchema = z.enum(['allow', 'flag', 'hold', 'block']);

export { LEVELS, SENSITIVITY_CATEGORIES, type Level, type SensitivityCategory } from './levels.js';
export const LevelSchema = z.enum(LEVELS);
export const SensitivitySchema = z
  .strictObject({
    abuse: LevelSchema.default('medium'),
    spam: LevelSchema.default('medium'),
    links: LevelSchema.default('medium'),
    privacy: LevelSchema.default('medium'),
    raids: LevelSchema.default('medium'),
  })
  .prefault({});
export type Sensitivity = z.infer<typeof SensitivitySchema>;
const RoleSchema = z.enum(['broadcaster', 'moderator', 'vip', 'subscriber']);

/** A count or length threshold: an integer ≥ 0 (negative values are refused with the field named). */
const count = (def: number) => z.number().int('must be a whole number').min(0, 'must not be negative').default(def);
/** A ratio threshold in [0, 1]. */
const ratio = (def: number) => z.number().min(0, 'must not be negative').max(1, 'must be at most 1').default(def);
const ms = (def: number) => z.number().int().min(0, 'must not be negative').default(def);

function compiles(pattern: string, flags: string): string | null {
  try {
    new RegExp(pattern, flags);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** A configurable pattern (order or tracking numbers). The regex is compiled at parse time; a bad one is refused. */
export const PatternSchema = z
  .strictObject({
    name: z.string().min(1).max(60),
    pattern: z.string().min(1).max(500),
    /** Regex flags; `u` is allowed but makes V8 match much slower. */
    flags: z.string().regex(/^[imsu]*$/, 'flags may only use i, m, s, u').default('i'),
  })
  .superRefine((p, ctx) => {
    const problem = compiles(p.pattern, `${p.flags}g`);
    if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: `invalid regular expression: ${problem}` });
  });

/** Severity → action for one filter or category. Missing severities fall back to the next more general rule. */
const RuleSchema = z.union([
  ActionSchema,
  z.strictObject({ low: ActionSchema.optional(), medium: ActionSchema.optional(), high: ActionSchema.optional() }),
]);
export type PolicyRule = z.infer<typeof RuleSchema>;

export const PolicySchema = z
  .strictObject({
    /**
     * Rules that win over the sensitivity levels (filters/sensitivity.ts). Keys: a category (abuse |
     * spam | privacy) or a filter name (spam.caps...); the filter rule wins over the category.
     * Example: `{ 'spam.caps': 'allow', privacy: { high: 'block' } }`. Empty by default.
     */
    rules: z.record(z.string(), RuleSchema).default({}),
    /** Findings the levels allow still add up: weights low 0.25, medium 0.5, high 1. At or above this sum the message is flagged (0 = off). */
    holdScore: z.number().min(0, 'must not be negative').default(0.75),
    /** Roles whose messages are never held or blocked (findings still listed as reasons). */
    exemptRoles: z.array(RoleSchema).default(['broadcaster', 'moderator', 'vip']),
  })
  .superRefine((p, ctx) => {
    const known = new Set<string>([...FILTER_NAMES, ...FILTER_CATEGORIES]);
    for (const key of Object.keys(p.rules)) {
      if (!known.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['rules', key], message: `unknown filter "${key}" (known: ${[...FILTER_CATEGORIES, ...FILTER_NAMES].join(', ')})` });
      }
    }
  });
export type Policy = z.infer<typeof PolicySchema>;

export const SpamConfigSchema = z.strictObject({
  /** Shouting: at least `minLetters` cased letters and `ratio` of them capitals (low); `highRatio` over `highMinLetters` letters is medium. Caseless scripts never count. */
  caps: z.strictObject({ minLetters: count(12), ratio: ratio(0.7), highRatio: ratio(0.9), highMinLetters: count(24) }).prefault({}),
  /** Symbols: share of non-letter, non-digit, non-space, non-CJK-punctuation characters. */
  symbols: z.strictObject({ minChars: count(12), ratio: ratio(0.5) }).prefault({}),
  /** Zalgo: combining marks stacked on letters. */
  zalgo: z.strictObject({ minMarks: count(6), maxPerChar: count(2) }).prefault({}),
  /** Emote floods: Twitch emote ranges plus emote-like tokens (PogChamp, :smile:, emoji). */
  emotes: z.strictObject({ max: count(8), highMax: count(20) }).prefault({}),
  /** Repeated characters (a run longer than `charRun`) or words (one word more than `wordRepeats` times). */
  repeat: z.strictObject({ charRun: count(12), wordRepeats: count(6), minWords: count(8) }).prefault({}),
  length: z.strictObject({ maxChars: count(400), highChars: count(1000) }).prefault({}),
  links: z
    .strictObject({
      /** Domains (and their subdomains) that never count as spam links. */
      allow: z.array(z.string().min(1).max(253)).default(['twitch.tv', 'youtube.com', 'youtu.be', 'clips.twitch.tv']),
      /** Also find "example dot com", "example。com", "example (dot) com", "exa mple.com". */
      obfuscated: z.boolean().default(true),
    })
    .prefault({}),
  /** Extra self-promotion phrases (lowercase substrings), added to the built-in English and Chinese list. */
  promoPhrases: z.array(z.string().min(2).max(100)).default([]),
  /** The bundled spam model (filters/models/spam.json): findings at or above these probabilities. */
  model: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Probability thresholds; absent = the ones chosen by cross-validation when the model was trained (in its header). */
      threshold: z.number().min(0, 'must not be negative').max(1, 'must be at most 1').optional(),
      highThreshold: z.number().min(0, 'must not be negative').max(1, 'must be at most 1').optional(),
      /** Threshold when a rule already found a link or a promotion phrase. */
      hintThreshold: z.number().min(0, 'must not be negative').max(1, 'must be at most 1').optional(),
    })
    .prefault({}),
});
export type SpamConfig = z.infer<typeof SpamConfigSchema>;

export const FloodConfigSchema = z.strictObject({
  /** More than `maxMessages` from one user within `windowMs` is a flood. */
  maxMessages: count(5),
  windowMs: ms(10_000),
  /** The same (normalized) text from one user more than `maxRepeats` times within `repeatWindowMs`. */
  maxRepeats: count(2),
  repeatWindowMs: ms(60_000),
  /** Caps on memory: users tracked (least recent dropped) and entries kept per user. */
  maxUsers: count(10_000),
  maxEntriesPerUser: count(20),
});
export type FloodConfig = z.infer<typeof FloodConfigSchema>;

export const RaidConfigSchema = z.strictObject({
  /** Near-duplicates from at least `minUsers` distinct users within `windowMs` are a copy-paste raid (what then happens: the raids level). */
  minUsers: count(2),
  windowMs: ms(10_000),
  /** At this many distinct users the raid is high severity. */
  highUsers: count(8),
  /** Shorter messages (after normalization; CJK characters count double) are never raids: "gg", "lol", short questions are chat, not pasta. */
  minChars: count(24),
  /** From this length a paste is a raid from its 2nd copy (medium); shorter ones from the 3rd. */
  longChars: count(40),
  /**
   * A shorter line is a raid from this many distinct viewers (2: the second copy is a low raid, as
   * before the QA pass flagged "first time watching, this is fun" typed by two viewers).
   */
  shortUsers: count(3),
  /**
   * A shorter line that asks the shop something or says a buyer's line ("what size is the model
   * wearing?", "这个有现货吗什么时候发货", "我要一件红色的M码") is a raid only from this many distinct
   * viewers: on a live-selling stream a few viewers asking the same thing is the chat working.
   */
  askUsers: count(8),
  /** Estimated Jaccard similarity of character 4-gram sketches that counts as the same text. */
  similarity: ratio(0.65),
  /** Caps on memory: recent signatures kept (oldest dropped). */
  maxEntries: count(4000),
});
export type RaidConfig = z.infer<typeof RaidConfigSchema>;

export const PiiConfigSchema = z.strictObject({
  phone: z.boolean().default(true),
  email: z.boolean().default(true),
  chineseId: z.boolean().default(true),
  /** Order and tracking numbers (reported as privacy.order). */
  orderPatterns: z
    .array(PatternSchema)
    .default([
      { name: 'order number', pattern: '(?:order|订单|单号|订单号)\\s*(?:no\\.?|number|#|号|:|：)?\\s*[A-Z0-9-]{8,24}', flags: 'i' },
      { name: 'tracking number (SF/JD/YT/ZTO)', pattern: '\\b(?:SF|JD|YT|ZTO|JT|YD)\\d{10,15}\\b', flags: 'i' },
    ]),
});
export type PiiConfig = z.infer<typeof PiiConfigSchema>;

export const FiltersConfigSchema = z
  .object({
    /** Extra English terms to treat as profanity, and terms never to flag. */
    blockedTerms: z.array(z.string().min(1).max(100)).default([]),
    allowedTerms: z.array(z.string().min(1).max(100)).default([]),
    spam: SpamConfigSchema.prefault({}),
    flood: FloodConfigSchema.prefault({}),
    raid: RaidConfigSchema.prefault({}),
    pii: PiiConfigSchema.prefault({}),
    /** Per-category levels (off / low / medium / high); the console switches them live (stored). */
    sensitivity: SensitivitySchema,
    policy: PolicySchema.prefault({}),
  })
  .prefault({});
export type FiltersConfig = z.infer<typeof FiltersConfigSchema>;
export type FiltersConfigInput = z.input<typeof FiltersConfigSchema>;

/** Parses a filters config, throwing one ShowrunnerError (SR_CONFIG_INVALID) that lists every problem with its field path. */
export function parseFiltersConfig(raw: unknown): FiltersConfig {
  const r = FiltersConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  filters.${i.path.map(String).join('.')}: ${i.message}`);
  throw new ShowrunnerError('SR_CONFIG_INVALID', `filters config has ${lines.length} problem${lines.length === 1 ? '' : 's'}:\n${lines.join('\n')}`);
}
