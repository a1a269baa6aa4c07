/**
 * Rehearsal from the review page (issue 16): a producer replays a recorded show (one that kept its
 * chat as a transcript) through changed settings. One rehearsal at a time per server, in a worker
 * thread so the live server keeps its pace; the page polls for progress and the result.
 *   POST /api/shows/:id/rehearse  RehearseRequest → 202 { ok, rehearsal }  (409 SR_BUSY while one runs)
 *   GET  /api/shows/:id/rehearse  → RehearsalView of the last rehearsal of that show
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parse as parseYaml } from 'yaml';
import { RehearseRequestSchema, TranscriptLineSchema, type RehearsalView, type TranscriptLine } from '../../config/review.js';
import { FiltersConfigSchema } from '../../config/filters-config.js';
import { InsightsConfigSchema } from '../../config/insights-config.js';
import type { Config } from '../../config/schema.js';
import { parseConfig } from '../config-load.js';
import { runRehearsal, type RehearseWorkerInput, type RehearseWorkerMessage } from './rehearse-worker.js';

type Settings = RehearseWorkerInput['settings'];
type Header = Extract<TranscriptLine, { type: 'header' }>;

export class BadRehearsal extends Error {}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
function merge(base: unknown, over: unknown): unknown {
  if (!isPlain(base) || !isPlain(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}
const issue = (prefix: string, e: { issues: { path: PropertyKey[]; message: string }[] }): string => {
  const i = e.issues[0];
  return `${prefix}${i?.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i?.message ?? 'invalid'}`;
};

/**
 * The settings a rehearsal replays through: `base` (the server's config), the levels and terms the
 * show started with (the transcript's header), then the request's YAML fragment, levels and terms.
 * Throws BadRehearsal with a readable message.
 */
export function rehearsalSettings(base: Pick<Config, 'filters' | 'insights' | 'faqFile'>, header: Pick<Header, 'sensitivity' | 'terms'>, body: unknown): Settings {
  const req = RehearseRequestSchema.safeParse(body);
  if (!req.success) throw new BadRehearsal(issue('', req.error));
  let filters: unknown = merge(base.filters, { sensitivity: header.sensitivity, blockedTerms: header.terms.blocked, allowedTerms: header.terms.allowed });
  let insights: unknown = base.insights;
  if (req.data.yaml?.trim()) {
    let frag: unknown;
    try {
      frag = parseYaml(req.data.yaml);
    } catch (err) {
      throw new BadRehearsal(`the YAML fragment does not parse: ${(err as Error).message.split('\n')[0]}`);
    }
    if (frag !== null && frag !== undefined) {
      if (!isPlain(frag)) throw new BadRehearsal('the YAML fragment must be a mapping, e.g. "filters:\\n  sensitivity:\\n    abuse: low"');
      const extra = Object.keys(frag).filter((k) => k !== 'filters' && k !== 'insights');
      if (extra.length) throw new BadRehearsal(`only filters: and insights: can be changed in a rehearsal, not ${extra.join(', ')}`);
      if (frag['filters'] !== undefined) filters = merge(filters, frag['filters']);
      if (frag['insights'] !== undefined) insights = merge(insights, frag['insights']);
    }
  }
  const f = FiltersConfigSchema.safeParse(filters);
  if (!f.success) throw new BadRehearsal(issue('filters.', f.error));
  const ins = InsightsConfigSchema.safeParse(insights);
  if (!ins.success) throw new BadRehearsal(issue('insights.', ins.error));
  const terms = (list: string[], change: { add: string[]; remove: string[] }): string[] => {
    const drop = new Set(change.remove.map((x) => x.toLowerCase()));
    const out = list.filter((x) => !drop.has(x.toLowerCase()));
    for (const x of change.add) if (!out.some((y) => y.toLowerCase() === x.toLowerCase())) out.push(x);
    return out;
  };
  return {
    filters: { ...f.data, sensitivity: { ...f.data.sensitivity, ...req.data.sensitivity }, blockedTerms: terms(f.data.blockedTerms, req.data.blocked), allowedTerms: terms(f.data.allowedTerms, req.data.allowed) },
    insights: ins.data,
    faqFile: base.faqFile,
  };
}

