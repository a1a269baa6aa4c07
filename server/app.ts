/**
 * startApp: the one factory `npm start` and the tests use. It opens the store, restores the queue
 * and the overlay, starts the sources, runs the pipeline, and serves the hub and the HTTP API.
 * Nothing starts on import; everything stops in close() (clients, then servers, then the DB).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { asyncScheduler, interval, merge, Subscription, type Observable, type SchedulerLike } from 'rxjs';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import type { Annotated, ChatMessage, ModEvent } from '../config/chat.js';
import type { Command, ControlRole, FeedItem, OverlayState } from '../config/protocol.js';
import { stripBidi } from '../config/protocol.js';
import type { Config } from '../config/schema.js';
import { SensitivitySchema } from '../config/filters-config.js';
import { type ClusterView, type ControlState, type FaqEntry, type MoodView, type ObsStatus, type SourceStatus, type StatsView } from '../config/views.js';
import { classify } from '../insights/classify.js';
import { parseFaq } from '../insights/faq.js';
import { createFilterEngine } from '../filters/engine.js';
import { compilePii } from '../filters/pii.js';
import { AutoReplier } from './auto-reply.js';
import { ShowrunnerError } from './errors.js';
import { bearer, goingAway, Hub } from './hub/hub.js';
import { sameToken } from './http/auth.js';
import { createRequestGuard, upgradeRefusal } from './http/guard.js';
import { createHttpHandler } from './http/http.js';
import { scheduleLong } from './long-timer.js';
import { ModerationQueue } from './moderation/queue.js';
import { WatchList } from './moderation/watch.js';
import { initialOverlay, isOverlayCommand, reduceOverlay } from './overlay/reducer.js';
import { chatClock, newCounters, pipeline, type Counters } from './pipeline/pipeline.js';
import { Ingest } from './sources/ingest.js';
import { chatTimeSpeed } from './sources/index.js';
import { Store } from './store/store.js';

/** What the app needs of a chat source (server/sources/*). */
export interface SourceLike {
  readonly name: string;
  readonly messages$: Observable<ChatMessage>;
  readonly modEvents$?: Observable<ModEvent>;
  readonly status$?: Observable<SourceStatus>;
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
}

/** What the app needs of platform enforcement (server/enforcement). */
export interface EnforcerLike {
  enforce(decision: 'reject' | 'timeout' | 'ban', msg: ChatMessage): Promise<unknown>;
}

