// How an instance's process comes to be (SPEC 7): in fork mode a detached child of the daemon (its
// output straight to its log files, an IPC channel for pm2's process.send('ready')), so that it
// outlives a killed daemon; in cluster mode a worker forked by the app's primary. Either way the
// instance hears of the process's exit and of its readiness signals through `LaunchEvents`.
//
// A fork-mode process starts behind the launch gate (launch-gate.ts): it runs the app only once
// the daemon has recorded its pid (`release`).
import fs from 'node:fs';
import { executable, spawnGated } from './launch-gate';
import { sendSecret } from '../../protocol/secret-pipe';
import { SECRET_FD } from '../../protocol/runtime-channel';
import type { AppConfig } from '../../config/ecosystem';
import type { ClusterLink } from '../cluster/link';
import { pidAlive } from './pid-alive';
import { appCommand, isNodeApp } from './interpreter';

import { RUNTIME_PRELOAD } from '../../protocol/package-files';

export interface LaunchEvents {
  exit(code: number | null, signal: NodeJS.Signals | null): void;
  signal(how: 'ready' | 'listening'): void;
  /** The process could not be started at all. */
  failed(error: Error): void;
}

/**
 * A running process of an instance; `stopWatch` ends any polling of its pid. `release(true)` lets
 * it run the app once its pid is recorded; `release(false)` lets it exit without (not wanted any
 * more). A cluster worker needs none (the next daemon stops a worker it has no record of).
 */
export interface Launched {
  pid: number;
  stopWatch(): void;
  release(go: boolean): void;
  /** A message to the app through its IPC channel (fork mode, our own child); false if it cannot go. */
  message?(m: string): boolean;
}

export interface LaunchFiles {
  out: string;
  err: string;
  /** Opens one of them for appending (daemon/app-log-open.ts). */
  open(file: string): number;
}

/** `secret`: the runtime's, on the node app's fd SECRET_FD (protocol/secret-pipe.ts), never in `env`. */
export function spawnForked(config: AppConfig, env: Record<string, string>, files: LaunchFiles, on: LaunchEvents, secret: string): Launched | null {
  const cmd = appCommand(config, RUNTIME_PRELOAD);
  // The shell would only say "not found" in the app's log: a missing program is reported as before.
  const program = executable(cmd.file, env, config.cwd);
  if (!program) {
    const e = Object.assign(new Error(`spawn ${cmd.file} ENOENT`), { code: 'ENOENT' });
    setImmediate(() => on.failed(e));
    return null;
  }
  const out = files.open(files.out);
  const err = files.err === files.out ? out : files.open(files.err);
  let gated;
  try {
    // The 'ipc' channel carries pm2's process.send('ready'); the runtime unrefs it in the app.
    // Another interpreter (bash, python3…) gets neither the runtime nor a channel.
    gated = spawnGated(program, cmd.args, {
      cwd: config.cwd,
      env,
      detached: true,
      stdio: isNodeApp(config) ? ['ignore', out, err, 'ipc', 'pipe'] : ['ignore', out, err],
    });
  } finally {
    fs.closeSync(out);
    if (err !== out) fs.closeSync(err);
  }
  const { child, release } = gated;
  if (!child.pid) {
    child.on('error', (e) => on.failed(e));
    return null;
  }
  if (isNodeApp(config)) sendSecret(child.stdio[SECRET_FD] as NodeJS.WritableStream | null, secret);
  child.on('error', () => { /* an IPC write to a dying app: its exit follows */ });
  child.on('message', (m) => { if (m === 'ready') on.signal('ready'); });
  child.on('exit', (code, signal) => on.exit(code, signal));
  const c = child;
  return { pid: child.pid, stopWatch: () => {}, release, message: (m) => { try { return c.connected && c.send(m); } catch { return false; } } };
}

/** Resolves once the primary forked the worker; null if `stale()` says nobody wants it any more. */
export async function forkWorker(link: ClusterLink, config: AppConfig, env: Record<string, string>, files: LaunchFiles, on: LaunchEvents, stale: () => boolean, secret: string): Promise<Launched | null> {
  let pid: number;
  try {
    pid = await link.fork(config, RUNTIME_PRELOAD, env, files.out, files.err, secret);
  } catch (e) {
    if (!stale()) on.failed(e as Error);
    return null;
  }
  if (stale()) {
    link.stop(pid, 0);
    return null;
  }
  // Not our child: its end is reported by the primary, and seen by polling should the primary die.
  const watch = setInterval(() => { if (!pidAlive(pid)) on.exit(null, null); }, 500);
  link.watch(pid, {
    exit: (code, signal) => on.exit(code, signal as NodeJS.Signals | null),
    listening: () => on.signal('listening'),
    ready: () => on.signal('ready'),
  });
  return { pid, stopWatch: () => clearInterval(watch), release: () => {} };
}
