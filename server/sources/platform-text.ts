/**
 * The words the TikTok and YouTube sources put in front of people (the console's source line), in
 * English and Chinese. A small typed table the shared i18n catalogue can take over; `both()` gives
 * the "English · 中文" line the console shows today.
 */
export interface PlatformText {
  connecting: (where: string) => string;
  live: (where: string) => string;
  offline: (where: string, retryS: number) => string;
  rateLimited: (who: string, retryS: number) => string;
  badCredentials: (who: string, fix: string) => string;
  retrying: (why: string, retryS: number) => string;
  streamEnded: (where: string) => string;
  chatEnded: (where: string) => string;
  stopped: (where: string) => string;
  notConfigured: (what: string) => string;
  quotaExhausted: (retryS: number) => string;
}

export const PLATFORM_TEXT: { readonly en: PlatformText; readonly zh: PlatformText } = {
  en: {
    connecting: (w) => `connecting to ${w}`,
    live: (w) => `live: ${w}`,
    offline: (w, s) => `${w} is not live; looking again in ${s} s`,
    rateLimited: (who, s) => `${who} asked us to slow down; retrying in ${s} s`,
    badCredentials: (who, fix) => `${who} refused the credentials; ${fix}, then restart`,
    retrying: (why, s) => `${why}; retrying in ${s} s`,
    streamEnded: (w) => `${w}: the stream ended`,
    chatEnded: (w) => `${w}: the live chat ended`,
    stopped: (w) => `stopped (${w})`,
    notConfigured: (what) => `not configured: set ${what}`,
    quotaExhausted: (s) => `YouTube API quota used up for today; retrying in ${s} s`,
  },
  zh: {
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
  },
};

/** "English · 中文" for one entry of the table. */
export function both<K extends keyof PlatformText>(key: K, ...args: Parameters<PlatformText[K]>): string {
  const en = (PLATFORM_TEXT.en[key] as (...a: Parameters<PlatformText[K]>) => string)(...args);
  const zh = (PLATFORM_TEXT.zh[key] as (...a: Parameters<PlatformText[K]>) => string)(...args);
  return `${en} · ${zh}`;
}
