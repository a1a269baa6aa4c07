/**
 * Sensitivity levels (off / low / medium / high per category, as streamers know them from AutoMod)
 * and what each level does with a finding. Holds are for what must not be seen even for a second
 * (personal data, slurs, links from first-time chatters, raids, high-confidence abuse); low-confidence
 * hits are flagged: shown at once and listed for moderators. The configured policy rules
 * (filters.policy.rules) still win over the level, key by key.
 *
 * Model findings (abuse.model, spam.model) carry their probability in `score` and the model's name
 * in `model`; each model's header holds per-level thresholds chosen at training time for a target
 * share of innocent chat held and flagged (scripts/train-model.ts, scripts/train-spam.ts).
 */
import type { Action, Finding, Severity } from '../config/chat.js';
import { SensitivitySchema, type Level, type Sensitivity, type SensitivityCategory } from '../config/filters-config.js';

/** Per level: the probability from which a model finding is flagged, and from which it is held. */
export type LevelThresholds = Readonly<Record<Exclude<Level, 'off'>, { readonly flag: number; readonly hold: number }>>;

/** The category a finding's level is read from: links and raids apart from the rest of spam. */
export function sensitivityCategory(filter: string): SensitivityCategory {
  if (filter === 'spam.link' || filter === 'spam.first_link') return 'links';
  if (filter === 'spam.raid') return 'raids';
  if (filter.startsWith('abuse.')) return 'abuse';
  if (filter.startsWith('privacy.')) return 'privacy';
  return 'spam';
}

type Table = Readonly<Record<Exclude<Level, 'off'>, Readonly<Record<Severity, Action>>>>;

/**
 * Word lists and rules, by severity (slurs and threats are high, insults and profanity medium).
 * At medium, profanity and insults are flagged, and held when the model agrees (see decide in
 * filters/policy.ts): on a live stream most profanity is not aimed at anyone.
 */
const ABUSE: Table = {
  low: { low: 'allow', medium: 'allow', high: 'hold' },
  medium: { low: 'allow', medium: 'flag', high: 'hold' },
  high: { low: 'flag', medium: 'hold', high: 'block' },
};
const SPAM: Table = {
  low: { low: 'allow', medium: 'flag', high: 'hold' },
  medium: { low: 'allow', medium: 'hold', high: 'hold' },
  high: { low: 'flag', medium: 'hold', high: 'hold' },
};
/** Shouting is loud, not harmful: flagged at most below high. */
const CAPS: Table = {
  low: { low: 'allow', medium: 'allow', high: 'allow' },
  medium: { low: 'allow', medium: 'allow', high: 'flag' },
  high: { low: 'allow', medium: 'flag', high: 'hold' },
};
/** Self-promotion: a weak phrase alone ("subscribe to me", "watch my videos") is held from medium. */
const PROMO: Table = {
  low: { low: 'flag', medium: 'hold', high: 'hold' },
  medium: { low: 'hold', medium: 'hold', high: 'hold' },
  high: { low: 'hold', medium: 'hold', high: 'hold' },
};
/** An ordinary link is flagged; a disguised one held. */
const LINKS: Table = {
  low: { low: 'allow', medium: 'allow', high: 'flag' },
  medium: { low: 'flag', medium: 'flag', high: 'hold' },
  high: { low: 'hold', medium: 'hold', high: 'hold' },
};
/** A first-time chatter's link (a scam's favourite opening). */
const FIRST_LINK: Table = {
  low: { low: 'flag', medium: 'flag', high: 'hold' },
  medium: { low: 'hold', medium: 'hold', high: 'hold' },
  high: { low: 'hold', medium: 'hold', high: 'hold' },
};
const PRIVACY: Table = {
  low: { low: 'flag', medium: 'flag', high: 'hold' },
  medium: { low: 'hold', medium: 'hold', high: 'hold' },
  high: { low: 'hold', medium: 'hold', high: 'block' },
};

/**
 * Raids by severity (high: `highUsers` viewers; medium: a long paste from two, or three viewers;
 * low: a short line from two) and the number of distinct viewers (the finding's score).
 */
function raidAction(distinct: number, severity: Severity, level: Exclude<Level, 'off'>): Action {
  if (level === 'low') return severity === 'high' ? 'hold' : severity === 'medium' ? 'flag' : 'allow';
  if (level === 'medium') return distinct >= 12 ? 'block' : severity === 'low' ? 'flag' : 'hold';
  return distinct >= 6 ? 'block' : 'hold';
}

/** Model findings: by probability against the model's own thresholds for the level. */
function modelAction(p: number, t: LevelThresholds[keyof LevelThresholds]): Action {
  return p >= t.hold ? 'hold' : p >= t.flag ? 'flag' : 'allow';
}

/** The action a level gives one finding. `thresholds` maps a model's name to its per-level thresholds. */
export function levelAction(f: Finding, levels: Sensitivity, thresholds: (model: string) => LevelThresholds | undefined): Action {
  const category = sensitivityCategory(f.filter);
  const level = levels[category];
  if (level === 'off') return 'allow';
  if (f.model !== undefined && f.score !== undefined) {
    const t = thresholds(f.model);
    if (t) return modelAction(f.score, t[level]);
  }
  switch (f.filter) {
    case 'spam.raid':
      return raidAction(f.score ?? 2, f.severity, level);
    case 'spam.caps':
      return CAPS[level][f.severity];
    case 'spam.first_link':
      return FIRST_LINK[level][f.severity];
    case 'spam.link':
      return LINKS[level][f.severity];
    case 'spam.promo':
      return PROMO[level][f.severity];
  }
  const table = category === 'abuse' ? ABUSE : category === 'privacy' ? PRIVACY : SPAM;
  return table[level][f.severity];
}

/** Default sensitivity: the config schema's defaults (every category at medium). */
export const DEFAULT_SENSITIVITY: Sensitivity = SensitivitySchema.parse({});
