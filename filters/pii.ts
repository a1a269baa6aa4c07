/**
 * Personal data in chat: Chinese mobile numbers (1[3-9] + 9 digits, with spaces or dashes between
 * groups, optional +86), international phone numbers (+CC and 8-15 digits), e-mail addresses,
 * Chinese resident ID numbers (18 characters, the last a checksum digit or X, checksum verified),
 * and order / tracking numbers by configurable patterns. `detectPii` reports them (held by the
 * default policy); `maskPii` masks them wherever chat text is shown (overlay, console, logs).
 * Ignores: prices ("¥199.00"), times, short numbers, 18-digit runs whose ID checksum fails.
 */
import type { Finding } from '../config/chat.js';
import type { PiiConfig } from '../config/filters-config.js';

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/gi;
/** Chinese mobile: optional +86 / 0086, then 1[3-9]x xxxx xxxx with optional separators. */
const CN_MOBILE = /(?<![\d])(?:(?:\+|00)86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?![\d])/g;
/** International: +CC then 7-14 more digits with spaces, dashes, dots or parentheses. */
const INTL_PHONE = /(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?![\d])/g;
/** Domestic forms with separators: (555) 123-4567, 555-123-4567, 010-12345678. */
const LOCAL_PHONE = /(?<![\d])(?:\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4}|0\d{2,3}-\d{7,8})(?![\d])/g;
const CN_ID = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
const QUICK_DIGITS = /\d{3}|@/;

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

export interface CompiledPii {
  readonly cfg: PiiConfig;
  readonly orders: readonly { name: string; re: RegExp }[];
}

/** Compiles the configured patterns once (the config schema has already checked they compile). */
export function compilePii(cfg: PiiConfig): CompiledPii {
  return { cfg, orders: cfg.orderPatterns.map((p) => ({ name: p.name, re: new RegExp(p.pattern, `${p.flags.replace('g', '')}g`) })) };
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
 * Every piece of personal data in `text`, without overlaps (IDs before phones, e-mails first).
 * Texts with fewer than 4 digits skip the phone, ID and order patterns (none of them exists without
 * digits), so most chat lines cost one character scan.
 */
export function findPii(text: string, pii: CompiledPii): PiiHit[] {
  const hasDigits = countDigits(text, 4) >= 4;
  const hasAt = text.includes('@');
  if (!hasDigits && !hasAt) return [];
  const hits: PiiHit[] = [];
  const add = (kind: PiiHit['kind'], re: RegExp, label: string, check?: (m: string) => boolean): void => {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const s = m.index;
      const e = s + m[0].length;
      if (overlaps(hits, s, e) || (check && !check(m[0]))) continue;
      hits.push({ kind, span: [s, e], label });
    }
  };
  const { cfg } = pii;
  if (cfg.email && hasAt) add('email', EMAIL, 'e-mail address');
  if (hasDigits) {
    if (cfg.chineseId) add('id', CN_ID, 'Chinese ID number', validChineseId);
    if (cfg.phone) {
      add('phone', CN_MOBILE, 'Chinese mobile number');
      if (text.includes('+')) add('phone', INTL_PHONE, 'phone number', (m) => m.replace(/\D/g, '').length >= 8);
      add('phone', LOCAL_PHONE, 'phone number');
    }
  }
  if (hasDigits) for (const o of pii.orders) add('order', o.re, o.name);
  return hits.sort((a, b) => a.span[0] - b.span[0]);
}

const KIND_FILTER = { phone: 'privacy.phone', email: 'privacy.email', id: 'privacy.id', order: 'privacy.order' } as const;

/** One finding per piece of personal data (the detail never repeats the data itself), appended to `out`. */
export function detectPii(text: string, pii: CompiledPii, out: Finding[] = []): Finding[] {
  for (const h of findPii(text, pii)) {
    out.push({ filter: KIND_FILTER[h.kind], severity: h.kind === 'id' ? 'high' : 'medium', detail: `${h.label} (${h.span[1] - h.span[0]} characters)`, span: h.span });
  }
  return out;
}

const DEFAULT_PII = compilePii({
  phone: true,
  email: true,
  chineseId: true,
  orderPatterns: [
    { name: 'order number', pattern: '(?:order|订单|单号|订单号)\\s*(?:no\\.?|number|#|号|:|：)?\\s*[A-Z0-9-]{8,24}', flags: 'i' },
    { name: 'tracking number', pattern: '\\b(?:SF|JD|YT|ZTO|JT|YD)\\d{10,15}\\b', flags: 'i' },
  ],
});
/** Long digit runs that are not prices or times (9+ digits, separators allowed): masked as a safety net. */
const LONG_DIGITS = /(?<![\d.,])\d(?:[\s-]?\d){8,}(?![\d.,])/g;

/** Masks personal data for display: each hit becomes bullets (at most 12), the rest of the text is kept. */
export function maskPii(text: string): string {
  return maskPiiWith(text, DEFAULT_PII);
}

/** maskPii with the configured patterns (order numbers). */
export function maskPiiWith(text: string, pii: CompiledPii): string {
  const hits = findPii(text, pii);
  let out = text;
  for (let i = hits.length - 1; i >= 0; i--) {
    const [s, e] = hits[i]!.span;
    out = out.slice(0, s) + '•'.repeat(Math.min(e - s, 12)) + out.slice(e);
  }
  return QUICK_DIGITS.test(out) ? out.replace(LONG_DIGITS, (m) => '•'.repeat(Math.min(m.length, 12))) : out;
}
