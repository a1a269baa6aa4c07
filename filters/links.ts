/**
 * Link detection with a domain allowlist. Finds plain URLs and domains (`https://x.io/a`,
 * `shop.example.com`) and obfuscated forms: "example dot com", "example (dot) com",
 * "example。com" / "example．com", "example . com" and "www. exa mple. com" (spaces inside the
 * domain). Ignores: allowlisted domains and their subdomains, e-mail addresses (privacy handles
 * those), numbers such as "3.50", and ordinary sentences ("it. me too", "good game. gg"): the
 * spaced and spelled-out forms only accept unambiguous top-level domains.
 */
import type { Finding } from '../config/chat.js';
import { isRegexSpace } from '../config/script.js';
import type { TextStats } from './text-stats.js';

export interface LinkOptions {
  readonly allow: readonly string[];
  readonly obfuscated: boolean;
}

export interface LinkHit {
  readonly domain: string;
  readonly span: [number, number];
  readonly obfuscated: boolean;
}

const TLDS =
  'com|net|org|info|biz|tv|gg|io|ly|me|co|cn|ru|uk|de|fr|jp|kr|tw|hk|us|ca|au|in|xyz|top|shop|store|site|online|club|live|link|app|dev|vip|cc|ws|bit|to|fm|am|su|pw|tk|ml|ga|cf|gq|win|bid|click|cam|stream|fun|icu|buzz|page|pro|one|best|work|life|world|today|email|space|website|tech';
const SAFE_TLDS = 'com|net|org|cn|ru|xyz|top|shop|info|store|online|site|club|vip|icu';

/** Scheme or www URLs, and bare domains with a known TLD (not preceded by @, which would be an e-mail). */
const PLAIN = new RegExp(`(?:https?://|www\\.)[^\\s<>"'）)]+|(?<![@\\w.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${TLDS})(?![a-z0-9-])(?:[/?#][^\\s<>"'）)]*)?`, 'gi');
/** Spelled-out dots and full-width dots: "example dot com", "example (dot) com", "example。com". */
const SPELLED = new RegExp(
  `(?<![\\w@])([a-z0-9][a-z0-9-]{1,62})\\s*(?:[(\\[{]\\s*(?:dot|点)\\s*[)\\]}]|\\s(?:dot|点)\\s|[。．｡]|\\s*点\\s*)\\s*(${SAFE_TLDS}|tv|gg|io)\\b`,
  'gi',
);
/** Spaces around the dots: "example . com", "www. shop .com". */
const SPACED = new RegExp(`(?<![\\w@])((?:www\\s*\\.\\s*)?[a-z0-9][a-z0-9-]{1,62}(?:\\s*\\.\\s*[a-z0-9-]{2,62})*)(?:\\s+\\.\\s*|\\.\\s+)(${SAFE_TLDS})\\b`, 'gi');

/**
 * False when none of the patterns can match (most lines), in one pass without a regex: every match
 * holds "://", "www.", a '.' followed, after any white space, by an ASCII letter (the start of a
 * top-level domain), or a full-width or spelled-out dot (。．｡, 点, "dot" in any case) followed,
 * after white space and a closing bracket, by one (SPELLED: 能便宜点吗 holds none).
 */
export function mayHoldLink(text: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      let j = i + 1;
      while (j < n && isRegexSpace(text.charCodeAt(j))) j++;
      const l = j < n ? text.charCodeAt(j) | 32 : 0;
      if (l >= 0x61 && l <= 0x7a) return true;
      // "www." followed by anything that is not a letter ("www.123.io" is caught above or below)
      if (i >= 3 && (text.charCodeAt(i - 1) | 32) === 0x77 && (text.charCodeAt(i - 2) | 32) === 0x77 && (text.charCodeAt(i - 3) | 32) === 0x77) return true;
    } else if (c === 0x3002 || c === 0xff0e || c === 0xff61 || c === 0x70b9) {
      if (tldAfter(text, i + 1)) return true;
    } else if ((c | 32) === 0x64 && i + 2 < n && (text.charCodeAt(i + 1) | 32) === 0x6f && (text.charCodeAt(i + 2) | 32) === 0x74) {
      if (tldAfter(text, i + 3)) return true;
    }
    else if (c === 0x3a && i + 2 < n && text.charCodeAt(i + 1) === 0x2f && text.charCodeAt(i + 2) === 0x2f) return true;
  }
  return false;
}

