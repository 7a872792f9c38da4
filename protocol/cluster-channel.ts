// moultd ↔ the primary of a cluster-mode app ($MOULT_HOME/run/cluster-<random>.sock). The primary
// forks and stops workers when the daemon asks, and reports what its workers do; it outlives a
// killed daemon (it is started detached), and a later daemon attaches to it again.

export const CLUSTER_ENV = {
  /** JSON of ClusterPrimaryConfig. */
  config: 'MOULT_CLUSTER_CONFIG',
  /** The fd on which the primary inherits its secret (only the daemon that knows it may attach). */
  secretFd: 'MOULT_CLUSTER_SECRET_FD',
  /**
   * Set by the primary in each worker's environment, read (and removed) by the worker's runtime:
   * Node removes NODE_UNIQUE_ID before --require preloads run, and loading node:cluster to ask
   * costs every app 3-4 ms.
   */
  worker: 'MOULT_CLUSTER_WORKER',
} as const;

export interface ClusterPrimaryConfig {
  app: string;
  script: string;
  args: string[];
  /** Node flags of every worker (the app's node_args and the runtime preload). */
  execArgv: string[];
  socket: string;
  /** The home's logs/ folder: worker log files there are opened as the daemon's own (daemon/app-log-open.ts). */
  logs_dir: string;
}

export type ToPrimary =
  | { type: 'attach'; secret: string }
  /** `secret`: the worker's runtime secret, which the primary hands it on a pipe (never in `env`). */
  | { type: 'fork'; req: number; env: Record<string, string>; out: string; err: string; secret?: string }
  /** Graceful: the worker's servers close (no new connections), then SIGINT after `grace_ms`. */
  /** `message`: pm2's shutdown_with_message: the worker gets process.send('shutdown'), not SIGINT. */
  | { type: 'stop'; pid: number; grace_ms: number; message?: true }
  | { type: 'shutdown' };

export interface WorkerState {
  pid: number;
  listening: boolean;
  ready: boolean;
}

export type FromPrimary =
  /**
   * On attach. `secrets: 'pipe'`: this primary hands each worker its secret on a pipe (a primary of
   * an earlier release, without it, gets the worker's secret in its env, as it did then).
   */
  | { type: 'workers'; workers: WorkerState[]; secrets?: 'pipe' }
  | { type: 'forked'; req: number; pid: number }
  | { type: 'fork.failed'; req: number; error: string }
  | { type: 'listening'; pid: number }
  | { type: 'ready'; pid: number }
  | { type: 'exit'; pid: number; code: number | null; signal: string | null };

/** Sent by the primary to a worker it is about to stop (runtime/cluster-drain.ts). */
export const DRAIN_MESSAGE = 'moult:drain';

/** A cluster primary's process.title (it replaces the command line in /proc): `<this><app>`. */
export const PRIMARY_TITLE = 'moult cluster primary: ';
