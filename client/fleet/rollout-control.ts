// `moult fleet pause|promote <rollout>` and the pause half of `fleet resume` (issue 19 item 7): what
// an operator asks of a running rollout, written to `<prefix>/controls/<id>` by compare-and-swap
// (two operators at once both count), read by its coordinator between waves (wave-holds.ts). A
// pause lets the wave under way finish; it does not stop the hosts (that is `fleet abort`).
import type { Etcd3 } from 'etcd3';
import type { FleetKeys } from '../../protocol/fleet';
import type { RolloutControl, RolloutPlan, RolloutProgress } from '../../protocol/fleet-rollout';
import { checkControl } from '../../protocol/fleet-records';
import { CliError } from '../errors';

/** Applies `change` to the rollout's controls; resolves to what etcd then holds. */
export async function changeControl(client: Etcd3, keys: FleetKeys, id: string, change: (c: RolloutControl) => RolloutControl): Promise<RolloutControl> {
  const key = keys.control(id);
  for (;;) {
    const got = await client.get(key).exec();
    const kv = got.kvs[0];
    const now = checkControl(kv ? kv.value.toString() : null);
    if (!now.ok) throw new CliError(1, `${key}: ${now.problem}`);
    const next = { ...change(now.value), at: Date.now() };
    const txn = kv ? client.if(key, 'Mod', '==', kv.mod_revision) : client.if(key, 'Create', '==', 0);
    const r = await txn.then(client.put(key).value(JSON.stringify(next))).commit();
    if (r.succeeded) return next;
  }
}

/** The wave `fleet promote` lets start now: the one held, else the next one to start. */
export function promotable(plan: RolloutPlan, progress: RolloutProgress, full: boolean): number {
  if (full) return plan.waves.length;
  return progress.held || progress.ordered_at[progress.wave] === undefined ? progress.wave : progress.wave + 1;
}

/** Refuses a control verb on a rollout that is over. */
export function mustBeRunning(progress: RolloutProgress, verb: string): void {
  if (progress.phase === 'over') throw new CliError(1, `fleet ${verb}: rollout ${progress.id} is over (${progress.state}): nothing to ${verb}`);
  if (progress.phase === 'reverting') throw new CliError(1, `fleet ${verb}: rollout ${progress.id} is reverting: nothing to ${verb}`);
}