export interface Rehearsals {
  /** Starts one; throws BadRehearsal (400), or returns an error code for 404 / 409. */
  start(showId: string, file: string, body: unknown): RehearsalView | { refused: 'SR_BUSY' | 'SR_NO_TRANSCRIPT'; message: string };
  view(showId: string): RehearsalView;
  close(): Promise<void>;
}

export function createRehearsals(d: { config: () => Pick<Config, 'filters' | 'insights' | 'faqFile'>; inline?: boolean }): Rehearsals {
  let job: (RehearsalView & { worker: Worker | null }) | null = null;
  const view = (j: RehearsalView): RehearsalView => ({ state: j.state, showId: j.showId, done: j.done, total: j.total, ...(j.error ? { error: j.error } : {}), ...(j.result ? { result: j.result } : {}) });
  const onMessage = (j: RehearsalView & { worker: Worker | null }, m: RehearseWorkerMessage): void => {
    if (m.type === 'progress') Object.assign(j, { done: m.done, total: m.total });
    else if (m.type === 'done') Object.assign(j, { state: 'done', done: j.total, result: m.result, worker: null });
    else Object.assign(j, { state: 'failed', error: m.error, worker: null });
  };
  return {
    start(showId, file, body) {
      if (job?.state === 'running') return { refused: 'SR_BUSY', message: `a rehearsal is already running (show ${job.showId ?? ''}, ${job.done} of ${job.total} messages): wait for it to finish` };
      if (!existsSync(file)) return { refused: 'SR_NO_TRANSCRIPT', message: `show ${showId} kept no chat: only a show started with "record transcript" can be rehearsed` };
      const header = readHeader(file);
      const settings = rehearsalSettings(d.config(), header, body);
      const j: RehearsalView & { worker: Worker | null } = { state: 'running', showId, done: 0, total: 0, worker: null };
      job = j;
      // the page's language, checked with the rest of the request by rehearsalSettings
      const lang = RehearseRequestSchema.safeParse(body).data?.lang ?? 'en';
      const input: RehearseWorkerInput = { file, settings, lang };
      if (d.inline) {
        setImmediate(() => runRehearsal(input, (m) => onMessage(j, m)));
      } else {
        const w = new Worker(workerBoot(), { eval: true, workerData: { rehearse: input } });
        j.worker = w;
        w.on('message', (m: RehearseWorkerMessage) => onMessage(j, m));
        w.on('error', (err) => Object.assign(j, { state: 'failed', error: err.message, worker: null }));
        w.on('exit', (code) => {
          if (j.state === 'running') Object.assign(j, { state: 'failed', error: `the rehearsal stopped (exit ${code})`, worker: null });
        });
      }
      return view(j);
    },
    view(showId) {
      return job && job.showId === showId ? view(job) : { state: 'idle', showId, done: 0, total: 0 };
    },
    async close() {
      const w = job?.worker;
      if (w) await w.terminate();
    },
  };
}

/** The worker's entry: tsx's loader registered in the thread, then rehearse-worker.ts (the server runs as TypeScript). */
function workerBoot(): string {
  const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./rehearse-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
}

/** The transcript's first line (the header) without reading the whole file. */
function readHeader(file: string): Header {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16_384);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const first = buf.subarray(0, n).toString('utf8').split('\n')[0] ?? '';
    const line = TranscriptLineSchema.parse(JSON.parse(first));
    if (line.type !== 'header') throw new Error('no header');
    return line;
  } catch {
    throw new BadRehearsal('the transcript has no header line: it cannot be rehearsed');
  } finally {
    closeSync(fd);
  }
}

export const defaultRehearsalConfig = (): Pick<Config, 'filters' | 'insights' | 'faqFile'> => parseConfig({});
