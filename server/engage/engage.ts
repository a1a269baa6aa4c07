/**
 * The engagement tools at run time: one draw, one poll (or quiz) and one coupon drop at a time.
 * The app hands every verdict to `observe` and every draw./poll./coupon. command to `run`. State for
 * the pages is published under `overlay.engage` in small patches (the entry count, the poll counts),
 * timed things carry absolute end times, and a window closes by itself at its end (a long timer on
 * the injected scheduler). Draw records (seed, commitment, sorted entrants, picks) and poll results
 * go to the store; `npm run verify-draw` re-runs every stored draw.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SchedulerLike, Subscription } from 'rxjs';
import type { Annotated } from '../../config/chat.js';
import type { CouponView, DrawView, EngageConfig, EngageView, Eligibility, PollView } from '../../config/engage.js';
import { stripBidi, type Command } from '../../config/protocol.js';
import type { AuditEntry } from '../../config/views.js';
import { ShowrunnerError } from '../errors.js';
import { scheduleLong } from '../long-timer.js';
import { CHUNK, chunkKey, deleteDraw, DRAW_KEY, entrantsDigest, loadRecord, saveHeader, storedDraws, type DrawHeader } from './draw-store.js';
import { canonicalOrder, commitOf, DRAW_ALGORITHM, newSeed, shufflePrefix, type DrawRecord } from './fair.js';
import { createDrawState, createPollState, quizWinners, userKey, stepDraw, stepPoll, type DrawState, type PollState } from './tally.js';
import type { Publish } from '../hub/publisher.js';
import { LOG_TEXT, type LogText } from '../log-text.js';

export type EngageCommand = Extract<Command, { kind: `draw.${string}` | `poll.${string}` | `coupon.${string}` }>;

export function isEngageCommand(cmd: Command): cmd is EngageCommand {
  return /^(draw|poll|coupon)\./.test(cmd.kind);
}

/** Store keys: one JSON value per stored draw / poll result, and the live view. */
export { DRAW_KEY };
export const POLL_KEY = 'engage.poll:';
/**
 * A running quiz's answer, kept apart from the live view (which the overlay shows, so it has no
 * answer until the end): a restart that closes the quiz can still reveal it. Deleted at the close.
 */
export const QUIZ_KEY = 'engage.quiz:';
const QuizAnswerSchema = z.object({ correct: z.number().int().min(0) });
const VIEW_KEY = 'engage.view';
/** The counts of an open poll are saved at most this often (and at stop), so a restart keeps them. */
const SAVE_COUNTS_MS = 1000;

export interface EngageStore {
  getJson<T>(key: string): T | undefined;
  setJson(key: string, value: unknown, now?: number): void;
  deleteJson(key: string): void;
  jsonKeys(prefix: string): string[];
  jsonEntries(prefix: string): { key: string; value: unknown }[];
  appendAudit(entry: AuditEntry): void;
}

export interface EngageDeps {
  readonly config: EngageConfig;
  readonly scheduler: SchedulerLike;
  readonly store: EngageStore;
  /** Sets a value in the hub's state tree (paths start with 'overlay', 'engage'). */
  readonly publish: Publish;
  /** An audit entry was written (the app pushes the log to the console). */
  readonly onAudit?: () => void;
  readonly newSeed?: () => string;
  readonly newId?: () => string;
  readonly log?: (line: string) => void;
  /** The log lines' language (server/log-text.ts; default English). */
  readonly logText?: LogText;
}

interface OpenDraw {
  view: DrawView;
  seed: string;
  state: DrawState;
  timer: Subscription | null;
  /** Entrant changes not yet written, and the number of chunks written. */
  add: [string, string][];
  remove: string[];
  chunks: number;
}

/** The last drawn draw: what a redraw and an export need. */
interface LastDraw {
  header: DrawHeader;
  keys: readonly string[];
  nameOf: (key: string) => string;
}

interface OpenPoll {
  view: PollView;
  state: PollState;
  quiz: { correct: number; winners: number } | null;
  timer: Subscription | null;
}

const name = (s: string): string => stripBidi(s).slice(0, 128);

