/**
 * Starts and stops a real OBS Studio (Debian obs-studio 29, built-in obs-websocket 5.1) under its own
 * Xvfb for tests and the bench. Every start gets a fresh HOME copied from test/support/obs-template/
 * (global.ini with the WebSocket server enabled; see ../shared/REAL-COMPONENTS.md section 1), a free
 * port, an X display picked by Xvfb itself (-displayfd, so parallel runs never collide), and an
 * optional seeded scene collection so a test starts from a known set of scenes and sources.
 *
 * Readiness is an event, not a poll: OBS logs "Server started successfully on port N" on stdout once
 * the WebSocket server listens, and a GetSceneList on the first connect after that succeeds.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { inflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), 'obs-template');

/** The OBS binary: `obs` on PATH, or SHOWRUNNER_OBS_BIN (another build, or a wrong path to prove the tests fail). */
const obsBin = (): string => process.env.SHOWRUNNER_OBS_BIN ?? 'obs';

function onPath(bin: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', bin], { stdio: 'ignore' }).status === 0;
}

/** True when the OBS binary and `Xvfb` are there. */
export function realObsInstalled(): boolean {
  return onPath(obsBin()) && onPath('Xvfb');
}

/** Why real-OBS tests cannot run here, or null when they can. */
export function realObsMissingReason(): string | null {
  if (!onPath(obsBin())) return `OBS (${obsBin()}) is not installed (run scripts/ci-obs.sh)`;
  if (!onPath('Xvfb')) return 'Xvfb is not installed (run scripts/ci-obs.sh)';
  return null;
}

export interface SeedInput {
  name: string;
  kind: 'text_ft2_source_v2' | 'color_source_v3' | 'image_source';
  settings: Record<string, unknown>;
}
export interface SeedScene {
  name: string;
  items: { source: string; visible?: boolean; x?: number; y?: number }[];
}
/** A scene collection OBS loads at start-up (written as basic/scenes/Untitled.json). */
export interface SeedCollection {
  inputs: SeedInput[];
  scenes: SeedScene[];
  current: string;
}

export interface RealObs {
  readonly url: string;
  readonly port: number;
  readonly password: string;
  readonly home: string;
  /** Milliseconds from spawning OBS to its WebSocket server listening (last start). */
  readonly startMs: number;
  /** Kills OBS only (SIGKILL = crash, SIGINT = clean exit) and resolves when it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Freezes OBS (SIGSTOP: the socket stays open, nothing is answered) or thaws it (SIGCONT). */
  freeze(frozen: boolean): void;
  /** Starts OBS again on the same port and display; `reseed` rewrites the collection first. */
  restart(opts?: { reseed?: SeedCollection }): Promise<void>;
  /** Stops OBS and Xvfb and removes HOME. Safe to call twice. */
  stop(): Promise<void>;
  /** OBS's stdout/stderr since the last (re)start (obs-websocket logs every client open/close there). */
  output(): string;
  /** Resolves when OBS's output since the last (re)start matches `re` (an event, not a poll). */
  waitForOutput(re: RegExp, timeoutMs?: number): Promise<void>;
}

