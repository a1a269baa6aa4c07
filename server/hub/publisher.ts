/**
 * How the running parts write the control state: typed paths into `ControlState` (config/views.ts)
 * that the hub sends as coalesced patches. A path that does not exist, or a value of the wrong
 * shape for it, fails `tsc`.
 */
import type { StatePath, ValueAt } from '../../config/state-path.js';
import type { ControlState } from '../../config/views.js';

export type ControlPath = StatePath<ControlState>;

export interface Publisher {
  set<P extends ControlPath>(path: P, value: ValueAt<ControlState, P>): void;
  del<P extends ControlPath>(path: P): void;
}

/** Sets one value in the control state (the hub patches every client that may see it). */
export type Publish = Publisher['set'];
