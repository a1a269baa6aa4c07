/**
 * A rehearsal asked for on the review page, run off the server's event loop (server/shows/rehearse-job.ts):
 * the transcript file, the filters / insights / FAQ file to replay it through; posts progress and
 * the difference to the live show.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { RehearsalView } from '../../config/review.js';
import type { Config } from '../../config/schema.js';
import { parseConfig } from '../config-load.js';
import { parseTranscript, rehearse } from './rehearse.js';

export interface RehearseWorkerInput {
  file: string;
  settings: { filters: Config['filters']; insights: Config['insights']; faqFile: string };
  /** The review page's language (the rehearsed show's title); English when absent. */
  lang?: 'en' | 'zh';
}
export type RehearseWorkerMessage = { type: 'progress'; done: number; total: number } | { type: 'done'; result: NonNullable<RehearsalView['result']> } | { type: 'failed'; error: string };

export function runRehearsal(input: RehearseWorkerInput, post: (m: RehearseWorkerMessage) => void): void {
  try {
    const t = parseTranscript(readFileSync(input.file, 'utf8'));
    post({ type: 'progress', done: 0, total: t.msgs.length });
    const config = { ...parseConfig({}), ...input.settings };
    const r = rehearse(t, config, { recordedSettings: false, lang: input.lang ?? 'en', onProgress: (done, total) => post({ type: 'progress', done, total }) });
    post({ type: 'done', result: { diff: r.diff, live: r.live.totals, now: r.review.totals, holdReasonsNow: r.review.holdReasons, review: r.review, liveReview: r.live, messages: t.msgs.length, elapsedMs: Math.round(r.elapsedMs), chatSpanMs: r.chatSpanMs } });
  } catch (err) {
    post({ type: 'failed', error: (err as Error).message });
  }
}

if (parentPort && (workerData as { rehearse?: RehearseWorkerInput } | null)?.rehearse) {
  const port = parentPort;
  runRehearsal((workerData as { rehearse: RehearseWorkerInput }).rehearse, (m) => port.postMessage(m));
}
