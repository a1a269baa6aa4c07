/**
 * The detectors' names (a finding's `filter`, as the server records them) as people read them: the
 * Chinese console's reason labels and the review's holds by reason, in both languages. An unknown
 * name is shown as it is; a detector added to FILTER_NAMES (config/filters-config.ts) without a label
 * here fails `tsc`.
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
