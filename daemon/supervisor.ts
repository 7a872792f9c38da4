// The apps the daemon runs, by name, each with its instances; what `start`, `stop`, `restart`,
// `delete`, `ls` and `kill` do to them; and state.json kept in step.
import fs from 'node:fs';
import path from 'node:path';
import pidusage from 'pidusage';
import type { AppConfig } from '../config/ecosystem';
import type { HomeLayout } from '../protocol/home';
import type { InstanceInfo, RollbackOutcome } from '../protocol/control';
import type { FromRuntime } from '../protocol/runtime-channel';
import { Instance, type InstanceHost } from './instances/instance';
import { writeState, type AppState, type DaemonState } from './state/store';
import { InstanceRecords } from './state/instance-records';
import { pidAlive, pidOurs } from './instances/pid-alive';
import type { UpdateRouter } from './updates/router';
import { DaemonError } from './control/errors';
import { lastSeqInLog } from './logs/event-log';
import { Ledger } from './updates/ledger';
import { catchUp, type FleetCatchUp } from './updates/catch-up';
import { converge } from './updates/convergence';
import { rollbackApp } from './updates/app-rollback';
import { AppIds } from './state/app-ids';
import type { EventLog } from './logs/event-log';
import { ClusterLink } from './cluster/link';
import { replaceInstance } from './cluster/replacement';
import { MemoryWatch } from './triggers/memory';
import type { ReloadOutcome } from '../protocol/control';
import { isNodeApp, notUpdatableReason } from './instances/interpreter';
import { AppLogRotation, logsSetting, logTargetsSetting, type LogWriter } from './logs/app-log-rotation';
import type { DaemonLogConfig } from '../protocol/config-types';
import { FileWatch } from './triggers/watch';
import { CronRestart } from './triggers/cron';
import { defaultDaemonConfig, type LogsConfig } from '../config/ecosystem';
import { CLUSTER_PRIMARY_MARKS, PRELOAD_MARKS } from '../protocol/package-files';
import { refuseOverInstanceLimits } from './instances/limits';

interface AppRecord {
  config: AppConfig;
  instances: Instance[];
  /** Cluster mode: the app's primary. */
  link?: ClusterLink;
}

/** What a process of this app shows in /proc/<pid>/cmdline: moult's preload, or (another interpreter) its script. */
const marksOf = (config: AppConfig): readonly string[] => (isNodeApp(config) ? PRELOAD_MARKS : [config.script]);

/** A live pid of the daemon's user that still runs an app with one of these marks in its command line (not a recycled pid). */
function isOurApp(pid: number, marks: readonly string[]): boolean {
  if (!pidAlive(pid) || !pidOurs(pid)) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return marks.some((mark) => cmdline.includes(mark));
  } catch {
    return true; // no /proc: trust the pid
  }
}

export class Supervisor implements InstanceHost {
  private readonly apps = new Map<string, AppRecord>();
  /** Each app's release and what each instance runs (SPEC 6.3, 6.6). */
  readonly ledger: Ledger;
  readonly ids = new AppIds();
  private saveQueued = false;
  private readonly logRotation: AppLogRotation;
  /** daemon.log in force (kept in state.json). */
  private logTransports: DaemonLogConfig | null = null;
  /** An app's watch and cron_restart, while it is started. */
  private readonly triggers = new Map<string, { close(): void }[]>();

  /** run/<pid>.json: what a daemon finding state.json corrupt re-adopts from. */
  private readonly records: InstanceRecords;

