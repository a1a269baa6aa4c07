/**
 * The overlay state the stream shows, held in one place: every change is saved (so a restart shows
 * the same thing) and published to the hub slice by slice (only the slices that changed).
 * Commands, moderation (featuring, removing), mod events and the insights snapshots all change it
 * through `set`.
 */
import type { OverlayState, Theme } from '../../config/protocol.js';
import { initialOverlay } from './reducer.js';
import type { Publish } from '../hub/publisher.js';

export interface LiveOverlayDeps {
  /** Persists the state (questions and mood are live figures, not saved). */
  readonly save: (state: OverlayState) => void;
  readonly publish: Publish;
}

/** The saved overlay over the defaults; the theme always comes from the config. */
export function restoreOverlay(saved: OverlayState | undefined, theme: Theme, lang: OverlayState['lang'] = 'en'): OverlayState {
  // a language switched from the console outlives a restart, like the rest of the overlay
  return saved ? { ...initialOverlay(theme, lang), ...saved, theme } : initialOverlay(theme, lang);
}

export class LiveOverlay {
  #current: OverlayState;
  readonly #d: LiveOverlayDeps;

  constructor(initial: OverlayState, deps: LiveOverlayDeps) {
    this.#current = initial;
    this.#d = deps;
  }

  get current(): OverlayState {
    return this.#current;
  }

  /** Saves and publishes `next`; the same object is a no-op. */
  set(next: OverlayState): void {
    if (next === this.#current) return;
    const prev = this.#current;
    this.#current = next;
    this.#d.save({ ...next, topQuestions: [], mood: null });
    for (const key of Object.keys(next) as (keyof OverlayState)[]) {
      if (next[key] !== prev[key]) this.#d.publish(['overlay', key], next[key]);
    }
  }

  /** Shorthand for changing one part. */
  update(part: Partial<OverlayState>): void {
    this.set({ ...this.#current, ...part });
  }
}
