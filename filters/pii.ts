/**
 * Personal data in chat: phone numbers (international E.164 numbers written with "+", Chinese mobile
 * numbers with or without +86, domestic forms with separators), e-mail addresses, Chinese resident
 * ID numbers (18 characters, the last a checksum digit or X, checksum verified), and order /
 * tracking numbers by configurable patterns.
 *
 * One compiled object per PiiConfig: `compilePii(cfg)` gives `detect` (findings, held by the
 * default policy) and `mask` (the text to show: overlay, console, logs), built from the same
 * patterns, so whatever is held for personal data is also masked where it is shown.
 *
 * Masking keeps the length: every UTF-16 unit of a hit becomes one '•', so a finding's span
 * (offsets into the raw text) marks the same characters in the masked text; the console can draw
 * highlights on masked text directly. `maskPii(text)` is the same masker with the default config.
 *
 * Phone numbers: "+<country code> ..." with 7 to 15 digits in all (E.164) and single spaces, dashes,
 * dots or parentheses between groups is "phone number"; "Chinese mobile number" only for +86 /
 * 0086 / bare 1[3-9]x xxxx xxxx. The whole number is one hit, its "+49" included.
 * Ignores: prices ("¥199.00", "$19.90"), sizes ("38码"), quantities ("3x4"), years, dates and times
 * ("2024-11-05 10:30"), short numbers, "+1" votes, 18-digit runs whose ID checksum fails.
 */
import type { Finding } from '../config/chat.js';
import { PiiConfigSchema, type PiiConfig } from '../config/filters-config.js';
import type { TextStats } from './text-stats.js';

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/gi;
/** Chinese mobile: optional +86 / 0086, then 1[3-9]x xxxx xxxx with optional separators. */
const CN_MOBILE = /(?<![\d])(?:(?:\+|00)86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?![\d])/g;
/** International (E.164 as people write it): +CC, then groups with one space, dash or dot, or in parentheses. */
const INTL_PHONE = /(?<![\w+])\+\(?\d{1,3}\)?(?:[ .\-\u00a0]?\(?\d{1,6}\)?){1,7}(?![\d])/g;
/** E.164: at most 15 digits; fewer than 7 is a score or a vote ("+1", "+100"), not a number. */
const INTL_MIN_DIGITS = 7;
const INTL_MAX_DIGITS = 15;
const CN_NATIONAL = /^1[3-9]\d{9}$/;
/** Domestic forms with separators: (555) 123-4567, 555-123-4567, 010-12345678. */
const LOCAL_PHONE = /(?<![\d])(?:\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4}|0\d{2,3}-\d{7,8})(?![\d])/g;
const CN_ID = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** True when an 18-character Chinese resident ID has a valid ISO 7064 checksum and a plausible birth date. */
export function validChineseId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  if (ID_CHECK[sum % 11] !== id[17]!.toUpperCase()) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

export interface PiiHit {
  readonly kind: 'phone' | 'email' | 'id' | 'order';
  readonly span: [number, number];
  readonly label: string;
}

/** Detection and masking compiled once from one PiiConfig. */
export interface CompiledPii {
  readonly cfg: PiiConfig;
  readonly orders: readonly { name: string; re: RegExp }[];
  /** One finding per piece of personal data (the detail never repeats the data), appended to `out`. */
  detect(text: string, out?: Finding[]): Finding[];
  /**
   * `text` for display with every piece of personal data masked: what `detect` finds, the spans of
   * any privacy.* `findings` given (the ones the message was held for), and, as a safety net, long
   * digit runs (9+ digits in groups of 3+, such as card numbers). Same length as `text`: one '•'
   * per UTF-16 unit, so finding spans stay valid on the masked text.
   */
  mask(text: string, findings?: readonly Finding[]): string;
}

/** Compiles the configured patterns once (the config schema has already checked they compile). */
export function compilePii(cfg: PiiConfig): CompiledPii {
  const pii: CompiledPii = {
    cfg,
    orders: cfg.orderPatterns.map((p) => ({ name: p.name, re: new RegExp(p.pattern, `${p.flags.replace('g', '')}g`) })),
    detect: (text, out = []) => detectPii(text, pii, out),
    mask: (text, findings) => maskSpans(text, findings, pii),
  };
  return pii;
}

function overlaps(hits: readonly PiiHit[], s: number, e: number): boolean {
  return hits.some((h) => s < h.span[1] && e > h.span[0]);
}

