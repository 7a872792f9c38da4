// One running copy of an app: its process (spawned detached, output straight to its log files so
// it outlives a killed daemon), its runtime channel, its restart policy and its stop escalation.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { connect, type Connection } from '../../protocol/transport';
import { instanceLogFiles, instancePidFile, runtimeSocket, type HomeLayout } from '../../protocol/home';
import type { FromRuntime } from '../../protocol/runtime-channel';
import { instanceEnv } from './env';
import { spawnForked, forkWorker, type LaunchEvents, type Launched } from './launch';
import type { ClusterLink } from '../cluster/link';
import type { InstanceStatus } from '../../protocol/control';
import type { LogEvent } from '../../protocol/events';
import { UpdateWatchdog } from '../updates/watchdog';
import type { AppConfig } from '../../config/ecosystem';
import { openAppLog } from '../logs/app-log-open';
import { onExit, type CrashHistory } from './restart-policy';
import type { EventLog } from '../logs/event-log';
import { isNodeApp } from './interpreter';
import { pidAlive } from './pid-alive';
import { ProcessTree } from './process-tree';
import { ownSocket } from '../state/instance-records';

const ATTACH_TIMEOUT_MS = 15_000;

const sizeOf = (f: string): number => { try { return fs.statSync(f).size; } catch { return 0; } };
const EXIT_DRAIN_MS = 1000;

export interface InstanceHost {
  home: HomeLayout;
  log: EventLog;
  onChange(): void;
  onRuntimeMessage(inst: Instance, msg: FromRuntime): void;
  onInstanceExit(inst: Instance, abnormal: boolean): void;
  /**
   * Brings a fresh process to its app's release (replays what it lacks, SPEC 6.3, 6.6) and then
   * releases its start (it took no request until then), before it is called online.
   */
  reachRelease(inst: Instance): Promise<void>;
  /** The process runs its app's release (or the app does not replay updates): a reload may swap it in. */
  onRelease(inst: Instance): boolean;
  /** The primary of a cluster-mode app (started on first use). */
  clusterLink(app: string): ClusterLink;
  /**
   * Calls `then` once state.json and the instance records hold what changed so far (a new pid):
   * a new process runs the app only then (audit row 4.2).
   */
  recorded(then: () => void): void;
}


/** The process behind an instance: our child, a cluster worker, or one adopted from a previous daemon. */
interface Proc {
  pid: number;
  watch?: NodeJS.Timeout;
  stopWatch?: () => void;
  message?: (m: string) => boolean;
}

export class Instance {
  status: InstanceStatus = 'stopped';
  pid: number | null = null;
  restarts = 0;
  startedAt: number | null = null;
  /** The updates this process has in force, in order, each with its update_id (a name may come twice). */
  private applied: { name: string; update_id: string }[] = [];
  /** When the app last called ready() (health.ready). */
  readyAt: number | null = null;
  channel: Connection | null = null;
  private proc: Proc | null = null;
  /** The last event seq of this process that is in the log. */
  private lastSeq = 0;
  private readonly watchdog = new UpdateWatchdog({
    ping: () => this.send({ type: 'ping' }),
    stuck: (update, silentMs) => this.stuck(update, silentMs),
  }, () => this.config.updates.hook_timeout ?? 30_000);
  /** Passed to the app at spawn: its runtime socket answers only a daemon that knows it. */
  secret: string | null = null;
  private history: CrashHistory = { fastCrashes: 0 };
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private exitWaiters: (() => void)[] = [];

  constructor(public config: AppConfig, readonly index: number, private readonly host: InstanceHost) {}

  private fields(): { app: string; instance: number; pid?: number } {
    return { app: this.config.name, instance: this.index, ...(this.pid ? { pid: this.pid } : {}) };
  }

  start(): void {
    if (this.proc || this.status === 'launching' || this.status === 'online') return;
    this.stopping = false;
    this.spawnProcess();
  }

