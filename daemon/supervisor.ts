// The apps the daemon runs, by name, each with its instances; what `start`, `stop`, `restart`,
// `delete`, `ls` and `kill` do to them; and state.json kept in step.
import pidusage from 'pidusage';
import type { AppConfig } from '../config/ecosystem';
import type { HomeLayout } from '../protocol/home';
import type { InstanceInfo } from '../protocol/control';
import type { FromRuntime } from '../protocol/runtime-channel';
import { Instance, type InstanceHost } from './instance';
import { writeState, type AppState, type DaemonState } from './state-store';
import { UpdateRouter } from './update-router';
import { DaemonError } from './errors';
import type { EventLog } from './event-log';

interface AppRecord {
  config: AppConfig;
  instances: Instance[];
  /** Completed updates, in order (state.json; the base of replay after restarts). */
  updates: AppState['updates'];
}

export class Supervisor implements InstanceHost {
  private readonly apps = new Map<string, AppRecord>();
  readonly updates: UpdateRouter;
  private saveQueued = false;

  constructor(readonly home: HomeLayout, readonly log: EventLog) {
    this.updates = new UpdateRouter(log);
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

  onRuntimeMessage(inst: Instance, msg: FromRuntime): void {
    this.updates.onRuntimeMessage(inst, msg);
    if (msg.type !== 'event' || msg.event.event !== 'update.completed' || !msg.event.update) return;
    const rec = this.apps.get(inst.config.name);
    const id = msg.event.update_id ?? '';
    if (!rec || rec.updates.some((u) => u.update_id === id && u.name === msg.event.update)) return;
    const origin = this.updates.origin(id);
    rec.updates.push({ name: msg.event.update, update_id: id, file: origin?.file ?? '', sha256: origin?.sha256 ?? '', applied_at: Date.now() });
    this.onChange();
  }

  onInstanceExit(): void {}

  save(): void {
    const state: DaemonState = {
      version: 1,
      daemon_pid: process.pid,
      apps: [...this.apps.values()].map((a) => ({
        config: a.config,
        instances: a.instances.map((i) => ({ instance: i.index, pid: i.pid, status: i.status, restarts: i.restarts, started_at: i.startedAt })),
        updates: a.updates,
      })),
    };
    try {
      writeState(this.home.stateFile, state);
    } catch (err) {
      this.log.write('daemon.warning', `cannot write ${this.home.stateFile}: ${(err as Error).message}`, { error: (err as Error).message }, 'warn');
    }
  }

  /** Starts new apps; an app already known is started again if stopped (as pm2 does). */
  start(configs: AppConfig[]): string[] {
    const started: string[] = [];
    for (const config of configs) {
      let rec = this.apps.get(config.name);
      if (!rec) {
        rec = { config, instances: [], updates: [] };
        this.apps.set(config.name, rec);
      }
      rec.config = config;
      for (let i = rec.instances.length; i < config.instances; i++) rec.instances.push(new Instance(config, i, this));
      for (const inst of rec.instances) {
        inst.config = config;
        inst.start();
      }
      started.push(config.name);
    }
    this.onChange();
    return started;
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

  async stop(target: string): Promise<string[]> {
    const recs = this.select(target);
    await Promise.all(recs.flatMap((r) => r.instances.map((i) => i.stop())));
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
      name: i.config.name,
      instance: i.index,
      pid: i.pid,
      status: i.status === 'stopping' ? 'online' : i.status,
      restarts: i.restarts,
      uptime_ms: i.pid && i.startedAt ? now - i.startedAt : 0,
      cpu: i.pid ? Math.round((usage[i.pid]?.cpu ?? 0) * 10) / 10 : 0,
      memory: i.pid ? usage[i.pid]?.memory ?? 0 : 0,
      updates: [...i.updates],
    }));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.apps.values()].flatMap((r) => r.instances.map((i) => i.stop())));
    this.save();
  }
}
