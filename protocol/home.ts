// Where things live under MOULT_HOME (SPEC section 1). Shared so that the CLI can find the daemon's
// socket and log files without asking the daemon.
import os from 'node:os';
import path from 'node:path';

export interface HomeLayout {
  root: string;
  socket: string;
  pidFile: string;
  stateFile: string;
  logsDir: string;
  eventLog: string;
  runDir: string;
  daemonOut: string;
}

export function homeLayout(env: NodeJS.ProcessEnv = process.env): HomeLayout {
  const root = path.resolve(env.MOULT_HOME || path.join(os.homedir(), '.moult'));
  const logsDir = path.join(root, 'logs');
  return {
    root,
    socket: path.join(root, 'moultd.sock'),
    pidFile: path.join(root, 'moultd.pid'),
    stateFile: path.join(root, 'state.json'),
    logsDir,
    eventLog: path.join(logsDir, 'moultd.log'),
    runDir: path.join(root, 'run'),
    daemonOut: path.join(logsDir, 'moultd.out.log'),
  };
}

export function appLogFiles(home: HomeLayout, app: string, instance: number): { out: string; err: string } {
  return {
    out: path.join(home.logsDir, `${app}-${instance}.out.log`),
    err: path.join(home.logsDir, `${app}-${instance}.err.log`),
  };
}

/** merge_logs: every instance of the app writes these two files. */
export function mergedLogFiles(home: HomeLayout, app: string): { out: string; err: string } {
  return {
    out: path.join(home.logsDir, `${app}.out.log`),
    err: path.join(home.logsDir, `${app}.err.log`),
  };
}

/** The runtime socket of one app process; named by pid to stay short (unix socket paths ≤ 107 bytes). */
export function runtimeSocket(home: HomeLayout, pid: number): string {
  return path.join(home.runDir, `${pid}.sock`);
}

