// state.json (SPEC 1): apps, instances, pids and applied updates, written atomically so that
// neither a crash nor a power loss leaves half a file: temp file inside the home (O_EXCL, never
// through a symlink), fsync, rename, fsync of the folder. The daemon re-reads it after a restart
// and checks its shape there, once: a file it cannot trust is moved aside, never half-used.
import fs from 'node:fs';
import path from 'node:path';
import { validateNormalisedApps, withCurrentDefaults, type AppConfig, type DaemonLogConfig, type LogsConfig } from '../../config/ecosystem';
import type { PatchSpec } from '../../protocol/runtime-channel';
import type { ReleasePackage } from '../../protocol/release';
import type { DiskRecord } from '../updates/release-disk';
import { untrustedFd } from '../../protocol/owned-file';

export interface InstanceState {
  instance: number;
  /** The process's pm2-style id (daemon/process-ids.ts); absent in files of older moults. */
  pm_id?: number;
  pid: number | null;
  status: string;
  restarts: number;
  started_at: number | null;
  /** The instance's runtime secret (MOULT_RUNTIME_SECRET): a restarted daemon attaches with it. */
  secret?: string;
}

export interface RecordedUpdate {
  name: string;
  update_id: string;
  file: string;
  sha256: string;
  applied_at: number;
  /** A copy of the module's source under $MOULT_HOME/updates/, read again for replays. */
  stored?: string;
  /** Crashed its instance within min_uptime: never replayed. */
  failed?: boolean;
  /** Undone by `moult rollback` (or a cold rollback): never replayed. */
  rolled_back?: boolean;
  /** A source patch (`moult patch`), replayed as one. */
  patch?: PatchSpec;
  /** A release (SPEC 6.5): the package versions it moved, and what it did to the app's tree on disk. */
  release?: ReleaseRecord;
}

export interface ReleaseRecord {
  packages: ReleasePackage[];
  disk: DiskRecord;
  /** --reload-if-needed: the release went in by a reload or restart, not hot. */
  how?: 'reload' | 'restart';
}

export interface AppState {
  /** The app's id: its first process's (daemon/process-ids.ts); older moults numbered apps. */
  id?: number;
  config: AppConfig;
  instances: InstanceState[];
  updates: RecordedUpdate[];
  /** Cluster mode: the app's primary, re-attached after a daemon restart. */
  primary?: { pid: number; secret: string; socket: string };
}

export interface DaemonState {
  version: 1;
  daemon_pid: number;
  /** daemon.logs in force (rotation), kept across daemon restarts. */
  logs?: LogsConfig;
  /** daemon.log in force (pino transports), kept across daemon restarts. */
  log?: DaemonLogConfig;
  apps: AppState[];
}

