/**
 * Chat sources from the config: Twitch channels through tmi.js when configured, and the replay
 * (the bundled demo by default) when `replay.enabled` is true, or 'auto' with no Twitch channel.
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

export function sourcesFromConfig(ctx: SourceContext, twitch?: TwitchFactory): ChatSource[] {
  const { config } = ctx;
  const out: ChatSource[] = [];
  if (config.twitch.channels.length > 0 && twitch) out.push(twitch(config.twitch, ctx));
  const replayOn = config.replay.enabled === true || (config.replay.enabled === 'auto' && config.twitch.channels.length === 0);
  if (replayOn) out.push(replaySource({ files: [...config.replay.files], speed: config.replay.speed, loop: config.replay.loop }, ctx.scheduler));
  return out;
}
