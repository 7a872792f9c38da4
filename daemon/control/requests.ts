// Validation of what arrives on the control socket, once, at the edge: anything that is not a
// well-formed Request within the limits of protocol/limits.ts is answered with an error naming
// the field and the limit, and never reaches the supervisor. Refused values are echoed short and
// escaped (preview), so a 15 MiB name is neither sent back nor logged.
import path from 'node:path';
import { SIGNALS, VERBS, type ReleaseRequest, type Request, type StartExisting, type TargetFields } from '../../protocol/control';
import { appNameProblem, validateNormalisedApps, withCurrentDefaults, type AppConfig } from '../../config/ecosystem';
import {
  MAX_INSTANCES, MAX_LOG_RETAIN, MAX_NAME_LENGTH, MAX_SIZE_BYTES, MAX_PATH_LENGTH, boundedTextProblem, preview, timeoutProblem, escapeControl,
} from '../../protocol/limits';
import { DaemonError } from './errors';
import { logsSetting, logTargetsSetting } from '../logs/app-log-rotation';
import type { DaemonLogConfig, DaemonSettings, LogsConfig } from '../../config/ecosystem';
import { settingsOf, settingsProblem } from '../state/daemon-settings';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A bounded string: non-empty, at most `max` characters, no control characters. */
function bounded(key: string, v: unknown, max: number, what = 'a non-empty string'): string {
  if (typeof v !== 'string' || !v) throw new DaemonError('EBADFRAME', `request.${key}: expected ${what}`);
  const problem = boundedTextProblem(v, max);
  if (problem) throw new DaemonError('EUSAGE', `request.${key}: ${problem}`);
  return v;
}

function optional(m: Record<string, unknown>, key: string, max: number): string | undefined {
  return m[key] === undefined ? undefined : bounded(key, m[key], max);
}

function releaseRequest(v: unknown): ReleaseRequest {
  if (!v || typeof v !== 'object') throw new DaemonError('EBADFRAME', 'request.release: expected an object');
  const r = v as Record<string, unknown>;
  if (r.kind !== 'tree' && r.kind !== 'package') throw new DaemonError('EBADFRAME', 'request.release.kind: expected "tree" or "package"');
  const dir = bounded('release.dir', r.dir, MAX_PATH_LENGTH);
  if (!path.isAbsolute(dir)) throw new DaemonError('EUSAGE', 'request.release.dir: expected an absolute path');
  const label = bounded('release.label', r.label, MAX_PATH_LENGTH);
  const name = r.kind === 'package' ? bounded('release.name', r.name, MAX_PATH_LENGTH) : undefined;
  const recompute = r.recompute === undefined ? undefined : bounded('release.recompute', r.recompute, MAX_PATH_LENGTH);
  if (recompute !== undefined && !path.isAbsolute(recompute)) throw new DaemonError('EUSAGE', 'request.release.recompute: expected an absolute path');
  return { kind: r.kind, dir, label, ...(name ? { name } : {}), ...(r.reload_if_needed === true ? { reload_if_needed: true } : {}), ...(recompute ? { recompute } : {}) };
}

/** An app name, by the ecosystem's rule (config/ecosystem.ts APP_NAME_PATTERN) and length limit. */
export function appName(key: string, v: unknown): string {
  if (typeof v !== 'string' || !v) throw new DaemonError('EBADFRAME', `request.${key}: expected an app name`);
  const problem = appNameProblem(v);
  if (problem) throw new DaemonError('EUSAGE', `request.${key}: ${problem}`);
  return v;
}

/** A verb's target: `all`, an app name, a process id or a `/regex/`; and a script's absolute path. */
function targetFields(m: Record<string, unknown>): TargetFields {
  const t = m.target;
  if (typeof t !== 'string' || !t) throw new DaemonError('EBADFRAME', 'request.target: expected an app name, a process id, "all" or a /regex/');
  // A script file (with its absolute path) is matched by name too, but need not look like one.
  if (!(t.length > 2 && t.startsWith('/') && t.endsWith('/')) && m.path === undefined) appName('target', t);
  const problem = boundedTextProblem(t, MAX_NAME_LENGTH);
  if (problem) throw new DaemonError('EUSAGE', `request.target: ${problem}`);
  if (m.path === undefined) return { target: t };
  const p = bounded('path', m.path, MAX_PATH_LENGTH);
  if (!p.startsWith('/')) throw new DaemonError('EUSAGE', 'request.path: expected an absolute path');
  return { target: t, path: p };
}

