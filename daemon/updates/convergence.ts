// SPEC 6.6: an update that left the app's release (blamed for a crash, failed on some instance,
// rolled back on some) is undone on every instance that still runs it, newest first, so that no
// two instances of the app run different updates. One that cannot be undone in place (its
// rollback fails, or is cold) is restarted: it comes back on the release through its catch-up.
// Runs under the app's release lock.
import type { Ledger } from './ledger';
import type { Applied } from './release';

const key = (a: Applied): string => `${a.update_id}\t${a.name}`;

export async function converge(ledger: Ledger, app: string, reason: string): Promise<void> {
  const inForce = new Set(ledger.inForce(app).map(key));
  const recorded = new Set(ledger.entries(app).map(key));
  await Promise.all(ledger.targets(app).map(async (inst) => {
    // Updates this app never recorded (the app's own) are not the ledger's to undo.
    const extra = ledger.applied(inst).filter((a) => recorded.has(key(a)) && !inForce.has(key(a)));
    for (const a of [...extra].reverse()) {
      const [r] = await ledger.rollbacks.request([inst], a.name, reason);
      if (r.ok && r.mode !== 'cold') continue;
      // A cold rollback restarts the instance by itself (rollback-requests.ts).
      if (!r.ok && inst.pid !== null) await ledger.host.restart(inst, `without ${a.name}: it could not be undone in place (${r.error})`, a.name);
      return;
    }
  }));
}
