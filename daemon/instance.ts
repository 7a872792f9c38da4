// One running copy of an app: its process (spawned detached, output straight to its log files so
// it outlives a killed daemon), its runtime channel, its restart policy and its stop escalation.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Connection } from '../protocol/transport';
import { appLogFiles, runtimeSocket, type HomeLayout } from '../protocol/home';
import { RUNTIME_ENV, type FromRuntime } from '../protocol/runtime-channel';
import type { InstanceStatus } from '../protocol/control';
import type { LogEvent } from '../protocol/events';
import type { AppConfig } from '../config/ecosystem';
import { onExit, type CrashHistory } from './restart-policy';
import type { EventLog } from './event-log';

const PRELOAD = path.join(__dirname, '..', 'runtime', 'preload.js');
const ATTACH_TIMEOUT_MS = 15_000;
const EXIT_DRAIN_MS = 1000;

export interface InstanceHost {
  home: HomeLayout;
  log: EventLog;
  onChange(): void;
  onRuntimeMessage(inst: Instance, msg: FromRuntime): void;
  onInstanceExit(inst: Instance): void;
}

export class Instance {
  status: InstanceStatus = 'stopped';
  pid: number | null = null;
  restarts = 0;
  startedAt: number | null = null;
  updates: string[] = [];
  channel: Connection | null = null;
  private child: ChildProcess | null = null;
  private history: CrashHistory = { fastCrashes: 0 };
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private exitWaiters: (() => void)[] = [];

  constructor(public config: AppConfig, readonly index: number, private readonly host: InstanceHost) {}

  private fields(): { app: string; instance: number; pid?: number } {
    return { app: this.config.name, instance: this.index, ...(this.pid ? { pid: this.pid } : {}) };
  }

  start(): void {
    if (this.child || this.status === 'launching' || this.status === 'online') return;
    this.stopping = false;
    this.spawnProcess();
  }

  private spawnProcess(): void {
    const files = appLogFiles(this.host.home, this.config.name, this.index);
    const outFile = this.config.out_file ?? files.out;
    const errFile = this.config.error_file ?? files.err;
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.mkdirSync(path.dirname(errFile), { recursive: true });
    const out = fs.openSync(outFile, 'a');
    const err = errFile === outFile ? out : fs.openSync(errFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [...this.config.node_args, '--require', PRELOAD, this.config.script, ...this.config.args], {
        cwd: this.config.cwd,
        env: {
          ...process.env, ...this.config.env,
          [RUNTIME_ENV.app]: this.config.name,
          [RUNTIME_ENV.instance]: String(this.index),
          [RUNTIME_ENV.runDir]: this.host.home.runDir,
          ...(this.config.manager ? { [RUNTIME_ENV.manager]: this.config.manager } : {}),
        },
        detached: true,
        stdio: ['ignore', out, err],
      });
    } finally {
      fs.closeSync(out);
      if (err !== out) fs.closeSync(err);
    }
    this.child = child;
    this.pid = child.pid ?? null;
    this.startedAt = Date.now();
    this.status = 'launching';
    this.updates = [];
    child.on('error', (e) => {
      this.host.log.write('app.exited', `${this.config.name}[${this.index}] could not start: ${e.message}`, { ...this.fields(), error: e.message }, 'error');
    });
    child.on('exit', (code, signal) => this.exited(child, code, signal));
    this.host.log.write('app.started', `${this.config.name}[${this.index}] started with pid ${this.pid}`, this.fields());
    this.host.onChange();
    if (this.pid) void this.attach(this.pid);
  }

  /** Connects to the runtime socket the app serves once its preload ran. */
  private async attach(pid: number): Promise<void> {
    const socket = runtimeSocket(this.host.home, pid);
    const deadline = Date.now() + ATTACH_TIMEOUT_MS;
    while (this.pid === pid && Date.now() < deadline) {
      try {
        const conn = await connect(socket, { timeoutMs: 1000 });
        if (this.pid !== pid) return conn.close();
        this.channel = conn;
        conn.on('message', (m) => this.fromRuntime(m));
        conn.on('close', () => { if (this.channel === conn) this.channel = null; });
        conn.send({ type: 'attach', app: this.config.name, instance: this.index });
        if (this.status === 'launching') this.status = 'online';
        this.host.log.write('app.online', `${this.config.name}[${this.index}] is online (runtime connected)`, this.fields());
        this.host.onChange();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  private fromRuntime(raw: unknown): void {
    if (!raw || typeof raw !== 'object') return;
    const msg = raw as FromRuntime;
    if (msg.type === 'event' && msg.event && typeof msg.event.event === 'string') {
      const e = msg.event as LogEvent;
      this.host.log.writeFromApp(e, { app: this.config.name, instance: this.index, pid: this.pid });
      if (e.event === 'update.completed' && e.update) this.updates.push(e.update);
    }
    this.host.onRuntimeMessage(this, msg);
  }

  private async exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    // The app's last events may still be in flight on its socket: let them land first.
    const channel = this.channel;
    if (channel && !channel.closed) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, EXIT_DRAIN_MS);
        channel.on('close', () => { clearTimeout(t); resolve(); });
      });
    }
    if (this.child !== child) return;
    const uptime = this.startedAt ? Date.now() - this.startedAt : 0;
    this.host.log.write('app.exited', `${this.config.name}[${this.index}] exited with ${signal ? `signal ${signal}` : `code ${code}`}`, { ...this.fields(), code, signal });
    this.child = null;
    this.channel = null;
    this.pid = null;
    this.host.onInstanceExit(this);
    const decision = onExit(this.config, this.history, uptime, this.stopping);
    if (this.stopping) {
      this.status = 'stopped';
      this.host.log.write('app.stopped', `${this.config.name}[${this.index}] stopped`, this.fields());
    } else if (decision.action === 'restart') {
      this.status = 'launching';
      this.restarts++;
      this.host.log.write('app.restarted', `${this.config.name}[${this.index}] restarting in ${decision.delayMs} ms (restart ${this.restarts})`, { ...this.fields(), restarts: this.restarts, delay_ms: decision.delayMs });
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        if (!this.stopping) this.spawnProcess();
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

  /** SIGINT, then SIGKILL after kill_timeout (SPEC 2). Resolves once the process is gone. */
  stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
    }
    const child = this.child;
    if (!child || this.pid === null) {
      if (this.status !== 'errored') this.status = 'stopped';
      this.host.onChange();
      return Promise.resolve();
    }
    this.status = 'stopping';
    const pid = this.pid;
    const gone = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    try { process.kill(pid, 'SIGINT'); } catch { /* already gone */ }
    const escalate = setTimeout(() => {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }, this.config.kill_timeout);
    return gone.finally(() => clearTimeout(escalate));
  }

  send(message: unknown): boolean {
    return this.channel?.send(message) ?? false;
  }
}
