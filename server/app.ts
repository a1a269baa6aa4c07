/**
 * startApp: the one factory `npm start` and the tests use. It opens the store, restores the queue
 * and the overlay, starts the sources, runs the pipeline, and serves the hub and the HTTP API.
 * Wiring only: each part lives in its own module (commands, routing by verdict, upkeep, insights
 * view); this file builds them, connects them and stops them. Nothing starts on import; everything
 * stops in close() (clients, then servers, then the DB).
 */
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { asyncScheduler, interval, merge, Subject, Subscription, type SchedulerLike } from 'rxjs';
import type { Annotated, ChatMessage } from '../config/chat.js';
import type { Command, ControlRole } from '../config/protocol.js';
import type { Config } from '../config/schema.js';
import type { FaqEntry, ObsStatus } from '../config/views.js';
import { createFilterEngine } from '../filters/engine.js';
import { compilePii } from '../filters/pii.js';
import { classify } from '../insights/classify.js';
import { AutoReplier } from './auto-reply.js';
import { createCommands, INTERNAL_ACTOR } from './commands/commands.js';
import { initialControlState, initialObsStatus } from './hub/control-state.js';
import { goingAway, Hub } from './hub/hub.js';
import { sameToken } from './http/auth.js';
import { createRequestGuard, upgradeRefusal } from './http/guard.js';
import { createHttpHandler } from './http/http.js';
import { closeServer, listen } from './http/listen.js';
import { createModEventHandler } from './moderation/mod-events.js';
import { Engage, isEngageCommand } from './engage/engage.js';
import { ModerationQueue } from './moderation/queue.js';
import { WatchList } from './moderation/watch.js';
import { LiveOverlay } from './overlay/live-overlay.js';
import { reduceOverlay } from './overlay/reducer.js';
import { OBS_UNAVAILABLE, type EnforcerLike, type InsightsLike, type ObsLike, type SourceLike } from './part-types.js';
import { toFeed } from './pipeline/feed.js';
import { insightsSnapshots$ } from './pipeline/insights-stage.js';
import { createInsightsView, onClock } from './pipeline/insights-view.js';
import { chatClock, newCounters, pipeline, type Counters } from './pipeline/pipeline.js';
import { RECENT_CTX_KEY, RecentChat } from './pipeline/recent-chat.js';
import { createVerdictRouter } from './pipeline/router.js';
import { Shutdown } from './shutdown.js';
import { resolveTokens, restoreCuedSale, restoreFaq, restoreOverlayState, restoreSensitivity, restoreTerms } from './restore.js';
import { Ingest } from './sources/ingest.js';
import { IngestSocket } from './sources/ingest-ws.js';
import { chatTimeSpeed } from './sources/index.js';
import { SourcePanel } from './sources/source-panel.js';
import { Store } from './store/store.js';
import { createShows } from './shows/index.js';
import { AuditPublisher, StatsTracker, upkeepTick } from './upkeep.js';
import type { Publish, Publisher } from './hub/publisher.js';
import { LOG_TEXT, type LogText } from './log-text.js';

export type { EnforcerLike, InsightsLike, ObsLike, SourceLike } from './part-types.js';

export interface AppOptions {
  readonly scheduler?: SchedulerLike;
  readonly log?: (line: string) => void;
  /** The log lines' language (server/log-text.ts; default English). */
  readonly logText?: LogText;
  /** Chat sources; default: built from the config by server/sources/index.ts. */
  readonly sources?: (ctx: { config: Config; scheduler: SchedulerLike; log: (l: string) => void }) => SourceLike[];
  readonly obs?: (config: Config) => ObsLike | null;
  readonly insights?: (config: Config, faq: FaqEntry[]) => InsightsLike | null;
  readonly enforcer?: (config: Config) => EnforcerLike | null;
  readonly pagesDir?: string;
  /** Where the ingest queues its next slice of work (default setImmediate; tests run slices by hand). */
  readonly ingestDefer?: (fn: () => void) => void;
}

