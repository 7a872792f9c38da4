// Loading the ecosystem file (SPEC section 3): everything wrong with it is refused before anything
// starts, naming the file and the JSON path of the culprit; what passes comes out normalised
// (absolute paths, durations in ms, defaults filled in) so nothing downstream re-interprets it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitArgs } from './args';
import { parseDuration } from './duration';
import { EcosystemFileError, ecosystemKind, readEcosystemFile } from './ecosystem-file';
import { SchemaValidator, type Schema, type Violation } from './schema-validator';
import { foldPm2Fields } from './pm2-fields';
import { parseSize } from './size';
import { cronProblem } from './cron';
import { boundsProblems, instancesProblem, resolveInstances, totalInstancesProblem } from './bounds';
import type { AppConfig, ConfigWarning, DaemonConfig, DaemonLogConfig, Ecosystem, HealthConfig } from '../protocol/config-types';
import { MAX_APP_NAME_LENGTH, boundedTextProblem, preview } from '../protocol/limits';
import { ECOSYSTEM_SCHEMA } from '../protocol/package-files';
import { MoultError } from '../protocol/errors';

export { parseDuration } from './duration';
export type { Violation } from './schema-validator';
export { parseSize } from './size';
export { resolveInstances } from './bounds';
export type { AppConfig, ConfigWarning, DaemonConfig, DaemonLogConfig, DaemonSettings, Ecosystem, FleetConfig, HealthConfig, LogsConfig, LogTarget, UpdatesConfig } from '../protocol/config-types';

export const APP_DEFAULTS = {
  instances: 1,
  autorestart: true,
  max_restarts: 15,
  min_uptime: 1000,
  restart_delay: 0,
  kill_timeout: 1600,
  health_timeout: 10_000,
  updates: { replay: true, max_tries: 10, sleep_time: 1000, hook_timeout: 30_000, startup: 1000 },
  exec_mode: 'fork',
  listen_timeout: 3000,
  watch_delay: 1000,
  instance_var: 'NODE_APP_INSTANCE',
  interpreter: 'node',
  fleet_prefix: '/moult',
  logs: { max_size: 10 * 1024 * 1024, retain: 5 },
} as const;

export const APP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Why an app name is refused (the CLI and the daemon ask the same), or null. */
export function appNameProblem(name: string): string | null {
  return boundedTextProblem(name, MAX_APP_NAME_LENGTH)
    ?? (APP_NAME_PATTERN.test(name) ? null : `invalid app name ${preview(name)}: use letters, digits, "_", "." and "-", starting with a letter or digit`);
}
/** `moult stop all` means every app, so no app may be called that. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['all']);

// The schema ships at <package>/config/ecosystem.schema.json (package.json `files`, `exports`).
export const SCHEMA_FILE = ECOSYSTEM_SCHEMA;

const MAX_LISTED = 20;

export class ConfigError extends MoultError {
  override readonly name = 'ConfigError';
  /** Path of the first problem ('' for the file as a whole). */
  readonly path: string;
  readonly problems: readonly Violation[];

  constructor(file: string, path: string, problem: string);
  constructor(file: string, problems: readonly Violation[]);
  constructor(readonly file: string, pathOrProblems: string | readonly Violation[], problem?: string) {
    const list = typeof pathOrProblems === 'string' ? [{ path: pathOrProblems, message: problem ?? 'invalid' }] : pathOrProblems;
    const lines = list.slice(0, MAX_LISTED).map((p) => (p.path ? `${file}: ${p.path}: ${p.message}` : `${file}: ${p.message}`));
    if (list.length > MAX_LISTED) lines.push(`${file}: ... and ${list.length - MAX_LISTED} more problems`);
    super('ECONFIG', lines.join('\n'));
    this.path = list[0]?.path ?? '';
    this.problems = list;
  }
}

let validator: { schema: Schema; check: SchemaValidator } | undefined;

function schemaValidator(): { schema: Schema; check: SchemaValidator } {
  if (!validator) {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as Schema;
    validator = { schema, check: new SchemaValidator(schema) };
  }
  return validator;
}

/** Problems the file has in itself (schema, duplicate or reserved names); nothing on disk is looked at. */
export function validateEcosystem(raw: unknown): Violation[] {
  return checkEcosystem(raw).problems;
}

