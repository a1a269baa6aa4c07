/**
 * Language of a chat line: 'zh' when it has Han characters, 'en' when it has Latin letters, else
 * 'other' (written once, in filters/prepare.ts, which computes it for every message).
 */
export { detectLang } from './prepare.js';
export { isHanUnit } from '../config/script.js';
