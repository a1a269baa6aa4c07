/**
 * Chat mood as a pure step function over explicit state: `stepMood(state, item, nowMs)`.
 * - A rolling mood index (mean sentiment over `windowMs`) and negative share, and a 30-minute
 *   timeline at 10-second resolution for the console.
 * - Rising-negative detection: a one-sided Bernoulli CUSUM (log-likelihood ratio per message) on
 *   "this message is negative" against a slow baseline share p0, tuned for a rise to
 *   p1 = riseRatio·p0 (1.5: a doubling is caught sooner; a smaller rise seen through a noisy
 *   classifier still adds up). Its threshold adapts to the message rate so that false alarms stay near one per
 *   `falseAlarmHours` of calm chat whatever the rate: a calm CUSUM crosses h about once every
 *   (e^h − h − 1) / |E0[llr]| messages (Siegmund's approximation), so h is solved for
 *   rate · 3600 · falseAlarmHours messages; slow chat needs less evidence than fast chat. Warm-up
 *   adds the uncertainty of a young baseline. `alertOn` is a floor for h (or the fixed threshold
 *   when `falseAlarmHours` is 0). The alert ends when the sum falls below `alertOff` after at least
 *   `minAlertMs` (hysteresis). For `cooldownMs` after an alert the threshold is raised by
 *   `cooldownBoost` nats instead of muting: a false alarm does not swallow a real rise that follows.
 *   The baseline is frozen during an alert, so a long angry spell does not become the new normal.
 *   A viewer's repeated negative lines within `repeatMs` count once (one angry spammer is not a mood).
 * - The alert says what the anger is about: themes (shipping, price, quality, fake, refund,
 *   service, size, stream) found in recent negative lines in either language, else their most
 *   frequent terms, with example comments.
 * - Angry viewers (a negative line within `angryMs`) get a priority boost for the moderation queue.
 * - The shown negative share is corrected for the flag's known errors per language (flagRates,
 *   MOOD_FLAG_RATES): calm chat reads near its true share instead of the flag's false positives.
 * Bounded: timeline ≤ 181 buckets, recent negative lines ≤ `maxRecent`, angry viewers ≤ `maxUsers`.
 * The state is owned by one caller and updated in place, then returned.
 */
import { INSIGHTS_DEFAULTS, type InsightsConfig } from '../config/insights-config.js';
import type { Lang } from '../config/chat.js';
import type { MoodView } from '../config/views.js';
import { questionFeatures } from './question-features.js';
import { isNegative } from './sentiment.js';

export interface MoodOptions {
  /** Rolling index window. */
  readonly windowMs: number;
  readonly bucketMs: number;
  readonly timelineMs: number;
  /** Messages the baseline share averages over (per-message EWMA). */
  readonly baselineMessages: number;
  /** Messages seen before any alert can fire. */
  readonly warmupMessages: number;
  /** Floor of the alert threshold in nats (the fixed threshold when `falseAlarmHours` is 0). */
  readonly alertOn: number;
  readonly alertOff: number;
  /** The rise the CUSUM is tuned for, as a multiple of the baseline share (a doubling is caught sooner). */
  readonly riseRatio: number;
  /** Nominal mean hours of calm chat between false alarms the threshold aims at (0: fixed `alertOn`). */
  readonly falseAlarmHours: number;
  /** Time constant of the message-rate estimate. */
  readonly rateTauMs: number;
  readonly minAlertMs: number;
  readonly cooldownMs: number;
  /** Extra nats of evidence needed to alert again within `cooldownMs` of an alert's end. */
  readonly cooldownBoost: number;
  /** An alert also ends after this long without messages. */
  readonly silenceMs: number;
  readonly repeatMs: number;
  readonly angryMs: number;
  readonly maxUsers: number;
  readonly maxRecent: number;
  /**
   * How often the sentiment flag is right, per language: the shown negative share is corrected for
   * it (null: the raw share of flagged lines). See MOOD_FLAG_RATES.
   */
  readonly flagRates: FlagRates | null;
}

/** The negative flag's true-positive rate (recall of negatives) and false-positive rate (flagged non-negatives). */
export interface FlagRate {
  readonly tpr: number;
  readonly fpr: number;
}
export type FlagRates = Readonly<Record<Lang, FlagRate>>;

