/**
 * What the server prints for people, in English and Simplified Chinese: the start-up banner, the
 * usage text and the config errors (catalogue shape: config/i18n.ts). The language is `--lang`,
 * else the system locale (LC_ALL, LC_MESSAGES, LANG, then Intl), else English.
 */
import { z } from 'zod';
import type { MessageSet, Translation, UiLang } from '../config/i18n.js';

/** The config schemas' own messages (config/*.ts words them in English), in Chinese. */
const ZH_CHECKS: ReadonlyMap<string, string> = new Map([
  ['must be a whole number', '必须是整数'],
  ['must not be negative', '不能是负数'],
  ['must be at most 1', '不能大于 1'],
  ['flags may only use i, m, s, u', '标志只能用 i、m、s、u'],
  ['an origin: http(s)://host[:port], no path', '应为来源地址：http(s)://主机[:端口]，不带路径'],
  ['a Twitch channel name', '应为 Twitch 频道名'],
  ['a TikTok username', '应为 TikTok 用户名'],
  ['a YouTube video id', '应为 YouTube 视频 ID'],
  ['moodAlertOff must be below moodAlertOn', 'moodAlertOff 必须小于 moodAlertOn'],
  ['tokens must be at least 16 characters', '令牌至少要 16 个字符'],
  ['a host name or IP, without scheme or port', '应为主机名或 IP，不带 http:// 和端口'],
  ['preset ids must be unique', '预设的 id 不能重复'],
]);
/** The kinds of value zod names after "实际接收" (its Chinese messages keep them in English). */
const ZH_KINDS: Readonly<Record<string, string>> = { string: '文本', number: '数字', boolean: '布尔值', array: '数组', object: '对象', null: '空值', undefined: '未填写', bigint: '大整数', date: '日期' };

/** A check's message as the config schemas word it (config/*.ts, in English), in `lang`. */
export function checkMessageIn(lang: UiLang, message: string): string {
  return lang === 'zh-CN' ? zhCheck(message) : message;
}

function zhCheck(message: string): string {
  const fixed = ZH_CHECKS.get(message);
  if (fixed !== undefined) return fixed;
  const regex = /^invalid regular expression: (.*)$/s.exec(message);
  if (regex) return `正则表达式无效：${regex[1]}`;
  const filter = /^unknown filter "(.*)" \(known: (.*)\)$/s.exec(message);
  if (filter) return `未知的过滤器 "${filter[1]}"（可用：${filter[2]}）`;
  return message.replace(/实际接收 ([a-z]+)/g, (all, kind: string) => (ZH_KINDS[kind] ? `实际是${ZH_KINDS[kind]}` : all));
}

const ZH_SIZE_UNITS: Readonly<Record<string, string>> = { string: '个字符', array: '项', set: '项', map: '项' };
const zodZh = z.locales.zhCN().localeError;

/** What a value is, in Chinese (`NaN` and arrays apart, as zod tells them). */
function zhKindOf(value: unknown): string {
  if (Array.isArray(value)) return ZH_KINDS['array'] as string;
  if (typeof value === 'number' && Number.isNaN(value)) return '非数字（NaN）';
  return ZH_KINDS[value === null ? 'null' : typeof value] ?? typeof value;
}

/**
 * The config checks zod describes, said in Chinese as a producer would read them ("应为数字，实际是文本",
 * "太小：应大于 0"); zod's own Chinese names the kinds and bounds in English ("期望 number >0"), so the
 * common codes are worded here and the rest left to it.
 */
