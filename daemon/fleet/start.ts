// Wiring of a daemon with `daemon.fleet` into its fleet: the etcd client, the agent (membership and
// a reconcile loop per app), the host record from the supervisor, fleet updates applied and undone
// through the supervisor's update path, and the catch-up of a starting instance before it is online.
import path from 'node:path';
import type { FleetConfig } from '../../protocol/config-types';
import { openEtcd } from '../../protocol/fleet-etcd';
import type { HostRecord } from '../../protocol/fleet';
import type { Supervisor } from '../supervisor';
import type { EventLog } from '../logs/event-log';
import { checkHealthAfterUpdate } from '../updates/health-gate';
import { FleetAgent } from './agent';
import { AppliedStore } from './applied-store';
import { HostApply } from './host-apply';
import { instanceCatchUp } from './instance-catch-up';
import { parseFleetUpdateId, supervisorRelease } from './local-release';
import { packagesInForce } from '../updates/release-packages';

 
const MOULT_VERSION = (require('../../../package.json') as { version: string }).version;

/** The sha256 of each fleet update in force (the recorded source's, which is the stored update's). */
function fleetShas(supervisor: Supervisor, release: ReturnType<typeof supervisorRelease>, app: string): string[] {
  const recorded = supervisor.recordedUpdates(app);
  return release.inForce(app).map((u) => recorded.find((r) => r.update_id === u.update_id && r.sha256.startsWith(u.sha16))?.sha256 ?? u.sha16);
}

export interface FleetMembership {
  stop(): Promise<void>;
}

export async function joinFleet(cfg: FleetConfig, supervisor: Supervisor, log: EventLog): Promise<FleetMembership> {
  const client = openEtcd(cfg);
  const store = new AppliedStore(path.join(supervisor.home.root, 'fleet', 'applied.json'), (msg) => log.write('daemon.warning', `fleet: ${msg}`, {}, 'warn'));
  const applier = new HostApply(supervisor);
  const release = supervisorRelease(supervisor);
  const snapshot = async (): Promise<HostRecord['apps']> => {
    const apps: HostRecord['apps'] = {};
    const list = await supervisor.list();
    for (const i of list) {
      const a = (apps[i.name] ??= { instances: [], fleet_updates: fleetShas(supervisor, release, i.name) });
      a.instances.push({ instance: i.instance, pid: i.pid, status: i.status, updates: i.updates });
    }
    // The package versions releases put in force (SPEC 6.5), for `fleet ls --package`.
    for (const [name, a] of Object.entries(apps)) {
      const packages = supervisor.appsOf(name).flatMap((rec) => packagesInForce(rec.updates, list.filter((i) => i.name === name)));
      if (packages.length) a.packages = packages.map((p) => ({ name: p.name, path: p.path, version: p.to, how: p.how }));
    }
    return apps;
  };
  const agent = new FleetAgent(client, { host: cfg.host, labels: cfg.labels, prefix: cfg.prefix, moult: MOULT_VERSION }, {
    snapshot,
    release,
    memory: store,
    apply: (app, update, updateId, opts) => applier.apply(app, update, updateId, opts),
    undo: (app, target) => applier.undo(app, target),
    unhealthy: async (app) => {
      const inst = supervisor.instancesOf(app).find((i) => i.status === 'online');
      if (!inst) return null;
      const v = await checkHealthAfterUpdate(inst.config.health, log, app, inst.index, true);
      return v.ok ? null : v.reason;
    },
    event: (name, msg, fields, level) => log.write(name, msg, fields, level),
  });
  supervisor.catchUp = instanceCatchUp(client, cfg.prefix, cfg.host, agent, supervisor, store, log, applier);
  const unsubscribe = log.subscribe((e) => {
    // A fleet update that failed on this host, whatever said so: also one blamed for a crash after
    // its order's result was written (SPEC 6.6). Marked here at once, before the crashed instance's
    // catch-up, which would otherwise apply it again from the fleet release (a crash loop); the
    // reconcile then tells the rollout (desired-state.ts `report-failure`).
    if (e.event === 'update.failed' && e.app && e.update_id && parseFleetUpdateId(e.update_id)) store.markFailed(e.app, e.update_id, e.error ?? 'failed on this host');
    if (/^app\.(online|exited|stopped|errored)$|^update\.(completed|rolledback|failed)$/.test(e.event)) agent.refresh();
  });
  // A fleet update taken off here (a local `moult rollback`, an all-or-none undo): the ledger
  // retires it after the runtime's update.rolledback, so that event woke the reconcile too early to
  // see it; woken again now, it puts the update back from the fleet release at once, not at the
  // next 30 s resync.
  supervisor.ledger.onRetired = (_app, updateId) => {
    if (parseFleetUpdateId(updateId)) agent.refresh();
  };
  // etcd may be away when the daemon starts: the daemon serves its apps and keeps trying.
  let stopped = false;
  const attempt = async (delay: number): Promise<void> => {
    try {
      await agent.start();
    } catch (err) {
      if (stopped) return;
      log.write('daemon.warning', `fleet: cannot join through ${cfg.etcd.join(',')}: ${(err as Error).message}; retrying`, { host: cfg.host, error: (err as Error).message }, 'warn');
      setTimeout(() => void attempt(Math.min(delay * 2, 10_000)), delay).unref();
    }
  };
  void attempt(500);
  return {
    async stop() {
      stopped = true;
      supervisor.catchUp = null;
      supervisor.ledger.onRetired = null;
      unsubscribe();
      await agent.stop();
      client.close();
    },
  };
}
