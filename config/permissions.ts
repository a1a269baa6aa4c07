/**
 * Which control role may send which command, as plain code: no zod at run time, so the console page
 * can import it as a value (config/protocol.ts re-exports it for the server).
 */
import type { CommandKind, ControlRole } from './protocol.js';

/** Which control role may send which command. Overlay connections may send nothing. */
export const PERMISSIONS: Record<ControlRole, (kind: CommandKind) => boolean> = {
  producer: () => true,
  moderator: (k) => k.startsWith('moderation.') || k.startsWith('terms.') || k === 'sensitivity.set' || k === 'feature.set' || k === 'feature.clear',
  host: (k) => k === 'overlay.hide' || k === 'pin.clear' || k === 'feature.clear',
};

export function mayRun(role: ControlRole, kind: CommandKind): boolean {
  return PERMISSIONS[role](kind);
}
