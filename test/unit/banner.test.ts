import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bannerLines, tokensFilePath, writeTokensFile } from '../../server/banner.js';
import { sameToken } from '../../server/http/auth.js';

const tokens = { producer: 'prod-token-0123456789', moderator: 'mod-token-0123456789', host: 'host-token-0123456789', ingest: 'ingest-token-0123456789' };
const url = (p: string): string => `http://127.0.0.1:4500${p}`;

describe('the start-up banner', () => {
  it('prints [redacted] and where the links are when stdout is not a terminal', () => {
    const text = bannerLines({ url, tokens, showTokens: false, tokensFile: 'data/tokens.txt' }).join('\n');
    for (const t of Object.values(tokens)) expect(text).not.toContain(t);
    expect(text).toContain('/console?token=[redacted]');
    expect(text).toContain('data/tokens.txt');
    expect(text).toContain('--show-tokens');
  });

  it('prints the links with tokens for a terminal or --show-tokens', () => {
    const text = bannerLines({ url, tokens, showTokens: true, tokensFile: 'data/tokens.txt' }).join('\n');
    expect(text).toContain(`/console?token=${tokens.producer}`);
    expect(text).toContain(`/console?token=${tokens.host}`);
    expect(text).toContain(`Bearer ${tokens.ingest}`);
  });

  it('writes the links to tokens.txt next to the store, owner-only even when the file existed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-banner-'));
    const file = tokensFilePath(join(dir, 'showrunner.db'));
    expect(file).toBe(join(dir, 'tokens.txt'));
    writeFileSync(file, 'old', { mode: 0o644 });
    writeTokensFile(file, url, tokens);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`moderator  http://127.0.0.1:4500/console?token=${tokens.moderator}`);
    expect(text).toContain(`Bearer ${tokens.ingest}`);
    // a file people open: its note in Chinese too, with the roles' Chinese names
    expect(text).toContain('# Showrunner 中控台链接：请妥善保管（拿到链接的人就能操控直播）。producer = 中控，moderator = 场控，host = 主播，ingest = 接入令牌');
  });
});

describe('sameToken', () => {
  it.each([
    ['the same token', 'abcdefghijklmnop', true],
    ['a trailing space', 'abcdefghijklmnop ', false],
    ['a leading space', ' abcdefghijklmnop', false],
    ['a prefix', 'abcdefghijklmno', false],
    ['one character off', 'abcdefghijklmnoq', false],
    ['an empty string', '', false],
    ['null', null, false],
  ])('compares %s as %s', (_name, given, expected) => {
    expect(sameToken(given, 'abcdefghijklmnop')).toBe(expected);
  });
});
