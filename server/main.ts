/**
 * The CLI entry: `npm start [-- --config FILE] [--port N] [--speed X] [--no-loop]`. Loads and
 * validates the config (exit 1 listing every bad field), starts the app, prints where things are
 * and one status line per part, and shuts down cleanly on Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { renderStatus, STATUS_TEXT, type StatusMessage } from '../config/status-text.js';
import type { ObsStatus, SourceStatus } from '../config/views.js';
import { startApp } from './app.js';
import { bannerLines, tokensFilePath, writeTokensFile } from './banner.js';
import { loadConfig, withReplayOverrides } from './config-load.js';
import { ShowrunnerError } from './errors.js';
import { cliArgsProblem, cliLang, listenProblem, rawLangArg, serverMessages, serverText } from './messages.js';
import { logTextFor } from './log-text.js';
import { watchParents } from './parent-watch.js';
import { defaultParts } from './parts.js';
import { claimStore } from './store-lock.js';


function stamp(): string {
  return new Date().toISOString().slice(11, 19);
}

/** The CLI's messages: set once the arguments are read (`--lang`, else the system locale). */
let text = serverMessages(cliLang(undefined, process.env) ?? 'en');

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: { config: { type: 'string' }, port: { type: 'string' }, speed: { type: 'string' }, 'no-loop': { type: 'boolean' }, 'show-tokens': { type: 'boolean' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (err) {
    const said = serverMessages(cliLang(rawLangArg(process.argv.slice(2)), process.env) ?? cliLang(undefined, process.env) ?? 'en');
    console.error(`${cliArgsProblem(err, said, process.env)}\n\n${said.usage}`);
    process.exit(2);
  }
  const lang = cliLang(args.lang, process.env);
  if (lang === undefined) {
    console.error(`${serverText.en.badLang(String(args.lang))}\n${serverText.zh.badLang(String(args.lang))}\n\n${text.usage}`);
    process.exit(2);
  }
  text = serverMessages(lang);
  if (args.help) {
    console.log(text.usage);
    return;
  }
  const env = { ...process.env };
  if (args.port !== undefined) env['SHOWRUNNER_PORT'] = args.port;
  let loaded;
  try {
    loaded = loadConfig(args.config, env, lang, args.port !== undefined ? { SHOWRUNNER_PORT: '--port' } : {});
    loaded = { ...loaded, config: withReplayOverrides(loaded.config, { speed: args.speed, noLoop: args['no-loop'] }, lang) };
  } catch (err) {
    if (err instanceof ShowrunnerError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const { config, file } = loaded;
  // one server per store: a second would share its queue and shows and rewrite tokens.txt
  const claim = claimStore(config.store.path);
  if (!claim.ok) {
    console.error(text.storeInUse(config.store.path, claim.holder.pid, claim.holder.url));
    process.exit(1);
  }
  process.on('exit', () => claim.release());
  const log = (line: string): void => console.log(`${stamp()} ${line}`);
  const logText = logTextFor(lang);
  const parts = defaultParts(log, logText);
  const app = await startApp(config, { log, logText, ...parts });
  claim.at(app.url(''));

  const bold = (s: string): string => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
  console.log(`\n${text.running(bold('Showrunner'), file)}\n`);
  const tokensFile = tokensFilePath(config.store.path);
  writeTokensFile(tokensFile, (path) => app.url(path), app.tokens);
  // Tokens go to a terminal only: a service's stdout ends up in logs (README "Run it").
  console.log(bannerLines({ url: (path) => app.url(path), tokens: app.tokens, showTokens: Boolean(process.stdout.isTTY || args['show-tokens']), tokensFile, lang }).join('\n') + '\n');
  console.log(text.storeLine(config.store.path, app.store.schemaVersion, app.queue.size));

  const state = app.hub.state as { sources: Record<string, SourceStatus>; obs: ObsStatus };
  const lastLine = new Map<string, string>();
  const statusLine = (name: string, line: string): void => {
    if (lastLine.get(name) === line) return;
    lastLine.set(name, line);
    log(line);
  };
  // a status that comes as a message is printed in the terminal's language, not as "English · 中文"
  const said = (s: { detail: string; message?: StatusMessage | undefined }): string => (s.message ? renderStatus(lang === 'en' ? STATUS_TEXT.en : STATUS_TEXT.zh, s.message) : null) ?? s.detail;
  const printStatus = (): void => {
    for (const [name, s] of Object.entries(state.sources)) statusLine(name, text.sourceLine(name, s.state, s.detail ? said(s) : ''));
    const o = state.obs;
    statusLine('obs', text.obsLine(o.state, o.detail ? said(o) : ''));
  };
  const timer = setInterval(printStatus, 500);
  printStatus();

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    log(text.stopping(signal));
    // a close that hangs (a stuck OBS socket) must not keep the port: give it 5 s
    setTimeout(() => {
      console.error(text.slowShutdown);
      process.exit(1);
    }, 5000).unref();
    await app.close();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
  // npm → sh → this process: a signal to npm may not reach us, so also stop when npm or sh is gone
  watchParents((why) => void stop(why));
}

main().catch((err: unknown) => {
  if (err instanceof ShowrunnerError) console.error(`${err.code}: ${err.message}`);
  else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') console.error(text.portInUse((err as Error).message));
  else console.error(listenProblem(err, text) ?? err);
  process.exit(1);
});