export interface StartOptions {
  password?: string;
  seed?: SeedCollection;
  /** Milliseconds to wait for the WebSocket server (default 30 s; first-ever start is the slowest). */
  readyTimeoutMs?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

async function startXvfb(): Promise<{ display: string; proc: ChildProcess }> {
  // -displayfd: Xvfb picks a free display number and writes it to fd 3 once it accepts clients.
  const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x720x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += String(d)).slice(-2000));
  const display = await withTimeout(
    new Promise<string>((resolve, reject) => {
      let buf = '';
      const fd3 = proc.stdio[3] as NodeJS.ReadableStream;
      fd3.on('data', (d: Buffer) => {
        buf += String(d);
        if (buf.includes('\n')) resolve(buf.trim());
      });
      proc.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}: ${stderr.slice(-500)}`)));
      proc.once('error', reject);
    }),
    10_000,
    'Xvfb start',
  );
  return { display: `:${display}`, proc };
}

/** Writes the seeded collection in the format OBS 29 saves (only the fields its loader reads). */
export function writeCollection(home: string, seed: SeedCollection): void {
  const dir = join(home, '.config/obs-studio/basic/scenes');
  mkdirSync(dir, { recursive: true });
  const sourceBase = { enabled: true, flags: 0, mixers: 0, muted: false, volume: 1, balance: 0.5, sync: 0, hotkeys: {}, private_settings: {}, prev_ver: 486539266 };
  const kindId = (kind: string) => kind.replace(/_v\d+$/, '');
  const sources = [
    ...seed.inputs.map((i) => ({ ...sourceBase, id: kindId(i.kind), versioned_id: i.kind, name: i.name, settings: i.settings })),
    ...seed.scenes.map((s) => ({
      ...sourceBase,
      id: 'scene',
      versioned_id: 'scene',
      name: s.name,
      settings: {
        custom_size: false,
        id_counter: s.items.length,
        items: s.items.map((it, n) => ({
          name: it.source,
          id: n + 1,
          visible: it.visible ?? true,
          locked: false,
          rot: 0,
          pos: { x: it.x ?? 0, y: it.y ?? 0 },
          scale: { x: 1, y: 1 },
          align: 5,
          bounds_type: 0,
          bounds_align: 0,
          bounds: { x: 0, y: 0 },
          crop_left: 0,
          crop_top: 0,
          crop_right: 0,
          crop_bottom: 0,
          scale_filter: 'disable',
          blend_method: 'default',
          blend_type: 'normal',
          private_settings: {},
        })),
      },
    })),
  ];
  const collection = {
    name: 'Untitled',
    current_scene: seed.current,
    current_program_scene: seed.current,
    // Cut, not Fade: a switch is then one frame, and screenshots never catch a half-faded scene.
    current_transition: 'Cut',
    transition_duration: 300,
    transitions: [],
    quick_transitions: [],
    groups: [],
    modules: {},
    preview_locked: false,
    saved_projectors: [],
    scaling_enabled: false,
    scene_order: seed.scenes.map((s) => ({ name: s.name })),
    sources,
  };
  writeFileSync(join(dir, 'Untitled.json'), JSON.stringify(collection, null, 1));
}

/** Starts Xvfb + OBS; rejects (after cleaning up) when OBS does not come up. */
export async function startRealObs(opts: StartOptions = {}): Promise<RealObs> {
  const reason = realObsMissingReason();
  if (reason) throw new Error(reason);
  const password = opts.password ?? 'showrunner-test-pw';
  const readyTimeoutMs = opts.readyTimeoutMs ?? 30_000;
  const home = mkdtempSync(join(tmpdir(), 'showrunner-obs-'));
  cpSync(TEMPLATE, home, { recursive: true });
  if (opts.seed) writeCollection(home, opts.seed);
  const port = await freePort();
  const xvfb = await startXvfb();
  let obs: ChildProcess | null = null;
  let startMs = 0;
  let stopped = false;
  let out = '';
  const outListeners = new Set<() => void>();
  const append = (d: Buffer) => {
    out += String(d);
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
    for (const l of [...outListeners]) l();
  };

  const launch = async (): Promise<void> => {
    const t0 = performance.now();
    const child = spawn(
      obsBin(),
      ['--multi', '--disable-missing-files-check', '--websocket_port', String(port), '--websocket_password', password],
      { env: { ...process.env, HOME: home, DISPLAY: xvfb.display, LIBGL_ALWAYS_SOFTWARE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    obs = child;
    out = '';
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    const ready = new Promise<void>((resolve, reject) => {
      const marker = `Server started successfully on port ${port}`;
      const check = () => {
        if (out.includes(marker)) {
          outListeners.delete(check);
          resolve();
        }
      };
      outListeners.add(check);
      child.once('exit', (code, sig) => {
        outListeners.delete(check);
        reject(new Error(`OBS exited early (${code ?? sig}); output tail:\n${out.slice(-1500)}`));
      });
      child.once('error', reject);
    });
    await withTimeout(ready, readyTimeoutMs, 'OBS WebSocket server start');
    startMs = performance.now() - t0;
  };

  const kill = async (signal: NodeJS.Signals = 'SIGINT'): Promise<void> => {
    const child = obs;
    if (!child) return;
    obs = null;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    // A clean SIGINT exit takes 0.1–2 s; escalate if OBS hangs in shutdown.
    const done = exited(child);
    const escalate = setTimeout(() => child.kill('SIGKILL'), 8000);
    await done.finally(() => clearTimeout(escalate));
  };

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await kill('SIGINT');
    if (xvfb.proc.exitCode === null && xvfb.proc.signalCode === null) {
      xvfb.proc.kill('SIGTERM');
      await exited(xvfb.proc);
    }
    rmSync(home, { recursive: true, force: true });
  };

  try {
    await launch();
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    password,
    home,
    get startMs() {
      return startMs;
    },
    kill,
    freeze(frozen) {
      if (obs && obs.exitCode === null && obs.signalCode === null) obs.kill(frozen ? 'SIGSTOP' : 'SIGCONT');
    },
    output: () => out,
    waitForOutput(re, timeoutMs = 10_000) {
      return withTimeout(
        new Promise<void>((resolve) => {
          const check = () => {
            if (re.test(out)) {
              outListeners.delete(check);
              resolve();
            }
          };
          outListeners.add(check);
          check();
        }),
        timeoutMs,
        `OBS output matching ${re}`,
      );
    },
    async restart(o = {}) {
      await kill('SIGKILL');
      if (o.reseed) writeCollection(home, o.reseed);
      await launch();
    },
    stop,
  };
}

/** Reads the OBS log of the last run (for failure messages). */
export function lastObsLog(home: string): string {
  try {
    const dir = join(home, '.config/obs-studio/logs');
    const files = spawnSync('ls', ['-1t', dir], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    return files[0] ? readFileSync(join(dir, files[0]), 'utf8').slice(-3000) : '';
  } catch {
    return ''; // no log yet: OBS never got that far
  }
}

/** Text source settings as Debian's OBS renders them (DejaVu is installed with obs-studio). */
export function textSettings(text: string, color = 0xff00ffff): Record<string, unknown> {
  return { text, font: { face: 'DejaVu Sans', size: 96, style: 'Bold', flags: 0 }, color1: color, color2: color };
}

/**
 * The show used by the real-OBS tests and the bench: 'Idle' (dark blue backdrop) and 'Sale' (backdrop,
 * a "FLASH SALE -50%" banner, and a price that starts hidden). Colours are ABGR.
 */
export function showSeed(): SeedCollection {
  return {
    current: 'Idle',
    inputs: [
      { name: 'Backdrop', kind: 'color_source_v3', settings: { color: 0xff330000, width: 1920, height: 1080 } },
      { name: 'Banner', kind: 'text_ft2_source_v2', settings: textSettings('FLASH SALE -50%') },
      { name: 'Price', kind: 'text_ft2_source_v2', settings: textSettings('$9.99', 0xff00ff00) },
    ],
    scenes: [
      { name: 'Idle', items: [{ source: 'Backdrop' }] },
      {
        name: 'Sale',
        items: [
          { source: 'Backdrop' },
          { source: 'Banner', x: 100, y: 300 },
          { source: 'Price', x: 100, y: 600, visible: false },
        ],
      },
    ],
  };
}

/** Decodes an 8-bit RGB/RGBA, non-interlaced PNG (what OBS's GetSourceScreenshot returns) to RGBA pixels. */
export function decodePng(dataUrl: string): { width: number; height: number; rgba: Uint8Array } {
  const buf = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      const colorType = data[9];
      if (depth !== 8 || data[12] !== 0 || (colorType !== 2 && colorType !== 6)) throw new Error(`unsupported PNG (depth ${depth}, colour type ${colorType})`);
      channels = colorType === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (px[y * stride + x - channels] ?? 0) : 0;
      const b = y > 0 ? (px[(y - 1) * stride + x] ?? 0) : 0;
      const c = x >= channels && y > 0 ? (px[(y - 1) * stride + x - channels] ?? 0) : 0;
      const v = raw[src + x] ?? 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * stride + x] = (v + pred) & 0xff;
    }
  }
  if (channels === 4) return { width, height, rgba: px };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < px.length; i += 3, j += 4) {
    rgba[j] = px[i] ?? 0;
    rgba[j + 1] = px[i + 1] ?? 0;
    rgba[j + 2] = px[i + 2] ?? 0;
    rgba[j + 3] = 255;
  }
  return { width, height, rgba };
}

/** Counts pixels for which `pred(r, g, b)` holds. */
export function countPixels(img: { rgba: Uint8Array }, pred: (r: number, g: number, b: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < img.rgba.length; i += 4) if (pred(img.rgba[i] ?? 0, img.rgba[i + 1] ?? 0, img.rgba[i + 2] ?? 0)) n += 1;
  return n;
}
