/**
 * The producers' and moderators' commands, the same for the control ws and the HTTP API: overlay
 * changes (through the reducer, with OBS cues for flash sales), moderation decisions, sensitivity,
 * terms, the FAQ and OBS. Everything it touches is passed in, so a test can run a command against
 * fakes and read what changed.
 */
import { randomUUID } from 'node:crypto';
import type { SchedulerLike, Subscription } from 'rxjs';
import type { Annotated, ChatMessage } from '../../config/chat.js';
import type { Command, ControlRole, FeedItem } from '../../config/protocol.js';
import type { AuditEntry, FaqEntry } from '../../config/views.js';
import type { FilterEngine } from '../../filters/types.js';
import { ShowrunnerError } from '../errors.js';
import { scheduleLong } from '../long-timer.js';
import type { ModerationQueue } from '../moderation/queue.js';
import type { WatchList } from '../moderation/watch.js';
import type { LiveOverlay } from '../overlay/live-overlay.js';
import { isOverlayCommand, reduceOverlay, type ReduceContext } from '../overlay/reducer.js';
import { OBS_UNAVAILABLE, type ObsLike } from '../part-types.js';
import type { Publish } from '../hub/publisher.js';
import { LOG_TEXT, type LogText } from '../log-text.js';

export interface Actor {
  readonly role: ControlRole;
  readonly actor: string;
}

/** Who runs a command the server runs itself. */
export const INTERNAL_ACTOR: Actor = { role: 'producer', actor: 'producer:internal' };

export interface CommandDeps {
  readonly now: () => number;
  /** Where a flash sale's delayed OBS cue waits. */
  readonly scheduler: SchedulerLike;
  readonly log: (line: string) => void;
  /** The log lines' language (server/log-text.ts; default English). */
  readonly logText?: LogText;
  readonly store: {
    appendAudit(entry: AuditEntry): void;
    setJson(key: string, value: unknown): void;
    upsertFaq(entry: FaqEntry): void;
    deleteFaq(id: string): boolean;
    faq(): FaqEntry[];
  };
  readonly publish: Publish;
  /** Sends an item to the live chat feed (a removed comment shows as blocked). */
  readonly feed: (item: FeedItem) => void;
  readonly toFeed: (a: Annotated) => FeedItem;
  readonly overlay: LiveOverlay;
  readonly reduceContext: () => ReduceContext;
  readonly queue: Pick<ModerationQueue, 'claim' | 'release' | 'decide' | 'undo'>;
  readonly watch: Pick<WatchList, 'remove' | 'dismiss'>;
  /** Recent shown messages (to take one back). */
  readonly recent: { shown(messageId: string): Annotated | undefined; forget(messageId: string): void };
  readonly engine: Pick<FilterEngine, 'sensitivity' | 'setSensitivity' | 'setTerm'>;
  /** The live term lists (changed in place, saved and published). */
  readonly terms: { blocked: string[]; allowed: string[] };
  /** The FAQ changed: the questions stage and auto-replies answer from `entries`. */
  readonly onFaq: (entries: FaqEntry[]) => void;
  /** Takes a comment off the platform (no-op without enforcement). */
  readonly reject: (msg: ChatMessage) => void;
  readonly obs: ObsLike | null;
  readonly overlayUrl: () => string;
  /** The audit log changed: publish it now. */
  readonly auditChanged: () => void;
  /** The audit log changed: publish it with the next upkeep tick. */
  readonly auditSoon: () => void;
}

export interface Commands {
  /** Runs one command; resolves with the result the caller gets back, rejects with a ShowrunnerError. */
  run(cmd: Command, who?: Actor): Promise<unknown>;
  /**
   * At start-up: arms the OBS cues of the sale restored with the overlay. `cued` is the stored
   * `obsCuedSale` (the sale OBS got the start cue of and not yet the end cue; undefined in a store
   * from before it was saved, when a sale past its start counts as cued). A cued sale gets its end
   * cue at endsAt, at once if it ran out while Showrunner was down; one not cued yet gets its start
   * (and end) unless it is over already.
   */
  resume(cued: string | null | undefined): void;
  /** Cancels a pending flash-sale cue. */
  stop(): void;
}