/**
 * The flag's rates measured on the dev halves of the labelled chat sets (npx tsx scripts/train/mood-rates.ts):
 * English on Twitch chat (test/fixtures/eval/twitch-sentiment-chat, 200 lines), Chinese on the
 * Chinese chat and shopping-review fixtures (315 lines). Chat says many things the lexicon reads as
 * negative without being so ("this is insane lol"), so about one calm English line in eleven is
 * flagged (one in nine before the model's flip threshold): a calm chat at 6 % negative showed about 13 %. The shown share inverts the flag's errors
 * (Rogan–Gladen: (observed − fpr) / (tpr − fpr), clipped to 0..1), per language, weighted by lines.
 * Other languages are shown raw.
 */
export const MOOD_FLAG_RATES: FlagRates = {
  en: { tpr: 0.65, fpr: 0.093 },
  zh: { tpr: 0.948, fpr: 0.006 },
  other: { tpr: 1, fpr: 0 },
};

/** The true negative share a flagged share implies, given the flag's rates (clipped to 0..1). */
export function correctedShare(flagged: number, r: FlagRate): number {
  const span = r.tpr - r.fpr;
  if (span <= 0.05) return flagged;
  return Math.min(1, Math.max(0, (flagged - r.fpr) / span));
}

type ConfiguredMoodOptions = 'windowMs' | 'baselineMessages' | 'warmupMessages' | 'alertOn' | 'alertOff' | 'riseRatio' | 'falseAlarmHours' | 'minAlertMs' | 'cooldownMs' | 'cooldownBoost' | 'angryMs';

/** The mood options a config sets (config/insights-config.ts); the rest are internal. */
export function moodOptionsFrom(cfg: InsightsConfig): Pick<MoodOptions, ConfiguredMoodOptions> {
  return {
    windowMs: cfg.moodWindowMs,
    baselineMessages: cfg.moodBaselineMessages,
    warmupMessages: cfg.moodWarmupMessages,
    alertOn: cfg.moodAlertOn,
    alertOff: cfg.moodAlertOff,
    riseRatio: cfg.moodRiseRatio,
    falseAlarmHours: cfg.moodFalseAlarmHours,
    minAlertMs: cfg.moodMinAlertMs,
    cooldownMs: cfg.moodCooldownMs,
    cooldownBoost: cfg.moodCooldownBoost,
    angryMs: cfg.angryMs,
  };
}

/** The internal options, and the configurable ones at the config's defaults. */
export const DEFAULT_MOOD_OPTIONS: MoodOptions = {
  bucketMs: 10_000,
  timelineMs: 30 * 60_000,
  rateTauMs: 60_000,
  silenceMs: 60_000,
  repeatMs: 30_000,
  maxUsers: 5000,
  maxRecent: 60,
  ...moodOptionsFrom(INSIGHTS_DEFAULTS),
  // the raw flag share unless a caller passes the measured rates (the app does: insights.moodCorrectShare)
  flagRates: null,
};

export interface MoodItem {
  readonly text: string;
  readonly userId: string;
  readonly sentiment: number;
  /** The line's language, for the share's correction (absent: 'other', shown raw). */
  readonly lang?: Lang;
}

interface Bucket {
  n: number;
  neg: number;
  sum: number;
  /** Lines and flagged lines per language: en, zh, other. */
  ln: [number, number, number];
  lneg: [number, number, number];
}

const LANG_SLOT: Readonly<Record<Lang, 0 | 1 | 2>> = { en: 0, zh: 1, other: 2 };
const LANGS: readonly Lang[] = ['en', 'zh', 'other'];

/** The share of negative lines among `b`'s counts, corrected per language when `rates` are given. */
function shareOf(n: number, neg: number, ln: readonly number[], lneg: readonly number[], rates: FlagRates | null): number {
  if (n === 0) return 0;
  if (!rates) return neg / n;
  let sum = 0;
  LANGS.forEach((lang, i) => {
    const k = ln[i] ?? 0;
    if (k > 0) sum += k * correctedShare((lneg[i] ?? 0) / k, rates[lang]);
  });
  return sum / n;
}

interface RecentNegative {
  readonly at: number;
  readonly text: string;
  readonly userId: string;
  readonly themes: readonly string[];
}

export interface MoodAlert {
  readonly since: number;
  readonly themes: string[];
  readonly examples: string[];
}

