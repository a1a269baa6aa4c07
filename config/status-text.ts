/**
 * What the chat sources (Twitch, TikTok, YouTube) and the OBS controller say about their state, as a message
 * key and its parameters (`StatusMessage`), so each console shows it in its own language. The
 * server keeps a plain `detail` beside it for logs, the HTTP API and consoles of an older build.
 * A parameter is a name the server knows (an account, a URL, an error from a library: the same in
 * both languages), a number, or another message (a term that itself needs translating). No zod
 * here: the console imports this table (the schema is in config/views.ts).
 */
import type { MessageSet, Translation } from './i18n.js';

const en = {
  // chat sources
  connecting: (w: string) => `connecting to ${w}`,
  live: (w: string) => `live: ${w}`,
  offline: (w: string, s: number) => `${w} is not live; looking again in ${s} s`,
  rateLimited: (who: string, s: number) => `${who} asked us to slow down; retrying in ${s} s`,
  badCredentials: (who: string, fix: string) => `${who} refused the credentials; ${fix}, then restart`,
  retrying: (why: string, s: number) => `${why}; retrying in ${s} s`,
  streamEnded: (w: string) => `${w}: the stream ended`,
  chatEnded: (w: string) => `${w}: the live chat ended`,
  stopped: (w: string) => `stopped (${w})`,
  notConfigured: (what: string) => `not configured: set ${what}`,
  quotaExhausted: (s: number) => `YouTube API quota used up for today; retrying in ${s} s`,
  // terms the messages above take
  signServer: 'the TikTok sign server',
  room: (where: string, id: string) => `${where} (room ${id})`,
  ytVideo: (id: string) => `YouTube video ${id}`,
  ytLiveChat: 'YouTube live chat',
  check: (names: string) => `check ${names}`,
  either: (a: string, b: string) => `${a} or ${b}`,
  // the replay source (the demo, a transcript)
  replayLoading: (names: string) => `loading ${names}`,
  replayPlaying: (names: string, speed: number, pass: number, sent: number, problems: string) =>
    `${names} at ${speed}×${pass > 0 ? `, pass ${pass}` : ''}${sent >= 0 ? `, ${sent} sent` : ''}${problems ? `; ${problems}` : ''}`,
  replayFinished: (what: string) => `finished: ${what}`,
  replayPaused: (what: string) => `paused, no listener: ${what}`,
  replayNoLines: (names: string, problems: string) => `no valid lines in ${names}${problems ? `; ${problems}` : ''}`,
  replayProblems: (invalid: number, shown: string, unreadable: string) =>
    [invalid > 0 ? `${invalid} invalid line${invalid === 1 ? '' : 's'} skipped (${shown})` : '', unreadable ? `cannot read ${unreadable}` : ''].filter(Boolean).join('; '),
  // Twitch
  twWhere: (where: string, who: string) => `${where} (${who})`,
  twAs: (user: string) => `as ${user}`,
  twAnonReadOnly: 'anonymous, read-only',
  twAnonymous: 'anonymous',
  twNoChannels: 'no channels',
  twLoginRefused: (user: string, reason: string) => `Twitch refused the login as ${user} (${reason}). Check twitch.username and TWITCH_OAUTH_TOKEN, then restart.`,
  twDropped: (reason: string) => `${reason.replace(/\.$/, '')}; reconnecting by itself.`,
  twReconnecting: (where: string) => `reconnecting to ${where}`,
  twNotConfigured: 'no Twitch channels configured (twitch.channels)',
  // OBS
  obsNotStarted: 'not started',
  obsNotYet: 'not connected yet',
  obsOff: 'OBS control is off (obs.enabled: false)',
  obsConnecting: (url: string) => `connecting to ${url}`,
  obsConnected: (version: string, wsVersion: string, url: string) => `connected to OBS ${version} (obs-websocket ${wsVersion}) at ${url}`,
  obsRetry: (why: string, s: string) => `${why}; next try in ${s} s`,
  obsNoHello: (url: string, s: number) => `no obs-websocket Hello from ${url} within ${s} s`,
  obsClosed: (code: string) => `OBS closed the connection (${code})`,
  obsNotV5: (url: string, text: string) => `${url} does not speak obs-websocket v5 (${text}); OBS 28 or newer is needed`,
  obsTooOld: (version: string) => `obs-websocket ${version} is too old; OBS 28 or newer is needed`,
  obsOddHello: (url: string) => `${url} answered an unexpected Hello; OBS 28 or newer is needed`,
  obsUnreachable: (url: string, text: string) => `OBS is not reachable at ${url}: ${text}`,
  obsBadPassword: 'OBS rejected the password (4009 Authentication failed)',
  obsNoPassword: 'OBS requires a password and none is configured (4009)',
  obsAuthFailed: (why: string) => `${why}. Put the password shown in OBS → Tools → WebSocket Server Settings in SHOWRUNNER_OBS_PASSWORD and restart Showrunner, or set that password in OBS and press Reconnect in the console. Not retrying.`,
  obsStopped: 'stopped by Showrunner',
  obsShuttingDown: 'OBS is shutting down',
  obsStalled: (request: string, s: number) => `OBS stopped answering (no reply to ${request} within ${s} s); it may still carry out what it was sent when it recovers`,
  // why a connection failed, read from a library's error text (networkReason); the text itself stays in brackets
  netRefused: (raw: string) => `connection refused (${raw})`,
  netNotFound: (raw: string) => `host not found (${raw})`,
  netTimedOut: (raw: string) => `timed out (${raw})`,
  netReset: (raw: string) => `connection reset (${raw})`,
  netUnreachable: (raw: string) => `network unreachable (${raw})`,
  netClosed: 'connection closed',
  netNoConnect: 'could not connect',
  netLoginFailed: 'login authentication failed',
};