  constructor(readonly home: HomeLayout, readonly log: EventLog) {
    this.records = new InstanceRecords(home.runDir, (msg) => log.write('daemon.warning', msg, {}, 'warn'));
    const logs = defaultDaemonConfig().logs;
    this.logRotation = new AppLogRotation(log, () => this.logWriters(), logs);
    log.setRotation(logs);
    this.logRotation.start();
    this.ledger = new Ledger({
      log,
      stateFile: home.stateFile,
      saveNow: () => this.saveNow(),
      onChange: () => this.onChange(),
      instancesOf: (app) => this.apps.get(app)?.instances ?? [],
      restart: (inst, why, update) => this.restartInstance(inst, why, update),
    }, path.join(home.root, 'updates'));
    this.ledger.converge = (app, reason) => converge(this.ledger, app, reason);
    this.ledger.onHeld = (inst) => void this.reachRelease(inst);
    this.memory = new MemoryWatch(() => [...this.apps.values()].flatMap((r) => r.instances), (inst, rss) => this.memoryRestart(inst, rss));
  }

  /** A release that went in by a reload (--reload-if-needed): recorded as the hot ones are, once its instances run it. */
  recordReleaseByReload(app: string, update: string, updateId: string): void {
    this.ledger.record(app, update, updateId);
    this.save();
  }

  private readonly memory: MemoryWatch;

  clusterLink(app: string): ClusterLink {
    const rec = this.apps.get(app);
    if (!rec) throw new DaemonError('ENOAPP', `unknown app "${app}"`);
    rec.link ??= new ClusterLink(this.home, this.log, app, { recorded: () => this.save(), killTimeoutMs: () => rec.config.kill_timeout });
    return rec.link;
  }

  /** max_memory_restart: a fork instance restarts; a cluster worker is replaced (new one ready first). */
  private async memoryRestart(inst: Instance, rss: number): Promise<void> {
    const rec = this.apps.get(inst.config.name);
    if (!rec || !rec.instances.includes(inst)) return;
    const mb = (n: number): string => `${Math.round(n / 1048576)} MB`;
    this.log.write('app.restarted', `${inst.config.name}[${inst.index}] uses ${mb(rss)}, over max_memory_restart (${mb(inst.config.max_memory_restart ?? 0)}): restarting`, { app: inst.config.name, instance: inst.index, pid: inst.pid ?? undefined, reason: 'memory', restarts: inst.restarts + 1, delay_ms: 0 }, 'warn');
    if (inst.config.exec_mode === 'cluster') {
      await replaceInstance(this, rec, inst).catch((e: Error) => this.log.write('daemon.warning', e.message, { app: inst.config.name, instance: inst.index, error: e.message }, 'warn'));
      return;
    }
    await inst.stop();
    inst.restarts++;
    inst.start();
  }

  /** `moult reload`: cluster workers replaced one at a time; a fork app is restarted (and says so). */
  async reload(target: string): Promise<ReloadOutcome[]> {
    const out: ReloadOutcome[] = [];
    for (const rec of this.select(target)) {
      if (rec.config.exec_mode !== 'cluster') {
        await this.restart(rec.config.name);
        out.push({ app: rec.config.name, mode: 'fork', replaced: rec.instances.length });
        continue;
      }
      let replaced = 0;
      for (const old of [...rec.instances]) {
        if (old.status !== 'online' && old.status !== 'launching') {
          old.start();
          continue;
        }
        await replaceInstance(this, rec, old);
        replaced++;
      }
      this.log.write('app.reloaded', `${rec.config.name}: ${replaced} worker(s) replaced one at a time`, { app: rec.config.name });
      out.push({ app: rec.config.name, mode: 'cluster', replaced });
    }
    return out;
  }

  /** `moult scale <app> <n>`: new instances start, the highest-numbered ones stop. */
  async scale(app: string, n: number): Promise<{ app: string; from: number; to: number }> {
    const [rec] = this.select(app);
    refuseOverInstanceLimits(this.instanceCounts(), new Map([[app, n]]));
    const from = rec.instances.length;
    rec.config = { ...rec.config, instances: n };
    for (const inst of rec.instances) inst.config = rec.config;
    for (let i = from; i < n; i++) {
      const inst = new Instance(rec.config, i, this);
      rec.instances.push(inst);
      inst.start();
    }
    const gone = rec.instances.splice(n);
    await Promise.all(gone.map((i) => i.stop()));
    this.save();
    return { app, from, to: n };
  }

