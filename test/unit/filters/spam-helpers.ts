/** Shared builders for the spam, privacy and engine tests. */
import type { ChatMessage, Role } from '../../../config/chat.js';
import { FiltersConfigSchema, type FiltersConfig, type FiltersConfigInput } from '../../../config/filters-config.js';

let seq = 0;
export function chat(text: string, opts: { user?: string; roles?: Role[]; first?: boolean; emotes?: ChatMessage['emotes'] } = {}): ChatMessage {
  const user = opts.user ?? 'u1';
  return {
    id: `m${++seq}`,
    platform: 'test',
    channel: 'c',
    user: { id: user, name: user, displayName: user, roles: opts.roles ?? [], ...(opts.first !== undefined ? { firstMessage: opts.first } : {}) },
    text,
    emotes: opts.emotes ?? [],
    receivedAt: 0,
  };
}

export function config(input: FiltersConfigInput = {}): FiltersConfig {
  return FiltersConfigSchema.parse(input);
}
