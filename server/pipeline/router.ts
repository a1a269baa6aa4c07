/**
 * Routing by verdict, the pipeline's last step (ARCHITECTURE.md): every annotated message is
 * remembered and fed to the console, then
 *  - allow → questions and mood, and an FAQ auto-reply when one answers it;
 *  - flag  → shown and put on the moderators' watch list (counts for insights once it settles);
 *  - hold  → the moderation queue, with the viewer's recent lines beside it;
 *  - block → the audit log and, with enforcement on, off the platform.
 * Everything it touches is passed in; the router keeps no state of its own.
 */
import type { Annotated, ChatMessage } from '../../config/chat.js';
import type { AuditEntry } from '../../config/views.js';
import type { ModerationQueue } from '../moderation/queue.js';
import type { WatchList } from '../moderation/watch.js';
import { RECENT_CTX_KEY, type RecentChat } from './recent-chat.js';
import type { Publish } from '../hub/publisher.js';
import { LOG_TEXT, type LogText } from '../log-text.js';

/** An FAQ answer to send to chat (server/auto-reply.ts decides; the source sends). */
export interface AutoReply {
  consider(a: Annotated, chatNowMs: number): { channel: string; text: string; faqId: string } | null;
  say(channel: string, text: string): Promise<void>;
}

export interface RouterDeps {
  /** The server's clock (audit times). */
  readonly now: () => number;
  /** The chat's clock (auto-replies' rate limits). */
  readonly chatNow: () => number;
  readonly log: (line: string) => void;
  /** The log lines' language (server/log-text.ts; default English). */
  readonly logText?: LogText;
  readonly recent: Pick<RecentChat, 'remember' | 'linesOf'>;
  /** Keeps the message in the chat archive (store.retainChat), or null when chat is not retained. */
  readonly retain: ((a: Annotated) => void) | null;
  /** Questions and mood. */
  readonly observe: (a: Annotated) => void;
  readonly autoReply: AutoReply | null;
  readonly watch: Pick<WatchList, 'add'>;
  readonly queue: Pick<ModerationQueue, 'hold' | 'showsUser'>;
  readonly store: { appendAudit(entry: AuditEntry): void; setJson(key: string, value: unknown, now: number): void };
  readonly publish: Publish;
  /** The audit log changed: publish it with the next upkeep tick. */
  readonly auditSoon: () => void;
  /** Takes a blocked message off the platform, or null without enforcement. */
  readonly reject: ((msg: ChatMessage) => void) | null;
  /** The live chat feed of the console. */
  readonly feed: (a: Annotated) => void;
}

/** Returns the router: call it once per annotated message, in pipeline order. */
export function createVerdictRouter(d: RouterDeps): (a: Annotated) => void {
  const reply = (a: Annotated): void => {
    const r = d.autoReply?.consider(a, d.chatNow());
    if (!r || !d.autoReply) return;
    d.autoReply.say(r.channel, r.text).then(
      () => d.store.appendAudit({ id: `reply:${a.message.id}`, at: d.now(), actor: 'auto-reply', action: 'faq-reply', itemId: null, messageId: a.message.id, userName: a.message.user.name, waitedMs: null, detail: `answered with FAQ ${r.faqId}` }),
      (err: unknown) => d.log((d.logText ?? LOG_TEXT.en).autoReplyCannotSend((err as Error).message)),
    );
  };

  return (a) => {
    d.recent.remember(a);
    d.retain?.(a);
    switch (a.verdict.action) {
      case 'allow':
        d.observe(a);
        reply(a);
        break;
      case 'flag':
        // shown at once; counts for questions and mood once it settles (server/moderation/watch.ts; abuse: the mood only)
        d.watch.add(a);
        break;
      case 'hold': {
        d.queue.hold(a);
        const uid = a.message.user.id;
        const ctx = d.recent.linesOf(uid);
        if (d.queue.showsUser(uid)) d.publish(['userContext', uid, 'recent'], ctx);
        // kept with the held item, so the console still shows it after a restart
        d.store.setJson(`${RECENT_CTX_KEY}${uid}`, ctx, d.now());
        break;
      }
      case 'block': {
        const now = d.now();
        d.store.appendAudit({ id: `block:${a.message.id}:${now}`, at: now, actor: 'filters', action: 'block', itemId: null, messageId: a.message.id, userName: a.message.user.name, waitedMs: 0, detail: a.verdict.reasons.map((r) => `${r.filter}: ${r.detail}`).join('; ').slice(0, 300) });
        d.auditSoon();
        d.reject?.(a.message);
        break;
      }
    }
    d.feed(a);
  };
}
