/**
 * A small local server speaking the obs-websocket v5 protocol (JSON subprotocol), so the OBS controller
 * runs against the real obs-websocket-js client where OBS is not installed.
 *
 * Real where it matters: the subprotocol handshake, Hello / Identify / Identified, the auth hash
 * (base64(sha256(base64(sha256(password + salt)) + challenge))), close codes 4009 (auth failed) and
 * 4010 (RPC version), request statuses (600 not found, 605 invalid input kind, 204 unknown request), and
 * the events the controller listens to. A tiny scene model answers the requests Showrunner uses and
 * records every request, in order.
 *
 * Not real: GetSourceScreenshot returns a "data:image/png;base64," of a JSON description of the visible
 * items, not a PNG (deterministic, enough to tell item states apart).
 */
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeScene {
  name: string;
  items: { id: number; source: string; enabled: boolean }[];
}
export interface FakeInput {
  name: string;
  kind: string;
  settings: Record<string, unknown>;
}
export interface FakeObsState {
  scenes: FakeScene[];
  inputs: FakeInput[];
  current: string;
}

export interface FakeObsOptions {
  /** null/undefined = no authentication required. */
  password?: string | null;
  /** 'v5' speaks the protocol; 'v4' accepts the socket without the v5 subprotocol (obs-websocket 4.x);
   *  'silent' accepts the v5 subprotocol and never says Hello. */
  mode?: 'v5' | 'v4' | 'silent';
  obsWebSocketVersion?: string;
  /** Whether CreateInput accepts browser_source (Debian's OBS answers 605). */
  browserSource?: boolean;
  state?: FakeObsState;
  port?: number;
}

export interface FakeRequest {
  type: string;
  data: Record<string, unknown>;
}

const OP = { Hello: 0, Identify: 1, Identified: 2, Event: 5, Request: 6, RequestResponse: 7 } as const;

class ReqError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function defaultFakeState(): FakeObsState {
  return {
    current: 'Idle',
    inputs: [
      { name: 'Backdrop', kind: 'color_source_v3', settings: { color: 4281532416 } },
      { name: 'Banner', kind: 'text_ft2_source_v2', settings: { text: 'FLASH SALE' } },
      { name: 'Price', kind: 'text_ft2_source_v2', settings: { text: '$9.99' } },
    ],
    scenes: [
      { name: 'Idle', items: [{ id: 1, source: 'Backdrop', enabled: true }] },
      {
        name: 'Sale',
        items: [
          { id: 1, source: 'Backdrop', enabled: true },
          { id: 2, source: 'Banner', enabled: false },
          { id: 3, source: 'Price', enabled: false },
        ],
      },
    ],
  };
}

export class FakeObs extends EventEmitter {
  readonly requests: FakeRequest[] = [];
  /** Every socket that opened, including ones refused at Identify. */
  connections = 0;
  identified = 0;
  state: FakeObsState;
  /** When true, requests are recorded but never answered (a wedged OBS). */
  holdResponses = false;
  private wss: WebSocketServer | null = null;
  private readonly sockets = new Set<WebSocket>();
  private port = 0;

