/**
 * The server's log lines for people (npm start's terminal), in English and Chinese (catalogue
 * shape: config/i18n.ts). Machine details (ids, codes, numbers, paths, a platform's own error
 * text, stack traces) go in as they are. main.ts picks the table for `--lang` / the locale; a part
 * given none logs in English. No line takes a secret.
 */
import type { MessageSet, Translation, UiLang } from '../config/i18n.js';

const en = {
  moodRising: (themes: string) => `mood: negative mood rising (${themes || 'no clear theme'})`,
  showStartedByChat: (title: string, id: string) => `show: "${title}" started by chat (${id})`,
  showEndedIdle: (title: string, id: string, minutes: number) => `show: "${title}" ended after ${minutes} min without chat (${id})`,
  pollClosedAtRestart: (question: string) => `engage: the poll "${question}" was open at the restart; closed with its counts as last saved`,
  drawVoidedAtRestart: (keyword: string) => `engage: the draw "${keyword}" was taking entries at the restart; voided, not drawn`,
  obsState: (state: string, detail: string) => `obs: [${state}] ${detail}`,
  obsReapplied: (scene: string | null, items: number) => `obs: re-applied ${scene !== null ? `scene "${scene}"` : 'no scene'} and ${items} item(s) after connecting`,
  obsReapplyFailed: (scene: string | null, items: number, failures: string) => `obs: re-applying ${scene !== null ? `scene "${scene}"` : 'no scene'} and ${items} item(s) partly failed: ${failures}`,
  obsCueNotApplied: (event: string, why: string) => `obs: cue ${event} not applied: ${why || 'unknown reason'}`,
  obsCueFailed: (event: string, why: string) => `obs: cue ${event} failed: ${why}`,
  hubBehind: (actor: string, bytes: number) => `hub: ${actor} is behind (${bytes} bytes buffered): dropping patches until it drains`,
  hubNotReading: (actor: string, bytes: number) => `hub: ${actor} sends frames but does not read the answers (${bytes} bytes waiting): not reading from it until it drains`,
  hubSocketError: (actor: string, why: string) => `hub: ${actor} socket error: ${why}`,
  hubFrameTooBig: (actor: string, bytes: number) => `hub: ${actor} sent a frame over ${bytes} bytes; closed with 1009`,
  hubCommandFailed: (kind: string, stack: string) => `hub: command ${kind} failed: ${stack}`,
  hubMissedPong: (actor: string) => `hub: ${actor} missed a pong; dropping it`,
  ingestNotReading: (bytes: number) => `ingest ws: a sender does not read its replies (${bytes} bytes waiting): not reading from it until it does`,
  ingestSocketError: (why: string) => `ingest ws: ${why}`,
  httpFailed: (method: string, path: string, stack: string) => `http: ${method} ${path} failed: ${stack}`,
  overlayTimeDropped: (part: 'banner' | 'countdown', field: string) => `overlay: the saved ${part === 'banner' ? 'flash sale' : 'countdown'}'s ${field} is not a valid date (written by an older version?); cleared`,
  faqInvalid: (path: string, why: string) => `faq: ${path} is not a valid FAQ file (${why}); starting with an empty FAQ`,
  autoReplyCannotSend: (why: string) => `auto-reply: could not send: ${why}`,
  autoReplyNoSender: 'auto-reply: enabled in the config, but no source can send chat (set twitch.username and TWITCH_OAUTH_TOKEN)',
  chatStopped: (source: string, why: string) => `${source}: chat stopped: ${why}`,
  pipelineItemFailed: (id: string, stack: string) => `pipeline: handling ${id} failed: ${stack}`,
  pipelineStopped: (stack: string) => `pipeline stopped: ${stack}`,
  enforcementDone: (action: string, seconds: number, user: string, offence: number) => `enforcement: ${action}${seconds ? ` ${seconds}s` : ''} for ${user} (offence ${offence})`,
  enforcementFailed: (action: string, seconds: number, user: string, offence: number, why: string) => `enforcement: ${action}${seconds ? ` ${seconds}s` : ''} for ${user} (offence ${offence}) failed: ${why}`,
  enforcementSkipped: (user: string, why: string) => `enforcement: skipped for ${user}: ${why}`,
  enforcementThrew: (action: string, user: string, why: string) => `enforcement${action ? `: ${action} for ${user}` : ''} failed: ${why}`,
  twitchLoginRefused: (reason: string) => `twitch: login refused (${reason}); not retrying`,
  twitchDisconnected: (reason: string) => `twitch: disconnected (${reason}); reconnecting`,
  twitchInvalid: (channel: string, why: string) => `twitch: dropped an invalid message in ${channel}: ${why}`,
  twitchConnectFailed: (why: string) => `twitch: connect failed (${why}); retrying`,
  tiktokBadFrame: (why: string) => `tiktok: a frame failed to decode (${why}); counted, skipped`,
  tiktokInvalid: (why: string) => `tiktok: dropped an invalid chat message: ${why}`,
  tiktokDisconnected: (user: string, ended: boolean) => `tiktok: disconnected from @${user}; ${ended ? 'stream ended' : 'reconnecting'}`,
  tiktokConnected: (user: string, room: string) => `tiktok: connected to @${user} (room ${room})`,
  tiktokConnectFailed: (why: string) => `tiktok: connect failed (${why})`,
  youtubeSkippedItem: (why: string) => `youtube: skipped an invalid chat item (${why})`,
  youtubeInvalid: (why: string) => `youtube: dropped an invalid message: ${why}`,
  youtubeGivingUp: (why: string) => `youtube: giving up (${why})`,
  youtubeListFailed: (why: string) => `youtube: liveChatMessages.list failed (${why})`,
  youtubePageInvalid: (path: string) => `youtube: a chat page failed validation (${path}); retrying`,
  youtubeAuth: (why: string) => `youtube: ${why}`,
};

