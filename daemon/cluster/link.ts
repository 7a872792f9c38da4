// The daemon's side of one cluster-mode app's primary (daemon/cluster/primary.ts): starts it
// detached (it must outlive a killed daemon), or attaches to the one a previous daemon started,
// and asks it to fork and stop workers. What the primary reports about a worker goes to the
// watcher registered for that worker's pid (its Instance).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnGated } from '../instances/launch-gate';
import { connect, type Connection } from '../../protocol/transport';
import { CLUSTER_ENV, PRIMARY_TITLE, type ClusterPrimaryConfig, type FromPrimary, type ToPrimary } from '../../protocol/cluster-channel';
import type { HomeLayout } from '../../protocol/home';
import type { AppConfig } from '../../config/ecosystem';
import type { EventLog } from '../logs/event-log';
import { pidAlive } from '../instances/pid-alive';
import { ProcessTree, processStart } from '../instances/process-tree';
import { CLUSTER_PRIMARY } from '../../protocol/package-files';
import { openOwnedAppend } from '../../protocol/owned-file';
import { sendSecret } from '../../protocol/secret-pipe';
import { daemonEnv } from '../instances/env';
import { runtimeNodeArgs } from '../instances/interpreter';
import { ownSocket } from '../state/instance-records';

const CONNECT_TIMEOUT_MS = 10_000;

export interface WorkerWatcher {
  exit(code: number | null, signal: string | null): void;
  listening(): void;
  ready(): void;
}

export class ClusterLink {
  pid: number | null = null;
  secret: string | null = null;
  socketPath: string | null = null;
  private conn: Connection | null = null;
  private connecting: Promise<Connection> | null = null;
  private nextReq = 1;
  /** The attached primary hands workers their secrets on a pipe (this release's), not in their env. */
  private secretsOnPipe = true;
  private hello: (() => void) | null = null;
  private readonly pendingForks = new Map<number, { resolve: (pid: number) => void; reject: (e: Error) => void }>();
  private readonly watchers = new Map<number, WorkerWatcher>();
  /** Signals that came before their watcher was registered (a worker that listens at once). */
  private readonly early = new Map<number, { listening: boolean; ready: boolean }>();

  /**
   * `recorded()`: writes state.json now (the primary's pid, before it forks any worker: a daemon
   * killed later leaves no primary nobody knows); `killTimeoutMs()`: the app's kill_timeout.
   */
  constructor(
    private readonly home: HomeLayout,
    private readonly log: EventLog,
    private readonly app: string,
    private readonly hooks: { recorded(): void; killTimeoutMs(): number } = { recorded: () => {}, killTimeoutMs: () => 1600 },
  ) {}

  /** The primary's process.title, which replaces its command line in /proc once it runs. */
  static readonly TITLE_MARK = PRIMARY_TITLE;

  /** Re-attaches to the primary a previous daemon started. */
  adopt(pid: number, secret: string, socket: string): void {
    this.pid = pid;
    this.secret = secret;
    this.socketPath = socket;
    this.connecting = this.connectTo(pid, Date.now() + CONNECT_TIMEOUT_MS);
    this.connecting.catch(() => { this.connecting = null; });
  }

  private primaryConfig(config: AppConfig, preload: string, socket: string): ClusterPrimaryConfig {
    return { app: config.name, script: path.resolve(config.cwd, config.script), args: config.args, execArgv: runtimeNodeArgs(config, preload), socket, logs_dir: this.home.logsDir };
  }

  /** Starts the primary unless one is attached or attaching. */
  ensure(config: AppConfig, preload: string): Promise<Connection> {
    if (this.conn && !this.conn.closed) return Promise.resolve(this.conn);
    if (this.connecting) return this.connecting;
    const socket = path.join(this.home.runDir, `cluster-${crypto.randomBytes(8).toString('hex')}.sock`);
    const secret = crypto.randomBytes(32).toString('hex');
    const cfg = this.primaryConfig(config, preload, socket);
    const logFile = path.join(this.home.logsDir, `${config.name}-primary.log`);
    const fd = openOwnedAppend(logFile, (msg) => this.log.write('daemon.warning', msg, { app: config.name }, 'warn'));
    let pid: number | undefined;
    let release: (go: boolean) => void = () => {};
    try {
      // Behind the launch gate: it runs once state.json names it (below), never unrecorded.
      const gated = spawnGated(process.execPath, [CLUSTER_PRIMARY], {
        cwd: config.cwd,
        // Its secret on fd 3, never in its environment (protocol/secret-pipe.ts).
        env: { ...daemonEnv(), [CLUSTER_ENV.secretFd]: '3', [CLUSTER_ENV.config]: JSON.stringify(cfg) },
        detached: true,
        stdio: ['ignore', fd, fd, 'pipe'],
      });
      gated.child.on('error', () => {});
      sendSecret(gated.child.stdio[3] as NodeJS.WritableStream | null, secret);
      gated.child.unref();
      pid = gated.child.pid;
      release = gated.release;
    } finally {
      fs.closeSync(fd);
    }
    if (!pid) return Promise.reject(new Error(`cannot start the cluster primary of ${config.name}`));
    this.pid = pid;
    this.secret = secret;
    this.socketPath = cfg.socket;
    this.log.write('cluster.primary', `${config.name}: cluster primary started with pid ${pid}`, { app: config.name, pid });
    this.hooks.recorded();
    release(true);
    this.connecting = this.connectTo(pid, Date.now() + CONNECT_TIMEOUT_MS);
    this.connecting.catch(() => { this.connecting = null; });
    return this.connecting;
  }

