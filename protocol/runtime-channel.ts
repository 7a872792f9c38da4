// Daemon ↔ app runtime messages over the app's own socket ($MOULT_HOME/run/<pid>.sock). The app
// serves it, so a restarted daemon can re-attach to a running app and collect what it missed.
import type { LogEvent } from './events';

/** `moult patch`: the source replaces a loaded module instead of being loaded as an update. */
export interface PatchSpec {
  target?: string;
  /** The source is a release (protocol/release.ts): several files, one transaction (SPEC 6.5). */
  release?: boolean;
  max_tries: number;
  sleep_time: number;
}

export type ToRuntime =
  /**
   * `after_seq`: the last event of this process the daemon's log already holds. `secret`: the one
   * the daemon passed at spawn (MOULT_RUNTIME_SECRET); nothing else is accepted before it.
   */
  | { type: 'attach'; app: string; instance: number; after_seq: number; secret?: string }
  /** `moult rollback`: undo the last completed update (or the named one, if it is the last). */
  | { type: 'rollback'; request_id: string; update?: string; reason?: string }
  /** While an update runs: is the app's event loop still answering? */
  | { type: 'ping' }
  /**
   * `files`: the local files the update loads, by path relative to `file`'s folder, with their
   * sources (protocol/update-unit.ts): the app loads them from here, never from disk.
   */
  | { type: 'update'; update_id: string; file: string; name: string; source: string; files?: Record<string, string>; manager?: string; replay?: boolean; patch?: PatchSpec }
  /**
   * The process has reached the app's release (its replay is over, or there was nothing to
   * replay): the listen() calls and connections held since it started go ahead (SPEC 6.6).
   */
  | { type: 'release' }
  /**
   * The daemon renamed the app's log files (rotation): stdout and stderr are opened again at these
   * paths, so that what the app writes next goes to the new files (nothing is lost meanwhile: until
   * then it lands in the renamed ones).
   */
  | { type: 'logs.reopen'; out: string; err: string };

export type FromRuntime =
  /** Every event the app emitted, in order, including those buffered while no daemon was attached. */
  | { type: 'event'; event: LogEvent & { seq: number } }
  /** The update module loaded: these updates were handed to a manager. */
  | { type: 'update.loaded'; update_id: string; updates: string[] }
  | { type: 'rollback.result'; request_id: string; ok: boolean; update?: string; update_id?: string; mode?: 'hot' | 'cold'; error?: string }
  /**
   * Sent after every attach: whether the process still holds its start (no release yet: a daemon
   * died while starting it), and its completed updates that a daemon sent, in order (what it runs).
   */
  | { type: 'state'; holding: boolean; applied: { update_id: string; name: string }[] };

/** The answer to a ping: the instance itself consumes it (updates/watchdog.ts), nothing else sees it. */
export type RuntimePong = { type: 'pong' };

export const RUNTIME_ENV = {
  app: 'MOULT_APP',
  instance: 'MOULT_INSTANCE',
  runDir: 'MOULT_RUNTIME_DIR',
  manager: 'MOULT_MANAGER',
  /** `updates.instrument` as JSON: an array of globs, or false. */
  instrument: 'MOULT_INSTRUMENT',
  /** `updates.hook_timeout` in ms: how long one update hook may take. */
  hookTimeout: 'MOULT_HOOK_TIMEOUT',
  /**
   * The fd on which the app inherits its per-instance secret (protocol/secret-pipe.ts): only the
   * daemon that holds it may attach to the app's runtime socket. Never the secret itself: the
   * environment is readable in /proc/<pid>/environ for the process's whole life (audit row 1.19).
   */
  secretFd: 'MOULT_RUNTIME_SECRET_FD',
  /** A private folder where instrumented modules are kept between starts ($MOULT_HOME/cache). */
  cacheDir: 'MOULT_CACHE_DIR',
  /** pm2's log_date_format (or `time`): every line of the app's output starts with this timestamp. */
  logDateFormat: 'MOULT_LOG_DATE_FORMAT',
  /**
   * Set by the daemon: the process holds its listen() calls (cluster worker) or the connections it
   * accepts (fork) until the daemon's `release`, at most this many ms (SPEC 6.6).
   */
  hold: 'MOULT_HOLD_MS',
  /**
   * The start-up watch (runtime/patch/start-up.ts), as JSON {settle_ms, added}: how long after the
   * app is ready its code still counts as start-up, and the V8 flags the daemon added to the command
   * line for it (taken out of process.execArgv again, so that the app's own forks do not inherit them).
   */
  startup: 'MOULT_STARTUP',
} as const;

/** The fd of a fork-mode app (or cluster worker) on which its secret arrives: after stdin, stdout, stderr and the IPC channel. */
export const SECRET_FD = 4;

/**
 * moult's own variables, never passed from the daemon's environment to an app (it sets an app's
 * own); the secrets of an earlier release (in the environment then) among them.
 */
export const INTERNAL_ENV: readonly string[] = [...Object.values(RUNTIME_ENV), 'MOULT_RUNTIME_SECRET', 'MOULT_DAEMON_ECOSYSTEM', 'MOULT_CLUSTER_CONFIG', 'MOULT_CLUSTER_SECRET', 'MOULT_CLUSTER_SECRET_FD'];
