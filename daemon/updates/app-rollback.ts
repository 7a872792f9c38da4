// `moult rollback <app> [update]` (SPEC 2, 6.6): under the app's release lock, every instance that
// reached the release undoes its last (or named) update. Once one instance undid it, the update has
// left the release: an instance that could not undo it in place restarts without it (it comes back
// on the release), so that the app never runs it on some instances and not on others.
import type { RollbackOutcome } from '../../protocol/control';
import { DaemonError } from '../control/errors';
import type { Ledger } from './ledger';
import { converge } from './convergence';
import { untilLeavingGone } from './leaving-instances';

export function rollbackApp(ledger: Ledger, app: string, update?: string): Promise<RollbackOutcome[]> {
  const what = update ? `rollback of ${update}` : 'rollback';
  return ledger.locks.run(app, what, 'change', async () => {
    await untilLeavingGone(ledger, app, (holder) => ledger.host.log.write('update.waiting', `${what} for ${app} waits for the ${holder}`, { app, ...(update ? { update } : {}), reason: holder }));
    const targets = ledger.targets(app);
    if (!targets.length) throw new DaemonError('ENOTRUNNING', `no instance of ${app} is online`);
    const outcomes = await ledger.rollbacks.request(targets, update);
    const undone = outcomes.find((o) => o.ok && o.update && o.update_id);
    if (!undone) return outcomes;
    ledger.retire(app, undone.update_id!, 'rolled_back', [undone.update!]);
    ledger.save();
    if (outcomes.some((o) => !o.ok)) await converge(ledger, app, `${undone.update} was rolled back on the other instances of ${app}`);
    return outcomes;
  });
}
