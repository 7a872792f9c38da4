// Loading the ecosystem file (SPEC section 3): everything wrong with it is refused before anything
// starts, naming the file and the JSON path of the culprit; what passes comes out normalised
// (absolute paths, durations in ms, defaults filled in) so nothing downstream re-interprets it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitArgs } from './args';
import { parseDuration } from './duration';
import { JsonSyntaxError, parseJson } from './json';
import { SchemaValidator, type Schema, type Violation } from './schema-validator';
import type { AppConfig, DaemonConfig, Ecosystem, HealthConfig } from './types';
import { MAX_APP_NAME_LENGTH, boundedTextProblem, preview } from '../protocol/limits';

export { parseDuration } from './duration';
export type { Violation } from './schema-validator';
export type { AppConfig, DaemonConfig, Ecosystem, HealthConfig, TcpConfig, UpdatesConfig } from './types';

export const APP_DEFAULTS = {
  instances: 1,
  autorestart: true,
  max_restarts: 15,
  min_uptime: 1000,
  restart_delay: 0,
  kill_timeout: 1600,
  health_timeout: 10_000,
  updates: { replay: true, max_tries: 10, sleep_time: 1000, hook_timeout: 30_000 },
  tcp_host: '127.0.0.1',
} as const;

export const APP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Why an app name is refused (the CLI and the daemon ask the same), or null. */
export function appNameProblem(name: string): string | null {
  return boundedTextProblem(name, MAX_APP_NAME_LENGTH)
    ?? (APP_NAME_PATTERN.test(name) ? null : `invalid app name ${preview(name)}: use letters, digits, "_", "." and "-", starting with a letter or digit`);
}
/** `moult stop all` means every app, so no app may be called that. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['all']);

// dist/config/ecosystem.js → <package>/config/ecosystem.schema.json; the second candidate is for
// running the sources directly (ts-node, tests of config/ alone).
export const SCHEMA_FILE = [
  path.join(__dirname, '..', '..', 'config', 'ecosystem.schema.json'),
  path.join(__dirname, 'ecosystem.schema.json'),
].find((f) => fs.existsSync(f)) ?? path.join(__dirname, '..', '..', 'config', 'ecosystem.schema.json');

const MAX_LISTED = 20;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'ECONFIG';
  /** Path of the first problem ('' for the file as a whole). */
  readonly path: string;
  readonly problems: readonly Violation[];

  constructor(file: string, path: string, problem: string);
  constructor(file: string, problems: readonly Violation[]);
  constructor(readonly file: string, pathOrProblems: string | readonly Violation[], problem?: string) {
    const list = typeof pathOrProblems === 'string' ? [{ path: pathOrProblems, message: problem ?? 'invalid' }] : pathOrProblems;
    const lines = list.slice(0, MAX_LISTED).map((p) => (p.path ? `${file}: ${p.path}: ${p.message}` : `${file}: ${p.message}`));
    if (list.length > MAX_LISTED) lines.push(`${file}: ... and ${list.length - MAX_LISTED} more problems`);
    super(lines.join('\n'));
    this.path = list[0]?.path ?? '';
    this.problems = list;
  }
}

let validator: SchemaValidator | undefined;

function schemaValidator(): SchemaValidator {
  validator ??= new SchemaValidator(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as Schema);
  return validator;
}

/** Problems the file has in itself (schema, duplicate or reserved names); nothing on disk is looked at. */
export function validateEcosystem(raw: unknown): Violation[] {
  const found = schemaValidator().validate(raw);
  const apps = (raw as { apps?: unknown } | null)?.apps;
  if (!Array.isArray(apps)) return found;
  const seen = new Map<string, number>();
  apps.forEach((app: unknown, i) => {
    const name = (app as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return;
    const first = seen.get(name);
    if (first !== undefined) found.push({ path: `apps[${i}].name`, message: `duplicate app name "${name}" (also apps[${first}].name)` });
    else seen.set(name, i);
    if (RESERVED_NAMES.has(name)) found.push({ path: `apps[${i}].name`, message: `"${name}" is reserved (it means every app)` });
  });
  return found;
}

// The shape the schema guarantees once validateEcosystem found nothing.
type Duration = number | string;
interface RawApp {
  name: string; script: string; args?: string | string[]; cwd?: string;
  env?: Record<string, string | number | boolean>; instances?: number; autorestart?: boolean;
  max_restarts?: number; min_uptime?: Duration; restart_delay?: Duration;
  exp_backoff_restart_delay?: Duration; kill_timeout?: Duration; out_file?: string; error_file?: string;
  node_args?: string | string[]; health?: { http?: string; ready?: true; timeout?: Duration };
  updates?: { replay?: boolean; max_tries?: number; sleep_time?: Duration; hook_timeout?: Duration; instrument?: string[] | false }; manager?: string;
}
interface RawEcosystem {
  apps: RawApp[];
  daemon?: { tcp?: { host?: string; port: number; token_file: string }; trusted_keys?: string[] };
}

/** Validates an already parsed ecosystem (`file` locates relative paths) and normalises it. */
export function parseEcosystem(raw: unknown, file: string): Ecosystem {
  const abs = path.resolve(file);
  const problems = validateEcosystem(raw);
  if (problems.length > 0) throw new ConfigError(abs, problems);
  const eco = raw as RawEcosystem;
  const base = path.dirname(abs);
  const apps = eco.apps.map((app, i) => normaliseApp(app, base, `apps[${i}]`, problems));
  const tcp = eco.daemon?.tcp;
  const daemon: DaemonConfig = { trusted_keys: [...(eco.daemon?.trusted_keys ?? [])] };
  if (tcp) daemon.tcp = { host: tcp.host ?? APP_DEFAULTS.tcp_host, port: tcp.port, token_file: path.resolve(base, tcp.token_file) };
  if (problems.length > 0) throw new ConfigError(abs, problems);
  return { file: abs, apps, daemon };
}

/** Reads, parses, validates and normalises an ecosystem file; throws ConfigError. */
export function loadEcosystem(file: string): Ecosystem {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    throw new ConfigError(abs, '', `cannot read the file: ${ioReason(e)}`);
  }
  let raw: unknown;
  try {
    raw = parseJson(text);
  } catch (e) {
    const where = e instanceof JsonSyntaxError && e.line !== undefined ? ` at line ${e.line}, column ${e.column}` : '';
    const reason = e instanceof JsonSyntaxError ? e.reason : String(e);
    throw new ConfigError(abs, '', `not valid JSON${where}: ${reason}`);
  }
  return parseEcosystem(raw, abs);
}

