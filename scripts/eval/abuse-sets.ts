/** The abuse sets the eval and the trainer know, by folder name: language and positive class. */
import type { ModelLang } from '../../filters/model.js';

export interface AbuseSet {
  readonly lang: ModelLang;
  readonly positive: (label: string) => boolean;
}

export const ABUSE_SETS: Readonly<Record<string, AbuseSet>> = {
  'en-offensive-olid': { lang: 'en', positive: (l) => l === 'offensive' },
  'en-hate-hateval': { lang: 'en', positive: (l) => l === 'hate' },
  'en-hate-offensive-davidson': { lang: 'en', positive: (l) => l !== 'neither' },
  'zh-offensive-cold': { lang: 'zh', positive: (l) => l === 'offensive' },
};
