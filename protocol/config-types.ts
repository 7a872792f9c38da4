// The normalised configuration: absolute paths, durations in ms, every default filled in.
// It travels from the CLI to the daemon over IPC, so it is plain JSON data.

export interface HealthConfig {
  http?: string;
  ready?: boolean;
  timeout: number;
}

export interface UpdatesConfig {
  replay: boolean;
  max_tries: number;
  sleep_time: number;
  /** How long one update hook may take (ms). */
  hook_timeout: number;
  /** How long after the app is ready its code still counts as start-up (ms): what releases check (SPEC 6.5). */
  startup: number;
  /** Globs of the modules to instrument (relative to cwd), false for none; absent: the default. */
  instrument?: string[] | false;
}

export interface AppConfig {
  name: string;
  script: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  instances: number;
  autorestart: boolean;
  max_restarts: number;
  min_uptime: number;
  restart_delay: number;
  exp_backoff_restart_delay?: number;
  kill_timeout: number;
  out_file?: string;
  error_file?: string;
  node_args: string[];
  health?: HealthConfig;
  updates: UpdatesConfig;
  manager?: string;
  /** `fork`: one detached process per instance; `cluster`: a primary forks the instances with node:cluster. */
  exec_mode: 'fork' | 'cluster';
  /** The app calls `process.send('ready')` to be online (else: spawned, or in cluster mode `listening`). */
  wait_ready: boolean;
  /** How long to wait for `ready` / `listening` before counting the instance online anyway (ms). */
  listen_timeout: number;
  /** Restart an instance whose RSS passes this many bytes. */
  max_memory_restart?: number;
  /** Absolute paths whose changes restart the app (debounced by watch_delay); absent: no watching. */
  watch?: string[];
  /** Patterns (globs, or pm2-style regular expressions) of paths under `watch` to ignore. */
  ignore_watch: string[];
  watch_delay: number;
  /** A cron expression (5 or 6 fields) on which the app is restarted. */
  cron_restart?: string;
  /** Environment variable holding the instance number (pm2: NODE_APP_INSTANCE). */
  instance_var: string;
  /** Environment variable set to a base value plus the instance number (pm2's increment_var). */
  increment_var?: string;
  /**
   * `node`, another program that runs `script`, or pm2's `none`: `script` runs itself (a binary, a
   * file with a #! line, `bash -c` for a command line). Not node: supervised but not hot-updatable.
   */
  interpreter: string;
  /** Instances share one out and one err file (no `-<instance>` suffix). */
  merge_logs: boolean;
  /** Prefix each line of app output with a timestamp in this format (pm2's log_date_format). */
  log_date_format?: string;
  /** Prefix app output lines with a timestamp (pm2's `time`; the default format when no log_date_format). */
  time: boolean;
  /** pm2's log_file: one more file with both streams of every instance; true: $MOULT_HOME/logs/<app>.log. */
  log_file?: string | true;
  /** pm2's pid_file: each running process's pid, in `<name>-<instance>.pid` (absolute path of the pattern). */
  pid_file?: string;
  /** Custom log files are per instance, as pm2 names them (`out.log` → `out-0.log`); absent: shared. */
  per_instance_logs?: true;
  /**
   * Names of the daemon's environment this app does not inherit: the shell that started it (pm2
   * gives apps the shell's environment) did not have them (daemon/update-env.ts).
   */
  env_removed?: string[];
  /** pm2's shutdown_with_message: stop sends process.send('shutdown') (where there is a channel), not SIGINT. */
  shutdown_with_message?: boolean;
  /** Exit codes after which the instance is not restarted (pm2's stop_exit_codes). */
  stop_exit_codes?: number[];
}

export interface FleetTlsConfig {
  /** Absolute paths of PEM files. */
  ca?: string;
  cert?: string;
  key?: string;
}

export interface FleetAuthConfig {
  username: string;
  /** Absolute path of a file holding the password (never the password itself in the ecosystem). */
  password_file: string;
}

/** SPEC section 8: every daemon pointing at the same etcd and prefix is one fleet. */
export interface FleetConfig {
  etcd: string[];
  /** This daemon's name in the fleet (default: the machine's host name). */
  host: string;
  labels: Record<string, string>;
  /** Key prefix in etcd, without a trailing slash (default `/moult`). */
  prefix: string;
  /** Finished rollouts kept per app (`moult fleet --keep` with --ecosystem); default 10. */
  history?: number;
  tls?: FleetTlsConfig;
  auth?: FleetAuthConfig;
}

/** Rotation of app logs and moultd.log. */
export interface LogsConfig {
  /** Rotate a log file once it passes this many bytes. */
  max_size: number;
  /** How many rotated files to keep per log. */
  retain: number;
}

/** A pino transport that receives moultd.log's lines too (`daemon.log`). */
export interface LogTarget {
  /** An absolute path to the transport's module, resolved when the ecosystem file was read. */
  target: string;
  options: Record<string, unknown>;
  level: 'debug' | 'info' | 'warn' | 'error';
}

/** `daemon.log`: where the structured log goes besides logs/moultd.log (which keeps every line). */
export interface DaemonLogConfig {
  targets: LogTarget[];
}

export interface DaemonConfig {
  fleet?: FleetConfig;
  /** Pino transports of the structured log; none by default. */
  log?: DaemonLogConfig;
  /** ed25519 public keys (PEM or base64 of the raw 32 bytes); when set, unsigned updates are refused. */
  trusted_keys: string[];
  logs: LogsConfig;
}

/**
 * The daemon's security settings (issue 16, item 4): whose signatures it accepts and which fleet
 * it takes orders from. They belong to the home ($MOULT_HOME/daemon.json), whatever verb starts
 * the daemon; a start changes them only when none are recorded yet, or with --update-daemon.
 */
export type DaemonSettings = Pick<DaemonConfig, 'trusted_keys' | 'fleet'>;

/** A field that moult accepts but does not act on (a pm2 field), reported once at load. */
export interface ConfigWarning {
  path: string;
  message: string;
}

export interface Ecosystem {
  file: string;
  apps: AppConfig[];
  daemon: DaemonConfig;
  /** The file sets daemon.trusted_keys or daemon.fleet (its DaemonSettings say something). */
  daemonSettingsGiven: boolean;
  warnings: ConfigWarning[];
}
