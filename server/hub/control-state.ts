/**
 * The control state tree the hub starts from: what a start restored (overlay, levels, FAQ, terms,
 * audit) and empty slices for what the running parts fill in (queue, watch list, clusters, ...).
 */
import type { OverlayState } from '../../config/protocol.js';
import { english, say } from '../../config/status-text.js';
import type { Preset } from '../../config/schema.js';
import type { Sensitivity } from '../../config/filters-config.js';
import type { AuditEntry, ControlState, FaqEntry, MoodView, ObsStatus, StatsView } from '../../config/views.js';

export interface RestoredState {
  readonly overlay: OverlayState;
  readonly stats: StatsView;
  readonly sensitivity: Sensitivity;
  readonly obs: ObsStatus;
  readonly faq: FaqEntry[];
  readonly presets: readonly Preset[];
  readonly terms: { blocked: string[]; allowed: string[] };
  readonly audit: AuditEntry[];
}

export function emptyMood(): MoodView {
  return { index: 0, negativeShare: 0, alert: null, timeline: [] };
}

/** OBS's status before the controller reports (or for good, with OBS control off). */
export function initialObsStatus(enabled: boolean, since: number): ObsStatus {
  const message = say(enabled ? 'obsNotYet' : 'obsOff');
  return { state: enabled ? 'disconnected' : 'disabled', detail: english(message), message, since, currentScene: null, obsVersion: null };
}

export function initialControlState(r: RestoredState): ControlState {
  return {
    overlay: r.overlay,
    stats: r.stats,
    sources: {},
    queue: {},
    queueInfo: { total: 0, shown: 0, byCategory: {}, holdsPerMinute: 0, overflowing: false, suggestion: null },
    watch: {},
    sensitivity: r.sensitivity,
    clusters: [],
    mood: emptyMood(),
    obs: r.obs,
    faq: r.faq,
    presets: [...r.presets],
    terms: r.terms,
    modStats: { queueLength: 0, oldestHeldAt: null, medianMs: null, p90Ms: null, decisionsPerMinute: 0, resolvedByTimeout: 0, history: [] },
    audit: r.audit,
    userContext: {},
    // the shows part publishes the running show once it has read the store (server/shows)
    show: null,
  };
}