/** OBS's states (config/views.ts) as the console says them in Chinese (as server/messages.ts's status lines). */
const ZH_OBS: Readonly<Record<string, string>> = { connecting: '连接中', connected: '已连接', disconnected: '已断开', disabled: '未启用', 'auth-failed': '密码错误', 'too-old': '版本太旧' };
const ZH_ACTIONS: Readonly<Record<string, string>> = { delete: '删除评论', timeout: '禁言', ban: '封禁' };
const zhAction = (action: string, seconds: number): string => `${ZH_ACTIONS[action] ?? action}${seconds ? ` ${seconds} 秒` : ''}`;
const zhScene = (scene: string | null): string => (scene !== null ? `场景“${scene}”` : '无场景');

const zh: Translation<typeof en> = {
  moodRising: (themes) => `情绪：负面情绪在上升（${themes || '没有明确的话题'}）`,
  showStartedByChat: (title, id) => `直播场次：“${title}”因评论开始（${id}）`,
  showEndedIdle: (title, id, minutes) => `直播场次：“${title}”在 ${minutes} 分钟没有评论后结束（${id}）`,
  pollClosedAtRestart: (question) => `互动：投票“${question}”在重启时还开着；已按最后保存的票数关闭`,
  drawVoidedAtRestart: (keyword) => `互动：抽奖“${keyword}”在重启时还在报名；已作废，未抽取`,
  obsState: (state, detail) => `OBS：[${ZH_OBS[state] ?? state}] ${detail}`,
  obsReapplied: (scene, items) => `OBS：连接后已重新应用${zhScene(scene)}和 ${items} 个源`,
  obsReapplyFailed: (scene, items, failures) => `OBS：重新应用${zhScene(scene)}和 ${items} 个源时部分失败：${failures}`,
  obsCueNotApplied: (event, why) => `OBS：提示 ${event} 未应用：${why || '原因不明'}`,
  obsCueFailed: (event, why) => `OBS：提示 ${event} 失败：${why}`,
  hubBehind: (actor, bytes) => `连接：${actor} 跟不上（已缓冲 ${bytes} 字节）：在它消化完之前不再发送更新`,
  hubNotReading: (actor, bytes) => `连接：${actor} 在发消息却不读回复（${bytes} 字节待读）：在它读完之前不再读取它的消息`,
  hubSocketError: (actor, why) => `连接：${actor} 套接字出错：${why}`,
  hubFrameTooBig: (actor, bytes) => `连接：${actor} 发来的帧超过 ${bytes} 字节；已以 1009 关闭`,
  hubCommandFailed: (kind, stack) => `连接：命令 ${kind} 执行失败：${stack}`,
  hubMissedPong: (actor) => `连接：${actor} 没有回应心跳；已断开`,
  ingestNotReading: (bytes) => `接入 ws：有发送方不读回复（${bytes} 字节待读）：在它读之前不再读取它的消息`,
  ingestSocketError: (why) => `接入 ws：出错：${why}`,
  httpFailed: (method, path, stack) => `HTTP：${method} ${path} 失败：${stack}`,
  overlayTimeDropped: (part, field) => `叠加层：保存的${part === 'banner' ? '秒杀横幅' : '倒计时'}的 ${field} 不是有效的时间（可能由旧版本写入）；已清除`,
  faqInvalid: (path, why) => `常见问题：${path} 不是有效的常见问题文件（${why}）；以空的常见问题开始`,
  autoReplyCannotSend: (why) => `自动回复：无法发送：${why}`,
  autoReplyNoSender: '自动回复：配置里已启用，但没有能发评论的来源（请设置 twitch.username 和 TWITCH_OAUTH_TOKEN）',
  chatStopped: (source, why) => `${source}：评论已停止：${why}`,
  pipelineItemFailed: (id, stack) => `处理流程：处理 ${id} 失败：${stack}`,
  pipelineStopped: (stack) => `处理流程已停止：${stack}`,
  enforcementDone: (action, seconds, user, offence) => `平台处置：${user} ${zhAction(action, seconds)}（第 ${offence} 次违规）`,
  enforcementFailed: (action, seconds, user, offence, why) => `平台处置：${user} ${zhAction(action, seconds)}（第 ${offence} 次违规）失败：${why}`,
  enforcementSkipped: (user, why) => `平台处置：已跳过 ${user}：${why}`,
  enforcementThrew: (action, user, why) => `平台处置${action ? `：${user} ${zhAction(action, 0)}` : ''}失败：${why}`,
  twitchLoginRefused: (reason) => `Twitch：登录被拒（${reason}）；不再重试`,
  twitchDisconnected: (reason) => `Twitch：已断开（${reason}）；正在重连`,
  twitchInvalid: (channel, why) => `Twitch：丢弃了 ${channel} 中一条无效消息：${why}`,
  twitchConnectFailed: (why) => `Twitch：连接失败（${why}）；正在重试`,
  tiktokBadFrame: (why) => `TikTok：有一帧无法解码（${why}）；已计数并跳过`,
  tiktokInvalid: (why) => `TikTok：丢弃了一条无效评论：${why}`,
  tiktokDisconnected: (user, ended) => `TikTok：与 @${user} 断开；${ended ? '直播已结束' : '正在重连'}`,
  tiktokConnected: (user, room) => `TikTok：已连接 @${user}（直播间 ${room}）`,
  tiktokConnectFailed: (why) => `TikTok：连接失败（${why}）`,
  youtubeSkippedItem: (why) => `YouTube：跳过了一条无效评论（${why}）`,
  youtubeInvalid: (why) => `YouTube：丢弃了一条无效消息：${why}`,
  youtubeGivingUp: (why) => `YouTube：放弃连接（${why}）`,
  youtubeListFailed: (why) => `YouTube：liveChatMessages.list 失败（${why}）`,
  youtubePageInvalid: (path) => `YouTube：一页评论未通过校验（${path}）；正在重试`,
  youtubeAuth: (why) => `YouTube：授权问题：${why}`,
};

export type LogText = typeof en;
export const LOG_TEXT: MessageSet<LogText> = { en, zh };

/** The table for a language. */
export function logTextFor(lang: UiLang | undefined): LogText {
  return lang === 'zh-CN' ? zh : en;
}