export class Engage {
  readonly #d: EngageDeps;
  #draw: OpenDraw | null = null;
  /** The last finished draw (for redraws and export). */
  #last: LastDraw | null = null;
  #poll: OpenPoll | null = null;
  #coupon: CouponView | null = null;
  /** A draw voided by a restart (it was taking entries), until the next draw or a clear. */
  #voidedDraw: NonNullable<EngageView['voidedDraw']> | null = null;
  /** When the open poll's counts were last saved, and whether votes came since. */
  #countsSavedAt = -Infinity;
  #countsDirty = false;
  /** The save that follows a burst of votes (so the last ones are saved within a second, crash or not). */
  #countsTimer: Subscription | null = null;

  constructor(deps: EngageDeps) {
    this.#d = deps;
    const saved = deps.store.getJson<EngageView>(VIEW_KEY);
    // After a restart the pages show what they showed; an entry window that was open is not resumed
    // (its entrants were in memory), so it is shown as void rather than drawn from a partial list.
    if (saved?.coupon) this.#coupon = saved.coupon;
    if (saved?.draw?.phase === 'open') this.#voidedDraw = this.#voidAtRestart(saved.draw);
    else if (saved?.voidedDraw) this.#voidedDraw = saved.voidedDraw;
    if (saved?.draw?.phase === 'drawn') {
      const rec = loadRecord(deps.store, saved.draw.id)?.record;
      if (rec) {
        const names = new Map(rec.entrants.map((k, i) => [k, rec.names[i] ?? k]));
        const { entrants, names: _n, ...rest } = rec;
        this.#last = { header: { ...rest, count: entrants.length, digest: entrantsDigest(entrants) }, keys: entrants, nameOf: (k) => names.get(k) ?? k };
      }
    }
    // A poll that was open is closed with the counts last saved (its voters were in memory, so it
    // cannot take votes on faithfully: a second vote from the same viewer would count); the result
    // is stored and audited as any other, marked closedByRestart so the console says so.
    const poll = saved?.poll?.phase === 'open' ? this.#closeAtRestart(saved.poll) : saved?.poll?.phase === 'closed' ? saved.poll : null;
    this.#publishAll(saved ? { draw: saved.draw?.phase === 'drawn' ? saved.draw : null, poll, coupon: this.#coupon } : null);
  }

  #closeAtRestart(open: PollView): PollView {
    const now = this.#now();
    // a quiz reveals the answer set when it opened; its winners cannot be named (who answered what was in memory)
    const saved = open.quiz ? QuizAnswerSchema.safeParse(this.#d.store.getJson(`${QUIZ_KEY}${open.id}`)) : null;
    const correct = saved?.success && saved.data.correct < open.options.length ? saved.data.correct : null;
    this.#d.store.deleteJson(`${QUIZ_KEY}${open.id}`);
    const view: PollView = { ...open, phase: 'closed', endsAt: Math.min(open.endsAt, now), correct, winners: [], closedByRestart: true };
    this.#d.store.setJson(`${POLL_KEY}${view.id}`, { ...view, closedAt: now, voters: null, excluded: {} }, now);
    this.#audit('engage', 'poll.result', `${view.question}: ${view.options.map((o, i) => `${o} ${view.counts[i] ?? 0}`).join(', ')}${correct !== null ? `; correct ${correct + 1}` : ''}; closed by a restart (counts as last saved${view.quiz ? '; no quiz winners: who answered was not saved' : ''})`);
    this.#d.log?.((this.#d.logText ?? LOG_TEXT.en).pollClosedAtRestart(view.question));
    return view;
  }

