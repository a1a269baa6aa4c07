/** Vitest global setup of the browser project: picks (and, the first time, unpacks) Chromium once, up front. */
import { resolveChromium } from './chromium-path.js';

export default async function setup(): Promise<void> {
  await resolveChromium();
}