  private async connectTo(pid: number, deadline: number): Promise<Connection> {
    const socket = this.socketPath ?? '';
    for (;;) {
      // The secret goes only to a socket of the daemon's user.
      if (fs.existsSync(socket) && !ownSocket(socket)) throw new Error(`cannot attach to the cluster primary of ${this.app}: ${socket} is not a socket of the daemon's user`);
      try {
        const conn = await connect(socket, { timeoutMs: 1000 });
        this.conn = conn;
        this.connecting = null;
        conn.on('message', (m) => this.onMessage(m as FromPrimary));
        conn.on('close', () => {
          if (this.conn !== conn) return;
          this.conn = null;
          for (const p of this.pendingForks.values()) p.reject(new Error('the cluster primary went away'));
          this.pendingForks.clear();
        });
        // Its first answer says how its workers get their secrets (see fork()); a wrong secret closes it.
        const hello = new Promise<void>((resolve) => { this.hello = resolve; conn.on('close', () => resolve()); });
        conn.send({ type: 'attach', secret: this.secret ?? '' } satisfies ToPrimary);
        await hello;
        return conn;
      } catch (e) {
        if (Date.now() > deadline || this.pid !== pid || !pidAlive(pid)) throw new Error(`cannot reach the cluster primary of ${this.app} (pid ${pid}): ${(e as Error).message}`, { cause: e });
        await new Promise((r) => setTimeout(r, 30));
      }
    }
  }

  private onMessage(m: FromPrimary): void {
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'forked': {
        const p = this.pendingForks.get(m.req);
        this.pendingForks.delete(m.req);
        p?.resolve(m.pid);
        return;
      }
      case 'fork.failed': {
        const p = this.pendingForks.get(m.req);
        this.pendingForks.delete(m.req);
        p?.reject(new Error(m.error));
        return;
      }
      case 'workers':
        this.secretsOnPipe = m.secrets === 'pipe';
        this.hello?.();
        this.hello = null;
        for (const w of m.workers) {
          if (!this.watchers.has(w.pid)) {
            this.stopStranger(w.pid);
            continue;
          }
          if (w.listening) this.signal(w.pid, 'listening');
          if (w.ready) this.signal(w.pid, 'ready');
        }
        return;
      case 'listening':
      case 'ready':
        return this.signal(m.pid, m.type);
      case 'exit':
        this.early.delete(m.pid);
        this.watchers.get(m.pid)?.exit(m.code, m.signal);
        this.watchers.delete(m.pid);
    }
  }

  private signal(pid: number, what: 'listening' | 'ready'): void {
    const w = this.watchers.get(pid);
    if (w) return w[what]();
    const e = this.early.get(pid) ?? { listening: false, ready: false };
    e[what] = true;
    this.early.set(pid, e);
  }

  watch(pid: number, watcher: WorkerWatcher): void {
    this.watchers.set(pid, watcher);
    const e = this.early.get(pid);
    this.early.delete(pid);
    if (e?.listening) watcher.listening();
    if (e?.ready) watcher.ready();
  }

  /**
   * A worker, with its runtime `secret`: handed on a pipe by the primary; a primary of the previous
   * release (adopted after an upgrade) knows only the environment, as it did then, until it is replaced.
   */
  async fork(config: AppConfig, preload: string, env: Record<string, string>, out: string, err: string, secret: string): Promise<number> {
    const conn = await this.ensure(config, preload);
    const req = this.nextReq++;
    const message: ToPrimary = this.secretsOnPipe ? { type: 'fork', req, env, out, err, secret } : { type: 'fork', req, env: { ...env, MOULT_RUNTIME_SECRET: secret }, out, err };
    return new Promise((resolve, reject) => {
      this.pendingForks.set(req, { resolve, reject });
      if (!conn.send(message)) {
        this.pendingForks.delete(req);
        reject(new Error('the cluster primary went away'));
      }
    });
  }

  /**
   * A worker of an adopted primary that no record names (audit row 4.3: forked for a reload or a
   * start by a daemon killed before it recorded it): stopped like an instance, SIGKILL after
   * kill_timeout, rather than left serving unsupervised.
   */
  private stopStranger(pid: number): void {
    const start = processStart(pid);
    const grace = this.hooks.killTimeoutMs();
    this.log.write('daemon.warning', `${this.app}: cluster worker ${pid} is in no record (a daemon died while it started): stopping it`, { app: this.app, pid }, 'warn');
    if (!this.stop(pid, Math.max(0, grace - 200))) try { process.kill(pid, 'SIGINT'); } catch { /* gone */ }
    setTimeout(() => {
      if (start !== null && processStart(pid) === start) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }, grace).unref();
  }

  /** False when no primary is attached: the caller signals the worker itself. */
  stop(pid: number, graceMs: number, message = false): boolean {
    return this.conn?.send({ type: 'stop', pid, grace_ms: graceMs, ...(message ? { message: true as const } : {}) } satisfies ToPrimary) ?? false;
  }

  /** Once the app has no workers left: the primary goes too. */
  async shutdown(): Promise<void> {
    const pid = this.pid;
    if (pid === null) return;
    if (!this.conn?.send({ type: 'shutdown' } satisfies ToPrimary)) {
      try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
    }
    const deadline = Date.now() + 3000;
    while (pidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 30));
    if (pidAlive(pid)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    // The primary leads the app's group (spawned detached): what its workers started goes too.
    const leftovers = new ProcessTree(pid, true);
    if (leftovers.childrenRunning()) {
      leftovers.signal('SIGINT');
      await leftovers.ended(Date.now() + 1000);
    }
    // A primary killed could not remove its socket: no stale one is left in run/.
    if (this.socketPath && !pidAlive(pid) && ownSocket(this.socketPath)) try { fs.unlinkSync(this.socketPath); } catch { /* gone */ }
    this.conn?.close();
    this.conn = null;
    this.pid = null;
  }
}