  onChange(): void {
    // Coalesce bursts (20 apps starting) into one write.
    if (this.saveQueued) return;
    this.saveQueued = true;
    setImmediate(() => {
      this.saveQueued = false;
      this.save();
    });
  }

  /** The router: what `moult update` and the fleet send through the ledger. */
  get updates(): UpdateRouter {
    return this.ledger.router;
  }

  onRuntimeMessage(inst: Instance, msg: FromRuntime): void {
    this.ledger.onRuntimeMessage(inst, msg);
  }

  onInstanceExit(inst: Instance, abnormal: boolean): void {
    this.ledger.onExit(inst, abnormal);
  }

  /**
   * Set by a daemon in a fleet (daemon/fleet/start.ts): applies what the app's fleet release has
   * and this process did not get from its replay, before it takes requests (SPEC 8, desired state).
   */
  catchUp: FleetCatchUp | null = null;

  reachRelease(inst: Instance): Promise<void> {
    return catchUp(this.ledger, inst, this.catchUp);
  }

  onRelease(inst: Instance): boolean {
    return !inst.config.updates.replay || this.ledger.runsRelease(inst);
  }

  /** An instance that cannot be brought to the release in place: it restarts (and catches up). */
  private async restartInstance(inst: Instance, why: string, update?: string): Promise<void> {
    this.log.write('app.restarted', `${inst.config.name}[${inst.index}] restarting ${why}`, { app: inst.config.name, instance: inst.index, ...(update ? { update } : {}), restarts: inst.restarts + 1, delay_ms: 0 });
    await inst.stop();
    inst.restarts++;
    inst.start();
  }

  /** The app's recorded updates in force, in order: its release (the fleet reconciles against it). */
  recordedUpdates(app: string): AppState['updates'] {
    return this.ledger.inForce(app);
  }

  appNames(): string[] {
    return [...this.apps.keys()];
  }

  /** An update of an app none of whose instances runs now leaves its release: never replayed. */
  retireRecorded(app: string, updateId: string): void {
    if (this.ledger.retire(app, updateId, 'rolled_back')) this.ledger.save();
  }

  /**
   * Rolls the named update back in these instances only (a release that did not stand everywhere,
   * daemon/updates/release-route.ts): it is then no longer in force in the app either.
   */
  async rollbackInstances(instances: Instance[], update: string): Promise<RollbackOutcome[]> {
    const outcomes = await this.ledger.rollbacks.request(instances, update, 'the release did not complete in every instance');
    const undone = outcomes.find((o) => o.ok && o.update_id);
    const app = instances[0]?.config.name;
    if (undone && app && this.ledger.retire(app, undone.update_id!, 'rolled_back', [update])) this.ledger.save();
    return outcomes;
  }

  /** `moult rollback <app> [update]`: every instance undoes its last (or named) update, or none does. */
  rollback(app: string, update?: string): Promise<RollbackOutcome[]> {
    this.select(app);
    return rollbackApp(this.ledger, app, update);
  }

