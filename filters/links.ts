/**
 * Link detection with a domain allowlist. Finds plain URLs and domains (`https://x.io/a`,
 * `shop.example.com`) and obfuscated forms: "example dot com", "example (dot) com",
 * "example。com" / "example．com", "example . com" and "www. exa mple. com" (spaces inside the
 * domain). Ignores: allowlisted domains and their subdomains, e-mail addresses (privacy handles
 * those), numbers such as "3.50", and ordinary sentences ("it. me too", "good game. gg"): the
 * spaced and spelled-out forms only accept unambiguous top-level domains.
 */
import type { Finding } from '../config/chat.js';

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
const QUICK = /[.。．｡]|dot|点|:\/\//i;

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

/** Every non-allowlisted link in `text`, with its UTF-16 span. */
export function findLinks(text: string, opts: LinkOptions): LinkHit[] {
  if (!QUICK.test(text)) return [];
  const hits: LinkHit[] = [];
  const covered = (at: number): boolean => hits.some((h) => at >= h.span[0] && at < h.span[1]);
  for (const m of text.matchAll(PLAIN)) {
    const domain = domainOf(m[0]);
    if (!domain || /^\d+(\.\d+)*$/.test(domain.replace(/\.[a-z]+$/, ''))) continue;
    if (allowed(domain, opts.allow)) continue;
    hits.push({ domain, span: [m.index, m.index + m[0].length], obfuscated: false });
  }
  if (opts.obfuscated) {
    for (const re of [SPELLED, SPACED]) {
      for (const m of text.matchAll(re)) {
        if (covered(m.index)) continue;
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
export function detectLinks(text: string, firstMessage: boolean, opts: LinkOptions, out: Finding[] = []): Finding[] {
  const hits = findLinks(text, opts);
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
