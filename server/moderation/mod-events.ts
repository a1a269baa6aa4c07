/**
 * A platform's own moderation (a Twitch moderator deleted a line, timed out or banned a viewer,
 * cleared chat): the queue drops what it covers, the featured slot is emptied when it showed that
 * line or viewer, and the console's audit log is refreshed.
 */
import type { Annotated, ModEvent } from '../../config/chat.js';
import type { Featured } from '../../config/protocol.js';

export interface ModEventDeps {
  readonly queue: { applyModEvent(ev: ModEvent): unknown };
  readonly featured: () => Featured | null;
  readonly clearFeatured: () => void;
  readonly shown: (messageId: string) => Annotated | undefined;
  readonly auditChanged: () => void;
}

/** Whether `ev` takes the featured comment `f` down. */
export function hitsFeatured(ev: ModEvent, f: Featured, shown: (messageId: string) => Annotated | undefined): boolean {
  switch (ev.kind) {
    case 'clear':
      return true;
    case 'delete':
      return ev.messageId === f.messageId;
    case 'timeout':
    case 'ban':
      return ev.userId === f.userId || ev.userName.toLowerCase() === shown(f.messageId)?.message.user.name.toLowerCase();
  }
  return false;
}

export function createModEventHandler(d: ModEventDeps): (ev: ModEvent) => void {
  return (ev) => {
    d.queue.applyModEvent(ev);
    const f = d.featured();
    if (f && hitsFeatured(ev, f, d.shown)) d.clearFeatured();
    d.auditChanged();
  };
}
