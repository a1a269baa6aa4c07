/** What every console section gets: the hub client, the role, a command runner that reports errors, and toasts. */
import type { Command, CommandKind, ControlRole } from '../config/protocol.js';
import type { ControlState } from '../config/views.js';
import type { CommandError, HubClient } from './hub-client.js';
import { h } from './dom.js';

export interface Section {
  /** Top-level state keys this section renders; null = all. */
  readonly keys: readonly (keyof ControlState)[];
  render(state: Partial<ControlState>): void;
  /** Called once a second (ages, clocks). */
  tick?(now: number): void;
  /** Keyboard shortcut handler; returns true when it used the key. */
  key?(ev: KeyboardEvent): boolean;
}

export interface Ctx {
  readonly client: HubClient;
  readonly role: ControlRole;
  readonly may: (kind: CommandKind) => boolean;
  /** Runs a command; on failure shows the error and resolves undefined. */
  run(cmd: Command): Promise<unknown>;
  toast(text: string, kind?: 'ok' | 'error' | 'info', opts?: { action?: { label: string; run: () => void }; untilServerTime?: number; ms?: number }): HTMLElement;
}

export function createToasts(host: HTMLElement, client: HubClient): Ctx['toast'] {
  return (text, kind = 'info', opts = {}) => {
    const t = h('div', { class: `toast ${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } }, h('span', { text }));
    if (opts.action) {
      const a = opts.action;
      t.append(h('button', { text: a.label, on: { click: () => { a.run(); t.remove(); } } }));
    }
    host.append(t);
    const ms = opts.untilServerTime !== undefined ? Math.max(500, opts.untilServerTime - client.now()) : (opts.ms ?? (kind === 'error' ? 6000 : 2500));
    setTimeout(() => t.remove(), ms);
    return t;
  };
}

export function makeRunner(client: HubClient, toast: Ctx['toast']): Ctx['run'] {
  return async (cmd) => {
    try {
      return await client.send(cmd);
    } catch (err) {
      const e = err as CommandError;
      toast(`${cmd.kind}: ${e.code ? `${e.code} — ` : ''}${e.message}`, 'error');
      return undefined;
    }
  };
}

/** True when a key event comes from a text field (shortcuts must not fire while typing). */
export function typing(ev: KeyboardEvent): boolean {
  const t = ev.target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}
