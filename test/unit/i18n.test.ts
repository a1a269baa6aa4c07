/**
 * The message catalogue: every set has every key in every language, with the same parameters;
 * no text is empty; the Chinese tables are written in Chinese (not English left in place) and the
 * English ones in English. A feature registers its `{ en, zh }` set in SETS below.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Message, Messages, MessageSet } from '../../config/i18n.js';
import { consoleText } from '../../overlay/console-text.js';
import { overlayText } from '../../overlay/overlay-text.js';
import { chooseLang, toUiLang } from '../../overlay/i18n.js';
import { checkMessageIn, serverText, cliLang } from '../../server/messages.js';
import { parseConfig } from '../../server/config-load.js';
import { FILTER_NAMES, LEVELS, SENSITIVITY_CATEGORIES } from '../../config/filters-config.js';
import { ENGAGE_TEXT } from '../../overlay/engage-i18n.js';
import { REVIEW_STRINGS } from '../../overlay/review-i18n.js';
import { FILTER_LABELS, recordedLabel, REVIEW_LABELS } from '../../config/labels.js';
import { showText } from '../../overlay/console-show.js';
import { errorText } from '../../overlay/console-errors.js';
import { sourceConditionText, sourceFigureText } from '../../overlay/console-misc.js';
import { REVIEW_TEXT } from '../../server/shows/review.js';
import { STATUS_TEXT } from '../../config/status-text.js';
import { LOG_TEXT } from '../../server/log-text.js';

const SETS: Record<string, MessageSet<Messages>> = {
  console: consoleText,
  overlay: overlayText,
  server: serverText,
  engage: ENGAGE_TEXT,
  review: REVIEW_STRINGS,
  reviewLabels: REVIEW_LABELS,
  filterLabels: FILTER_LABELS,
  show: showText,
  errors: errorText,
  sourceCondition: sourceConditionText,
  sourceFigure: sourceFigureText,
  reviewTerminal: REVIEW_TEXT,
  status: STATUS_TEXT,
  log: LOG_TEXT,
};

/** Texts that are the same in both languages on purpose (names, symbols, examples). */
const SAME_IN_BOTH = new Set(['console.currencyDefault:en', 'overlay.askers', 'console.serverError', 'console.obsFailed', 'review.none']);
/** Keys whose English text names the other language in its own script (the language button). */
const OTHER_SCRIPT = new Set(['console.langButton']);

const CJK = /[\u3400-\u9fff]/;

/** Messages that take a name from a closed list: each name is tried (the others get 'x', 3, 'x'…). */
const NAMED: Record<string, readonly string[]> = {
  'console.role': ['producer', 'moderator', 'host'],
  'console.sourceState': ['connecting', 'connected', 'disconnected', 'stopped', 'error'],
  'console.sourceKind': ['replay', 'ingest', 'tiktok', 'youtube'],
  // brand names (Twitch, TikTok, YouTube) are the same in both; a replay, the demo and the ingest API are named in the console's language
  'console.platformName': ['replay', 'demo', 'ingest'],
  'console.obsState': ['disabled', 'disconnected', 'connecting', 'connected', 'auth-failed', 'too-old'],
  'console.userRole': ['broadcaster', 'moderator', 'subscriber'],
  'console.filterName': FILTER_NAMES,
  'console.action': ['allow', 'flag', 'hold', 'block', 'approve', 'reject', 'timeout', 'ban', 'feature', 'remove', 'dismiss'],
  'console.category': SENSITIVITY_CATEGORIES,
  'console.level': LEVELS,
  'console.trend': ['rising', 'steady', 'fading'],
  'console.phase': ['scheduled', 'live', 'soldout', 'ended'],
  'console.chatLang': ['zh', 'en'],
  'console.decided': ['approve', 'reject', 'timeout', 'ban', 'feature'],
  'console.queueAction': ['approve', 'reject', 'timeout', 'ban', 'feature'],
  'server.missingValue': ['--config', '--port', '--speed', '--lang'],
};

/** Renders a message with sample arguments: one text per name it can take. */
function render(id: string, m: Message): string[] {
  if (typeof m === 'string') return [m];
  const rest = Array.from({ length: m.length }, (_, i) => (i % 2 === 0 ? 'x' : 3));
  const names = NAMED[id];
  return names ? names.map((n) => m(n, ...rest.slice(1))) : [m(...rest)];
}

