/**
 * The detectors' reasons in the console's language. The server writes each finding's `detail` in
 * English with a fixed pattern per detector (filters/*.ts: "spam model: p=0.93", `matched "x"
 * (profanity)`, "link to bit.ly (+2 more)", "phone number (11 characters)", "9 messages in 10 s
 * (limit 6)"…); the audit and the tests read those words, so they stay. Here a detail that follows
 * a known pattern is written again from its parts; anything else (a newer detector, a pattern that
 * changed) shows as the server wrote it.
 */
import type { UiLang } from '../config/i18n.js';
import { h } from './dom.js';

/** The kinds of matched term (filters/abuse-en.ts, abuse-zh.ts) and the personal-data labels (filters/pii.ts, the default order patterns). */
const ZH_WORDS: Readonly<Record<string, string>> = {
  profanity: '脏话',
  slur: '歧视词',
  'self-harm incitement': '教唆自残',
  mild: '轻度粗口',
  'blocked term': '屏蔽词',
  'pinyin insult': '拼音骂人',
  'slur or harassment': '歧视或骚扰',
  insult: '辱骂',
  'e-mail address': '邮箱地址',
  'Chinese ID number': '身份证号',
  'Chinese mobile number': '手机号',
  'phone number': '电话号码',
  'order number': '订单号',
  'tracking number (SF/JD/YT/ZTO)': '快递单号（顺丰/京东/圆通/中通）',
};
const zhWord = (w: string): string => ZH_WORDS[w] ?? w;

const AIMED = ', aimed at someone';

type Rule = readonly [RegExp, (m: RegExpExecArray) => string];

/** Chinese for each detector's pattern; `m[n]` are the parts (numbers, quoted text, names). */
const ZH_RULES: readonly Rule[] = [
  [/^spam model: p=([\d.]+)( with a link or promotion)?$/, (m) => `广告模型判定 概率 ${m[1]}${m[2] ? '（带链接或推广）' : ''}`],
  [/^(en|zh) model: abusive with p=([\d.]+)$/, (m) => `${m[1] === 'zh' ? '中文' : '英文'}辱骂模型判定 概率 ${m[2]}`],
  [/^matched "(.*)" \(([^()]+)\)$/s, (m) => `命中“${m[1]}”（${zhWord(m[2] ?? '')}）`],
  [/^directed insult: "(.*)"$/s, (m) => `针对他人的辱骂：“${m[1]}”`],
  [/^(disguised link|link) to (\S+)(?: \(\+(\d+) more\))?$/, (m) => `${m[1] === 'link' ? '链接' : '伪装链接'}：${m[2]}${m[3] ? `（另有 ${m[3]} 个）` : ''}`],
  [/^first message has a link to (\S+)$/, (m) => `首条评论就带链接：${m[1]}`],
  [/^(\d+) messages in (\d+) s \(limit (\d+)\)$/, (m) => `${m[2]} 秒内发了 ${m[1]} 条（上限 ${m[3]} 条）`],
  [/^same message (\d+) times in (\d+) s \(limit (\d+)\)$/, (m) => `${m[2]} 秒内同一句发了 ${m[1]} 次（上限 ${m[3]} 次）`],
  [/^same text from (\d+) users in (\d+) s$/, (m) => `${m[2]} 秒内 ${m[1]} 个用户发了相同内容`],
  [/^(\d+)% capitals$/, (m) => `大写字母占 ${m[1]}%`],
  [/^(\d+)% symbols$/, (m) => `符号占 ${m[1]}%`],
  [/^(\d+) combining marks, up to (\d+) on one letter$/, (m) => `${m[1]} 个叠加符号，单个字母最多叠 ${m[2]} 个`],
  [/^(\d+) emotes$/, (m) => `${m[1]} 个表情`],
  [/^"(.*)" repeated (\d+) times$/s, (m) => `“${m[1]}”重复 ${m[2]} 次`],
  [/^(\d+) characters \(limit (\d+)\)$/, (m) => `${m[1]} 个字符（上限 ${m[2]} 个）`],
  [/^self-promotion: "(.*)"$/s, (m) => `自我推广：“${(m[1] ?? '').split('", "').join('”“')}”`],
  // personal data: the label, never the data itself (filters/pii.ts)
  [/^(.+) \((\d+) characters\)$/s, (m) => `${zhWord(m[1] ?? '')}（${m[2]} 个字符）`],
];

/**
 * A finding's detail in the console's language: in English the server's words; in Chinese the
 * pattern's parts in a Chinese sentence, or the server's words when no pattern fits.
 */
export function reasonText(detail: string, lang: UiLang): string {
  if (lang === 'en') return detail;
  const aimed = detail.endsWith(AIMED);
  const core = aimed ? detail.slice(0, -AIMED.length) : detail;
  for (const [re, zh] of ZH_RULES) {
    const m = re.exec(core);
    if (m) return `${zh(m)}${aimed ? '，针对他人' : ''}`;
  }
  return detail;
}

/**
 * A reason as the queue and the flag lane show it: the detector's label, then its detail; the label
 * is left out when the detail already starts with it ("link to bit.ly", not "link: link to bit.ly").
 */
export function reasonParts(label: string, detail: string, lang: UiLang): (string | HTMLElement)[] {
  const shown = reasonText(detail, lang);
  const el = reasonDetail(detail, lang);
  return shown.toLowerCase().startsWith(label.toLowerCase()) ? [el] : [`${label}: `, el];
}

/** The detail as the queue and the flag lane show it: `.detail` (a detector's words), the server's own text on hover when written again. */
export function reasonDetail(detail: string, lang: UiLang): HTMLElement {
  const text = reasonText(detail, lang);
  return h('span', { class: 'detail', text, ...(text !== detail ? { title: detail } : {}) });
}