  private spawnProcess(): void {
    const { out: outFile, err: errFile } = this.logFiles();
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.mkdirSync(path.dirname(errFile), { recursive: true });
    this.secret = crypto.randomBytes(32).toString('hex');
    const env = instanceEnv(this.config, this.index, this.host.home);
    // pm2's log_file: what this process writes from here on is copied there (combined-log.ts).
    this.outputStart = this.config.log_file !== undefined ? { [outFile]: sizeOf(outFile), [errFile]: sizeOf(errFile) } : null;
    this.status = 'launching';
    this.applied = [];
    this.lastSeq = 0;
    const launch = ++this.launches;
    const proc: Proc = { pid: -1 };
    const on: LaunchEvents = {
      exit: (code, signal) => void this.exited(proc, code, signal),
      signal: (how) => this.signalled(proc.pid, how),
      failed: (e) => {
        this.host.log.write('app.exited', `${this.config.name}[${this.index}] could not start: ${e.message}`, { app: this.config.name, instance: this.index, error: e.message }, 'error');
        void this.exited(proc, 1, null, true);
      },
    };
    const started = (launched: Launched | null): void => {
      if (!launched) return;
      proc.pid = launched.pid;
      proc.stopWatch = launched.stopWatch;
      proc.message = launched.message;
      this.launched(proc);
      // Recorded first, then run: a daemon killed in between leaves no process nobody knows.
      this.host.recorded(() => launched.release(this.proc === proc && !this.stopping));
    };
    const warn = (msg: string): void => this.host.log.write('daemon.warning', `${this.config.name}[${this.index}]: ${msg}`, this.fields(), 'warn');
    const logs = { out: outFile, err: errFile, open: (f: string) => openAppLog(f, this.host.home.logsDir, warn) };
    if (this.config.exec_mode !== 'cluster') return started(spawnForked(this.config, env, logs, on, this.secret));
    const link = this.host.clusterLink(this.config.name);
    void forkWorker(link, this.config, env, logs, on, () => launch !== this.launches || this.stopping, this.secret).then(started);
    this.host.onChange();
  }

  /** Sizes of the out and err files when this process was spawned (log_file only); null: unknown. */
  outputStart: Record<string, number> | null = null;

  /** The names of the updates this process has in force, in order (`moult ls`). */
  get updates(): string[] {
    return this.applied.map((u) => u.name);
  }

  /** What this process runs: its updates in force, in order (the ledger compares it with the release). */
  appliedUpdates(): readonly { name: string; update_id: string }[] {
    return this.applied;
  }

  /** What the process itself says it runs (its runtime's `state` after an attach, SPEC 6.6). */
  runs(applied: readonly { name: string; update_id: string }[]): void {
    this.applied = applied.map((u) => ({ name: u.name, update_id: u.update_id }));
  }

  /**
   * An update this process undid: the last one of that name (and update_id, when known) is no
   * longer in force. False if it had none such (one rolled back on its way in never completed).
   */
  undid(name: string, updateId?: string): boolean {
    for (let i = this.applied.length - 1; i >= 0; i--) {
      const u = this.applied[i]!;
      if (u.name !== name || (updateId && u.update_id !== updateId)) continue;
      this.applied.splice(i, 1);
      return true;
    }
    return false;
  }

  /** Counts launches: a cluster fork that answers after a newer launch or a stop is not ours. */
  private launches = 0;

  private launched(proc: Proc): void {
    this.proc = proc;
    this.pid = proc.pid;
    this.startedAt = Date.now();
    this.gate = { pid: proc.pid, attached: false, signalled: !this.waitsForSignal(), timer: null };
    if (!this.gate.signalled) {
      const gate = this.gate;
      gate.timer = setTimeout(() => this.signalled(proc.pid, 'timeout'), this.config.listen_timeout);
    }
    // A cluster worker serves (for reload's swap) once it listens, at the latest after listen_timeout.
    const serving = this.config.exec_mode === 'cluster' && !this.config.wait_ready;
    this.serving = { pid: proc.pid, ok: !serving, timer: serving ? setTimeout(() => this.served(proc.pid), this.config.listen_timeout) : null, waiters: [] };
    this.host.log.write('app.started', `${this.config.name}[${this.index}] started with pid ${this.pid}`, this.fields());
    this.pidFile(proc.pid);
    this.host.onChange();
    // An `interpreter` app has no runtime to connect: it is online once spawned.
    if (isNodeApp(this.config)) void this.attach(proc.pid, 'spawned');
    else this.onlineWithoutRuntime(proc.pid);
  }

  /**
   * pm2's rules: wait_ready keeps an instance launching until process.send('ready'); a cluster
   * worker is online once it runs (as pm2's 'online' event), and serves once it listens (served()).
   */
  private waitsForSignal(): boolean {
    return this.config.wait_ready;
  }

