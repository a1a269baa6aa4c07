/** Configuration of the questions and mood stages (owned by the questions-and-mood work). */
import { z } from 'zod';

export const InsightsConfigSchema = z
  .object({
    /** Recurring-question window: clusters idle this long disappear. */
    clusterWindowMs: z.number().int().min(10_000).default(5 * 60_000),
    /** Rolling mood index window. */
    moodWindowMs: z.number().int().min(5_000).default(60_000),
    /** Cosine similarity a question needs to join a one-question cluster (higher: purer, smaller clusters). */
    clusterThreshold: z.number().min(0.05).max(0.95).default(0.2),
    /** Extra similarity per ln(cluster size): big clusters ask more, so they do not swallow neighbours. */
    clusterGrowth: z.number().min(0).max(0.2).default(0.07),
    /**
     * Share of the similarity that comes from English word vectors (GloVe, insights/word-vectors.ts),
     * so reworded questions meet ("where is my card" ~ "how do I track my card"); 0: words alone.
     */
    clusterWordVectorWeight: z.number().min(0).max(0.9).default(0.2),
    /** A question nearly as close to two clusters (within this much similarity) starts its own: purer clusters. */
    clusterMargin: z.number().min(0).max(0.5).default(0.03),
    maxClusters: z.number().int().min(1).max(5000).default(200),
    /** Clusters shown on the console need this many distinct askers. */
    minAskers: z.number().int().min(1).default(2),
    maxClustersShown: z.number().int().min(1).max(100).default(12),
    /**
     * Rising-negative alerts: a CUSUM (nats of evidence) whose threshold adapts to the message rate
     * so that calm chat raises at most about one false alarm per `moodFalseAlarmHours` (nominal, from
     * Siegmund's approximation with a margin of 2.5 for the baseline's estimation errors: dev-line
     * replays measure 0.35–1.0 an hour at 1, 0.6–0.9 with bursts of chatter;
     * higher: fewer false alarms, slower alerts; 0: fixed threshold `moodAlertOn`). `moodAlertOn` is
     * the threshold's floor, `moodAlertOff` the level that ends an alert (hysteresis).
     */
    moodFalseAlarmHours: z.number().nonnegative().max(10_000).default(1),
    /**
     * The rise the detector is tuned for, as a multiple of the calm share of truly negative lines
     * (the flag's errors per language are modelled: MOOD_EVIDENCE). 2: a doubling is caught about as
     * fast as the ideal detector allows (scripts/train/mood-study.ts); bigger rises are caught sooner anyway.
     */
    moodRiseRatio: z.number().min(1.05).max(5).default(2),
    moodAlertOn: z.number().positive().default(4),
    moodAlertOff: z.number().nonnegative().default(2),
    /** An alert needs at least this many flagged lines since the evidence last stood at zero (a few lines never alert). */
    moodMinEvidence: z.number().int().min(0).max(100).default(5),
    moodMinAlertMs: z.number().int().nonnegative().default(30_000),
    /** After an alert, alerting again within this time needs `moodCooldownBoost` more nats (not muted). */
    moodCooldownMs: z.number().int().nonnegative().default(5 * 60_000),
    moodCooldownBoost: z.number().nonnegative().default(2),
    /** Messages the mood baseline averages over. */
    moodBaselineMessages: z.number().int().min(50).default(2000),
    moodWarmupMessages: z.number().int().min(0).default(200),
    /** Show the negative share corrected for the sentiment flag's measured errors per language (false: the raw flagged share). */
    moodCorrectShare: z.boolean().default(true),
    /** How long a viewer stays "angry" (priority boost in the queue) after a negative line. */
    angryMs: z.number().int().min(1000).default(5 * 60_000),
  })
  .refine((c) => c.moodAlertOff < c.moodAlertOn, { message: 'moodAlertOff must be below moodAlertOn', path: ['moodAlertOff'] })
  .prefault({});
export type InsightsConfig = z.infer<typeof InsightsConfigSchema>;

/** The defaults of every insights setting, in one place: insights/clusters.ts and insights/mood.ts take theirs from here. */
export const INSIGHTS_DEFAULTS: Readonly<InsightsConfig> = Object.freeze(InsightsConfigSchema.parse({}));
