/** Insights defaults live in config/insights-config.ts only; clusters and mood take the configured values as parameters. */
import { describe, expect, it } from 'vitest';
import { INSIGHTS_DEFAULTS, InsightsConfigSchema } from '../../../config/insights-config.js';
import { clusterOptionsFrom, DEFAULT_CLUSTER_OPTIONS, newClusterState } from '../../../insights/clusters.js';
import { DEFAULT_MOOD_OPTIONS, moodOptionsFrom, newMoodState } from '../../../insights/mood.js';

const custom = InsightsConfigSchema.parse({
  clusterWindowMs: 111_000,
  clusterThreshold: 0.31,
  clusterGrowth: 0.11,
  clusterWordVectorWeight: 0.41,
  clusterMargin: 0.051,
  maxClusters: 77,
  moodWindowMs: 22_000,
  moodFalseAlarmHours: 3,
  moodRiseRatio: 2.5,
  moodAlertOn: 6,
  moodAlertOff: 1.5,
  moodMinAlertMs: 12_000,
  moodCooldownMs: 33_000,
  moodCooldownBoost: 0.7,
  moodBaselineMessages: 444,
  moodWarmupMessages: 55,
  moodMinEvidence: 7,
  angryMs: 66_000,
});

describe('insights options come from the config', () => {
  it('maps every configured cluster setting onto the cluster state', () => {
    expect(newClusterState(clusterOptionsFrom(custom)).opts).toMatchObject({ windowMs: 111_000, threshold: 0.31, growth: 0.11, denseWeight: 0.41, margin: 0.051, maxClusters: 77 });
  });

  it('maps every configured mood setting onto the mood state', () => {
    expect(newMoodState(moodOptionsFrom(custom)).opts).toMatchObject({ windowMs: 22_000, falseAlarmHours: 3, riseRatio: 2.5, alertOn: 6, alertOff: 1.5, minAlertMs: 12_000, cooldownMs: 33_000, cooldownBoost: 0.7, baselineMessages: 444, warmupMessages: 55, angryMs: 66_000, minEvidence: 7 });
  });

  it('the built-in defaults are the config schema’s defaults', () => {
    expect(INSIGHTS_DEFAULTS).toEqual(InsightsConfigSchema.parse({}));
    expect(DEFAULT_CLUSTER_OPTIONS).toMatchObject(clusterOptionsFrom(InsightsConfigSchema.parse({})));
    expect(DEFAULT_MOOD_OPTIONS).toMatchObject(moodOptionsFrom(InsightsConfigSchema.parse({})));
    expect(Object.isFrozen(INSIGHTS_DEFAULTS)).toBe(true);
  });
});