export interface MoodState {
  readonly opts: MoodOptions;
  /** Bucket index (floor(at / bucketMs)) → counts. */
  buckets: Map<number, Bucket>;
  seen: number;
  p0: number;
  cusum: number;
  /** Exponentially decaying message count (time constant `rateTauMs`) and when it started. */
  rateCount: number;
  firstAt: number | null;
  alert: MoodAlert | null;
  alertEndedAt: number | null;
  lastAt: number;
  recent: RecentNegative[];
  /** userId → time of that viewer's last negative line (insertion order = age, for eviction). */
  angry: Map<string, number>;
  /** The bucket bucketOf returned last, and its key. */
  lastBucketKey: number;
  lastBucket: Bucket | null;
}

export function newMoodState(opts: Partial<MoodOptions> = {}): MoodState {
  return {
    opts: { ...DEFAULT_MOOD_OPTIONS, ...opts },
    buckets: new Map(),
    seen: 0,
    p0: 0.15,
    cusum: 0,
    rateCount: 0,
    firstAt: null,
    alert: null,
    alertEndedAt: null,
    lastAt: 0,
    recent: [],
    angry: new Map(),
    lastBucketKey: NaN,
    lastBucket: null,
  };
}

/** What anger is about, by theme, in both languages (substrings, lower-cased for English). */
export const MOOD_THEMES: ReadonlyArray<readonly [string, RegExp]> = [
  ['shipping', /ship|deliver|arriv|package|parcel|tracking|courier|still waiting|not received|never received|发货|快递|物流|到货|没收到|还没到|运费|包邮|配送|单号/],
  ['price', /price|expensive|overpriced|cost|too much|rip.?off|\$|贵|价格|价钱|不值|涨价|坑钱|割韭菜/],
  ['quality', /quality|broke|broken|cheap|defect|flimsy|fell apart|damaged|crap|质量|做工|破|坏|烂|次品|劣质|起球|掉色|褪色|瑕疵|开线/],
  ['fake', /fake|scam|fraud|counterfeit|knock.?off|lie|liar|假|骗|忽悠|山寨|不是正品|虚假/],
  ['refund', /refund|return|money back|chargeback|cancel|退款|退货|退钱|换货|售后|维权/],
  ['service', /service|support|customer|reply|respond|ignor|rude|客服|态度|不回|没人理|敷衍|回复/],
  ['size', /size|fit|too small|too big|尺码|偏小|偏大|码数|大小/],
  ['stream', /lag|buffer|audio|sound|mic|stream|boring|无聊|卡|声音|画面|直播/],
];

/** The complaint themes a text is about (MOOD_THEMES' names, in their order). */
export function themesOf(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  for (const [name, re] of MOOD_THEMES) if (re.test(lower)) out.push(name);
  return out;
}

function bucketOf(s: MoodState, at: number): Bucket {
  const k = Math.floor(at / s.opts.bucketMs);
  // most messages land in the bucket of the one before: no Map lookup (buckets are only pruned when
  // one is created, and the created one becomes the remembered one, so it is never a pruned one)
  if (k === s.lastBucketKey && s.lastBucket) return s.lastBucket;
  let b = s.buckets.get(k);
  if (!b) {
    b = { n: 0, neg: 0, sum: 0, ln: [0, 0, 0], lneg: [0, 0, 0] };
    s.buckets.set(k, b);
    const oldest = k - Math.ceil(s.opts.timelineMs / s.opts.bucketMs);
    for (const key of s.buckets.keys()) if (key < oldest) s.buckets.delete(key);
  }
  s.lastBucketKey = k;
  s.lastBucket = b;
  return b;
}

export interface MoodStep {
  readonly state: MoodState;
  /** Set on the message that raised an alert. */
  readonly raised: MoodAlert | null;
  readonly negative: boolean;
  /** The complaint themes of a negative line (empty for the others): the show's review counts them. */
  readonly themes: readonly string[];
}

const NO_THEMES: readonly string[] = Object.freeze([]);

/** Ends an alert that has calmed down or gone silent; call with the clock even without messages. */
export function tickMood(s: MoodState, nowMs: number): MoodState {
  if (!s.alert) return s;
  const calm = s.cusum < s.opts.alertOff && nowMs - s.alert.since >= s.opts.minAlertMs;
  const silent = nowMs - s.lastAt >= s.opts.silenceMs;
  if (calm || silent) {
    s.alert = null;
    s.alertEndedAt = nowMs;
    s.cusum = 0;
  }
  return s;
}

/** Extra evidence asked for while the baseline has seen fewer than `baselineMessages` messages. */
const WARMUP_NATS = 2;

