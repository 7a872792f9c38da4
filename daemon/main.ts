// moultd: `node dist/daemon/main.js` (started in the background by the CLI) or in the foreground
// with `moult run eco.json` (systemd). One daemon per MOULT_HOME.
import fs from 'node:fs';
import { homeLayout } from '../protocol/home';
import { homeProblem } from '../protocol/home-check';
import { connect } from '../protocol/transport';
import { loadEcosystem } from '../config/ecosystem';
import { recoverFromRecords } from './state/instance-records';
import { EventLog } from './logs/event-log';
import { Supervisor } from './supervisor';
import { startControlServer } from './control/server';
import { loadState, moveAside, onStateWarning } from './state/store';
import { joinFleet, type FleetMembership } from './fleet/start';
import { SettingsError, SettingsInForce, differences, readSettings, settingsFile, settingsOf } from './state/daemon-settings';
import type { DaemonSettings } from '../config/ecosystem';
import { exitCodeOf, MoultError } from '../protocol/errors';

async function alreadyRunning(socket: string): Promise<boolean> {
  try {
    const conn = await connect(socket, { timeoutMs: 1000 });
    conn.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes moultd.pid without following a symlink: one planted there is removed (its target is never
 * written) and reported through `warn`.
 */
function writePidFile(file: string, warn: (msg: string) => void): void {
  const { O_WRONLY, O_CREAT, O_TRUNC, O_EXCL, O_NOFOLLOW } = fs.constants;
  let fd: number;
  try {
    fd = fs.openSync(file, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOOP') throw err;
    let target = '?';
    try { target = fs.readlinkSync(file); } catch { /* gone */ }
    warn(`${file} was a symlink to ${target}: removed, not followed`);
    fs.unlinkSync(file);
    fd = fs.openSync(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  }
  try {
    fs.writeSync(fd, `${process.pid}\n`);
  } finally {
    fs.closeSync(fd);
  }
}

/** Refuses (exit 2) a home another user owns or can write to (protocol/home-check.ts). */
function refuseUnsafeHome(home: ReturnType<typeof homeLayout>): void {
  const problem = homeProblem(home);
  if (!problem) return;
  process.stderr.write(`moultd: ${problem}\n`);
  process.exit(2);
}

export async function runDaemon(opts: { ecosystem?: string } = {}): Promise<void> {
  const home = homeLayout();
  // Checked before anything is created, changed or connected to in the home.
  refuseUnsafeHome(home);
  fs.mkdirSync(home.root, { recursive: true, mode: 0o700 });
  fs.chmodSync(home.root, 0o700);
  fs.mkdirSync(home.logsDir, { recursive: true, mode: 0o700 });
  fs.mkdirSync(home.runDir, { recursive: true, mode: 0o700 });
  refuseUnsafeHome(home); // again: a folder that appeared in between was not ours to chmod
  const eco = opts.ecosystem ? loadEcosystem(opts.ecosystem) : null;
  const apps = eco?.apps ?? [];
  // The security settings are the home's (daemon.json), whichever verb started this daemon.
  let recorded: DaemonSettings | null;
  try {
    recorded = readSettings(settingsFile(home));
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    process.stderr.write(`moultd: ${err.message}\n`);
    process.exit(2);
  }
  if (await alreadyRunning(home.socket)) {
    process.stderr.write(`moultd: a daemon already answers on ${home.socket}\n`);
    process.exit(1);
  }
  const log = new EventLog(home.eventLog);
  const warn = (msg: string): void => log.write('daemon.warning', msg, {}, 'warn');
  writePidFile(home.pidFile, warn);
  onStateWarning(warn);
  const supervisor = new Supervisor(home, log);
  let recovered: string | null = null;
  let fleet: FleetMembership | null = null;
  const settings = new SettingsInForce(settingsFile(home), recorded, async (s, previous) => {
    supervisor.updates.trustedKeys = s.trusted_keys;
    if (previous && differences(previous, s).every((d) => !d.startsWith('fleet:'))) return;
    await fleet?.stop().catch(() => {});
    fleet = null;
    // Joined before apps start: an instance that starts catches up with its app's fleet release first.
    if (s.fleet) fleet = await joinFleet(s.fleet, supervisor, log);
  });
  const loaded = loadState(home.stateFile);
  let previous = loaded.state;
  if (!previous) {
    // No state.json we can trust: the instances still running are found by their records.
    const found = recoverFromRecords(home.runDir, warn);
    if (found.instances > 0) {
      previous = found.state;
      recovered = `re-adopted ${found.instances} live instance${found.instances === 1 ? '' : 's'} (of ${found.apps.join(', ')}) from their records under ${home.runDir}`;
      if (!loaded.problem) log.write('daemon.warning', `${home.stateFile} is missing: ${recovered}`, { file: home.stateFile }, 'warn');
    }
  }
  if (loaded.problem) {
    // Never half-used, never overwritten: kept aside for a human, and the daemon starts empty.
    let kept: string | null = null;
    let why: string;
    try {
      kept = moveAside(home.stateFile);
      why = `moved aside to ${kept}`;
    } catch (err) {
      why = `could not be moved aside (${(err as Error).message}): it will be overwritten`;
    }
    const apps = recovered ?? 'the daemon starts without the apps it listed (none of them is running)';
    log.write('daemon.warning', `${home.stateFile} is corrupt (${loaded.problem}): ${why}; ${apps}`, { file: kept ?? home.stateFile, error: loaded.problem }, 'warn');
  }

  let stopping = false;
  const shutdown = async (why: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await fleet?.stop().catch(() => {});
    await supervisor.stopAll();
    log.write('daemon.stopped', `daemon stopped (${why})`, { pid: process.pid });
    await log.close();
    server.close();
    try { fs.unlinkSync(home.pidFile); } catch { /* gone */ }
    try { fs.unlinkSync(home.socket); } catch { /* gone */ }
    process.exit(0);
  };

  // No input may take the daemon down: an unexpected error is logged and the daemon serves on.
  process.on('uncaughtException', (err) => log.write('daemon.warning', `internal error: ${err.stack ?? err}`, { error: err.message }, 'error'));
  process.on('unhandledRejection', (err) => log.write('daemon.warning', `internal error: ${String(err)}`, { error: String(err) }, 'error'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGHUP', () => {});

  // `moult update` (pm2's): this daemon goes, its apps stay; the next one adopts them (SPEC 7).
  const detach = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await fleet?.stop().catch(() => {});
    log.write('daemon.stopped', `daemon exits for a new one (moult update); the apps keep running`, { pid: process.pid });
    server.close();
    try { fs.unlinkSync(home.pidFile); } catch { /* gone */ }
    try { fs.unlinkSync(home.socket); } catch { /* gone */ }
    setTimeout(() => process.exit(0), 50).unref();
  };
  const server = await startControlServer({ socket: home.socket, supervisor, log, settings, onKill: () => void shutdown('moult kill'), onDetach: () => void detach() });
  log.write('daemon.started', `daemon started with pid ${process.pid}`, { pid: process.pid });
  const given = eco?.daemonSettingsGiven ? settingsOf(eco.daemon) : null;
  if (given && recorded && differences(recorded, given).length) {
    // `moult run eco.json` (systemd): the foreground daemon's own file is the one in force.
    log.write('daemon.warning', `daemon settings from ${eco!.file} replace those recorded in ${settingsFile(home)}: ${differences(recorded, given).join('; ')}`, { file: eco!.file }, 'warn');
  }
  if (given) await settings.replace(given, eco!.file);
  else await settings.start();
  if (previous) supervisor.restore(previous);
  if (eco) supervisor.setLogs(eco.daemon.logs, eco.daemon.log ?? null);
  if (apps.length) supervisor.start(apps);
}

if (require.main === module) {
  const i = process.argv.indexOf('--ecosystem');
  runDaemon({ ecosystem: i !== -1 ? process.argv[i + 1] : undefined }).catch((err) => {
    process.stderr.write(`moultd: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof MoultError ? exitCodeOf(err.code) : 1);
  });
}