export type StatusText = typeof en;
export type StatusKey = keyof StatusText;

const zh: Translation<StatusText> = {
  connecting: (w) => `正在连接 ${w}`,
  live: (w) => `直播中：${w}`,
  offline: (w, s) => `${w} 未开播；${s} 秒后再查`,
  rateLimited: (who, s) => `${who} 要求放慢请求；${s} 秒后重试`,
  badCredentials: (who, fix) => `${who} 拒绝了凭据；请${fix}，然后重启`,
  retrying: (why, s) => `${why}；${s} 秒后重试`,
  streamEnded: (w) => `${w}：直播已结束`,
  chatEnded: (w) => `${w}：直播聊天已结束`,
  stopped: (w) => `已停止（${w}）`,
  notConfigured: (what) => `未配置：请设置 ${what}`,
  quotaExhausted: (s) => `今日 YouTube API 配额已用完；${s} 秒后重试`,
  signServer: 'TikTok 签名服务器',
  room: (where, id) => `${where}（房间 ${id}）`,
  ytVideo: (id) => `YouTube 视频 ${id}`,
  ytLiveChat: 'YouTube 直播聊天',
  check: (names) => `检查 ${names}`,
  either: (a, b) => `${a} 或 ${b}`,
  replayLoading: (names) => `正在读取 ${names}`,
  replayPlaying: (names, speed, pass, sent, problems) => `${names}，${speed} 倍速${pass > 0 ? `，第 ${pass} 遍` : ''}${sent >= 0 ? `，已发送 ${sent} 条` : ''}${problems ? `；${problems}` : ''}`,
  replayFinished: (what) => `播放完毕：${what}`,
  replayPaused: (what) => `已暂停（没有订阅者）：${what}`,
  replayNoLines: (names, problems) => `${names} 里没有有效的行${problems ? `；${problems}` : ''}`,
  replayProblems: (invalid, shown, unreadable) => [invalid > 0 ? `跳过 ${invalid} 行无效内容（${shown}）` : '', unreadable ? `无法读取 ${unreadable}` : ''].filter(Boolean).join('；'),
  twWhere: (where, who) => `${where}（${who}）`,
  twAs: (user) => `以 ${user} 身份`,
  twAnonReadOnly: '匿名，只读',
  twAnonymous: '匿名',
  twNoChannels: '没有频道',
  twLoginRefused: (user, reason) => `Twitch 拒绝了以 ${user} 身份登录（${reason}）。请检查 twitch.username 和 TWITCH_OAUTH_TOKEN，然后重启。`,
  twDropped: (reason) => `${reason.replace(/\.$/, '')}；正在自动重连。`,
  twReconnecting: (where) => `正在重连 ${where}`,
  twNotConfigured: '没有配置 Twitch 频道（twitch.channels）',
  obsNotStarted: '尚未启动',
  obsNotYet: '尚未连接',
  obsOff: 'OBS 控制已关闭（obs.enabled: false）',
  obsConnecting: (url) => `正在连接 ${url}`,
  obsConnected: (version, wsVersion, url) => `已连接 OBS ${version}（obs-websocket ${wsVersion}），地址 ${url}`,
  obsRetry: (why, s) => `${why}；${s} 秒后重试`,
  obsNoHello: (url, s) => `${s} 秒内没有收到 ${url} 的 obs-websocket 握手`,
  obsClosed: (code) => `OBS 断开了连接（${code}）`,
  obsNotV5: (url, text) => `${url} 不支持 obs-websocket v5（${text}）；需要 OBS 28 或更新版本`,
  obsTooOld: (version) => `obs-websocket ${version} 版本太旧；需要 OBS 28 或更新版本`,
  obsOddHello: (url) => `${url} 的握手不符合预期；需要 OBS 28 或更新版本`,
  obsUnreachable: (url, text) => `无法连接 ${url} 上的 OBS：${text}`,
  obsBadPassword: 'OBS 拒绝了密码（4009 认证失败）',
  obsNoPassword: 'OBS 需要密码，但没有配置（4009）',
  obsAuthFailed: (why) => `${why}。请把 OBS → 工具 → WebSocket 服务器设置里显示的密码填入 SHOWRUNNER_OBS_PASSWORD 并重启 Showrunner，或在 OBS 里改成该密码后点中控台的“重新连接”。不再自动重试。`,
  obsStopped: '已被 Showrunner 停止',
  obsShuttingDown: 'OBS 正在关闭',
  obsStalled: (request, s) => `OBS 没有响应（${s} 秒内没有回复 ${request}）；恢复后可能仍会执行已发出的操作`,
  netRefused: (raw) => `连接被拒绝（${raw}）`,
  netNotFound: (raw) => `找不到主机（${raw}）`,
  netTimedOut: (raw) => `连接超时（${raw}）`,
  netReset: (raw) => `连接被重置（${raw}）`,
  netUnreachable: (raw) => `网络不可达（${raw}）`,
  netClosed: '连接已关闭',
  netNoConnect: '无法连接',
  netLoginFailed: '登录认证失败',
};

