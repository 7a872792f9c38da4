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
}

export interface TcpConfig {
  host: string;
  port: number;
  token_file: string;
}

export interface DaemonConfig {
  tcp?: TcpConfig;
  trusted_keys: string[];
}

export interface Ecosystem {
  file: string;
  apps: AppConfig[];
  daemon: DaemonConfig;
}