export interface RunningApp {
  readonly config: Config;
  readonly port: number;
  readonly tokens: Readonly<Record<ControlRole | 'ingest', string>>;
  readonly hub: Hub;
  readonly store: Store;
  readonly queue: ModerationQueue;
  readonly counters: Counters;
  readonly ingest: Ingest;
  url(path?: string): string;
  wsUrl(path: string): string;
  runCommand(cmd: Command, who?: { role: ControlRole; actor: string }): Promise<unknown>;
  close(): Promise<void>;
}

/** Recent shown messages kept (to feature or remove one) and viewers whose last lines are kept. */
const RECENT_MESSAGES = 5000;
const RECENT_USERS = 5000;
/** Lines kept per viewer (shown beside their held items). */
const RECENT_PER_USER = 5;
/** Upkeep and insights snapshots: once a second (the insights also when chat is idle). */
const TICK_MS = 1000;

export async function startApp(config: Config, opts: AppOptions = {}): Promise<RunningApp> {
  const scheduler = opts.scheduler ?? asyncScheduler;
  const now = (): number => scheduler.now();
  /** The chat's clock (a replay's own time; the wall clock for live chat): filters, questions, mood and auto-replies read it. */
  const chat = chatClock(scheduler, chatTimeSpeed(config));
  const log = opts.log ?? ((line: string) => console.log(line));
  const logText = opts.logText ?? LOG_TEXT.en;
  const store = new Store(config.store.path);
  const tokens = resolveTokens(config, store);
  const subs = new Subscription();
  const shutdown = new Shutdown();
  // the typed face of the hub: paths and values checked against ControlState (server/hub/publisher.ts)
  const publish: Publish = (path, value) => hub.set(path, value);
  const publisher: Publisher = { set: publish, del: (path) => hub.del(path) };

  const authenticate = (token: string | null): ControlRole | null => {
    if (!token) return null;
    for (const r of ['producer', 'moderator', 'host'] as const) if (sameToken(token, tokens[r])) return r;
    return null;
  };

  // ---- state restored from the store
  const overlay = new LiveOverlay(restoreOverlayState(store, config.overlay.theme, config.overlay.lang, log, logText), {
    save: (state) => store.setJson('overlay', state),
    publish,
  });
  const terms = restoreTerms(config, store);
  const engine = createFilterEngine({ ...config.filters, blockedTerms: terms.blocked, allowedTerms: terms.allowed, sensitivity: restoreSensitivity(config, store) });
  let faq = restoreFaq(store, config.faqFile, log, logText);
  const insights = opts.insights?.(config, faq) ?? null;
  /** One masker from the configured patterns (a custom order number is masked wherever it is shown). */
  const pii = compilePii(config.filters.pii);
  const maskPii = (text: string): string => pii.mask(text);
  const counters = newCounters();
  // Accepted items reach the pipeline in slices; each slice's SQLite writes (holds, their context,
  // block audits) are one transaction, committed before the hub's next flush publishes them.
  const ingest = new Ingest(now, {
    maxBatch: config.ingest.maxBatch,
    maxBuffered: config.ingest.maxBuffered,
    sliceMs: config.ingest.sliceMs,
    counters,
    runSlice: (work) => store.transaction(work),
    ...(opts.ingestDefer ? { defer: opts.ingestDefer } : {}),
    // over the high mark the ingest sockets are not read: TCP pushes back on the senders
    onPressure: (high) => {
      ingestWs.setPaused(high);
      hub.set(['stats'], stats.view());
    },
  });
  // what was accepted is handed on (and written) before the pipeline stops
  shutdown.add('inputs', () => ingest.complete());
  const stats = new StatsTracker(counters, ingest, now());

  const initial = initialControlState({
    overlay: overlay.current,
    stats: stats.view(),
    sensitivity: engine.sensitivity(),
    obs: initialObsStatus(config.obs.enabled, stats.startedAt),
    faq,
    presets: config.presets,
    terms,
    audit: store.recentAudit(50),
  });
  const hub = new Hub(initial as unknown as Record<string, unknown>, {
    maxControlFrameBytes: config.server.maxControlFrameBytes,
    bufferHighBytes: config.server.clientBufferHighBytes,
    bufferLowBytes: config.server.clientBufferLowBytes,
    heartbeatMs: config.server.heartbeatMs,
    authenticate,
    onCommand: (cmd, who) => runCommand(cmd, who),
    scheduler,
    log,
    logText,
  });
  shutdown.add('clients', () => hub.close());
  const audit = new AuditPublisher(() => store.recentAudit(50), (entries) => hub.set(['audit'], entries));

  // ---- recent messages (to feature them) and per-user context (for the queue)
  const recent = new RecentChat({ maxMessages: RECENT_MESSAGES, maxUsers: RECENT_USERS, perUser: RECENT_PER_USER, mask: maskPii });
  /** Viewers' recent messages as saved with their held items (the router's 'hold'), read before the queue is restored. */
  const savedContext = store.jsonEntries(RECENT_CTX_KEY);
  recent.restore(savedContext);

  // ---- questions and mood: allowed, settled flagged and settled approved messages go in; snapshots go to the console and overlay
  const insightsIn$ = new Subject<Annotated>();
  const observe = (a: Annotated): void => insightsIn$.next(a);
  const enforcer = opts.enforcer?.(config) ?? null;
  const enforce = (decision: 'reject' | 'timeout' | 'ban', msg: ChatMessage, action: string): void => {
    enforcer?.enforce(decision, msg).catch((err: unknown) => log(logText.enforcementThrew(action, msg.user.name, (err as Error).message)));
  };
  const feedOf = (a: Annotated) => toFeed(a, maskPii);
  const reduceContext = () => ({ now: now(), presets: config.presets, findMessage: (id: string) => recent.shown(id)?.message, maskText: maskPii });
  const queue = new ModerationQueue({
    store,
    now,
    mask: maskPii,
    publish: publisher,
    holdTimeoutMs: config.moderation.holdTimeoutMs,
    onTimeout: config.moderation.onTimeout,
    timeoutActions: config.moderation.timeoutActions,
    pageSize: config.moderation.pageSize,
    overflowAt: config.moderation.overflowAt,
    levelOf: (category) => engine.sensitivity()[category],
    recentOf: (uid) => recent.linesOf(uid),
    undoMs: config.moderation.undoMs,
    claimMs: config.moderation.claimMs,
    onApproved: (a, featured) => {
      recent.setShown(a);
      hub.feed(feedOf(a));
      if (featured) overlay.set(reduceOverlay(overlay.current, { kind: 'feature.set', messageId: a.message.id }, reduceContext()));
    },
    // questions and mood count an approved comment once it can no longer be undone
    onApprovalSettled: observe,
    onEnforce: (decision, msg) => enforce(decision, msg, decision),
    // a timeout or ban reaches Twitch with helix.enforce, YouTube with youtube.enforce; nowhere else
    enforceable: (platform) => enforcer !== null && ((platform === 'twitch' && config.helix.enforce) || (platform === 'youtube' && config.youtube.enforce)),
    priorityBoost: insights ? (uid) => insights.priorityBoost(uid, chat.now()) : undefined,
  });

  // the viewers whose items were all decided: their context is no longer shown
  store.transaction(() => {
    for (const { key } of savedContext) {
      const uid = key.slice(RECENT_CTX_KEY.length);
      if (!queue.hasUser(uid)) store.deleteJson(key);
    }
  });
  const watch = new WatchList({
    now,
    mask: maskPii,
    publish: publisher,
    settleMs: config.moderation.flagSettleMs,
    keepMs: config.moderation.flagKeepMs,
    max: config.moderation.maxFlagged,
    onSettled: observe,
  });

  // ---- OBS
  const obs = opts.obs?.(config) ?? null;
  if (obs) {
    subs.add(obs.status$.subscribe((s) => hub.set(['obs'], s)));
    obs.start();
    shutdown.add('servers', () => obs.stop());
  }

  // ---- draws, polls and coupon drops (server/engage): every verdict goes through engage.observe
  const engage = new Engage({ config: config.engage, scheduler, store, publish, onAudit: () => audit.soon(), log, logText });
  shutdown.add('inputs', () => engage.stop());

  // ---- commands (ws and HTTP share them)
  const commands = createCommands({
    now,
    scheduler,
    log,
    logText,
    store,
    publish,
    feed: (item) => hub.feed(item),
    toFeed: feedOf,
    overlay,
    reduceContext,
    queue,
    watch,
    recent,
    engine,
    terms,
    onFaq: (entries) => {
      faq = entries;
      insights?.setFaq(entries);
    },
    reject: (msg) => {
      if (config.helix.enforce || config.youtube.enforce) enforce('reject', msg, 'delete');
    },
    obs,
    overlayUrl: () => app.url('/overlay'),
    auditChanged: () => audit.now(),
    auditSoon: () => audit.soon(),
  });
  // a sale restored with the overlay still needs its OBS end cue (at once if it ran out while Showrunner was down)
  commands.resume(restoreCuedSale(store));
  shutdown.add('inputs', () => commands.stop());

  // ---- shows and their review (server/shows): aggregates per minute, /review, /api/shows
  const pagesDir = opts.pagesDir ?? resolve(import.meta.dirname, '..', 'dist', 'pages');
  const guard = createRequestGuard(config.server);
  const shows = createShows({ store, now, mask: maskPii, pagesDir, authenticate, guard, banner: () => overlay.current.banner, timeouts: () => queue.stats().resolvedByTimeout, pii, settings: () => ({ sensitivity: engine.sensitivity(), terms }), config: () => config, log, logText, publish, ...(insights?.askerCounts ? { askers: () => insights.askerCounts?.() ?? new Map<string, number>() } : {}) });
  /** Every command, from ws, HTTP or the app itself; the show records what went through. */
  const runCommand = async (cmd: Command, who: { role: ControlRole; actor: string }): Promise<unknown> => {
    const result = isEngageCommand(cmd) ? await engage.run(cmd, who.actor) : await commands.run(cmd, who);
    shows.afterCommand(cmd, who, result);
    return result;
  };

  // ---- sources and the pipeline
  const sources: SourceLike[] = [{ name: 'ingest', messages$: ingest.messages$, stop: () => ingest.complete() }, ...(opts.sources?.({ config, scheduler, log }) ?? [])];
  const onModEvent = createModEventHandler({
    queue,
    featured: () => overlay.current.featured,
    clearFeatured: () => overlay.update({ featured: null }),
    shown: (id) => recent.shown(id),
    auditChanged: () => audit.now(),
  });
  const sourcePanel = new SourcePanel({ now, publish });
  for (const s of sources) {
    if (s.status$) subs.add(s.status$.subscribe((st) => sourcePanel.status(s.name, st, s.platforms?.())));
    if (s.modEvents$) subs.add(s.modEvents$.subscribe(onModEvent));
  }

  const sayer = sources.find((s) => typeof s.say === 'function');
  const say = sayer?.say?.bind(sayer);
  const autoReplier = config.autoReply.enabled && say ? new AutoReplier(config.autoReply) : null;
  if (config.autoReply.enabled && !say) log(logText.autoReplyNoSender);

  const route = createVerdictRouter({
    now,
    chatNow: () => chat.now(),
    log,
    logText,
    recent,
    retain: config.store.retainChat ? (a) => store.retainChat({ ...a.message, text: maskPii(a.message.text) }, a.verdict.action) : null,
    observe,
    autoReply: autoReplier && say ? { consider: (a, t) => autoReplier.consider(a, faq, t), say } : null,
    watch,
    queue,
    store,
    publish,
    auditSoon: () => audit.soon(),
    reject: config.helix.enforce || config.youtube.enforce ? (msg) => enforce('reject', msg, '') : null,
    // made only if it reaches a feed frame (under a flood most are overwritten first)
    feed: (a) => hub.feed(() => feedOf(a)),
  });

  if (insights) {
    let alerts: readonly { themes: readonly string[] }[] = [];
    const showInsights = createInsightsView({ publish, overlay, drainAlerts: () => (alerts = insights.drainAlerts?.() ?? []), log, logText, ...(chat.wallOf ? { wallOf: chat.wallOf } : {}) });
    subs.add(
      insightsSnapshots$(insightsIn$, insights, onClock(scheduler, chat), TICK_MS, TICK_MS).subscribe((snap) => {
        showInsights(snap);
        shows.tick(snap, alerts, insights.drainThemes?.() ?? null);
      }),
    );
  }
  // the classifier's sentiment model loads on first use (~300 ms): now, not on the show's first comment
  classify('');
  // platform chat arrives in chunks (a socket read, a page): through the ingest's slices, one SQLite transaction each
  // (refused over the budget: counted on the source's own line too, not only under "ingest busy")
  const offer = (m: ChatMessage): void => {
    if (!ingest.offer(m)) sourcePanel.refused(m.platform);
  };
  for (const s of sources) if (s.sliced) subs.add(s.messages$.subscribe({ next: offer, error: (err: unknown) => log(logText.chatStopped(s.name, (err as Error).message)) }));
  subs.add(
    merge(...sources.filter((s) => !s.sliced).map((s) => s.messages$))
      .pipe(pipeline(engine, counters, scheduler, chat))
      .subscribe({
        next: (a) => {
          try {
            sourcePanel.observe(a);
            engage.observe(a);
            shows.observe(a, chat.now());
            route(a);
          } catch (err) {
            log(logText.pipelineItemFailed(a.message.id, (err as Error).stack ?? String(err)));
          }
        },
        error: (err: unknown) => log(logText.pipelineStopped((err as Error).stack ?? String(err))),
      }),
  );
  subs.add(
    interval(TICK_MS, scheduler).subscribe(() => {
      upkeepTick({ stats, audit, queue, watch, publish });
      sourcePanel.tick();
      if (!insights) shows.tick(null);
    }),
  );
  shutdown.add('inputs', () => {
    subs.unsubscribe();
    for (const s of sources) s.stop();
    shows.close();
  });

  // ---- HTTP + ws
  const mainHandler = createHttpHandler({
      pagesDir,
      authenticate,
      ingestToken: tokens.ingest,
      // HTTP senders cannot be paused: they get 429 from the high mark on; the answer comes once the batch went through the pipeline
      ingest: async (body) => {
        const result = ingest.accept(body, { refuseOverHighMark: true });
        if ('accepted' in result && result.accepted > 0) await ingest.whenHandled(ingest.mark);
        return result;
      },
      runCommand,
      health: () => ({ ok: true, uptimeMs: now() - stats.startedAt, sources: hub.state['sources'], obs: (hub.state['obs'] as ObsStatus).state, clients: hub.clientCount }),
      stats: () => ({ ...stats.view(), conservation: counters.in === counters.allowed + counters.flagged + counters.held + counters.blocked, queueLength: queue.size }),
      state: () => hub.state,
      audit: () => store.allAudit(),
      obsScenes: async () => (obs ? obs.listScenes() : OBS_UNAVAILABLE),
      log,
      logText,
      guard,
    });
  const server: Server = createServer((req, res) => shows.http(req, res) || mainHandler(req, res));
  const ingestWs = new IngestSocket(ingest, { token: tokens.ingest, counters, log, logText, bufferHighBytes: config.server.clientBufferHighBytes });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const refused = guard.check(req, true);
    if (refused) return void socket.end(upgradeRefusal(refused));
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (ingestWs.handleUpgrade(url, req, socket, head)) return;
    if (!hub.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  shutdown.add('clients', () => ingestWs.close((c) => goingAway(c, scheduler)));
  shutdown.add('servers', () => closeServer(server));
  shutdown.add('store', () => store.close());
  const at = await listen(server, config.server.host, config.server.port);

  const app: RunningApp = {
    config,
    port: at.port,
    tokens,
    hub,
    store,
    queue,
    counters,
    ingest,
    url: (path) => at.url(path),
    wsUrl: (path) => at.wsUrl(path),
    runCommand: (cmd, who) => runCommand(cmd, who ?? INTERNAL_ACTOR),
    close: () => shutdown.run(),
  };
  return app;
}