/** Whether an ASCII letter follows from `j` after white space, at most one closing bracket and white space again (SPELLED's way to its top-level domain). */
function tldAfter(text: string, j: number): boolean {
  const n = text.length;
  while (j < n && isRegexSpace(text.charCodeAt(j))) j++;
  const b = j < n ? text.charCodeAt(j) : 0;
  if (b === 0x29 || b === 0x5d || b === 0x7d) {
    j++;
    while (j < n && isRegexSpace(text.charCodeAt(j))) j++;
  }
  const l = j < n ? text.charCodeAt(j) | 32 : 0;
  return l >= 0x61 && l <= 0x7a && text.charCodeAt(j) < 128;
}

function allowed(domain: string, allow: readonly string[]): boolean {
  for (const a of allow) {
    const d = a.toLowerCase();
    if (domain === d || domain.endsWith(`.${d}`)) return true;
  }
  return false;
}

function domainOf(url: string): string {
  const noScheme = url.replace(/^https?:\/\//i, '');
  const host = noScheme.split(/[/?#:]/, 1)[0] ?? '';
  return host.toLowerCase().replace(/^www\./, '');
}

function covered(hits: readonly LinkHit[], at: number): boolean {
  for (const h of hits) if (at >= h.span[0] && at < h.span[1]) return true;
  return false;
}

/** Every non-allowlisted link in `text`, with its UTF-16 span. `stats`: textStats(text), when known (its mayLink spares most lines the scan). */
export function findLinks(text: string, opts: LinkOptions, stats?: Pick<TextStats, 'mayLink'>): LinkHit[] {
  if ((stats && !stats.mayLink) || !mayHoldLink(text)) return [];
  const hits: LinkHit[] = [];
  for (const m of text.matchAll(PLAIN)) {
    const domain = domainOf(m[0]);
    if (!domain || /^\d+(\.\d+)*$/.test(domain.replace(/\.[a-z]+$/, ''))) continue;
    if (allowed(domain, opts.allow)) continue;
    hits.push({ domain, span: [m.index, m.index + m[0].length], obfuscated: false });
  }
  if (opts.obfuscated) {
    for (const re of [SPELLED, SPACED]) {
      for (const m of text.matchAll(re)) {
        if (covered(hits, m.index)) continue;
        const domain = `${(m[1] ?? '').replace(/\s+/g, '').toLowerCase()}.${(m[2] ?? '').toLowerCase()}`.replace(/^www\./, '');
        if (allowed(domain, opts.allow)) continue;
        hits.push({ domain, span: [m.index, m.index + m[0].length], obfuscated: true });
      }
    }
  }
  return hits;
}

/**
 * `spam.link` for each link outside the allowlist: low for one plain link (listed, allowed unless
 * other signals add up), medium for several, high for a disguised one; plus `spam.first_link`
 * (medium, held by default) when a first-time chatter posts one.
 */
export function detectLinks(text: string, firstMessage: boolean, opts: LinkOptions, out: Finding[] = [], stats?: Pick<TextStats, 'mayLink'>): Finding[] {
  const hits = findLinks(text, opts, stats);
  if (hits.length === 0) return out;
  const first = hits[0]!;
  const disguised = hits.find((h) => h.obfuscated);
  out.push(
    {
      filter: 'spam.link',
      severity: disguised ? 'high' : hits.length > 1 ? 'medium' : 'low',
      detail: `${disguised ? 'disguised link' : 'link'} to ${(disguised ?? first).domain}${hits.length > 1 ? ` (+${hits.length - 1} more)` : ''}`,
      span: (disguised ?? first).span,
    },
  );
  if (firstMessage) out.push({ filter: 'spam.first_link', severity: 'medium', detail: `first message has a link to ${first.domain}`, span: first.span });
  return out;
}
