/**
 * The server's errors in the console's language. Every `SR_*` code (config/errors.ts,
 * docs/errors.md) has a text here in English and Chinese; the page may not import
 * config/errors.ts, so test/unit/overlay/console-i18n.test.ts checks that no code is missing.
 * The server keeps answering in English (logs, the audit, the HTTP API and tests read those
 * words); the console says what happened in its own language and keeps the part of the server's
 * message that helps (the field path of a bad value, who holds a claim, OBS's own error code).
 * An unknown code shows the server's text as it came.
 */
import type { MessageSet, Translation, UiLang } from '../config/i18n.js';
import { pick } from './i18n.js';

/** Each code the server sends (and SR_OFFLINE, which the page's hub client makes up when the socket is down). */
const en = {
  SR_CONFIG_INVALID: 'The config file has errors; fix them and restart.',
  SR_CONFIG_UNREADABLE: 'The config file could not be read.',
  SR_MODEL_INVALID: 'A model file is damaged; rebuild or restore it.',
  SR_FRAME_INVALID: 'The server did not understand this request',
  SR_FRAME_TOO_LARGE: 'The request was too large; the connection was reset.',
  SR_UNAUTHORIZED: 'Not signed in: open the console link printed at start-up.',
  SR_FORBIDDEN: 'Your role may not do this.',
  SR_NOT_FOUND: 'Not found: it was already handled, has expired, or does not exist.',
  SR_ALREADY_DECIDED: 'Another moderator already handled this comment.',
  SR_CLAIMED: 'Another moderator is looking at this comment right now.',
  SR_BAD_REQUEST: 'Some of the values are missing or not valid',
  SR_BUSY: 'The server is overloaded; try again in a moment.',
  SR_INGEST_INVALID: 'A chat message sent to the ingest was not valid.',
  SR_NO_ACTIVE: 'Nothing is running that this applies to (no countdown, sale, draw or poll).',
  SR_OBS_UNAVAILABLE: 'OBS is not connected (or OBS control is off: obs.enabled).',
  SR_OBS_NO_BROWSER_SOURCE: 'This OBS has no browser source (Linux distribution builds often lack it): install OBS from obsproject.com or Flathub, or open the overlay in a browser window and add it with a window capture.',
  SR_OBS_NO_OVERLAY_SOURCE: 'OBS has no overlay browser source to refresh: press "Set up overlay source", or add it in OBS by hand.',
  SR_OBS_REQUEST_FAILED: 'OBS refused the request',
  SR_UNDO_EXPIRED: 'Too late to undo this decision.',
  SR_BODY_TOO_LARGE: 'The request was too large.',
  SR_UNSUPPORTED_MEDIA_TYPE: 'The request was not sent as JSON.',
  SR_HOST_NOT_ALLOWED: 'This address is not allowed: open the console at the address printed at start-up.',
  SR_ORIGIN_NOT_ALLOWED: 'This page may not connect: open the console from the Showrunner server itself.',
  SR_INTERNAL: 'Something went wrong inside the server (details in the server log); nothing was lost.',
  SR_OFFLINE: 'Not connected to the server; reconnecting, try again in a moment.',
} as const satisfies Readonly<Record<`SR_${string}`, string>>;
type ConsoleErrorCode = keyof typeof en;