/** A set of the message catalogue (config/i18n.ts), checked by test/unit/i18n.test.ts. */
export const STATUS_TEXT: MessageSet<StatusText> = { en, zh };

/** A status message: a key of the table and its parameters (a parameter may be a message itself). */
export interface StatusMessage {
  key: StatusKey;
  params: StatusParam[];
}
export type StatusParam = string | number | StatusMessage;

/** Every key of the table (config/views.ts's StatusMessageSchema takes only these). */
export const STATUS_KEYS = Object.keys(en) as [StatusKey, ...StatusKey[]];

/** A string parameter of the table may be given as a message; numbers stay numbers. */
type Arg<T> = T extends string ? string | StatusMessage : T;
export type StatusArgs<K extends StatusKey> = StatusText[K] extends (...a: infer A) => string ? { [I in keyof A]: Arg<A[I]> } : [];

/** Builds a status message, its parameters checked against the table's. */
export function say<K extends StatusKey>(key: K, ...params: StatusArgs<K>): StatusMessage {
  return { key, params: params as StatusParam[] };
}

/** Error codes of Node's sockets and DNS: the code says it in every language, the text keeps the address. */
const NET_CODES: ReadonlyArray<readonly [RegExp, 'netRefused' | 'netNotFound' | 'netTimedOut' | 'netReset' | 'netUnreachable']> = [
  [/\bECONNREFUSED\b/, 'netRefused'],
  [/\bENOTFOUND\b|\bEAI_AGAIN\b/, 'netNotFound'],
  [/\bETIMEDOUT\b|\bESOCKETTIMEDOUT\b|\btimed out\b/i, 'netTimedOut'],
  [/\bECONNRESET\b|\bsocket hang up\b/i, 'netReset'],
  [/\bENETUNREACH\b|\bEHOSTUNREACH\b/, 'netUnreachable'],
];
/** Whole reasons tmi.js gives (Twitch chat), said in each language. */
const NET_PHRASES: ReadonlyArray<readonly [RegExp, 'netClosed' | 'netNoConnect' | 'netLoginFailed']> = [
  [/^connection closed\.?$/i, 'netClosed'],
  [/^unable to connect\.?$/i, 'netNoConnect'],
  [/^login authentication failed\.?$/i, 'netLoginFailed'],
];

/**
 * A library's reason for a failed or dropped connection as a message each console shows in its own
 * language ("connect ECONNREFUSED 127.0.0.1:4455" → "连接被拒绝（connect ECONNREFUSED 127.0.0.1:4455）"),
 * or the text itself when it is not one of the common ones.
 */
export function networkReason(text: string): string | StatusMessage {
  for (const [re, key] of NET_PHRASES) if (re.test(text.trim())) return say(key);
  for (const [re, key] of NET_CODES) if (re.test(text)) return say(key, text);
  return text;
}

/**
 * The message in one language, or null for a key this build does not know (a newer server): the
 * caller then shows the plain detail.
 */
export function renderStatus(table: Translation<StatusText> | StatusText, m: StatusMessage, depth = 0): string | null {
  if (depth > 3 || !Object.hasOwn(table, m.key)) return null;
  const entry: unknown = table[m.key];
  if (typeof entry === 'string') return entry;
  const args: (string | number)[] = [];
  for (const p of m.params) {
    if (typeof p !== 'object') args.push(p);
    else {
      const inner = renderStatus(table, p, depth + 1);
      if (inner === null) return null;
      args.push(inner);
    }
  }
  return (entry as (...a: (string | number)[]) => string)(...args);
}

/** "English · 中文": the plain detail of a chat source's status (logs, the HTTP API, older consoles). */
export function bothLanguages(m: StatusMessage): string {
  return `${renderStatus(STATUS_TEXT.en, m) ?? m.key} · ${renderStatus(STATUS_TEXT.zh, m) ?? m.key}`;
}

/** The English text: the plain detail of OBS's status (as before: logs, the HTTP API, older consoles). */
export function english(m: StatusMessage): string {
  return renderStatus(STATUS_TEXT.en, m) ?? m.key;
}