export interface AppOptions {
  readonly scheduler?: SchedulerLike;
  readonly log?: (line: string) => void;
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

const ROLES = ['host', 'moderator', 'producer', 'ingest'] as const;
const RECENT_MESSAGES = 5000;
const RECENT_USERS = 5000;
/** Store key prefix of a held viewer's recent messages. */
const RECENT_CTX_KEY = 'userRecent:';
const UserRecentSchema = z.array(z.object({ at: z.number(), text: z.string(), action: z.string() })).max(20);

/** The FAQ file prepared before the stream (format and checks: insights/faq.ts). A bad file is named, not fatal. */
function loadFaqFile(path: string, log: (l: string) => void): FaqEntry[] {
  if (!existsSync(path)) return [];
  try {
    return parseFaq(readFileSync(path, 'utf8'));
  } catch (err) {
    const issue = err instanceof z.ZodError ? err.issues[0] : undefined;
    log(`faq: ${path} is not a valid FAQ file (${issue ? `${issue.message} at ${issue.path.join('.')}` : (err as Error).message}); starting with an empty FAQ`);
    return [];
  }
}

function resolveTokens(config: Config, store: Store): Record<(typeof ROLES)[number], string> {
  const saved = store.getJson<Partial<Record<string, string>>>('tokens') ?? {};
  const out = {} as Record<(typeof ROLES)[number], string>;
  let changed = false;
  for (const r of ROLES) {
    const fromConfig = config.tokens[r]?.reveal();
    const value = fromConfig ?? saved[r] ?? randomBytes(18).toString('base64url');
    if (!fromConfig && saved[r] !== value) {
      saved[r] = value;
      changed = true;
    }
    out[r] = value;
  }
  if (changed) store.setJson('tokens', saved);
  return out;
}

function emptyMood(): MoodView {
  return { index: 0, negativeShare: 0, alert: null, timeline: [] };
}

export async function startApp(config: Config, opts: AppOptions = {}): Promise<RunningApp> {
  const scheduler = opts.scheduler ?? asyncScheduler;
  const now = (): number => scheduler.now();
  /** The chat's clock (a replay's own time; the wall clock for live chat): filters, questions, mood and auto-replies read it. */
  const chat = chatClock(scheduler, chatTimeSpeed(config));
  const log = opts.log ?? ((line: string) => console.log(line));
  const store = new Store(config.store.path);
  const tokens = resolveTokens(config, store);
  const subs = new Subscription();

  const authenticate = (token: string | null): ControlRole | null => {
    if (!token) return null;
    for (const r of ['producer', 'moderator', 'host'] as const) if (sameToken(token, tokens[r])) return r;
    return null;
  };

  // ---- state restored from the store
  const savedOverlay = store.getJson<OverlayState>('overlay');
  // a language switched from the console outlives a restart, like the rest of the overlay
  const freshOverlay = initialOverlay(config.overlay.theme, config.overlay.lang);
  let overlay: OverlayState = savedOverlay ? { ...freshOverlay, ...savedOverlay, theme: config.overlay.theme } : freshOverlay;
  const terms = store.getJson<{ blocked: string[]; allowed: string[] }>('terms') ?? { blocked: [...config.filters.blockedTerms], allowed: [...config.filters.allowedTerms] };
  // levels switched from the console outlive a restart (a bad stored value falls back to the config)
  const storedLevels = store.getJson('sensitivity');
  const savedLevels = storedLevels === undefined ? null : SensitivitySchema.safeParse(storedLevels);
  const engine = createFilterEngine({ ...config.filters, blockedTerms: terms.blocked, allowedTerms: terms.allowed, sensitivity: savedLevels?.success ? savedLevels.data : config.filters.sensitivity });
  let faq = store.faq();
  if (faq.length === 0) {
    faq = loadFaqFile(config.faqFile, log);
    for (const e of faq) store.upsertFaq(e);
  }
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
      for (const ws of ingestWss.clients) {
        if (high) ws.pause();
        else ws.resume();
      }
      hub.set(['stats'], statsView());
    },
  });
  const startedAt = now();
  const rateBuckets: number[] = [];
  let lastIn = 0;

  const initialObs: ObsStatus = { state: config.obs.enabled ? 'disconnected' : 'disabled', detail: config.obs.enabled ? 'not connected yet' : 'OBS control is off (obs.enabled: false)', since: startedAt, currentScene: null, obsVersion: null };
  const statsView = (): StatsView => {
    const recent = rateBuckets.slice(-10);
    return { ...counters, rate: recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : 0, startedAt, rateHistory: rateBuckets.slice(-60), ingestBuffered: ingest.buffered, ingestBusy: ingest.pressured };
  };
  const initial: ControlState = {
    overlay,
    stats: statsView(),
    sources: {},
    queue: {},
    queueInfo: { total: 0, shown: 0, byCategory: {}, holdsPerMinute: 0, overflowing: false, suggestion: null },
    watch: {},
    sensitivity: engine.sensitivity(),
    clusters: [],
    mood: emptyMood(),
    obs: initialObs,
    faq,
    presets: [...config.presets],
    terms,
    modStats: { queueLength: 0, oldestHeldAt: null, medianMs: null, p90Ms: null, decisionsPerMinute: 0, resolvedByTimeout: 0, history: [] },
    audit: store.recentAudit(50),
    userContext: {},
  };
  const hub = new Hub(initial as unknown as Record<string, unknown>, {
    maxControlFrameBytes: config.server.maxControlFrameBytes,
    bufferHighBytes: config.server.clientBufferHighBytes,
    bufferLowBytes: config.server.clientBufferLowBytes,
    heartbeatMs: config.server.heartbeatMs,
    authenticate,
    onCommand: (cmd, who) => runWithFaq(cmd, who),
    scheduler,
    log,
  });

  // ---- recent messages (to feature them) and per-user context (for the queue)
  const recent = new Map<string, Annotated>();
  const userRecent = new Map<string, { at: number; text: string; action: string }[]>();
  const remember = (a: Annotated): void => {
    if (a.verdict.action !== 'block') {
      recent.set(a.message.id, a);
      trimOldest(recent, RECENT_MESSAGES);
    }
    const uid = a.message.user.id;
    const list = userRecent.get(uid) ?? [];
    userRecent.delete(uid);
    list.push({ at: a.message.receivedAt, text: maskPii(a.message.text), action: a.verdict.action });
    if (list.length > 5) list.shift();
    userRecent.set(uid, list);
    trimOldest(userRecent, RECENT_USERS);
  };

  /** Viewers' recent messages as saved with their held items ('hold' below), read before the queue is restored. */
  const savedContext = store.jsonEntries(RECENT_CTX_KEY);
  for (const { key, value } of savedContext) {
    const saved = UserRecentSchema.safeParse(value);
    if (saved.success) userRecent.set(key.slice(RECENT_CTX_KEY.length), saved.data);
  }

  const setOverlay = (next: OverlayState): void => {
    if (next === overlay) return;
    const prev = overlay;
    overlay = next;
    store.setJson('overlay', { ...next, topQuestions: [], mood: null });
    for (const key of Object.keys(next) as (keyof OverlayState)[]) {
      if (next[key] !== prev[key]) hub.set(['overlay', key], next[key]);
    }
  };

  const enforcer = opts.enforcer?.(config) ?? null;
  /** Audit entries written outside moderation (blocks, producer actions) reach the console once a second. */
  let auditDirty = false;
  const approvedFeed = (a: Annotated): void => hub.feed(toFeed(a, maskPii));
  /** A held comment as the allowed stream sees it: classified again (held items keep only the filters' view). */
  const reclassified = (a: Annotated): Annotated => {
    const c = classify(a.message.text);
    return { ...a, isQuestion: c.isQuestion, sentiment: c.sentiment, lang: c.lang };
  };
  const queue = new ModerationQueue({
    store,
    now,
    mask: maskPii,
    publish: { set: (p, v) => hub.set(p, v), del: (p) => hub.del(p) },
    holdTimeoutMs: config.moderation.holdTimeoutMs,
    onTimeout: config.moderation.onTimeout,
    timeoutActions: config.moderation.timeoutActions,
    pageSize: config.moderation.pageSize,
    overflowAt: config.moderation.overflowAt,
    levelOf: (category) => engine.sensitivity()[category],
    recentOf: (uid) => userRecent.get(uid) ?? [],
    undoMs: config.moderation.undoMs,
    claimMs: config.moderation.claimMs,
    onApproved: (a, featured) => {
      const approved = reclassified(a);
      recent.set(a.message.id, approved);
      approvedFeed(approved);
      if (featured) setOverlay(reduceOverlay(overlay, { kind: 'feature.set', messageId: a.message.id }, reduceCtx()));
    },
    // questions and mood count an approved comment once it can no longer be undone
    onApprovalSettled: (a) => insights?.observe(reclassified(a), chat.now()),
    onEnforce: (decision, msg) => {
      if (!enforcer) return;
      enforcer.enforce(decision, msg).catch((err: unknown) => log(`enforcement: ${decision} for ${msg.user.name} failed: ${(err as Error).message}`));
    },
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
    publish: { set: (p, v) => hub.set(p, v), del: (p) => hub.del(p) },
    settleMs: config.moderation.flagSettleMs,
    keepMs: config.moderation.flagKeepMs,
    max: config.moderation.maxFlagged,
    onSettled: (a) => insights?.observe(a, chat.now()),
  });
  /** Takes a shown comment back: off the featured slot, off the platform (enforcement on), off the watch list. */
  const removeShown = (messageId: string, actor: string): boolean => {
    const a = watch.remove(messageId) ?? recent.get(messageId);
    if (!a) return false;
    recent.delete(messageId);
    if (overlay.featured?.messageId === messageId) setOverlay({ ...overlay, featured: null });
    if (enforcer && config.helix.enforce) enforcer.enforce('reject', a.message).catch((err: unknown) => log(`enforcement: delete for ${a.message.user.name} failed: ${(err as Error).message}`));
    store.appendAudit({ id: randomUUID(), at: now(), actor, action: 'remove', itemId: null, messageId, userName: a.message.user.name, waitedMs: now() - a.message.receivedAt, detail: a.verdict.reasons.map((r) => r.filter).join(', ') || 'shown comment removed' });
    hub.feed({ ...toFeed(a, maskPii), action: 'block' });
    return true;
  };
  const reduceCtx = () => ({ now: now(), presets: config.presets, findMessage: (id: string) => recent.get(id)?.message, maskText: maskPii });

  // ---- OBS
  const obs = opts.obs?.(config) ?? null;
  if (obs) {
    subs.add(obs.status$.subscribe((s) => hub.set(['obs'], s)));
    obs.start();
  }
  const obsUnavailable = { ok: false, code: 'SR_OBS_UNAVAILABLE', message: 'OBS control is off (set obs.enabled: true and the password in SHOWRUNNER_OBS_PASSWORD)' };
  let saleTimer: Subscription | null = null;
  const cueSale = (event: 'sale.start' | 'sale.end'): void => {
    obs?.cue(event).then(
      (r) => {
        const res = r as { ok?: boolean; message?: string };
        if (res.ok === false) log(`obs: cue ${event} not applied: ${res.message ?? 'unknown reason'}`);
      },
      (err: unknown) => log(`obs: cue ${event} failed: ${(err as Error).message}`),
    );
  };

  // ---- commands (ws and HTTP share this)
  async function runCommand(cmd: Command, who: { role: ControlRole; actor: string } = { role: 'producer', actor: 'producer:internal' }): Promise<unknown> {
    if (isOverlayCommand(cmd)) {
      const before = overlay.banner;
      setOverlay(reduceOverlay(overlay, cmd, reduceCtx()));
      const after = overlay.banner;
      if (cmd.kind === 'banner.start' && after) {
        saleTimer?.unsubscribe();
        const delay = Math.max(0, after.startsAt - now());
        saleTimer = scheduleLong(scheduler, () => cueSale('sale.start'), delay);
      }
      if (cmd.kind === 'banner.end' && before && before.endedAt === null) cueSale('sale.end');
      store.appendAudit({ id: randomUUID(), at: now(), actor: who.actor, action: cmd.kind, itemId: null, messageId: null, userName: null, waitedMs: null, detail: summarize(cmd) });
      auditDirty = true;
      return { overlay: overlay };
    }
    switch (cmd.kind) {
      case 'moderation.claim':
        return queue.claim(cmd.itemId, who.actor);
      case 'moderation.release':
        queue.release(cmd.itemId, who.actor);
        return {};
      case 'moderation.decide': {
        const r = queue.decide(cmd.itemIds, cmd.decision, who.actor);
        hub.set(['audit'], store.recentAudit(50));
        return r;
      }
      case 'moderation.undo': {
        const r = queue.undo(cmd.decisionId, who.actor);
        hub.set(['audit'], store.recentAudit(50));
        return r;
      }
      case 'moderation.remove': {
        const removed = cmd.messageIds.filter((id) => removeShown(id, who.actor));
        hub.set(['audit'], store.recentAudit(50));
        return { removed };
      }
      case 'moderation.dismiss': {
        const dismissed = cmd.messageIds.filter((id) => watch.dismiss(id));
        if (dismissed.length) {
          store.appendAudit({ id: randomUUID(), at: now(), actor: who.actor, action: 'dismiss', itemId: null, messageId: dismissed[0] ?? null, userName: null, waitedMs: null, detail: `${dismissed.length} flagged comment(s) kept` });
          auditDirty = true;
        }
        return { dismissed };
      }
      case 'sensitivity.set': {
        engine.setSensitivity(cmd.category, cmd.level);
        const levels = engine.sensitivity();
        store.setJson('sensitivity', levels);
        hub.set(['sensitivity'], levels);
        store.appendAudit({ id: randomUUID(), at: now(), actor: who.actor, action: 'sensitivity', itemId: null, messageId: null, userName: null, waitedMs: null, detail: `${cmd.category} → ${cmd.level}` });
        auditDirty = true;
        return { sensitivity: levels };
      }
      case 'terms.set': {
        const list = cmd.list === 'blocked' ? terms.blocked : terms.allowed;
        const t = cmd.term.trim().toLowerCase();
        const i = list.indexOf(t);
        if (cmd.present && i < 0) list.push(t);
        if (!cmd.present && i >= 0) list.splice(i, 1);
        engine.setTerm(cmd.list, t, cmd.present);
        store.setJson('terms', terms);
        hub.set(['terms'], { blocked: [...terms.blocked], allowed: [...terms.allowed] });
        return { terms };
      }
      case 'faq.upsert': {
        const entry: FaqEntry = { id: cmd.id ?? `faq-${now().toString(36)}`, keywords: cmd.keywords, answer: cmd.answer, ...(cmd.lang ? { lang: cmd.lang } : {}) };
        store.upsertFaq(entry);
        faq = store.faq();
        insights?.setFaq(faq);
        hub.set(['faq'], faq);
        return { entry };
      }
      case 'faq.delete': {
        if (!store.deleteFaq(cmd.id)) throw new ShowrunnerError('SR_NOT_FOUND', `no FAQ entry ${cmd.id}`);
        faq = store.faq();
        insights?.setFaq(faq);
        hub.set(['faq'], faq);
        return {};
      }
      case 'obs.setup':
        return obs ? obs.setup(app.url('/overlay')) : obsUnavailable;
      case 'obs.refresh':
        return obs ? obs.refreshOverlay() : obsUnavailable;
      case 'obs.scene':
        return obs ? obs.setScene(cmd.scene) : obsUnavailable;
    }
    throw new ShowrunnerError('SR_BAD_REQUEST', `unknown command ${(cmd as { kind: string }).kind}`);
  }
  // pin.set with saveToFaq also stores the answer; handled after the overlay change.
  const runWithFaq = async (cmd: Command, who: { role: ControlRole; actor: string }): Promise<unknown> => {
    const result = await runCommand(cmd, who);
    if (cmd.kind === 'pin.set' && cmd.saveToFaq && cmd.question.trim()) {
      await runCommand({ kind: 'faq.upsert', keywords: [cmd.question.trim()], answer: cmd.answer }, who);
    }
    return result;
  };

  // ---- sources and the pipeline
  const sources: SourceLike[] = [{ name: 'ingest', messages$: ingest.messages$, stop: () => ingest.complete() }, ...(opts.sources?.({ config, scheduler, log }) ?? [])];
  for (const s of sources) {
    if (s.status$) subs.add(s.status$.subscribe((st) => hub.set(['sources', s.name], st)));
    if (s.modEvents$) {
      subs.add(
        s.modEvents$.subscribe((ev) => {
          queue.applyModEvent(ev);
          const f = overlay.featured;
          if (f && ((ev.kind === 'delete' && ev.messageId === f.messageId) || ((ev.kind === 'timeout' || ev.kind === 'ban') && (ev.userId === f.userId || ev.userName.toLowerCase() === recent.get(f.messageId)?.message.user.name.toLowerCase())) || ev.kind === 'clear')) {
            setOverlay({ ...overlay, featured: null });
          }
          hub.set(['audit'], store.recentAudit(50));
        }),
      );
    }
  }

  const sayer = sources.find((s) => typeof s.say === 'function');
  const autoReplier = config.autoReply.enabled && sayer ? new AutoReplier(config.autoReply) : null;
  if (config.autoReply.enabled && !sayer) log('auto-reply: enabled in the config, but no source can send chat (set twitch.username and TWITCH_OAUTH_TOKEN)');

  const handle = (a: Annotated): void => {
    remember(a);
    if (config.store.retainChat) store.retainChat({ ...a.message, text: maskPii(a.message.text) }, a.verdict.action);
    switch (a.verdict.action) {
      case 'allow': {
        insights?.observe(a, chat.now());
        const reply = autoReplier?.consider(a, faq, chat.now());
        if (reply && sayer?.say) {
          sayer.say(reply.channel, reply.text).then(
            () => store.appendAudit({ id: `reply:${a.message.id}`, at: now(), actor: 'auto-reply', action: 'faq-reply', itemId: null, messageId: a.message.id, userName: a.message.user.name, waitedMs: null, detail: `answered with FAQ ${reply.faqId}` }),
            (err: unknown) => log(`auto-reply: could not send: ${(err as Error).message}`),
          );
        }
        break;
      }
      case 'flag':
        // shown at once; counts for questions and mood once it settles (server/moderation/watch.ts)
        watch.add(a);
        break;
      case 'hold': {
        queue.hold(a);
        const ctx = userRecent.get(a.message.user.id) ?? [];
        if (queue.showsUser(a.message.user.id)) hub.set(['userContext', a.message.user.id, 'recent'], ctx);
        // kept with the held item, so the console still shows it after a restart
        store.setJson(`${RECENT_CTX_KEY}${a.message.user.id}`, ctx, now());
        break;
      }
      case 'block':
        store.appendAudit({ id: `block:${a.message.id}:${now()}`, at: now(), actor: 'filters', action: 'block', itemId: null, messageId: a.message.id, userName: a.message.user.name, waitedMs: 0, detail: a.verdict.reasons.map((r) => `${r.filter}: ${r.detail}`).join('; ').slice(0, 300) });
        auditDirty = true;
        if (enforcer && config.helix.enforce) enforcer.enforce('reject', a.message).catch((err: unknown) => log(`enforcement failed: ${(err as Error).message}`));
        break;
    }
    hub.feed(toFeed(a, maskPii));
  };

  subs.add(
    merge(...sources.map((s) => s.messages$))
      .pipe(pipeline(engine, counters, scheduler, chat))
      .subscribe({
        next: (a) => {
          try {
            handle(a);
          } catch (err) {
            log(`pipeline: handling ${a.message.id} failed: ${(err as Error).stack ?? String(err)}`);
          }
        },
        error: (err: unknown) => log(`pipeline stopped: ${(err as Error).stack ?? String(err)}`),
      }),
  );

  // ---- once a second: stats, queue upkeep, insights snapshots
  let lastClusters = '';
  subs.add(
    interval(1000, scheduler).subscribe(() => {
      rateBuckets.push(counters.in - lastIn);
      lastIn = counters.in;
      if (rateBuckets.length > 120) rateBuckets.shift();
      hub.set(['stats'], statsView());
      if (auditDirty) {
        auditDirty = false;
        hub.set(['audit'], store.recentAudit(50));
      }
      queue.tick();
      watch.tick();
      hub.set(['modStats'], queue.stats());
      if (insights) {
        const snap = insights.snapshot(chat.now());
        const key = JSON.stringify(snap.clusters);
        if (key !== lastClusters) {
          lastClusters = key;
          hub.set(['clusters'], snap.clusters);
          const top = snap.clusters.slice(0, 3).map((c) => ({ text: stripBidi(c.representative), askers: c.askers }));
          if (JSON.stringify(top) !== JSON.stringify(overlay.topQuestions)) setOverlay({ ...overlay, topQuestions: top });
        }
        hub.set(['mood'], snap.mood);
        for (const alert of insights.drainAlerts?.() ?? []) log(`mood: negative mood rising (${alert.themes.join(', ') || 'no clear theme'})`);
        const m = Math.round(snap.mood.index * 100) / 100;
        if (m !== overlay.mood) setOverlay({ ...overlay, mood: m });
      }
    }),
  );

  // ---- HTTP + ws
  const pagesDir = opts.pagesDir ?? resolve(import.meta.dirname, '..', 'dist', 'pages');
  const guard = createRequestGuard(config.server);
  const server: Server = createServer(
    createHttpHandler({
      pagesDir,
      authenticate,
      ingestToken: tokens.ingest,
      // HTTP senders cannot be paused: they get 429 from the high mark on; the answer comes once the batch went through the pipeline
      ingest: async (body) => {
        const result = ingest.accept(body, { refuseOverHighMark: true });
        if ('accepted' in result && result.accepted > 0) await ingest.whenHandled(ingest.mark);
        return result;
      },
      runCommand: runWithFaq,
      health: () => ({ ok: true, uptimeMs: now() - startedAt, sources: hub.state['sources'], obs: (hub.state['obs'] as ObsStatus).state, clients: hub.clientCount }),
      stats: () => ({ ...statsView(), conservation: counters.in === counters.allowed + counters.flagged + counters.held + counters.blocked, queueLength: queue.size }),
      state: () => hub.state,
      audit: () => store.allAudit(),
      obsScenes: async () => (obs ? obs.listScenes() : obsUnavailable),
      log,
      guard,
    }),
  );
  const ingestWss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  ingestWss.on('connection', (ws) => {
    ws.on('error', (err) => log(`ingest ws: ${err.message}`));
    if (ingest.pressured) ws.pause();
    ws.on('message', (data) => {
      let body: unknown;
      try {
        body = JSON.parse(data.toString());
      } catch {
        counters.invalid++;
        ws.send(JSON.stringify({ type: 'error', code: 'SR_FRAME_INVALID', message: 'not JSON' }));
        return;
      }
      const result = ingest.accept(Array.isArray(body) || (body && typeof body === 'object' && 'messages' in body) ? body : [body]);
      if ('busy' in result) {
        const { refused, retryAfterMs } = result.busy;
        ws.send(JSON.stringify({ type: 'error', code: 'SR_BUSY', message: `the ingest is over its budget: ${refused} message(s) refused, send them again in ${retryAfterMs} ms`, refused, retryAfterMs }));
        return;
      }
      ws.send(JSON.stringify('error' in result ? { type: 'error', code: 'SR_INGEST_INVALID', message: result.error } : { type: 'ingest-result', ...result }));
    });
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const refused = guard.check(req, true);
    if (refused) return void socket.end(upgradeRefusal(refused));
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/ws/ingest') {
      const token = url.searchParams.get('token') ?? bearer(req);
      if (!token || !sameToken(token, tokens.ingest)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        return;
      }
      ingestWss.handleUpgrade(req, socket, head, (ws) => ingestWss.emit('connection', ws, req));
      return;
    }
    if (!hub.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.server.port, config.server.host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;

  let closed = false;
  const app: RunningApp = {
    config,
    port,
    tokens,
    hub,
    store,
    queue,
    counters,
    ingest,
    url: (path = '/') => `http://${hostForUrl}:${port}${path}`,
    wsUrl: (path) => `ws://${hostForUrl}:${port}${path}`,
    runCommand: (cmd, who) => runWithFaq(cmd, who ?? { role: 'producer', actor: 'producer:internal' }),
    async close() {
      if (closed) return;
      closed = true;
      // what was accepted is handed on (and written) before the pipeline stops
      ingest.complete();
      saleTimer?.unsubscribe();
      subs.unsubscribe();
      for (const s of sources) s.stop();
      await hub.close();
      await Promise.all([...ingestWss.clients].map((c) => goingAway(c, scheduler)));
      await new Promise<void>((r) => ingestWss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await obs?.stop();
      store.close();
    },
  };
  return app;
}

/**
 * Keeps a Map used as a FIFO near `cap` entries: past a quarter over, the oldest are deleted in one
 * pass. Deleting one entry per insert through `keys().next()` is O(deleted entries) in V8 (the
 * iterator walks the tombstones of earlier deletes until the table is rehashed): at thousands of
 * messages a second that scan was the app's own biggest cost.
 */
function trimOldest(map: Map<string, unknown>, cap: number): void {
  if (map.size <= cap + (cap >> 2)) return;
  let n = map.size - cap;
  for (const key of map.keys()) {
    if (n-- <= 0) break;
    map.delete(key);
  }
}

function toFeed(a: Annotated, maskPii: (text: string) => string): FeedItem {
  const u = a.message.user;
  return {
    id: a.message.id,
    at: a.message.receivedAt,
    user: { id: u.id, displayName: u.displayName, roles: u.roles, ...(u.firstMessage !== undefined ? { firstMessage: u.firstMessage } : {}) },
    text: maskPii(a.message.text),
    action: a.verdict.action,
    reasons: a.verdict.reasons,
    lang: a.lang,
    isQuestion: a.isQuestion,
    sentiment: a.sentiment,
  };
}

function summarize(cmd: Command): string {
  const { kind: _kind, ...rest } = cmd;
  return JSON.stringify(rest).slice(0, 300);
}
