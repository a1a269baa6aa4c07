/**
 * What the app needs of its replaceable parts (chat sources, OBS, questions-and-mood, platform
 * enforcement): `npm start` passes the real ones (server/parts.ts), tests pass fakes.
 */
import type { Observable } from 'rxjs';
import type { Annotated, ChatMessage, ModEvent } from '../config/chat.js';
import type { ClusterView, FaqEntry, MoodView, ObsStatus, SourceStatus } from '../config/views.js';

/** What the app needs of a chat source (server/sources/*). */
export interface SourceLike {
  readonly name: string;
  readonly messages$: Observable<ChatMessage>;
  readonly modEvents$?: Observable<ModEvent>;
  readonly status$?: Observable<SourceStatus>;
  /** The platforms its messages carry when that is not its own name (a replay's transcript: "demo"), for its console line's counts. */
  readonly platforms?: () => readonly string[];
  /** True for platform sources (Twitch, TikTok, YouTube): their messages go through the ingest's slices, not straight into the pipeline. */
  readonly sliced?: boolean;
  /** Sends a chat message as the bot (Twitch with a bot identity). */
  say?(channel: string, text: string): Promise<void>;
  stop(): void;
}

/** What the app needs of the OBS controller (server/obs). */
export interface ObsLike {
  readonly status$: Observable<ObsStatus>;
  start(): void;
  stop(): Promise<void>;
  setup(overlayUrl: string): Promise<unknown>;
  setScene(name: string): Promise<unknown>;
  refreshOverlay(): Promise<unknown>;
  listScenes(): Promise<unknown>;
  cue(event: 'sale.start' | 'sale.end'): Promise<unknown>;
}

/** What the app needs of the questions-and-mood stage. */
export interface InsightsLike {
  observe(a: Annotated, nowMs: number): void;
  snapshot(nowMs: number): { clusters: ClusterView[]; mood: MoodView };
  setFaq(entries: FaqEntry[]): void;
  priorityBoost(userId: string, nowMs: number): number;
  /** Mood alerts raised since the last call. */
  drainAlerts?(): { themes: readonly string[] }[];
  /** Complaint themes of the negative lines counted since the last call (the show's review). */
  drainThemes?(): Readonly<Record<string, number>> | null;
  /** Every live question cluster's distinct askers so far (a show that starts counts only who asks after). */
  askerCounts?(): ReadonlyMap<string, number>;
}

/** What the app needs of platform enforcement (server/enforcement). */
export interface EnforcerLike {
  enforce(decision: 'reject' | 'timeout' | 'ban', msg: ChatMessage): Promise<unknown>;
}

/** The answer to an OBS command when OBS control is off. */
export const OBS_UNAVAILABLE = { ok: false, code: 'SR_OBS_UNAVAILABLE', message: 'OBS control is off (set obs.enabled: true and the password in SHOWRUNNER_OBS_PASSWORD)' } as const;
