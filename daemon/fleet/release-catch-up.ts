// SPEC 8, desired state: a host that was down during a rollout, or that joins later, applies the
// part of the app's fleet release it lacks before the app's instances are `app.online`, like a
// replay. Called by the supervisor for every instance that starts, right after the replay of its
// own recorded updates; an entry is lacking when its fleet update id was not among them.
import type { Etcd3 } from 'etcd3';
import { fleetKeys, fleetUpdateId } from '../../protocol/fleet';
import type { Supervisor } from '../supervisor';
import type { Instance } from '../instances/instance';
import type { EventLog } from '../logs/event-log';
import type { AppliedStore } from './applied-store';
import { resultProblem, type HostApply } from './host-apply';
import { checkRelease, checkStoredUpdate } from './etcd-records';
import { applyFleetRelease, releaseProblem } from './release-apply';
import type { ReleaseResult } from '../updates/release-route';
import { within } from '../within';

/** etcd away: the instance goes online without waiting longer; the agent catches up once it joins. */
const ETCD_WAIT_MS = 3000;

/** The key's value, or null when etcd fails or takes longer than ETCD_WAIT_MS. */
const readKey = (p: Promise<string | null>): Promise<string | null> => within(p, ETCD_WAIT_MS, 'etcd did not answer').catch(() => null);

export function releaseCatchUp(client: Etcd3, prefix: string, host: string, supervisor: Supervisor, store: AppliedStore, log: EventLog, applier: HostApply) {
  const keys = fleetKeys(prefix);
  return async (inst: Instance, replayed: ReadonlySet<string>): Promise<void> => {
    const app = inst.config.name;
    const checked = checkRelease(await readKey(client.get(keys.release(app)).string()));
    if (!checked.ok) {
      log.write('daemon.warning', `${app}[${inst.index}] does not catch up with its fleet release: ${checked.problem}`, { host, app, instance: inst.index, error: checked.problem }, 'warn');
      return;
    }
    for (const entry of checked.value) {
      const update_id = fleetUpdateId(entry.rollout, entry.sha256);
      if (replayed.has(update_id)) continue;
      const fields = { host, rollout: entry.rollout, app, instance: inst.index, sha256: entry.sha256 };
      log.write('fleet.order', `catching up with the fleet release of ${app} before ${app}[${inst.index}] is online: ${entry.name} (rollout ${entry.rollout})`, fields);
      const prepared = applier.prepare(checkStoredUpdate(await readKey(client.get(keys.update(entry.sha256)).string()), entry.sha256));
      const u = inst.config.updates;
      let problem = 'problem' in prepared ? prepared.problem : '';
      let names: string[] = [];
      if ('file' in prepared) {
        const { file, update } = prepared;
        const r = update.release
          ? await applyFleetRelease(supervisor, app, { ...update, release: update.release }, { timeoutMs: 60_000, updateId: update_id, instances: [inst], beforeOnline: true })
          : await supervisor.updates.route({
            app, file, wait: true, timeoutMs: 60_000, update_id, beforeOnline: true,
            ...(update.kind === 'patch' ? { patch: { ...(update.target ? { target: update.target } : {}), max_tries: u.max_tries, sleep_time: u.sleep_time } } : {}),
          }, [inst], () => {});
        problem = resultProblem(r) ?? ('release' in r ? releaseProblem(r as ReleaseResult) : null) ?? '';
        names = [...new Set(r.instances.flatMap((i) => i.updates.map((x) => x.name)))];
      }
      log.write('fleet.result', `${app}[${inst.index}]: caught up with ${entry.name}: ${problem ? `failed (${problem})` : 'completed'}`,
        { ...fields, outcome: problem ? 'failed' : 'completed', ...(problem ? { error: problem } : {}) }, problem ? 'warn' : 'info');
      if (problem) return; // later entries were made on top of this one
      if (!store.find(app, entry.sha256)) store.add(app, { sha256: entry.sha256, rollout: entry.rollout, names });
    }
  };
}
