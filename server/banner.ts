/**
 * The start-up banner and the tokens file. Role tokens are secrets: they are printed only to a
 * terminal (stdout is a TTY) or with `--show-tokens`; otherwise (a service, a log file, CI) the
 * banner shows `[redacted]` and says where the links are: `tokens.txt` next to the store, mode 0600.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ControlRole } from '../config/protocol.js';
import type { UiLang } from '../config/i18n.js';
import { serverMessages } from './messages.js';

export interface BannerInput {
  readonly url: (path: string) => string;
  readonly tokens: Readonly<Record<ControlRole | 'ingest', string>>;
  /** Print the tokens themselves (a terminal, or --show-tokens). */
  readonly showTokens: boolean;
  /** Where the links with tokens were written. */
  readonly tokensFile: string;
  /** The language of the lines (default English). */
  readonly lang?: UiLang;
}

/** The file the links with tokens go to: `tokens.txt` in the store's folder. */
export function tokensFilePath(storePath: string): string {
  return join(dirname(storePath), 'tokens.txt');
}

/** Writes the console links and the ingest token for the team, readable by the owner only (0600). */
export function writeTokensFile(file: string, url: (path: string) => string, tokens: BannerInput['tokens']): void {
  mkdirSync(dirname(file), { recursive: true });
  const text = [
    '# Showrunner console links: keep this file private (anyone with a link can run the show).',
    '# Showrunner 中控台链接：请妥善保管（拿到链接的人就能操控直播）。producer = 中控，moderator = 场控，host = 主播，ingest = 接入令牌',
    `producer   ${url(`/console?token=${encodeURIComponent(tokens.producer)}`)}`,
    `moderator  ${url(`/console?token=${encodeURIComponent(tokens.moderator)}`)}`,
    `host       ${url(`/console?token=${encodeURIComponent(tokens.host)}`)}`,
    `ingest     Authorization: Bearer ${tokens.ingest}`,
    '',
  ].join('\n');
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600); // an existing file keeps its old mode on write
}

/** The lines under "Showrunner is running". */
export function bannerLines(b: BannerInput): string[] {
  const m = serverMessages(b.lang ?? 'en');
  const t = (token: string): string => (b.showTokens ? encodeURIComponent(token) : '[redacted]');
  const lines = [
    m.overlayLine(b.url('/overlay')),
    m.consoleLine(b.url(`/console?token=${t(b.tokens.producer)}`), 'producer', true),
    m.consoleLine(b.url(`/console?token=${t(b.tokens.moderator)}`), 'moderator', false),
    m.consoleLine(b.url(`/console?token=${t(b.tokens.host)}`), 'host', false),
    m.ingestLine(b.url('/api/ingest'), b.showTokens ? b.tokens.ingest : '[redacted]'),
  ];
  lines.push(b.showTokens ? m.linksShown(b.tokensFile) : m.linksHidden(b.tokensFile));
  return lines;
}
