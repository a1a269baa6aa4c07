/**
 * The questions-and-mood stage: allowed (and approved) annotated messages in; recurring-question
 * clusters and the chat mood out, as snapshots for the console's 'clusters' and 'mood' slices.
 * The windowed logic lives in insights/clusters.ts and insights/mood.ts (pure step functions);
 * this file owns their state and gives it an RxJS face. Time always comes from the caller or the
 * injected scheduler, so tests run in virtual time.
 */
import {
  defer,
  interval,
  map,
  merge,
  Subject,
  takeUntil,
  tap,
  throttleTime,
  type MonoTypeOperatorFunction,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import type { Annotated } from '../../config/chat.js';
import type { InsightsConfig } from '../../config/insights-config.js';
import type { ClusterView, FaqEntry, MoodView } from '../../config/views.js';
import { askerCount, clusterOptionsFrom, newClusterState, stepClusters, viewClusters, type ClusterState } from '../../insights/clusters.js';
import { MOOD_FLAG_RATES, moodOptionsFrom, moodPriorityBoost, newMoodState, stepMood, viewMood, type MoodAlert, type MoodState } from '../../insights/mood.js';

export interface InsightsSnapshot {
  clusters: ClusterView[];
  mood: MoodView;
}

export interface Insights {
  /** Feeds one message; questions go to the clusters, every message to the mood. */
  observe(a: Annotated, nowMs: number): void;
  snapshot(nowMs: number): InsightsSnapshot;
  setFaq(entries: FaqEntry[]): void;
  /** Priority to add to a viewer's held items (angry viewers first). */
  priorityBoost(userId: string, nowMs: number): number;
  /** Alerts raised since the last call (for logs and playbooks). */
  drainAlerts(): MoodAlert[];
  /** Complaint themes of the negative lines the mood counted since the last call (the show's review counts them). */
  drainThemes(): Record<string, number> | null;
  memory(): { clusters: number; dfTerms: number; moodBuckets: number; angryUsers: number };
  /** Every live cluster's distinct askers so far, shown or not (a show that starts counts from these on). */
  askerCounts(): Map<string, number>;
  /** The kept member questions of a cluster (the last few, oldest first; for evaluation and debugging). */
  clusterMembers(clusterId: string): ReadonlyArray<{ text: string; userId: string; at: number }>;
}

/**
 * A flagged line the abuse filters spoke about: it stays in chat (no moderator took it back) and
 * counts for the mood, but never joins a recurring-question card, whose text the host reads aloud
 * and the overlay may show.
 */
function flaggedAbuse(a: Annotated): boolean {
  if (a.verdict.action !== 'flag') return false;
  for (const r of a.verdict.reasons) if (r.filter.startsWith('abuse.')) return true;
  return false;
}

export function createInsights(cfg: InsightsConfig, faq: FaqEntry[]): Insights {
  let entries: FaqEntry[] = [...faq];
  const clusters: ClusterState = newClusterState(clusterOptionsFrom(cfg));
  const mood: MoodState = newMoodState({ ...moodOptionsFrom(cfg), flagRates: cfg.moodCorrectShare ? MOOD_FLAG_RATES : null });
  let raised: MoodAlert[] = [];
  let themes: Record<string, number> | null = null;
  return {
    observe(a, nowMs) {
      if (a.verdict.action === 'block') return;
      const { message } = a;
      if (a.isQuestion && !flaggedAbuse(a)) stepClusters(clusters, { text: message.text, userId: message.user.id, lang: a.lang }, nowMs);
      const step = stepMood(mood, { text: message.text, userId: message.user.id, sentiment: a.sentiment, lang: a.lang }, nowMs);
      if (step.raised) raised.push(step.raised);
      for (const th of step.themes) (themes ??= {})[th] = (themes[th] ?? 0) + 1;
    },
    snapshot(nowMs) {
      return {
        clusters: viewClusters(clusters, nowMs, entries, { minAskers: cfg.minAskers, maxShown: cfg.maxClustersShown, maxExamplesShown: 3 }),
        mood: viewMood(mood, nowMs),
      };
    },
    setFaq(next) {
      entries = [...next];
    },
    priorityBoost(userId, nowMs) {
      return moodPriorityBoost(mood, userId, nowMs);
    },
    drainAlerts() {
      const out = raised;
      raised = [];
      return out;
    },
    drainThemes() {
      const out = themes;
      themes = null;
      return out;
    },
    askerCounts() {
      return new Map(clusters.clusters.map((c) => [c.id, askerCount(c)]));
    },
    clusterMembers(id) {
      const c = clusters.clusters.find((x) => x.id === id);
      return c ? c.examples.map((e) => ({ text: e.text, userId: e.userId, at: e.at })) : [];
    },
    memory() {
      return { clusters: clusters.clusters.length, dfTerms: clusters.dfSize, moodBuckets: mood.buckets.size, angryUsers: mood.angry.size };
    },
  };
}

/** Feeds each passing message to `insights` at the scheduler's time; passes messages through unchanged. */
export function insightsStage(insights: Pick<Insights, 'observe'>, scheduler: SchedulerLike): MonoTypeOperatorFunction<Annotated> {
  return tap((a) => insights.observe(a, scheduler.now()));
}

/**
 * Snapshots for the console: at most one per `periodMs`, the first at once when messages arrive,
 * the last after a burst (throttle with leading and trailing edges), plus one every `idleMs`
 * without messages so alerts can end and the timeline moves on. Completes after the final
 * snapshot when `annotated$` completes; errors pass through.
 */
export function insightsSnapshots$(
  annotated$: Observable<Annotated>,
  insights: Pick<Insights, 'observe' | 'snapshot'>,
  scheduler: SchedulerLike,
  periodMs = 1000,
  idleMs = 10_000,
): Observable<InsightsSnapshot> {
  return defer(() => {
    const done$ = new Subject<void>();
    const fed$ = annotated$.pipe(
      insightsStage(insights, scheduler),
      tap({ complete: () => done$.next() }),
    );
    const idle$ = interval(idleMs, scheduler).pipe(takeUntil(done$));
    // idle$ first, so its takeUntil listens before a synchronous source completes
    return merge(idle$, fed$).pipe(
      throttleTime(periodMs, scheduler, { leading: true, trailing: true }),
      map(() => insights.snapshot(scheduler.now())),
    );
  });
}
