// SPEC 6.6: a process that starts (restart, crash, scale, reload, or adopted while it still waited)
// reaches its app's release before it takes a single request. Under the app's release lock (so no
// update is under way meanwhile, and none misses it afterwards), the recorded updates it lacks are
// replayed into it, in order (SPEC 6.3), then the fleet's (SPEC 8); it becomes a member (every later
// update goes to it), and only then is it told `release`: its held listen() calls and connections
// go ahead (runtime/host/start-hold.ts). Bounded: after CATCH_UP_WAIT_MS waiting for the lock it
// goes on without, and what it lacks is logged (`app.drift`) and shown by `moult ls`.
import type { Instance } from '../instances/instance';
import type { Ledger } from './ledger';
import { stepsOf } from './release';
import { readVerified } from './stored-sources';

/** How long a starting process waits for an update under way in its app before it goes on. */
export const CATCH_UP_WAIT_MS = 60_000;
/** How long one replayed update may take in the starting process. */
const REPLAY_TIMEOUT_MS = 30_000;

/** A daemon in a fleet also applies the fleet release's updates the process did not get (SPEC 8). */
export type FleetCatchUp = (inst: Instance, replayed: ReadonlySet<string>) => Promise<void>;

function warn(ledger: Ledger, inst: Instance, msg: string, error: string): void {
  const app = inst.config.name;
  ledger.host.log.write('app.drift', `${app}[${inst.index}] ${msg}`, { app, instance: inst.index, release: ledger.releaseId(app), error }, 'warn');
}

/** Replays the steps of the release the process lacks; stops at the first that fails (later ones build on it). */
async function replayMissing(ledger: Ledger, inst: Instance): Promise<void> {
  const app = inst.config.name;
  const pid = inst.pid;
  const applied = ledger.applied(inst);
  const release = ledger.inForce(app);
  const prefix = applied.every((a, i) => release[i]?.update_id === a.update_id && release[i]?.name === a.name);
  if (!prefix) return warn(ledger, inst, 'runs updates its app\'s release does not have: nothing replayed', 'diverged from the release');
  const have = new Set(applied.map((a) => a.update_id));
  for (const step of stepsOf(ledger.entries(app)).filter((s) => !have.has(s.update_id))) {
    const first = step.entries[0];
    const names = step.entries.map((e) => e.name).join(', ');
    const read = first.stored ? readVerified(first.stored, first.sha256, ledger.updatesDir) : { problem: 'its source was not kept' };
    if ('problem' in read) return warn(ledger, inst, `cannot replay ${names} (nor the updates after it): ${read.problem}`, read.problem);
    const r = await ledger.router.route(
      { app, file: first.file, wait: true, timeoutMs: REPLAY_TIMEOUT_MS, replay: { source: read.source, update_id: step.update_id }, ...(first.patch ? { patch: first.patch } : {}) },
      [inst],
      () => {},
    ).catch((err: Error) => err.message);
    if (inst.pid !== pid) return;
    // What counts is the step's updates in force (another update of the module may be aborted
    // again, as it was the first time).
    const i = typeof r === 'string' ? null : r.instances[0];
    const outcomes = new Map((i?.updates ?? []).map((u) => [u.name, u]));
    const problem = typeof r === 'string' ? r : !i ? 'no answer' : i.rejected ?? step.entries
      .filter((e) => outcomes.get(e.name)?.outcome !== 'completed')
      .map((e) => `${e.name} ${outcomes.get(e.name)?.outcome ?? 'not produced'}${outcomes.get(e.name)?.error ? ` (${outcomes.get(e.name)!.error})` : ''}`).join('; ');
    if (problem) return warn(ledger, inst, `could not replay ${names} (nor the updates after it): ${problem}`, problem);
  }
}

/** Brings a process that just attached to its app's release, then releases its start. */
export async function catchUp(ledger: Ledger, inst: Instance, fleet: FleetCatchUp | null): Promise<void> {
  const app = inst.config.name;
  const pid = inst.pid;
  const who = `${app}[${inst.index}]`;
  await ledger.locks.run(app, `start of ${who}`, 'catch-up', async (locked) => {
    if (inst.pid !== pid) return;
    if (!locked) warn(ledger, inst, `waited ${CATCH_UP_WAIT_MS / 1000} s for the ${ledger.locks.holder(app) ?? 'change'} under way: it takes requests without it`, 'release lock wait timed out');
    if (inst.config.updates.replay) await replayMissing(ledger, inst);
    if (fleet && inst.pid === pid) {
      const replayed = new Set(ledger.applied(inst).map((a) => a.update_id));
      await fleet(inst, replayed).catch((err: Error) => ledger.host.log.write('daemon.warning', `fleet catch-up of ${who}: ${err.message}`, { app, instance: inst.index, error: err.message }, 'warn'));
    }
    if (inst.pid !== pid) return;
    ledger.join(inst);
    inst.send({ type: 'release' });
    if (inst.config.updates.replay && !ledger.runsRelease(inst)) warn(ledger, inst, `takes requests with code that differs from its app's release ${ledger.releaseId(app)}`, 'not on the release');
  }, {
    limitMs: CATCH_UP_WAIT_MS,
    waiting: (holder) => ledger.host.log.write('update.waiting', `${who} waits for the ${holder} under way before it takes requests`, { app, instance: inst.index, pid: pid ?? undefined, reason: holder }),
  });
}