  /** After a daemon restart: the apps of state.json, their live instances adopted, dead ones restarted. */
  restore(state: DaemonState): void {
    const logs = logsSetting(state.logs);
    if (logs) this.setLogs(logs, logTargetsSetting(state.log));
    for (const a of state.apps) {
      const rec: AppRecord = { config: a.config, instances: [] };
      this.apps.set(a.config.name, rec);
      this.ledger.open(a.config.name, a.updates ?? []);
      this.ids.assign(a.config.name, a.id);
      // Its workers live only as long as it does (node:cluster): a dead primary means they are gone too.
      const primary = a.primary && path.dirname(a.primary.socket) === this.home.runDir ? a.primary : undefined;
      if (a.primary && !primary) this.log.write('daemon.warning', `${a.config.name}: the cluster primary socket recorded in state.json (${a.primary.socket}) is not in ${this.home.runDir}: not connected to`, { app: a.config.name }, 'warn');
      if (primary && (isOurApp(primary.pid, [ClusterLink.TITLE_MARK + a.config.name, ...CLUSTER_PRIMARY_MARKS]))) this.clusterLink(a.config.name).adopt(primary.pid, primary.secret, primary.socket);
      for (const s of a.instances) {
        const inst = new Instance(a.config, s.instance, this);
        rec.instances.push(inst);
        if (s.pid && isOurApp(s.pid, marksOf(a.config))) {
          inst.adopt(s.pid, s.started_at, s.restarts, this.ledger.inForce(a.config.name), lastSeqInLog(this.home.eventLog, s.pid), s.secret ?? null);
          this.ledger.adopted(inst);
        } else if (s.status === 'online' || s.status === 'launching') {
          // It died while no daemon watched: restart it, as its policy would have.
          inst.restarts = s.restarts + 1;
          this.log.write('app.restarted', `${a.config.name}[${s.instance}] died while the daemon was down: restarting`, { app: a.config.name, instance: s.instance, restarts: inst.restarts, delay_ms: 0 });
          inst.start();
        } else {
          inst.restarts = s.restarts;
          inst.status = s.status === 'errored' ? 'errored' : 'stopped';
        }
      }
      if (rec.instances.some((i) => i.status !== 'stopped' && i.status !== 'errored')) this.arm(rec);
    }
    this.onChange();
  }

  save(): void {
    try {
      this.saveNow();
    } catch (err) {
      this.log.write('daemon.warning', `cannot write ${this.home.stateFile}: ${(err as Error).message}`, { error: (err as Error).message }, 'warn');
    }
    // Written or not (a full disk must not keep apps from starting: README), launches go on.
    for (const then of this.awaitingRecord.splice(0)) then();
  }

  /** Launches waiting for the next save (InstanceHost.recorded). */
  private readonly awaitingRecord: (() => void)[] = [];

  recorded(then: () => void): void {
    this.awaitingRecord.push(then);
    this.onChange();
  }

  /** Writes state.json now; throws when it cannot (the previous file is then left whole). */
  saveNow(): void {
    const state: DaemonState = {
      version: 1,
      daemon_pid: process.pid,
      logs: this.logRotation.settings,
      ...(this.logTransports ? { log: this.logTransports } : {}),
      apps: [...this.apps.values()].map((a) => ({
        id: this.ids.assign(a.config.name),
        config: a.config,
        instances: a.instances.map((i) => ({ instance: i.index, pid: i.pid, status: i.status, restarts: i.restarts, started_at: i.startedAt, ...(i.secret ? { secret: i.secret } : {}) })),
        updates: this.ledger.entries(a.config.name),
        ...(a.link?.pid && a.link.secret && a.link.socketPath ? { primary: { pid: a.link.pid, secret: a.link.secret, socket: a.link.socketPath } } : {}),
      })),
    };
    writeState(this.home.stateFile, state);
    this.records.sync(state);
  }

  /** Starts new apps; an app already known is started again if stopped (as pm2 does). */
  start(configs: AppConfig[]): string[] {
    const counts = this.instanceCounts();
    refuseOverInstanceLimits(counts, new Map(configs.map((c) => [c.name, Math.max(c.instances, counts.get(c.name) ?? 0)])));
    const started: string[] = [];
    for (const config of configs) {
      let rec = this.apps.get(config.name);
      if (!rec) {
        rec = { config, instances: [] };
        this.apps.set(config.name, rec);
        this.ledger.open(config.name, []);
        this.ids.assign(config.name);
      }
      rec.config = config;
      for (let i = rec.instances.length; i < config.instances; i++) rec.instances.push(new Instance(config, i, this));
      for (const inst of rec.instances) {
        inst.config = config;
        inst.start();
      }
      this.arm(rec);
      started.push(config.name);
    }
    this.save(); // now, not in a later tick: a daemon killed after answering must not orphan them
    return started;
  }

  /** Each app's number of instances now (the base of refuseOverInstanceLimits). */
  private instanceCounts(): Map<string, number> {
    return new Map([...this.apps].map(([name, r]) => [name, r.instances.length]));
  }

