/**
 * A recurring question's lines read the same on the pages (overlay/format.ts: console, overlay,
 * show review page) and in the server's terminal review (config/asked-lines.ts): two copies of one
 * rule, because the OBS page imports nothing outside overlay/.
 */
import { describe, expect, it } from 'vitest';
import * as server from '../../../config/asked-lines.js';
import * as pages from '../../../overlay/format.js';

const CARDS = [
  { text: 'when will it ship??', alt: '几天发货呀？？？', zh: false },
  { text: '几天发货呀！！', alt: 'when will it ship', zh: true },
  { text: 'how much is shipping?' },
  { text: '包邮吗？？', alt: undefined, zh: undefined },
  { text: 'wow!!! so nice', alt: '', zh: false },
];

describe('a question card’s lines', () => {
  it.each(CARDS)('read alike on the pages and in the terminal review: %o', (card) => {
    for (const lang of ['en', 'zh-CN'] as const) {
      expect(pages.bothLines(card, lang)).toBe(server.bothLines(card, lang));
      expect(pages.lineIn(card, lang)).toBe(server.lineIn(card, lang));
    }
    expect(pages.tidyAsked(card.text)).toBe(server.tidyAsked(card.text));
  });

  it('put the reader’s language first and read a run of marks once', () => {
    expect(server.bothLines(CARDS[0]!, 'zh-CN')).toBe('几天发货呀？ · when will it ship?');
    expect(server.bothLines(CARDS[0]!, 'en')).toBe('when will it ship? · 几天发货呀？');
    expect(server.lineIn(CARDS[1]!, 'en')).toBe('when will it ship');
  });
});
