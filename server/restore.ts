/**
 * What a start reads back from the store (and writes the first time): the role tokens, the FAQ,
 * the term lists and the sensitivity levels switched from the console. Config values are the
 * fallback; a bad stored value is named or ignored, never fatal.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Config } from '../config/schema.js';
import { SensitivitySchema, type Sensitivity } from '../config/filters-config.js';
import type { FaqEntry } from '../config/views.js';
import { parseFaq } from '../insights/faq.js';
import type { Store } from './store/store.js';
import { LOG_TEXT, type LogText } from './log-text.js';

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