const EXISTING: readonly StartExisting[] = ['keep', 'restart', 'reload', 'script', 'add'];

function timeout(m: Record<string, unknown>): number {
  const v = m.timeoutMs;
  const problem = typeof v === 'number' ? timeoutProblem(v) : 'expected a number of milliseconds';
  if (problem) throw new DaemonError('EUSAGE', `request.timeoutMs: ${problem}, not ${preview(v, 24)}`);
  return v as number;
}

/** The apps of a `start`: names within the limit first (they are echoed), then the ecosystem's rules. */
function startApps(apps: unknown): unknown[] {
  if (!Array.isArray(apps)) throw new DaemonError('ECONFIG', 'request.apps: expected an array of apps');
  apps.forEach((app: unknown, i) => {
    const name = isObj(app) ? app.name : undefined;
    if (typeof name === 'string') appName(`apps[${i}].name`, name);
  });
  const problems = validateNormalisedApps(apps);
  if (problems.length) {
    const text = `${problems[0].path}: ${problems[0].message}`;
    throw new DaemonError('ECONFIG', `request.apps: ${escapeControl(text.length > 300 ? `${text.slice(0, 300)}…` : text)}`);
  }
  // A client may leave out fields it does not set; the daemon reads every one.
  return apps.map((a) => withCurrentDefaults(a as AppConfig));
}

const MAX_ENV_ENTRIES = 4096;

/** An environment sent with `restart --update-env`: names and values spawn() can take. */
function environment(key: string, v: unknown): Record<string, string> {
  if (!isObj(v)) throw new DaemonError('EBADFRAME', `request.${key}: expected an object of strings`);
  const entries = Object.entries(v);
  if (entries.length > MAX_ENV_ENTRIES) throw new DaemonError('EUSAGE', `request.${key}: ${entries.length} variables, limit ${MAX_ENV_ENTRIES}`);
  for (const [name, value] of entries) {
    if (!name || name.includes('=') || name.includes('\0')) throw new DaemonError('EUSAGE', `request.${key}: invalid variable name ${preview(name, 40)}`);
    if (typeof value !== 'string' || value.includes('\0')) throw new DaemonError('EUSAGE', `request.${key}.${preview(name, 40)}: expected a string without NUL`);
  }
  return v as Record<string, string>;
}

/**
 * daemon.logs and daemon.log sent with a start: sizes the CLI already normalised to bytes, and
 * transports already resolved to absolute module paths (null: none).
 */
function startLogs(v: unknown, transports: unknown): { logs?: LogsConfig; log?: DaemonLogConfig | null } {
  if (v === undefined) return {};
  const logs = logsSetting(v);
  if (!logs) throw new DaemonError('ECONFIG', `request.logs: expected {max_size, retain} with positive integers, max_size at most ${MAX_SIZE_BYTES} bytes and retain at most ${MAX_LOG_RETAIN}`);
  if (transports === undefined || transports === null) return { logs, log: null };
  const log = logTargetsSetting(transports);
  if (!log) throw new DaemonError('ECONFIG', 'request.log: expected {targets: [{target, options, level}]} with absolute module paths');
  return { logs, log };
}

/** A start's daemon security settings (daemon/daemon-settings.ts), where they come from, and whether to apply them. */
function startSettings(m: Record<string, unknown>): { daemon?: DaemonSettings; daemon_file?: string; update_daemon?: boolean } {
  if (m.daemon === undefined) {
    if (m.update_daemon !== undefined) throw new DaemonError('EUSAGE', 'request.update_daemon: comes with request.daemon');
    return {};
  }
  const problem = settingsProblem(m.daemon);
  if (problem) throw new DaemonError('ECONFIG', `request.daemon.${problem}`);
  if (m.update_daemon !== undefined && typeof m.update_daemon !== 'boolean') throw new DaemonError('EBADFRAME', 'request.update_daemon: expected a boolean');
  const file = optional(m, 'daemon_file', MAX_PATH_LENGTH);
  return { daemon: settingsOf(m.daemon as DaemonSettings), ...(file ? { daemon_file: file } : {}), ...(m.update_daemon ? { update_daemon: true } : {}) };
}