  /** Whether this process takes connections: what reload waits for before stopping the old one. */
  private serving: { pid: number; ok: boolean; timer: NodeJS.Timeout | null; waiters: { resolve: () => void; reject: (e: Error) => void }[] } | null = null;

  private served(pid: number): void {
    const s = this.serving;
    if (!s || s.pid !== pid || s.ok) return;
    s.ok = true;
    if (s.timer) clearTimeout(s.timer);
    for (const w of s.waiters.splice(0)) w.resolve();
  }

  /** Resolves once this launch is online and serving (a cluster worker listening, or listen_timeout passed). */
  async whenServing(): Promise<void> {
    await this.whenOnline();
    const s = this.serving;
    if (!s || s.ok) return;
    await new Promise<void>((resolve, reject) => s.waiters.push({ resolve, reject }));
  }

  /** Where a launching process stands: runtime attached (updates replayed), ready signalled. */
  private gate: { pid: number; attached: boolean; signalled: boolean; timer: NodeJS.Timeout | null; how?: string } | null = null;
  private onlineWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];

  private signalled(pid: number, how: 'ready' | 'listening' | 'timeout'): void {
    if (how !== 'timeout') this.served(pid);
    const gate = this.gate;
    if (!gate || gate.pid !== pid || gate.signalled) return;
    if (how === 'listening' && this.config.wait_ready) return;
    gate.signalled = true;
    gate.how = how === 'timeout' ? `no ${this.config.wait_ready ? "process.send('ready')" : "'listening'"} within listen_timeout (${this.config.listen_timeout} ms)` : how === 'ready' ? "process.send('ready')" : "'listening'";
    if (gate.timer) clearTimeout(gate.timer);
    this.maybeOnline();
  }

  private maybeOnline(): void {
    const gate = this.gate;
    if (!gate || !gate.attached || !gate.signalled || gate.pid !== this.pid) return;
    this.gate = null;
    if (this.status === 'launching') this.status = 'online';
    this.host.log.write('app.online', `${this.config.name}[${this.index}] is online (runtime connected${gate.how ? `, ${gate.how}` : ''})`, this.fields());
    for (const w of this.onlineWaiters.splice(0)) w.resolve();
    this.host.onChange();
  }

  /** Resolves once this launch is online; rejects if the process ends first. */
  whenOnline(): Promise<void> {
    if (this.status === 'online' && !this.gate) return Promise.resolve();
    return new Promise((resolve, reject) => this.onlineWaiters.push({ resolve, reject }));
  }

  /** An `interpreter` app has no runtime to connect: it is online once spawned. */
  private onlineWithoutRuntime(pid: number): void {
    if (this.gate?.pid === pid) {
      if (this.gate.timer) clearTimeout(this.gate.timer);
      this.gate = null;
    }
    this.status = 'online';
    this.host.log.write('app.online', `${this.config.name}[${this.index}] is online (${this.config.interpreter}: no runtime, not updatable)`, this.fields());
    this.host.onChange();
  }

  /** Where this instance's stdout and stderr go (protocol/home.ts); `combined`: pm2's log_file. */
  logFiles(): { out: string; err: string; combined?: string } {
    return instanceLogFiles(this.host.home, this.config, this.index);
  }

  /** Log rotation (logs/rotation.ts): a node app's runtime opens its renamed log files again. */
  canReopenLogs(): boolean {
    return this.proc !== null && this.channel !== null && !this.channel.closed && isNodeApp(this.config);
  }

  /** A node app started less than the attach timeout ago whose runtime is not connected yet. */
  awaitsRuntime(): boolean {
    const attaching = this.startedAt !== null && Date.now() - this.startedAt < ATTACH_TIMEOUT_MS;
    return this.proc !== null && isNodeApp(this.config) && attaching && (this.channel === null || this.channel.closed);
  }

  reopenLogs(): void {
    const { out, err } = this.logFiles();
    this.send({ type: 'logs.reopen', out, err });
  }

  /**
   * Takes over a process a previous daemon started (SPEC 7): it is not our child, so its end is
   * seen by polling its pid (and at once when its runtime socket closes).
   */
  adopt(pid: number, startedAt: number | null, restarts: number, updates: { name: string; update_id: string }[], lastSeq: number, secret: string | null): void {
    const proc: Proc = { pid };
    this.secret = secret;
    this.lastSeq = lastSeq;
    this.proc = proc;
    this.pid = pid;
    this.startedAt = startedAt ?? Date.now();
    this.restarts = restarts;
    this.applied = updates.map((u) => ({ name: u.name, update_id: u.update_id }));
    this.status = 'online';
    proc.watch = setInterval(() => { if (!pidAlive(pid)) void this.exited(proc, null, null); }, 500);
    if (this.config.exec_mode === 'cluster') {
      this.host.clusterLink(this.config.name).watch(pid, { exit: (code, signal) => void this.exited(proc, code, signal as NodeJS.Signals | null), listening: () => {}, ready: () => {} });
    }
    if (isNodeApp(this.config)) void this.attach(pid, 'adopted');
    else this.host.log.write('app.adopted', `${this.config.name}[${this.index}] (pid ${pid}) re-attached after a daemon restart`, this.fields());
  }

  /**
   * Connects to the runtime socket the app serves once its preload ran. `reattach`: its channel
   * closed while it runs (another process of the user attached with its secret, audit row 1.19): the
   * daemon takes it back. An adopted or re-attached app the daemon cannot reach is restarted, with a
   * warning, rather than shown online while no update can reach it (audit row 4.11).
   */
  private async attach(pid: number, mode: 'spawned' | 'adopted' | 'reattach'): Promise<void> {
    const socket = runtimeSocket(this.host.home, pid);
    const deadline = Date.now() + ATTACH_TIMEOUT_MS;
    let why = `${socket} does not answer`;
    while (this.pid === pid && !this.stopping && Date.now() < deadline) {
      if (!fs.existsSync(socket)) why = `${socket} is gone`;
      else if (!ownSocket(socket)) {
        // Never handed the secret: another user's socket in its place.
        why = `${socket} is not a socket of the daemon's user`;
        break;
      }
      try {
        const conn = await connect(socket, { timeoutMs: 1000 });
        if (this.pid !== pid) return conn.close();
        this.channel = conn;
        conn.on('message', (m) => this.fromRuntime(m));
        conn.on('close', () => this.channelClosed(conn, pid));
        conn.send({ type: 'attach', app: this.config.name, instance: this.index, after_seq: this.lastSeq, ...(this.secret ? { secret: this.secret } : {}) });
        if (mode === 'adopted') {
          this.host.log.write('app.adopted', `${this.config.name}[${this.index}] (pid ${pid}) re-attached after a daemon restart`, this.fields());
        } else if (mode === 'reattach') {
          this.host.log.write('daemon.warning', `${this.config.name}[${this.index}] (pid ${pid}): its runtime channel closed while it runs (another process of this user attached to it?): re-attached`, this.fields(), 'warn');
        } else {
          await this.host.reachRelease(this);
          if (this.pid !== pid || !this.gate) return;
          this.gate.attached = true;
          this.maybeOnline();
        }
        this.host.onChange();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    if (this.pid !== pid || this.stopping || mode === 'spawned' || !pidAlive(pid)) return;
    this.host.log.write('daemon.warning', `${this.config.name}[${this.index}] (pid ${pid}): its runtime socket cannot be reached (${why}): restarting it, so that updates reach it again`, this.fields(), 'warn');
    this.host.log.write('app.restarted', `${this.config.name}[${this.index}] restarting: its runtime cannot be reached`, { ...this.fields(), restarts: this.restarts + 1, delay_ms: 0, reason: 'runtime' });
    await this.stop();
    this.restarts++;
    this.start();
  }

  /** The runtime channel closed: the process ended (its exit follows), or it runs on and is attached again. */
  private channelClosed(conn: Connection, pid: number): void {
    if (this.channel === conn) this.channel = null;
    if (this.proc?.pid !== pid || this.stopping) return;
    if (!pidAlive(pid)) {
      // Not our child (adopted): its end is seen here, not by an exit event.
      if (this.proc.watch) void this.exited(this.proc, null, null);
      return;
    }
    setTimeout(() => { if (this.pid === pid && !this.channel) void this.attach(pid, 'reattach'); }, 50);
  }

  private fromRuntime(raw: unknown): void {
    if (!raw || typeof raw !== 'object') return;
    this.watchdog.heard();
    if ((raw as { type?: unknown }).type === 'pong') return;
    const msg = raw as FromRuntime;
    if (msg.type === 'event' && msg.event && typeof msg.event.event === 'string') {
      const e = msg.event as LogEvent;
      // Sent again after a re-attach: already in the log.
      if (typeof e.seq === 'number') {
        if (e.seq <= this.lastSeq) return;
        this.lastSeq = e.seq;
      }
      this.host.log.writeFromApp(e, { app: this.config.name, instance: this.index, pid: this.pid });
      this.watchdog.onEvent(e);
      if (e.event === 'app.ready') this.readyAt = Date.now();
      if ((e.event === 'update.completed') && e.update) this.applied.push({ name: e.update, update_id: e.update_id ?? '' });
    }
    this.host.onRuntimeMessage(this, msg);
  }

  private async exited(proc: Proc, code: number | null, signal: NodeJS.Signals | null, neverRan = false): Promise<void> {
    if (proc.watch) clearInterval(proc.watch);
    proc.watch = undefined;
    proc.stopWatch?.();
    if (neverRan) this.proc = proc;
    this.watchdog.reset();
    // The app's last events may still be in flight on its socket: let them land first.
    const channel = this.channel;
    if (channel && !channel.closed) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, EXIT_DRAIN_MS);
        channel.on('close', () => { clearTimeout(t); resolve(); });
      });
    }
    if (this.proc !== proc) return;
    if (!this.stopping && !neverRan) this.endLeftovers(proc.pid);
    // A process killed (SIGKILL) could not remove its runtime socket: no stale ones pile up in run/.
    const stale = proc.pid > 0 ? runtimeSocket(this.host.home, proc.pid) : null;
    if (stale && ownSocket(stale)) try { fs.unlinkSync(stale); } catch { /* gone meanwhile */ }
    if (this.gate?.timer) clearTimeout(this.gate.timer);
    this.gate = null;
    for (const w of this.onlineWaiters.splice(0)) w.reject(new Error(`${this.config.name}[${this.index}] exited before it was online`));
    if (this.serving?.timer) clearTimeout(this.serving.timer);
    for (const w of this.serving?.waiters.splice(0) ?? []) w.reject(new Error(`${this.config.name}[${this.index}] exited before it was serving`));
    this.serving = null;
    const uptime = this.startedAt ? Date.now() - this.startedAt : 0;
    const how = signal ? `signal ${signal}` : code === null ? 'an unknown status (adopted process)' : `code ${code}`;
    if (!neverRan) this.host.log.write('app.exited', `${this.config.name}[${this.index}] exited with ${how}`, { ...this.fields(), code, signal });
    this.proc = null;
    this.channel = null;
    this.pid = null;
    this.pidFile(null);
    this.host.onInstanceExit(this, !this.stopping && code !== 0);
    const decision = onExit(this.config, this.history, uptime, this.stopping, code);
    if (this.stopping) {
      this.status = 'stopped';
      this.host.log.write('app.stopped', `${this.config.name}[${this.index}] stopped`, this.fields());
    } else if (decision.action === 'restart') {
      this.status = 'launching';
      const restarts = this.restarts + 1;
      this.host.log.write('app.restarted', `${this.config.name}[${this.index}] restarting in ${decision.delayMs} ms (restart ${restarts})`, { ...this.fields(), restarts, delay_ms: decision.delayMs });
      // Counted when it happens, as pm2's restart_time: not during restart_delay.
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        if (this.stopping) return;
        this.restarts = restarts;
        this.spawnProcess();
      }, decision.delayMs);
    } else if (decision.action === 'give-up') {
      this.status = 'errored';
      this.host.log.write('app.errored', `${this.config.name}[${this.index}] crashed ${this.history.fastCrashes} times in a row before min_uptime: giving up`, { ...this.fields(), restarts: this.restarts }, 'error');
    } else {
      this.status = 'stopped';
    }
    for (const w of this.exitWaiters.splice(0)) w();
    this.host.onChange();
  }

  /** pm2's pid_file: written while the process runs, removed when it ends. */
  private pidFile(pid: number | null): void {
    if (!this.config.pid_file) return;
    const file = instancePidFile(this.config.pid_file, this.index);
    try {
      if (pid === null) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, `${pid}\n`);
    } catch (err) {
      this.host.log.write('daemon.warning', `${this.config.name}[${this.index}]: pid_file ${file}: ${(err as Error).message}`, this.fields(), 'warn');
    }
  }

  /** pm2's reset: the restart counter and the count of fast crashes go back to 0. */
  resetCounters(): void {
    this.restarts = 0;
    this.history = { fastCrashes: 0 };
    this.host.onChange();
  }

  /** pm2's unstable_restarts: crashes in a row, each before min_uptime. */
  get unstableRestarts(): number {
    return this.history.fastCrashes;
  }

  /** Stopped on purpose (stop, scale down, a reload's old worker): its exit is no crash. */
  get leaving(): boolean {
    return this.stopping;
  }

  /** Resolves once its current process (if any) has ended. */
  whenGone(): Promise<void> {
    if (!this.proc || this.pid === null) return Promise.resolve();
    return new Promise<void>((resolve) => this.exitWaiters.push(resolve));
  }

  /** SIGINT, then SIGKILL after kill_timeout (SPEC 2). Resolves once the process is gone. */
  stop(): Promise<void> {
    this.stopping = true;
    this.launches++;
    if (this.restartTimer) {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
    }
    if (!this.proc || this.pid === null) {
      if (this.status !== 'errored') this.status = 'stopped';
      this.host.onChange();
      return Promise.resolve();
    }
    this.status = 'stopping';
    const pid = this.pid;
    const gone = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    // Taken now, while the app runs: what it started in a session of its own is found from it.
    const tree = new ProcessTree(pid, this.leadsGroup());
    // A cluster worker closes its servers first (the primary hands new connections to the others).
    // pm2's shutdown_with_message (or its PM2_KILL_USE_MESSAGE=true in the daemon's environment):
    // process.send('shutdown') instead of SIGINT, where a channel is; SIGKILL after kill_timeout as always.
    const message = this.config.shutdown_with_message === true || process.env.PM2_KILL_USE_MESSAGE === 'true';
    const graceful = this.config.exec_mode === 'cluster' && this.host.clusterLink(this.config.name).stop(pid, Math.max(0, this.config.kill_timeout - 200), message);
    const messaged = !graceful && message && this.proc.message?.('shutdown') === true;
    // The app and its children together (audit row 4.9), as a terminal's Ctrl-C or pm2's treekill.
    if (!messaged) tree.signal('SIGINT', { leader: !graceful });
    const killAt = Date.now() + this.config.kill_timeout;
    const escalate = setTimeout(() => {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
      tree.signal('SIGKILL');
    }, this.config.kill_timeout);
    // Stopped once the app and everything it started have ended.
    return gone.then(() => tree.ended(killAt)).finally(() => clearTimeout(escalate));
  }

  /** A fork-mode process is spawned detached: it leads a process group, which its children join. */
  private leadsGroup(): boolean {
    return this.config.exec_mode !== 'cluster';
  }

  /** The leader of the app's group ended on its own: what it left in its group goes too (SIGINT, then SIGKILL). */
  private endLeftovers(pid: number): void {
    if (!this.leadsGroup()) return;
    const tree = new ProcessTree(pid, true);
    if (!tree.childrenRunning()) return;
    this.host.log.write('daemon.warning', `${this.config.name}[${this.index}] (pid ${pid}) left processes in its group: stopping them (SIGINT, SIGKILL after kill_timeout)`, this.fields(), 'warn');
    tree.signal('SIGINT');
    void tree.ended(Date.now() + this.config.kill_timeout);
  }

  /** The app's event loop has not answered for too long while an update ran in it. */
  private stuck(update: { name: string; update_id?: string }, silentMs: number): void {
    const pid = this.pid;
    if (pid === null) return;
    const fields = { ...this.fields(), update: update.name, ...(update.update_id ? { update_id: update.update_id } : {}) };
    const error = `the app's event loop did not answer for ${Math.round(silentMs / 100) / 10} s during the update (updates.hook_timeout)`;
    this.host.log.write('update.rolledback', `update ${update.name} rolled back cold: ${error}; restarting ${this.config.name}[${this.index}] without it`, { ...fields, mode: 'cold', steps: 0 }, 'warn');
    this.host.log.write('update.failed', `update ${update.name} failed: ${error}`, { ...fields, error }, 'error');
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }

  send(message: unknown): boolean {
    return this.channel?.send(message) ?? false;
  }
}
