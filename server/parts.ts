/**
 * The production parts startApp is given by `npm start`: chat sources from the config, the OBS
 * controller, the questions-and-mood stage and platform enforcement. Tests pass their own.
 */
import type { AppOptions } from './app.js';
import { createEnforcement } from './enforcement/enforcement.js';
import { createObsController } from './obs/index.js';
import { createInsights } from './pipeline/insights-stage.js';
import { sourcesFromConfig } from './sources/index.js';
import { twitchSource } from './sources/twitch.js';

export function defaultParts(log: (line: string) => void): Pick<AppOptions, 'sources' | 'obs' | 'insights' | 'enforcer'> {
  return {
    sources: (ctx) => sourcesFromConfig(ctx, (cfg, c) => twitchSource(cfg, { clock: () => c.scheduler.now(), log })),
    insights: (config, faq) => createInsights(config.insights, faq),
    obs: (config) => (config.obs.enabled ? createObsController(config.obs, { log }) : null),
    enforcer: (config) => {
      const enforcement = createEnforcement(config.helix, { log });
      return {
        enforce: async (decision, msg) => {
          const outcome = await enforcement.enforce(decision, msg, 'Showrunner moderation');
          if (!outcome.done && config.helix.enforce) log(`enforcement: skipped for ${msg.user.name}: ${outcome.skipped}`);
          return outcome;
        },
      };
    },
  };
}
