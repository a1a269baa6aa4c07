/**
 * The production parts startApp is given by `npm start`: chat sources from the config, the OBS
 * controller, the questions-and-mood stage and platform enforcement. Tests pass their own.
 */
import type { AppOptions } from './app.js';
import { createEnforcement, routeEnforcement } from './enforcement/enforcement.js';
import { YOUTUBE_CHANNEL_ID, youtubeEnforcer } from './enforcement/youtube.js';
import { createObsController } from './obs/index.js';
import { createInsights } from './pipeline/insights-stage.js';
import { sourcesFromConfig } from './sources/index.js';
import { tiktokSource } from './sources/tiktok.js';
import { twitchSource } from './sources/twitch.js';
import { YouTubeQuota, youtubeSource, type YouTubeSource } from './sources/youtube.js';
import { YouTubeTokens } from './sources/youtube-auth.js';
import type { Config } from '../config/schema.js';
import { LOG_TEXT, type LogText } from './log-text.js';

export function defaultParts(log: (line: string) => void, logText: LogText = LOG_TEXT.en): Pick<AppOptions, 'sources' | 'obs' | 'insights' | 'enforcer'> {
  // The YouTube enforcer needs the live chat the YouTube source found, and shares its quota count.
  let youtube: YouTubeSource | null = null;
  let quota: YouTubeQuota | null = null;
  const quotaFor = (limit: number): YouTubeQuota => (quota ??= new YouTubeQuota(limit));
  let tokens: YouTubeTokens | null = null;
  const tokensFor = (cfg: Config['youtube']): YouTubeTokens => (tokens ??= new YouTubeTokens(cfg));
  return {
    sources: (ctx) =>
      sourcesFromConfig(ctx, (cfg, c) => twitchSource(cfg, { clock: () => c.scheduler.now(), log, logText }), {
        tiktok: (cfg, c) => tiktokSource(cfg, { clock: () => c.scheduler.now(), log, logText }),
        youtube: (cfg, c) => (youtube = youtubeSource(cfg, { clock: () => c.scheduler.now(), log, logText, quota: quotaFor(cfg.dailyQuota), tokens: tokensFor(cfg) })),
      }),
    insights: (config, faq) => createInsights(config.insights, faq),
    obs: (config) => (config.obs.enabled ? createObsController(config.obs, { log, logText }) : null),
    enforcer: (config) => {
      // Each decision goes back to the platform the comment came from (TikTok: read only).
      const enforcement = routeEnforcement({
        twitch: createEnforcement(config.helix, { log, logText }),
        youtube: createEnforcement(config.helix, {
          log,
          logText,
          platform: 'youtube',
          enabled: config.youtube.enforce,
          userIdPattern: YOUTUBE_CHANNEL_ID,
          enforcer: youtubeEnforcer(config.youtube, { liveChatId: () => youtube?.liveChatId, quota: quotaFor(config.youtube.dailyQuota), tokens: tokensFor(config.youtube) }),
        }),
      });
      return {
        enforce: async (decision, msg) => {
          const outcome = await enforcement.enforce(decision, msg, 'Showrunner moderation');
          if (!outcome.done && (config.helix.enforce || config.youtube.enforce)) log(logText.enforcementSkipped(msg.user.name, outcome.skipped));
          return outcome;
        },
      };
    },
  };
}