describe('the message catalogue', () => {
  for (const [name, set] of Object.entries(SETS)) {
    describe(name, () => {
      it('has the same keys in every language, with the same kind of message and the same parameters', () => {
        expect(Object.keys(set.zh).sort()).toEqual(Object.keys(set.en).sort());
        for (const [key, en] of Object.entries(set.en)) {
          const zh = (set.zh as Messages)[key];
          expect(typeof zh, key).toBe(typeof en);
          if (typeof en === 'function' && typeof zh === 'function') expect(zh.length, key).toBe(en.length);
        }
      });
      it.each(Object.keys(set.en))('%s is non-empty in every language, Chinese in zh and English in en', (key) => {
        const ens = render(`${name}.${key}`, set.en[key] as Message);
        const zhs = render(`${name}.${key}`, (set.zh as Messages)[key] as Message);
        ens.forEach((en, i) => check(key, en, zhs[i] as string));
      });
      const check = (key: string, en: string, zh: string) => {
        expect(en.trim().length, `${name}.${key} en`).toBeGreaterThan(0);
        expect(zh.trim().length, `${name}.${key} zh`).toBeGreaterThan(0);
        if (!SAME_IN_BOTH.has(`${name}.${key}`) && !SAME_IN_BOTH.has(`${name}.${key}:en`)) expect(zh, `${name}.${key} zh`).not.toBe(en);
        if (!SAME_IN_BOTH.has(`${name}.${key}`) && !OTHER_SCRIPT.has(`${name}.${key}`)) {
          // every Chinese text has Chinese in it, unless it is only figures, symbols and names
          if (/[A-Za-z]{3,}/.test(zh.replace(/Showrunner|OBS|SQLite|WAL|YAML|JSON|POST|Authorization|Bearer|Twitch|API|VIP|P90|Shift|Del|npm|start|https?|tokens?\.txt|SR_[A-Z_]+|TWITCH_\w+|SHOWRUNNER_\w+|--[a-z-]+|\[redacted\]|[a-z]+\.[a-z_]+/g, ''))) expect(zh, `${name}.${key} zh`).toMatch(CJK);
        }
        if (!OTHER_SCRIPT.has(`${name}.${key}`)) expect(en, `${name}.${key} en`).not.toMatch(CJK);
      };
    });
  }
});

describe('counts and the queue do not share a word', () => {
  // The header counts holds since the server started; the queue counts what still waits. In Chinese
  // both read 待审, so "待审 0" stood beside "190 条待审" after a restart.
  it.each([['en', consoleText.en], ['zh', consoleText.zh]] as const)('%s: the held counter is not the queue\'s word', (_lang, t) => {
    expect(t.waiting('190')).not.toContain(t.cHeld);
    expect(t.sourceCounts('1', '2', '3')).toContain(t.cHeld);
  });
  it.each([
    ['en', consoleText.en, 'L filter by language', /Del remove everywhere/],
    ['zh', consoleText.zh, 'L 按语言筛选', /Del 删除（平台和画面上都删）/],
  ] as const)('%s: the shortcut hints say what the keys do (L filters the queue by chat language; Del removes one comment)', (_lang, t, l, del) => {
    // L cycles the queue's All / EN / 中文 filter (console-queue.ts), it does not switch the console's language
    expect(t.queueHint).toContain(l);
    // "全部删除" read as "delete them all"
    expect(t.watchHint).toMatch(del);
  });
});

describe('the review page names the filter levels as the console does', () => {
  it.each([['en', 'en'], ['zh', 'zh']] as const)('%s: the rehearsal form\'s categories and heading are the console\'s words', (lang, key) => {
    for (const c of SENSITIVITY_CATEGORIES) expect(recordedLabel(lang, c).toLowerCase(), c).toBe(consoleText[key].category(c).toLowerCase());
    expect(REVIEW_STRINGS[key].rhLevels).toBe(consoleText[key].filterLevels);
  });
});

describe('the status lines npm start prints', () => {
  it('say a source\'s and OBS\'s state in the terminal\'s language (English as before)', () => {
    expect(serverText.en.sourceLine('replay', 'connected', 'demo-chat.jsonl at 1×, pass 1')).toBe('chat     replay: connected (demo-chat.jsonl at 1×, pass 1)');
    expect(serverText.en.obsLine('disabled', 'OBS control is off (obs.enabled: false)')).toBe('obs      disabled (OBS control is off (obs.enabled: false))');
    expect(serverText.zh.sourceLine('replay', 'connected', 'demo-chat.jsonl，1 倍速，第 1 遍')).toBe('评论     replay：已连接（demo-chat.jsonl，1 倍速，第 1 遍）');
    expect(serverText.zh.obsLine('disabled', 'OBS 控制已关闭（obs.enabled: false）')).toBe('OBS      未启用（OBS 控制已关闭（obs.enabled: false））');
    expect(serverText.zh.obsLine('auth-failed', '')).toBe('OBS      密码错误');
  });
});