/** Digits in `text` (ASCII), counting at most up to `enough`. */
function countDigits(text: string, enough: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n < enough; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * International numbers: each "+…" run, cut back at a group boundary to at most 15 digits (a
 * number followed by a year is still the number), kept with 7+ digits. Labelled "Chinese mobile
 * number" for +86 1[3-9]x…, else "phone number".
 */
function addIntl(text: string, hits: PiiHit[]): void {
  INTL_PHONE.lastIndex = 0;
  for (const m of text.matchAll(INTL_PHONE)) {
    let run = m[0];
    let digits = run.replace(/\D/g, '');
    while (digits.length > INTL_MAX_DIGITS) {
      const cut = run.search(/[ .\-\u00a0(]*\(?\d+\)?$/);
      if (cut <= 1) break;
      run = run.slice(0, cut);
      digits = run.replace(/\D/g, '');
    }
    if (digits.length < INTL_MIN_DIGITS || digits.length > INTL_MAX_DIGITS) continue;
    const s = m.index;
    const e = s + run.length;
    if (overlaps(hits, s, e)) continue;
    const label = digits.startsWith('86') && CN_NATIONAL.test(digits.slice(2)) ? 'Chinese mobile number' : 'phone number';
    hits.push({ kind: 'phone', span: [s, e], label });
  }
}

/** Appends the matches of `re` in `text` that overlap no earlier hit (`label` null: not this kind after all). */
function addHits(text: string, hits: PiiHit[], kind: PiiHit['kind'], re: RegExp, label: string | ((m: string) => string | null)): void {
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    const s = m.index;
    const e = s + m[0].length;
    if (overlaps(hits, s, e)) continue;
    const l = typeof label === 'string' ? label : label(m[0]);
    if (l !== null) hits.push({ kind, span: [s, e], label: l });
  }
}

/**
 * Every piece of personal data in `text`, without overlaps (e-mails, then IDs, then phones, then
 * orders). Texts with fewer than 4 digits skip the phone, ID and order patterns (none of them exists
 * without digits), so most chat lines cost one character scan.
 */
export function findPii(text: string, pii: CompiledPii, stats?: Pick<TextStats, 'asciiDigits' | 'hasAt'>): PiiHit[] {
  // the prepared message's stats know both without another scan
  const hasDigits = stats ? stats.asciiDigits >= 4 : countDigits(text, 4) >= 4;
  const hasAt = stats ? stats.hasAt : text.includes('@');
  if (!hasDigits && !hasAt) return [];
  const hits: PiiHit[] = [];
  const { cfg } = pii;
  if (cfg.email && hasAt) addHits(text, hits, 'email', EMAIL, 'e-mail address');
  if (hasDigits) {
    if (cfg.chineseId) addHits(text, hits, 'id', CN_ID, (m) => (validChineseId(m) ? 'Chinese ID number' : null));
    if (cfg.phone) {
      // International first: "+49 151 23456789" is one German number, not a Chinese mobile 151… after a visible "+49".
      if (text.includes('+')) addIntl(text, hits);
      addHits(text, hits, 'phone', CN_MOBILE, 'Chinese mobile number');
      addHits(text, hits, 'phone', LOCAL_PHONE, 'phone number');
    }
  }
  if (hasDigits) for (const o of pii.orders) addHits(text, hits, 'order', o.re, o.name);
  return hits.sort((a, b) => a.span[0] - b.span[0]);
}

const KIND_FILTER = { phone: 'privacy.phone', email: 'privacy.email', id: 'privacy.id', order: 'privacy.order' } as const;

/** One finding per piece of personal data (the detail never repeats the data itself), appended to `out`. `stats`: textStats(text), when known. */
export function detectPii(text: string, pii: CompiledPii, out: Finding[] = [], stats?: Pick<TextStats, 'asciiDigits' | 'hasAt'>): Finding[] {
  for (const h of findPii(text, pii, stats)) {
    out.push({ filter: KIND_FILTER[h.kind], severity: h.kind === 'id' ? 'high' : 'medium', detail: `${h.label} (${h.span[1] - h.span[0]} characters)`, span: h.span });
  }
  return out;
}

/** The masker with the default config (filters.pii defaults). */
const DEFAULT_PII = compilePii(PiiConfigSchema.parse({}));

/** Long digit runs (9+ digits, groups of 3+ split by one space or dash): card and account numbers. Dates and times have shorter groups. */
const LONG_DIGITS = /(?<![\d.,:])\d{3,}(?:[ -]\d{3,})*(?![\d.,:])/g;
const QUICK_DIGITS = /\d{9}|\d{3}[ -]\d{3}/;
const BULLET = 0x2022;

function maskSpans(text: string, findings: readonly Finding[] | undefined, pii: CompiledPii): string {
  let codes: Uint16Array | null = null;
  const cover = (s: number, e: number): void => {
    const a = Math.max(0, s);
    const b = Math.min(text.length, e);
    if (a >= b) return;
    if (!codes) {
      codes = new Uint16Array(text.length);
      for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
    }
    codes.fill(BULLET, a, b);
  };
  const hits = findPii(text, pii);
  for (const h of hits) cover(h.span[0], h.span[1]);
  if (findings) for (const f of findings) if (f.span && f.filter.startsWith('privacy.')) cover(f.span[0], f.span[1]);
  if (QUICK_DIGITS.test(text)) {
    LONG_DIGITS.lastIndex = 0;
    for (const m of text.matchAll(LONG_DIGITS)) {
      const e = m.index + m[0].length;
      // runs touching a hit are that hit's neighbours ("+49 151 23456789 2024"): the hit is masked already
      if (countDigits(m[0], 9) >= 9 && !overlaps(hits, m.index, e)) cover(m.index, e);
    }
  }
  if (!codes) return text;
  let out = '';
  const c: Uint16Array = codes;
  for (let i = 0; i < c.length; i += 4096) out += String.fromCharCode(...c.subarray(i, i + 4096));
  return out;
}

/**
 * Masks personal data for display with the default patterns. Kept for callers without the
 * configured masker; prefer `compilePii(cfg.pii).mask(text, verdict.reasons)` (configured order
 * patterns, and exactly what the message was held for).
 */
export function maskPii(text: string): string {
  return DEFAULT_PII.mask(text);
}

/** maskPii with the configured patterns (order numbers): the same as `pii.mask(text)`. */
export function maskPiiWith(text: string, pii: CompiledPii): string {
  return pii.mask(text);
}
