// Bounded history (issue 19 item 6): an app keeps its newest `--keep` finished rollouts (default
// `daemon.fleet.history` of --ecosystem, else 10, as Kubernetes' revisionHistoryLimit); older ones
// are deleted with their orders, results and verdicts, one delete per host per rollout. Without it
// nothing was ever deleted and `fleet status` broke for good past 4 MiB of records (audit row 9).
// etcd keeps deleted revisions until it compacts: run it with --auto-compaction-retention (README).
import type { Etcd3, IOperation } from 'etcd3';
import type { FleetKeys } from '../../protocol/fleet';
import { checkPlan, checkProgress } from '../../protocol/fleet-records';
import { readAll } from '../../protocol/fleet-watch';

export const DEFAULT_KEEP = 10;
/** etcd takes up to 128 operations in one transaction. */
const OPS_PER_TXN = 100;

/** Deletes the app's finished rollouts beyond the newest `keep`; resolves to the ids deleted. */
export async function pruneHistory(client: Etcd3, keys: FleetKeys, app: string, keep: number): Promise<string[]> {
  const { kvs } = await readAll(client, { prefix: keys.progressOf(app) });
  const finished = Object.values(kvs).map((t) => checkProgress(t, 'a progress record')).flatMap((c) => (c.ok && c.value.app === app && c.value.phase === 'over' ? [c.value] : []))
    .sort((a, b) => b.created_at - a.created_at);
  const old = finished.slice(keep);
  for (const p of old) {
    const plan = checkPlan(await client.get(keys.rollout(p.id)).string(), p.id);
    const hosts = plan.ok ? plan.value.waves.flat() : [];
    const ops: IOperation[] = [
      ...hosts.map((h) => client.delete().prefix(keys.ordersOf(h, p.id))),
      client.delete().prefix(keys.results(p.id)),
      client.delete().prefix(keys.verdicts(p.id)),
      client.delete().key(keys.abort(p.id)),
      client.delete().key(keys.control(p.id)),
      client.delete().key(keys.rollout(p.id)),
      // Last: a rollout is listed until everything of it is gone, so a prune cut short is done again.
      client.delete().key(keys.progress(app, p.id)),
    ];
    for (let i = 0; i < ops.length; i += OPS_PER_TXN) await client.if(keys.epoch, 'Version', '>', -1).then(...ops.slice(i, i + OPS_PER_TXN)).commit();
  }
  return old.map((p) => p.id);
}
