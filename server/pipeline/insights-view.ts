/**
 * Where the questions-and-mood snapshots (insightsSnapshots$ in ./insights-stage.ts) go: the
 * console's 'clusters' and 'mood' slices, and the overlay's top three questions and mood figure.
 * Unchanged clusters are not sent again; the overlay changes only when what it shows changed.
 */
import { isDeepStrictEqual } from 'node:util';
import type { SchedulerLike } from 'rxjs';
import { stripBidi } from '../../config/protocol.js';
import { hasHan } from '../../config/script.js';
import type { ClusterView, MoodView } from '../../config/views.js';
import type { LiveOverlay } from '../overlay/live-overlay.js';
import type { Clock } from './pipeline.js';
import type { Publish } from '../hub/publisher.js';
import { LOG_TEXT, type LogText } from '../log-text.js';

export interface InsightsViewDeps {
  readonly publish: Publish;
  readonly overlay: Pick<LiveOverlay, 'current' | 'update'>;
  /** Mood alerts raised since the last snapshot (logged). */
  readonly drainAlerts: () => readonly { themes: readonly string[] }[];
  readonly log: (line: string) => void;
  /** The log lines' language (server/log-text.ts; default English). */
  readonly logText?: LogText;
  /**
   * The wall-clock time of a chat time (a replay at N× runs the insights on its own clock): the
   * console shows when the mood turned as a time of day, which must be the room's, not the replay's.
   */
  readonly wallOf?: (chatMs: number) => number;
}

/** Returns the snapshot handler. */
export function createInsightsView(d: InsightsViewDeps): (snap: { clusters: ClusterView[]; mood: MoodView }) => void {
  let lastClusters: ClusterView[] = [];
  return (snap) => {
    if (!isDeepStrictEqual(snap.clusters, lastClusters)) {
      lastClusters = snap.clusters;
      d.publish(['clusters'], snap.clusters);
      const top = snap.clusters.slice(0, 3).map((c) => ({ text: stripBidi(c.representative), askers: c.askers, ...(c.representativeAlt ? { alt: stripBidi(c.representativeAlt), zh: c.representativeZh ?? hasHan(c.representative) } : {}) }));
      if (!isDeepStrictEqual(top, d.overlay.current.topQuestions)) d.overlay.update({ topQuestions: top });
    }
    const alert = snap.mood.alert;
    d.publish(['mood'], alert && d.wallOf ? { ...snap.mood, alert: { ...alert, since: d.wallOf(alert.since) } } : snap.mood);
    for (const alert of d.drainAlerts()) d.log((d.logText ?? LOG_TEXT.en).moodRising(alert.themes.join(', ')));
    const m = Math.round(snap.mood.index * 100) / 100;
    if (m !== d.overlay.current.mood) d.overlay.update({ mood: m });
  };
}

/**
 * A scheduler that waits like `scheduler` but tells the time of `clock`: the insights read the
 * chat's time (a replay's own time at N×) while their snapshots stay paced in real seconds.
 */
export function onClock(scheduler: SchedulerLike, clock: Clock): SchedulerLike {
  if (clock === scheduler) return scheduler;
  return { now: () => clock.now(), schedule: scheduler.schedule.bind(scheduler) };
}
