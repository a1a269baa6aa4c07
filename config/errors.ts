/**
 * One error base with stable codes (listed in docs/errors.md; a test keeps code and docs in step).
 * Messages name the state and the fix, truncate echoed input, and never carry secrets.
 * It lives in config/ (which may import only zod and config files) so that config/, filters/ and
 * insights/ throw the same errors as server/; server/errors.ts re-exports it.
 */
export const ERROR_CODES = {
  SR_CONFIG_INVALID: 'The config file failed validation; every bad field is listed. Fix them and start again.',
  SR_CONFIG_UNREADABLE: 'The config file could not be read or parsed as YAML/JSON.',
  SR_MODEL_INVALID: 'A model or word-vector file failed its checks (format, header or size): rebuild it (scripts/train) or restore it from git.',
  SR_FRAME_INVALID: 'A ws frame failed validation; the reply names the path. The socket stays open.',
  SR_FRAME_TOO_LARGE: 'A control frame exceeded server.maxControlFrameBytes; ws closed the socket with 1009.',
  SR_UNAUTHORIZED: 'No token or an unknown token: open the console with the token link printed at start-up.',
  SR_FORBIDDEN: 'This role may not run this command (e.g. moderators cannot start banners).',
  SR_NOT_FOUND: 'The item or route does not exist (already decided, expired, or a typo).',
  SR_ALREADY_DECIDED: 'Another moderator decided this item first.',
  SR_CLAIMED: 'Another moderator is looking at this item right now.',
  SR_BAD_REQUEST: 'The HTTP body failed validation; the message names the field.',
  SR_BUSY: 'The ingest is over its budget: the batch was refused whole (HTTP 429, ws error frame); send it again after Retry-After / retryAfterMs.',
  SR_INGEST_INVALID: 'An ingested item failed validation; the reply names it (`index`, `reason`) with every problem in `issues` (`path`, `field`, `code`, `expected`, `message`; at most 20 an item and 200 a reply, `moreIssues` counts the rest), and the valid items went on.',
  SR_NO_ACTIVE: 'The command needs something active (a countdown, a banner) and there is none.',
  SR_OBS_UNAVAILABLE: 'OBS is not connected; the console shows why (absent, wrong password, too old).',
  SR_OBS_NO_BROWSER_SOURCE: 'This OBS build has no browser source (Linux builds without CEF answer 605).',
  SR_OBS_REQUEST_FAILED: 'OBS refused a request; the message carries its code and comment.',
  SR_OBS_NO_OVERLAY_SOURCE: 'Refresh found no browser source named obs.sourceName in OBS (600): run the one-click setup or add the source by hand.',
  SR_UNDO_EXPIRED: 'The undo window of this decision has passed.',
  SR_BODY_TOO_LARGE: 'An HTTP body was over 1 MiB (HTTP 413): send smaller ingest batches.',
  SR_UNSUPPORTED_MEDIA_TYPE: 'A POST body was not sent as JSON: send it with `content-type: application/json` (HTTP 415).',
  SR_HOST_NOT_ALLOWED: 'The Host header is not one of server.allowedHosts (a DNS-rebinding guard): use the printed address or add the name to server.allowedHosts.',
  SR_ORIGIN_NOT_ALLOWED: 'The page that opened this connection is not one of server.allowedOrigins: open the console or overlay from this server, or add the origin.',
  SR_INTERNAL: 'A bug: the server logged the details. The socket and the state are kept.',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class ShowrunnerError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Shortens echoed input so a message never floods a log or a reply. */
export function truncate(text: string, max = 150): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}
