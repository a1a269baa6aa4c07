/**
 * OBS under control over obs-websocket v5 (obs-websocket-js 5.0.8, JSON subprotocol).
 *
 * The controller knows its state and says it plainly (status$, one log line per state change):
 *   disabled      obs.enabled is false; nothing is attempted.
 *   connecting    first attempt after start().
 *   connected     identified; requests go through.
 *   disconnected  OBS absent or gone: retries with capped backoff + jitter (0.5 s → 30 s), silently.
 *   auth-failed   OBS closed with 4009: wrong or missing password. Retrying cannot help, so it stops;
 *                 start() tries again (the console's "reconnect").
 *   too-old       the server does not speak obs-websocket v5 (OBS < 28 / obs-websocket 4.x, or RPC
 *                 version refused). Retries at the slow end of the backoff, since upgrading OBS restarts it.
 *
 * Requests made while not connected resolve at once with { ok: false, code: 'SR_OBS_UNAVAILABLE' }.
 * obs-websocket-js leaves a pending call() hanging forever when the socket closes (its listeners are
 * dropped in cleanup()), so every call here races the close and a timeout.
 *
 * What Showrunner last set (cue scene and items, setScene, setItemVisible) is remembered and re-applied
 * after every reconnect, before 'connected' is announced, so an OBS crash in the middle of a sale comes
 * back on the sale scene. A cue given while OBS is down is kept for the reconnect too; direct commands
 * given while it is down are not (the producer sees them fail and decides again).
 *
 * The password is read with .reveal() only where it is handed to obs-websocket-js; the config object is
 * never logged.
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import { z } from 'zod';
import { EventSubscription, OBSWebSocket, OBSWebSocketError, type OBSRequestTypes, type OBSResponseTypes } from 'obs-websocket-js/json';
import type { Config } from '../../config/schema.js';
import { english, networkReason, say, type StatusMessage } from '../../config/status-text.js';
import type { ObsStatus } from '../../config/views.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { LOG_TEXT, type LogText } from '../log-text.js';

/** A status detail as OBS's status carries it: the message (the console's language) and its English text. */
function told(m: StatusMessage): { detail: string; message: StatusMessage } {
  return { detail: english(m), message: m };
}

export type ObsResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export type ObsCue = 'sale.start' | 'sale.end';

export interface ObsSceneList {
  scenes: { name: string; items: { id: number; name: string; enabled: boolean }[] }[];
  current: string | null;
}

export interface ObsController {
  readonly status$: Observable<ObsStatus>;
  start(): void;
  stop(): Promise<void>;
  setup(overlayUrl: string, size?: { width: number; height: number }): Promise<ObsResult<{ created: boolean; updated: boolean }>>;
  setScene(name: string): Promise<ObsResult<void>>;
  setItemVisible(scene: string, item: string, visible: boolean): Promise<ObsResult<void>>;
  refreshOverlay(): Promise<ObsResult<void>>;
  listScenes(): Promise<ObsResult<ObsSceneList>>;
  cue(event: ObsCue): Promise<ObsResult<void>>;
  screenshot(source: string, width?: number): Promise<ObsResult<string>>;
}

export interface ObsDeps {
  clock?: () => number;
  random?: () => number;
  log?: (line: string) => void;
  /** The log lines' language (server/log-text.ts; default English). */
  readonly logText?: LogText;
  setTimeout?: typeof setTimeout;
  clearTimeout?: typeof clearTimeout;
  /** Reconnect delays (default 0.5 s → 30 s). */
  backoff?: BackoffOptions;
  /** Give up on a connect attempt after this long (a server that accepts TCP but never says Hello). */
  connectTimeoutMs?: number;
  /** Give up on one request after this long (the socket may be half-dead). */
  requestTimeoutMs?: number;
}

type Timer = ReturnType<typeof setTimeout>;
/** A failure as call() reports it: `obsCode` is OBS's request status when OBS answered one. */
type Failure = { ok: false; code: string; message: string; obsCode?: number };
type State = ObsStatus['state'];

/** obs-websocket v5 close codes we act on (WebSocketCloseCode in the protocol docs). */
const CLOSE_AUTH_FAILED = 4009;
const CLOSE_UNSUPPORTED_RPC = 4010;
/** obs-websocket v5 request status codes we act on (RequestStatus). */
const STATUS_NOT_FOUND = 600;
const STATUS_INVALID_INPUT_KIND = 605;

