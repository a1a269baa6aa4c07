/**
 * Platform enforcement of moderation decisions, off by default (`helix.enforce`). A rejected Twitch
 * message walks its author up the escalation ladder; the rung is applied through the Helix client.
 * Never throws: every outcome is a value the caller can log or show.
 */
import type { ChatMessage } from '../../config/chat.js';
import { escalation, type Escalation, type EscalationOptions, type LadderStep } from './escalation.js';
import { helixClient, missingHelixSettings, type EnforceResult, type Enforcer, type HelixConfig, type HelixDeps } from './helix.js';
import { LOG_TEXT, type LogText } from '../log-text.js';

export type Decision = 'reject' | 'timeout' | 'ban';

export type EnforcementOutcome =
  | { readonly done: true; readonly action: LadderStep; readonly offence: number; readonly result: EnforceResult }
  | { readonly done: false; readonly skipped: string };

export interface EnforcementDeps extends HelixDeps, EscalationOptions {
  /** Use this enforcer instead of the Helix client (tests, other platforms). */
  enforcer?: Enforcer;
  log?: (line: string) => void;
  /** The log lines' language (server/log-text.ts; default English). */
  readonly logText?: LogText;
  /** The platform this enforcement acts on (default 'twitch'); other platforms' messages are skipped. */
  platform?: string;
  /** Overrides `cfg.enforce` (e.g. youtube.enforce for the YouTube enforcement). */
  enabled?: boolean;
  /** What a user id on this platform looks like; others can only have their message deleted. Default: Twitch's numeric ids. */
  userIdPattern?: RegExp;
}

export interface Enforcement {
  enforce(decision: Decision, msg: ChatMessage, reason?: string): Promise<EnforcementOutcome>;
  readonly ladder: Escalation;
}

const PROTECTED = new Set(['broadcaster', 'moderator']);

export function createEnforcement(cfg: HelixConfig, deps: EnforcementDeps = {}): Enforcement {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => undefined);
  const lt = deps.logText ?? LOG_TEXT.en;
  const client = deps.enforcer ?? helixClient(cfg, deps);
  const ladder = escalation(cfg.ladder, deps);
  const firstTimeout = cfg.ladder.find((s) => s.action === 'timeout')?.seconds ?? 600;
  const platform = deps.platform ?? 'twitch';
  const enabled = deps.enabled ?? cfg.enforce;
  const userIdPattern = deps.userIdPattern ?? /^\d+$/;

  return {
    ladder,
    async enforce(decision, msg, reason) {
      if (!enabled) return { done: false, skipped: `enforcement is off (${platform === 'twitch' ? 'helix' : platform}.enforce: false)` };
      if (msg.platform !== platform) return { done: false, skipped: `not a ${platform === 'twitch' ? 'Twitch' : platform} message (${msg.platform})` };
      if (!deps.enforcer) {
        const missing = missingHelixSettings(cfg);
        if (missing.length > 0) return { done: false, skipped: `Helix is not configured: set ${missing.join(', ')}` };
      }
      if (msg.user.roles.some((r) => PROTECTED.has(r))) return { done: false, skipped: `${msg.user.name} is the broadcaster or a moderator` };
      const why = (reason ?? `Showrunner: message ${decision === 'reject' ? 'removed' : decision}`).slice(0, 500);
      let action: LadderStep;
      let offence: number;
      if (decision === 'reject') ({ step: action, offence } = ladder.next(msg.user.id, now()));
      else {
        offence = ladder.next(msg.user.id, now()).offence;
        action = decision === 'ban' ? { action: 'ban' } : { action: 'timeout', seconds: firstTimeout };
      }
      // Without a real platform user id (numeric on Twitch) only the message itself can go.
      if (action.action !== 'delete' && !userIdPattern.test(msg.user.id)) action = { action: 'delete' };
      const result =
        action.action === 'delete'
          ? await client.deleteMessage(msg.id)
          : action.action === 'timeout'
            ? await client.timeout(msg.user.id, action.seconds ?? firstTimeout, why)
            : await client.ban(msg.user.id, why);
      const seconds = action.seconds ?? 0;
      log(result.ok ? lt.enforcementDone(action.action, seconds, msg.user.name, offence) : lt.enforcementFailed(action.action, seconds, msg.user.name, offence, result.message));
      return { done: true, action, offence, result };
    },
  };
}

/**
 * Simulcast: one Enforcement per platform; a decision goes back to the platform the comment came
 * from. Platforms without one (TikTok: no public moderation API) are skipped with a reason.
 */
export function routeEnforcement(byPlatform: Readonly<Record<string, Pick<Enforcement, 'enforce'>>>): Pick<Enforcement, 'enforce'> {
  return {
    async enforce(decision, msg, reason) {
      const e = byPlatform[msg.platform];
      if (!e) return { done: false, skipped: `no moderation on ${msg.platform} (read only)` };
      return e.enforce(decision, msg, reason);
    },
  };
}
