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
import { ProcessIds } from './state/process-ids';
import { selectTarget, type Selected } from './control/targets';
import { Ledger } from './updates/ledger';
import { catchUp, type FleetCatchUp } from './updates/catch-up';
import { converge } from './updates/convergence';
import { rollbackApp } from './updates/app-rollback';
import type { EventLog } from './logs/event-log';
import { ClusterLink } from './cluster/link';
import { replaceInstance } from './cluster/replacement';
import { MemoryWatch } from './triggers/memory';
import type { ReloadOutcome, StartExisting } from '../protocol/control';
import { isNodeApp, notUpdatableReason } from './instances/interpreter';
import { AppLogRotation, logsSetting, logTargetsSetting, type LogWriter } from './logs/app-log-rotation';
import type { DaemonLogConfig } from '../protocol/config-types';
import { FileWatch } from './triggers/watch';
import { CronRestart } from './triggers/cron';
import { CombinedLogs, type CombinedSource } from './logs/combined-log';
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
  /** pm2's numbering: one id per process (issue 21), not per app. */
  readonly ids = new ProcessIds();
  private saveQueued = false;
  private readonly logRotation: AppLogRotation;
  /** daemon.log in force (kept in state.json). */
  private logTransports: DaemonLogConfig | null = null;
  /** An app's watch, while it is started and watching (pm2: `stop` ends it, `restart --watch` toggles it). */
  private readonly watches = new Map<string, FileWatch>();
  /** An app's cron_restart, from its start to its delete (pm2: a stopped app is started on schedule too). */
  private readonly crons = new Map<string, CronRestart>();

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
    this.combined = new CombinedLogs(() => this.combinedSources(), (msg) => log.write('daemon.warning', msg, {}, 'warn'));
  }

  /** pm2's log_file of each app that has one: the out and err files its instances write. */
  private readonly combined: CombinedLogs;
  private combinedSources(): CombinedSource[] {
    const out: CombinedSource[] = [];
    for (const rec of this.apps.values()) {
      if (rec.config.log_file === undefined) continue;
      for (const inst of rec.instances) {
        const f = inst.logFiles();
        if (f.combined === undefined) continue;
        for (const source of [f.out, f.err]) if (source !== f.combined) out.push({ combined: f.combined, source, startAt: inst.outputStart?.[source] ?? null });
      }
    }
    return out;
  }

  /** pm2's reloadLogs: every node app opens its log files again (an outside logrotate moved them). */
  reopenLogs(): string[] {
    const done: string[] = [];
    for (const rec of this.apps.values()) {
      for (const inst of rec.instances) {
        if (!inst.canReopenLogs()) continue;
        inst.reopenLogs();
        done.push(`${rec.config.name}[${inst.index}]`);
      }
    }
    return done;
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
    await this.stopAndStart(inst);
  }

  /** `moult reload`: cluster workers replaced one at a time; a fork app is restarted (and says so). */
  async reload(target: string, scriptPath?: string): Promise<ReloadOutcome[]> {
    const out: ReloadOutcome[] = [];
    for (const { rec, instances } of this.select(target, scriptPath)) {
      if (rec.config.exec_mode !== 'cluster') {
        await this.restartInstances(instances);
        out.push({ app: rec.config.name, mode: 'fork', replaced: instances.length });
        continue;
      }
      let replaced = 0;
      for (const old of instances) {
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

  /**
   * `moult scale <app> <n>`: new instances take the lowest free numbers; fewer: the oldest
   * processes (the lowest numbers) stop, as pm2 does (its increment-var test relies on it).
   */
  async scale(app: string, n: number): Promise<{ app: string; from: number; to: number }> {
    const rec = this.recordOf(app);
    refuseOverInstanceLimits(this.instanceCounts(), new Map([[rec.config.name, n]]));
    const from = rec.instances.length;
    rec.config = { ...rec.config, instances: n };
    for (const inst of rec.instances) inst.config = rec.config;
    for (const index of this.freeIndexes(rec, n - from)) this.addInstance(rec, index).start();
    const gone = rec.instances.splice(0, Math.max(0, rec.instances.length - n));
    for (const g of gone) this.ids.forget(rec.config.name, g.index);
    await Promise.all(gone.map((i) => i.stop()));
    this.save();
    return { app: rec.config.name, from, to: n };
  }

  /** A new instance of the app, numbered `index`, with its process id. */
  private addInstance(rec: AppRecord, index: number, pmId?: number): Instance {
    const inst = new Instance(rec.config, index, this);
    this.ids.assign(rec.config.name, index, pmId);
    rec.instances.push(inst);
    rec.instances.sort((a, b) => a.index - b.index);
    return inst;
  }

  /** The `count` lowest instance numbers the app does not use (pm2 reuses freed numbers). */
  private freeIndexes(rec: AppRecord, count: number): number[] {
    const used = new Set(rec.instances.map((i) => i.index));
    const out: number[] = [];
    for (let i = 0; out.length < count; i++) if (!used.has(i)) out.push(i);
    return out;
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
    await this.stopAndStart(inst);
  }

  /** One restart more of a running instance: stopped, then started again, unless its app went meanwhile. */
  private async stopAndStart(inst: Instance): Promise<void> {
    await inst.stop();
    // Deleted (or the daemon killed) while it stopped: as in restartInstances, starting it again
    // would leave a process nobody supervises.
    if (this.retired.has(inst)) return;
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
    return rollbackApp(this.ledger, this.recordOf(app).config.name, update);
  }

  /** After a daemon restart: the apps of state.json, their live instances adopted, dead ones restarted. */
  restore(state: DaemonState): void {
    const logs = logsSetting(state.logs);
    if (logs) this.setLogs(logs, logTargetsSetting(state.log));
    for (const a of state.apps) {
      const rec: AppRecord = { config: a.config, instances: [] };
      this.apps.set(a.config.name, rec);
      this.ledger.open(a.config.name, a.updates ?? []);
      // Its workers live only as long as it does (node:cluster): a dead primary means they are gone too.
      const primary = a.primary && path.dirname(a.primary.socket) === this.home.runDir ? a.primary : undefined;
      if (a.primary && !primary) this.log.write('daemon.warning', `${a.config.name}: the cluster primary socket recorded in state.json (${a.primary.socket}) is not in ${this.home.runDir}: not connected to`, { app: a.config.name }, 'warn');
      if (primary && (isOurApp(primary.pid, [ClusterLink.TITLE_MARK + a.config.name, ...CLUSTER_PRIMARY_MARKS]))) this.clusterLink(a.config.name).adopt(primary.pid, primary.secret, primary.socket);
      for (const s of a.instances) {
        // Files of older moults numbered apps (a.id): the first instance keeps that number if free.
        const inst = this.addInstance(rec, s.instance, s.pm_id ?? (s.instance === 0 ? a.id : undefined));
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
      this.arm(rec, { watch: rec.instances.some((i) => i.status !== 'stopped' && i.status !== 'errored') });
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
        id: this.appId(a),
        config: a.config,
        instances: a.instances.map((i) => ({ instance: i.index, pm_id: this.ids.assign(a.config.name, i.index), pid: i.pid, status: i.status, restarts: i.restarts, started_at: i.startedAt, ...(i.secret ? { secret: i.secret } : {}) })),
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
      }
      rec.config = config;
      for (const index of this.freeIndexes(rec, config.instances - rec.instances.length)) this.addInstance(rec, index);
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

  /**
   * pm2's start of apps it may know already (StartExisting says how, per pm2's rules): new apps
   * start; a known one is restarted or reloaded with its new config, refused while it runs (a
   * script started again), or given the new config's instances on top of its own (`-f`).
   */
  async startOrAct(configs: AppConfig[], existing: StartExisting): Promise<string[]> {
    // Checked before anything starts: -f adds to what runs, a new config sets the count.
    const counts = this.instanceCounts();
    refuseOverInstanceLimits(counts, new Map(configs.map((c) => [c.name, existing === 'add' ? (counts.get(c.name) ?? 0) + c.instances : existing === 'keep' ? Math.max(c.instances, counts.get(c.name) ?? 0) : c.instances])));
    const done: string[] = [];
    for (const config of configs) {
      const rec = this.apps.get(config.name);
      if (!rec || existing === 'keep') {
        done.push(...this.start([config]));
        continue;
      }
      const running = rec.instances.some((i) => i.status === 'online' || i.status === 'launching');
      if (existing === 'script' && rec.config.script !== config.script) {
        throw new DaemonError('EUSAGE', `an app named ${config.name} already runs ${rec.config.script}: give this one another name (--name)`);
      }
      if (existing === 'script' && running) {
        throw new DaemonError('EALREADY', `${config.name} is already running (${config.script}): \`restart ${config.name}\` restarts it, \`start ${path.basename(config.script)} -f\` adds a process to it`);
      }
      if (existing === 'add') {
        rec.config = { ...rec.config, instances: rec.instances.length + config.instances };
        for (const inst of rec.instances) inst.config = rec.config;
        for (const index of this.freeIndexes(rec, config.instances)) this.addInstance(rec, index).start();
      } else {
        this.disarm(config.name);
        rec.config = config;
        for (const inst of rec.instances) inst.config = config;
        for (const index of this.freeIndexes(rec, config.instances - rec.instances.length)) this.addInstance(rec, index);
        const extra = rec.instances.splice(0, Math.max(0, rec.instances.length - config.instances));
        for (const e of extra) this.ids.forget(config.name, e.index);
        await Promise.all(extra.map((i) => i.stop()));
        if (existing === 'reload') await this.reload(config.name);
        else await this.restartInstances([...rec.instances]);
        this.arm(rec);
      }
      done.push(config.name);
    }
    this.save();
    return done;
  }

  /** New configs for known apps (pm2's `restart app --node-args …`): in force from the next start. */
  setConfigs(configs: AppConfig[]): void {
    for (const config of configs) {
      const rec = this.recordOf(config.name);
      rec.config = { ...config, instances: rec.config.instances };
      for (const inst of rec.instances) inst.config = rec.config;
      this.disarm(config.name);
    }
    this.onChange();
  }

  /** What a verb's target names (daemon/targets.ts): `all` with no app is an error for verbs that act. */
  private select(target: string, scriptPath?: string, noneIsError = true): Selected<AppRecord>[] {
    return selectTarget(this.apps, this.ids, target, { scriptPath, noneIsError });
  }

  /** The app an `<app>` argument names: its name, or the id of one of its processes. */
  appName(target: string): string {
    return this.apps.has(target) ? target : this.ids.find(target)?.app ?? target;
  }

  private recordOf(app: string): AppRecord {
    const rec = this.apps.get(this.appName(app));
    if (!rec) throw new DaemonError('ENOAPP', `unknown app "${app}" (known: ${[...this.apps.keys()].join(', ') || 'none'})`);
    return rec;
  }

  /** An app's id: the lowest process id of its instances (ls shows each process's own). */
  private appId(rec: AppRecord): number {
    const ids = rec.instances.map((i) => this.ids.assign(rec.config.name, i.index));
    return ids.length ? Math.min(...ids) : 0;
  }

  /** Each app's number of instances now (the base of refuseOverInstanceLimits). */
  private instanceCounts(): Map<string, number> {
    return new Map([...this.apps].map(([name, r]) => [name, r.instances.length]));
  }

  instancesOf(app: string): Instance[] {
    return this.recordOf(app).instances;
  }

  /** The apps a target names, with the updates in force (their release) and which instances it names. */
  appsOf(target: string, scriptPath?: string): { id: number; config: AppConfig; updates: AppState['updates']; release: string; instances: number[] }[] {
    return this.select(target, scriptPath, false).map(({ rec, instances }) => ({
      id: this.appId(rec), config: rec.config, updates: this.ledger.inForce(rec.config.name), release: this.ledger.releaseId(rec.config.name), instances: instances.map((i) => i.index),
    }));
  }

  /** `restart --update-env`: the app's env from now on (its instances read it when they start). */
  setEnv(app: string, config: Pick<AppConfig, 'env' | 'env_removed'>): void {
    const rec = this.recordOf(app);
    rec.config = { ...rec.config, env: config.env };
    if (config.env_removed) rec.config.env_removed = config.env_removed;
    else delete rec.config.env_removed;
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
    }
    return this.start(fresh.map((a) => a.config));
  }

  /**
   * Stops what the target names: whole apps, or single processes (an id). pm2: a stopped app is no
   * longer watched, and stays so when started again (`restart --watch`, or its ecosystem file,
   * turns watching back on); its cron_restart goes on (delete ends it).
   */
  async stop(target: string, scriptPath?: string): Promise<string[]> {
    const sel = this.select(target, scriptPath);
    for (const s of sel) if (s.whole) this.stopWatching(s.rec);
    await Promise.all(sel.map((s) => (s.whole ? this.stopApp(s.rec) : Promise.all(s.instances.map((i) => i.stop())))));
    this.onChange();
    return sel.map((s) => s.rec.config.name);
  }

  async restart(target: string, scriptPath?: string): Promise<string[]> {
    const sel = this.select(target, scriptPath);
    await Promise.all(sel.map(async (s) => {
      await this.restartInstances(s.instances);
      this.arm(s.rec, { keep: true });
    }));
    this.onChange();
    return sel.map((s) => s.rec.config.name);
  }

  /** pm2 counts a restart of a running process; a stopped one started again is not one. */
  private async restartInstances(instances: Instance[]): Promise<void> {
    for (const inst of instances) {
      const running = inst.status === 'online' || inst.status === 'launching' || inst.status === 'stopping';
      await inst.stop();
      // Deleted (or the daemon killed) while it stopped: starting it would leave a process nobody knows.
      if (this.retired.has(inst)) continue;
      if (running) inst.restarts++;
      inst.start();
    }
  }

  /** Instances of deleted apps (and all, once the daemon stops): a restart in flight leaves them stopped. */
  private readonly retired = new WeakSet<Instance>();

  /** Deletes what the target names; a process id deletes that one instance (the app goes with its last). */
  async delete(target: string, scriptPath?: string): Promise<string[]> {
    const sel = this.select(target, scriptPath);
    for (const s of sel) {
      const name = s.rec.config.name;
      if (!s.whole) {
        for (const i of s.instances) this.retired.add(i);
        await Promise.all(s.instances.map((i) => i.stop()));
        s.rec.instances = s.rec.instances.filter((i) => !s.instances.includes(i));
        for (const i of s.instances) this.ids.forget(name, i.index);
        s.rec.config = { ...s.rec.config, instances: s.rec.instances.length };
        for (const i of s.rec.instances) i.config = s.rec.config;
        this.log.write('app.deleted', `${name}[${s.instances.map((i) => i.index).join(', ')}] deleted`, { app: name });
        if (s.rec.instances.length) continue;
      }
      this.disarm(name);
      for (const i of s.rec.instances) this.retired.add(i);
      await this.stopApp(s.rec);
      this.apps.delete(name);
      this.ledger.drop(name);
      this.ids.forgetApp(name);
      this.log.write('app.deleted', `${name} deleted`, { app: name });
    }
    this.onChange();
    return sel.map((s) => s.rec.config.name);
  }

  /** pm2's reset: the restart counters of what the target names go back to 0. */
  reset(target: string, scriptPath?: string): string[] {
    const sel = this.select(target, scriptPath);
    for (const s of sel) for (const i of s.instances) i.resetCounters();
    this.onChange();
    return sel.map((s) => s.rec.config.name);
  }

  /** pm2's sendSignal: a signal to each running process the target names. */
  signal(target: string, signal: NodeJS.Signals, scriptPath?: string): { app: string; instance: number; pid: number }[] {
    const sent: { app: string; instance: number; pid: number }[] = [];
    for (const s of this.select(target, scriptPath)) {
      for (const i of s.instances) {
        if (i.pid === null) continue;
        try {
          process.kill(i.pid, signal);
          sent.push({ app: s.rec.config.name, instance: i.index, pid: i.pid });
        } catch { /* gone meanwhile */ }
      }
    }
    if (!sent.length) throw new DaemonError('ENOTRUNNING', `${target}: no running process to send ${signal} to`);
    return sent;
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
      id: this.ids.assign(i.config.name, i.index),
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
      started_at: i.pid ? i.startedAt : null,
      unstable_restarts: i.unstableRestarts,
      watching: this.watches.has(i.config.name),
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
    for (const name of new Set([...this.watches.keys(), ...this.crons.keys()])) this.disarm(name);
    for (const r of this.apps.values()) for (const i of r.instances) this.retired.add(i);
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
        const { out, err, combined } = inst.logFiles();
        for (const f of new Set([out, err])) files.set(f, [...(files.get(f) ?? []), writer]);
        // The combined file (log_file) is written by path by the daemon: a rename is all it takes.
        if (combined !== undefined) files.set(combined, [{ canReopen: () => true, reopen: () => {}, awaitsRuntime: () => false }]);
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

  /**
   * Starts the app's watch and cron_restart with its current config (`keep`: those armed already
   * stay as they are; `watch: false`: no watch, the app is not running).
   */
  private arm(rec: AppRecord, opts: { keep?: boolean; watch?: boolean } = {}): void {
    const { name } = rec.config;
    if (!opts.keep) this.disarm(name);
    const warn = (msg: string): void => this.log.write('daemon.warning', `${name}: ${msg}`, { app: name }, 'warn');
    if (rec.config.watch?.length && opts.watch !== false && !this.watches.has(name)) {
      const own = rec.instances.flatMap((i) => Object.values(i.logFiles()));
      const w = new FileWatch(rec.config, (file) => void this.restartFor(name, 'watch', `${path.relative(rec.config.cwd, file) || file} changed`), warn, own);
      w.start();
      this.watches.set(name, w);
    }
    if (rec.config.cron_restart && !this.crons.has(name)) {
      try {
        this.crons.set(name, new CronRestart(rec.config.cron_restart, () => this.restartFor(name, 'cron', `cron_restart ${rec.config.cron_restart}`)));
      } catch (err) {
        warn(`cron_restart ${JSON.stringify(rec.config.cron_restart)}: ${(err as Error).message}`);
      }
    }
  }

  private disarm(name: string): void {
    this.watches.get(name)?.close();
    this.watches.delete(name);
    this.crons.get(name)?.close();
    this.crons.delete(name);
  }

  /** pm2's stop of a watched app: watching ends, and the config says so (state.json keeps it off). */
  private stopWatching(rec: AppRecord): void {
    this.watches.get(rec.config.name)?.close();
    this.watches.delete(rec.config.name);
    if (rec.config.watch === undefined) return;
    const { watch: _off, ...config } = rec.config;
    rec.config = config;
    for (const inst of rec.instances) inst.config = config;
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
