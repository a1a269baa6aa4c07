/** Test helpers for the engagement tools: a verdict for a chat line. */
import type { Action, Annotated, Role } from '../../config/chat.js';

let n = 0;
/** An annotated message from `user` (display name: upper case) with the given verdict. */
export function msg(user: string, text: string, action: Action = 'allow', extra: { roles?: Role[]; firstMessage?: boolean; platform?: string } = {}): Annotated {
  return {
    message: { id: `m${n++}`, platform: extra.platform ?? 'twitch', channel: 'shop', user: { id: user, name: user, displayName: user.toUpperCase(), roles: extra.roles ?? [], ...(extra.firstMessage !== undefined ? { firstMessage: extra.firstMessage } : {}) }, text, emotes: [], receivedAt: 0 },
    verdict: { action, reasons: [], score: 0 },
    lang: 'zh',
    isQuestion: false,
    sentiment: 0,
  };
}
