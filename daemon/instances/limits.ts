// The daemon's own check of how many instances it is asked to run (audit rows 5.3, 5.4): whatever
// reached it (a `start` frame past the CLI, `scale`, a `resurrect` of an edited dump.json), no app
// gets more than MAX_INSTANCES and the daemon no more than MAX_TOTAL_INSTANCES in all. Checked
// before anything is spawned or changed, so a refused request leaves the daemon as it was.
import { instancesProblem } from '../../config/bounds';
import { MAX_TOTAL_INSTANCES } from '../../protocol/limits';
import { DaemonError } from '../control/errors';

/**
 * `current`: each app's instance count now; `wanted`: the counts a request asks for (an app it
 * names gets that many, the others keep theirs). Throws a DaemonError naming the limit.
 */
export function refuseOverInstanceLimits(current: ReadonlyMap<string, number>, wanted: ReadonlyMap<string, number>): void {
  for (const [name, n] of wanted) {
    const problem = instancesProblem(n);
    if (problem) throw new DaemonError('ECONFIG', `${name}: ${problem}`);
  }
  const after = new Map(current);
  for (const [name, n] of wanted) after.set(name, n);
  let total = 0;
  for (const n of after.values()) total += n;
  if (total > MAX_TOTAL_INSTANCES) {
    throw new DaemonError('ECONFIG', `this would make ${total} instances in all, over the limit of ${MAX_TOTAL_INSTANCES} for one daemon`);
  }
}
