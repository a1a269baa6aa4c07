/**
 * The filter engine: every detector, then the policy, once per message. This first version runs
 * one profanity matcher compiled once from bad-words' word list (never bad-words' own per-call
 * regexes, which cost ~430 µs a message). The filters work replaces the internals, not the contract.
 */
import { Filter } from 'bad-words';
import type { ChatMessage, Finding, Verdict } from '../config/chat.js';
import type { FiltersConfig } from '../config/filters-config.js';
import type { FilterEngine } from './types.js';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileMatcher(terms: Iterable<string>): RegExp | null {
  const list = [...new Set([...terms].map((t) => t.toLowerCase().trim()).filter(Boolean))];
  if (list.length === 0) return null;
  list.sort((a, b) => b.length - a.length);
  return new RegExp(`\\b(?:${list.map(escapeRegExp).join('|')})\\b`, 'iu');
}

export function createFilterEngine(cfg: FiltersConfig): FilterEngine {
  const base = new Filter().list;
  const blocked = new Set<string>(cfg.blockedTerms.map((t) => t.toLowerCase()));
  const allowed = new Set<string>(cfg.allowedTerms.map((t) => t.toLowerCase()));
  let matcher: RegExp | null = null;
  const rebuild = (): void => {
    matcher = compileMatcher([...base, ...blocked].filter((t) => !allowed.has(t.toLowerCase())));
  };
  rebuild();

  const detect = (msg: ChatMessage): Finding[] => {
    const m = matcher?.exec(msg.text);
    return m ? [{ filter: 'abuse.en', severity: 'medium', detail: `matched "${m[0]}"`, span: [m.index, m.index + m[0].length] }] : [];
  };
  const decide = (findings: readonly Finding[]): Verdict =>
    findings.length ? { action: 'hold', reasons: [...findings], score: 0.5 } : { action: 'allow', reasons: [], score: 0 };

  return {
    detect,
    decide,
    check: (msg: ChatMessage): Verdict => decide(detect(msg)),
    setTerm(list, term, present) {
      const set = list === 'blocked' ? blocked : allowed;
      if (present) set.add(term.toLowerCase());
      else set.delete(term.toLowerCase());
      rebuild();
    },
    memory: () => ({ users: 0, windowEntries: 0 }),
  };
}
