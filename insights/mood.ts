/**
 * Chat mood as a pure step function over explicit state: `stepMood(state, item, nowMs)`.
 * - A rolling mood index (mean sentiment over `windowMs`) and negative share, and a 30-minute
 *   timeline at 10-second resolution for the console.
 * - Rising-negative detection: a one-sided CUSUM on the log-likelihood ratio per line of "the share
 *   of truly negative lines is riseRatio × the calm share" (2: a doubling) against the calm share.
 *   A line is seen as its language and sentiment bin (strong negative, weak negative, the rest:
 *   moodBin), and MOOD_EVIDENCE says how likely each bin is on a negative line and on another, per
 *   language: a Chinese flag is near proof, an English weak flag little more than a coin (flagged
 *   chatter), so noisy flags add little and the calm share is the true one, not the flagged one
 *   (per language, a running mean of bin weights whose expectation is linear in the share:
 *   scoreWeights). Lines since the sum last stood at zero are suspects: they reach the calm share
 *   only when it falls back to zero (or after PEND_MAX lines), so a building rise is not learned as
 *   calm. The llr table is recomputed every REFRESH_EVERY lines from the calm share of about
 *   LAG_SLOTS·LAG_STEP lines ago, and the threshold from the bin frequencies of then, suspects held
 *   back the same way (learned as they came, a rise raised the threshold by about a nat within a
 *   minute: at ×2 and 10 msg/s the alert came ~9 s later, scripts/train/mood-gap.ts).
 *   The threshold adapts to the message rate so that false alarms stay near one per
 *   `falseAlarmHours` of calm chat whatever the rate (Siegmund's approximation: a calm CUSUM crosses
 *   h about once every (e^(θh) − θh − 1) / (θ·|E0[llr]|) lines, E0 and θ (E0[e^(θ·llr)] = 1) taken
 *   over the bins this chat actually shows, so tables that misdescribe the chat do not raise false
 *   alarms), aiming at ARL_MARGIN times the run length asked (the estimates' errors make calm chat
 *   cross sooner than Siegmund says); slow chat needs less evidence than fast chat. Warm-up adds the
 *   uncertainty of a young baseline. `alertOn` is a floor for h (or the fixed threshold when `falseAlarmHours` is 0), and
 *   an alert needs `minEvidence` flagged lines since the sum last stood at zero (a few lines never
 *   alert). The alert ends when the sum falls below `alertOff` after at least
 *   `minAlertMs` (hysteresis). For `cooldownMs` after an alert the threshold is raised by
 *   `cooldownBoost` nats instead of muting: a false alarm does not swallow a real rise that follows.
 *   The baseline is frozen during an alert, so a long angry spell does not become the new normal.
 *   A viewer's run of negative lines, each within `repeatMs` of the one before, counts its first
 *   REPEATS_COUNTED (2) lines (one angry spammer is not a mood; counting only the first dropped one
 *   flagged line in eleven of 400 viewers chatting at 10 msg/s, and cost the ideal CUSUM itself 6 s).
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
import { OldestFirst } from '../config/oldest-first.js';
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
  /** What each sentiment bin says about a line being negative, per language: the alert's evidence (MOOD_EVIDENCE). */
  readonly evidence: MoodEvidence;
  /** An alert needs at least this many flagged lines counted since the sum last stood at zero. */
  readonly minEvidence: number;
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
 * negative without being so ("bathroom break"), so about one calm English line in twenty-three is
 * flagged (one in sixteen before the model was retrained on the chat-slang lexicon's features, one in
 * eleven before that lexicon, one in nine before the model's flip threshold), and about one negative
 * line in six is missed. The shown share inverts the flag's errors
 * (Rogan–Gladen: (observed − fpr) / (tpr − fpr), clipped to 0..1), per language, weighted by lines.
 * Other languages are shown raw.
 */
export const MOOD_FLAG_RATES: FlagRates = {
  en: { tpr: 0.833, fpr: 0.043 },
  zh: { tpr: 0.948, fpr: 0.006 },
  other: { tpr: 1, fpr: 0 },
};

/** Sentiment below this is a strong negative (bin 0); below NEGATIVE_THRESHOLD a weak one (bin 1); the rest bin 2. */
export const MOOD_STRONG_NEGATIVE = -0.6;

/** P(bin | negative line) and P(bin | other line) over moodBin's three bins (each row sums to 1). */
export interface MoodBins {
  readonly neg: readonly [number, number, number];
  readonly other: readonly [number, number, number];
}
export type MoodEvidence = Readonly<Record<Lang, MoodBins>>;

/**
 * What a line's sentiment bin says about it being negative, per language, measured on the dev halves
 * (npx tsx scripts/train/mood-rates.ts, same sets as MOOD_FLAG_RATES): in English a strong negative
 * score is about 60× likelier on a negative line than on another, a weak one about 5× (20× and
 * 2× before the chat-slang lexicon, which was written looking at these dev lines' misses: the
 * English ratios are optimistic); in Chinese any
 * flag is near proof. Other languages use the English table (no labelled set).
 */
export const MOOD_EVIDENCE: MoodEvidence = {
  en: { neg: [0.626, 0.2033, 0.1707], other: [0.0106, 0.0389, 0.9505] },
  zh: { neg: [0.7955, 0.1502, 0.0543], other: [0.0031, 0.0093, 0.9876] },
  other: { neg: [0.626, 0.2033, 0.1707], other: [0.0106, 0.0389, 0.9505] },
};

/** The sentiment bin the alert's evidence tables are indexed by (see MOOD_EVIDENCE). */
export function moodBin(sentiment: number): 0 | 1 | 2 {
  return sentiment < MOOD_STRONG_NEGATIVE ? 0 : isNegative(sentiment) ? 1 : 2;
}

/** The true negative share a flagged share implies, given the flag's rates (clipped to 0..1). */
export function correctedShare(flagged: number, r: FlagRate): number {
  const span = r.tpr - r.fpr;
  if (span <= 0.05) return flagged;
  return Math.min(1, Math.max(0, (flagged - r.fpr) / span));
}

type ConfiguredMoodOptions = 'windowMs' | 'baselineMessages' | 'warmupMessages' | 'alertOn' | 'alertOff' | 'riseRatio' | 'falseAlarmHours' | 'minAlertMs' | 'cooldownMs' | 'cooldownBoost' | 'angryMs' | 'minEvidence';

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
    minEvidence: cfg.moodMinEvidence,
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
  evidence: MOOD_EVIDENCE,
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

/** A recent negative line (a slot of MoodState.recent, written over when the ring is full). */
interface RecentNegative {
  at: number;
  text: string;
  userId: string;
  themes: readonly string[];
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
  /** The calm share of truly negative lines the alert measures against, lines weighted by language (for views and tests). */
  p0: number;
  /**
   * Per language (en, zh, other): estimated true negative share, from `score`, the running mean of
   * each line's bin weight (scoreWeights: E[w] is linear in the share, so the share is read off
   * directly, as fast as the mean converges; EM would crawl where the flag is noisy); lines seen;
   * share of the chat's lines.
   */
  base: [number, number, number];
  score: [number, number, number];
  /** Per language × bin weight, and per language E[w] on negative lines and on the others. */
  weights: ScoreWeights;
  langSeen: [number, number, number];
  mix: [number, number, number];
  /**
   * Lines since the sum last stood at zero are suspects: their posteriors wait here (sum and count
   * per language) and reach the calm share only when the sum falls back to zero (or after PEND_MAX
   * lines); an alert discards them. So a rise is not learned as calm while it builds up.
   */
  pendSum: [number, number, number];
  pendN: [number, number, number];
  /** The suspects' language × bin counts, waiting with them for binCounts (the threshold's calm bin frequencies). */
  pendBins: Float64Array;
  /** Snapshots of `base` every LAG_STEP counted lines (LAG_SLOTS of them): the alert compares with the oldest. */
  lagRing: Float64Array;
  lagCount: number;
  /** Counted lines outside alerts (the baseline's clock). */
  calmLines: number;
  /** Per language × bin: the log-likelihood ratio a line adds (risen vs calm share), refreshed every REFRESH_EVERY lines. */
  llr: Float64Array;
  /**
   * How often each language × bin is seen in calm chat (an average over about `baselineMessages`
   * counted lines outside alerts, updated at each refresh from `binCounts`, the counts since the last).
   */
  binFreq: Float64Array;
  binCounts: Float64Array;
  /**
   * Snapshots of binFreq taken with lagRing's: the threshold's θ and E0[llr] come from the oldest, so
   * a rise that creeps into the bin frequencies does not raise the threshold before it alerts.
   */
  freqRing: Float64Array;
  /** Mean llr of a calm line (negative) and the exponent θ (E[e^(θ·llr)] = 1) over binFreq; the threshold (nats); lines until the next refresh. */
  mu0: number;
  theta: number;
  h: number;
  refreshIn: number;
  /** Flagged lines counted since the sum last stood at zero. */
  evidence: number;
  cusum: number;
  /** Exponentially decaying message count (time constant `rateTauMs`) and when it started. */
  rateCount: number;
  firstAt: number | null;
  alert: MoodAlert | null;
  /**
   * When a negative line came during the alert since its description was last written: the view
   * describes it again then (themes and examples over `recent` as of that line), not every line.
   */
  alertStaleAt: number | null;
  alertEndedAt: number | null;
  lastAt: number;
  /**
   * The last `maxRecent` negative lines, as a ring: in order while it fills, then `recentNext` is the
   * oldest and the next written over (no array shift and no new object a negative line). Read in
   * order with recentLines().
   */
  recent: RecentNegative[];
  recentNext: number;
  /** userId → time of that viewer's last negative line (insertion order = age, for eviction). */
  angry: Map<string, number>;
  /** Evicts `angry`'s oldest viewer in O(1) (config/oldest-first.ts). */
  angryOldest: OldestFirst<string, number>;
  /** userId → negative lines in this viewer's current run (each within repeatMs of the one before), when 2 or more; keys ⊆ angry's. */
  repeats: Map<string, number>;
  /** The bucket bucketOf returned last, and its key. */
  lastBucketKey: number;
  lastBucket: Bucket | null;
}

/**
 * The calm share assumed before any line is seen, worth PRIOR_LINES lines: high on purpose, so a
 * young baseline errs on the side of fewer alerts (an underestimated calm share looks like a rise).
 */
const START_SHARE = 0.15;
const PRIOR_LINES = 200;
/** The alert's baseline lags the estimate by (LAG_SLOTS − 1)·LAG_STEP to LAG_SLOTS·LAG_STEP counted lines, so a rise is not absorbed before it alerts. */
const LAG_STEP = 128;
const LAG_SLOTS = 3;
/** …once the oldest snapshot has this many counted lines behind it (a young estimate is better fresh). */
const LAG_FROM = 1024 + LAG_SLOTS * LAG_STEP;
/** The llr table and threshold are recomputed every this many counted lines (every line for the first 256). */
const REFRESH_EVERY = 32;
/** The calm share is clamped to MIN_SHARE..MAX_SHARE for the alert's likelihoods. */
const MIN_SHARE = 0.02;
const MAX_SHARE = 0.4;

export interface ScoreWeights {
  readonly w: Float64Array;
  readonly onNeg: readonly number[];
  readonly onOther: readonly number[];
}

/** Where the share is usually found, for the score weights (the score of the share there: efficient near it). */
const SCORE_AT = 0.06;

/** Bin weights w = (P(b|neg) − P(b|other)) / P(b | share SCORE_AT), and their means on negative and other lines. */
export function scoreWeights(ev: MoodEvidence): ScoreWeights {
  const w = new Float64Array(9);
  const onNeg: number[] = [];
  const onOther: number[] = [];
  LANGS.forEach((lang, l) => {
    const { neg, other } = ev[lang];
    let a = 0;
    let c = 0;
    for (let b = 0; b < 3; b++) {
      const x = (neg[b]! - other[b]!) / (SCORE_AT * neg[b]! + (1 - SCORE_AT) * other[b]!);
      w[l * 3 + b] = x;
      a += neg[b]! * x;
      c += other[b]! * x;
    }
    onNeg.push(a);
    onOther.push(c);
  });
  return { w, onNeg, onOther };
}

export function newMoodState(opts: Partial<MoodOptions> = {}): MoodState {
  const o = { ...DEFAULT_MOOD_OPTIONS, ...opts };
  const weights = scoreWeights(o.evidence);
  const angry = new Map<string, number>();
  return {
    opts: o,
    buckets: new Map(),
    seen: 0,
    p0: START_SHARE,
    base: [START_SHARE, START_SHARE, START_SHARE],
    score: [0, 1, 2].map((l) => weights.onOther[l]! + START_SHARE * (weights.onNeg[l]! - weights.onOther[l]!)) as [number, number, number],
    weights,
    langSeen: [0, 0, 0],
    mix: [1 / 3, 1 / 3, 1 / 3],
    pendSum: [0, 0, 0],
    pendN: [0, 0, 0],
    pendBins: new Float64Array(9),
    lagRing: new Float64Array(3 * LAG_SLOTS),
    lagCount: 0,
    calmLines: 0,
    llr: new Float64Array(9),
    binFreq: new Float64Array(9),
    binCounts: new Float64Array(9),
    freqRing: new Float64Array(9 * LAG_SLOTS),
    mu0: 0,
    theta: 1,
    h: 0,
    refreshIn: 0,
    evidence: 0,
    cusum: 0,
    rateCount: 0,
    firstAt: null,
    alert: null,
    alertStaleAt: null,
    alertEndedAt: null,
    lastAt: 0,
    recent: [],
    recentNext: 0,
    angry,
    angryOldest: new OldestFirst(angry),
    repeats: new Map(),
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

/**
 * Where a theme's match can start, from its pattern's alternatives (top-level `|`, each starting with
 * literal characters; `\\x` is the character x): bit i for MOOD_THEMES[i]. An ASCII alternative of two
 * characters or more is keyed by its first two (`pairs`, 128 × 128), one of a single character by it
 * (`singles`), a non-ASCII one by its first character (`firsts`). A line none of whose positions
 * starts an alternative cannot match, and skips the regex: most negative lines run one or two of the
 * eight (test/unit/insights/mood.test.ts checks the tables pass every line the patterns match).
 */
export function themeStarts(themes: ReadonlyArray<readonly [string, RegExp]>): { pairs: Int32Array; singles: Int32Array; firsts: Int32Array } {
  const pairs = new Int32Array(128 * 128);
  const singles = new Int32Array(128);
  const firsts = new Int32Array(0x10000);
  themes.forEach(([, re], i) => {
    if (/[()[\]^]/.test(re.source) || re.flags.includes('i')) throw new Error(`themeStarts: ${re.source} is not a plain alternation`);
    for (const alt of re.source.split('|')) {
      const lit = alt[0] === '\\' ? alt[1]! : alt[0]!;
      const rest = alt.slice(alt[0] === '\\' ? 2 : 1);
      const c = lit.charCodeAt(0);
      const next = rest.length > 0 && !'.?*+\\{'.includes(rest[0]!) ? rest.charCodeAt(0) : -1;
      if (c >= 128) firsts[c]! |= 1 << i;
      else if (next >= 0 && next < 128) pairs[c * 128 + next]! |= 1 << i;
      else singles[c]! |= 1 << i;
    }
  });
  return { pairs, singles, firsts };
}
const THEME_STARTS = themeStarts(MOOD_THEMES);

/** The complaint themes a text is about (MOOD_THEMES' names, in their order). */
export function themesOf(text: string): string[] {
  const lower = text.toLowerCase();
  const { pairs, singles, firsts } = THEME_STARTS;
  let bits = 0;
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    const c = lower.charCodeAt(i);
    if (c >= 128) bits |= firsts[c]!;
    else {
      bits |= singles[c]!;
      const d = i + 1 < n ? lower.charCodeAt(i + 1) : 128;
      if (d < 128) bits |= pairs[c * 128 + d]!;
    }
  }
  const out: string[] = [];
  if (bits === 0) return out;
  for (let i = 0; i < MOOD_THEMES.length; i++) if (bits & (1 << i) && MOOD_THEMES[i]![1].test(lower)) out.push(MOOD_THEMES[i]![0]);
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
    s.alertStaleAt = null;
    s.alertEndedAt = nowMs;
    s.cusum = 0;
    s.evidence = 0;
    s.pendSum.fill(0);
    s.pendN.fill(0);
    s.pendBins.fill(0);
  }
  return s;
}

/** A viewer's run of negative lines (each within repeatMs of the one before) counts its first this many. */
const REPEATS_COUNTED = 2;

/** Suspect lines waited at most this long before they are learned as calm (a slow drift is learned, not alerted on forever). */
const PEND_MAX = 1000;

/** Moves the pending posteriors into the calm share: n EWMA steps towards their mean. */
function learnPending(s: MoodState): void {
  for (let l = 0; l < 3; l++) {
    const n = s.pendN[l]!;
    if (n === 0) continue;
    for (let i = l * 3; i < l * 3 + 3; i++) {
      s.binCounts[i]! += s.pendBins[i]!;
      s.pendBins[i] = 0;
    }
    const a = 1 / Math.min(s.opts.baselineMessages, s.langSeen[l]! + 1 + PRIOR_LINES);
    const m0 = s.score[l]!;
    const m = n === 1 ? m0 + a * (s.pendSum[l]! - m0) : m0 + (1 - Math.pow(1 - a, n)) * (s.pendSum[l]! / n - m0);
    s.score[l] = m;
    const span = s.weights.onNeg[l]! - s.weights.onOther[l]!;
    s.base[l] = Math.min(1, Math.max(0, (m - s.weights.onOther[l]!) / span));
    s.langSeen[l] = s.langSeen[l]! + n;
    s.pendSum[l] = 0;
    s.pendN[l] = 0;
  }
}

/**
 * Extra evidence asked for while the baseline has seen fewer than WARMUP_SPAN·`baselineMessages`
 * messages (a running mean of n lines is as noisy as the EWMA over `baselineMessages` only at n ≈ 2×
 * that; with 1× calm chat at 10 msg/s raised about twice the false alarms in minutes 3–7).
 */
const WARMUP_NATS = 2;
const WARMUP_SPAN = 1.5;
/**
 * Siegmund's run length is taken this many times longer than `falseAlarmHours` asks: it ignores the
 * calm share's and the bin frequencies' estimation errors, and with them calm chat crossed 0.9–1.4
 * times an hour at a nominal one, 1.1–1.4 with bursts of chatter (scripts/train/mood-gap.ts, seeds
 * 2 and 3); with REPEATS_COUNTED 2 and a margin of 2.5, 0.35–1.0 steady at 10 msg/s, 0.5–0.8 at 5,
 * 0.6–0.9 with bursts.
 */
const ARL_MARGIN = 2.5;

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
 * E0[llr] (mu0) is the mean evidence of a calm line under the current tables (refreshed with them).
 */
export function moodThreshold(s: MoodState, nowMs: number): number {
  return s.seen === 0 ? thresholdFor(s, nowMs, calmDrift(s), 1) : thresholdFor(s, nowMs, s.mu0, s.theta);
}

/**
 * Siegmund: a CUSUM whose increments have mean mu0 < 0 and E[e^(θ·llr)] = 1 crosses h after about
 * (e^(θh) − θh − 1) / (θ·|mu0|) steps; θ is 1 when the tables describe the chat exactly.
 */
function thresholdFor(s: MoodState, nowMs: number, mu0: number, theta: number): number {
  const o = s.opts;
  if (o.falseAlarmHours <= 0) return o.alertOn;
  const arl = Math.max(1, moodRate(s, nowMs) * 3600 * o.falseAlarmHours * ARL_MARGIN);
  const target = arl * theta * Math.max(1e-4, -mu0);
  let x = Math.log(target + 1);
  for (let i = 0; i < 3; i++) x = Math.log(target + 1 + x);
  const h = x / theta;
  // a baseline from few messages is uncertain: its error adds up in the sum, so ask for more
  const young = Math.max(0, 1 - s.seen / (WARMUP_SPAN * o.baselineMessages));
  return Math.max(o.alertOn, h + WARMUP_NATS * young);
}

/** The calm share per language the alert compares with: the oldest snapshot once there are LAG_SLOTS, else the estimate. */
function laggedShare(s: MoodState, lang: number): number {
  const p = s.lagCount >= LAG_FROM / LAG_STEP ? s.lagRing[(s.lagCount % LAG_SLOTS) * 3 + lang]! : s.base[lang]!;
  return Math.min(MAX_SHARE, Math.max(MIN_SHARE, p));
}

/** Fills the llr table from the lagged calm shares (rise ×riseRatio) and returns the mean llr of a calm line. */
function calmDrift(s: MoodState): number {
  const o = s.opts;
  let mu0 = 0;
  for (let l = 0; l < 3; l++) {
    const bins = o.evidence[LANGS[l]!];
    const p0 = laggedShare(s, l);
    const p1 = Math.min(0.9, o.riseRatio * p0);
    let mu = 0;
    for (let b = 0; b < 3; b++) {
      const q0 = p0 * bins.neg[b]! + (1 - p0) * bins.other[b]!;
      const q1 = p1 * bins.neg[b]! + (1 - p1) * bins.other[b]!;
      const r = Math.log(q1 / q0);
      s.llr[l * 3 + b] = r;
      mu += q0 * r;
    }
    mu0 += s.mix[l]! * mu;
  }
  return mu0;
}

/** Counted calm lines before the threshold trusts the chat's own bin frequencies over the tables'. */
const OWN_FREQ_AFTER = 300;

function refresh(s: MoodState, nowMs: number): void {
  const o = s.opts;
  const modelMu0 = calmDrift(s);
  s.p0 = s.mix[0] * s.base[0] + s.mix[1] * s.base[1] + s.mix[2] * s.base[2];
  // the chat's own bin frequencies since the last refresh, folded into the running average
  let m = 0;
  for (let i = 0; i < 9; i++) m += s.binCounts[i]!;
  const counted = s.calmLines;
  if (m > 0) {
    const keep = Math.pow(1 - 1 / Math.min(o.baselineMessages, counted + 20), m);
    for (let i = 0; i < 9; i++) {
      s.binFreq[i] = keep * s.binFreq[i]! + ((1 - keep) * s.binCounts[i]!) / m;
      s.binCounts[i] = 0;
    }
  }
  // the bin frequencies of about as long ago as the calm share (the oldest snapshot once there are LAG_SLOTS)
  const lagged = s.lagCount >= LAG_FROM / LAG_STEP;
  const fAt = (s.lagCount % LAG_SLOTS) * 9;
  const freq = lagged ? s.freqRing : s.binFreq;
  const f0 = lagged ? fAt : 0;
  let mu = 0;
  for (let i = 0; i < 9; i++) mu += freq[f0 + i]! * s.llr[i]!;
  if (counted < OWN_FREQ_AFTER || mu >= 0) {
    // young, or the calm chat already looks risen: the tables' view
    s.mu0 = modelMu0;
    s.theta = 1;
  } else {
    // θ > 0 with Σ f·e^(θ·llr) = 1 (convex in θ, 0 at θ = 0 with slope mu < 0): Newton steps from
    // the last refresh's θ (it moves slowly; a young one gets more steps)
    let theta = s.theta > 0 ? s.theta : 1;
    const steps = counted < 4 * OWN_FREQ_AFTER ? 6 : 2;
    for (let it = 0; it < steps; it++) {
      let g = -1;
      let dg = 0;
      for (let i = 0; i < 9; i++) {
        const f = freq[f0 + i]!;
        if (f === 0) continue;
        const e = f * Math.exp(theta * s.llr[i]!);
        g += e;
        dg += e * s.llr[i]!;
      }
      if (dg <= 0) break;
      theta = Math.min(5, Math.max(0.2, theta - g / dg));
    }
    s.mu0 = mu;
    s.theta = theta;
  }
  s.h = thresholdFor(s, nowMs, s.mu0, s.theta);
  s.refreshIn = s.seen < 256 ? 1 : REFRESH_EVERY;
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

  // one angry viewer repeating themselves counts at most REPEATS_COUNTED times a run (looked up for negative lines only)
  const prevNeg = negative ? s.angry.get(item.userId) : undefined;
  let counts = true;
  let themes = NO_THEMES;
  if (negative) {
    if (prevNeg !== undefined && nowMs - prevNeg < o.repeatMs) {
      const n = (s.repeats.get(item.userId) ?? 1) + 1;
      s.repeats.set(item.userId, n);
      counts = n <= REPEATS_COUNTED;
    } else s.repeats.delete(item.userId);
    s.angry.delete(item.userId);
    s.angry.set(item.userId, nowMs);
    if (s.angry.size > o.maxUsers) {
      const first = s.angryOldest.shift();
      if (first) s.repeats.delete(first[0]);
    }
    themes = themesOf(item.text);
    if (s.recent.length < o.maxRecent) s.recent.push({ at: nowMs, text: item.text, userId: item.userId, themes });
    else if (o.maxRecent > 0) {
      const r = s.recent[s.recentNext]!;
      r.at = nowMs;
      r.text = item.text;
      r.userId = item.userId;
      r.themes = themes;
      s.recentNext = s.recentNext + 1 === o.maxRecent ? 0 : s.recentNext + 1;
    }
  }

  let raised: MoodAlert | null = null;
  if (counts) {
    if (--s.refreshIn <= 0) refresh(s, nowMs);
    const bin = moodBin(item.sentiment);
    const cooling = s.alertEndedAt !== null && nowMs - s.alertEndedAt < o.cooldownMs;
    const h = s.h + (cooling ? o.cooldownBoost : 0);
    const sum = s.cusum + s.llr[slot * 3 + bin]!;
    if (sum <= 0) {
      s.cusum = 0;
      s.evidence = 0;
    } else {
      s.cusum = Math.min(h * 2, sum);
      if (bin < 2) s.evidence++;
    }
    if (!s.alert) {
      // the calm share of this language: the line's bin weight, learned once the sum is back at zero
      s.pendSum[slot] += s.weights.w[slot * 3 + bin]!;
      s.pendN[slot]++;
      s.pendBins[slot * 3 + bin]! += 1;
      if (s.cusum === 0 || s.pendN[0] + s.pendN[1] + s.pendN[2] >= PEND_MAX) learnPending(s);
      const beta = 1 / Math.min(o.baselineMessages, s.seen + 20);
      s.mix[0] += beta * ((slot === 0 ? 1 : 0) - s.mix[0]);
      s.mix[1] += beta * ((slot === 1 ? 1 : 0) - s.mix[1]);
      s.mix[2] += beta * ((slot === 2 ? 1 : 0) - s.mix[2]);
      if (++s.calmLines % LAG_STEP === 0) {
        const at = (s.lagCount % LAG_SLOTS) * 3;
        s.lagRing[at] = s.base[0];
        s.lagRing[at + 1] = s.base[1];
        s.lagRing[at + 2] = s.base[2];
        s.freqRing.set(s.binFreq, 3 * at);
        s.lagCount++;
      }
      if (s.cusum >= h && s.seen >= o.warmupMessages && s.evidence >= o.minEvidence) {
        s.alert = describe(s, nowMs, nowMs);
        raised = s.alert;
      }
    }
  }
  if (s.alert) {
    // described again when viewed (viewMood), not per line: describing reads up to maxRecent lines
    // (it cost about 9 µs a negative line during an alert), and angry chat is when lines come fastest
    if (negative && raised === null) s.alertStaleAt = nowMs;
    tickMood(s, nowMs);
  }
  return { state: s, raised, negative, themes };
}

/** Themes (or top terms) and examples from the negative lines of the last two minutes. */
/** The recent negative lines, oldest first. */
function recentLines(s: MoodState): RecentNegative[] {
  return s.recentNext === 0 ? s.recent : [...s.recent.slice(s.recentNext), ...s.recent.slice(0, s.recentNext)];
}

function describe(s: MoodState, since: number, nowMs: number): MoodAlert {
  const recent = recentLines(s).filter((r) => r.at >= nowMs - 2 * 60_000);
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
  if (s.alert && s.alertStaleAt !== null) {
    s.alert = describe(s, s.alert.since, s.alertStaleAt);
    s.alertStaleAt = null;
  }
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
