/**
 * Status details as messages (config/status-text.ts): each console says them in its language,
 * terms nested in a message are translated too, the plain detail stays for logs and the API, and
 * the schema bounds what a client is sent.
 */
import { describe, expect, it } from 'vitest';
import { bothLanguages, english, networkReason, renderStatus, say, STATUS_TEXT, type StatusMessage } from '../../config/status-text.js';
import { ObsStatusSchema, SourceStatusSchema, StatusMessageSchema } from '../../config/views.js';

describe('status messages', () => {
  it('say a source’s state in each language, nested terms included', () => {
    const m = say('badCredentials', say('signServer'), say('check', 'tiktok.signServerUrl, TIKTOK_SIGN_API_KEY'));
    expect(renderStatus(STATUS_TEXT.en, m)).toBe('the TikTok sign server refused the credentials; check tiktok.signServerUrl, TIKTOK_SIGN_API_KEY, then restart');
    expect(renderStatus(STATUS_TEXT.zh, m)).toBe('TikTok 签名服务器 拒绝了凭据；请检查 tiktok.signServerUrl, TIKTOK_SIGN_API_KEY，然后重启');
    const yt = say('notConfigured', say('either', 'youtube.videoId', 'youtube.liveChatId'));
    expect(bothLanguages(yt)).toBe('not configured: set youtube.videoId or youtube.liveChatId · 未配置：请设置 youtube.videoId 或 youtube.liveChatId');
    expect(renderStatus(STATUS_TEXT.zh, say('live', say('ytVideo', 'abc')))).toBe('直播中：YouTube 视频 abc');
  });

  it('keep OBS’s English detail word for word as it was', () => {
    expect(english(say('obsAuthFailed', say('obsBadPassword')))).toBe('OBS rejected the password (4009 Authentication failed). Put the password shown in OBS → Tools → WebSocket Server Settings in SHOWRUNNER_OBS_PASSWORD and restart Showrunner, or set that password in OBS and press Reconnect in the console. Not retrying.');
    expect(renderStatus(STATUS_TEXT.zh, say('obsAuthFailed', say('obsBadPassword')))).toBe('OBS 拒绝了密码（4009 认证失败）。请把 OBS → 工具 → WebSocket 服务器设置里显示的密码填入 SHOWRUNNER_OBS_PASSWORD 并重启 Showrunner，或在 OBS 里改成该密码后点中控台的“重新连接”。不再自动重试。');
    expect(english(say('obsRetry', say('obsClosed', '1006'), '2.5'))).toBe('OBS closed the connection (1006); next try in 2.5 s');
    expect(renderStatus(STATUS_TEXT.zh, say('obsRetry', say('obsClosed', '1006'), '2.5'))).toBe('OBS 断开了连接（1006）；2.5 秒后重试');
  });

  it('say the common reasons a library gives for a failed connection in each language, keeping its text', () => {
    const refused = say('obsRetry', say('obsUnreachable', 'ws://127.0.0.1:4455', networkReason('connect ECONNREFUSED 127.0.0.1:4455')), '2.0');
    expect(english(refused)).toBe('OBS is not reachable at ws://127.0.0.1:4455: connection refused (connect ECONNREFUSED 127.0.0.1:4455); next try in 2.0 s');
    expect(renderStatus(STATUS_TEXT.zh, refused)).toBe('无法连接 ws://127.0.0.1:4455 上的 OBS：连接被拒绝（connect ECONNREFUSED 127.0.0.1:4455）；2.0 秒后重试');
    expect(StatusMessageSchema.safeParse(refused).success).toBe(true);
    // tmi.js's own reasons are whole sentences: said in each language, the trailing stop not doubled
    expect(bothLanguages(say('twDropped', networkReason('Connection closed.')))).toBe('connection closed; reconnecting by itself. · 连接已关闭；正在自动重连。');
    expect(renderStatus(STATUS_TEXT.zh, say('twLoginRefused', 'bot', networkReason('Login authentication failed')))).toContain('（登录认证失败）');
    expect(renderStatus(STATUS_TEXT.zh, say('retrying', networkReason('getaddrinfo ENOTFOUND tiktok.example'), 5))).toBe('找不到主机（getaddrinfo ENOTFOUND tiktok.example）；5 秒后重试');
    expect(networkReason('request timed out after 10000 ms')).toEqual(say('netTimedOut', 'request timed out after 10000 ms'));
    expect(networkReason('read ECONNRESET')).toEqual(say('netReset', 'read ECONNRESET'));
    // anything else stays as the library said it (a room id, an HTTP reason), and a code inside a word is no code
    expect(networkReason('403 forbidden: room is private')).toBe('403 forbidden: room is private');
    expect(networkReason('XECONNREFUSEDX')).toBe('XECONNREFUSEDX');
    expect(bothLanguages(say('twDropped', networkReason('Ping timeout.')))).toBe('Ping timeout; reconnecting by itself. · Ping timeout；正在自动重连。');
  });

  it('give null for a key this build does not know (a newer server): the console shows the plain detail', () => {
    const unknown = { key: 'fromTheFuture', params: [] } as unknown as StatusMessage;
    expect(renderStatus(STATUS_TEXT.en, unknown)).toBeNull();
    expect(renderStatus(STATUS_TEXT.en, { key: 'live', params: [unknown] })).toBeNull();
    // an inherited name is no key
    expect(renderStatus(STATUS_TEXT.en, { key: 'toString', params: [] } as unknown as StatusMessage)).toBeNull();
  });

  it('are bounded by the schema: known keys, at most 6 parameters, nested at most 3 deep', () => {
    expect(StatusMessageSchema.safeParse(say('room', say('ytVideo', 'x'), '7')).success).toBe(true);
    expect(StatusMessageSchema.safeParse({ key: 'nope', params: [] }).success).toBe(false);
    expect(StatusMessageSchema.safeParse({ key: 'live', params: [1, 2, 3, 4, 5, 6, 7] }).success).toBe(false);
    // the replay's own, finished: five parameters inside one
    expect(StatusMessageSchema.safeParse(say('replayFinished', say('replayPlaying', 'demo-chat.jsonl', 1, 2, 300, say('replayProblems', 1, 'x:2 not JSON', '')))).success).toBe(true);
    const deep = (n: number): StatusMessage => (n === 0 ? say('signServer') : say('live', deep(n - 1)));
    expect(StatusMessageSchema.safeParse(deep(2)).success).toBe(true);
    expect(StatusMessageSchema.safeParse(deep(3)).success).toBe(false);
    const base = { detail: 'd', since: 0, message: say('obsOff') };
    expect(ObsStatusSchema.safeParse({ ...base, state: 'disabled', currentScene: null, obsVersion: null }).success).toBe(true);
    expect(SourceStatusSchema.safeParse({ ...base, name: 'tiktok', kind: 'tiktok', state: 'connected', message: say('live', 'TikTok @a') }).success).toBe(true);
  });
});
