/** The live chat feed's item for one annotated message (text PII-masked). */
import type { Annotated } from '../../config/chat.js';
import type { FeedItem } from '../../config/protocol.js';

export function toFeed(a: Annotated, maskPii: (text: string) => string): FeedItem {
  const u = a.message.user;
  return {
    id: a.message.id,
    at: a.message.receivedAt,
    platform: a.message.platform,
    user: { id: u.id, displayName: u.displayName, roles: u.roles, ...(u.firstMessage !== undefined ? { firstMessage: u.firstMessage } : {}) },
    text: maskPii(a.message.text),
    action: a.verdict.action,
    reasons: a.verdict.reasons,
    lang: a.lang,
    isQuestion: a.isQuestion,
    sentiment: a.sentiment,
  };
}
