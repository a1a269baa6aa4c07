import { describe, expect, it } from 'vitest';
import { detectLinks, findLinks, mayHoldLink } from '../../../filters/links.js';
import { config } from './spam-helpers.js';

const opts = config().spam.links;

describe('links', () => {
  it.each([
    ['go to https://scam.example.io/free now', 'scam.example.io', false],
    ['visit www.cheap-followers.net', 'cheap-followers.net', false],
    ['buy at bigfollows.com today', 'bigfollows.com', false],
    ['bigfollows dot com', 'bigfollows.com', true],
    ['bigfollows (dot) com', 'bigfollows.com', true],
    ['bigfollows [dot] net', 'bigfollows.net', true],
    ['bigfollows。com', 'bigfollows.com', true],
    ['上 bigfollows点com 看看', 'bigfollows.com', true],
    ['bigfollows . com', 'bigfollows.com', true],
    ['www. bigfollows. com', 'bigfollows.com', true],
  ])('%s → %s', (text, domain, obfuscated) => {
    const hits = findLinks(text, opts);
    expect(hits[0]).toMatchObject({ domain, obfuscated });
    expect(text.slice(...hits[0]!.span)).toMatch(/bigfollows|scam|cheap/);
  });

  it.each([
    'watch https://www.twitch.tv/somechannel',
    'clip: https://clips.twitch.tv/AbcDef',
    'https://youtu.be/CevxZvSJLk8',
    'it costs 3.50 now',
    'good game. gg',
    'tell it. me too',
    'mail me at someone@example.com', // e-mail is privacy, not a link
    '这个多少钱？…',
    'version 1.2.3 is out',
    'i dot my i’s',
  ])('no link in %s', (text) => {
    expect(findLinks(text, opts)).toEqual([]);
  });

  it('uses the configured allowlist, subdomains included', () => {
    const own = { ...opts, allow: ['myshop.com'] };
    expect(findLinks('see shop.myshop.com/deal', own)).toEqual([]);
    expect(findLinks('see https://twitch.tv/x', own)).toHaveLength(1);
  });

  it('flags first-time chatters posting links, and only them', () => {
    expect(detectLinks('hi check bigfollows.com', true, opts).map((f) => f.filter)).toEqual(['spam.link', 'spam.first_link']);
    expect(detectLinks('hi check bigfollows.com', false, opts).map((f) => f.filter)).toEqual(['spam.link']);
    expect(detectLinks('bigfollows dot com', false, opts)[0]?.severity).toBe('high');
    expect(detectLinks('a.io and b.io', false, opts)[0]?.severity).toBe('medium');
    expect(detectLinks('see a.io', false, opts)[0]).toMatchObject({ severity: 'low', detail: 'link to a.io' });
  });
});

describe('the link prefilter', () => {
  it.each([
    'go to https://scam.example.io/free now', 'HTTP://X.IO', 'visit www.cheap-followers.net', 'WWW.!x', 'buy at bigfollows.com today', 'BIGFOLLOWS.COM',
    'bigfollows dot com', 'bigfollows DoT com', 'bigfollows (dot) com', 'bigfollows。com', 'bigfollows．com', 'bigfollows｡com', '上 bigfollows点com 看看',
    'bigfollows . com', 'bigfollows .\u00a0com', 'www. bigfollows. com', 'a.b', 'bigfollows 点 com', 'bigfollows (点) COM', 'bigfollows [dot ]  net',
  ])('lets %s through', (text) => expect(mayHoldLink(text)).toBe(true));

  // a spelled-out or full-width dot needs a top-level domain's letter after it: 能便宜点吗 (cheaper?) and a Chinese full stop are chat
  it.each(['hello there', 'it costs 3.50', 'lol...', 'ok.', 'wait . . .', '这个多少钱？…', '', 'do it', 'd o t', '能便宜点吗', '好看。', '快点 !!', 'dot 1', '点)'])('skips %s', (text) => {
    expect(mayHoldLink(text)).toBe(false);
    expect(findLinks(text, opts)).toEqual([]);
  });
});