  #voidAtRestart(open: DrawView): NonNullable<EngageView['voidedDraw']> {
    const now = this.#now();
    this.#audit('engage', 'draw.void', `"${open.keyword}" was taking entries at the restart: voided, not drawn (its entry list was not saved in full; commit ${open.commit})`);
    this.#d.log?.((this.#d.logText ?? LOG_TEXT.en).drawVoidedAtRestart(open.keyword));
    return { id: open.id, keyword: open.keyword, prize: open.prize, at: now };
  }

  #now(): number {
    return this.#d.scheduler.now();
  }

  get view(): EngageView {
    return { draw: this.#draw?.view ?? this.#lastDrawView, poll: this.#poll?.view ?? this.#lastPollView, coupon: this.#coupon, voidedDraw: this.#voidedDraw };
  }

  #lastDrawView: DrawView | null = null;
  #lastPollView: PollView | null = null;

  #publishAll(v: EngageView | null): void {
    if (v) {
      this.#lastDrawView = v.draw;
      this.#lastPollView = v.poll;
    }
    const view = this.view;
    this.#d.publish(['overlay', 'engage'], view);
    this.#d.store.setJson(VIEW_KEY, view, this.#now());
    this.#countsDirty = false;
  }

  /** One verdict from the pipeline. O(1); nothing happens unless a window is open. */
  observe(a: Annotated): void {
    const now = this.#now();
    const d = this.#draw;
    const before = d?.state.entries.size ?? 0;
    if (d && d.view.phase === 'open' && now < d.view.endsAt && stepDraw(d.state, a, now)) {
      const key = userKey(a);
      if (d.state.entries.size > before) d.add.push([key, a.message.user.displayName]);
      else d.remove.push(key);
      if (d.add.length + d.remove.length >= CHUNK) this.#flushChunk(d);
      d.view = { ...d.view, entries: d.state.entries.size };
      this.#d.publish(['overlay', 'engage', 'draw', 'entries'], d.view.entries);
    }
    const p = this.#poll;
    if (p && p.view.phase === 'open' && now < p.view.endsAt && stepPoll(p.state, a)) {
      p.view = { ...p.view, counts: [...p.state.counts] };
      this.#d.publish(['overlay', 'engage', 'poll', 'counts'], p.view.counts);
      this.#countsDirty = true;
      if (now - this.#countsSavedAt >= SAVE_COUNTS_MS) this.#saveCounts(now);
      else this.#countsTimer ??= this.#d.scheduler.schedule(() => {
        this.#countsTimer = null;
        if (this.#countsDirty) this.#saveCounts(this.#now());
      }, this.#countsSavedAt + SAVE_COUNTS_MS - now);
    }
  }

  /** Writes the live view with the open poll's counts (at most once a second; a restart closes the poll with them). */
  #saveCounts(now: number): void {
    this.#countsSavedAt = now;
    this.#countsDirty = false;
    this.#d.store.setJson(VIEW_KEY, this.view, now);
  }

  run(cmd: EngageCommand, actor: string): unknown {
    const result = this.#run(cmd);
    if (cmd.kind !== 'draw.export') this.#audit(actor, cmd.kind, summarize(cmd, result));
    return result;
  }

  #run(cmd: EngageCommand): unknown {
    const now = this.#now();
    const cfg = this.#d.config;
    switch (cmd.kind) {
      case 'draw.open': {
        if (this.#draw?.view.phase === 'open') throw new ShowrunnerError('SR_BAD_REQUEST', 'a draw is already taking entries: close it first (draw.close)');
        const preset = pick(cfg.draws, cmd.preset, 'draw');
        const keyword = cmd.keyword ?? preset?.keyword;
        const durationMs = cmd.durationMs ?? preset?.durationMs;
        if (!keyword || !durationMs) throw new ShowrunnerError('SR_BAD_REQUEST', 'a draw needs a keyword and a duration (or a preset that has them)');
        const eligibility: Eligibility = { excludeFirstTime: false, subscribersOnly: false, ...preset?.eligibility, ...cmd.eligibility };
        const seed = (this.#d.newSeed ?? newSeed)();
        const view: DrawView = {
          id: (this.#d.newId ?? randomUUID)(),
          keyword: name(keyword),
          prize: name(cmd.prize ?? preset?.prize ?? ''),
          winnersWanted: cmd.winners ?? preset?.winners ?? 1,
          phase: 'open',
          opensAt: now,
          endsAt: now + durationMs,
          entries: 0,
          commit: commitOf(seed),
          seed: null,
          winners: [],
          drawnAt: null,
        };
        this.#draw?.timer?.unsubscribe();
        this.#voidedDraw = null;
        this.#draw = { view, seed, state: createDrawState(keyword, eligibility, cfg.maxEntrants), timer: null, add: [], remove: [], chunks: 0 };
        this.#draw.timer = scheduleLong(this.#d.scheduler, () => this.#closeDraw(), durationMs);
        // the commitment is stored before the first entry can arrive
        this.#d.store.setJson(`engage.commit:${view.id}`, { commit: view.commit, opensAt: now }, now);
        this.#publishAll(null);
        return { draw: view, eligibility };
      }
      case 'draw.close': {
        if (this.#draw?.view.phase !== 'open') throw new ShowrunnerError('SR_NO_ACTIVE', 'there is no draw taking entries');
        return { draw: this.#closeDraw() };
      }
      case 'draw.redraw': {
        const last = this.#last;
        const d = this.#lastDrawView;
        if (!last || !d || d.id !== last.header.id) throw new ShowrunnerError('SR_NO_ACTIVE', 'there is no drawn draw to redraw from');
        const active = d.winners.filter((w) => !w.replaced);
        if (!active.some((w) => w.key === cmd.userKey)) throw new ShowrunnerError('SR_NOT_FOUND', `${cmd.userKey} is not a current winner of this draw`);
        const { picks } = last.header;
        if (picks.length >= last.keys.length) throw new ShowrunnerError('SR_NO_ACTIVE', 'every entrant has been drawn already');
        const next = last.keys[shufflePrefix(last.header.seed, last.keys, picks.length + 1)[picks.length] as number] as string;
        last.header = { ...last.header, picks: [...picks, next], replaced: [...last.header.replaced, cmd.userKey] };
        saveHeader(this.#d.store, last.header, now);
        const nextName = name(last.nameOf(next));
        const winners = [...d.winners.map((w) => (w.key === cmd.userKey ? { ...w, replaced: true } : w)), { key: next, name: nextName, replaced: false }];
        this.#lastDrawView = { ...d, winners };
        this.#publishAll(null);
        return { replaced: cmd.userKey, winner: { key: next, name: nextName } };
      }
      case 'draw.clear': {
        this.#draw?.timer?.unsubscribe();
        this.#draw = null;
        this.#voidedDraw = null;
        this.#lastDrawView = null;
        this.#publishAll(null);
        return {};
      }
      case 'draw.export': {
        const id = cmd.drawId ?? this.#last?.header.id;
        const rec = id === undefined ? undefined : loadRecord(this.#d.store, id)?.record;
        if (!rec) throw new ShowrunnerError('SR_NOT_FOUND', cmd.drawId ? `no stored draw ${cmd.drawId}` : 'no draw has been drawn yet');
        return cmd.format === 'csv' ? { format: 'csv', body: drawCsv(rec) } : { format: 'json', body: rec };
      }
      case 'poll.open': {
        if (this.#poll?.view.phase === 'open') throw new ShowrunnerError('SR_BAD_REQUEST', 'a poll is already open: close it first (poll.close)');
        const preset = pick(cfg.polls, cmd.preset, 'poll');
        const question = cmd.question ?? preset?.question;
        const options = cmd.options ?? preset?.options;
        const durationMs = cmd.durationMs ?? preset?.durationMs;
        if (!question || !options || !durationMs) throw new ShowrunnerError('SR_BAD_REQUEST', 'a poll needs a question, 2 to 6 options and a duration (or a preset that has them)');
        const quiz = cmd.quiz ?? preset?.quiz ?? null;
        if (quiz && quiz.correct >= options.length) throw new ShowrunnerError('SR_BAD_REQUEST', `the correct answer is option ${quiz.correct + 1}, but there are ${options.length} options`);
        const eligibility: Eligibility = { excludeFirstTime: false, subscribersOnly: false, ...preset?.eligibility, ...cmd.eligibility };
        const view: PollView = {
          id: (this.#d.newId ?? randomUUID)(),
          question: name(question),
          options: options.map((o) => name(o.label)),
          counts: options.map(() => 0),
          phase: 'open',
          opensAt: now,
          endsAt: now + durationMs,
          quiz: quiz !== null,
          correct: null,
          winners: [],
        };
        this.#poll?.timer?.unsubscribe();
        if (this.#poll) this.#d.store.deleteJson(`${QUIZ_KEY}${this.#poll.view.id}`);
        if (quiz) this.#d.store.setJson(`${QUIZ_KEY}${view.id}`, { correct: quiz.correct }, now);
        this.#poll = { view, state: createPollState(options, cmd.counts ?? preset?.counts ?? 'first', eligibility, cfg.maxEntrants), quiz, timer: null };
        this.#poll.timer = scheduleLong(this.#d.scheduler, () => this.#closePoll(), durationMs);
        this.#publishAll(null);
        return { poll: view };
      }
      case 'poll.close': {
        if (this.#poll?.view.phase !== 'open') throw new ShowrunnerError('SR_NO_ACTIVE', 'there is no open poll');
        return { poll: this.#closePoll() };
      }
      case 'poll.clear': {
        this.#poll?.timer?.unsubscribe();
        if (this.#poll) this.#d.store.deleteJson(`${QUIZ_KEY}${this.#poll.view.id}`);
        this.#poll = null;
        this.#lastPollView = null;
        this.#publishAll(null);
        return {};
      }
      case 'coupon.start': {
        const preset = pick(cfg.coupons, cmd.preset, 'coupon');
        const text = cmd.text ?? preset?.text;
        const durationMs = cmd.durationMs ?? preset?.durationMs;
        if (!text || !durationMs) throw new ShowrunnerError('SR_BAD_REQUEST', 'a coupon drop needs a text and a duration (or a preset that has them)');
        this.#coupon = { id: (this.#d.newId ?? randomUUID)(), code: name(cmd.code ?? preset?.code ?? ''), text: name(text), startsAt: now, endsAt: now + durationMs, total: cmd.total ?? preset?.total ?? 0, claimed: 0, endedAt: null };
        this.#publishAll(null);
        return { coupon: this.#coupon };
      }
      case 'coupon.claim': {
        const c = this.#coupon;
        if (!c || c.endedAt !== null) throw new ShowrunnerError('SR_NO_ACTIVE', 'there is no coupon drop running');
        if (cmd.claimed === undefined && cmd.delta === undefined) throw new ShowrunnerError('SR_BAD_REQUEST', 'coupon.claim needs claimed or delta');
        let claimed = Math.max(0, cmd.claimed ?? c.claimed + (cmd.delta ?? 0));
        if (c.total > 0) claimed = Math.min(c.total, claimed);
        this.#coupon = { ...c, claimed };
        this.#d.publish(['overlay', 'engage', 'coupon', 'claimed'], claimed);
        this.#d.store.setJson(VIEW_KEY, this.view, now);
        return { coupon: this.#coupon };
      }
      case 'coupon.end': {
        const c = this.#coupon;
        if (!c) throw new ShowrunnerError('SR_NO_ACTIVE', 'there is no coupon drop');
        this.#coupon = c.endedAt === null ? { ...c, endedAt: now, endsAt: Math.min(c.endsAt, now) } : null;
        this.#publishAll(null);
        return { coupon: this.#coupon };
      }
    }
  }

  /** Ends the entry window and draws: sorted eligible entrants, the committed shuffle, the seed revealed. */
  #closeDraw(): DrawView {
    const d = this.#draw;
    if (!d || d.view.phase !== 'open') throw new ShowrunnerError('SR_NO_ACTIVE', 'there is no draw taking entries');
    d.timer?.unsubscribe();
    const now = this.#now();
    this.#flushChunk(d);
    const { header, keys } = drawFrom(d, now);
    saveHeader(this.#d.store, header, now);
    const entries = d.state.entries;
    this.#last = { header, keys, nameOf: (k) => entries.get(k)?.name ?? k };
    const view: DrawView = { ...d.view, phase: 'drawn', endsAt: Math.min(d.view.endsAt, now), seed: d.seed, entries: keys.length, drawnAt: now, winners: header.picks.map((k) => ({ key: k, name: name(entries.get(k)?.name ?? k), replaced: false })) };
    this.#draw = null;
    this.#lastDrawView = view;
    this.#publishAll(null);
    this.#audit('engage', 'draw.drawn', `${keys.length} entrants, winners ${view.winners.map((w) => w.name).join(', ') || 'none'}; seed ${header.seed} (commit ${header.commit})`);
    this.#trimDraws();
    return view;
  }

  #flushChunk(d: OpenDraw): void {
    if (d.add.length === 0 && d.remove.length === 0) return;
    this.#d.store.setJson(chunkKey(d.view.id, d.chunks++), { add: d.add, remove: d.remove }, this.#now());
    d.add = [];
    d.remove = [];
  }

  /** Keeps the newest `keepDraws` stored draws. */
  #trimDraws(): void {
    const ids = storedDraws(this.#d.store);
    if (ids.length <= this.#d.config.keepDraws) return;
    const dated = ids.map((id) => ({ id, at: this.#d.store.getJson<DrawHeader>(`${DRAW_KEY}${id}`)?.closedAt ?? 0 })).sort((a, b) => a.at - b.at);
    for (const { id } of dated.slice(0, ids.length - this.#d.config.keepDraws)) deleteDraw(this.#d.store, id);
  }

  #closePoll(): PollView {
    const p = this.#poll;
    if (!p || p.view.phase !== 'open') throw new ShowrunnerError('SR_NO_ACTIVE', 'there is no open poll');
    p.timer?.unsubscribe();
    const now = this.#now();
    const winners = p.quiz ? quizWinners(p.state, p.quiz.correct, p.quiz.winners) : [];
    const view: PollView = { ...p.view, phase: 'closed', endsAt: Math.min(p.view.endsAt, now), counts: [...p.state.counts], correct: p.quiz?.correct ?? null, winners };
    this.#d.store.setJson(`${POLL_KEY}${view.id}`, { ...view, closedAt: now, voters: p.state.votes.size, excluded: p.state.excluded }, now);
    this.#d.store.deleteJson(`${QUIZ_KEY}${view.id}`);
    this.#poll = null;
    this.#lastPollView = view;
    this.#publishAll(null);
    this.#audit('engage', 'poll.result', `${view.question}: ${view.options.map((o, i) => `${o} ${view.counts[i] ?? 0}`).join(', ')}${p.quiz ? `; correct ${p.quiz.correct + 1}, winners ${winners.map((w) => w.name).join(', ') || 'none'}` : ''}`);
    return view;
  }

  /** Excluded entries/votes of the open draw and poll, by reason (for the console). */
  excluded(): { draw: Record<string, number> | null; poll: Record<string, number> | null } {
    return { draw: this.#draw ? { ...this.#draw.state.excluded } : (this.#last?.header.excluded ?? null), poll: this.#poll ? { ...this.#poll.state.excluded } : null };
  }

  #audit(actor: string, action: string, detail: string): void {
    this.#d.store.appendAudit({ id: randomUUID(), at: this.#now(), actor, action, itemId: null, messageId: null, userName: null, waitedMs: null, detail: detail.slice(0, 300) });
    this.#d.onAudit?.();
  }

  stop(): void {
    this.#draw?.timer?.unsubscribe();
    this.#poll?.timer?.unsubscribe();
    this.#countsTimer?.unsubscribe();
    this.#countsTimer = null;
    if (this.#countsDirty) this.#saveCounts(this.#now());
  }
}

/** The header of a draw at close (the entrants are in the chunks): the first picks of the committed shuffle. */
export function drawFrom(d: { view: DrawView; seed: string; state: DrawState }, closedAt: number): { header: DrawHeader; keys: string[] } {
  const keys = canonicalOrder([...d.state.entries.keys()]);
  const picks = shufflePrefix(d.seed, keys, d.view.winnersWanted).map((i) => keys[i] as string);
  const header: DrawHeader = {
    id: d.view.id,
    algorithm: DRAW_ALGORITHM,
    commit: d.view.commit,
    seed: d.seed,
    keyword: d.view.keyword,
    prize: d.view.prize,
    openedAt: d.view.opensAt,
    closedAt,
    winnersWanted: d.view.winnersWanted,
    picks,
    replaced: [],
    excluded: { ...d.state.excluded },
    count: keys.length,
    digest: entrantsDigest(keys),
  };
  return { header, keys };
}

function pick<T extends { id: string }>(list: readonly T[], id: string | undefined, what: string): T | undefined {
  if (!id) return undefined;
  const p = list.find((x) => x.id === id);
  if (!p) throw new ShowrunnerError('SR_NOT_FOUND', `no ${what} preset "${id}" (presets: ${list.map((x) => x.id).join(', ') || 'none configured'})`);
  return p;
}

/** CSV of a draw: one row per entrant, with its pick position (1-based) if drawn. Cells are quoted; formula starts are defused. */
export function drawCsv(r: DrawRecord): string {
  const cell = (v: string | number): string => {
    const s = String(v);
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return `"${safe.replace(/"/g, '""')}"`;
  };
  const pos = new Map(r.picks.map((k, i) => [k, i + 1]));
  const replaced = new Set(r.replaced);
  const head = [`# draw ${r.id}`, `# ${r.algorithm}`, `# commit ${r.commit}`, `# seed ${r.seed}`].join('\n');
  const rows = r.entrants.map((key, i) => [cell(key), cell(r.names[i] ?? ''), cell(pos.get(key) ?? ''), cell(replaced.has(key) ? 'no-show' : pos.has(key) ? 'winner' : '')].join(','));
  return `${head}\nkey,name,pick,status\n${rows.join('\n')}\n`;
}

function summarize(cmd: EngageCommand, result: unknown): string {
  const { kind: _k, ...rest } = cmd;
  const r = result as { draw?: DrawView } | undefined;
  return JSON.stringify(r?.draw?.commit && cmd.kind === 'draw.open' ? { ...rest, commit: r.draw.commit } : rest);
}
