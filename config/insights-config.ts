/** Configuration of the questions and mood stages (owned by the questions-and-mood work). */
import { z } from 'zod';

export const InsightsConfigSchema = z
  .object({
    clusterWindowMs: z.number().int().min(10_000).default(5 * 60_000),
    moodWindowMs: z.number().int().min(5_000).default(60_000),
  })
  .prefault({});
export type InsightsConfig = z.infer<typeof InsightsConfigSchema>;