  private select(target: string): AppRecord[] {
    if (target === 'all') return [...this.apps.values()];
    const rec = this.apps.get(target);
    if (!rec) throw new DaemonError('ENOAPP', `unknown app "${target}" (known: ${[...this.apps.keys()].join(', ') || 'none'})`);
    return [rec];
  }

  instancesOf(app: string): Instance[] {
    return this.select(app)[0].instances;
  }

  /** The apps a target names ("all" or one), with the updates they have in force (their release). */
  appsOf(target: string): { id: number; config: AppConfig; updates: AppState['updates']; release: string }[] {
    return this.select(target).map((r) => ({ id: this.ids.assign(r.config.name), config: r.config, updates: this.ledger.inForce(r.config.name), release: this.ledger.releaseId(r.config.name) }));
  }

  /** `restart --update-env`: the app's env from now on (its instances read it when they start). */
  setEnv(app: string, env: Record<string, string>): void {
    const rec = this.select(app)[0];
    rec.config = { ...rec.config, env };
    for (const inst of rec.instances) inst.config = rec.config;
    this.onChange();
  }

  /** `moult resurrect`: apps the daemon does not know, with the updates they had (replayed as after a restart). */
  resurrect(apps: AppState[]): string[] {
    const fresh = apps.filter((a) => !this.apps.has(a.config.name));
    refuseOverInstanceLimits(this.instanceCounts(), new Map(fresh.map((a) => [a.config.name, a.config.instances])));
    for (const a of fresh) {
      this.apps.set(a.config.name, { config: a.config, instances: [] });
      this.ledger.open(a.config.name, a.updates.filter((u) => !u.failed && !u.rolled_back));
      this.ids.assign(a.config.name, a.id);
    }
    return this.start(fresh.map((a) => a.config));
  }

  async stop(target: string): Promise<string[]> {
    const recs = this.select(target);
    for (const r of recs) this.disarm(r.config.name);
    await Promise.all(recs.map((r) => this.stopApp(r)));
    this.onChange();
    return recs.map((r) => r.config.name);
  }

  async restart(target: string): Promise<string[]> {
    const recs = this.select(target);
    await Promise.all(recs.map(async (r) => {
      for (const inst of r.instances) {
        await inst.stop();
        inst.restarts++;
        inst.start();
      }
    }));
    this.onChange();
    return recs.map((r) => r.config.name);
  }

  async delete(target: string): Promise<string[]> {
    const names = await this.stop(target);
    for (const n of names) {
      this.apps.delete(n);
      this.ledger.drop(n);
      this.ids.forget(n);
      this.log.write('app.deleted', `${n} deleted`, { app: n });
    }
    this.onChange();
    return names;
  }

  async list(): Promise<InstanceInfo[]> {
    const all = [...this.apps.values()].flatMap((r) => r.instances);
    const pids = all.map((i) => i.pid).filter((p): p is number => p !== null);
    let usage: Record<string, { cpu: number; memory: number } | undefined> = {};
    if (pids.length) {
      try {
        usage = await pidusage(pids);
      } catch {
        usage = {};
      }
    }
    const now = Date.now();
    return all.map((i) => ({
      id: this.ids.assign(i.config.name),
      name: i.config.name,
      instance: i.index,
      pid: i.pid,
      status: i.status === 'stopping' ? 'online' : i.status,
      restarts: i.restarts,
      uptime_ms: i.pid && i.startedAt ? now - i.startedAt : 0,
      cpu: i.pid ? Math.round((usage[i.pid]?.cpu ?? 0) * 10) / 10 : 0,
      memory: i.pid ? usage[i.pid]?.memory ?? 0 : 0,
      updates: [...i.updates],
      updatable: isNodeApp(i.config),
      release: this.ledger.releaseId(i.config.name),
      instance_release: isNodeApp(i.config) ? this.ledger.codeId(i) : null,
      drift: isNodeApp(i.config) && this.ledger.drifts(i),
    }));
  }

