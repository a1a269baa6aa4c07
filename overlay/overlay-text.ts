/** Every text the overlay shows, in the show's languages (see config/i18n.ts for how sets work). */
import type { MessageSet, Translation } from '../config/i18n.js';

const en = {
  pageTitle: 'Showrunner overlay',
  reconnecting: 'reconnecting to Showrunner',
  flashSale: 'Flash sale',
  startingSoon: 'Starting soon',
  /** A sale more than a day ahead: announced, not imminent. */
  comingUp: 'Coming up',
  soldOut: 'Sold out',
  saleEnded: 'Sale ended',
  endsIn: 'ends in',
  startsIn: 'starts in',
  /** Beside the start date of a sale more than a day ahead (not a clock of 72 hours). */
  startsOn: 'starts',
  ended: 'ended',
  stockLeft: (n: string) => `${n} left`,
  stockLow: (n: string) => `Only ${n} left!`,
  /** The stock line of a sold-out sale (its tag says "Sold out"). */
  allSold: (n: string) => `All ${n} sold`,
  /** `pct` is the whole-percent discount. */
  discount: (pct: number) => `-${pct}%`,
  timesUp: "Time's up",
  paused: ' · paused',
  questionMark: 'Q · ',
  topQuestions: 'Top questions',
  chatMood: 'Chat mood',
  happy: 'Happy',
  unhappy: 'Unhappy',
  neutral: 'Neutral',
  askers: (n: string) => `×${n}`,
};

const zh: Translation<typeof en> = {
  pageTitle: 'Showrunner 直播画面',
  reconnecting: '正在重新连接 Showrunner',
  flashSale: '限时秒杀',
  startingSoon: '即将开抢',
  comingUp: '开抢预告',
  soldOut: '已抢光',
  saleEnded: '秒杀已结束',
  endsIn: '距结束',
  startsIn: '距开抢',
  startsOn: '开抢时间',
  ended: '已结束',
  stockLeft: (n) => `剩 ${n} 件`,
  stockLow: (n) => `仅剩 ${n} 件`,
  allSold: (n) => `${n} 件已全部售出`,
  // 34 % off is "6.6折" (what you pay, in tenths), the way Chinese shops write a discount
  discount: (pct) => `${String(Math.round(100 - pct) / 10)}折`,
  timesUp: '时间到',
  paused: ' · 已暂停',
  questionMark: '问 · ',
  topQuestions: '大家都在问',
  chatMood: '直播间氛围',
  happy: '开心',
  unhappy: '不满',
  neutral: '平稳',
  askers: (n) => `${n} 人问`,
};

export const overlayText: MessageSet<typeof en> = { en, zh };
export type OverlayText = Translation<typeof en>;