/**
 * Messages per second over the last `rateTauMs` or so: the decaying count divided by what a steady
 * one-per-millisecond stream would have accumulated since the first message (unbiased when young).
 */
export function moodRate(s: MoodState, nowMs: number): number {
  if (s.firstAt === null) return 0;
  const tau = s.opts.rateTauMs;
  const age = Math.max(1000, nowMs - s.firstAt);
  // exp() skipped where it is exactly 1 (no time since the last message) or 1 - exp() is (an old stream)
  const idle = nowMs - s.lastAt;
  const count = idle > 0 ? s.rateCount * Math.exp(-idle / tau) : s.rateCount;
  return (1000 * count) / (tau * (age > 40 * tau ? 1 : 1 - Math.exp(-age / tau)));
}

/**
 * CUSUM threshold (nats) for the current rate and baseline: solves (e^h − h − 1) = ARL0 · |E0[llr]|
 * for ARL0 = messages in `falseAlarmHours`, plus a warm-up margin while the baseline is young.
 */
export function moodThreshold(s: MoodState, nowMs: number): number {
  const p0 = Math.min(0.4, Math.max(0.04, s.p0));
  const p1 = Math.min(0.85, s.opts.riseRatio * p0);
  return thresholdFor(s, nowMs, p0, Math.log(p1 / p0), Math.log((1 - p1) / (1 - p0)));
}

/** moodThreshold() given the clamped baseline p0 and the log-likelihood ratios of a negative and another line. */
function thresholdFor(s: MoodState, nowMs: number, p0: number, llrNeg: number, llrPos: number): number {
  const o = s.opts;
  if (o.falseAlarmHours <= 0) return o.alertOn;
  const drift = -(p0 * llrNeg + (1 - p0) * llrPos);
  const arl = Math.max(1, moodRate(s, nowMs) * 3600 * o.falseAlarmHours);
  const target = arl * drift;
  let h = Math.log(target + 1);
  for (let i = 0; i < 3; i++) h = Math.log(target + 1 + h);
  // a baseline from few messages is uncertain: its error adds up in the sum, so ask for more
  const young = Math.max(0, 1 - s.seen / o.baselineMessages);
  return Math.max(o.alertOn, h + WARMUP_NATS * young);
}

export function stepMood(s: MoodState, item: MoodItem, nowMs: number): MoodStep {
  const o = s.opts;
  const negative = isNegative(item.sentiment);
  const dt = nowMs - s.lastAt;
  // exp(-0) is 1: skipped for messages in the same millisecond
  s.rateCount = s.firstAt === null ? 1 : (dt === 0 ? s.rateCount : s.rateCount * Math.exp(-dt / o.rateTauMs)) + 1;
  if (s.firstAt === null) s.firstAt = nowMs;
  const b = bucketOf(s, nowMs);
  b.n++;
  b.sum += item.sentiment;
  const slot = LANG_SLOT[item.lang ?? 'other'];
  b.ln[slot]++;
  if (negative) {
    b.neg++;
    b.lneg[slot]++;
  }
  s.seen++;
  s.lastAt = nowMs;

  // one angry viewer repeating themselves counts once per repeatMs (looked up for negative lines only)
  const prevNeg = negative ? s.angry.get(item.userId) : undefined;
  const counts = !(negative && prevNeg !== undefined && nowMs - prevNeg < o.repeatMs);
  let themes = NO_THEMES;
  if (negative) {
    s.angry.delete(item.userId);
    s.angry.set(item.userId, nowMs);
    if (s.angry.size > o.maxUsers) {
      const first = s.angry.keys().next();
      if (!first.done) s.angry.delete(first.value);
    }
    themes = themesOf(item.text);
    s.recent.push({ at: nowMs, text: item.text, userId: item.userId, themes });
    if (s.recent.length > o.maxRecent) s.recent.shift();
  }

  let raised: MoodAlert | null = null;
  if (counts) {
    const p0 = Math.min(0.4, Math.max(0.04, s.p0));
    const p1 = Math.min(0.85, o.riseRatio * p0);
    const llrNeg = Math.log(p1 / p0);
    const llrPos = Math.log((1 - p1) / (1 - p0));
    const llr = negative ? llrNeg : llrPos;
    const cooling = s.alertEndedAt !== null && nowMs - s.alertEndedAt < o.cooldownMs;
    const h = thresholdFor(s, nowMs, p0, llrNeg, llrPos) + (cooling ? o.cooldownBoost : 0);
    s.cusum = Math.min(h * 2, Math.max(0, s.cusum + llr));
    if (!s.alert) {
      const a = 1 / Math.min(o.baselineMessages, s.seen + 20);
      s.p0 += a * ((negative ? 1 : 0) - s.p0);
      if (s.cusum >= h && s.seen >= o.warmupMessages) {
        s.alert = describe(s, nowMs, nowMs);
        raised = s.alert;
      }
    }
  }
  if (s.alert) {
    if (negative) s.alert = describe(s, s.alert.since, nowMs);
    tickMood(s, nowMs);
  }
  return { state: s, raised, negative, themes };
}

