/**
 * Names the server records, as people read them, in both languages (zod-free: the console and the
 * review page import it as values). FILTER_LABELS: the detectors (a finding's `filter`): the consoles'
 * reason labels and the review's holds by reason; a detector added to FILTER_NAMES
 * (config/filters-config.ts) without a label here fails `tsc`. REVIEW_LABELS: complaint themes
 * (insights/mood.ts MOOD_THEMES), sensitivity categories, verdicts and sources. `recordedLabel` looks
 * in both; an unknown name is shown as it is.
 */
import type { FilterName } from './filters-config.js';
import type { MessageSet, Translation } from './i18n.js';

const en = {
  'abuse.en': 'English abuse',
  'abuse.zh': 'Chinese abuse',
  'abuse.model': 'abuse (model)',
  'spam.caps': 'all caps',
  'spam.symbols': 'symbol spam',
  'spam.zalgo': 'garbled characters',
  'spam.emotes': 'emote spam',
  'spam.repeat': 'repeated characters',
  'spam.length': 'too long',
  'spam.link': 'link',
  'spam.promo': 'self-promotion',
  'spam.first_link': 'link in a first message',
  'spam.model': 'spam (model)',
  'spam.flood': 'flooding',
  'spam.user_repeat': 'same message again',
  'spam.raid': 'copy-paste raid',
  'privacy.phone': 'phone number',
  'privacy.email': 'e-mail address',
  'privacy.id': 'ID number',
  'privacy.order': 'order number',
} satisfies Readonly<Record<FilterName, string>>;

const zh: Translation<typeof en> = {
  'abuse.en': '英文辱骂',
  'abuse.zh': '中文辱骂',
  'abuse.model': '辱骂（模型）',
  'spam.caps': '大写刷屏',
  'spam.symbols': '符号刷屏',
  'spam.zalgo': '乱码字符',
  'spam.emotes': '表情刷屏',
  'spam.repeat': '重复字符',
  'spam.length': '超长评论',
  'spam.link': '链接',
  'spam.promo': '推广引流',
  'spam.first_link': '首评带链接',
  'spam.model': '广告（模型）',
  'spam.flood': '连续刷屏',
  'spam.user_repeat': '重复发言',
  'spam.raid': '组团刷屏',
  'privacy.phone': '手机号',
  'privacy.email': '邮箱',
  'privacy.id': '身份证号',
  'privacy.order': '订单号',
};

export const FILTER_LABELS: MessageSet<Readonly<Record<string, string>>> = { en, zh };

/** Complaint themes, categories, verdicts and sources as people read them. */
const labelsEn = { shipping: 'shipping', price: 'price', quality: 'quality', fake: 'fake / scam', refund: 'refund', service: 'service', size: 'size', stream: 'the stream', profanity: 'profanity', spam: 'spam', links: 'links', pii: 'personal data', flood: 'flood', raid: 'copy-paste raid', caps: 'caps', abuse: 'abuse', privacy: 'personal data', raids: 'raids', allow: 'shown', flag: 'flagged', hold: 'held', block: 'blocked', other: 'other platforms', ingest: 'bridged (API)', replay: 'replay', demo: 'demo' };
const labelsZh: Translation<typeof labelsEn> = { shipping: '物流', price: '价格', quality: '质量', fake: '假货 / 骗', refund: '退款', service: '客服', size: '尺码', stream: '直播本身', profanity: '脏话', spam: '广告刷屏', links: '链接', pii: '个人信息', flood: '刷屏', raid: '复制粘贴刷屏', caps: '大写', abuse: '辱骂', privacy: '个人信息', raids: '组团刷屏', allow: '显示', flag: '标记', hold: '待审', block: '拦截', other: '其他平台', ingest: '接口接入', replay: '回放', demo: '演示' };
/** Looked up by the names the server records (unknown ones are shown as they are); `labelsZh` must have every key of `labelsEn`. */
export const REVIEW_LABELS: MessageSet<Readonly<Record<string, string>>> = { en: labelsEn, zh: labelsZh };

/** A recorded name (filter, theme, verdict, source) in `lang`, or the name itself. */
export function recordedLabel(lang: 'en' | 'zh', k: string): string {
  return REVIEW_LABELS[lang][k] ?? FILTER_LABELS[lang][k] ?? k;
}
