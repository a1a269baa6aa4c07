/** What every console section gets: the hub client, the role, a command runner that reports errors, and toasts. */
import type { Command, CommandKind, ControlRole } from '../config/protocol.js';
import type { ControlState } from '../config/views.js';
import type { UiLang } from '../config/i18n.js';
import type { CommandError, HubClient } from './hub-client.js';
import type { ConsoleText } from './console-text.js';
import type { Fmt } from './i18n.js';
import { h } from './dom.js';
import { errorMessage } from './console-errors.js';

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
  /** The console's language, its texts and its `Intl` formats. */
  readonly lang: UiLang;
  readonly t: ConsoleText;
  readonly fmt: Fmt;
  /** A wait or an age in the console's language: "3m 05s" / "3分05秒". */
  age(ms: number): string;
  /** Runs a command; on failure shows the error and resolves undefined. */
  run(cmd: Command): Promise<unknown>;
  /** `code`: the error's SR_* code, kept on the toast as `data-code` (the text is in the console's language). */
  toast(text: string, kind?: 'ok' | 'error' | 'info', opts?: { action?: { label: string; run: () => void }; untilServerTime?: number; ms?: number; code?: string }): HTMLElement;
}

export function createToasts(host: HTMLElement, client: HubClient): Ctx['toast'] {
  return (text, kind = 'info', opts = {}) => {
    const t = h('div', { class: `toast ${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status', ...(opts.code ? { 'data-code': opts.code } : {}) } }, h('span', { text }));
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

/** "12s", "3m 05s", "1h 02m" (or 12秒, 3分05秒, 1小时02分): a wait or an age. */
export function ageText(t: ConsoleText, ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return t.age(Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60);
}

/** Runs commands; a refusal shows as an error toast in the console's language (console-errors.ts). */
export function makeRunner(client: HubClient, toast: Ctx['toast'], t: () => ConsoleText, lang: () => UiLang): Ctx['run'] {
  return async (cmd) => {
    try {
      return await client.send(cmd);
    } catch (err) {
      const e = err as CommandError;
      const code = e.code ?? '';
      toast(t().commandFailed(cmd.kind, code, errorMessage(code, e.message, lang())), 'error', code ? { code } : {});
      return undefined;
    }
  };
}

/**
 * Where a list's cursor goes when its item left: the nearest item after `at` in the list as it was
 * (`before`) that is still listed, else the nearest before it (the held queue and the flagged list).
 */
export function nearestLeft<T>(before: readonly T[], at: number, listed: (item: T) => boolean): T | undefined {
  for (let k = at + 1; k < before.length; k++) if (listed(before[k] as T)) return before[k];
  for (let k = at - 1; k >= 0; k--) if (listed(before[k] as T)) return before[k];
  return undefined;
}

/** True when a key event comes from a text field (shortcuts must not fire while typing). */
export function typing(ev: KeyboardEvent): boolean {
  const t = ev.target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}
