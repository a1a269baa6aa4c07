/**
 * Reads the config once at start-up: defaults, then the file (YAML or JSON), then secrets from the
 * environment. On failure it throws ConfigError listing every bad field (path, expected, given,
 * secrets redacted); the file is never rewritten. On success the config is deep-frozen.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { UiLang } from '../config/i18n.js';
import { ConfigSchema, SECRET_PATHS, type Config } from '../config/schema.js';
import { ShowrunnerError, truncate } from './errors.js';
import { checkMessageIn, nearestWord, serverMessages, zhConfigError, type ServerText } from './messages.js';

export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
  readonly given: string;
}

export class ConfigError extends ShowrunnerError {
  readonly file: string;
  readonly issues: readonly ConfigIssue[];
  /** `lang` is the language of the message (the CLI's); the issues' paths and values stay as written. */
  /** `isFile`: `file` names a file (else a flag or variables: no file to leave unchanged). */
  constructor(file: string, issues: readonly ConfigIssue[], lang: UiLang = 'en', isFile = true) {
    super('SR_CONFIG_INVALID', formatIssues(file, issues, serverMessages(lang), isFile));
    this.file = file;
    this.issues = issues;
  }
}

function formatIssues(file: string, issues: readonly ConfigIssue[], t: ServerText, isFile: boolean): string {
  // a Chinese character takes two columns in a terminal
  const columns = (s: string): number => s.length + (s.match(/[\u3000-\u9fff\uff00-\uffef]/g)?.length ?? 0);
  const width = Math.max(...issues.map((i) => columns(i.path)), 4);
  const lines = issues.map((i) => `  ${i.path}${' '.repeat(width - columns(i.path))}  ${i.message}${i.given ? t.givenValue(i.given) : ''}`);
  return `${isFile ? t.configProblems(file, issues.length) : t.settingProblems(file, issues.length)}\n${lines.join('\n')}`;
}

/** Environment variables that fill config fields (secrets belong here, not in files). */
export const ENV_MAP: Readonly<Record<string, string>> = {
  SHOWRUNNER_PORT: 'server.port',
  SHOWRUNNER_HOST: 'server.host',
  SHOWRUNNER_DB: 'store.path',
  SHOWRUNNER_TWITCH_CHANNELS: 'twitch.channels',
  SHOWRUNNER_TWITCH_USERNAME: 'twitch.username',
  TWITCH_OAUTH_TOKEN: 'twitch.oauthToken',
  SHOWRUNNER_OBS_URL: 'obs.url',
  SHOWRUNNER_OBS_PASSWORD: 'obs.password',
  OBS_PASSWORD: 'obs.password',
  SHOWRUNNER_TOKEN_HOST: 'tokens.host',
  SHOWRUNNER_TOKEN_MODERATOR: 'tokens.moderator',
  SHOWRUNNER_TOKEN_PRODUCER: 'tokens.producer',
  SHOWRUNNER_TOKEN_INGEST: 'tokens.ingest',
  TWITCH_CLIENT_ID: 'helix.clientId',
  TWITCH_HELIX_TOKEN: 'helix.token',
  SHOWRUNNER_TIKTOK_USERNAME: 'tiktok.username',
  TIKTOK_SIGN_API_KEY: 'tiktok.signApiKey',
  SHOWRUNNER_YOUTUBE_VIDEO_ID: 'youtube.videoId',
  YOUTUBE_API_KEY: 'youtube.apiKey',
  YOUTUBE_OAUTH_TOKEN: 'youtube.oauthToken',
  YOUTUBE_CLIENT_ID: 'youtube.clientId',
  YOUTUBE_CLIENT_SECRET: 'youtube.clientSecret',
  YOUTUBE_REFRESH_TOKEN: 'youtube.refreshToken',
};

