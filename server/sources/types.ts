/**
 * What every chat source gives the pipeline: validated messages, the moderation actions others took
 * on the platform, and its connection status. Each source owns its reconnects.
 */
import { defer, type Observable } from 'rxjs';
import type { ChatMessage, ModEvent } from '../../config/chat.js';
import type { SourceStatus } from '../../config/views.js';

export interface ChatSource {
  readonly name: string;
  /** zod-validated messages. Starts the source on first subscription; completes when stopped or finished. */
  readonly messages$: Observable<ChatMessage>;
  /** Moderation done on the platform by someone else (deleted messages, timeouts, bans, clears). */
  readonly modEvents$: Observable<ModEvent>;
  /** The current status on subscription, then every change (gaps included). */
  readonly status$: Observable<SourceStatus>;
  /** Messages arrive in socket chunks or pages: the app hands them to the pipeline in the ingest's slices (one SQLite transaction each). */
  readonly sliced?: boolean;
  /** The platforms its messages carry when that is not its own name (a replay's transcript: "demo"), for its console line's counts. */
  readonly platforms?: () => readonly string[];
  stop(): void;
}

/**
 * A platform source's two streams, each starting the source on its first subscription (whichever
 * the pipeline subscribes first); `start` must be idempotent.
 */
export function startedOnSubscribe(start: () => void, messages: Observable<ChatMessage>, modEvents: Observable<ModEvent>): Pick<ChatSource, 'messages$' | 'modEvents$'> {
  return {
    messages$: defer(() => {
      start();
      return messages;
    }),
    modEvents$: defer(() => {
      start();
      return modEvents;
    }),
  };
}
