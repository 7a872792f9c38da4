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
import { ecosystemShape } from './ecosystem-shape';
import { interpreterProblem, isNodeInterpreter, resolveScript } from './app-script';
import { boundsProblems, resolveInstances, totalInstancesProblem } from './bounds';
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

/** Fields normalisation adds that a file does not have (state.json, dump.json and start requests carry them). */
const NORMALISED_ONLY: Record<string, (v: unknown) => boolean> = {
  per_instance_logs: (v) => v === true,
  env_removed: (v) => Array.isArray(v) && v.length <= 4096 && v.every((k) => typeof k === 'string' && k !== '' && !k.includes('=') && !k.includes('\0')),
};

/** Problems of apps as normalised (AppConfig: what the daemon receives and keeps), by the same rules. */
export function validateNormalisedApps(apps: unknown[]): Violation[] {
  const found: Violation[] = [];
  const plain = apps.map((app, i) => {
    if (app === null || typeof app !== 'object' || Array.isArray(app)) return app;
    const out: Record<string, unknown> = { ...(app as Record<string, unknown>) };
    for (const [k, ok] of Object.entries(NORMALISED_ONLY)) {
      if (!(k in out)) continue;
      if (!ok(out[k])) found.push({ path: `apps[${i}].${k}`, message: 'invalid value' });
      delete out[k];
    }
    return out;
  });
  return [...found, ...checkEcosystem({ apps: plain }).problems];
}

// pm2's names folded into moult's, then the schema and the cross-app rules.
function checkEcosystem(input: unknown): { raw: unknown; problems: Violation[]; warnings: ConfigWarning[] } {
  const { schema, check } = schemaValidator();
  const { raw, warnings, problems: folding } = foldPm2Fields(ecosystemShape(input), schema);
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
  name?: string; script: string; args?: string | string[]; cwd?: string;
  env?: Record<string, string | number | boolean>; instances?: number | string; autorestart?: boolean;
  max_restarts?: number; min_uptime?: Duration; restart_delay?: Duration;
  exp_backoff_restart_delay?: Duration; kill_timeout?: Duration; out_file?: string; error_file?: string;
  node_args?: string | string[]; health?: { http?: string; ready?: true; timeout?: Duration };
  updates?: { replay?: boolean; max_tries?: number; sleep_time?: Duration; hook_timeout?: Duration; startup?: Duration; instrument?: string[] | false }; manager?: string;
  exec_mode?: 'fork' | 'cluster' | 'fork_mode' | 'cluster_mode'; wait_ready?: boolean; listen_timeout?: Duration;
  max_memory_restart?: number | string; watch?: boolean | string | string[]; ignore_watch?: string | string[];
  watch_delay?: Duration; cron_restart?: string; instance_var?: string; increment_var?: string; interpreter?: string;
  merge_logs?: boolean; log_date_format?: string; time?: boolean; port?: number;
  log_file?: boolean | string; stop_exit_codes?: number | number[]; pid_file?: string; shutdown_with_message?: boolean;
  [profile: `env_${string}`]: Record<string, string | number | boolean> | undefined;
}
type LogLevel = 'debug' | 'info' | 'warn' | 'error';
interface RawLogTarget { target?: string; options?: Record<string, unknown>; level?: LogLevel }
interface RawEcosystem {
  apps: RawApp[];
  /** pm2's deploy section: only `deploy.<profile>.env` is read (by --env, below each app's env). */
  deploy?: Record<string, { env?: Record<string, unknown> } | undefined>;
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
  // pm2 merges deploy.<profile>.env below each app's env for --env <profile> (read before the fold drops deploy).
  const deployEnv = opts.env !== undefined ? deployEnvOf(ecosystemShape(input), opts.env) : undefined;
  if (opts.env !== undefined && !deployEnv && !eco.apps.some((a) => a[`env_${opts.env}`] !== undefined)) {
    warnings.push({ path: '--env', message: `no app has env_${opts.env}; each app keeps its env` });
  }
  const apps = eco.apps.map((app, i) => normaliseApp(app, base, `apps[${i}]`, problems, { profile: opts.env, deployEnv }));
  uniqueNames(apps, problems);
  const daemon = normaliseDaemon(eco.daemon ?? {}, base);
  if (eco.daemon?.log) daemon.log = normaliseLog(eco.daemon.log, base, problems);
  if (problems.length > 0) throw new ConfigError(abs, problems);
  const daemonSettingsGiven = eco.daemon?.trusted_keys !== undefined || eco.daemon?.fleet !== undefined;
  return { file: abs, apps, daemon, daemonSettingsGiven, warnings };
}

function deployEnvOf(shaped: unknown, profile: string): Record<string, string> | undefined {
  const env = (shaped as RawEcosystem | null)?.deploy?.[profile]?.env;
  if (env === null || typeof env !== 'object') return undefined;
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]));
}