/** The app for `moult start app.js [--name N] [-i N]`; relative `script` is resolved from `cwd`. */
export function appFromScript(script: string, opts: { name?: string; instances?: number; cwd: string }): AppConfig {
  const cwd = path.resolve(opts.cwd);
  const abs = path.resolve(cwd, script);
  if (!isFile(abs)) throw new ConfigError(abs, '', 'no such file');
  const name = opts.name ?? defaultName(abs);
  if (!APP_NAME_PATTERN.test(name)) {
    throw new ConfigError(abs, '--name', `invalid app name "${name}": use letters, digits, "_", "." and "-", starting with a letter or digit`);
  }
  if (RESERVED_NAMES.has(name)) throw new ConfigError(abs, '--name', `"${name}" is reserved (it means every app); choose another with --name`);
  const instances = opts.instances ?? APP_DEFAULTS.instances;
  if (!Number.isInteger(instances) || instances < 1) throw new ConfigError(abs, '-i', `expected a positive integer, got ${instances}`);
  return normaliseApp({ name, script: abs, instances, cwd }, cwd, '', []);
}

/** Whether a `moult start` argument names an ecosystem file rather than a script. */
export function isEcosystemFile(arg: string): boolean {
  return /\.json$/i.test(arg);
}

// Base name without extension, made safe for file names ("my app.js" → "my-app").
function defaultName(script: string): string {
  const stem = path.basename(script, path.extname(script));
  const safe = stem.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return safe === '' ? 'app' : safe;
}

function normaliseApp(app: RawApp, base: string, at: string, problems: Violation[]): AppConfig {
  const p = (field: string): string => (at ? `${at}.${field}` : field);
  const cwd = path.resolve(base, app.cwd ?? '.');
  const script = path.resolve(cwd, app.script);
  if (!isDirectory(cwd)) problems.push({ path: p('cwd'), message: `no such directory ${cwd}` });
  else if (isDirectory(script)) problems.push({ path: p('script'), message: `expected a script file, but ${script} is a directory` });
  else if (!isFile(script)) problems.push({ path: p('script'), message: `no such file ${script}` });

  const args = (field: 'args' | 'node_args'): string[] => {
    const v = app[field];
    if (v === undefined) return [];
    if (Array.isArray(v)) return [...v];
    try {
      return splitArgs(v);
    } catch (e) {
      problems.push({ path: p(field), message: (e as Error).message });
      return [];
    }
  };

  const out: AppConfig = {
    name: app.name,
    script,
    args: args('args'),
    cwd,
    env: Object.fromEntries(Object.entries(app.env ?? {}).map(([k, v]) => [k, String(v)])),
    instances: app.instances ?? APP_DEFAULTS.instances,
    autorestart: app.autorestart ?? APP_DEFAULTS.autorestart,
    max_restarts: app.max_restarts ?? APP_DEFAULTS.max_restarts,
    min_uptime: dur(app.min_uptime, APP_DEFAULTS.min_uptime),
    restart_delay: dur(app.restart_delay, APP_DEFAULTS.restart_delay),
    kill_timeout: dur(app.kill_timeout, APP_DEFAULTS.kill_timeout),
    node_args: args('node_args'),
    updates: {
      replay: app.updates?.replay ?? APP_DEFAULTS.updates.replay,
      max_tries: app.updates?.max_tries ?? APP_DEFAULTS.updates.max_tries,
      sleep_time: dur(app.updates?.sleep_time, APP_DEFAULTS.updates.sleep_time),
      hook_timeout: dur(app.updates?.hook_timeout, APP_DEFAULTS.updates.hook_timeout),
      ...(app.updates?.instrument !== undefined ? { instrument: app.updates.instrument } : {}),
    },
  };
  // Optional fields are left out rather than set to undefined, so the result round-trips
  // through JSON (the daemon receives it over IPC) unchanged.
  if (app.exp_backoff_restart_delay !== undefined) out.exp_backoff_restart_delay = parseDuration(app.exp_backoff_restart_delay);
  if (app.out_file !== undefined) out.out_file = path.resolve(cwd, app.out_file);
  if (app.error_file !== undefined) out.error_file = path.resolve(cwd, app.error_file);
  if (app.health) {
    const health: HealthConfig = { timeout: dur(app.health.timeout, APP_DEFAULTS.health_timeout) };
    if (app.health.http !== undefined) health.http = app.health.http;
    if (app.health.ready !== undefined) health.ready = app.health.ready;
    out.health = health;
  }
  if (app.manager !== undefined) out.manager = app.manager;
  return out;
}

function dur(v: Duration | undefined, fallback: number): number {
  return v === undefined ? fallback : parseDuration(v);
}

function isFile(f: string): boolean {
  try { return fs.statSync(f).isFile(); } catch { return false; }
}

function isDirectory(f: string): boolean {
  try { return fs.statSync(f).isDirectory(); } catch { return false; }
}

function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}