const STATUS_NAMES: Record<number, string> = {
  203: 'MissingRequestType',
  204: 'UnknownRequestType',
  300: 'MissingRequestField',
  400: 'InvalidRequestField',
  402: 'InvalidRequestFieldType',
  403: 'RequestFieldOutOfRange',
  500: 'OutputRunning',
  600: 'ResourceNotFound',
  601: 'ResourceAlreadyExists',
  602: 'InvalidResourceType',
  603: 'NotEnoughResources',
  604: 'InvalidResourceState',
  605: 'InvalidInputKind',
  606: 'ResourceNotConfigurable',
  702: 'RequestProcessingFailed',
};

const SetupArgsSchema = z.object({
  overlayUrl: z.url({ protocol: /^https?$/ }),
  size: z.object({ width: z.number().int().min(8).max(8192), height: z.number().int().min(8).max(8192) }),
});

const NameSchema = z.string().min(1).max(256);

/** Minimal check of what obs-websocket-js hands back from connect() (it is not validated there). */
const HelloSchema = z.object({
  obsWebSocketVersion: z.string(),
  negotiatedRpcVersion: z.number().int(),
});

class RequestFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly obsCode: number | null = null,
  ) {
    super(message);
    this.name = 'RequestFailure';
  }
}

interface Desired {
  scene: string | null;
  /** key = scene + '\u0000' + item */
  items: Map<string, { scene: string; item: string; visible: boolean }>;
}

function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (!u.username && !u.password) return raw;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return raw; // not a URL: obs-websocket-js will say so when connecting, and there is nothing to hide
  }
}