const { O_WRONLY, O_RDONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0; // a FIFO planted there must not block the open
const O_DIRECTORY = fs.constants.O_DIRECTORY ?? 0;

export type StateWarning = (msg: string) => void;
let defaultWarning: StateWarning = () => {};

/** Where writeState's warnings go when its caller gives none (the daemon: its log). */
export function onStateWarning(warn: StateWarning): void {
  defaultWarning = warn;
}

function describeEntry(p: string): string {
  try {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return `a symlink to ${fs.readlinkSync(p)}`;
    return st.isFile() ? 'a leftover file' : 'not a regular file';
  } catch {
    return 'in the way';
  }
}

/** Creates `tmp` for writing, never through a symlink; whatever was planted at its name is removed. */
function createTemp(tmp: string, warn: StateWarning): number {
  const flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;
  try {
    return fs.openSync(tmp, flags, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const what = describeEntry(tmp);
  if (what !== 'a leftover file') warn(`${tmp} was ${what}: removed, not followed`);
  fs.unlinkSync(tmp); // removes a link itself, never its target
  return fs.openSync(tmp, flags, 0o600);
}

function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, O_RDONLY | O_DIRECTORY);
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch { /* some file systems cannot fsync a folder: the rename is still atomic */ } finally {
    fs.closeSync(fd);
  }
}

/** Throws on failure, leaving the previous state.json whole and no temp file behind. */
export function writeState(file: string, state: DaemonState, warn: StateWarning = defaultWarning): void {
  writeJsonAtomically(file, state, warn);
}

/** Any JSON file of the home (state.json, dump.json) written the same way, with the same guarantees. */
export function writeJsonAtomically(file: string, value: unknown, warn: StateWarning = defaultWarning): void {
  writeFileAtomically(file, JSON.stringify(value, null, 2), warn);
}

/** Any file of the home written whole: O_EXCL temp file (never through a symlink), fsync, rename, fsync of the folder. */
export function writeFileAtomically(file: string, content: string, warn: StateWarning = defaultWarning): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file, '.json')}.${process.pid}.tmp`);
  const data = Buffer.from(content);
  const fd = createTemp(tmp, warn);
  let done = false;
  try {
    for (let off = 0; off < data.length;) off += fs.writeSync(fd, data, off, data.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    done = true;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (!done) try { fs.closeSync(fd); } catch { /* already closed */ }
    try { fs.unlinkSync(tmp); } catch { /* gone */ }
    throw err;
  }
  fsyncDir(dir);
}

// ---------------------------------------------------------------------------------------------
// Reading, with the shape checked at the edge

export interface LoadedState {
  /** null: no state.json (a first start), or one that cannot be trusted (see `problem`). */
  state: DaemonState | null;
  /** Why the file cannot be used (unreadable, not JSON, wrong shape). */
  problem?: string;
}

type Json = Record<string, unknown>;
const CLUSTER_SOCKET = /^cluster-[0-9a-f]{16}\.sock$/;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number): boolean => Number.isInteger(v) && (v as number) >= min;
const isNum = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** What the daemon dereferences in a normalised config without a second look. */
function configProblem(c: Json): string | null {
  for (const k of ['name', 'script', 'cwd']) if (typeof c[k] !== 'string' || !c[k]) return `${k}: expected a non-empty string`;
  if (!isStrings(c.args)) return 'args: expected an array of strings';
  if (!isStrings(c.node_args)) return 'node_args: expected an array of strings';
  if (!isObject(c.env) || !Object.values(c.env).every((v) => typeof v === 'string')) return 'env: expected an object of strings';
  if (!isInt(c.instances, 1)) return 'instances: expected an integer >= 1';
  if (typeof c.autorestart !== 'boolean') return 'autorestart: expected a boolean';
  for (const k of ['max_restarts', 'min_uptime', 'restart_delay', 'kill_timeout']) if (!isNum(c[k]) || (c[k] as number) < 0) return `${k}: expected a number >= 0`;
  if (!isObject(c.updates) || typeof c.updates.replay !== 'boolean' || !isNum(c.updates.max_tries) || !isNum(c.updates.sleep_time)) return 'updates: expected { replay, max_tries, sleep_time }';
  return null;
}

function instanceProblem(s: unknown): string | null {
  if (!isObject(s)) return 'expected an object';
  if (!isInt(s.instance, 0)) return 'instance: expected an integer >= 0';
  if (s.pm_id !== undefined && !isInt(s.pm_id, 0)) return 'pm_id: expected an integer >= 0';
  if (s.pid !== null && !isInt(s.pid, 1)) return 'pid: expected null or an integer > 0';
  if (typeof s.status !== 'string') return 'status: expected a string';
  if (!isInt(s.restarts, 0)) return 'restarts: expected an integer >= 0';
  if (s.started_at !== null && !isNum(s.started_at)) return 'started_at: expected null or a number';
  if (s.secret !== undefined && typeof s.secret !== 'string') return 'secret: expected a string';
  return null;
}

function updateProblem(u: unknown): string | null {
  if (!isObject(u)) return 'expected an object';
  for (const k of ['name', 'update_id', 'file', 'sha256']) if (typeof u[k] !== 'string') return `${k}: expected a string`;
  if (!isNum(u.applied_at)) return 'applied_at: expected a number';
  if (u.stored !== undefined && typeof u.stored !== 'string') return 'stored: expected a string';
  for (const k of ['failed', 'rolled_back']) if (u[k] !== undefined && typeof u[k] !== 'boolean') return `${k}: expected a boolean`;
  if (u.patch !== undefined && !isObject(u.patch)) return 'patch: expected an object';
  if (u.release !== undefined) {
    const r = u.release;
    if (!isObject(r) || !Array.isArray(r.packages) || !isObject(r.disk)) return 'release: expected {packages, disk}';
    const d = r.disk;
    if (typeof d.root !== 'string' || typeof d.backup !== 'string' || !Array.isArray(d.created) || !Array.isArray(d.replaced)
      || ![...d.created, ...d.replaced].every((x) => typeof x === 'string')) return 'release.disk: expected {root, backup, created, replaced}';
  }
  return null;
}

/** The first thing wrong with a parsed state.json, as "path: problem", or null. */
export function stateProblem(raw: unknown): string | null {
  if (!isObject(raw)) return 'expected an object';
  if (raw.version !== 1) return `version: expected 1, found ${JSON.stringify(raw.version)}`;
  if (raw.daemon_pid !== undefined && !isNum(raw.daemon_pid)) return 'daemon_pid: expected a number';
  if (!Array.isArray(raw.apps)) return 'apps: expected an array';
  for (const [i, a] of raw.apps.entries()) {
    if (!isObject(a)) return `apps[${i}]: expected an object`;
    if (!isObject(a.config)) return `apps[${i}].config: expected an object`;
    if (a.id !== undefined && !isInt(a.id, 0)) return `apps[${i}].id: expected an integer >= 0`;
    const c = configProblem(a.config);
    if (c) return `apps[${i}].config.${c}`;
    if (!Array.isArray(a.instances)) return `apps[${i}].instances: expected an array`;
    for (const [j, s] of a.instances.entries()) {
      const p = instanceProblem(s);
      if (p) return `apps[${i}].instances[${j}]${p.includes(':') ? '.' : ': '}${p}`;
    }
    // A path the daemon connects to (and hands a secret): matched against its exact shape.
    if (a.primary !== undefined && (!isObject(a.primary) || !isInt(a.primary.pid, 1) || typeof a.primary.secret !== 'string'
      || typeof a.primary.socket !== 'string' || !CLUSTER_SOCKET.test(path.basename(a.primary.socket)) || !path.isAbsolute(a.primary.socket))) {
      return `apps[${i}].primary: expected {pid, secret, socket: <home>/run/cluster-<16 hex digits>.sock}`;
    }
    if (a.updates !== undefined && !Array.isArray(a.updates)) return `apps[${i}].updates: expected an array`;
    for (const [j, u] of ((a.updates ?? []) as unknown[]).entries()) {
      const p = updateProblem(u);
      if (p) return `apps[${i}].updates[${j}]${p.includes(':') ? '.' : ': '}${p}`;
    }
  }
  // The same checks as a `start` request (schema, duplicate and reserved names).
  const [v] = validateNormalisedApps(raw.apps.map((a) => (a as Json).config));
  if (v) return `${v.path.replace(/^apps\[(\d+)\]/, 'apps[$1].config')}: ${v.message}`;
  return null;
}

/**
 * Reads state.json (or a run record, or dump.json): never through a symlink, only a file of the
 * daemon's user that no one else can write (protocol/owned-file.ts; audit rows 1.7, 1.11, 1.13),
 * then checks its shape.
 */
export function loadState(file: string): LoadedState {
  let text: string;
  try {
    const fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    try {
      const untrusted = untrustedFd(fd, 'it');
      if (untrusted) return { state: null, problem: untrusted };
      text = fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: null };
    if (code === 'ELOOP') return { state: null, problem: `it is ${describeEntry(file)}` };
    return { state: null, problem: `cannot be read: ${(err as Error).message}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { state: null, problem: text.trim() ? `not valid JSON (${(err as Error).message})` : 'empty' };
  }
  const problem = stateProblem(raw);
  if (problem) return { state: null, problem };
  const state = raw as DaemonState;
  for (const app of state.apps) app.config = withCurrentDefaults(app.config);
  return { state };
}

/** The state, or null when there is none or it cannot be trusted. */
export function readState(file: string): DaemonState | null {
  return loadState(file).state;
}

/**
 * Moves an untrusted state.json aside to `state.json.corrupt-<ISO 8601 basic time>` (kept for a
 * human to look at) and returns that name.
 */
export function moveAside(file: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '');
  let kept = `${file}.corrupt-${stamp}`;
  const taken = (p: string): boolean => { try { fs.lstatSync(p); return true; } catch { return false; } };
  for (let n = 1; taken(kept); n++) kept = `${file}.corrupt-${stamp}-${n}`;
  fs.renameSync(file, kept);
  return kept;
}
