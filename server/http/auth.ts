/**
 * Where a request's token may come from, and how tokens are compared (issue 12).
 *
 * - `/api/*` takes the role token from `Authorization: Bearer <token>` or the console's session
 *   cookie, never from the URL. The console link `/console?token=…` is exchanged for the cookie
 *   (HttpOnly, SameSite=Strict, Path=/) and a redirect to `/console`, so the token leaves the
 *   address bar and the history.
 * - A token is compared as it was sent: no trimming, one space after `Bearer`, printable ASCII only.
 *   (HTTP itself drops spaces and tabs at either end of a header value, RFC 9110 §5.5; nothing
 *   else is forgiven.)
 * - Every comparison is timing-safe: both sides are hashed to a fixed length first, so neither
 *   the content nor the length of the expected token leaks through response times.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'showrunner_session';

/** True when `given` is exactly `expected`, in time independent of where they differ. */
export function sameToken(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0 || expected.length === 0) return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, as sent; null when absent or malformed. */
export function bearer(req: IncomingMessage): string | null {
  const m = /^Bearer ([\x21-\x7e]+)$/i.exec(req.headers.authorization ?? '');
  return m ? (m[1] as string) : null;
}

/** The console session cookie's value, or null. */
export function sessionCookie(req: IncomingMessage): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw) || null;
    } catch {
      return null; // a mangled cookie authenticates nobody
    }
  }
  return null;
}

/** Set-Cookie value that stores a role token for the console (cleared with maxAge 0). */
export function sessionCookieHeader(token: string, maxAgeS = 30 * 24 * 3600): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeS}`;
}

/** The role token of a request to `/api/*` or `/ws/control`: the Bearer header first, else the session cookie. */
export function requestToken(req: IncomingMessage): string | null {
  return bearer(req) ?? sessionCookie(req);
}
