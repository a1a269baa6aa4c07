/**
 * Filter and policy configuration (owned by the filters work; see filters/). Every threshold is
 * validated here so a bad value is refused at start-up with its path.
 */
import { z } from 'zod';

export const FiltersConfigSchema = z
  .object({
    /** Extra English terms to treat as profanity, and terms never to flag. */
    blockedTerms: z.array(z.string().min(1).max(100)).default([]),
    allowedTerms: z.array(z.string().min(1).max(100)).default([]),
  })
  .prefault({});
export type FiltersConfig = z.infer<typeof FiltersConfigSchema>;
