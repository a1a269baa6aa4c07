/**
 * Which Chromium the browser tests, the overlay bench and the screenshot script launch, decided
 * once per process:
 *
 *   1. `CHROMIUM_PATH`, when set;
 *   2. a system browser on PATH: chromium, chromium-browser, google-chrome, google-chrome-stable;
 *   3. the Chromium shipped inside the npm package @sparticuz/chromium (a devDependency, so
 *      `npm install` alone brings a browser), unpacked once into node_modules/.cache.
 *
 * `SHOWRUNNER_BROWSER=npm` skips 1 and 2 (to test the npm path on a machine that has a system
 * Chromium). One line on stderr says which browser was picked (once per test run: the browser
 * project's global setup resolves it before the test files start).
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, relative, resolve } from 'node:path';

export interface ChromiumChoice {
  readonly executablePath: string;
  /** Extra environment for the browser process (the npm build's own libraries and fonts). */
  readonly env: Readonly<Record<string, string>>;
  /** Human-readable origin, e.g. "system chromium (/usr/bin/chromium)". */
  readonly source: string;
}

const ROOT = resolve(import.meta.dirname, '..', '..');
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

const ANNOUNCED = 'SHOWRUNNER_BROWSER_ANNOUNCED';
let cached: Promise<ChromiumChoice> | undefined;

/** The browser to launch; resolved (and, for the npm build, unpacked) on the first call only. */
export function resolveChromium(): Promise<ChromiumChoice> {
  cached ??= pick().then((choice) => {
    // Vitest's global setup resolves first and announces; its test workers inherit the mark.
    if (process.env[ANNOUNCED] !== choice.executablePath) process.stderr.write(`browser: ${choice.source}\n`);
    process.env[ANNOUNCED] = choice.executablePath;
    return choice;
  });
  return cached;
}

async function pick(): Promise<ChromiumChoice> {
  const mode = process.env['SHOWRUNNER_BROWSER'];
  if (mode !== undefined && mode !== '' && mode !== 'npm') throw new Error(`SHOWRUNNER_BROWSER=${mode}: only "npm" is understood (or leave it unset)`);
  if (mode !== 'npm') {
    const fromEnv = process.env['CHROMIUM_PATH'];
    if (fromEnv) {
      if (!isExecutable(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file`);
      return { executablePath: fromEnv, env: {}, source: `CHROMIUM_PATH (${fromEnv})` };
    }
    for (const name of SYSTEM_NAMES) {
      const found = onPath(name);
      if (found) return { executablePath: found, env: {}, source: `system ${name} (${found})` };
    }
  }
  return npmChromium();
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, name);
    if (isExecutable(file)) return file;
  }
  return undefined;
}

/**
 * Unpacks @sparticuz/chromium into node_modules/.cache/showrunner/chromium-<version>/ unless it is
 * there already. The package's own executablePath() unpacks into os.tmpdir(), so it runs in a child
 * Node with TMPDIR pointing at a fresh staging directory, which is then renamed into place: another
 * process never sees a half-written browser, and nothing lands in the shared /tmp.
 * Besides the browser it unpacks the package's NSS/expat libraries (al2023.tar.br, meant for AWS
 * but plain x86-64 ELF) so the browser needs nothing from the system beyond libc.
 */
async function npmChromium(): Promise<ChromiumChoice> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`no Chromium found: set CHROMIUM_PATH (the npm-shipped @sparticuz/chromium is Linux x86-64 only, this is ${process.platform}-${process.arch})`);
  }
  // (createRequire, not import.meta.resolve: Vite's module runner, which loads Vitest's global setup, lacks the latter.)
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const pkgDir = resolve(dirname(entry), '..');
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const cacheRoot = join(ROOT, 'node_modules', '.cache', 'showrunner');
  const dir = join(cacheRoot, `chromium-${version}`);
  let how = 'already unpacked';
  if (!existsSync(join(dir, 'chromium'))) {
    const started = performance.now();
    mkdirSync(cacheRoot, { recursive: true });
    const staging = `${dir}.tmp-${process.pid}-${Date.now()}`;
    mkdirSync(staging);
    try {
      const script = [
        `import chromium, { inflate } from '@sparticuz/chromium';`,
        `await chromium.executablePath();`,
        `await inflate(${JSON.stringify(join(pkgDir, 'bin', 'al2023.tar.br'))});`,
      ].join('\n');
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, TMPDIR: staging }, stdio: ['ignore', 'ignore', 'inherit'] });
      writeFileSync(join(staging, 'fonts.conf'), fontsConf(dir));
      try {
        renameSync(staging, dir);
      } catch (err) {
        // Another process finished first: use its copy.
        if (!existsSync(join(dir, 'chromium'))) throw err;
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    how = `unpacked in ${((performance.now() - started) / 1000).toFixed(1)} s`;
  }
  const libs = join(dir, 'al2023', 'lib');
  const ldPath = process.env['LD_LIBRARY_PATH'];
  return {
    executablePath: join(dir, 'chromium'),
    env: { LD_LIBRARY_PATH: ldPath ? `${libs}${delimiter}${ldPath}` : libs, FONTCONFIG_PATH: dir },
    source: `@sparticuz/chromium ${version} from npm (${relative(ROOT, dir)}, ${how})`,
  };
}

/**
 * Fontconfig setup for the npm build: the system's fonts when the machine has a fontconfig setup
 * (fonts-noto-cjk for the Chinese on the overlay, say), plus the Open Sans the package ships so
 * Latin text renders even where no font is installed at all.
 */
function fontsConf(dir: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${join(dir, 'fonts', 'fonts')}</dir>
  <cachedir>${join(dir, 'fonts-cache')}</cachedir>
</fontconfig>
`;
}