/** Themes (or top terms) and examples from the negative lines of the last two minutes. */
function describe(s: MoodState, since: number, nowMs: number): MoodAlert {
  const recent = s.recent.filter((r) => r.at >= nowMs - 2 * 60_000);
  const themeCount = new Map<string, number>();
  for (const r of recent) for (const t of r.themes) themeCount.set(t, (themeCount.get(t) ?? 0) + 1);
  const themes = [...themeCount.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([t]) => t);
  if (themes.length < 3) {
    const terms = new Map<string, number>();
    for (const r of recent) {
      if (r.themes.length > 0) continue;
      for (const k of questionFeatures(r.text).keys()) {
        if (k.startsWith('w:') || k.startsWith('b:')) terms.set(k.slice(2), (terms.get(k.slice(2)) ?? 0) + 1);
      }
    }
    for (const [t, n] of [...terms.entries()].sort((a, b) => b[1] - a[1])) {
      if (themes.length >= 3 || n < 2) break;
      themes.push(`"${t}"`);
    }
  }
  const examples: string[] = [];
  const withTheme = [...recent].reverse().sort((a, b) => b.themes.length - a.themes.length);
  for (const r of withTheme) {
    if (examples.length >= 3) break;
    if (!examples.includes(r.text)) examples.push(r.text.length > 140 ? `${r.text.slice(0, 139)}…` : r.text);
  }
  return { since, themes, examples };
}

/** True when this viewer wrote a negative line within `angryMs`. */
export function isAngry(s: MoodState, userId: string, nowMs: number): boolean {
  const at = s.angry.get(userId);
  return at !== undefined && nowMs - at < s.opts.angryMs;
}

/** Priority to add to this viewer's held items: 2 while an alert runs, 1 otherwise, 0 when not angry. */
export function moodPriorityBoost(s: MoodState, userId: string, nowMs: number): number {
  if (!isAngry(s, userId, nowMs)) return 0;
  return s.alert ? 2 : 1;
}

/** The console's view: rolling index and share over `windowMs`, the alert, and the 30-minute timeline. */
export function viewMood(s: MoodState, nowMs: number): MoodView {
  tickMood(s, nowMs);
  const o = s.opts;
  const nowK = Math.floor(nowMs / o.bucketMs);
  const windowBuckets = Math.max(1, Math.round(o.windowMs / o.bucketMs));
  let n = 0;
  let neg = 0;
  let sum = 0;
  const ln = [0, 0, 0];
  const lneg = [0, 0, 0];
  for (let k = nowK - windowBuckets + 1; k <= nowK; k++) {
    const b = s.buckets.get(k);
    if (b) {
      n += b.n;
      neg += b.neg;
      sum += b.sum;
      for (let i = 0; i < 3; i++) {
        ln[i] = (ln[i] ?? 0) + b.ln[i]!;
        lneg[i] = (lneg[i] ?? 0) + b.lneg[i]!;
      }
    }
  }
  const points = Math.round(o.timelineMs / o.bucketMs);
  const timeline: MoodView['timeline'] = [];
  for (let k = nowK - points + 1; k <= nowK; k++) {
    const b = s.buckets.get(k);
    timeline.push({ at: k * o.bucketMs, index: b && b.n > 0 ? round(b.sum / b.n) : 0, negativeShare: b ? round(shareOf(b.n, b.neg, b.ln, b.lneg, o.flagRates)) : 0 });
  }
  return {
    index: n > 0 ? round(sum / n) : 0,
    negativeShare: round(shareOf(n, neg, ln, lneg, o.flagRates)),
    alert: s.alert ? { since: s.alert.since, themes: [...s.alert.themes], examples: [...s.alert.examples] } : null,
    timeline,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
