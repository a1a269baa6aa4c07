/** OBS control over obs-websocket v5: see controller.ts and docs/obs.md. */
export { createObsController } from './controller.js';
export type { ObsController, ObsCue, ObsDeps, ObsResult, ObsSceneList } from './controller.js';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
