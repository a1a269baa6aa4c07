/**
 * What `npm start` says when its options are mistyped: in the reader's language, naming the option
 * and what was expected (README "Run it"). The errors are parseArgs' own, read the way main.ts reads
 * its options.
 */
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliArgsProblem, listenProblem, serverText } from '../../server/messages.js';

const OPTIONS = { config: { type: 'string' }, port: { type: 'string' }, speed: { type: 'string' }, 'no-loop': { type: 'boolean' }, 'show-tokens': { type: 'boolean' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

function problem(args: string[], lang: 'en' | 'zh', env: NodeJS.ProcessEnv = {}): string {
  try {
    parseArgs({ args, options: OPTIONS, strict: true });
  } catch (err) {
    return cliArgsProblem(err, serverText[lang], env);
  }
  throw new Error('expected the arguments to be refused');
}

describe('mistyped npm start options', () => {
  it('names an unknown option and the one it is nearest to', () => {
    expect(problem(['--prot', '4621'], 'en')).toBe('unknown option --prot (did you mean --port?)');
    expect(problem(['--prot', '4621'], 'zh')).toBe('没有 --prot 这个选项（是不是想用 --port？）');
    expect(problem(['--verbose'], 'en')).toBe('unknown option --verbose');
  });

  it('says an option needs a value, or takes none', () => {
    expect(problem(['--config'], 'en')).toBe('--config needs a value, e.g. --config FILE');
    expect(problem(['--config'], 'zh')).toBe('--config 后面要跟一个值，例如 --config 文件');
    expect(problem(['--no-loop=3'], 'en')).toBe('--no-loop takes no value');
    expect(problem(['--no-loop=3'], 'zh')).toBe('--no-loop 后面不能跟值');
  });

  it('tells `npm start --port 4621` (npm kept the option) to put -- before the options', () => {
    // npm takes `--port` for itself (npm_config_port=true) and passes 4621 on alone
    const env = { npm_config_port: 'true' };
    expect(problem(['4621'], 'en', env)).toBe('unexpected argument 4621: npm keeps options written before --, so write npm start -- --port 4621');
    expect(problem(['4621'], 'zh', env)).toBe('多出来的参数 4621：写在 -- 前面的选项被 npm 拿走了，请写成 npm start -- --port 4621');
    expect(problem(['foo'], 'en')).toBe('unexpected argument foo: npm keeps options written before --, so write npm start -- --port N');
  });
});

describe('a server address that cannot be used', () => {
  const listenError = (host: string, port: number): Promise<unknown> =>
    new Promise((resolve) => {
      const server = createServer();
      server.once('error', resolve);
      server.listen(port, host, () => server.close(() => resolve(null)));
    });

  it('names server.host when the host is not one of this machine (a typo in SHOWRUNNER_HOST)', async () => {
    const err = await listenError('localhst.invalid', 0);
    expect(listenProblem(err, serverText.en)).toBe('cannot listen on localhst.invalid: no such address on this machine. Check server.host or SHOWRUNNER_HOST (default 127.0.0.1)');
    expect(listenProblem(err, serverText.zh)).toBe('无法在 localhst.invalid 上监听：本机没有这个地址。请检查 server.host 或 SHOWRUNNER_HOST（默认 127.0.0.1）');
  });

  it('leaves other errors to the caller', () => {
    expect(listenProblem(new Error('boom'), serverText.en)).toBeNull();
  });
});
