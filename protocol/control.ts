// CLI ↔ daemon messages over $MOULT_HOME/moultd.sock. A request carries an `id`; the daemon
// answers with zero or more `progress` frames and exactly one `result` or `error` frame.
import type { AppConfig, DaemonLogConfig, DaemonSettings, LogsConfig } from './config-types';
import type { LogEvent } from './events';

export type InstanceStatus = 'launching' | 'online' | 'stopping' | 'stopped' | 'errored';

export interface InstanceInfo {
  /** The process's pm2-style id (pm_id: one per instance, daemon/state/process-ids.ts); verbs take it. */
  id: number;
  name: string;
  instance: number;
  pid: number | null;
  status: InstanceStatus;
  restarts: number;
  uptime_ms: number;
  cpu: number;
  memory: number;
  updates: string[];
  /** False for an `interpreter` app (not node): supervised, but `update` and `patch` are refused. */
  updatable: boolean;
  /** When the running process started (ms since the epoch); null when none runs. */
  started_at?: number | null;
  /** pm2's unstable_restarts: crashes in a row, each before min_uptime. */
  unstable_restarts?: number;
  /** Whether the app's files are watched now (watch, and the app started). */
  watching?: boolean;
  /** SPEC 6.6: the app's release id (a hash of its completed updates in force, in order). */
  release: string;
  /** The id of what this instance runs, computed the same way; null when it has no runtime to tell. */
  instance_release: string | null;
  /** It is online and runs other code than its app's release (e.g. its replay failed). */
  drift: boolean;
}

/**
 * What `start` does to an app the daemon already knows (pm2's rules differ by what was started):
 * `keep`: start its stopped instances (resurrect, `moult run`); `restart`: restart it with the new
 * config (pm2's `start ecosystem.json`, startOrRestart); `reload`: the same by reload
 * (startOrReload); `script`: refuse if it runs (pm2: "already launched, add -f"), else start it
 * with the new config; `add`: add the new config's instances to it (pm2's `start app.js -f`).
 */
export type StartExisting = 'keep' | 'restart' | 'reload' | 'script' | 'add';

/** A verb's target as typed (`all`, a name, an id, `/regex/`) and, for a script file, its absolute path. */
export interface TargetFields {
  target: string;
  path?: string;
}

export type Request =
  | { id: number; verb: 'ping' }
  /**
   * `logs`: the ecosystem's daemon.logs (rotation) and `log`: its daemon.log transports (null: none),
   * when the apps come from an ecosystem file. `daemon`: its security settings (when it sets
   * daemon.trusted_keys or daemon.fleet, or with --update-daemon), from `daemon_file`; the daemon
   * records them only if none are, or `update_daemon` (daemon/state/daemon-settings.ts). `env`: the
   * CLI's environment, which pm2 gives the apps it starts (below each app's env; only what differs
   * from the daemon's). `existing`: what to do with apps the daemon knows already.
   */
  | { id: number; verb: 'start'; apps: AppConfig[]; logs?: LogsConfig; log?: DaemonLogConfig | null; daemon?: DaemonSettings; daemon_file?: string; update_daemon?: boolean; env?: Record<string, string>; existing?: StartExisting }
  | ({ id: number; verb: 'stop' | 'delete' | 'reset' } & TargetFields)
  /**
   * `env`: `restart --update-env`, the CLI's environment (only what differs from the daemon's is
   * kept). `configs`: new configs of the apps the target names (pm2's `restart app --node-args …`).
   */
  | ({ id: number; verb: 'restart' | 'reload'; env?: Record<string, string>; configs?: AppConfig[] } & TargetFields)
  /** `start <app|id>`: pm2's smart start: what the target names is started, or restarted if it runs. */
  | ({ id: number; verb: 'start-app' } & TargetFields)
  | ({ id: number; verb: 'describe' | 'flush' } & TargetFields)
  /** pm2's sendSignal. */
  | ({ id: number; verb: 'signal'; signal: NodeJS.Signals } & TargetFields)
  /** pm2's reloadLogs: every app reopens its log files (after an outside logrotate moved them). */
  | { id: number; verb: 'reload-logs' }
  /** pm2's update: the daemon exits and leaves its apps running, for a new daemon (new code) to adopt. */
  | { id: number; verb: 'detach' }
  | { id: number; verb: 'save' | 'resurrect' }
  | { id: number; verb: 'ls' }
  | { id: number; verb: 'update'; app: string; file: string; manager?: string; wait: boolean; timeoutMs: number }
  | { id: number; verb: 'rollback'; app: string; update?: string }
  | { id: number; verb: 'patch'; app: string; file: string; target?: string; wait: boolean; timeoutMs: number; release?: ReleaseRequest }
  | { id: number; verb: 'kill' }
  | { id: number; verb: 'scale'; app: string; instances: number };