const zh: Translation<typeof en> = {
  SR_CONFIG_INVALID: '配置文件有错误，改好后重新启动。',
  SR_CONFIG_UNREADABLE: '配置文件读取失败。',
  SR_MODEL_INVALID: '模型文件已损坏，请重新生成或恢复。',
  SR_FRAME_INVALID: '服务器无法识别这个请求',
  SR_FRAME_TOO_LARGE: '请求内容太大，连接已重置。',
  SR_UNAUTHORIZED: '尚未登录：请打开启动时打印的中控台链接。',
  SR_FORBIDDEN: '没有权限：你的角色不能进行这个操作。',
  SR_NOT_FOUND: '找不到：可能已被处理、已过期或不存在。',
  SR_ALREADY_DECIDED: '这条评论已被其他场控处理。',
  SR_CLAIMED: '其他场控正在处理这条评论。',
  SR_BAD_REQUEST: '有内容没填或填写不正确',
  SR_BUSY: '服务器繁忙，请稍后再试。',
  SR_INGEST_INVALID: '接入的评论格式不正确。',
  SR_NO_ACTIVE: '当前没有进行中的倒计时、秒杀、抽奖或投票，无法操作。',
  SR_OBS_UNAVAILABLE: 'OBS 未连接，或配置里没有开启 OBS 控制。',
  SR_OBS_NO_BROWSER_SOURCE: '这个 OBS 没有浏览器源（Linux 发行版自带的 OBS 常缺少它）：请从 obsproject.com 或 Flathub 安装 OBS，或在浏览器窗口中打开直播画面，再用“窗口采集”加入 OBS。',
  SR_OBS_NO_OVERLAY_SOURCE: 'OBS 里没有可刷新的直播画面浏览器源：请点“在 OBS 里设置画面源”，或在 OBS 里手动添加。',
  SR_OBS_REQUEST_FAILED: 'OBS 拒绝了这个操作',
  SR_UNDO_EXPIRED: '已超过撤销时限，无法撤销。',
  SR_BODY_TOO_LARGE: '请求内容太大。',
  SR_UNSUPPORTED_MEDIA_TYPE: '请求不是 JSON 格式。',
  SR_HOST_NOT_ALLOWED: '这个地址不被允许：请用启动时打印的地址打开中控台。',
  SR_ORIGIN_NOT_ALLOWED: '这个页面不能连接：请直接从 Showrunner 服务器打开中控台。',
  SR_INTERNAL: '服务器内部出错（详情见服务器日志），数据没有丢失。',
  SR_OFFLINE: '未连接到服务器，正在重连，请稍后再试。',
};

/** The errors' texts: a set of the message catalogue (config/i18n.ts), checked by test/unit/i18n.test.ts. */
export const errorText: MessageSet<typeof en> = { en, zh };

/** The parts of the server's message worth keeping, in the console's language. */
const detailText = {
  en: { field: (path: string) => ` (field ${path})`, by: (name: string) => ` (${name})`, obs: (code: string) => ` (OBS error ${code})`, url: (url: string) => ` (overlay: ${url})`, source: (name: string) => ` (“${name}”)` },
  zh: { field: (path: string) => `（字段 ${path}）`, by: (name: string) => `（${name}）`, obs: (code: string) => `（OBS 错误码 ${code}）`, url: (url: string) => `（直播画面网址：${url}）`, source: (name: string) => `（“${name}”）` },
} as const;

function known(code: string): code is ConsoleErrorCode {
  return Object.hasOwn(en, code);
}

/**
 * The detail of a server message that helps whatever the language: the field path of a validation
 * error ("… at options.2.label"), the moderator holding a claim ("Ana is looking at this item"),
 * OBS's error code ("OBS answered 600 (…)"). Empty when there is none.
 */
export function errorDetail(code: string, message: string, lang: UiLang): string {
  const d = lang === 'zh-CN' ? detailText.zh : detailText.en;
  if (code === 'SR_FRAME_INVALID' || code === 'SR_BAD_REQUEST') {
    const m = / at ([\w.[\]-]+)$/.exec(message);
    return m?.[1] ? d.field(m[1]) : '';
  }
  if (code === 'SR_CLAIMED') {
    const m = /^(.+?) is looking at this item/.exec(message);
    return m?.[1] ? d.by(m[1]) : '';
  }
  if (code === 'SR_OBS_NO_BROWSER_SOURCE') {
    const m = /show (\S+) in a browser window/.exec(message);
    return m?.[1] ? d.url(m[1]) : '';
  }
  if (code === 'SR_OBS_NO_OVERLAY_SOURCE') {
    const m = /named "(.+?)" to refresh/.exec(message);
    return m?.[1] ? d.source(m[1]) : '';
  }
  if (code === 'SR_OBS_REQUEST_FAILED') {
    const m = /OBS answered (\d+)/.exec(message);
    return m?.[1] ? d.obs(m[1]) : '';
  }
  return '';
}

/**
 * What the console says about an error. In English the server's own words are the console's
 * language already and say the most ("a poll needs a question, 2 to 6 options…"), so they stay;
 * in Chinese a known code reads as its text plus the helpful detail. An unknown code (a newer
 * server) or an empty message falls back to what there is.
 */
export function errorMessage(code: string, message: string, lang: UiLang): string {
  if (!known(code)) return message || code;
  if (lang === 'en' && message) return message;
  const text = pick(errorText, lang)[code];
  const detail = errorDetail(code, message, lang);
  return detail ? `${text.replace(/[.。]$/, '')}${detail}${lang === 'en' ? '.' : '。'}` : text.replace(/([^.。])$/, lang === 'en' ? '$1.' : '$1。');
}