  private async stopApp(rec: AppRecord): Promise<void> {
    await Promise.all(rec.instances.map((i) => i.stop()));
    await rec.link?.shutdown();
  }

  /** `kill` forgets the apps (the next daemon starts empty, as after `pm2 kill`); SIGTERM keeps them. */
  async stopAll(opts: { forget?: boolean } = {}): Promise<void> {
    for (const name of this.triggers.keys()) this.disarm(name);
    await Promise.all([...this.apps.values()].map((r) => this.stopApp(r)));
    if (opts.forget) this.apps.clear();
    this.save();
  }

  /**
   * daemon.logs and daemon.log of the last ecosystem started (or of `moult run`): the rotation of
   * app logs and moultd.log, and the transports moultd.log's lines also go to.
   */
  setLogs(logs: LogsConfig, transports: DaemonLogConfig | null): void {
    this.logRotation.settings = logs;
    this.log.setRotation(logs);
    this.logTransports = transports;
    this.log.setTransports(transports);
  }

  /** Every app log file a running instance writes, with the instances writing it (merge_logs: several). */
  private logWriters(): Map<string, LogWriter[]> {
    const files = new Map<string, LogWriter[]>();
    for (const rec of this.apps.values()) {
      for (const inst of rec.instances) {
        if (inst.pid === null) continue;
        const writer: LogWriter = { canReopen: () => inst.canReopenLogs(), reopen: () => inst.reopenLogs(), awaitsRuntime: () => inst.awaitsRuntime() };
        for (const f of new Set(Object.values(inst.logFiles()))) files.set(f, [...(files.get(f) ?? []), writer]);
      }
    }
    return files;
  }

  /** `moult update` / `patch` to an `interpreter` app: refused (exit 2) with update.rejected. */
  refuseIfNotUpdatable(app: string, file: string): void {
    const rec = this.apps.get(app);
    const reason = rec ? notUpdatableReason(rec.config) : null;
    if (!reason) return;
    this.log.write('update.rejected', `update ${file} rejected: ${reason}`, { app, file, reason }, 'warn');
    throw new DaemonError('EUSAGE', reason);
  }

  /** Starts the app's watch and cron_restart (again, with its current config). */
  private arm(rec: AppRecord): void {
    const { name } = rec.config;
    this.disarm(name);
    const armed: { close(): void }[] = [];
    const warn = (msg: string): void => this.log.write('daemon.warning', `${name}: ${msg}`, { app: name }, 'warn');
    if (rec.config.watch?.length) {
      const own = rec.instances.flatMap((i) => Object.values(i.logFiles()));
      const w = new FileWatch(rec.config, (file) => void this.restartFor(name, 'watch', `${path.relative(rec.config.cwd, file) || file} changed`), warn, own);
      w.start();
      armed.push(w);
    }
    if (rec.config.cron_restart) {
      try {
        armed.push(new CronRestart(rec.config.cron_restart, () => this.restartFor(name, 'cron', `cron_restart ${rec.config.cron_restart}`)));
      } catch (err) {
        warn(`cron_restart ${JSON.stringify(rec.config.cron_restart)}: ${(err as Error).message}`);
      }
    }
    if (armed.length) this.triggers.set(name, armed);
  }

  private disarm(name: string): void {
    for (const t of this.triggers.get(name) ?? []) t.close();
    this.triggers.delete(name);
  }

  /** A restart that the app did not ask for (watch, cron): `app.restarted` says why. */
  private async restartFor(name: string, reason: 'watch' | 'cron', why: string): Promise<void> {
    const rec = this.apps.get(name);
    if (!rec) return;
    for (const inst of rec.instances) {
      this.log.write('app.restarted', `${name}[${inst.index}] restarting: ${why}`, { app: name, instance: inst.index, restarts: inst.restarts + 1, delay_ms: 0, reason });
    }
    await this.restart(name).catch((err: Error) => this.log.write('daemon.warning', `${name}: ${reason} restart failed: ${err.message}`, { app: name, error: err.message }, 'warn'));
  }
}