/** Names given twice are refused by the schema check; a default name (from the script) may collide too. */
function uniqueNames(apps: AppConfig[], problems: Violation[]): void {
  const seen = new Map<string, number>();
  apps.forEach((a, i) => {
    const first = seen.get(a.name);
    if (first === undefined) seen.set(a.name, i);
    else if (!problems.some((p) => p.path === `apps[${i}].name`)) problems.push({ path: `apps[${i}].name`, message: `the app is named "${a.name}" after its script, like apps[${first}]: give each a name` });
  });
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

/**
 * The app of `moult start <script> [options]`: pm2's start options as the fields of an app (pm2's
 * names, as in an ecosystem file), validated and normalised as one (relative paths from `cwd`).
 */
export function appFromScript(fields: Record<string, unknown> & { script: string }, opts: { cwd: string }): { app: AppConfig; warnings: ConfigWarning[] } {
  const cwd = path.resolve(opts.cwd);
  const where = path.resolve(cwd, fields.script);
  const eco = parseEcosystem({ apps: [fields] }, path.join(cwd, 'command line'));
  if (eco.apps.length !== 1) throw new ConfigError(where, '', 'expected one app');
  return { app: eco.apps[0]!, warnings: eco.warnings };
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

// pm2's default name (the script's base name without extension), made safe for file names ("my app.js" → "my-app").
function defaultName(stem: string): string {
  const safe = stem.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, MAX_APP_NAME_LENGTH);
  return safe === '' || RESERVED_NAMES.has(safe) ? 'app' : safe;
}

/** pm2's `NULL` for an output file means none (/dev/null). */
const logPath = (cwd: string, f: string): string => (f === 'NULL' ? '/dev/null' : path.resolve(cwd, f));

interface NormaliseOptions {
  profile?: string;
  /** deploy.<profile>.env: below the app's env. */
  deployEnv?: Record<string, string>;
}

function normaliseApp(app: RawApp, base: string, at: string, problems: Violation[], o: NormaliseOptions = {}): AppConfig {
  const p = (field: string): string => (at ? `${at}.${field}` : field);
  const cwd = path.resolve(base, app.cwd ?? '.');
  const resolved = isDirectory(cwd) ? resolveScript(app.script, cwd, app.interpreter) : { problem: '' };
  if (!isDirectory(cwd)) problems.push({ path: p('cwd'), message: `no such directory ${cwd}` });
  else if ('problem' in resolved) problems.push({ path: p('script'), message: resolved.problem });
  const run = 'problem' in resolved ? { script: path.resolve(cwd, app.script), argsBefore: [], interpreter: app.interpreter ?? APP_DEFAULTS.interpreter, name: path.basename(app.script), env: {} } : resolved;
  const interpreterIssue = app.interpreter !== undefined ? interpreterProblem(app.interpreter) : 'problem' in resolved ? null : interpreterProblem(run.interpreter);
  if (interpreterIssue) problems.push({ path: p('interpreter'), message: interpreterIssue });
  const node = isNodeInterpreter(run.interpreter);

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

  const profileEnv = o.profile !== undefined ? app[`env_${o.profile}`] ?? {} : {};
  const out: AppConfig = {
    name: app.name ?? defaultName(run.name),
    script: run.script,
    args: [...run.argsBefore, ...args('args')],
    cwd,
    env: Object.fromEntries(Object.entries({ ...run.env, ...o.deployEnv, ...(app.env ?? {}), ...profileEnv }).map(([k, v]) => [k, String(v)])),
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
    // pm2's rule (Common.sink.determineExecMode): instances given without exec_mode, node → cluster.
    exec_mode: app.exec_mode === 'cluster' || app.exec_mode === 'cluster_mode' || (app.exec_mode === undefined && app.instances !== undefined && node) ? 'cluster' : 'fork',
    wait_ready: app.wait_ready ?? false,
    listen_timeout: dur(app.listen_timeout, APP_DEFAULTS.listen_timeout),
    ignore_watch: app.ignore_watch === undefined ? [] : Array.isArray(app.ignore_watch) ? [...app.ignore_watch] : [app.ignore_watch],
    watch_delay: dur(app.watch_delay, APP_DEFAULTS.watch_delay),
    instance_var: app.instance_var ?? APP_DEFAULTS.instance_var,
    interpreter: run.interpreter,
    merge_logs: app.merge_logs ?? false,
    time: app.time ?? false,
  };
  if (out.exec_mode === 'cluster' && !node) problems.push({ path: p('exec_mode'), message: `cluster mode runs node apps only; ${run.interpreter} runs this one: use fork` });
  if (app.port !== undefined) out.env.PORT = String(app.port);
  // Optional fields are left out rather than set to undefined, so the result round-trips
  // through JSON (the daemon receives it over IPC) unchanged.
  if (app.exp_backoff_restart_delay !== undefined) out.exp_backoff_restart_delay = parseDuration(app.exp_backoff_restart_delay);
  if (app.out_file !== undefined) out.out_file = logPath(cwd, app.out_file);
  if (app.error_file !== undefined) out.error_file = logPath(cwd, app.error_file);
  if (app.log_file !== undefined && app.log_file !== false) out.log_file = app.log_file === true ? true : logPath(cwd, app.log_file);
  // pm2 (God.prepare): unless its logs are merged, each instance writes its own custom file,
  // `out.log` → `out-0.log`; pm2 merges by default in fork mode without `instances`.
  if (!(app.merge_logs ?? (out.exec_mode === 'fork' && app.instances === undefined))) out.per_instance_logs = true;
  if (app.pid_file !== undefined) out.pid_file = path.resolve(cwd, app.pid_file);
  if (app.shutdown_with_message) out.shutdown_with_message = true;
  if (app.stop_exit_codes !== undefined) out.stop_exit_codes = Array.isArray(app.stop_exit_codes) ? [...app.stop_exit_codes] : [app.stop_exit_codes];
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
  // pm2 (verifyConfs): `time` sets the format, over any log_date_format.
  if (app.time) out.log_date_format = 'YYYY-MM-DDTHH:mm:ss';
  return out;
}

function dur(v: Duration | undefined, fallback: number): number {
  return v === undefined ? fallback : parseDuration(v);
}

function isDirectory(f: string): boolean {
  try { return fs.statSync(f).isDirectory(); } catch { return false; }
}
