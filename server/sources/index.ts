/**
 * Chat sources from the config: Twitch channels through tmi.js, TikTok LIVE through
 * tiktok-live-connector, YouTube Live through the Data API — any of them at once (a simulcast; each
 * owns its reconnects and its status, one failing never stops the others) — and the replay (the
 * bundled demo by default) when `replay.enabled` is true, or 'auto' with no live platform configured.
 */
import type { SchedulerLike } from 'rxjs';
import type { Config } from '../../config/schema.js';
import { replaySource } from './replay.js';
import type { ChatSource } from './types.js';

export interface SourceContext {
  readonly config: Config;
  readonly scheduler: SchedulerLike;
  readonly log: (line: string) => void;
}

export type TwitchFactory = (cfg: Config['twitch'], ctx: SourceContext) => ChatSource;
export type TikTokFactory = (cfg: Config['tiktok'], ctx: SourceContext) => ChatSource;
export type YouTubeFactory = (cfg: Config['youtube'], ctx: SourceContext) => ChatSource;

export interface PlatformFactories {
  tiktok?: TikTokFactory;
  youtube?: YouTubeFactory;
}

/** Whether the config names a live platform (Twitch channel, TikTok username, YouTube video or chat). */
export function livePlatformConfigured(config: Config): boolean {
  return config.twitch.channels.length > 0 || config.tiktok.username !== undefined || config.youtube.videoId !== undefined || config.youtube.liveChatId !== undefined;
}

/** Whether the config plays the replay (always, or by default when no Twitch channel is set). */
export function replayOn(config: Config): boolean {
  return config.replay.enabled === true || (config.replay.enabled === 'auto' && !livePlatformConfigured(config));
}

/**
 * The speed at which the chat's own time runs: the replay's speed when the replay is the chat (no
 * Twitch channel), else 1. Rate limits and raid windows count in this time, so a demo played at 10×
 * is judged as it would be at 1×.
 */
export function chatTimeSpeed(config: Config): number {
  return !livePlatformConfigured(config) && replayOn(config) ? config.replay.speed : 1;
}

export function sourcesFromConfig(ctx: SourceContext, twitch?: TwitchFactory, platforms: PlatformFactories = {}): ChatSource[] {
  const { config } = ctx;
  const out: ChatSource[] = [];
  if (config.twitch.channels.length > 0 && twitch) out.push(twitch(config.twitch, ctx));
  if (config.tiktok.username !== undefined && platforms.tiktok) out.push(platforms.tiktok(config.tiktok, ctx));
  if ((config.youtube.videoId !== undefined || config.youtube.liveChatId !== undefined) && platforms.youtube) out.push(platforms.youtube(config.youtube, ctx));
  if (replayOn(config)) out.push(replaySource({ files: [...config.replay.files], speed: config.replay.speed, loop: config.replay.loop }, ctx.scheduler));
  return out;
}
