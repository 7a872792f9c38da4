// Where things live under MOULT_HOME (SPEC section 1). Shared so that the CLI can find the daemon's
// socket and log files without asking the daemon.
import os from 'node:os';
import path from 'node:path';
import type { AppConfig } from './config-types';

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

/** pm2's name of one instance's custom log file (God.prepare): `out.log` → `out-0.log`; other names are shared. */
const perInstance = (file: string, index: number): string => file.replace(/-[0-9]+\.log$|\.log$/, `-${index}.log`);

type LogFields = Pick<AppConfig, 'name' | 'merge_logs' | 'out_file' | 'error_file' | 'log_file' | 'per_instance_logs'>;

/**
 * Where one instance's output goes: its out_file / error_file (per instance as pm2 names them,
 * unless merged), else `<app>-<n>.out.log` (merge_logs: `<app>.out.log`) in the logs folder; and
 * pm2's log_file, the combined log (true: `<app>.log` in the logs folder), when the app has one.
 */
export function instanceLogFiles(home: HomeLayout, config: LogFields, index: number): { out: string; err: string; combined?: string } {
  const own = config.merge_logs ? mergedLogFiles(home, config.name) : appLogFiles(home, config.name, index);
  const custom = (f: string): string => (config.per_instance_logs ? perInstance(f, index) : f);
  const combined = config.log_file === true ? path.join(home.logsDir, `${config.name}.log`) : config.log_file;
  return {
    out: config.out_file !== undefined ? custom(config.out_file) : own.out,
    err: config.error_file !== undefined ? custom(config.error_file) : own.err,
    ...(combined !== undefined ? { combined: custom(combined) } : {}),
  };
}

/** pm2's pid file of one instance: `app.pid` → `app-0.pid`. */
export function instancePidFile(pidFile: string, index: number): string {
  return pidFile.replace(/-[0-9]+\.pid$|\.pid$/, `-${index}.pid`) + (/\.pid$/.test(pidFile) ? '' : `-${index}`);
}

/** The runtime socket of one app process; named by pid to stay short (unix socket paths ≤ 107 bytes). */
export function runtimeSocket(home: HomeLayout, pid: number): string {
  return path.join(home.runDir, `${pid}.sock`);
}

