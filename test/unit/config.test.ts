import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect, promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { ConfigError, loadConfig, parseConfig, withReplayOverrides } from '../../server/config-load.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sr-config-'));

function problems(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    parseConfig(raw, 'bad.yaml', env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected the config to be refused');
}

describe('config', () => {
  it('fills every default from an empty file and freezes the result', () => {
    const c = parseConfig({}, 'empty.yaml');
    expect(c.server.host).toBe('127.0.0.1');
    expect(c.server.port).toBe(4500);
    expect(c.store.path).toBe('data/showrunner.db');
    expect(c.replay.enabled).toBe('auto');
    expect(Object.isFrozen(c.server)).toBe(true);
  });

  // `--lang zh` was taken on the command line but `overlay.lang: zh` refused (only en or zh-CN)
  it.each([
    ['zh', 'zh-CN'],
    ['zh-cn', 'zh-CN'],
    ['zh_CN', 'zh-CN'],
    ['ZH', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['en', 'en'],
  ])('reads overlay.lang %s as %s', (given, lang) => {
    expect(parseConfig({ overlay: { lang: given } }, 'lang.yaml').overlay.lang).toBe(lang);
  });

  it.each(['fr', 'zh-TW', 'zhCN', 'constructor', 1])('still refuses overlay.lang %s, naming the field', (given) => {
    expect(problems({ overlay: { lang: given } }).issues.map((i) => i.path)).toEqual(['overlay.lang']);
  });

  it('lists every bad field with its path, what was expected and what was given', () => {
    const err = problems({ server: { port: '4455x' }, replay: { speed: -1 }, twitch: { channels: ['not a channel!'] }, bogus: 1 });
    const paths = err.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['server.port', 'replay.speed', 'twitch.channels.0', '(top level)']));
    expect(err.message).toMatch(/bad\.yaml has 4 problems \(nothing started; the file was not changed\)/);
    expect(err.message).toMatch(/server\.port\s+.*expected number.*given "4455x"/);
    expect(err.message).toMatch(/unknown field "bogus"/);
  });

  it('redacts secrets in the error and in logs', () => {
    const err = problems({ tokens: { producer: 'short-secret' } });
    expect(err.message).toMatch(/tokens\.producer/);
    expect(err.message).not.toMatch(/short-secret/);
    const ok = parseConfig({ obs: { password: 'hunter2-obs' } }, 'x', { TWITCH_OAUTH_TOKEN: 'oauth:abcdef' });
    expect(JSON.stringify(ok)).not.toMatch(/hunter2|abcdef/);
    expect(inspect(ok, { depth: 10 })).not.toMatch(/hunter2|abcdef/);
    expect(ok.obs.password?.reveal()).toBe('hunter2-obs');
  });

  // "ht tp://bad url" was taken; every YouTube request then failed with "Failed to parse URL from <url with key=…>", printed in the log and /api/health
  it('refuses an API root that is not a URL, before it can carry a key into an error', () => {
    const err = problems({ youtube: { baseUrl: 'ht tp://bad url' }, helix: { baseUrl: 'api.twitch.tv/helix' } });
    expect(err.issues.map((i) => i.path)).toEqual(['youtube.baseUrl', 'helix.baseUrl']);
    expect(parseConfig({ youtube: { baseUrl: 'http://127.0.0.1:9/youtube/v3' } }, 'x').youtube.baseUrl).toBe('http://127.0.0.1:9/youtube/v3');
  });

  it('takes secrets and channels from the environment', () => {
    const c = parseConfig({}, 'x', { SHOWRUNNER_TWITCH_CHANNELS: 'shopchan, other', SHOWRUNNER_OBS_PASSWORD: 'pw', SHOWRUNNER_PORT: '4600' });
    expect(c.twitch.channels).toEqual(['shopchan', 'other']);
    expect(c.obs.password?.reveal()).toBe('pw');
    expect(c.server.port).toBe(4600);
  });

  it('suggests the field a typo was meant to be, at any depth of a file', () => {
    const file = join(dir, 'typos.yaml');
    writeFileSync(file, 'sever:\n  port: 4600\nmoderation:\n  pagesize: 50\nfilters:\n  sensitivity:\n    abuse: low\n    spma: low\nzzz: 1\n');
    let err = new ConfigError('x', []);
    try {
      loadConfig(file, {});
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err.message).toContain('unknown fields "sever" (did you mean "server"?), "zzz"');
    expect(err.message).toMatch(/moderation\s+unknown field "pagesize" \(did you mean "pageSize"\?\)/);
    expect(err.message).toMatch(/filters\.sensitivity\s+unknown field "spma" \(did you mean "spam"\?\)/);
    // a section's typo used to pass unseen (only the top level was strict): server.prot started on 4500
    expect(() => parseConfig({ server: { prot: 4600 } }, 'x.yaml', {}, 'en', {}, true)).toThrow(/server\s+unknown field "prot" \(did you mean "port"\?\)/);
    // the strict top level is refused for every caller, with the suggestion
    expect(problems({ sever: {} }).message).toContain('unknown field "sever" (did you mean "server"?)');
    let zh = '';
    try {
      parseConfig({ sever: {}, server: { prot: 1 } }, 'bad.yaml', {}, 'zh-CN', {}, true);
    } catch (e) {
      zh = (e as Error).message;
    }
    expect(zh).toContain('未知字段 "sever"（是不是 "server"？）');
    expect(zh).toContain('未知字段 "prot"（是不是 "port"？）');
  });

  it('names the variable or flag a bad value came from, with the value as typed (no config file)', () => {
    let err: unknown;
    try {
      parseConfig({}, null, { SHOWRUNNER_PORT: 'abc' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as ConfigError).message;
    expect(message).toMatch(/^SHOWRUNNER_PORT has 1 problem \(nothing started/);
    expect(message).toMatch(/server\.port \(SHOWRUNNER_PORT\)\s+Invalid input: expected number, received string, given "abc"/);
    expect(message).not.toMatch(/defaults|NaN|null/);
    // no file was read: none to leave unchanged
    expect(message).toMatch(/^SHOWRUNNER_PORT has 1 problem \(nothing started\):/);
    // `npm start -- --port 99999` reaches the config as the flag, and says so
    expect(() => parseConfig({}, null, { SHOWRUNNER_PORT: '99999' }, 'en', { SHOWRUNNER_PORT: '--port' })).toThrow(/^--port has 1 problem[^]*server\.port \(--port\)\s+Too big: expected number to be <=65535, given "99999"/);
    // with a file, the file is named and the flag beside its field
    expect(() => parseConfig({ replay: { speed: 0 } }, 'show.yaml', { SHOWRUNNER_PORT: 'x' }, 'en', { SHOWRUNNER_PORT: '--port' })).toThrow(/^show\.yaml has 2 problems[^]*server\.port \(--port\)\s+.*given "x"/);
  });

  it('stops `npm start` with exit code 1, lists the problems and leaves the file untouched', async () => {
    const file = join(dir, 'bad.yaml');
    const text = 'server:\n  port: "4455x"\nreplay:\n  speed: 0\nfilters:\n  blockedTerms: [1]\n';
    writeFileSync(file, text);
    const err = await run('npx', ['tsx', 'server/main.ts', '--config', file]).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toMatch(/has 3 problems/);
    expect(err?.stderr).toMatch(/server\.port/);
    expect(err?.stderr).toMatch(/replay\.speed/);
    expect(err?.stderr).toMatch(/filters\.blockedTerms\.0/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  }, 30_000);

  it('refuses a file that is not YAML with a readable message', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'server: [unclosed\n');
    const err = await run('npx', ['tsx', 'server/main.ts', '--config', file]).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toMatch(/is not valid YAML/);
  }, 30_000);
});

describe('the CLI replay flags', () => {
  const env = { SHOWRUNNER_TOKEN_PRODUCER: 'producer-token-0123456789', TWITCH_OAUTH_TOKEN: 'oauth:secret-value' };

  it('apply --speed and --no-loop and keep every secret usable', () => {
    const c = withReplayOverrides(parseConfig({}, 'x', env), { speed: '10', noLoop: true });
    expect(c.replay.speed).toBe(10);
    expect(c.replay.loop).toBe(false);
    expect(c.tokens.producer?.reveal()).toBe('producer-token-0123456789');
    expect(c.twitch.oauthToken?.reveal()).toBe('oauth:secret-value');
    expect(Object.isFrozen(c.replay)).toBe(true);
  });

  it('refuse a speed that is not a positive number, naming the flag', () => {
    expect(() => withReplayOverrides(parseConfig({}, 'x'), { speed: 'fast' })).toThrow(ConfigError);
    expect(() => withReplayOverrides(parseConfig({}, 'x'), { speed: '0' })).toThrow(/replay\.speed/);
  });

  it('start `npm start -- --speed 5 --no-loop` with role tokens from the environment', async () => {
    // node itself (not npx, whose children outlive a signal), with tsx as its loader
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--speed', '5', '--no-loop'], {
      env: { ...process.env, ...env, SHOWRUNNER_DB: join(dir, 'cli.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          if (/\(producer\)/.test(out)) resolve();
        });
        child.on('exit', (code) => reject(new Error(`exited with ${code}: ${err}`)));
      });
      expect(out).toMatch(/Showrunner is running/);
      // stdout is a pipe here, as under a service manager: no token in the output, the file has them (0600)
      expect(out).not.toMatch(/producer-token-0123456789/);
      expect(out).toMatch(/console\?token=\[redacted\]/);
      expect(out).toMatch(/tokens\.txt/);
      const tokensFile = join(dir, 'tokens.txt');
      expect(readFileSync(tokensFile, 'utf8')).toMatch(/console\?token=producer-token-0123456789/);
      expect(statSync(tokensFile).mode & 0o777).toBe(0o600);
      expect(out + err).not.toMatch(/oauth:secret-value/);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
  }, 30_000);
});

describe('the example config', () => {
  it('is valid and documents the defaults', async () => {
    const { readConfigFile } = await import('../../server/config-load.js');
    const c = parseConfig(readConfigFile('showrunner.config.example.yaml'), 'example');
    expect(c.server.host).toBe('127.0.0.1');
    expect(c.presets[0]?.id).toBe('serum');
    // the insights section lists the defaults, not other values
    expect(c.insights).toEqual(parseConfig({}, 'defaults').insights);
  });
});

describe('moderation.timeoutActions', () => {
  it('lays configured actions over the defaults and names an unknown filter', () => {
    const c = parseConfig({ moderation: { timeoutActions: { 'spam.link': 'approve' } } }, 'test');
    expect(c.moderation.timeoutActions).toMatchObject({ 'spam.link': 'approve', 'spam.caps': 'approve', abuse: 'reject', privacy: 'reject' });
    expect(() => parseConfig({ moderation: { timeoutActions: { 'spam.capz': 'approve' } } }, 'test')).toThrow(/moderation\.timeoutActions\.spam\.capz.*unknown filter "spam\.capz"/s);
  });
});
