/**
 * config/insights-config.ts with the word-vector weight overridable, for the dictionary study
 * (scripts/train/zh-cedict.ts): that script makes scripts/eval/insights.ts import this module in
 * place of the real one, so the eval's own scorers run with the weight a variant sets. Without an
 * override the config is exactly the shipped one.
 */
import { InsightsConfigSchema as Real, INSIGHTS_DEFAULTS, type InsightsConfig } from '../../config/insights-config.js';

export { INSIGHTS_DEFAULTS, type InsightsConfig };

let override: Partial<InsightsConfig> = {};

/** Settings merged over every parsed config from now on ({}: the shipped ones). */
export function setConfigOverride(o: Partial<InsightsConfig>): void {
  override = o;
}

export const InsightsConfigSchema = {
  parse: (x: unknown): InsightsConfig => ({ ...Real.parse(x), ...override }),
};
