// The control socket ($MOULT_HOME/moultd.sock, 0600): one request per frame, answered with
// progress frames and one result or error. Bad frames get an error and a warn line, nothing else.
import { serve, type Connection } from '../../protocol/transport';
import type { Request, Response } from '../../protocol/control';
import { routeRelease } from '../updates/release-route';
import { parseRequest } from './requests';
import { CONTROL_IDLE_MS, MAX_CONTROL_CONNECTIONS, MAX_PENDING_CONTROL_BYTES, formatBytes } from '../../protocol/limits';
import { DaemonError } from './errors';
import type { Supervisor } from '../supervisor';
import type { EventLog } from '../logs/event-log';
import { describeApps, flushLogs } from './app-details';
import { resurrectDump, saveDump } from '../state/dump-file';
import { belowCliEnv, withCliEnv } from '../instances/update-env';
import { updateApp } from '../updates/app-update';
import type { SettingsInForce } from '../state/daemon-settings';

export interface ControlOptions {
  socket: string;
  supervisor: Supervisor;
  log: EventLog;
  /** The daemon's security settings (daemon.json): a start may offer its file's. */
  settings: SettingsInForce;
  onKill: () => void;
  /** pm2's update: exit, leaving the apps running for the next daemon. */
  onDetach: () => void;
}

