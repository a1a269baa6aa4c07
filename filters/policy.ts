/**
 * The policy: maps findings and the author's roles to allow / hold / block, reasons kept.
 * A rule is looked up for the finding's filter ('spam.caps'), then its category ('spam'); a rule
 * is one action or an action per severity. The strictest action wins. Findings that are each
 * allowed still add up: low 0.25, medium 0.5, high 1; at `holdScore` or more the message is held
 * (three mild spam signals together are not mild). Exempt roles (broadcaster, moderator, VIP by
 * default) are always allowed, with their findings kept as reasons.
 */
import type { Action, ChatMessage, Finding, Severity, Verdict } from '../config/chat.js';
import type { Policy, PolicyRule } from '../config/filters-config.js';

const WEIGHT: Record<Severity, number> = { low: 0.25, medium: 0.5, high: 1 };
const RANK: Record<Action, number> = { allow: 0, flag: 1, hold: 2, block: 3 };
/** When no rule names a finding: low findings pass, others are held for a person to look at. */
const FALLBACK: Record<Severity, Action> = { low: 'allow', medium: 'hold', high: 'hold' };

function ruleAction(rule: PolicyRule | undefined, sev: Severity): Action | undefined {
  if (rule === undefined) return undefined;
  return typeof rule === 'string' ? rule : rule[sev];
}

/** The action the policy gives one finding on its own. */
export function actionFor(f: Finding, policy: Policy): Action {
  const dot = f.filter.indexOf('.');
  const category = dot > 0 ? f.filter.slice(0, dot) : f.filter;
  return ruleAction(policy.rules[f.filter], f.severity) ?? ruleAction(policy.rules[category], f.severity) ?? FALLBACK[f.severity];
}

/** Maps findings to a verdict. `score` is the summed severity weight, capped at 1. */
export function decide(findings: readonly Finding[], msg: Pick<ChatMessage, 'user'>, policy: Policy): Verdict {
  if (findings.length === 0) return { action: 'allow', reasons: [], score: 0 };
  if (findings.length === 1) {
    // The common case, without the ranking arrays.
    const f = findings[0]!;
    let action = actionFor(f, policy);
    const w = WEIGHT[f.severity];
    if (action === 'allow' && policy.holdScore > 0 && w >= policy.holdScore) action = 'hold';
    return { action: exempt(msg, policy) ? 'allow' : action, reasons: [f], score: Math.min(1, w) };
  }
  let action: Action = 'allow';
  let sum = 0;
  const ranked: { f: Finding; r: number }[] = [];
  for (const f of findings) {
    const a = actionFor(f, policy);
    if (RANK[a] > RANK[action]) action = a;
    sum += WEIGHT[f.severity];
    ranked.push({ f, r: RANK[a] * 3 + WEIGHT[f.severity] });
  }
  const score = Math.min(1, sum);
  if (action === 'allow' && policy.holdScore > 0 && sum >= policy.holdScore) action = 'hold';
  const reasons = ranked.sort((a, b) => b.r - a.r).map((x) => x.f);
  return { action: exempt(msg, policy) ? 'allow' : action, reasons, score };
}

function exempt(msg: Pick<ChatMessage, 'user'>, policy: Policy): boolean {
  for (const role of msg.user.roles) if (policy.exemptRoles.includes(role)) return true;
  return false;
}
