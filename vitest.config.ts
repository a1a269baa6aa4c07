import { execFileSync } from 'node:child_process';
import { defineConfig } from 'vitest/config';

function onPath(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The real-OBS project runs where OBS and Xvfb are installed, or wherever SHOWRUNNER_REQUIRE_OBS=1
 * (CI sets it, so a missing OBS fails there). Elsewhere it is left out rather than skipped, and
 * the same cue logic still runs against the local obs-websocket v5 server in 'integration'.
 */
const withObs = process.env['SHOWRUNNER_REQUIRE_OBS'] === '1' || (onPath(process.env['SHOWRUNNER_OBS_BIN'] ?? 'obs') && onPath('Xvfb'));
if (!withObs) process.stderr.write('obs: real-OBS tests left out (no OBS Studio or Xvfb on PATH; SHOWRUNNER_REQUIRE_OBS=1 requires them)\n');

/** Projects: fast unit tests, integration tests with real servers, real-Chromium browser tests, real OBS. */
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], environment: 'node', testTimeout: 20_000, hookTimeout: 30_000 } },
      { test: { name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/support/browser-global-setup.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false } },
      ...(withObs ? [{ test: { name: 'obs', include: ['test/obs/**/*.test.ts'], environment: 'node' as const, testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false } }] : []),
    ],
  },
});