export function startControlServer(opts: ControlOptions): ReturnType<typeof serve> {
  const { supervisor, log } = opts;

  async function handle(req: Request, reply: (r: Response) => void): Promise<void> {
    const result = (data: unknown): void => reply({ id: req.id, type: 'result', data });
    // pm2's ids number processes: an app verb given one acts on its app (daemon/process-ids.ts).
    if ('app' in req) req.app = supervisor.appName(req.app);
    switch (req.verb) {
      case 'ping': return result({ pid: process.pid });
      case 'start': {
        // Before the apps: a fleet given for the first time is joined before they start.
        const daemon_settings = await opts.settings.offer(req.daemon, req.daemon_file ?? 'a start request', req.update_daemon === true);
        if (req.logs) supervisor.setLogs(req.logs, req.log ?? null);
        const cliEnv = req.env;
        const apps = cliEnv ? req.apps.map((a) => belowCliEnv(a, cliEnv)) : req.apps;
        return result({ started: await supervisor.startOrAct(apps, req.existing ?? 'keep'), daemon_settings });
      }
      // pm2's smart start: `start <name|id>` starts what is stopped and restarts what runs.
      case 'start-app': return result({ started: await supervisor.restart(req.target, req.path) });
      case 'stop': return result({ stopped: await supervisor.stop(req.target, req.path) });
      case 'restart':
      case 'reload': {
        if (req.configs) supervisor.setConfigs(req.configs);
        const env = req.env;
        if (env) for (const a of supervisor.appsOf(req.target, req.path)) supervisor.setEnv(a.config.name, withCliEnv(a.config, env));
        if (req.verb === 'reload') return result(await supervisor.reload(req.target, req.path));
        return result({ restarted: await supervisor.restart(req.target, req.path) });
      }
      case 'delete': return result({ deleted: await supervisor.delete(req.target, req.path) });
      case 'reset': return result({ reset: supervisor.reset(req.target, req.path) });
      case 'signal': return result({ sent: supervisor.signal(req.target, req.signal, req.path) });
      case 'reload-logs': return result({ reopened: supervisor.reopenLogs() });
      case 'describe': return result(await describeApps(supervisor, req.target, req.path));
      case 'flush': return result({ flushed: await flushLogs(supervisor, req.target, req.path) });
      case 'save': return result(await saveDump(supervisor));
      case 'resurrect': return result(resurrectDump(supervisor));
      case 'ls': return result(await supervisor.list());
      case 'scale': return result(await supervisor.scale(req.app, req.instances));
      case 'rollback': return result(await supervisor.rollback(req.app, req.update));
      case 'patch': {
        if (req.release) {
          return result(await routeRelease(supervisor, req.app, req.release, { wait: req.wait, timeoutMs: req.timeoutMs }, (event) => reply({ id: req.id, type: 'progress', event })));
        }
        const instances = supervisor.instancesOf(req.app);
        supervisor.refuseIfNotUpdatable(req.app, req.file);
        const cfg = instances[0]?.config.updates;
        const r = await updateApp(
          supervisor.ledger,
          { app: req.app, file: req.file, wait: req.wait, timeoutMs: req.timeoutMs, patch: { ...(req.target ? { target: req.target } : {}), max_tries: cfg?.max_tries ?? 10, sleep_time: cfg?.sleep_time ?? 1000 } },
          (event) => reply({ id: req.id, type: 'progress', event }),
        );
        return result(r);
      }
      case 'kill':
        await supervisor.stopAll({ forget: true });
        result({ killed: true });
        return opts.onKill();
      case 'detach':
        supervisor.saveNow();
        result({ pid: process.pid });
        return opts.onDetach();
      case 'update': {
        try {
          supervisor.instancesOf(req.app);
        } catch (err) {
          log.write('update.rejected', `update ${req.file} rejected: unknown app ${req.app}`, { app: req.app, file: req.file, reason: `unknown app ${req.app}` }, 'warn');
          throw err;
        }
        supervisor.refuseIfNotUpdatable(req.app, req.file);
        const r = await updateApp(
          supervisor.ledger,
          { app: req.app, file: req.file, manager: req.manager, wait: req.wait, timeoutMs: req.timeoutMs },
          (event) => reply({ id: req.id, type: 'progress', event }),
        );
        return result(r);
      }
    }
  }

  // Idle connections (no request under way) must not exhaust the daemon's file descriptors: each
  // is closed after CONTROL_IDLE_MS, and past MAX_CONTROL_CONNECTIONS the oldest idle one goes.
  const idleMs = Number(process.env.MOULT_CONTROL_IDLE_MS) > 0 ? Number(process.env.MOULT_CONTROL_IDLE_MS) : CONTROL_IDLE_MS;
  const open = new Map<Connection, { pending: number }>();
  let evicted = 0;
  const noteEvicted = (): void => {
    if (evicted++ > 0) return;
    setTimeout(() => {
      log.write('daemon.warning', `control socket: closed ${evicted} idle control connection(s) to stay under ${MAX_CONTROL_CONNECTIONS}`, {}, 'warn');
      evicted = 0;
    }, 1000).unref();
  };
  const admit = (conn: Connection): boolean => {
    if (open.size >= MAX_CONTROL_CONNECTIONS) {
      const idle = [...open].find(([, s]) => s.pending === 0)?.[0];
      if (!idle) return false;
      idle.close();
      open.delete(idle);
      noteEvicted();
    }
    open.set(conn, { pending: 0 });
    conn.on('close', () => open.delete(conn));
    conn.idleTimeout(idleMs, () => conn.close());
    return true;
  };
  const busy = (conn: Connection, delta: 1 | -1): void => {
    const s = open.get(conn);
    if (!s) return;
    s.pending += delta;
    conn.idleTimeout(s.pending > 0 ? 0 : idleMs, () => conn.close());
  };

  function onConnection(conn: Connection): void {
    if (!admit(conn)) {
      log.write('daemon.warning', `control socket: ${MAX_CONTROL_CONNECTIONS} connections are busy: a new one was refused`, {}, 'warn');
      conn.close();
      return;
    }
    const reply = (r: Response): void => { conn.send(r); };
    conn.on('problem', (p) => {
      const message = p.kind === 'oversized' ? `frame too large (${p.bytes} bytes, limit ${formatBytes(p.limit)})`
        : p.kind === 'over-budget' ? `too many unfinished frames: the control connections hold ${formatBytes(p.limit)} of them already (this one: ${formatBytes(p.bytes)}); closed`
          : `malformed frame: ${p.detail}`;
      log.write('daemon.warning', `control socket: ${message}`, { error: message }, 'warn');
      reply({ id: null, type: 'error', error: { code: p.kind === 'over-budget' ? 'EBUSY' : 'EBADFRAME', message } });
      // Its memory is given back at once; the peer may try again once others are done.
      if (p.kind === 'over-budget') conn.close();
    });
    conn.on('message', (raw) => {
      let req: Request;
      try {
        req = parseRequest(raw);
      } catch (err) {
        const e = err as DaemonError;
        log.write('daemon.warning', `control socket: ${e.message}`, { error: e.message }, 'warn');
        const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : null;
        return reply({ id, type: 'error', error: { code: e.code ?? 'EBADFRAME', message: e.message } });
      }
      busy(conn, 1);
      handle(req, reply).finally(() => busy(conn, -1)).catch((err: unknown) => {
        const code = err instanceof DaemonError ? err.code : 'EFAILED';
        const message = err instanceof Error ? err.message : String(err);
        // SPEC 9: every refusal leaves a warn line, whoever's fault it was.
        log.write('daemon.warning', `${req.verb} refused: ${message}`, { error: message, ...(req.verb === 'update' ? { app: req.app } : {}) }, 'warn');
        reply({ id: req.id, type: 'error', error: { code, message } });
      });
    });
  }

  return serve(opts.socket, onConnection, { maxPendingBytes: MAX_PENDING_CONTROL_BYTES });
}