export function parseRequest(raw: unknown): Request {
  if (!isObj(raw)) throw new DaemonError('EBADFRAME', 'a request is a JSON object');
  const { id, verb } = raw;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new DaemonError('EBADFRAME', 'request.id: expected an integer');
  if (typeof verb !== 'string' || !(VERBS as readonly string[]).includes(verb)) {
    throw new DaemonError('EUSAGE', `request.verb: unknown verb ${preview(verb, 24)} (expected one of ${VERBS.join(', ')})`);
  }
  switch (verb) {
    case 'ping':
    case 'ls':
    case 'kill':
    case 'save':
    case 'resurrect':
    case 'reload-logs':
    case 'detach':
      return { id, verb };
    case 'stop':
    case 'delete':
    case 'reset':
    case 'start-app':
    case 'describe':
    case 'flush':
      return { id, verb, ...targetFields(raw) };
    case 'signal': {
      const signal = raw.signal;
      if (typeof signal !== 'string' || !(SIGNALS as readonly string[]).includes(signal)) throw new DaemonError('EUSAGE', `request.signal: expected a signal name like SIGUSR2, not ${preview(signal, 24)}`);
      return { id, verb, signal: signal as NodeJS.Signals, ...targetFields(raw) };
    }
    case 'restart':
    case 'reload':
      return {
        id, verb, ...targetFields(raw),
        ...(raw.env !== undefined ? { env: environment('env', raw.env) } : {}),
        ...(raw.configs !== undefined ? { configs: startApps(raw.configs) as AppConfig[] } : {}),
      };
    case 'scale': {
      const n = raw.instances;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_INSTANCES) throw new DaemonError('EUSAGE', `request.instances: expected an integer from 1 to ${MAX_INSTANCES}, not ${preview(n, 24)}`);
      return { id, verb, app: appName('app', raw.app), instances: n };
    }
    case 'start':
      // The CLI validated the ecosystem already; the daemon checks again since anyone owning the
      // socket can send a frame.
      if (raw.existing !== undefined && !(EXISTING as readonly unknown[]).includes(raw.existing)) throw new DaemonError('EUSAGE', `request.existing: expected one of ${EXISTING.join(', ')}`);
      return {
        id, verb, apps: startApps(raw.apps) as AppConfig[], ...startLogs(raw.logs, raw.log), ...startSettings(raw),
        ...(raw.env !== undefined ? { env: environment('env', raw.env) } : {}),
        ...(raw.existing !== undefined ? { existing: raw.existing as StartExisting } : {}),
      };
    case 'patch': {
      const app = appName('app', raw.app);
      const file = bounded('file', raw.file, MAX_PATH_LENGTH);
      const timeoutMs = timeout(raw);
      const target = optional(raw, 'target', MAX_PATH_LENGTH);
      const release = raw.release === undefined ? undefined : releaseRequest(raw.release);
      return { id, verb, app, file, wait: raw.wait !== false, timeoutMs, ...(target ? { target } : {}), ...(release ? { release } : {}) };
    }
    case 'rollback': {
      const app = appName('app', raw.app);
      const update = optional(raw, 'update', MAX_NAME_LENGTH);
      return { id, verb, app, ...(update ? { update } : {}) };
    }
    case 'update': {
      const app = appName('app', raw.app);
      const file = bounded('file', raw.file, MAX_PATH_LENGTH);
      const timeoutMs = timeout(raw);
      const manager = raw.manager === '' ? undefined : optional(raw, 'manager', MAX_NAME_LENGTH);
      return { id, verb, app, file, wait: raw.wait !== false, timeoutMs, ...(manager ? { manager } : {}) };
    }
  }
  throw new DaemonError('EUSAGE', `request.verb: unknown verb ${preview(verb, 24)}`);
}
