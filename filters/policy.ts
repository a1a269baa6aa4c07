/**
 * The policy: maps findings and the author's roles to allow / flag / hold / block, reasons kept.
 * Each finding gets the action of its category's sensitivity level (filters/sensitivity.ts), unless
 * a configured rule names it: a rule is looked up for the finding's filter ('spam.caps'), then its
 * category ('spam'), and is one action or an action per severity. The strictest action wins.
 * Findings that are each allowed still add up (low 0.25, medium 0.5, high 1): at `holdScore` or
 * more the message is flagged for a moderator (three mild spam signals together are not mild).
 * Exempt roles (broadcaster, moderator, VIP by default) are always allowed, findings kept as reasons.
 */
import type { Action, ChatMessage, Finding, Severity, Verdict } from '../config/chat.js';
import type { Level, Policy, PolicyRule, Sensitivity } from '../config/filters-config.js';
import { DEFAULT_SENSITIVITY, levelAction, sensitivityCategory, type LevelThresholds } from './sensitivity.js';

const WEIGHT: Record<Severity, number> = { low: 0.25, medium: 0.5, high: 1 };
const RANK: Record<Action, number> = { allow: 0, flag: 1, hold: 2, block: 3 };
const NO_THRESHOLDS = (): undefined => undefined;

/** What the policy reads besides the findings: the live levels and the models' per-level thresholds. */
export interface PolicyContext {
  readonly levels: Sensitivity;
  readonly thresholds: (model: string) => LevelThresholds | undefined;
}
const DEFAULT_CONTEXT: PolicyContext = { levels: DEFAULT_SENSITIVITY, thresholds: NO_THRESHOLDS };

function ruleAction(rule: PolicyRule | undefined, sev: Severity): Action | undefined {
  if (rule === undefined) return undefined;
  return typeof rule === 'string' ? rule : rule[sev];
}

/** The action the policy gives one finding on its own. */
export function actionFor(f: Finding, policy: Policy, ctx: PolicyContext = DEFAULT_CONTEXT): Action {
  const dot = f.filter.indexOf('.');
  const category = dot > 0 ? f.filter.slice(0, dot) : f.filter;
  return ruleAction(policy.rules[f.filter], f.severity) ?? ruleAction(policy.rules[category], f.severity) ?? levelAction(f, ctx.levels, ctx.thresholds);
}

/** Maps findings to a verdict. `score` is the summed severity weight, capped at 1. */
export function decide(findings: readonly Finding[], msg: Pick<ChatMessage, 'user'>, policy: Policy, ctx: PolicyContext = DEFAULT_CONTEXT): Verdict {
  if (findings.length === 0) return { action: 'allow', reasons: [], score: 0 };
  if (findings.length === 1) {
    // The common case, without the ranking arrays.
    const f = findings[0]!;
    const action = actionFor(f, policy, ctx);
    return { action: exempt(msg, policy) ? 'allow' : action, reasons: [f], score: Math.min(1, WEIGHT[f.severity]) };
  }
  let action: Action = 'allow';
  let sum = 0;
  const ranked: { f: Finding; r: number }[] = [];
  for (const f of findings) {
    const a = actionFor(f, policy, ctx);
    if (RANK[a] > RANK[action]) action = a;
    // a category switched off adds nothing
    if (ctx.levels[sensitivityCategory(f.filter)] !== 'off') sum += WEIGHT[f.severity];
    ranked.push({ f, r: RANK[a] * 3 + WEIGHT[f.severity] });
  }
  const score = Math.min(1, sum);
  if (action === 'allow' && policy.holdScore > 0 && sum >= policy.holdScore) action = 'flag';
  // Independent signals agree (a word-list hit and a sure model; two promotion signals): hold.
  if (action === 'flag' && agree(findings, policy, ctx)) action = 'hold';
  const reasons = ranked.sort((a, b) => b.r - a.r).map((x) => x.f);
  return { action: exempt(msg, policy) ? 'allow' : action, reasons, score };
}

const LOWER: Record<Level, Level> = { off: 'off', low: 'low', medium: 'low', high: 'medium' };

/** Spam signals that say "selling something here": two different ones together are spam. */
const PROMOTION = new Set(['spam.promo', 'spam.link', 'spam.first_link', 'spam.model']);

/**
 * True when independent signals agree: a flagged word-list abuse hit and the abuse model sure
 * enough to flag one level lower; or two different promotion signals (a phrase, a link, the spam
 * model), each flagged.
 */
function agree(findings: readonly Finding[], policy: Policy, ctx: PolicyContext): boolean {
  let words = false;
  let model = false;
  let promo = '';
  for (const f of findings) {
    const abuse = f.filter.startsWith('abuse.');
    if (!abuse && !PROMOTION.has(f.filter)) continue;
    if (f.filter === 'abuse.model') {
      // the model must be sure enough to flag at the level below (a strong second opinion)
      if (actionFor(f, policy, { ...ctx, levels: { ...ctx.levels, abuse: LOWER[ctx.levels.abuse] } }) !== 'allow') model = true;
      continue;
    }
    if (actionFor(f, policy, ctx) === 'allow') continue;
    if (!abuse) {
      if (promo && promo !== f.filter) return true;
      promo = f.filter;
    } else words = true;
  }
  return words && model;
}

function exempt(msg: Pick<ChatMessage, 'user'>, policy: Policy): boolean {
  for (const role of msg.user.roles) if (policy.exemptRoles.includes(role)) return true;
  return false;
}