export function createObsController(cfg: Config['obs'], deps: ObsDeps = {}): ObsController {
  const clock = deps.clock ?? Date.now;
  const random = deps.random ?? Math.random;
  const log = deps.log ?? ((line: string) => console.log(line));
  const lt = deps.logText ?? LOG_TEXT.en;
  const setT = deps.setTimeout ?? setTimeout;
  const clearT = deps.clearTimeout ?? clearTimeout;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const connectTimeoutMs = deps.connectTimeoutMs ?? 10_000;
  const requestTimeoutMs = deps.requestTimeoutMs ?? 5_000;
  const url = cfg.url;
  /** The URL as shown in logs and status: without user:password@ should anyone put credentials there. */
  const shownUrl = redactUrl(url);

  const status = new BehaviorSubject<ObsStatus>(
    cfg.enabled
      ? { state: 'disconnected', ...told(say('obsNotStarted')), since: clock(), currentScene: null, obsVersion: null }
      : { state: 'disabled', ...told(say('obsOff')), since: clock(), currentScene: null, obsVersion: null },
  );

  let running = false;
  /** Bumped by every connect attempt and by stop(): callbacks of an older socket are ignored. */
  let generation = 0;
  let client: OBSWebSocket | null = null;
  /** The socket of an attempt still in its handshake (stop() closes it too). */
  let connecting: OBSWebSocket | null = null;
  let attempt = 0;
  let retryTimer: Timer | null = null;
  /** Called when the current socket closes, so pending calls fail instead of hanging. */
  const onCloseWaiters = new Set<(why: string) => void>();
  const desired: Desired = { scene: null, items: new Map() };

  function setState(state: State, said: StatusMessage, extra: Partial<Pick<ObsStatus, 'currentScene' | 'obsVersion'>> = {}): void {
    const prev = status.getValue();
    const since = prev.state === state ? prev.since : clock();
    const { detail, message } = told(said);
    // the scene is what OBS shows now: unknown once the link is gone (the console would show a stale one)
    const scene = state === 'connected' || state === 'connecting' ? {} : { currentScene: null };
    status.next({ ...prev, ...scene, ...extra, state, detail, message, since });
    if (prev.state !== state) log(lt.obsState(state, detail));
  }

  function patchStatus(extra: Partial<Pick<ObsStatus, 'currentScene' | 'obsVersion' | 'detail' | 'message'>>): void {
    status.next({ ...status.getValue(), ...extra });
  }

  function clearRetry(): void {
    if (retryTimer !== null) {
      clearT(retryTimer);
      retryTimer = null;
    }
  }

  function scheduleRetry(state: 'disconnected' | 'too-old', reason: StatusMessage): void {
    clearRetry();
    // too-old: stay at the slow end; the user has to upgrade OBS, which restarts it anyway.
    const delay = backoffDelay(state === 'too-old' ? 30 : attempt, random, backoff);
    attempt += 1;
    setState(state, say('obsRetry', reason, (delay / 1000).toFixed(1)));
    const gen = generation;
    retryTimer = setT(() => {
      retryTimer = null;
      if (running && gen === generation) void connect();
    }, delay);
  }

  function describeClose(err: unknown): { code: number; text: string } {
    if (err instanceof OBSWebSocketError) return { code: err.code, text: err.message || `code ${err.code}` };
    if (err instanceof Error) return { code: -1, text: err.message };
    return { code: -1, text: String(err) };
  }

  async function connect(): Promise<void> {
    generation += 1;
    const gen = generation;
    const obs = new OBSWebSocket();
    client = null;
    connecting = obs;
    // Only the first attempt after start() shows 'connecting'; retries stay 'disconnected' (no log churn).
    if (attempt === 0) setState('connecting', say('obsConnecting', shownUrl));

    // A server that accepts TCP but never sends Hello would leave connect() pending forever: abandon
    // the attempt (a newer generation makes its late rejection a no-op) and retry on the usual schedule.
    const timer = setT(() => {
      if (gen !== generation || !running) return;
      generation += 1;
      if (connecting === obs) connecting = null;
      void obs.disconnect().catch(() => undefined); // the socket is being abandoned; nothing to report
      scheduleRetry('disconnected', say('obsNoHello', shownUrl, connectTimeoutMs / 1000));
    }, connectTimeoutMs);
    let hello: z.infer<typeof HelloSchema>;
    try {
      const raw = await obs.connect(url, cfg.password?.reveal(), {
        rpcVersion: 1,
        eventSubscriptions: EventSubscription.General | EventSubscription.Scenes | EventSubscription.SceneItems,
      });
      hello = HelloSchema.parse(raw);
    } catch (err) {
      clearT(timer);
      if (connecting === obs) connecting = null;
      if (gen !== generation || !running) return;
      const { code, text } = describeClose(err);
      if (code === CLOSE_AUTH_FAILED) {
        clearRetry();
        running = false;
        setState('auth-failed', say('obsAuthFailed', say(cfg.password ? 'obsBadPassword' : 'obsNoPassword')));
        return;
      }
      if (code === CLOSE_UNSUPPORTED_RPC || /subprotocol/i.test(text)) {
        return scheduleRetry('too-old', say('obsNotV5', shownUrl, text));
      }
      if (err instanceof z.ZodError) {
        return scheduleRetry('too-old', say('obsOddHello', shownUrl));
      }
      return scheduleRetry('disconnected', say('obsUnreachable', shownUrl, networkReason(text)));
    }
    clearT(timer);
    if (connecting === obs) connecting = null;
    if (gen !== generation || !running) {
      void obs.disconnect().catch(() => undefined); // stopped while connecting: drop this socket
      return;
    }

    obs.on('ConnectionClosed', (err) => {
      if (gen !== generation) return;
      client = null;
      const { code, text } = describeClose(err);
      for (const w of [...onCloseWaiters]) w(`OBS closed the connection (${code} ${text})`);
      onCloseWaiters.clear();
      if (!running) return;
      attempt = 0;
      scheduleRetry('disconnected', say('obsClosed', `${code}${text ? ` ${text}` : ''}`));
    });
    obs.on('CurrentProgramSceneChanged', ({ sceneName }) => {
      if (gen === generation) patchStatus({ currentScene: sceneName });
    });
    obs.on('ExitStarted', () => {
      if (gen === generation) patchStatus(told(say('obsShuttingDown')));
    });
    client = obs;

    const major = Number.parseInt(hello.obsWebSocketVersion, 10);
    if (!(major >= 5) || hello.negotiatedRpcVersion < 1) {
      client = null;
      generation += 1; // ignore this socket's close
      void obs.disconnect().catch(() => undefined);
      return scheduleRetry('too-old', say('obsTooOld', hello.obsWebSocketVersion));
    }

    let obsVersion: string | null = null;
    let currentScene: string | null = null;
    const version = await call('GetVersion', undefined, true);
    if (version.ok) obsVersion = version.value.obsVersion;
    const scene = await call('GetCurrentProgramScene', undefined, true);
    if (scene.ok) currentScene = scene.value.currentProgramSceneName;
    if (gen !== generation || client !== obs) return; // closed again during the first requests

    // Re-apply before announcing 'connected', so 'connected' means OBS shows what Showrunner last set.
    const reapplied = await reapply();
    if (gen !== generation || client !== obs) return;
    if (reapplied.scene !== null) currentScene = reapplied.scene;
    attempt = 0;
    clearRetry();
    setState('connected', say('obsConnected', obsVersion ?? '?', hello.obsWebSocketVersion, shownUrl), { obsVersion, currentScene });
  }

  async function reapply(): Promise<{ scene: string | null }> {
    if (desired.scene === null && desired.items.size === 0) return { scene: null };
    const failures: string[] = [];
    for (const { scene, item, visible } of [...desired.items.values()]) {
      const r = await applyItem(scene, item, visible, true);
      if (!r.ok) failures.push(r.message);
    }
    let applied: string | null = null;
    if (desired.scene !== null) {
      const r = await call('SetCurrentProgramScene', { sceneName: desired.scene }, true);
      if (r.ok) applied = desired.scene;
      else failures.push(r.message);
    }
    log(failures.length === 0 ? lt.obsReapplied(desired.scene, desired.items.size) : lt.obsReapplyFailed(desired.scene, desired.items.size, failures.join('; ')));
    return { scene: applied };
  }

  /**
   * A request went unanswered: OBS is frozen or the link is half-dead. Say so, drop the socket (every
   * pending call fails with it, later ones fail at once instead of queueing on it) and reconnect on
   * the usual schedule; 'connected' then means OBS answers again, with Showrunner's scene re-applied.
   */
  function stalled(obs: OBSWebSocket, type: string, timeoutMs: number): void {
    if (client !== obs) return;
    client = null;
    generation += 1; // this socket's late close is not news
    for (const w of [...onCloseWaiters]) w(`OBS stopped answering`);
    onCloseWaiters.clear();
    // A frozen peer never completes a closing handshake: drop the TCP connection itself.
    const socket = (obs as unknown as { socket?: { terminate?: () => void } }).socket;
    if (typeof socket?.terminate === 'function') socket.terminate();
    else void obs.disconnect().catch(() => undefined);
    if (!running) return;
    attempt = 0;
    scheduleRetry('disconnected', say('obsStalled', type, timeoutMs / 1000));
  }

  function unavailable(extra = ''): Failure {
    const s = status.getValue();
    return { ok: false, code: 'SR_OBS_UNAVAILABLE', message: `OBS is not connected (${s.state}: ${s.detail})${extra}` };
  }

  function requestFailure(type: string, err: unknown): Failure {
    if (err instanceof RequestFailure) return { ok: false, code: err.code, message: err.message };
    if (err instanceof OBSWebSocketError && err.code >= 100) {
      const name = STATUS_NAMES[err.code] ?? 'error';
      return { ok: false, code: 'SR_OBS_REQUEST_FAILED', obsCode: err.code, message: `OBS answered ${err.code} (${name}) to ${type}${err.message ? `: ${err.message}` : ''}` };
    }
    // "Not connected" / "Socket not identified" from obs-websocket-js: the socket went away under us.
    return { ok: false, code: 'SR_OBS_UNAVAILABLE', message: `OBS connection lost during ${type} (${describeClose(err).text})` };
  }

  /**
   * One request with a close race and a timeout. `during` = part of the handshake (state is not yet
   * 'connected').
   */
  async function call<K extends keyof OBSRequestTypes>(
    type: K,
    data?: OBSRequestTypes[K],
    during = false,
    timeoutMs = requestTimeoutMs,
  ): Promise<{ ok: true; value: OBSResponseTypes[K] } | Failure> {
    const obs = client;
    if (!obs || (!during && status.getValue().state !== 'connected')) return unavailable();
    let timer: Timer | null = null;
    let waiter: ((why: string) => void) | null = null;
    try {
      const value = await Promise.race([
        obs.call(type, data),
        new Promise<never>((_, reject) => {
          waiter = (why) => reject(new RequestFailure('SR_OBS_UNAVAILABLE', `${why} while ${type} was pending`));
          onCloseWaiters.add(waiter);
        }),
        new Promise<never>((_, reject) => {
          timer = setT(() => {
            reject(new RequestFailure('SR_OBS_UNAVAILABLE', `OBS did not answer ${type} within ${timeoutMs / 1000} s; Showrunner reconnects (OBS may still carry it out if it was only slow)`));
            stalled(obs, type, timeoutMs);
          }, timeoutMs);
        }),
      ]);
      return { ok: true, value };
    } catch (err) {
      return requestFailure(type, err);
    } finally {
      if (timer !== null) clearT(timer);
      if (waiter !== null) onCloseWaiters.delete(waiter);
    }
  }

  async function applyItem(scene: string, item: string, visible: boolean, during = false): Promise<ObsResult<void>> {
    const id = await call('GetSceneItemId', { sceneName: scene, sourceName: item }, during);
    if (!id.ok) return id;
    const r = await call('SetSceneItemEnabled', { sceneName: scene, sceneItemId: id.value.sceneItemId, sceneItemEnabled: visible }, during);
    return r.ok ? { ok: true, value: undefined } : r;
  }

  function badName(what: string, value: unknown): Failure | null {
    return NameSchema.safeParse(value).success ? null : { ok: false, code: 'SR_BAD_REQUEST', message: `${what} must be a non-empty name of at most 256 characters` };
  }

  const controller: ObsController = {
    status$: status.asObservable(),

    start() {
      if (!cfg.enabled) {
        setState('disabled', say('obsOff'));
        return;
      }
      if (running) {
        // Already running: a pending retry (OBS absent, too old) is the "reconnect now" button.
        if (retryTimer !== null) {
          clearRetry();
          void connect();
        }
        return;
      }
      running = true;
      attempt = 0;
      clearRetry();
      void connect();
    },

    async stop() {
      running = false;
      generation += 1;
      clearRetry();
      const obs = client ?? connecting;
      client = null;
      connecting = null;
      for (const w of [...onCloseWaiters]) w('Showrunner stopped the OBS connection');
      onCloseWaiters.clear();
      if (cfg.enabled) setState('disconnected', say('obsStopped'), { currentScene: null });
      if (obs) {
        // disconnect() awaits the close; a dead peer could stall it, so bound the wait.
        let timer: Timer | null = null;
        await Promise.race([
          obs.disconnect().catch(() => undefined), // closing anyway; an error here changes nothing
          new Promise<void>((resolve) => {
            timer = setT(resolve, 2000);
          }),
        ]);
        if (timer !== null) clearT(timer);
      }
    },

    async setup(overlayUrl, size = { width: 1920, height: 1080 }) {
      const args = SetupArgsSchema.safeParse({ overlayUrl, size });
      if (!args.success) return { ok: false, code: 'SR_BAD_REQUEST', message: `setup: ${z.prettifyError(args.error)}` };
      const { width, height } = args.data.size;
      const sceneName = cfg.scene;
      const inputName = cfg.sourceName;
      let created = false;
      let updated = false;

      const scenes = await call('GetSceneList');
      if (!scenes.ok) return scenes;
      if (!scenes.value.scenes.some((s) => s.sceneName === sceneName)) {
        const r = await call('CreateScene', { sceneName });
        if (!r.ok) return r;
        created = true;
      }

      const existing = await call('GetInputSettings', { inputName });
      if (!existing.ok) {
        if (existing.obsCode !== STATUS_NOT_FOUND) return existing;
        const r = await call('CreateInput', { sceneName, inputName, inputKind: 'browser_source', inputSettings: { url: overlayUrl, width, height }, sceneItemEnabled: true });
        if (!r.ok) {
          if (r.obsCode === STATUS_INVALID_INPUT_KIND) {
            // Leave OBS as it was: drop the scene this call created for a source that cannot exist.
            if (created) await call('RemoveScene', { sceneName });
            return {
              ok: false,
              code: 'SR_OBS_NO_BROWSER_SOURCE',
              message: `This OBS build has no browser source (${r.message}). Linux distribution builds without CEF lack it: install OBS from obsproject.com or Flathub, or show ${overlayUrl} in a browser window and add a window capture.`,
            };
          }
          return r;
        }
        return { ok: true, value: { created: true, updated } };
      }

      if (existing.value.inputKind !== 'browser_source') {
        return {
          ok: false,
          code: 'SR_OBS_REQUEST_FAILED',
          message: `A source named "${inputName}" exists but is a ${existing.value.inputKind}, not a browser source: rename it in OBS or set obs.sourceName.`,
        };
      }
      const s = existing.value.inputSettings as { url?: unknown; width?: unknown; height?: unknown };
      if (s.url !== overlayUrl || s.width !== width || s.height !== height) {
        const r = await call('SetInputSettings', { inputName, inputSettings: { url: overlayUrl, width, height }, overlay: true });
        if (!r.ok) return r;
        updated = true;
      }
      const inScene = await call('GetSceneItemId', { sceneName, sourceName: inputName });
      if (!inScene.ok) {
        if (inScene.obsCode !== STATUS_NOT_FOUND) return inScene;
        const r = await call('CreateSceneItem', { sceneName, sourceName: inputName, sceneItemEnabled: true });
        if (!r.ok) return r;
        updated = true;
      }
      return { ok: true, value: { created, updated } };
    },

    async setScene(name) {
      const bad = badName('scene', name);
      if (bad) return bad;
      const r = await call('SetCurrentProgramScene', { sceneName: name });
      // Direct commands are remembered once OBS took them (only cues wait for a reconnect).
      if (r.ok) desired.scene = name;
      return r.ok ? { ok: true, value: undefined } : r;
    },

    async setItemVisible(scene, item, visible) {
      const bad = badName('scene', scene) ?? badName('item', item);
      if (bad) return bad;
      const r = await applyItem(scene, item, visible);
      if (r.ok) desired.items.set(`${scene}\u0000${item}`, { scene, item, visible });
      return r;
    },

    async refreshOverlay() {
      const r = await call('PressInputPropertiesButton', { inputName: cfg.sourceName, propertyName: 'refreshnocache' });
      if (!r.ok && r.obsCode === STATUS_NOT_FOUND) {
        // 600 both for no such input and for an input without the refresh button (not a browser source)
        return {
          ok: false,
          code: 'SR_OBS_NO_OVERLAY_SOURCE',
          message: `OBS has no browser source named "${cfg.sourceName}" to refresh (${r.message}): press "Set up overlay source", or add a browser source of that name (obs.sourceName) in OBS by hand.`,
        };
      }
      return r.ok ? { ok: true, value: undefined } : r;
    },

    async listScenes() {
      const list = await call('GetSceneList');
      if (!list.ok) return list;
      // OBS numbers scenes bottom-up; its scene dock lists the highest index first.
      const names = [...list.value.scenes]
        .sort((a, b) => Number(b.sceneIndex) - Number(a.sceneIndex))
        .map((s) => String(s.sceneName));
      const scenes: ObsSceneList['scenes'] = [];
      for (const name of names) {
        const items = await call('GetSceneItemList', { sceneName: name });
        if (!items.ok) return items;
        scenes.push({
          name,
          items: items.value.sceneItems.map((it) => ({ id: Number(it.sceneItemId), name: String(it.sourceName), enabled: Boolean(it.sceneItemEnabled) })),
        });
      }
      const current = list.value.currentProgramSceneName;
      return { ok: true, value: { scenes, current: typeof current === 'string' ? current : null } };
    },

    async cue(event) {
      const start = event === 'sale.start';
      const scene = start ? cfg.cues.saleStartScene : cfg.cues.saleEndScene;
      const items = cfg.cues.saleShowItems;
      // Remembered even while OBS is down: a sale that is still running when OBS comes back gets its scene.
      if (scene !== undefined) desired.scene = scene;
      for (const { scene: s, item } of items) desired.items.set(`${s}\u0000${item}`, { scene: s, item, visible: start });
      if (scene === undefined && items.length === 0) return { ok: true, value: undefined };
      if (status.getValue().state !== 'connected') return unavailable('; the cue is kept and applied when OBS reconnects');

      const switchScene = async (): Promise<ObsResult<void>> => {
        if (scene === undefined) return { ok: true, value: undefined };
        const r = await call('SetCurrentProgramScene', { sceneName: scene });
        return r.ok ? { ok: true, value: undefined } : r;
      };
      const toggleItems = async (): Promise<ObsResult<void>> => {
        for (const { scene: s, item } of items) {
          const r = await applyItem(s, item, start);
          if (!r.ok) return r;
        }
        return { ok: true, value: undefined };
      };
      // Start: items first, so the scene appears already dressed. End: leave the scene, then tidy up.
      const [first, second] = start ? [toggleItems, switchScene] : [switchScene, toggleItems];
      const a = await first();
      const b = await second();
      return !a.ok ? a : b;
    },

    async screenshot(source, width = 640) {
      const bad = badName('source', source);
      if (bad) return bad;
      if (!Number.isInteger(width) || width < 8 || width > 4096) return { ok: false, code: 'SR_BAD_REQUEST', message: 'screenshot width must be an integer from 8 to 4096' };
      const r = await call('GetSourceScreenshot', { sourceName: source, imageFormat: 'png', imageWidth: width }, false, Math.max(requestTimeoutMs, 10_000));
      return r.ok ? { ok: true, value: r.value.imageData } : r;
    },
  };
  return controller;
}
