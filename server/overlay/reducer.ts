/**
 * The overlay reducer: applies one producer command to the overlay state, purely. Time is an
 * argument, and every timed thing is an absolute end time, so a reload, a reconnect or a restart
 * shows exactly the same thing.
 */
import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '../../config/chat.js';
import { stripBidi, type Command, type OverlayState, type Theme } from '../../config/protocol.js';
import type { Preset } from '../../config/schema.js';
import { ShowrunnerError } from '../errors.js';

export type OverlayCommand = Extract<Command, { kind: `countdown.${string}` | `banner.${string}` | `pin.${string}` | `feature.${string}` | 'overlay.hide' | 'overlay.lang' }>;

export interface ReduceContext {
  readonly now: number;
  readonly presets: readonly Preset[];
  /** Finds a recent message by id (already allowed or approved), PII-masked text. */
  readonly findMessage: (id: string) => ChatMessage | undefined;
  readonly maskText: (text: string) => string;
  readonly newId?: () => string;
}

export function initialOverlay(theme: Theme, lang: OverlayState['lang'] = 'en'): OverlayState {
  return { countdown: null, banner: null, pinned: null, featured: null, hidden: false, theme, topQuestions: [], mood: null, lang };
}

export function isOverlayCommand(cmd: Command): cmd is OverlayCommand {
  return /^(countdown|banner|pin|feature)\./.test(cmd.kind) || cmd.kind === 'overlay.hide' || cmd.kind === 'overlay.lang';
}

const DEFAULT_SALE_MS = 5 * 60_000;
/** How far ahead a sale may be scheduled: beyond that a start time is a slip (seconds or microseconds for milliseconds, a mistyped year). */
export const MAX_SCHEDULE_MS = 366 * 24 * 3600_000;

/** Returns the next state; throws ShowrunnerError (SR_NO_ACTIVE, SR_NOT_FOUND, SR_BAD_REQUEST) when the command cannot apply. */
export function reduceOverlay(state: OverlayState, cmd: OverlayCommand, ctx: ReduceContext): OverlayState {
  return withoutBidi(reduce(state, cmd, ctx));
}

/**
 * The state with bidi controls removed from every text the overlay shows (countdown label, banner
 * product and currency, pinned question and answer (each language's too), featured name and text, top questions).
 * Unchanged parts keep their identity, so an unchanged state is the same object.
 */
export function withoutBidi(s: OverlayState): OverlayState {
  const c = (t: string): string => stripBidi(t);
  let out = s;
  const patch = <K extends keyof OverlayState>(key: K, value: OverlayState[K]): void => {
    if (value !== s[key]) out = { ...out, [key]: value };
  };
  if (s.countdown && c(s.countdown.label) !== s.countdown.label) patch('countdown', { ...s.countdown, label: c(s.countdown.label) });
  if (s.banner && (c(s.banner.product) !== s.banner.product || c(s.banner.currency) !== s.banner.currency)) patch('banner', { ...s.banner, product: c(s.banner.product), currency: c(s.banner.currency) });
  const per = s.pinned?.answers;
  const perChanged = per !== undefined && ((per.en !== undefined && c(per.en) !== per.en) || (per.zh !== undefined && c(per.zh) !== per.zh));
  if (s.pinned && (c(s.pinned.question) !== s.pinned.question || c(s.pinned.answer) !== s.pinned.answer || perChanged))
    patch('pinned', {
      ...s.pinned,
      question: c(s.pinned.question),
      answer: c(s.pinned.answer),
      ...(per ? { answers: { ...(per.en !== undefined ? { en: c(per.en) } : {}), ...(per.zh !== undefined ? { zh: c(per.zh) } : {}) } } : {}),
    });
  if (s.featured && (c(s.featured.displayName) !== s.featured.displayName || c(s.featured.text) !== s.featured.text)) patch('featured', { ...s.featured, displayName: c(s.featured.displayName), text: c(s.featured.text) });
  if (s.topQuestions.some((q) => c(q.text) !== q.text || (q.alt !== undefined && c(q.alt) !== q.alt))) patch('topQuestions', s.topQuestions.map((q) => ({ ...q, text: c(q.text), ...(q.alt !== undefined ? { alt: c(q.alt) } : {}) })));
  return out;
}

