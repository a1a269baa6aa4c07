/** A platform's own moderation: the featured slot empties only when the event covers it. */
import { describe, expect, it } from 'vitest';
import type { Annotated, ModEvent } from '../../../config/chat.js';
import type { Featured } from '../../../config/protocol.js';
import { createModEventHandler, hitsFeatured } from '../../../server/moderation/mod-events.js';

const f = { messageId: 'm1', userId: 'u1', displayName: 'Ann', text: 'hi', featuredAt: 0 } as unknown as Featured;
const shown = (id: string): Annotated | undefined =>
  id === 'm1' ? ({ message: { id: 'm1', user: { id: 'u1', name: 'Ann_1' } } } as unknown as Annotated) : undefined;
const base = { platform: 'twitch', channel: 'shop', at: 0 };

describe('platform moderation events', () => {
  it.each<[string, ModEvent, boolean]>([
    ['a delete of the featured line', { ...base, kind: 'delete', messageId: 'm1' }, true],
    ['a delete of another line', { ...base, kind: 'delete', messageId: 'm2' }, false],
    ['a timeout of the viewer by id', { ...base, kind: 'timeout', userId: 'u1', userName: 'x', durationS: 60 }, true],
    ['a ban of the viewer by name (any case)', { ...base, kind: 'ban', userName: 'ann_1' }, true],
    ['a ban of someone else', { ...base, kind: 'ban', userId: 'u9', userName: 'eve' }, false],
    ['a chat clear', { ...base, kind: 'clear' }, true],
  ])('%s → featured cleared: %s', (_name, ev, hit) => {
    expect(hitsFeatured(ev, f, shown)).toBe(hit);
  });

  it('always tells the queue and refreshes the audit; clears the featured slot only on a hit', () => {
    const log: string[] = [];
    let featured: Featured | null = f;
    const handle = createModEventHandler({
      queue: { applyModEvent: (ev) => log.push(`queue:${ev.kind}`) },
      featured: () => featured,
      clearFeatured: () => {
        featured = null;
        log.push('cleared');
      },
      shown,
      auditChanged: () => log.push('audit'),
    });
    handle({ ...base, kind: 'delete', messageId: 'm2' });
    handle({ ...base, kind: 'delete', messageId: 'm1' });
    handle({ ...base, kind: 'clear' });
    expect(log).toEqual(['queue:delete', 'audit', 'queue:delete', 'cleared', 'audit', 'queue:clear', 'audit']);
  });
});
