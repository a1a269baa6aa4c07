/**
 * The generic ingest for other platforms: an HTTP POST of a batch and a ws endpoint, both behind
 * the ingest token. Each item is validated on its own: invalid items are refused with their
 * reason, valid items in the same batch go on.
 */
import { randomUUID } from 'node:crypto';
import { Subject, type Observable } from 'rxjs';
import { z } from 'zod';
import { ChatMessageSchema, type ChatMessage } from '../../config/chat.js';

/** What other platforms send: a ChatMessage whose id and receivedAt may be left to us. */
export const IngestItemSchema = ChatMessageSchema.extend({
  id: ChatMessageSchema.shape.id.optional(),
  receivedAt: ChatMessageSchema.shape.receivedAt.optional(),
  channel: ChatMessageSchema.shape.channel.default('ingest'),
});

export const IngestBatchSchema = z.union([z.object({ messages: z.array(z.unknown()).min(1) }), z.array(z.unknown()).min(1)]);

export interface IngestResult {
  accepted: number;
  rejected: { index: number; reason: string; path: (string | number)[] }[];
}

export class Ingest {
  readonly #subject = new Subject<ChatMessage>();
  readonly messages$: Observable<ChatMessage> = this.#subject.asObservable();
  readonly #now: () => number;
  readonly #maxBatch: number;
  received = 0;
  refused = 0;

  constructor(now: () => number, maxBatch: number) {
    this.#now = now;
    this.#maxBatch = maxBatch;
  }

  /** Validates a batch body (`{messages:[...]}` or `[...]`) item by item. */
  accept(body: unknown): IngestResult | { error: string } {
    const batch = IngestBatchSchema.safeParse(body);
    if (!batch.success) return { error: 'expected {"messages": [ ... ]} or a non-empty JSON array of messages' };
    const items = Array.isArray(batch.data) ? batch.data : batch.data.messages;
    if (items.length > this.#maxBatch) return { error: `a batch holds at most ${this.#maxBatch} messages, got ${items.length}` };
    const result: IngestResult = { accepted: 0, rejected: [] };
    const valid: ChatMessage[] = [];
    items.forEach((item, index) => {
      const parsed = IngestItemSchema.safeParse(item);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const path = (issue?.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
        result.rejected.push({ index, reason: `${issue?.message ?? 'invalid'}${path.length ? ` at ${path.join('.')}` : ''}`, path });
        return;
      }
      const d = parsed.data;
      valid.push({ ...d, id: d.id ?? randomUUID(), receivedAt: d.receivedAt ?? this.#now() });
    });
    result.accepted = valid.length;
    this.received += valid.length;
    this.refused += result.rejected.length;
    for (const m of valid) this.#subject.next(m);
    return result;
  }

  complete(): void {
    this.#subject.complete();
  }
}
