/**
 * What a start reads back from the store (and writes the first time): the role tokens, the FAQ,
 * the term lists and the sensitivity levels switched from the console. Config values are the
 * fallback; a bad stored value is named or ignored, never fatal.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { MAX_TIME_MS } from '../config/chat.js';
import type { OverlayState, Theme } from '../config/protocol.js';
import type { Config } from '../config/schema.js';
import { SensitivitySchema, type Sensitivity } from '../config/filters-config.js';
import type { FaqEntry } from '../config/views.js';
import { parseFaq } from '../insights/faq.js';
import type { Store } from './store/store.js';
import { LOG_TEXT, type LogText } from './log-text.js';
import { restoreOverlay } from './overlay/live-overlay.js';

export const TOKEN_ROLES = ['host', 'moderator', 'producer', 'ingest'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** The FAQ file prepared before the stream (format and checks: insights/faq.ts). A bad file is named, not fatal. */
export function loadFaqFile(path: string, log: (l: string) => void, text: LogText = LOG_TEXT.en): FaqEntry[] {
  if (!existsSync(path)) return [];
  try {
    return parseFaq(readFileSync(path, 'utf8'));
  } catch (err) {
    const issue = err instanceof z.ZodError ? err.issues[0] : undefined;
    log(text.faqInvalid(path, issue ? `${issue.message} at ${issue.path.join('.')}` : (err as Error).message));
    return [];
  }
}

/** The stored FAQ; on the first start, the FAQ file (then stored). */
export function restoreFaq(store: Store, file: string, log: (l: string) => void, text: LogText = LOG_TEXT.en): FaqEntry[] {
  const stored = store.faq();
  if (stored.length > 0) return stored;
  const faq = loadFaqFile(file, log, text);
  for (const e of faq) store.upsertFaq(e);
  return faq;
}

/** Tokens from the config, else the stored ones, else new random ones (stored for the next start). */
export function resolveTokens(config: Config, store: Store): Record<TokenRole, string> {
  const saved = store.getJson<Partial<Record<string, string>>>('tokens') ?? {};
  const out = {} as Record<TokenRole, string>;
  let changed = false;
  for (const r of TOKEN_ROLES) {
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

/** The term lists as last edited from the console (the config's on the first start). */
export function restoreTerms(config: Config, store: Store): { blocked: string[]; allowed: string[] } {
  return store.getJson<{ blocked: string[]; allowed: string[] }>('terms') ?? { blocked: [...config.filters.blockedTerms], allowed: [...config.filters.allowedTerms] };
}

/** Levels switched from the console outlive a restart (a bad stored value falls back to the config). */
export function restoreSensitivity(config: Config, store: Store): Sensitivity {
  const stored = store.getJson('sensitivity');
  const saved = stored === undefined ? null : SensitivitySchema.safeParse(stored);
  return saved?.success ? saved.data : config.filters.sensitivity;
}

/**
 * The flash sale OBS got the start cue of and not yet the end cue (commands.resume); undefined in a
 * store from before it was saved, or when the stored value is not a sale id or null.
 */
export function restoreCuedSale(store: Store): string | null | undefined {
  const parsed = z.string().nullable().safeParse(store.getJson('obsCuedSale'));
  return parsed.success ? parsed.data : undefined;
}

/** A time a Date can hold (ms since 1970, ±8.64e15); past it the pages threw "Invalid time value" on every frame. */
const isDateTime = (t: unknown): boolean => typeof t === 'number' && Number.isFinite(t) && Math.abs(t) <= MAX_TIME_MS;
/** A length of time that is a number a page can subtract and print (null where the field allows it). */
const isSpan = (t: unknown, nullable: boolean): boolean => (nullable && t === null) || (typeof t === 'number' && Number.isFinite(t) && t >= 0 && t <= MAX_TIME_MS);

/** The first field of a saved countdown or banner that is not a valid time, if any. */
function badTimeField(part: 'banner' | 'countdown', v: Record<string, unknown>): string | undefined {
  if (part === 'countdown') {
    if (!isDateTime(v.endsAt)) return 'endsAt';
    if (!isSpan(v.durationMs, false)) return 'durationMs';
    if (v.pausedRemainingMs !== undefined && !isSpan(v.pausedRemainingMs, true)) return 'pausedRemainingMs';
    return undefined;
  }
  for (const f of ['startsAt', 'endsAt'] as const) if (!isDateTime(v[f])) return f;
  if (v.endedAt !== null && !isDateTime(v.endedAt)) return 'endedAt';
  // older versions saved no pausedRemainingMs (the schema's default is null)
  if (v.pausedRemainingMs !== undefined && !isSpan(v.pausedRemainingMs, true)) return 'pausedRemainingMs';
  return undefined;
}

/**
 * The overlay as saved, over the defaults (restoreOverlay). A version before the start-time checks
 * (c39b4bc, a2ecdc5) could save a countdown or sale whose times are no date (1e300, 8.7e15, or null
 * for Infinity): that one is cleared with a log line, and the cleared state saved, rather than
 * breaking the console and the overlay after every restart. A saved value that is not an object is ignored.
 */
export function restoreOverlayState(store: Store, theme: Theme, lang: OverlayState['lang'], log: (l: string) => void, text: LogText = LOG_TEXT.en): OverlayState {
  const raw = store.getJson<unknown>('overlay');
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return restoreOverlay(undefined, theme, lang);
  const saved = { ...(raw as Record<string, unknown>) };
  let cleared = false;
  for (const part of ['countdown', 'banner'] as const) {
    const v = saved[part];
    if (v === null || v === undefined) continue;
    const bad = typeof v === 'object' && !Array.isArray(v) ? badTimeField(part, v as Record<string, unknown>) : 'value';
    if (bad === undefined) continue;
    log(text.overlayTimeDropped(part, bad));
    saved[part] = null;
    cleared = true;
  }
  const state = restoreOverlay(saved as OverlayState, theme, lang);
  if (cleared) store.setJson('overlay', { ...state, topQuestions: [], mood: null });
  return state;
}