describe('choosing a language', () => {
  it.each([
    [null, ['zh-CN', 'en-US'], 'zh-CN'],
    [null, ['fr-FR', 'zh-TW'], 'zh-CN'],
    [null, ['en-GB', 'zh-CN'], 'en'],
    [null, ['fr-FR'], 'en'],
    ['en', ['zh-CN'], 'en'],
    ['zh-CN', ['en-US'], 'zh-CN'],
    ['klingon', ['zh-Hans-SG'], 'zh-CN'],
  ] as const)('stored %s, browser %o → %s', (stored, langs, want) => expect(chooseLang(stored, langs)).toBe(want));
  it.each([
    ['zh', 'zh-CN'],
    ['zh_CN.UTF-8', 'zh-CN'],
    ['EN-us', 'en'],
    ['de', null],
  ] as const)('%s → %s', (tag, want) => expect(toUiLang(tag)).toBe(want));
  it.each([
    ['zh', {}, 'zh-CN'],
    ['en', { LANG: 'zh_CN.UTF-8' }, 'en'],
    ['fr', {}, undefined],
    [undefined, { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'zh-CN'],
    [undefined, { LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    [undefined, { LANG: 'C.UTF-8' }, 'en'],
    [undefined, { LANG: 'de_DE.UTF-8' }, 'en'],
  ] as const)('the CLI: --lang %s with %o → %s', (flag, env, want) => expect(cliLang(flag, env, 'en-US')).toBe(want));
  it('falls back to the Intl locale when no variable is set', () => expect(cliLang(undefined, {}, 'zh-CN')).toBe('zh-CN'));
});

describe('config errors in Chinese', () => {
  it('names every bad field with zod’s Chinese messages and says nothing started', () => {
    let message = '';
    try {
      parseConfig({ server: { port: '4455x' }, replay: { speed: 0 }, bogus: 1 }, 'bad.yaml', {}, 'zh-CN');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^bad\.yaml 有 3 处问题（什么都没有启动；文件没有被改动）：/);
    expect(message).toMatch(/server\.port\s+应为数字.*，填的是 "4455x"/);
    expect(message).toMatch(/replay\.speed\s+太小/);
    expect(message).toContain('未知字段 "bogus"');
    // zod names the kind it got in English ("实际接收 string"): said in Chinese too
    expect(message).toMatch(/server\.port\s+应为数字，实际是文本，/);
  });

  it('says every kind, bound and the top level in Chinese, with no English word left (a typo and wrong types in a file)', () => {
    let message = '';
    try {
      parseConfig({ sever: { port: 4623 }, replay: { speed: 0 }, moderation: { pageSize: 5 }, filters: { blockedTerms: [1] }, twitch: { channels: 'yourchannel' } }, 'typo.yaml', {}, 'zh-CN');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^typo\.yaml 有 5 处问题/);
    expect(message).toMatch(/（最外层）\s+未知字段 "sever"/);
    expect(message).toMatch(/filters\.blockedTerms\.0\s+应为文本，实际是数字，填的是 1/);
    expect(message).toMatch(/twitch\.channels\s+应为数组，实际是文本，填的是 "yourchannel"/);
    expect(message).toMatch(/replay\.speed\s+太小：应大于 0，填的是 0/);
    expect(message).toMatch(/moderation\.pageSize\s+太小：应不小于 10，填的是 5/);
    // nothing a Chinese reader must decode: no English word but the field paths and the file name
    const words = message.replace(/typo\.yaml|[a-zA-Z]+(\.[a-zA-Z0-9]+)+|"[a-z]+"/g, '');
    expect(words).not.toMatch(/[A-Za-z]{2,}/);
  });

  it('has Chinese for every check message written in the config schemas (a new one needs its line in ZH_CHECKS)', () => {
    const files = ['config/schema.ts', 'config/filters-config.ts', 'config/insights-config.ts', 'config/engage.ts'];
    const written = files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/(?:message: |\.(?:int|min|max|regex)\([^'\n]*, )'([^']+)'/g)].map((m) => m[1] as string));
    expect(written.length).toBeGreaterThan(10);
    const untranslated = [...new Set(written)].filter((m) => checkMessageIn('zh-CN', m) === m || !CJK.test(checkMessageIn('zh-CN', m)));
    expect(untranslated).toEqual([]);
  });

  it('says the schemas’ own checks in Chinese too (they are worded in English in config/)', () => {
    const problems = (raw: Record<string, unknown>, lang: 'en' | 'zh-CN'): string => {
      try {
        parseConfig(raw, 'bad.yaml', {}, lang);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    const raw = { filters: { flood: { maxMessages: -3 }, policy: { rules: { 'spam.nope': 'hold' } }, pii: { orderPatterns: [{ name: 'order', pattern: '([', flags: 'x' }] } }, sources: { twitch: { channel: 'no spaces allowed' } } };
    const zh = problems(raw, 'zh-CN');
    expect(zh).toMatch(/filters\.flood\.maxMessages\s+不能是负数，填的是 -3/);
    expect(zh).toContain('标志只能用 i、m、s、u');
    expect(zh).toContain('正则表达式无效：');
    expect(zh).not.toMatch(/must|invalid regular|flags may/);
    // the English messages stay as written
    expect(problems(raw, 'en')).toMatch(/filters\.flood\.maxMessages\s+must not be negative, given -3/);
  });
});