function reduce(state: OverlayState, cmd: OverlayCommand, ctx: ReduceContext): OverlayState {
  const { now } = ctx;
  const newId = ctx.newId ?? randomUUID;
  switch (cmd.kind) {
    case 'countdown.start':
      return { ...state, countdown: { id: newId(), label: cmd.label, endsAt: now + cmd.durationMs, durationMs: cmd.durationMs, pausedRemainingMs: null } };
    case 'countdown.pause': {
      const c = requireActive(state.countdown, 'countdown');
      if (c.pausedRemainingMs !== null) return state;
      return { ...state, countdown: { ...c, pausedRemainingMs: Math.max(0, c.endsAt - now) } };
    }
    case 'countdown.resume': {
      const c = requireActive(state.countdown, 'countdown');
      if (c.pausedRemainingMs === null) return state;
      return { ...state, countdown: { ...c, endsAt: now + c.pausedRemainingMs, pausedRemainingMs: null } };
    }
    case 'countdown.extend': {
      const c = requireActive(state.countdown, 'countdown');
      if (c.pausedRemainingMs !== null) {
        return { ...state, countdown: { ...c, pausedRemainingMs: Math.max(0, c.pausedRemainingMs + cmd.byMs), durationMs: c.durationMs + cmd.byMs } };
      }
      // Extending a finished countdown restarts it from now, which is what a producer means by "+1 min".
      const base = Math.max(c.endsAt, now);
      return { ...state, countdown: { ...c, endsAt: Math.max(now, base + cmd.byMs), durationMs: c.durationMs + cmd.byMs } };
    }
    case 'countdown.clear':
      return { ...state, countdown: null };
    case 'banner.start': {
      const preset = cmd.preset ? ctx.presets.find((p) => p.id === cmd.preset) : undefined;
      if (cmd.preset && !preset) throw new ShowrunnerError('SR_NOT_FOUND', `no flash-sale preset "${cmd.preset}" (presets: ${ctx.presets.map((p) => p.id).join(', ') || 'none configured'})`);
      const product = cmd.product ?? preset?.product;
      const price = cmd.price ?? preset?.price;
      const stock = cmd.stock ?? preset?.stock;
      if (product === undefined || price === undefined || stock === undefined) {
        throw new ShowrunnerError('SR_BAD_REQUEST', 'a flash sale needs product, price and stock (or a preset that has them)');
      }
      const originalPrice = cmd.originalPrice ?? preset?.originalPrice;
      // a start past what a Date can hold stopped the console and the overlay drawing ("Invalid time value")
      if (cmd.startAt !== undefined && cmd.startAt > now + MAX_SCHEDULE_MS) throw new ShowrunnerError('SR_BAD_REQUEST', 'a sale starts within a year from now: startAt is a time in milliseconds since 1970, as Date.now() gives it at startAt');
      const startsAt = cmd.startAt !== undefined && cmd.startAt > now ? cmd.startAt : now;
      const durationMs = cmd.durationMs ?? preset?.durationMs ?? DEFAULT_SALE_MS;
      const imageUrl = cmd.imageUrl ?? preset?.imageUrl;
      return {
        ...state,
        banner: {
          id: newId(),
          product,
          ...(imageUrl ? { imageUrl } : {}),
          currency: cmd.currency ?? preset?.currency ?? '$',
          price,
          ...(originalPrice !== undefined ? { originalPrice } : {}),
          stockTotal: stock,
          stockLeft: stock,
          lowStockAt: cmd.lowStockAt ?? preset?.lowStockAt ?? Math.max(1, Math.ceil(stock * 0.1)),
          startsAt,
          endsAt: startsAt + durationMs,
          pausedRemainingMs: null,
          endedAt: null,
        },
      };
    }
    case 'banner.stock': {
      // an ended sale's stock shows nowhere (the overlay's banner has left): say so rather than change it unseen
      const b = requireOnSale(state.banner, now);
      if (cmd.stockLeft === undefined && cmd.delta === undefined) throw new ShowrunnerError('SR_BAD_REQUEST', 'banner.stock needs stockLeft or delta');
      const next = Math.max(0, cmd.stockLeft ?? b.stockLeft + (cmd.delta ?? 0));
      return { ...state, banner: { ...b, stockLeft: next, stockTotal: Math.max(b.stockTotal, next) } };
    }
    case 'banner.extend': {
      const b = requireOnSale(state.banner, now);
      if (b.pausedRemainingMs !== null) return { ...state, banner: { ...b, pausedRemainingMs: Math.max(0, b.pausedRemainingMs + cmd.byMs) } };
      return { ...state, banner: { ...b, endsAt: Math.max(now, b.startsAt, b.endsAt + cmd.byMs) } };
    }
    case 'banner.end': {
      const b = requireActive(state.banner, 'flash sale');
      if (b.endedAt !== null) return { ...state, banner: null };
      return { ...state, banner: { ...b, endedAt: now, endsAt: Math.min(b.endsAt, now) } };
    }
    case 'pin.set':
      return { ...state, pinned: { id: newId(), question: cmd.question, answer: cmd.answer, ...(cmd.answers ? { answers: cmd.answers } : {}), pinnedAt: now } };
    case 'pin.clear':
      return { ...state, pinned: null };
    case 'feature.set': {
      const msg = ctx.findMessage(cmd.messageId);
      if (!msg) throw new ShowrunnerError('SR_NOT_FOUND', `message ${cmd.messageId} is not among the recent allowed or approved messages`);
      return {
        ...state,
        featured: { id: newId(), messageId: msg.id, userId: msg.user.id, displayName: msg.user.displayName, text: ctx.maskText(msg.text), platform: msg.platform, featuredAt: now },
      };
    }
    case 'feature.clear':
      return { ...state, featured: null };
    case 'overlay.hide':
      return { ...state, hidden: cmd.hidden };
    case 'overlay.lang':
      return { ...state, lang: cmd.lang };
  }
}

function requireActive<T>(value: T | null, what: string): T {
  if (value === null) throw new ShowrunnerError('SR_NO_ACTIVE', `there is no active ${what}`);
  return value;
}

/** The flash sale, unless there is none or it has ended (by banner.end or its clock): stock and time change only on a sale still on. */
function requireOnSale(banner: OverlayState['banner'], now: number): NonNullable<OverlayState['banner']> {
  const b = requireActive(banner, 'flash sale');
  if (b.endedAt !== null || (b.pausedRemainingMs === null && now >= b.endsAt)) throw new ShowrunnerError('SR_NO_ACTIVE', 'the flash sale has ended; start a new one to sell again');
  return b;
}