const NUMERIC_ENV = new Set(['server.port']);
const LIST_ENV = new Set(['twitch.channels']);

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = obj;
  for (const k of keys.slice(0, -1)) {
    const next = node[k];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

function getPath(obj: unknown, path: readonly PropertyKey[]): unknown {
  let node = obj;
  for (const k of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[k];
  }
  return node;
}

function describeGiven(path: string, value: unknown): string {
  if (value === undefined) return '';
  if (SECRET_PATHS.includes(path)) return '[redacted]';
  const json = JSON.stringify(value);
  return truncate(json ?? String(value), 60);
}

export function readConfigFile(file: string, lang: UiLang = 'en'): Record<string, unknown> {
  const t = serverMessages(lang);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ShowrunnerError('SR_CONFIG_UNREADABLE', t.cannotRead(file, (cause as Error).message), { cause });
  }
  try {
    const raw: unknown = extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
    if (raw === null || raw === undefined) return {};
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(t.topLevelMapping);
    return raw as Record<string, unknown>;
  } catch (cause) {
    throw new ShowrunnerError('SR_CONFIG_UNREADABLE', t.notParsable(file, extname(file) === '.json' ? 'JSON' : 'YAML', (cause as Error).message), { cause });
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The config with the CLI's replay flags applied (`--speed X`, `--no-loop`), frozen like the rest.
 * Copies only the top level and `replay`: every other part (secrets included, which a deep clone
 * would strip of their methods) is the same frozen object.
 */
export function withReplayOverrides(config: Config, o: { speed?: string | undefined; noLoop?: boolean | undefined }, lang: UiLang = 'en'): Config {
  if (o.speed === undefined && !o.noLoop) return config;
  let speed = config.replay.speed;
  if (o.speed !== undefined) {
    speed = Number(o.speed);
    if (!(speed > 0)) throw new ConfigError('--speed', [{ path: 'replay.speed', message: serverMessages(lang).speedPositive, given: JSON.stringify(o.speed) }], lang, false);
  }
  return Object.freeze({ ...config, replay: Object.freeze({ ...config.replay, speed, loop: o.noLoop ? false : config.replay.loop }) });
}

/**
 * Validates raw config (file content merged with env); throws ConfigError naming every bad field (in `lang`).
 * `file` is null when there is no file (defaults and the environment only); `names` says how a person
 * set an environment variable when it was not by hand (`{ SHOWRUNNER_PORT: '--port' }`): a value that
 * came from one is named by it, as it was typed. `everyField` refuses a field no section knows at
 * any depth (loadConfig: a person's file), not only at the top level.
 */
export function parseConfig(raw: Record<string, unknown>, file: string | null = 'config', env: NodeJS.ProcessEnv = {}, lang: UiLang = 'en', names: Readonly<Record<string, string>> = {}, everyField = false): Config {
  const merged = structuredClone(raw);
  const fromEnv = new Map<string, { name: string; typed: string }>();
  for (const [name, path] of Object.entries(ENV_MAP)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    fromEnv.set(path, { name: names[name] ?? name, typed: v });
    // a number that is not one stays the text it was, so the error says "received string, given "abc""
    setPath(merged, path, NUMERIC_ENV.has(path) ? (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v) : LIST_ENV.has(path) ? v.split(',').map((s) => s.trim()).filter(Boolean) : v);
  }
  const t = serverMessages(lang);
  // Chinese for the checks zod describes (expected kind, too small…): ours, else zod's own
  const result = ConfigSchema.safeParse(merged, lang === 'zh-CN' ? { error: zhConfigError } : undefined);
  const issues = toIssues(result.success ? null : result.error, merged, t, lang, fromEnv, everyField);
  if (result.success && issues.length === 0) return deepFreeze(result.data);
  const origins = [...new Set(issues.map((i) => i.from).filter((n): n is string => n !== undefined))];
  throw new ConfigError(file ?? (origins.length ? origins.join(', ') : t.defaultConfig), issues, lang, file !== null);
}

interface SchemaNode {
  readonly def: { readonly type: string; readonly innerType?: SchemaNode; readonly in?: SchemaNode; readonly out?: SchemaNode; readonly shape?: Record<string, SchemaNode>; readonly catchall?: SchemaNode; readonly valueType?: SchemaNode; readonly element?: SchemaNode };
}

/** The schema under its wrappers (default, optional, a refine's or transform's pipe). */
function unwrapSchema(node: SchemaNode | undefined): SchemaNode | undefined {
  for (let i = 0; node && i < 20; i++) {
    const d = node.def;
    if (d.innerType) node = d.innerType;
    else if (d.type === 'pipe') node = d.in && d.in.def.type !== 'transform' ? d.in : d.out;
    else return node;
  }
  return node;
}

/**
 * Fields the config schema does not know, at any depth: a section's schema drops unknown keys
 * silently (only the top level is strict), so a file's `server: { prot: 4600 }` started on the default port.
 * Objects that accept any key (loose, records' keys) and unions are not judged.
 */
function unknownKeys(node: SchemaNode | undefined, value: unknown, path: readonly (string | number)[], out: { path: (string | number)[]; keys: string[]; known: string[]; strict: boolean }[]): void {
  const n = unwrapSchema(node);
  if (!n || value === null || typeof value !== 'object') return;
  if (n.def.type === 'array' && Array.isArray(value)) value.forEach((v, i) => unknownKeys(n.def.element, v, [...path, i], out));
  else if (n.def.type === 'record' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) unknownKeys(n.def.valueType, v, [...path, k], out);
  else if (n.def.type === 'object' && n.def.shape && !Array.isArray(value)) {
    const shape = n.def.shape;
    const loose = n.def.catchall !== undefined && n.def.catchall.def.type !== 'never';
    const unknown = Object.keys(value).filter((k) => !Object.hasOwn(shape, k));
    if (unknown.length && !loose) out.push({ path: [...path], keys: unknown, known: Object.keys(shape), strict: n.def.catchall !== undefined });
    for (const [k, v] of Object.entries(value)) if (Object.hasOwn(shape, k)) unknownKeys(shape[k], v, [...path, k], out);
  }
}

function toIssues(error: z.ZodError | null, input: unknown, t: ServerText, lang: UiLang, fromEnv: ReadonlyMap<string, { name: string; typed: string }>, everyField: boolean): (ConfigIssue & { from?: string })[] {
  const all: { path: (string | number)[]; keys: string[]; known: string[]; strict: boolean }[] = [];
  unknownKeys(ConfigSchema as unknown as SchemaNode, input, [], all);
  // strict objects are zod's to refuse (said here with a suggestion); the others only for a person's file
  const found = all.filter((f) => f.strict || everyField);
  const said = new Set(found.map((f) => f.path.join('.')));
  const unknown = found.map(({ path, keys, known }) => ({
    path: path.map(String).join('.') || t.topLevel,
    message: t.unknownFields(keys.map((k) => `"${k}"${nearestWord(k, known) ? t.didYouMean(`"${nearestWord(k, known)}"`) : ''}`).join(', '), keys.length),
    given: '',
  }));
  // zod's own unknown-key issues are the ones found above (any the walk did not reach, as zod says them)
  return [...(error?.issues ?? []).filter((issue) => issue.code !== 'unrecognized_keys' || !said.has(issue.path.join('.'))).map((issue) => {
    const path = issue.path.map(String).join('.');
    const message = issue.code === 'unrecognized_keys' ? t.unknownFields(issue.keys.map((k) => `"${k}"`).join(', '), issue.keys.length) : checkMessageIn(lang, issue.message);
    const env = fromEnv.get(path) ?? [...fromEnv].find(([p]) => path.startsWith(`${p}.`))?.[1];
    const given = env && fromEnv.get(path) ? describeGiven(path, env.typed) : describeGiven(path, getPath(input, issue.path));
    const shown = (path || t.topLevel) + (env ? ` (${env.name})` : '');
    return env ? { path: shown, message, given, from: env.name } : { path: shown, message, given };
  }), ...unknown];
}

/** Loads `file` if given (or showrunner.config.{yaml,yml,json} in cwd if present), env on top. */
export function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env, lang: UiLang = 'en', names: Readonly<Record<string, string>> = {}): { config: Config; file: string | null } {
  const candidates = file ? [file] : ['showrunner.config.yaml', 'showrunner.config.yml', 'showrunner.config.json'];
  const found = candidates.find((f) => existsSync(f)) ?? null;
  if (file && !found) throw new ShowrunnerError('SR_CONFIG_UNREADABLE', serverMessages(lang).noSuchFile(file));
  const raw = found ? readConfigFile(found, lang) : {};
  // a person's file: a field no section knows is refused too (sections drop unknown keys by themselves)
  return { config: parseConfig(raw, found, env, lang, names, true), file: found };
}
