/**
 * The replay source: plays JSONL chat transcripts (the bundled demo is one) with their original
 * relative timing, scaled by a speed factor, optionally looping. Every line is validated on its own;
 * invalid lines are skipped, counted and named (file:line) in the status, never fatal.
 *
 * All timing goes through the injected scheduler and `receivedAt` is the scheduler's now, so tests
 * draw the timeline with TestScheduler.
 */
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asyncScheduler, EMPTY, Observable, share, Subject, takeUntil, type SchedulerAction, type SchedulerLike } from 'rxjs';
import type { z } from 'zod';
import { ChatMessageSchema, type ChatMessage } from '../../config/chat.js';
import { say, type StatusMessage } from '../../config/status-text.js';
import { MAX_TIMER_MS } from '../long-timer.js';
import { StatusTracker } from './status.js';
import type { ChatSource } from './types.js';

/** One transcript line: a ChatMessage whose id, platform and channel may be left out. `receivedAt` is the line's time (any origin). */
export const ReplayLineSchema = ChatMessageSchema.extend({
  id: ChatMessageSchema.shape.id.optional(),
  platform: ChatMessageSchema.shape.platform.default('replay'),
  channel: ChatMessageSchema.shape.channel.default('replay'),
});

export interface TranscriptLine {
  /** Milliseconds since the transcript's first line. */
  readonly offsetMs: number;
  readonly message: ChatMessage;
}

export interface InvalidLine {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

export interface Transcript {
  readonly lines: TranscriptLine[];
  readonly invalid: InvalidLine[];
  /** Files that could not be read at all. */
  readonly unreadable: { file: string; reason: string }[];
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.filter((p) => typeof p !== 'symbol').join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Parses JSONL text. Blank lines are skipped silently; every other bad line is reported with its number. */
export function parseTranscript(text: string, file = 'transcript'): { lines: TranscriptLine[]; invalid: InvalidLine[] } {
  const lines: TranscriptLine[] = [];
  const invalid: InvalidLine[] = [];
  let origin: number | null = null;
  let previous = 0;
  const rows = text.split(/\r?\n/);
  rows.forEach((row, i) => {
    if (row.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(row);
    } catch (err) {
      invalid.push({ file, line: i + 1, reason: `not JSON (${(err as Error).message.slice(0, 80)})` });
      return;
    }
    const parsed = ReplayLineSchema.safeParse(json);
    if (!parsed.success) {
      invalid.push({ file, line: i + 1, reason: describeIssue(parsed.error) });
      return;
    }
    const { id, ...rest } = parsed.data;
    origin ??= rest.receivedAt;
    // Out-of-order timestamps play at once, in file order.
    const offsetMs = Math.max(previous, rest.receivedAt - origin);
    previous = offsetMs;
    lines.push({ offsetMs, message: { ...rest, id: id ?? `${basename(file)}:${i + 1}` } });
  });
  return { lines, invalid };
}

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** Reads a file relative to the working directory, or else to the repository (so the demo plays from anywhere). */
function readFromDisk(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || isAbsolute(file)) throw err;
    return readFileSync(resolve(REPO_ROOT, file), 'utf8');
  }
}

