/**
 * The filter engine: every detector, then the policy, once per message.
 * - abuse: filters/abuse.ts (English and Chinese lexicons plus a small model);
 * - spam: capitals, symbols, zalgo, emote floods, repeats, length, self-promotion (filters/spam.ts),
 *   links and first-time chatters' links (filters/links.ts);
 * - privacy: phone numbers, e-mail, Chinese IDs, order numbers (filters/pii.ts);
 * - windowed: per-user floods and repeats (filters/flood.ts), cross-user copy-paste raids
 *   (filters/raid.ts), advanced to `nowMs` by each detect/check call, memory capped and reported.
 * The policy (filters/policy.ts) maps findings and roles to allow / hold / block.
 */
import type { ChatMessage, Finding, Verdict } from '../config/chat.js';
import type { FiltersConfig, Sensitivity } from '../config/filters-config.js';
import { createAbuseDetectors } from './abuse.js';
import { levelsOf, type AbuseModels } from './model.js';
import { createFloodState, stepFlood } from './flood.js';
import { detectLinks } from './links.js';
import { compilePii, detectPii } from './pii.js';
import { decide as decidePolicy, type PolicyContext } from './policy.js';
import type { LevelThresholds } from './sensitivity.js';
import { createRaidState, raidEntries, stepRaid } from './raid.js';
import { compilePromo, detectSpam } from './spam.js';
import { detectSpamModel, loadSpamModel, trainedThresholds, type SpamModelThresholds, type SpamScorer } from './spam-model.js';
import { prepare, type Prepared } from './prepare.js';
import type { FilterEngine } from './types.js';

/** Stateless detectors for one message (abuse, spam, links, privacy); no windows. */
export interface StatelessDetectors {
  /** `p`: the message prepared once (filters/prepare.ts); prepared here when not given. */
  detect(msg: ChatMessage, p?: Prepared): Finding[];
  /** The abuse models in use (null: word lists only), for their per-level thresholds. */
  readonly abuseModels: AbuseModels | null;
  setTerm(list: 'blocked' | 'allowed', term: string, present: boolean): void;
}

export interface EngineOptions {
  /** Which detector families run (all by default); the eval scores one family at a time. */
  readonly abuse?: boolean;
  readonly spam?: boolean;
  readonly privacy?: boolean;
  /** Abuse models: default the shipped weights; `null` = lexicons only (deterministic tests). */
  readonly abuseModels?: AbuseModels | null;
  /** Spam model: default filters/models/spam.json; `null` = rules only. */
  readonly spamModel?: SpamScorer | null;
}

export function createStatelessDetectors(cfg: FiltersConfig, parts: EngineOptions = {}): StatelessDetectors {
  const abuse = createAbuseDetectors({
    blockedTerms: cfg.blockedTerms,
    allowedTerms: cfg.allowedTerms,
    ...(parts.abuseModels !== undefined ? { models: parts.abuseModels } : {}),
  });
  const promo = compilePromo(cfg.spam.promoPhrases);
  const pii = compilePii(cfg.pii);
  const withAbuse = parts.abuse !== false;
  const withSpam = parts.spam !== false;
  const withPrivacy = parts.privacy !== false;
  const spamModel = cfg.spam.model.enabled ? (parts.spamModel === undefined ? loadSpamModel() : parts.spamModel) : null;
  const trained: SpamModelThresholds = spamModel ? trainedThresholds(spamModel) : { threshold: 1, highThreshold: 1, hintThreshold: 1 };
  const thresholds: SpamModelThresholds = {
    threshold: cfg.spam.model.threshold ?? trained.threshold,
    highThreshold: cfg.spam.model.highThreshold ?? trained.highThreshold,
    hintThreshold: cfg.spam.model.hintThreshold ?? trained.hintThreshold,
  };
  return {
    detect(msg, p = prepare(msg)) {
      const out: Finding[] = withAbuse ? abuse.detectPrepared(p) : [];
      if (withSpam) {
        const start = out.length;
        detectSpam(msg, cfg.spam, promo, p.stats, out, p);
        detectLinks(msg.text, msg.user.firstMessage === true, cfg.spam.links, out, p.stats);
        if (spamModel) {
          let hinted = false;
          for (let i = start; i < out.length; i++) if (out[i]!.filter === 'spam.link' || out[i]!.filter === 'spam.promo') hinted = true;
          // the abuse model's features are those of `words`: shared when no emote was blanked
          const m = detectSpamModel(spamModel, msg.text, thresholds, hinted, p.words === p.text ? p : undefined);
          if (m) out.push(m);
        }
      }
      if (withPrivacy) detectPii(msg.text, pii, out, p.stats);
      return out;
    },
    setTerm: (list, term, present) => abuse.setTerm(list, term, present),
    abuseModels: abuse.models,
  };
}

/** A model name (Finding.model) → its per-level thresholds, read once from the models' headers. */
export function modelThresholds(models: AbuseModels | null): (model: string) => LevelThresholds | undefined {
  const table = new Map<string, LevelThresholds>();
  if (models?.en) table.set('abuse-en', levelsOf(models.en.header));
  if (models?.zh) table.set('abuse-zh', levelsOf(models.zh.header));
  return (model) => table.get(model);
}

export function createFilterEngine(cfg: FiltersConfig, opts: EngineOptions = {}): FilterEngine {
  const stateless = createStatelessDetectors(cfg, opts);
  const flood = createFloodState();
  const raid = createRaidState();
  const levels: Sensitivity = { ...cfg.sensitivity };

  const detect = (msg: ChatMessage, nowMs: number, p: Prepared = prepare(msg)): Finding[] => {
    const out = stateless.detect(msg, p);
    const f = stepFlood(flood, msg, nowMs, cfg.flood, p.compareKey);
    for (const x of f.findings) out.push(x);
    // a compare form lighter than raids' minChars is never a raid whatever its characters: stepRaid
    // only evicts and returns quiet for it, as it does for '' (shorter than 4), so the form is not built
    const r = p.compareWeight < cfg.raid.minChars ? stepRaid(raid, msg, nowMs, cfg.raid, '') : stepRaid(raid, msg, nowMs, cfg.raid, p.compare, p.compareWeight);
    if (r.finding) out.push(r.finding);
    return out;
  };
  const thresholds = modelThresholds(stateless.abuseModels);
  const ctx: PolicyContext = { levels, thresholds };
  const decide = (findings: readonly Finding[], msg: ChatMessage): Verdict => decidePolicy(findings, msg, cfg.policy, ctx);

  return {
    detect,
    decide,
    check: (msg, nowMs, p) => decide(detect(msg, nowMs, p), msg),
    setTerm: (list, term, present) => stateless.setTerm(list, term, present),
    sensitivity: () => ({ ...levels }),
    setSensitivity: (category, level) => {
      levels[category] = level;
    },
    memory: () => ({ users: flood.size, windowEntries: flood.entries + raidEntries(raid) }),
  };
}