export function createCommands(d: CommandDeps): Commands {
  /** The sale's OBS cues: its start at startsAt, its end at endsAt (a sale that runs out of time has ended too). */
  let saleTimer: Subscription | null = null;
  let saleEndTimer: Subscription | null = null;
  /** The sale whose start cue OBS got and whose end cue it has not had yet: only it may cue 'sale.end'. */
  let cuedSale: string | null = null;
  /** Saved so a restart knows whether OBS still waits for the sale's end cue (commands.resume). */
  const setCued = (id: string | null): void => {
    cuedSale = id;
    d.store.setJson('obsCuedSale', id);
  };

  const cancelSaleCues = (): void => {
    saleTimer?.unsubscribe();
    saleEndTimer?.unsubscribe();
    saleTimer = saleEndTimer = null;
  };
  const endSale = (id: string): void => {
    if (cuedSale !== id) return;
    setCued(null);
    cueSale('sale.end');
  };
  /** (Re)arms the cues of the sale on the overlay after a change: a new sale, or a new end time (banner.extend). */
  const armSale = (banner: typeof d.overlay.current.banner, isNew: boolean): void => {
    if (!banner || banner.endedAt !== null) return;
    if (isNew) {
      cancelSaleCues();
      setCued(null);
      saleTimer = scheduleLong(d.scheduler, () => {
        setCued(banner.id);
        cueSale('sale.start');
      }, Math.max(0, banner.startsAt - d.now()));
    }
    saleEndTimer?.unsubscribe();
    saleEndTimer = scheduleLong(d.scheduler, () => endSale(banner.id), Math.max(0, banner.endsAt - d.now()));
  };

  const cueSale = (event: 'sale.start' | 'sale.end'): void => {
    d.obs?.cue(event).then(
      (r) => {
        const res = r as { ok?: boolean; message?: string };
        if (res.ok === false) d.log((d.logText ?? LOG_TEXT.en).obsCueNotApplied(event, res.message ?? ''));
      },
      (err: unknown) => d.log((d.logText ?? LOG_TEXT.en).obsCueFailed(event, (err as Error).message)),
    );
  };

  const audit = (actor: string, action: string, detail: string, messageId: string | null = null): void => {
    d.store.appendAudit({ id: randomUUID(), at: d.now(), actor, action, itemId: null, messageId, userName: null, waitedMs: null, detail });
  };

  /** Takes a shown comment back: off the featured slot, off the platform (enforcement on), off the watch list. */
  const removeShown = (messageId: string, actor: string): boolean => {
    const a = d.watch.remove(messageId) ?? d.recent.shown(messageId);
    if (!a) return false;
    d.recent.forget(messageId);
    if (d.overlay.current.featured?.messageId === messageId) d.overlay.update({ featured: null });
    d.reject(a.message);
    const now = d.now();
    d.store.appendAudit({ id: randomUUID(), at: now, actor, action: 'remove', itemId: null, messageId, userName: a.message.user.name, waitedMs: now - a.message.receivedAt, detail: a.verdict.reasons.map((r) => r.filter).join(', ') || 'shown comment removed' });
    d.feed({ ...d.toFeed(a), action: 'block' });
    return true;
  };

  const setFaq = (): FaqEntry[] => {
    const faq = d.store.faq();
    d.onFaq(faq);
    d.publish(['faq'], faq);
    return faq;
  };

  async function runOne(cmd: Command, who: Actor): Promise<unknown> {
    if (isOverlayCommand(cmd)) {
      const before = d.overlay.current.banner;
      d.overlay.set(reduceOverlay(d.overlay.current, cmd, d.reduceContext()));
      const after = d.overlay.current.banner;
      if (after !== before) armSale(after, cmd.kind === 'banner.start');
      if (cmd.kind === 'banner.end' && before && before.endedAt === null) {
        // ended by hand: OBS leaves the sale now (if it ever got there); a sale that had not started yet never cues
        cancelSaleCues();
        endSale(before.id);
      }
      audit(who.actor, cmd.kind, summarize(cmd));
      d.auditSoon();
      return { overlay: d.overlay.current };
    }
    switch (cmd.kind) {
      case 'moderation.claim':
        return d.queue.claim(cmd.itemId, who.actor);
      case 'moderation.release':
        d.queue.release(cmd.itemId, who.actor);
        return {};
      case 'moderation.decide': {
        const r = d.queue.decide(cmd.itemIds, cmd.decision, who.actor);
        d.auditChanged();
        return r;
      }
      case 'moderation.undo': {
        const r = d.queue.undo(cmd.decisionId, who.actor);
        d.auditChanged();
        return r;
      }
      case 'moderation.remove': {
        const removed = cmd.messageIds.filter((id) => removeShown(id, who.actor));
        d.auditChanged();
        return { removed };
      }
      case 'moderation.dismiss': {
        const dismissed = cmd.messageIds.filter((id) => d.watch.dismiss(id));
        if (dismissed.length) {
          audit(who.actor, 'dismiss', `${dismissed.length} flagged comment(s) kept`, dismissed[0] ?? null);
          d.auditSoon();
        }
        return { dismissed };
      }
      case 'sensitivity.set': {
        d.engine.setSensitivity(cmd.category, cmd.level);
        const levels = d.engine.sensitivity();
        d.store.setJson('sensitivity', levels);
        d.publish(['sensitivity'], levels);
        audit(who.actor, 'sensitivity', `${cmd.category} → ${cmd.level}`);
        d.auditSoon();
        return { sensitivity: levels };
      }
      case 'terms.set': {
        const list = cmd.list === 'blocked' ? d.terms.blocked : d.terms.allowed;
        const t = cmd.term.trim().toLowerCase();
        const i = list.indexOf(t);
        if (cmd.present && i < 0) list.push(t);
        if (!cmd.present && i >= 0) list.splice(i, 1);
        d.engine.setTerm(cmd.list, t, cmd.present);
        d.store.setJson('terms', d.terms);
        d.publish(['terms'], { blocked: [...d.terms.blocked], allowed: [...d.terms.allowed] });
        return { terms: d.terms };
      }
      case 'faq.upsert': {
        const entry: FaqEntry = { id: cmd.id ?? `faq-${d.now().toString(36)}`, keywords: cmd.keywords, answer: cmd.answer, ...(cmd.lang ? { lang: cmd.lang } : {}) };
        d.store.upsertFaq(entry);
        setFaq();
        return { entry };
      }
      case 'faq.delete': {
        if (!d.store.deleteFaq(cmd.id)) throw new ShowrunnerError('SR_NOT_FOUND', `no FAQ entry ${cmd.id}`);
        setFaq();
        return {};
      }
      case 'obs.setup':
        return d.obs ? d.obs.setup(d.overlayUrl()) : OBS_UNAVAILABLE;
      case 'obs.reconnect':
        if (!d.obs) return OBS_UNAVAILABLE;
        d.obs.start(); // connected or connecting: nothing; waiting to retry or stopped at a wrong password: now
        return { ok: true, value: undefined };
      case 'obs.refresh':
        return d.obs ? d.obs.refreshOverlay() : OBS_UNAVAILABLE;
      case 'obs.scene':
        return d.obs ? d.obs.setScene(cmd.scene) : OBS_UNAVAILABLE;
    }
    throw new ShowrunnerError('SR_BAD_REQUEST', `unknown command ${(cmd as { kind: string }).kind}`);
  }

  return {
    async run(cmd, who = INTERNAL_ACTOR) {
      const result = await runOne(cmd, who);
      // pin.set with saveToFaq also stores the answer, after the overlay changed
      if (cmd.kind === 'pin.set' && cmd.saveToFaq && cmd.question.trim()) {
        const keywords = [...new Set([cmd.question, ...(cmd.keywords ?? [])].map((k) => k.trim()).filter((k) => k !== ''))];
        await runOne({ kind: 'faq.upsert', keywords, answer: cmd.answer }, who);
      }
      return result;
    },
    resume(cued) {
      const b = d.overlay.current.banner;
      if (!b || b.endedAt !== null) return; // ended by hand: its end cue went out then
      const now = d.now();
      if (cued === undefined ? b.startsAt <= now : cued === b.id) {
        setCued(b.id);
        cancelSaleCues();
        saleEndTimer = scheduleLong(d.scheduler, () => endSale(b.id), Math.max(0, b.endsAt - now));
      } else if (b.endsAt > now) {
        armSale(b, true); // its start cue at startsAt (now if that passed while Showrunner was down)
      }
    },
    stop() {
      cancelSaleCues();
    },
  };
}

/** A command's fields for the audit log (300 chars at most). */
export function summarize(cmd: Command): string {
  const { kind: _kind, ...rest } = cmd;
  return JSON.stringify(rest).slice(0, 300);
}
