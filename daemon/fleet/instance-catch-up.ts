// SPEC 8, desired state: an instance that starts (a host that was down during a rollout, that joins
// later, an app restarted) applies the part of its app's fleet release it lacks before it is
// `app.online`, like a replay, right after the replay of its own recorded updates (what the replay
// brought is `replayed`). No health check can run before the app is online: what it got here is
// marked unverified, and the app's reconcile loop puts it through the health gate once it is
// (reconciler.ts `verify`). An entry that failed on this host is not applied again (audit row 7a:
// a restart reinstalled, ungated, an update that had failed there).
import { fleetKeys, fleetUpdateId } from '../../protocol/fleet';
import type { Supervisor } from '../supervisor';
import type { Instance } from '../instances/instance';
import type { EventLog } from '../logs/event-log';
import type { AppliedStore } from './applied-store';
import type { FleetAgent } from './agent';
import { resultProblem, type HostApply } from './host-apply';
import { checkStoredUpdate } from './etcd-records';
import { applyFleetRelease, releaseProblem } from './release-apply';
import { within } from '../within';
import type { Etcd3 } from 'etcd3';

/** etcd away or not read yet: the instance goes online without waiting longer; its app's reconcile catches up later. */
const ETCD_WAIT_MS = 3000;

export function instanceCatchUp(client: Etcd3, prefix: string, host: string, agent: FleetAgent, supervisor: Supervisor, store: AppliedStore, log: EventLog, applier: HostApply) {
  const keys = fleetKeys(prefix);
  return async (inst: Instance, replayed: ReadonlySet<string>): Promise<void> => {
    const app = inst.config.name;
    const release = await agent.releaseOf(app, ETCD_WAIT_MS);
    if (!release) {
      log.write('daemon.warning', `${app}[${inst.index}] goes online without catching up with its fleet release (not read from etcd yet): its reconcile catches up once it is`, { host, app, instance: inst.index }, 'warn');
      return;
    }
    const failed = new Set(store.failedHere(app).map((f) => f.update_id));
    const got: string[] = [];
    for (const entry of release) {
      const update_id = fleetUpdateId(entry.rollout, entry.sha256);
      if (replayed.has(update_id)) continue;
      if (failed.has(update_id)) continue; // failed on this host: not again
      const fields = { host, rollout: entry.rollout, app, instance: inst.index, sha256: entry.sha256 };
      log.write('fleet.order', `catching up with the fleet release of ${app} before ${app}[${inst.index}] is online: ${entry.name} (rollout ${entry.rollout})`, fields);
      const text = await within(client.get(keys.update(entry.sha256)).string(), ETCD_WAIT_MS, 'etcd did not answer').catch(() => undefined);
      if (text === undefined) return; // etcd away: not a failure of the update; its app's reconcile catches up
      const prepared = applier.prepare(checkStoredUpdate(text, entry.sha256));
      const u = inst.config.updates;
      let problem = 'problem' in prepared ? prepared.problem : '';
      if ('file' in prepared) {
        const { file, update } = prepared;
        const r = await (update.release
          ? applyFleetRelease(supervisor, app, { ...update, release: update.release }, { timeoutMs: 60_000, updateId: update_id, instances: [inst], beforeOnline: true })
          : supervisor.updates.route({
            app, file, wait: true, timeoutMs: 60_000, update_id, beforeOnline: true,
            ...(update.kind === 'patch' ? { patch: { ...(update.target ? { target: update.target } : {}), max_tries: u.max_tries, sleep_time: u.sleep_time } } : {}),
          }, [inst], () => {})).catch((err: Error) => err.message);
        problem = typeof r === 'string' ? r : resultProblem(r) ?? releaseProblem(r) ?? '';
      }
      log.write('fleet.result', `${app}[${inst.index}]: caught up with ${entry.name}: ${problem ? `failed (${problem})` : 'completed, health gate once online'}`,
        { ...fields, outcome: problem ? 'failed' : 'completed', ...(problem ? { error: problem } : {}) }, problem ? 'warn' : 'info');
      if (problem) {
        store.markFailed(app, update_id, problem);
        break; // later entries were made on top of this one
      }
      got.push(update_id);
    }
    if (got.length) store.setUnverified(app, [...store.unverified(app).filter((id) => !got.includes(id)), ...got]);
  };
}