// pm2's names folded into moult's, then the schema and the cross-app rules.
function checkEcosystem(input: unknown): { raw: unknown; problems: Violation[]; warnings: ConfigWarning[] } {
  const { schema, check } = schemaValidator();
  const { raw, warnings, problems: folding } = foldPm2Fields(input, schema);
  const found = [...folding, ...check.validate(raw), ...boundsProblems(schema, raw)];
  const done = { raw, problems: found, warnings };
  const apps = (raw as { apps?: unknown } | null)?.apps;
  if (!Array.isArray(apps)) return done;
  const total = totalInstancesProblem(apps);
  if (total) found.push(total);
  const seen = new Map<string, number>();
  apps.forEach((app: unknown, i) => {
    const name = (app as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return;
    const first = seen.get(name);
    if (first !== undefined) found.push({ path: `apps[${i}].name`, message: `duplicate app name "${name}" (also apps[${first}].name)` });
    else seen.set(name, i);
    if (RESERVED_NAMES.has(name)) found.push({ path: `apps[${i}].name`, message: `"${name}" is reserved (it means every app)` });
  });
  return done;
}

// The shape the schema guarantees once validateEcosystem found nothing.
type Duration = number | string;
interface RawApp {
  name: string; script: string; args?: string | string[]; cwd?: string;
  env?: Record<string, string | number | boolean>; instances?: number | string; autorestart?: boolean;
  max_restarts?: number; min_uptime?: Duration; restart_delay?: Duration;
  exp_backoff_restart_delay?: Duration; kill_timeout?: Duration; out_file?: string; error_file?: string;
  node_args?: string | string[]; health?: { http?: string; ready?: true; timeout?: Duration };
  updates?: { replay?: boolean; max_tries?: number; sleep_time?: Duration; hook_timeout?: Duration; startup?: Duration; instrument?: string[] | false }; manager?: string;
  exec_mode?: 'fork' | 'cluster' | 'fork_mode' | 'cluster_mode'; wait_ready?: boolean; listen_timeout?: Duration;
  max_memory_restart?: number | string; watch?: boolean | string | string[]; ignore_watch?: string | string[];
  watch_delay?: Duration; cron_restart?: string; instance_var?: string; increment_var?: string; interpreter?: string;
  merge_logs?: boolean; log_date_format?: string; time?: boolean; port?: number;
  [profile: `env_${string}`]: Record<string, string | number | boolean> | undefined;
}
type LogLevel = 'debug' | 'info' | 'warn' | 'error';
interface RawLogTarget { target?: string; options?: Record<string, unknown>; level?: LogLevel }
interface RawEcosystem {
  apps: RawApp[];
  daemon?: {
    fleet?: { etcd: string | string[]; host?: string; labels?: Record<string, string>; prefix?: string; history?: number;
      tls?: { ca?: string; cert?: string; key?: string }; auth?: { username: string; password_file: string } };
    trusted_keys?: string[];
    logs?: { max_size?: number | string; retain?: number };
    log?: RawLogTarget & { level?: LogLevel; targets?: RawLogTarget[] };
  };
}

export interface LoadOptions {
  /** `--env <profile>`: each app's `env_<profile>` is merged over its `env`. */
  env?: string;
}

/** Validates an already parsed ecosystem (`file` locates relative paths) and normalises it. */
export function parseEcosystem(input: unknown, file: string, opts: LoadOptions = {}): Ecosystem {
  const abs = path.resolve(file);
  const { raw, problems, warnings } = checkEcosystem(input);
  if (problems.length > 0) throw new ConfigError(abs, problems);
  const eco = raw as RawEcosystem;
  const base = path.dirname(abs);
  if (opts.env !== undefined && !eco.apps.some((a) => a[`env_${opts.env}`] !== undefined)) {
    warnings.push({ path: '--env', message: `no app has env_${opts.env}; each app keeps its env` });
  }
  const apps = eco.apps.map((app, i) => normaliseApp(app, base, `apps[${i}]`, problems, opts.env));
  const daemon = normaliseDaemon(eco.daemon ?? {}, base);
  if (eco.daemon?.log) daemon.log = normaliseLog(eco.daemon.log, base, problems);
  if (problems.length > 0) throw new ConfigError(abs, problems);
  const daemonSettingsGiven = eco.daemon?.trusted_keys !== undefined || eco.daemon?.fleet !== undefined;
  return { file: abs, apps, daemon, daemonSettingsGiven, warnings };
}

/**
 * `daemon.log`: each transport's module is found here, once, from the ecosystem file's folder
 * (where the user installed it: `npm install pino-loki`), then from moult's own dependencies; the
 * daemon gets an absolute path and loads nothing else.
 */
function normaliseLog(raw: NonNullable<NonNullable<RawEcosystem['daemon']>['log']>, base: string, problems: Violation[]): DaemonLogConfig {
  if (raw.target !== undefined && raw.targets !== undefined) {
    problems.push({ path: 'daemon.log', message: 'give either target (one transport) or targets (several), not both' });
  }
  if (raw.target === undefined && raw.targets === undefined) {
    problems.push({ path: 'daemon.log', message: 'expected a transport: target (with options) or targets' });
  }
  const level = raw.level ?? 'info';
  const list = raw.targets ?? (raw.target !== undefined ? [{ target: raw.target, options: raw.options }] : []);
  const at = (i: number): string => (raw.targets ? `daemon.log.targets[${i}].target` : 'daemon.log.target');
  const targets = list.map((t, i) => ({ target: resolveTransport(t.target ?? '', base, at(i), problems), options: { ...(t.options ?? {}) }, level: t.level ?? level }));
  return { targets };
}

function resolveTransport(target: string, base: string, at: string, problems: Violation[]): string {
  if (target.startsWith('.') || path.isAbsolute(target)) {
    const file = path.resolve(base, target);
    try {
      return require.resolve(file);
    } catch {
      problems.push({ path: at, message: `no transport module at ${file}` });
      return file;
    }
  }
  for (const from of [[base], undefined]) {
    try {
      return require.resolve(target, from ? { paths: from } : undefined);
    } catch { /* next place */ }
  }
  problems.push({ path: at, message: `cannot find the transport ${JSON.stringify(target.slice(0, 80))} from ${base} (install it there: npm install ${target.slice(0, 80)})` });
  return target;
}

function normaliseDaemon(d: NonNullable<RawEcosystem['daemon']>, base: string): DaemonConfig {
  const out: DaemonConfig = {
    trusted_keys: [...(d.trusted_keys ?? [])],
    logs: {
      max_size: d.logs?.max_size !== undefined ? parseSize(d.logs.max_size) : APP_DEFAULTS.logs.max_size,
      retain: d.logs?.retain ?? APP_DEFAULTS.logs.retain,
    },
  };
  const f = d.fleet;
  if (f) {
    out.fleet = {
      etcd: Array.isArray(f.etcd) ? [...f.etcd] : [f.etcd],
      host: f.host ?? os.hostname(),
      labels: { ...(f.labels ?? {}) },
      prefix: f.prefix ?? APP_DEFAULTS.fleet_prefix,
      ...(f.history !== undefined ? { history: f.history } : {}),
    };
    if (f.tls) {
      out.fleet.tls = {};
      for (const k of ['ca', 'cert', 'key'] as const) if (f.tls[k] !== undefined) out.fleet.tls[k] = path.resolve(base, f.tls[k]);
    }
    if (f.auth) out.fleet.auth = { username: f.auth.username, password_file: path.resolve(base, f.auth.password_file) };
  }
  return out;
}

/**
 * Reads, parses, validates and normalises an ecosystem file (`.json`, `.yaml`/`.yml`,
 * `*.config.{js,cjs,mjs}`: config/ecosystem-file.ts); throws ConfigError naming the file.
 */
export function loadEcosystem(file: string, opts: LoadOptions = {}): Ecosystem {
  const abs = path.resolve(file);
  let raw: unknown;
  try {
    raw = readEcosystemFile(abs);
  } catch (e) {
    if (e instanceof EcosystemFileError) throw new ConfigError(abs, e.path, e.message);
    throw e;
  }
  return parseEcosystem(raw, abs, opts);
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
  const tooMany = instancesProblem(instances);
  if (tooMany) throw new ConfigError(abs, '-i', tooMany);
  return normaliseApp({ name, script: abs, instances, cwd }, cwd, '', []);
}

/**
 * A normalised app recorded by an older moult (state.json, save files) with the fields added since
 * filled in with their defaults, so that the daemon reads every field without a second look.
 */
export function withCurrentDefaults(app: Omit<AppConfig, 'exec_mode' | 'wait_ready' | 'listen_timeout' | 'ignore_watch' | 'watch_delay' | 'instance_var' | 'interpreter' | 'merge_logs' | 'time'> & Partial<AppConfig>): AppConfig {
  return {
    exec_mode: APP_DEFAULTS.exec_mode,
    wait_ready: false,
    listen_timeout: APP_DEFAULTS.listen_timeout,
    ignore_watch: [],
    watch_delay: APP_DEFAULTS.watch_delay,
    instance_var: APP_DEFAULTS.instance_var,
    interpreter: APP_DEFAULTS.interpreter,
    merge_logs: false,
    time: false,
    ...app,
  };
}

/** Defaults of a daemon started without an ecosystem (or with one that has no `daemon`). */
export function defaultDaemonConfig(): DaemonConfig {
  return normaliseDaemon({}, process.cwd());
}

/** Whether a `moult start` argument names an ecosystem file rather than a script (as pm2 decides). */
export function isEcosystemFile(arg: string): boolean {
  return ecosystemKind(arg) !== null;
}

// Base name without extension, made safe for file names ("my app.js" → "my-app").
function defaultName(script: string): string {
  const stem = path.basename(script, path.extname(script));
  const safe = stem.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return safe === '' ? 'app' : safe;
}

function normaliseApp(app: RawApp, base: string, at: string, problems: Violation[], profile?: string): AppConfig {
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
    env: Object.fromEntries(Object.entries({ ...(app.env ?? {}), ...(profile !== undefined ? app[`env_${profile}`] ?? {} : {}) }).map(([k, v]) => [k, String(v)])),
    instances: app.instances !== undefined ? resolveInstances(app.instances) : APP_DEFAULTS.instances,
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
      startup: dur(app.updates?.startup, APP_DEFAULTS.updates.startup),
      ...(app.updates?.instrument !== undefined ? { instrument: app.updates.instrument } : {}),
    },
    exec_mode: app.exec_mode === 'cluster' || app.exec_mode === 'cluster_mode' ? 'cluster' : 'fork',
    wait_ready: app.wait_ready ?? false,
    listen_timeout: dur(app.listen_timeout, APP_DEFAULTS.listen_timeout),
    ignore_watch: app.ignore_watch === undefined ? [] : Array.isArray(app.ignore_watch) ? [...app.ignore_watch] : [app.ignore_watch],
    watch_delay: dur(app.watch_delay, APP_DEFAULTS.watch_delay),
    instance_var: app.instance_var ?? APP_DEFAULTS.instance_var,
    interpreter: app.interpreter ?? APP_DEFAULTS.interpreter,
    merge_logs: app.merge_logs ?? false,
    time: app.time ?? false,
  };
  if (out.instances < 1) problems.push({ path: p('instances'), message: `expected a positive integer, "max", 0 or -1, got ${JSON.stringify(app.instances)}` });
  if (app.port !== undefined) out.env.PORT = String(app.port);
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
  if (app.max_memory_restart !== undefined) out.max_memory_restart = parseSize(app.max_memory_restart);
  if (app.watch !== undefined && app.watch !== false) {
    const list = app.watch === true ? ['.'] : Array.isArray(app.watch) ? app.watch : [app.watch];
    out.watch = list.map((w) => path.resolve(cwd, w));
  }
  if (app.cron_restart !== undefined) {
    const problem = cronProblem(app.cron_restart);
    if (problem) problems.push({ path: p('cron_restart'), message: `invalid cron expression ${JSON.stringify(app.cron_restart)}: ${problem}` });
    out.cron_restart = app.cron_restart;
  }
  if (app.increment_var !== undefined) out.increment_var = app.increment_var;
  if (app.log_date_format !== undefined) out.log_date_format = app.log_date_format;
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
