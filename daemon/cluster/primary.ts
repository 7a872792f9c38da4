// The primary of a cluster-mode app: `node dist/daemon/cluster-primary.js`, started detached by
// moultd. It forks the app's workers with node:cluster (so they share the app's listening ports)
// when the daemon asks, stops them gracefully (servers closed first, so the primary hands new
// connections to the other workers), and reports their exits, `listening` and `ready`. It keeps
// running when the daemon dies (its workers would exit with it: node:cluster's rule), and leaves
// on its own once it has neither workers nor a daemon for a while.
import cluster, { type Worker } from 'node:cluster';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { serve, type Connection } from '../../protocol/transport';
import { DRAIN_MESSAGE, PRIMARY_TITLE } from '../../protocol/cluster-channel';
import { CLUSTER_ENV, type ClusterPrimaryConfig, type FromPrimary, type ToPrimary, type WorkerState } from '../../protocol/cluster-channel';
import { openAppLog } from '../logs/app-log-open';
import { readSecretFd, sendSecret } from '../../protocol/secret-pipe';
import { SECRET_FD } from '../../protocol/runtime-channel';

const ORPHAN_EXIT_MS = 30_000;
/** How long keep-alive clients get to be told `Connection: close` before the servers close. */
const DRAIN_MS = 300;

function readConfig(): { config: ClusterPrimaryConfig; secret: Buffer } {
  const config = JSON.parse(process.env[CLUSTER_ENV.config] ?? '') as ClusterPrimaryConfig;
  const secret = Buffer.from(readSecretFd(process.env[CLUSTER_ENV.secretFd], (msg) => process.stderr.write(`moult cluster primary: ${msg}\n`)) ?? '');
  // The workers must not see them.
  delete process.env[CLUSTER_ENV.config];
  delete process.env[CLUSTER_ENV.secretFd];
  return { config, secret };
}

function parse(raw: unknown): ToPrimary | null {
  if (!raw || typeof raw !== 'object') return null;
  const m = raw as Record<string, unknown>;
  if (m.type === 'attach' && typeof m.secret === 'string') return m as unknown as ToPrimary;
  if (m.type === 'fork' && typeof m.req === 'number' && m.env && typeof m.env === 'object' && typeof m.out === 'string' && typeof m.err === 'string') return m as unknown as ToPrimary;
  if (m.type === 'stop' && typeof m.pid === 'number' && typeof m.grace_ms === 'number') return m as unknown as ToPrimary;
  if (m.type === 'shutdown') return m as unknown as ToPrimary;
  return null;
}