/** Reads and concatenates transcripts: each file starts one second after the previous one ends. */
export function readTranscripts(files: readonly string[], read: (file: string) => string = readFromDisk): Transcript {
  const lines: TranscriptLine[] = [];
  const invalid: InvalidLine[] = [];
  const unreadable: Transcript['unreadable'] = [];
  let base = 0;
  for (const file of files) {
    let text: string;
    try {
      text = read(file);
    } catch (err) {
      unreadable.push({ file, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
      continue;
    }
    const parsed = parseTranscript(text, basename(file));
    for (const l of parsed.lines) lines.push({ offsetMs: base + l.offsetMs, message: l.message });
    invalid.push(...parsed.invalid);
    if (parsed.lines.length > 0) base += parsed.lines[parsed.lines.length - 1]!.offsetMs + 1000;
  }
  return { lines, invalid, unreadable };
}

export interface ReplayOptions {
  files: string[];
  /** 1 = real time, 10 = ten times faster. */
  speed: number;
  loop: boolean;
  /** For tests: read a file's text (default: fs). */
  read?: (file: string) => string;
}

/** Pause between the end of one pass and the start of the next, in transcript time. */
export const LOOP_PAUSE_MS = 1000;

/** What went wrong reading the files, as a message for the console's language ('' when nothing did). */
function summarize(t: Transcript): StatusMessage | '' {
  if (t.invalid.length === 0 && t.unreadable.length === 0) return '';
  const shown = t.invalid.slice(0, 5).map((x) => `${x.file}:${x.line} ${x.reason}`);
  const unreadable = t.unreadable.map((u) => `${u.file}: ${u.reason}`).join('; ');
  // a message's text parameters are at most 500 characters (config/views.ts)
  const cut = (s: string): string => (s.length > 400 ? `${s.slice(0, 399)}…` : s);
  return say('replayProblems', t.invalid.length, cut(`${shown.join('; ')}${t.invalid.length > 5 ? '; …' : ''}`), cut(unreadable));
}

export function replaySource(opts: ReplayOptions, scheduler: SchedulerLike = asyncScheduler): ChatSource {
  const names = opts.files.map((f) => basename(f)).join(', ');
  const status = new StatusTracker(`replay`, 'replay', () => scheduler.now(), say('replayLoading', names));
  const stop$ = new Subject<void>();
  let stopped = false;
  const speed = opts.speed > 0 ? opts.speed : 1;
  /** The platforms the transcript's lines carry (at most 8), known once it is read. */
  let platforms: string[] = [];

  const messages$ = new Observable<ChatMessage>((subscriber) => {
    const transcript = readTranscripts(opts.files, opts.read);
    const problems = summarize(transcript);
    const { lines } = transcript;
    const seen = new Set<string>();
    for (const l of lines) if (seen.size < 8) seen.add(l.message.platform);
    platforms = [...seen];
    if (lines.length === 0) {
      status.set('error', say('replayNoLines', names, problems));
      subscriber.complete();
      return undefined;
    }
    const passLength = lines[lines.length - 1]!.offsetMs + LOOP_PAUSE_MS;
    const start = scheduler.now();
    // Ids are fresh per run and per pass (`demo-00001~<start in base 36>.<pass>`): a restart or a loop never repeats one.
    const runId = start.toString(36);
    let pass = 0;
    let index = 0;
    let sent = 0;
    // The count is only named at the end: the status changes per pass, not per line (the console has live counters).
    const describe = (withCount = false): StatusMessage => say('replayPlaying', names, speed, opts.loop ? pass + 1 : 0, withCount ? sent : -1, problems);
    status.set('connected', describe());

    // Emits every line that is due, then sleeps until the next one (batching keeps high speeds cheap).
    const tick = (): number | null => {
      for (;;) {
        const line = lines[index]!;
        const due = start + (pass * passLength + line.offsetMs) / speed;
        const now = scheduler.now();
        if (due > now) return Math.ceil(due - now);
        const m = line.message;
        subscriber.next({ ...m, id: `${m.id.slice(0, 100)}~${runId}.${pass}`, receivedAt: now });
        sent++;
        if (subscriber.closed) return null;
        index++;
        if (index === lines.length) {
          if (!opts.loop) {
            status.set('stopped', say('replayFinished', describe(true)));
            subscriber.complete();
            return null;
          }
          index = 0;
          pass++;
          status.detail(describe());
        }
      }
    };
    // Even the first line goes through the scheduler, so every subscriber of the shared stream sees it.
    const action = scheduler.schedule(function (this: SchedulerAction<undefined>) {
      const delay = tick();
      // a gap longer than a Node timer holds wakes up early and waits again (tick re-reads the clock)
      if (delay !== null) this.schedule(undefined, Math.min(delay, MAX_TIMER_MS));
    }, 0);
    return () => {
      action.unsubscribe();
      // Everyone left before the end: say so (a new subscriber starts a fresh run).
      if (!stopped && status.current.state === 'connected') status.set('stopped', say('replayPaused', describe(true)));
    };
  }).pipe(takeUntil(stop$), share());

  return {
    name: 'replay',
    messages$,
    modEvents$: EMPTY,
    status$: status.status$,
    platforms: () => platforms,
    stop(): void {
      if (stopped) return;
      stopped = true;
      stop$.next();
      stop$.complete();
      status.set('stopped', say('stopped', names));
    },
  };
}