export const zhConfigError = (issue: z.core.$ZodRawIssue): string | undefined => {
  switch (issue.code) {
    case 'invalid_type':
      return `应为${ZH_KINDS[issue.expected] ?? (issue.expected === 'int' ? '整数' : issue.expected)}，实际是${zhKindOf(issue.input)}`;
    case 'too_small':
    case 'too_big': {
      const bound = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const unit = ZH_SIZE_UNITS[issue.origin ?? ''];
      const small = issue.code === 'too_small';
      if (unit) return `${small ? '太短' : '太长'}：${small ? '至少' : '最多'} ${bound} ${unit}`;
      return `${small ? '太小' : '太大'}：应${issue.inclusive ? (small ? '不小于' : '不大于') : small ? '大于' : '小于'} ${bound}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `应为 ${JSON.stringify(issue.values[0])}` : `应为以下之一：${issue.values.map((v) => JSON.stringify(v)).join('、')}`;
    default: {
      const said = zodZh(issue);
      return typeof said === 'string' ? said : said?.message;
    }
  }
};

/** A chat source's or OBS's state (config/views.ts), as the console says it in Chinese. */
const ZH_STATES: Readonly<Record<string, string>> = {
  connecting: '连接中',
  connected: '已连接',
  disconnected: '已断开',
  stopped: '已停止',
  error: '出错',
  disabled: '未启用',
  'auth-failed': '密码错误',
  'too-old': '版本太旧',
};

const en = {
  usage: `Usage: npm start -- [--config FILE] [--port N] [--speed X] [--no-loop] [--show-tokens] [--lang en|zh]
  --config FILE  YAML or JSON config (default: ./showrunner.config.yaml if present)
  --port N       listen on port N (default 4500; 0 picks a free one)
  --speed X      demo replay speed factor (default 1 = real time)
  --no-loop      play the demo once
  --show-tokens  print the console links with their tokens even when stdout is not a terminal
                 (they are always in tokens.txt next to the store, readable by you only)
  --lang en|zh   the language of these messages (default: the system locale)
Secrets come from the environment: TWITCH_OAUTH_TOKEN, SHOWRUNNER_OBS_PASSWORD, SHOWRUNNER_TOKEN_*.`,
  badLang: (given: string) => `--lang: expected en or zh, given ${given}`,
  running: (name: string, file: string | null) => `${name} is running${file ? ` (config: ${file})` : ' (default config)'}`,
  overlayLine: (url: string) => `  Overlay  ${url}    (OBS browser source, 1920x1080)`,
  consoleLine: (url: string, role: 'producer' | 'moderator' | 'host', first: boolean) => `  ${first ? 'Console' : '       '}  ${url}    (${role})`,
  ingestLine: (url: string, token: string) => `  Ingest   POST ${url}    Authorization: Bearer ${token}`,
  linksShown: (file: string) => `  Links    also in ${file} (owner-only)`,
  linksHidden: (file: string) => `  Links    with tokens in ${file} (owner-only), or start with: npm start -- --show-tokens`,
  storeLine: (path: string, schema: number, restored: number) => `  store    ${path} (SQLite, WAL, schema v${schema}; ${restored} held item(s) restored)`,
  stopping: (signal: string) => `${signal}: stopping (state is saved)`,
  slowShutdown: 'shutdown took over 5 s; exiting anyway',
  portInUse: (message: string) => `The port is in use: ${message}. Pick another with --port N or server.port.`,
  configProblems: (file: string, n: number) => `${file} has ${n} problem${n === 1 ? '' : 's'} (nothing started; the file was not changed):`,
  settingProblems: (source: string, n: number) => `${source} has ${n} problem${n === 1 ? '' : 's'} (nothing started):`,
  unknownFields: (keys: string, count: number) => `unknown field${count === 1 ? '' : 's'} ${keys}`,
  didYouMean: (name: string) => ` (did you mean ${name}?)`,
  givenValue: (given: string) => `, given ${given}`,
  speedPositive: 'expected a number > 0',
  cannotRead: (file: string, why: string) => `cannot read config file ${file}: ${why}`,
  notParsable: (file: string, format: string, why: string) => `${file} is not valid ${format}: ${why}`,
  topLevelMapping: 'the top level must be a mapping of sections',
  noSuchFile: (file: string) => `config file ${file} does not exist`,
  topLevel: '(top level)',
  defaultConfig: 'the default config',
  unknownOption: (option: string, near: string) => `unknown option ${option}${near ? ` (did you mean ${near}?)` : ''}`,
  missingValue: (option: string) => `${option} needs a value, e.g. ${option} ${{ '--config': 'FILE', '--port': 'N', '--speed': 'X', '--lang': 'en|zh' }[option] ?? 'VALUE'}`,
  takesNoValue: (option: string) => `${option} takes no value`,
  sourceLine: (name: string, state: string, detail: string) => `chat     ${name}: ${state}${detail ? ` (${detail})` : ''}`,
  obsLine: (state: string, detail: string) => `obs      ${state}${detail ? ` (${detail})` : ''}`,
  noSuchAddress: (host: string) => `cannot listen on ${host}: no such address on this machine. Check server.host or SHOWRUNNER_HOST (default 127.0.0.1)`,
  storeInUse: (store: string, pid: number, url: string | null) =>
    `${store} is in use by another Showrunner (pid ${pid}${url ? `, ${url}` : ''}). Stop that one first (Ctrl-C in its terminal), or give this one its own store: SHOWRUNNER_DB=data/other.db npm start`,
  unexpectedArgument: (arg: string, fix: string) => `unexpected argument ${arg}: npm keeps options written before --, so write ${fix}`,
};

const zh: Translation<typeof en> = {
  usage: `用法：npm start -- [--config 文件] [--port 端口] [--speed 倍速] [--no-loop] [--show-tokens] [--lang en|zh]
  --config 文件  YAML 或 JSON 配置（默认：当前目录下的 ./showrunner.config.yaml，如果有）
  --port 端口    监听的端口（默认 4500；0 表示自动选一个空闲端口）
  --speed 倍速   演示回放的速度倍数（默认 1 = 实时）
  --no-loop      演示只播一遍
  --show-tokens  即使输出不是终端，也打印带令牌的中控台链接
                 （链接始终保存在数据库旁边的 tokens.txt 里，只有你能读）
  --lang en|zh   这些提示用的语言（默认跟随系统语言）
密钥从环境变量读取：TWITCH_OAUTH_TOKEN、SHOWRUNNER_OBS_PASSWORD、SHOWRUNNER_TOKEN_*。`,
  badLang: (given) => `--lang：应为 en 或 zh，实际为 ${given}`,
  running: (name, file) => `${name} 已启动${file ? `（配置：${file}）` : '（默认配置）'}`,
  overlayLine: (url) => `  直播画面  ${url}    （OBS 浏览器源，1920x1080）`,
  consoleLine: (url, role, first) => `  ${first ? '中控台' : '      '}    ${url}    （${{ producer: '中控', moderator: '场控', host: '主播' }[role]}）`,
  ingestLine: (url, token) => `  接入      POST ${url}    Authorization: Bearer ${token}`,
  linksShown: (file) => `  链接      也保存在 ${file}（仅本人可读）`,
  linksHidden: (file) => `  链接      带令牌的链接在 ${file}（仅本人可读），或用 npm start -- --show-tokens 启动`,
  storeLine: (path, schema, restored) => `  数据库    ${path}（SQLite，WAL，结构 v${schema}；恢复了 ${restored} 条待审评论）`,
  stopping: (signal) => `${signal}：正在停止（状态已保存）`,
  slowShutdown: '停止超过 5 秒，强制退出',
  portInUse: (message) => `端口已被占用：${message}。请用 --port 端口 或 server.port 换一个。`,
  configProblems: (file, n) => `${file} 有 ${n} 处问题（什么都没有启动；文件没有被改动）：`,
  settingProblems: (source, n) => `${source} 有 ${n} 处问题（什么都没有启动）：`,
  unknownFields: (keys, _count) => `未知字段 ${keys}`,
  didYouMean: (name) => `（是不是 ${name}？）`,
  givenValue: (given) => `，填的是 ${given}`,
  speedPositive: '应为大于 0 的数字',
  cannotRead: (file, why) => `无法读取配置文件 ${file}：${why}`,
  notParsable: (file, format, why) => `${file} 不是有效的 ${format}：${why}`,
  topLevelMapping: '最外层必须是按段落组织的映射（键: 值）',
  noSuchFile: (file) => `配置文件 ${file} 不存在`,
  topLevel: '（最外层）',
  defaultConfig: '默认配置',
  unknownOption: (option, near) => `没有 ${option} 这个选项${near ? `（是不是想用 ${near}？）` : ''}`,
  missingValue: (option) => `${option} 后面要跟一个值，例如 ${option} ${{ '--config': '文件', '--port': '端口', '--speed': '倍速', '--lang': 'en|zh' }[option] ?? '值'}`,
  takesNoValue: (option) => `${option} 后面不能跟值`,
  sourceLine: (name, state, detail) => `评论     ${name}：${ZH_STATES[state] ?? state}${detail ? `（${detail}）` : ''}`,
  obsLine: (state, detail) => `OBS      ${ZH_STATES[state] ?? state}${detail ? `（${detail}）` : ''}`,
  noSuchAddress: (host) => `无法在 ${host} 上监听：本机没有这个地址。请检查 server.host 或 SHOWRUNNER_HOST（默认 127.0.0.1）`,
  storeInUse: (store, pid, url) =>
    `${store} 正被另一个 Showrunner 使用（进程 ${pid}${url ? `，${url}` : ''}）。请先停掉那一个（在它的终端按 Ctrl-C），或者给这一个换个数据库：SHOWRUNNER_DB=data/other.db npm start`,
  unexpectedArgument: (arg, fix) => `多出来的参数 ${arg}：写在 -- 前面的选项被 npm 拿走了，请写成 ${fix}`,
};

export const serverText: MessageSet<typeof en> = { en, zh };
export type ServerText = Translation<typeof en>;

/** The options of `npm start` (server/main.ts reads them with parseArgs). */
export const CLI_OPTIONS = ['--config', '--port', '--speed', '--no-loop', '--show-tokens', '--lang', '--help'] as const;

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length] as number;
}

/** The word of `known` a typo of `word` was meant to be (at most 2 edits, case aside), or ''. */
export function nearestWord(word: string, known: readonly string[]): string {
  const w = word.toLowerCase();
  const scored = known.map((k) => [k, editDistance(w, k.toLowerCase())] as const).filter(([, d]) => d <= Math.min(2, Math.max(1, w.length - 2)));
  return scored.sort((a, b) => a[1] - b[1])[0]?.[0] ?? '';
}

/**
 * parseArgs' error (English only, worded for programmers) said for a person, in `t`'s language: the
 * option, what it needs, the nearest real option for a typo, and for `npm start --port 4621` (npm
 * takes options before `--` for itself and sets npm_config_port) the line to type instead.
 */
export function cliArgsProblem(err: unknown, t: ServerText, env: NodeJS.ProcessEnv): string {
  const { code, message } = err as { code?: string; message?: string };
  const quoted = /'([^']*)'/.exec(message ?? '')?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = quoted.split('=')[0] as string;
    const near = nearestWord(option, CLI_OPTIONS);
    return t.unknownOption(option, near);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = quoted.split(' ')[0] as string;
    return /argument missing/.test(message ?? '') ? t.missingValue(option) : t.takesNoValue(option);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const kept = ['port', 'config', 'speed', 'lang'].find((o) => env[`npm_config_${o}`] === 'true');
    return t.unexpectedArgument(quoted, kept ? `npm start -- --${kept} ${quoted}` : 'npm start -- --port N');
  }
  return message ?? String(err);
}

/** Why the server could not listen, for a person (a host that is not this machine's), or null for other errors. */
export function listenProblem(err: unknown, t: ServerText): string | null {
  const e = err as { code?: unknown; hostname?: unknown; address?: unknown } | null;
  if (e?.code === 'ENOTFOUND' && typeof e.hostname === 'string') return t.noSuchAddress(e.hostname);
  if (e?.code === 'EADDRNOTAVAIL' && typeof e.address === 'string') return t.noSuchAddress(e.address);
  return null;
}

/** `--lang X` or `--lang=X` as typed, for the arguments parseArgs refused (it returns none of them). */
export function rawLangArg(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--lang');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
}

/** The table for a language. */
export function serverMessages(lang: UiLang): ServerText {
  return lang === 'zh-CN' ? serverText.zh : serverText.en;
}

/** `zh`, `zh_CN.UTF-8`, `zh-Hans` → zh-CN; `en_US.UTF-8`, `C`, `POSIX` → en; other languages → null. */
export function uiLangOf(tag: string | undefined): UiLang | null {
  const t = (tag ?? '').trim().toLowerCase();
  if (!t) return null;
  if (t === 'zh' || /^zh[-_.]/.test(t)) return 'zh-CN';
  if (t === 'en' || /^en[-_.]/.test(t) || t === 'c' || t.startsWith('c.') || t === 'posix') return 'en';
  return null;
}

/**
 * The language of the CLI: `--lang` if given (undefined when it names no language we speak), else
 * the first of LC_ALL, LC_MESSAGES, LANG that is set (as POSIX reads them), else Intl's locale.
 */
export function cliLang(flag: string | undefined, env: NodeJS.ProcessEnv, intlLocale = Intl.DateTimeFormat().resolvedOptions().locale): UiLang | undefined {
  if (flag !== undefined) return uiLangOf(flag) ?? undefined;
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const v = env[name];
    if (v) return uiLangOf(v) ?? 'en';
  }
  return uiLangOf(intlLocale) ?? 'en';
}
