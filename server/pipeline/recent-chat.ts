/**
 * What the server remembers of recent chat: the last shown messages by id (to feature or remove
 * one) and each viewer's last few lines (shown beside their held items). Both bounded; a held
 * viewer's lines are saved with the item so the console still shows them after a restart.
 */
import { z } from 'zod';
import type { Annotated } from '../../config/chat.js';

/** Store key prefix of a held viewer's recent messages. */
export const RECENT_CTX_KEY = 'userRecent:';
const UserRecentSchema = z.array(z.object({ at: z.number(), text: z.string(), action: z.string() })).max(20);
export type RecentLine = z.infer<typeof UserRecentSchema>[number];

export interface RecentChatOptions {
  readonly maxMessages: number;
  readonly maxUsers: number;
  /** Lines kept per viewer. */
  readonly perUser: number;
  readonly mask: (text: string) => string;
}

export class RecentChat {
  readonly #o: RecentChatOptions;
  readonly #messages = new Map<string, Annotated>();
  readonly #users = new Map<string, RecentLine[]>();

  constructor(opts: RecentChatOptions) {
    this.#o = opts;
  }

  /** Records a message with its verdict: blocked ones are never shown, so they cannot be featured. */
  remember(a: Annotated): void {
    if (a.verdict.action !== 'block') this.setShown(a);
    const uid = a.message.user.id;
    const list = this.#users.get(uid) ?? [];
    this.#users.delete(uid);
    list.push({ at: a.message.receivedAt, text: this.#o.mask(a.message.text), action: a.verdict.action });
    if (list.length > this.#o.perUser) list.shift();
    this.#users.set(uid, list);
    trimOldest(this.#users, this.#o.maxUsers);
  }

  /** A message now shown (allowed, or approved from the queue). */
  setShown(a: Annotated): void {
    this.#messages.set(a.message.id, a);
    trimOldest(this.#messages, this.#o.maxMessages);
  }

  shown(messageId: string): Annotated | undefined {
    return this.#messages.get(messageId);
  }

  forget(messageId: string): void {
    this.#messages.delete(messageId);
  }

  linesOf(userId: string): RecentLine[] {
    return this.#users.get(userId) ?? [];
  }

  /**
   * Reads the lines saved with held items (store entries under RECENT_CTX_KEY); entries that do
   * not parse are skipped. Returns the viewer ids read.
   */
  restore(entries: readonly { key: string; value: unknown }[]): string[] {
    const ids: string[] = [];
    for (const { key, value } of entries) {
      const saved = UserRecentSchema.safeParse(value);
      if (!saved.success) continue;
      const uid = key.slice(RECENT_CTX_KEY.length);
      this.#users.set(uid, saved.data);
      ids.push(uid);
    }
    return ids;
  }
}

/**
 * Keeps a Map used as a FIFO near `cap` entries: past a quarter over, the oldest are deleted in one
 * pass. Deleting one entry per insert through `keys().next()` is O(deleted entries) in V8 (the
 * iterator walks the tombstones of earlier deletes until the table is rehashed): at thousands of
 * messages a second that scan was the app's own biggest cost.
 */
export function trimOldest(map: Map<string, unknown>, cap: number): void {
  if (map.size <= cap + (cap >> 2)) return;
  let n = map.size - cap;
  for (const key of map.keys()) {
    if (n-- <= 0) break;
    map.delete(key);
  }
}
