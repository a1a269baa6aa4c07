/**
 * Shows that start and end with the chat (`shows.auto`, off by default): the first message while
 * no show runs starts one; a show started that way ends after `idleMinutes` without a message. A
 * show the producer started by hand is never ended by silence. Time is the app's clock (the
 * injected scheduler's), read once a second at the tick, never per message: `saw` only raises a flag.
 */
import type { ShowsConfig } from '../../config/review.js';
import type { ShowRecorder } from './recorder.js';
import { LOG_TEXT, type LogText } from '../log-text.js';

export class AutoShows {
  readonly #recorder: ShowRecorder;
  readonly #now: () => number;
  readonly #cfg: ShowsConfig['auto'];
  readonly #log: (line: string) => void;
  readonly #text: LogText;
  #seen = false;
  #lastChatAt: number;

  constructor(d: { recorder: ShowRecorder; now: () => number; config: ShowsConfig['auto']; log?: (line: string) => void; logText?: LogText }) {
    this.#recorder = d.recorder;
    this.#now = d.now;
    this.#cfg = d.config;
    this.#log = d.log ?? (() => {});
    this.#text = d.logText ?? LOG_TEXT.en;
    // a show resumed after a restart waits a whole idle period from now
    this.#lastChatAt = d.now();
  }

  /** A chat message arrived (before the recorder counts it): starts a show when none runs. */
  saw(): void {
    if (!this.#recorder.active) {
      const meta = this.#recorder.start(this.#cfg.title, this.#cfg.record, true);
      this.#lastChatAt = this.#now();
      this.#log(this.#text.showStartedByChat(meta.title, meta.id));
    }
    this.#seen = true;
  }

  /** Once a second: note whether chat came, end a show started by chat once it has been quiet long enough. */
  tick(): void {
    const now = this.#now();
    if (this.#seen) {
      this.#lastChatAt = now;
      this.#seen = false;
      return;
    }
    const meta = this.#recorder.active;
    if (meta?.auto && now - this.#lastChatAt >= this.#cfg.idleMinutes * 60_000) {
      // the show ended with its last chat, not when the quiet time ran out
      this.#recorder.end(this.#lastChatAt);
      this.#log(this.#text.showEndedIdle(meta.title, meta.id, this.#cfg.idleMinutes));
    }
  }
}