  constructor(private readonly opts: FakeObsOptions = {}) {
    super();
    this.state = structuredClone(opts.state ?? defaultFakeState());
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get clients(): number {
    return this.sockets.size;
  }

  async listen(port = this.opts.port ?? this.port): Promise<this> {
    const mode = this.opts.mode ?? 'v5';
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port,
      // v4 never selected the v5 subprotocols, so the v5 client refuses the socket ("no subprotocol").
      handleProtocols: (protocols) => (mode === 'v4' ? false : protocols.has('obswebsocket.json') ? 'obswebsocket.json' : false),
    });
    this.wss = wss;
    await once(wss, 'listening');
    this.port = (wss.address() as AddressInfo).port;
    wss.on('connection', (ws) => this.onConnection(ws, mode));
    return this;
  }

  /** Stops like a crash: sockets are destroyed (clients see 1006) and the port closes. */
  async kill(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await this.closeServer();
  }

  /** Stops like OBS quitting: ExitStarted, then close 1001 "Server stopping.". */
  async close(): Promise<void> {
    const closed = [...this.sockets].map((ws) => once(ws, 'close'));
    for (const ws of this.sockets) {
      this.send(ws, OP.Event, { eventType: 'ExitStarted', eventIntent: 1, eventData: {} });
      ws.close(1001, 'Server stopping.');
    }
    await Promise.all(closed);
    await this.closeServer();
  }

  /** Listens again on the same port with a fresh scene model (as OBS after a restart). */
  async restart(state: FakeObsState = defaultFakeState()): Promise<void> {
    this.state = structuredClone(state);
    await this.listen(this.port);
  }

  /** Resolves with the next request of this type (recorded before it is answered). */
  nextRequest(type: string): Promise<FakeRequest> {
    return new Promise((resolve) => {
      const on = (r: FakeRequest) => {
        if (r.type !== type) return;
        this.off('request', on);
        resolve(r);
      };
      this.on('request', on);
    });
  }

  requestTypes(): string[] {
    return this.requests.map((r) => r.type);
  }

  item(scene: string, source: string): { id: number; source: string; enabled: boolean } | undefined {
    return this.state.scenes.find((s) => s.name === scene)?.items.find((i) => i.source === source);
  }

  /** Broadcasts an event to identified clients (e.g. the producer switching scenes in OBS by hand). */
  emitEvent(eventType: string, eventData: Record<string, unknown>): void {
    for (const ws of this.sockets) this.send(ws, OP.Event, { eventType, eventIntent: 4, eventData });
  }

  private async closeServer(): Promise<void> {
    const wss = this.wss;
    this.wss = null;
    if (!wss) return;
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    this.sockets.clear();
  }

  private send(ws: WebSocket, op: number, d: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ op, d }));
  }

  private onConnection(ws: WebSocket, mode: 'v5' | 'v4' | 'silent'): void {
    this.connections += 1;
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('error', () => ws.terminate()); // a broken client socket; the close handler tidies up
    this.emit('connection');
    if (mode !== 'v5') return;
    const password = this.opts.password ?? null;
    const salt = randomBytes(32).toString('base64');
    const challenge = randomBytes(32).toString('base64');
    this.send(ws, OP.Hello, {
      obsWebSocketVersion: this.opts.obsWebSocketVersion ?? '5.1.0',
      rpcVersion: 1,
      ...(password !== null ? { authentication: { salt, challenge } } : {}),
    });
    let identified = false;
    ws.on('message', (raw) => {
      let msg: { op?: unknown; d?: Record<string, unknown> };
      try {
        msg = JSON.parse(String(raw)) as typeof msg;
      } catch {
        ws.close(4002, 'Message decode error'); // obs-websocket's DecodeError close code
        return;
      }
      const d = msg.d ?? {};
      if (msg.op === OP.Identify) {
        if (password !== null) {
          const secret = createHash('sha256').update(password + salt).digest('base64');
          const expected = createHash('sha256').update(secret + challenge).digest('base64');
          if (d.authentication !== expected) {
            ws.close(4009, 'Authentication failed.');
            return;
          }
        }
        if (typeof d.rpcVersion === 'number' && d.rpcVersion > 1) {
          ws.close(4010, 'Your requested RPC version is not supported.');
          return;
        }
        identified = true;
        this.identified += 1;
        this.send(ws, OP.Identified, { negotiatedRpcVersion: 1 });
        this.emit('identified');
        return;
      }
      if (msg.op === OP.Request) {
        if (!identified) {
          ws.close(4007, 'Not identified');
          return;
        }
        const requestType = String(d.requestType);
        const requestId = String(d.requestId);
        const data = (d.requestData ?? {}) as Record<string, unknown>;
        const req = { type: requestType, data };
        this.requests.push(req);
        this.emit('request', req);
        if (this.holdResponses) return;
        try {
          const responseData = this.handle(requestType, data);
          this.send(ws, OP.RequestResponse, { requestType, requestId, requestStatus: { result: true, code: 100 }, responseData });
        } catch (err) {
          const e = err instanceof ReqError ? err : new ReqError(702, String(err));
          this.send(ws, OP.RequestResponse, { requestType, requestId, requestStatus: { result: false, code: e.code, comment: e.message } });
        }
      }
    });
  }

  private scene(name: unknown): FakeScene {
    const s = this.state.scenes.find((x) => x.name === name);
    if (!s) throw new ReqError(600, `No source was found by the name of \`${String(name)}\`.`);
    return s;
  }

  private input(name: unknown): FakeInput {
    const i = this.state.inputs.find((x) => x.name === name);
    if (!i) throw new ReqError(600, `No source was found by the name of \`${String(name)}\`.`);
    return i;
  }

  private handle(type: string, d: Record<string, unknown>): Record<string, unknown> | undefined {
    const st = this.state;
    switch (type) {
      case 'GetVersion':
        return { obsVersion: '29.0.2', obsWebSocketVersion: this.opts.obsWebSocketVersion ?? '5.1.0', rpcVersion: 1, platform: 'fake', availableRequests: [] };
      case 'GetSceneList':
        return {
          currentProgramSceneName: st.current,
          currentPreviewSceneName: null,
          // OBS lists scenes bottom-up: index 0 is the last scene of its scene dock.
          scenes: st.scenes.map((s, n) => ({ sceneName: s.name, sceneIndex: st.scenes.length - 1 - n })),
        };
      case 'GetCurrentProgramScene':
        return { currentProgramSceneName: st.current };
      case 'SetCurrentProgramScene': {
        const s = this.scene(d.sceneName);
        if (st.current !== s.name) {
          st.current = s.name;
          this.emitEvent('CurrentProgramSceneChanged', { sceneName: s.name });
        }
        return undefined;
      }
      case 'CreateScene': {
        if (st.scenes.some((s) => s.name === d.sceneName)) throw new ReqError(601, 'A source already exists by that scene name.');
        st.scenes.push({ name: String(d.sceneName), items: [] });
        return undefined;
      }
      case 'RemoveScene': {
        const sc = this.scene(d.sceneName);
        st.scenes = st.scenes.filter((x) => x !== sc);
        return undefined;
      }
      case 'GetSceneItemList':
        return { sceneItems: this.scene(d.sceneName).items.map((i, n) => ({ sceneItemId: i.id, sourceName: i.source, sceneItemEnabled: i.enabled, sceneItemIndex: n })) };
      case 'GetSceneItemId': {
        const it = this.scene(d.sceneName).items.find((i) => i.source === d.sourceName);
        if (!it) throw new ReqError(600, `No scene items were found in the specified scene by that name or offset.`);
        return { sceneItemId: it.id };
      }
      case 'SetSceneItemEnabled': {
        const s = this.scene(d.sceneName);
        const it = s.items.find((i) => i.id === d.sceneItemId);
        if (!it) throw new ReqError(600, 'No scene items were found in the specified scene by that ID.');
        if (typeof d.sceneItemEnabled !== 'boolean') throw new ReqError(300, 'Your request is missing the `sceneItemEnabled` field.');
        if (it.enabled !== d.sceneItemEnabled) {
          it.enabled = d.sceneItemEnabled;
          this.emitEvent('SceneItemEnableStateChanged', { sceneName: s.name, sceneItemId: it.id, sceneItemEnabled: it.enabled });
        }
        return undefined;
      }
      case 'GetInputKindList':
        return { inputKinds: ['color_source_v3', 'text_ft2_source_v2', 'image_source', ...(this.opts.browserSource ? ['browser_source'] : [])] };
      case 'GetInputSettings': {
        const i = this.input(d.inputName);
        return { inputKind: i.kind, inputSettings: i.settings };
      }
      case 'SetInputSettings': {
        const i = this.input(d.inputName);
        const next = (d.inputSettings ?? {}) as Record<string, unknown>;
        i.settings = d.overlay === false ? next : { ...i.settings, ...next };
        return undefined;
      }
      case 'CreateInput': {
        const s = this.scene(d.sceneName);
        const kind = String(d.inputKind);
        const known = ['color_source_v3', 'text_ft2_source_v2', 'image_source', ...(this.opts.browserSource ? ['browser_source'] : [])];
        if (!known.includes(kind)) {
          throw new ReqError(605, 'Your specified input kind is not supported by OBS. Check that your specified kind is properly versioned and that any necessary plugins are loaded.');
        }
        if (st.inputs.some((i) => i.name === d.inputName)) throw new ReqError(601, 'A source already exists by that input name.');
        st.inputs.push({ name: String(d.inputName), kind, settings: (d.inputSettings ?? {}) as Record<string, unknown> });
        const id = Math.max(0, ...s.items.map((i) => i.id)) + 1;
        s.items.push({ id, source: String(d.inputName), enabled: d.sceneItemEnabled !== false });
        return { inputUuid: `fake-${id}`, sceneItemId: id };
      }
      case 'CreateSceneItem': {
        const s = this.scene(d.sceneName);
        const i = this.input(d.sourceName);
        const id = Math.max(0, ...s.items.map((x) => x.id)) + 1;
        s.items.push({ id, source: i.name, enabled: d.sceneItemEnabled !== false });
        return { sceneItemId: id };
      }
      case 'PressInputPropertiesButton': {
        const i = this.input(d.inputName);
        if (i.kind !== 'browser_source' || d.propertyName !== 'refreshnocache') throw new ReqError(600, 'Unable to find a property by that name.');
        return undefined;
      }
      case 'GetSourceScreenshot': {
        const name = String(d.sourceName);
        const scene = st.scenes.find((s) => s.name === name);
        const what = scene ? scene.items.filter((i) => i.enabled).map((i) => i.source) : [this.input(name).name];
        return { imageData: `data:image/png;base64,${Buffer.from(JSON.stringify({ source: name, visible: what, width: d.imageWidth ?? null })).toString('base64')}` };
      }
      default:
        throw new ReqError(204, 'Your request type is not valid.');
    }
  }
}

export async function startFakeObs(opts: FakeObsOptions = {}): Promise<FakeObs> {
  return new FakeObs(opts).listen();
}

/** Decodes a fake screenshot back to what was visible. */
export function decodeFakeShot(dataUrl: string): { source: string; visible: string[]; width: number | null } {
  return JSON.parse(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64').toString('utf8')) as { source: string; visible: string[]; width: number | null };
}