function main(): void {
  const { config, secret } = readConfig();
  process.title = `${PRIMARY_TITLE}${config.app}`;
  const workers = new Map<number, { worker: Worker; state: WorkerState }>();
  let daemon: Connection | null = null;
  const tell = (m: FromPrimary): void => { if (daemon && !daemon.closed) daemon.send(m); };

  let orphanTimer: NodeJS.Timeout | null = null;
  const checkOrphaned = (): void => {
    if (orphanTimer) clearTimeout(orphanTimer);
    orphanTimer = null;
    if (daemon || workers.size) return;
    orphanTimer = setTimeout(() => process.exit(0), ORPHAN_EXIT_MS);
  };

  const fork = (m: Extract<ToPrimary, { type: 'fork' }>): void => {
    const warn = (msg: string): void => { process.stderr.write(`moult cluster primary: ${msg}\n`); };
    let out: number;
    let err: number;
    try {
      out = openAppLog(m.out, config.logs_dir, warn);
      err = m.err === m.out ? out : openAppLog(m.err, config.logs_dir, warn);
    } catch (e) {
      tell({ type: 'fork.failed', req: m.req, error: (e as Error).message });
      return;
    }
    let worker: Worker;
    try {
      // The worker's secret on its fd SECRET_FD (protocol/secret-pipe.ts), never in its env.
      cluster.setupPrimary({ exec: config.script, args: config.args, execArgv: config.execArgv, stdio: ['ignore', out, err, 'ipc', 'pipe'] });
      worker = cluster.fork({ ...m.env, [CLUSTER_ENV.worker]: '1' });
      sendSecret(worker.process.stdio?.[SECRET_FD] as NodeJS.WritableStream | null, m.secret ?? '');
    } catch (e) {
      tell({ type: 'fork.failed', req: m.req, error: (e as Error).message });
      return;
    } finally {
      fs.closeSync(out);
      if (err !== out) fs.closeSync(err);
    }
    const pid = worker.process.pid;
    if (!pid) {
      tell({ type: 'fork.failed', req: m.req, error: 'the worker has no pid' });
      return;
    }
    const state: WorkerState = { pid, listening: false, ready: false };
    workers.set(pid, { worker, state });
    checkOrphaned();
    tell({ type: 'forked', req: m.req, pid });
    worker.on('listening', () => {
      if (state.listening) return;
      state.listening = true;
      tell({ type: 'listening', pid });
    });
    worker.on('message', (msg: unknown) => {
      if (msg !== 'ready' || state.ready) return;
      state.ready = true;
      tell({ type: 'ready', pid });
    });
    worker.on('error', () => { /* a dead channel: its exit follows */ });
    worker.on('exit', (code, signal) => {
      workers.delete(pid);
      tell({ type: 'exit', pid, code, signal });
      checkOrphaned();
    });
  };

  const stop = (pid: number, graceMs: number, message: boolean): void => {
    const w = workers.get(pid);
    if (!w) return;
    // Once: after its disconnect, or after graceMs if it does not disconnect (an app handling SIGINT
    // must not get it twice; pm2's reload test counts the lines its handler prints).
    let sent = false;
    const kill = (): void => {
      if (sent) return;
      sent = true;
      try {
        if (message && w.worker.isConnected()) w.worker.send('shutdown');
        else w.worker.process.kill('SIGINT');
      } catch { /* gone */ }
    };
    if (!w.worker.isConnected()) return kill();
    setTimeout(kill, graceMs).unref();
    // First its keep-alive clients are told to go (runtime/cluster-drain.ts); then its servers close
    // (connections already handed to it finish, new ones go to the other workers); then SIGINT.
    try { w.worker.send(DRAIN_MESSAGE); } catch { /* disconnecting already */ }
    setTimeout(() => {
      w.worker.once('disconnect', kill);
      try { w.worker.disconnect(); } catch { kill(); }
    }, Math.min(DRAIN_MS, graceMs / 2)).unref();
  };

  const onMessage = (conn: Connection, raw: unknown): void => {
    const m = parse(raw);
    if (!m) return;
    if (m.type === 'attach') {
      const given = Buffer.from(m.secret);
      if (given.length !== secret.length || !crypto.timingSafeEqual(given, secret)) return conn.close();
      if (daemon && daemon !== conn) daemon.close();
      daemon = conn;
      checkOrphaned();
      tell({ type: 'workers', workers: [...workers.values()].map((w) => ({ ...w.state })), secrets: 'pipe' });
      return;
    }
    if (conn !== daemon) return;
    if (m.type === 'fork') return fork(m);
    if (m.type === 'stop') return stop(m.pid, m.grace_ms, m.message === true);
    if (m.type === 'shutdown') shutdown();
  };

  const shutdown = (): void => {
    if (!workers.size) process.exit(0);
    for (const pid of workers.keys()) stop(pid, 1000, false);
    cluster.on('exit', () => { if (!workers.size) process.exit(0); });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGHUP', () => {});

  serve(config.socket, (conn) => {
    conn.on('message', (m) => onMessage(conn, m));
    conn.on('close', () => {
      if (daemon !== conn) return;
      daemon = null;
      checkOrphaned();
    });
  }).catch((e: Error) => {
    process.stderr.write(`moult cluster primary: cannot serve ${config.socket}: ${e.message}\n`);
    process.exit(1);
  });
  process.once('exit', () => { try { fs.unlinkSync(config.socket); } catch { /* gone */ } });
  checkOrphaned();
}

if (cluster.isPrimary) main();
