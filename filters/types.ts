/** The contracts between the pipeline (server/) and the detectors (filters/). */
import type { ChatMessage, Finding, Lang, Verdict } from '../config/chat.js';
import type { Level, Sensitivity, SensitivityCategory } from '../config/filters-config.js';
import type { Prepared } from './prepare.js';

/** Every detector and the policy, behind one call per message. Stateful parts are windowed and capped. */
export interface FilterEngine {
  /** Runs every detector on `prepared` (default: prepare(msg); pass it when classification reads it too). Windowed ones advance to `nowMs`). Finding.filter is '<category>.<name>', category one of abuse | spam | privacy. */
  detect(msg: ChatMessage, nowMs: number, prepared?: Prepared): Finding[];
  /** The policy: maps findings (and the author's roles) to allow / hold / block, reasons kept. */
  decide(findings: readonly Finding[], msg: ChatMessage): Verdict;
  /** Runs every detector and the policy; windowed detectors (flood, raid) advance to `nowMs`. */
  check(msg: ChatMessage, nowMs: number, prepared?: Prepared): Verdict;
  /** The live sensitivity levels (start: filters.sensitivity); switched from the console. */
  sensitivity(): Sensitivity;
  setSensitivity(category: SensitivityCategory, level: Level): void;
  /** Adds or removes a live term (from the console). */
  setTerm(list: 'blocked' | 'allowed', term: string, present: boolean): void;
  /** Current memory held by windowed detectors, for the bench and the console. */
  memory(): { users: number; windowEntries: number };
}

export interface Classification {
  readonly lang: Lang;
  readonly isQuestion: boolean;
  /** -1 (very negative) .. +1 (very positive). */
  readonly sentiment: number;
}

export type { Finding };
