// moultd: `node dist/daemon/main.js` (started in the background by the CLI) or in the foreground
// with `moult run eco.json` (systemd). One daemon per MOULT_HOME.
import fs from 'node:fs';
import { homeLayout } from '../protocol/home';
import { connect } from '../protocol/transport';
import { loadEcosystem } from '../config/ecosystem';
import { EventLog } from './event-log';
import { Supervisor } from './supervisor';
import { startControlServer } from './control-server';
import { readState } from './state-store';

async function alreadyRunning(socket: string): Promise<boolean> {
  try {
    const conn = await connect(socket, { timeoutMs: 1000 });
    conn.close();
    return true;
  } catch {
    return false;
  }
}

export async function runDaemon(opts: { ecosystem?: string } = {}): Promise<void> {
  const home = homeLayout();
  fs.mkdirSync(home.root, { recursive: true, mode: 0o700 });
  fs.chmodSync(home.root, 0o700);
  fs.mkdirSync(home.logsDir, { recursive: true, mode: 0o700 });
  fs.mkdirSync(home.runDir, { recursive: true, mode: 0o700 });
  const apps = opts.ecosystem ? loadEcosystem(opts.ecosystem).apps : [];
  if (await alreadyRunning(home.socket)) {
    process.stderr.write(`moultd: a daemon already answers on ${home.socket}\n`);
    process.exit(1);
  }
  fs.writeFileSync(home.pidFile, `${process.pid}\n`);
  const log = new EventLog(home.eventLog);
  const supervisor = new Supervisor(home, log);
  const previous = readState(home.stateFile);

  let stopping = false;
  const shutdown = async (why: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await supervisor.stopAll();
    log.write('daemon.stopped', `daemon stopped (${why})`, { pid: process.pid });
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

  const server = await startControlServer({ socket: home.socket, supervisor, log, onKill: () => void shutdown('moult kill') });
  log.write('daemon.started', `daemon started with pid ${process.pid}`, { pid: process.pid });
  if (previous) supervisor.restore(previous);
  if (apps.length) supervisor.start(apps);
}

if (require.main === module) {
  const i = process.argv.indexOf('--ecosystem');
  runDaemon({ ecosystem: i !== -1 ? process.argv[i + 1] : undefined }).catch((err) => {
    process.stderr.write(`moultd: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err && typeof err === 'object' && 'code' in err && err.code === 'ECONFIG' ? 2 : 1);
  });
}
