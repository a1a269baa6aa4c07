/**
 * Host and Origin checks (issue 12).
 *
 * - Host: a page on another site can point its own DNS name at 127.0.0.1 (DNS rebinding) and then
 *   talk to this server as "same origin". Every request and ws upgrade must name one of the allowed
 *   hosts with the port it came in on: 127.0.0.1, localhost, [::1], the configured `server.host`,
 *   and `server.allowedHosts`. Anything else gets 421 with a body saying what to do.
 * - Origin: a browser always says which page opened a ws or sent a POST. A foreign page gets 403.
 *   Allowed: http(s)://<allowed host>:<port> (the console and the overlay themselves, which is also
 *   what OBS's browser source sends for http://127.0.0.1:4500/overlay) and `server.allowedOrigins`.
 *   No Origin at all (curl, scripts, stream decks) is allowed: those still need their token.
 */
import type { IncomingMessage } from 'node:http';

export interface GuardConfig {
  readonly host: string;
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
}

export interface Refusal {
  readonly status: 421 | 403;
  readonly code: 'SR_HOST_NOT_ALLOWED' | 'SR_ORIGIN_NOT_ALLOWED';
  readonly message: string;
}

export interface RequestGuard {
  /** Null when the request may go on; else why not. `checkOrigin`: also check the Origin header. */
  check(req: IncomingMessage, checkOrigin: boolean): Refusal | null;
}

/** A hostname as URL spells it (lower case, IPv6 in brackets). */
function hostnameOf(name: string): string {
  const n = name.trim().toLowerCase();
  return n.includes(':') && !n.startsWith('[') ? `[${n}]` : n;
}

function parseHost(value: string): { hostname: string; port: number } | null {
  try {
    const u = new URL(`http://${value}`);
    if (!value || u.username || u.password || u.pathname !== '/' || u.search || u.hash) return null;
    return { hostname: u.hostname, port: u.port === '' ? 80 : Number(u.port) };
  } catch {
    return null;
  }
}

export function createRequestGuard(cfg: GuardConfig): RequestGuard {
  const anyHost = cfg.allowedHosts.includes('*');
  const hostnames = new Set(['127.0.0.1', 'localhost', '[::1]', ...cfg.allowedHosts.filter((h) => h !== '*').map(hostnameOf)]);
  // the configured bind address too, even 0.0.0.0: app.url() (and so OBS's overlay URL) uses it, and no foreign page can be called that
  hostnames.add(hostnameOf(cfg.host));
  const extraOrigins = new Set(cfg.allowedOrigins.map((o) => o.toLowerCase().replace(/\/$/, '')));

  const hostOk = (hostname: string, port: number, localPort: number | undefined): boolean => (anyHost || hostnames.has(hostname)) && port === localPort;

  return {
    check(req, checkOrigin) {
      const localPort = req.socket.localPort;
      const host = parseHost(req.headers.host ?? '');
      if (!host || !hostOk(host.hostname, host.port, localPort)) {
        return {
          status: 421,
          code: 'SR_HOST_NOT_ALLOWED',
          message: `the Host header ${JSON.stringify((req.headers.host ?? '').slice(0, 100))} is not an allowed host of this server: open it as http://127.0.0.1:${localPort ?? '<port>'}, or add the name to server.allowedHosts`,
        };
      }
      const origin = req.headers.origin;
      if (!checkOrigin || origin === undefined) return null;
      if (extraOrigins.has(origin.toLowerCase())) return null;
      let ok = false;
      try {
        const u = new URL(origin);
        const port = u.port === '' ? (u.protocol === 'https:' ? 443 : 80) : Number(u.port);
        ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === origin.toLowerCase() && hostOk(u.hostname, port, localPort);
      } catch {
        ok = false; // "null" (sandboxed pages, file://) and garbage are foreign
      }
      return ok
        ? null
        : {
            status: 403,
            code: 'SR_ORIGIN_NOT_ALLOWED',
            message: `the page at origin ${JSON.stringify(origin.slice(0, 100))} may not use this server: open the console from this server, or add the origin to server.allowedOrigins`,
          };
    },
  };
}

/** The raw HTTP answer that refuses a ws upgrade. */
export function upgradeRefusal(r: Refusal): string {
  const reason = r.status === 421 ? 'Misdirected Request' : 'Forbidden';
  return `HTTP/1.1 ${r.status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${r.code}: ${r.message}\n`;
}
