// Wiring of a daemon with `daemon.fleet` into its fleet: the etcd client, the agent, the host
// record from the supervisor, orders applied through the supervisor's update path.
import path from 'node:path';
import type { FleetConfig } from '../../protocol/config-types';
import { openEtcd } from '../../protocol/fleet-etcd';
import { fleetUpdateId, type HostRecord } from '../../protocol/fleet';
import type { Supervisor } from '../supervisor';
import type { EventLog } from '../logs/event-log';
import { FleetAgent } from './agent';
import { AppliedStore } from './applied-store';
import { HostApply } from './host-apply';
import { releaseCatchUp } from './release-catch-up';
import { packagesInForce } from '../updates/release-packages';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const MOULT_VERSION = (require('../../../package.json') as { version: string }).version;

export interface FleetMembership {
  stop(): Promise<void>;
}

export async function joinFleet(cfg: FleetConfig, supervisor: Supervisor, log: EventLog): Promise<FleetMembership> {
  const client = openEtcd(cfg);
  const store = new AppliedStore(path.join(supervisor.home.root, 'fleet', 'applied.json'), (msg) => log.write('daemon.warning', `fleet: ${msg}`, {}, 'warn'));
  const applier = new HostApply(supervisor, store);
  const snapshot = async (): Promise<HostRecord['apps']> => {
    const apps: HostRecord['apps'] = {};
    const list = await supervisor.list();
    for (const i of list) {
      const a = (apps[i.name] ??= { instances: [], fleet_updates: store.inForce(i.name) });
      a.instances.push({ instance: i.instance, pid: i.pid, status: i.status, updates: i.updates });
    }
    for (const [name, a] of Object.entries(apps)) {
      const packages = supervisor.appsOf(name).flatMap((rec) => packagesInForce(rec.updates, list.filter((i) => i.name === name)));
      if (packages.length) a.packages = packages.map((p) => ({ name: p.name, path: p.path, version: p.to, how: p.how }));
    }
    return apps;
  };
  const agent = new FleetAgent(client, { host: cfg.host, labels: cfg.labels, prefix: cfg.prefix, moult: MOULT_VERSION }, {
    snapshot,
    apply: (order, update) => applier.run(order, update),
    claim: (order) => store.claim(order),
    recover: (order) => applier.recover(order),
    event: (name, msg, fields, level) => log.write(name, msg, fields, level),
  });
  supervisor.catchUp = releaseCatchUp(client, cfg.prefix, cfg.host, supervisor, store, log, applier);
  // SPEC 6.6: a fleet update undone on this host by the app (a crash blamed on it, a failure on one
  // instance, a local rollback) is no longer in force here: the host record the rollout reads says so.
  supervisor.ledger.onRetired = (app, updateId, how) => {
    for (const sha of store.inForce(app)) {
      const e = store.find(app, sha);
      if (!e || fleetUpdateId(e.rollout, e.sha256) !== updateId) continue;
      store.markRolledBack(app, sha);
      log.write('fleet.result', `${app}: ${e.names.join(', ')} of rollout ${e.rollout} is no longer in force on ${cfg.host} (${how === 'failed' ? 'failed on this host and undone on every instance' : 'rolled back'})`,
        { host: cfg.host, rollout: e.rollout, app, sha256: sha, outcome: how === 'failed' ? 'failed' : 'rolledback' }, 'warn');
      agent.refresh();
    }
  };
  const unsubscribe = log.subscribe((e) => {
    if (/^app\.(online|exited|stopped|errored)$|^update\.(completed|rolledback)$/.test(e.event)) agent.refresh();
  });
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
