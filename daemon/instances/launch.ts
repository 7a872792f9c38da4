// How an instance's process comes to be (SPEC 7): in fork mode a detached child of the daemon (its
// output straight to its log files, an IPC channel for pm2's process.send('ready')), so that it
// outlives a killed daemon; in cluster mode a worker forked by the app's primary. Either way the
// instance hears of the process's exit and of its readiness signals through `LaunchEvents`.
//
// No unsupervised process, ever (audit row 4.2: a daemon killed 70-130 ms into a first `start`
// left apps running that nothing had recorded): a fork-mode process starts as a small shell that
// waits on a pipe from the daemon, and becomes the app (exec: same pid, same process group) only
// once the daemon has recorded that pid (`release`). Should the daemon die before, the pipe
// closes and the shell exits without running the app. Cost: one /bin/sh exec per launch.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
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
}

/** Waits for one line on the gate's fd, closes it, and becomes the program; EOF first: exit 70. */
const gateScript = (fd: number): string => `read -r go <&${fd} || exit 70; exec ${fd}<&-; exec "$@"`;

/** What spawn() would run for `file` (a bare name is looked up in the app's PATH), or null. */
function executable(file: string, env: Record<string, string>, cwd: string): string | null {
  const candidates = file.includes('/') ? [path.resolve(cwd, file)] : (env.PATH ?? '').split(':').filter(Boolean).map((d) => path.join(d, file));
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      if (fs.statSync(c).isFile()) return c;
    } catch { /* next */ }
  }
  return null;
}

export interface LaunchFiles {
  out: string;
  err: string;
}

export function spawnForked(config: AppConfig, env: Record<string, string>, files: LaunchFiles, on: LaunchEvents): Launched | null {
  const cmd = appCommand(config, RUNTIME_PRELOAD);
  // The shell would only say "not found" in the app's log: a missing program is reported as before.
  const program = executable(cmd.file, env, config.cwd);
  if (!program) {
    const e = Object.assign(new Error(`spawn ${cmd.file} ENOENT`), { code: 'ENOENT' });
    setImmediate(() => on.failed(e));
    return null;
  }
  const out = fs.openSync(files.out, 'a');
  const err = files.err === files.out ? out : fs.openSync(files.err, 'a');
  let child;
  try {
    // The 'ipc' channel carries pm2's process.send('ready'); the runtime unrefs it in the app.
    // Another interpreter (bash, python3…) gets neither the runtime nor a channel.
    const stdio: ('ignore' | 'ipc' | 'pipe' | number)[] = isNodeApp(config) ? ['ignore', out, err, 'ipc'] : ['ignore', out, err];
    const gate = stdio.length;
    child = spawn('/bin/sh', ['-c', gateScript(gate), 'moult-launch', program, ...cmd.args], {
      cwd: config.cwd,
      env,
      detached: true,
      stdio: [...stdio, 'pipe'],
    });
  } finally {
    fs.closeSync(out);
    if (err !== out) fs.closeSync(err);
  }
  const gate = child.stdio[child.stdio.length - 1] as Writable | null;
  // A gate written to after the process died (stopped before its release): nothing to do.
  gate?.on('error', () => {});
  if (!child.pid) {
    gate?.destroy();
    child.on('error', (e) => on.failed(e));
    return null;
  }
  child.on('error', () => { /* an IPC write to a dying app: its exit follows */ });
  child.on('message', (m) => { if (m === 'ready') on.signal('ready'); });
  child.on('exit', (code, signal) => on.exit(code, signal));
  let released = false;
  return {
    pid: child.pid,
    stopWatch: () => {},
    release: (go) => {
      if (released || !gate) return;
      released = true;
      if (go) gate.end('go\n');
      else gate.destroy();
    },
  };
}

/** Resolves once the primary forked the worker; null if `stale()` says nobody wants it any more. */
export async function forkWorker(link: ClusterLink, config: AppConfig, env: Record<string, string>, files: LaunchFiles, on: LaunchEvents, stale: () => boolean): Promise<Launched | null> {
  let pid: number;
  try {
    pid = await link.fork(config, RUNTIME_PRELOAD, env, files.out, files.err);
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