/**
 * `moult patch <app> <dir|tarball|git-ref>` / `--package <name>@<version|tarball>` (SPEC 6.5): the
 * client unpacks what the user named into `dir` (a tree: the app's next release; a package: its
 * files, for every copy of `name` in the app's tree); `label` is what the user typed.
 */
export interface ReleaseRequest {
  kind: 'tree' | 'package';
  dir: string;
  name?: string;
  label: string;
  /** `--reload-if-needed`: what cannot be applied hot is reloaded (cluster) or restarted (fork). */
  reload_if_needed?: boolean;
  /** `--recompute <file>`: the module of recompute hooks (absolute path; the daemon reads it). */
  recompute?: string;
}

export type Verb = Request['verb'];
export const VERBS: readonly Verb[] = ['ping', 'start', 'stop', 'restart', 'delete', 'ls', 'update', 'patch', 'rollback', 'kill', 'start-app', 'describe', 'flush', 'save', 'resurrect', 'reload', 'scale', 'reset', 'signal', 'reload-logs', 'detach'];

/** What a start's daemon settings did (daemon/daemon-settings.ts); the CLI tells when they were kept or changed. */
export type SettingsOutcome =
  /** The file says nothing of them: those in force stay. */
  | { kind: 'none' }
  | { kind: 'same' }
  /** None were recorded: these are now, and in force. */
  | { kind: 'recorded'; file: string }
  /** They differ from those in force, which stay (no --update-daemon). */
  | { kind: 'kept'; file: string; differences: string[] }
  | { kind: 'updated'; file: string; differences: string[] };

/** `start`: the apps started, and what became of the file's daemon settings. */
export interface StartResult { started: string[]; daemon_settings?: SettingsOutcome }

/** `describe`: one app as the daemon holds it. */
export interface AppDetails {
  id: number;
  name: string;
  config: AppConfig;
  /** The instances the target named (all of them for an app's name); `log_file`: pm2's combined log. */
  instances: (InstanceInfo & { out_file: string; error_file: string; log_file?: string })[];
  /** The updates in force, in the order they were applied (replayed after restarts). */
  updates: { name: string; update_id: string; file: string; applied_at: number }[];
  /** SPEC 6.6: the id of that list (`instances[].instance_release` is compared with it). */
  release: string;
  /**
   * SPEC 6.5: the package versions that releases changed and that are in force, one per copy in
   * the tree (the last release of it wins): how it went in, and the instances that run it.
   */
  packages: PackageInForce[];
}

export interface PackageInForce {
  name: string;
  path: string;
  from: string | null;
  to: string;
  /** `hot` (applied in the running instances), `reload` / `restart` (--reload-if-needed). */
  how: 'hot' | 'reload' | 'restart';
  release: string;
  instances: number[];
}

/** `save`: where the apps were written; `resurrect`: what was started, and what was running already. */
export interface SaveResult { file: string; apps: string[] }
export interface ResurrectResult { file: string; started: string[]; skipped: string[] }

/** One app of `moult reload`: a fork app is restarted, a cluster app's workers replaced one by one. */
export interface ReloadOutcome {
  app: string;
  mode: 'fork' | 'cluster';
  replaced: number;
}

export interface RollbackOutcome {
  instance: number;
  ok: boolean;
  update?: string;
  update_id?: string;
  mode?: 'hot' | 'cold';
  error?: string;
}

export type UpdateOutcome = 'completed' | 'aborted' | 'failed' | 'rejected' | 'rolledback' | 'pending';

export interface InstanceUpdateResult {
  instance: number;
  pid: number | null;
  /**
   * The instance loaded the module (or refused it) before the timeout. When false, `updates` is
   * empty because nothing is known yet, not because the module produced no update: the
   * instance is pending (an exit 1, never a success).
   */
  answered: boolean;
  updates: { name: string; outcome: UpdateOutcome; error?: string }[];
  /** Set when the module itself did not load in this instance. */
  rejected?: string;
}

export interface UpdateResult {
  update_id: string;
  app: string;
  file: string;
  sha256: string;
  instances: InstanceUpdateResult[];
}

export interface ErrorBody {
  /** A code of protocol/errors.ts (its `usage` codes exit 2, the others 1); a string on the wire, since an older or newer peer may send one this side does not know. */
  code: string;
  message: string;
}

export type Response =
  | { id: number | null; type: 'result'; data: unknown }
  | { id: number | null; type: 'progress'; event: LogEvent }
  | { id: number | null; type: 'error'; error: ErrorBody };

/** The signals `signal` (pm2's sendSignal) may send. */
export const SIGNALS: readonly NodeJS.Signals[] = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1', 'SIGSEGV', 'SIGUSR2',
  'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU',
  'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS',
];
