/**
 * Sensitivity levels and the categories they are set for, as plain constants: no zod here, so the
 * console page can import them as values (config/filters-config.ts builds its schemas on them).
 */

/** Sensitivity levels per category, as streamers know them from AutoMod. */
export const LEVELS = ['off', 'low', 'medium', 'high'] as const;
export type Level = (typeof LEVELS)[number];
/** The categories a level is set for: links (spam.link, spam.first_link) and raids (spam.raid) apart from the rest of spam. */
export const SENSITIVITY_CATEGORIES = ['abuse', 'spam', 'links', 'privacy', 'raids'] as const;
export type SensitivityCategory = (typeof SENSITIVITY_CATEGORIES)[number];
