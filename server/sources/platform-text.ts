/**
 * The words the TikTok and YouTube sources put in front of people (the console's source line), in
 * English and Chinese: a set of the message catalogue; `both()` gives the "English · 中文" line the
 * console shows (the status detail is server text, sent once to consoles in either language).
 */
import type { MessageSet, Translation } from '../../config/i18n.js';

const en = {
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
};

export type PlatformText = typeof en;

const zh: Translation<PlatformText> = {
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
};

/** A set of the message catalogue (config/i18n.ts), checked by test/unit/i18n.test.ts. */
export const PLATFORM_TEXT: MessageSet<PlatformText> = { en, zh };

/** "English · 中文" for one entry of the table. */
export function both<K extends keyof PlatformText>(key: K, ...args: Parameters<PlatformText[K]>): string {
  const en = (PLATFORM_TEXT.en[key] as (...a: Parameters<PlatformText[K]>) => string)(...args);
  const zh = (PLATFORM_TEXT.zh[key] as (...a: Parameters<PlatformText[K]>) => string)(...args);
  return `${en} · ${zh}`;
}
