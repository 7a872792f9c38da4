// `moult update` / `moult patch` to a whole app (SPEC 6.6): under the app's release lock, the
// update goes to every instance that reached the release. Each update the module produced is its
// own transaction, as in Pymoult (one may complete while another is aborted), but the same on every
// instance: an update that completed on some instances and not on others splits the app, and then
// the module is undone wherever it completed (one version at a time, never some instances with it
// and some without) and reported failed. The client may stop waiting before that (`--timeout`,
// `--no-wait`): the lock is held until the update is over everywhere.
import type { LogEvent } from '../../protocol/events';
import type { UpdateResult } from '../../protocol/control';
import { DaemonError } from '../control/errors';
import type { Delivery } from './delivery';
import type { UpdateJob } from './prepare';
import type { Ledger } from './ledger';
import { converge } from './convergence';
import { untilLeavingGone } from './leaving-instances';

/** An update not over after this long in some instance is failed there (the lock must end). */
const SETTLE_LIMIT_MS = 10 * 60_000;

const completedIn = (i: UpdateResult['instances'][number], name: string): boolean => i.updates.some((u) => u.name === name && u.outcome === 'completed');

/** The first instance that lacks `name` where others have it, and why. */
function whyNot(r: UpdateResult, name: string): { instance: number; why: string } {
  const i = r.instances.find((x) => !completedIn(x, name))!;
  const u = i.updates.find((x) => x.name === name);
  return { instance: i.instance, why: i.rejected ? `rejected: ${i.rejected}` : u ? `${name} ${u.outcome}${u.error ? ` (${u.error})` : ''}` : `${name} never produced` };
}

/** Once every instance is over: kept if it completed everywhere, else undone where it completed. */
async function settle(ledger: Ledger, d: Delivery): Promise<UpdateResult> {
  const limit = setTimeout(() => {
    for (const i of d.result().instances) {
      if (!i.answered || i.updates.some((u) => u.outcome === 'pending')) {
        const inst = ledger.targets(d.job.app).find((x) => x.index === i.instance && x.pid === i.pid);
        if (inst) d.override(inst, 'failed', `no outcome within ${SETTLE_LIMIT_MS / 60_000} minutes`);
      }
    }
  }, SETTLE_LIMIT_MS);
  const r = await d.settled.finally(() => clearTimeout(limit));
  const app = d.job.app;
  const names = [...new Set(r.instances.flatMap((i) => i.updates.map((u) => u.name)))];
  const somewhere = (n: string): boolean => r.instances.some((i) => completedIn(i, n));
  const split = names.filter((n) => somewhere(n) && !r.instances.every((i) => completedIn(i, n)));
  if (!split.length) {
    // The same everywhere. What completed nowhere (undone by the health gate) is not in force.
    const nowhere = names.filter((n) => !somewhere(n));
    if (nowhere.length && ledger.retire(app, d.update_id, 'failed', nowhere)) ledger.save();
    return r;
  }
  // Split: the module is no longer the app's (never replayed) and is undone where it completed.
  if (ledger.retire(app, d.update_id, 'failed')) ledger.save();
  const problem = whyNot(r, split[0]);
  const reason = `it did not complete on every instance of ${app} (${app}[${problem.instance}]: ${problem.why})`;
  ledger.host.log.write('update.failed', `update ${d.name} is undone on every instance of ${app}: ${reason}`, { app, update: d.name, update_id: d.update_id, file: d.job.file, error: reason }, 'error');
  const undone = new Set(r.instances.filter((i) => i.updates.some((u) => u.outcome === 'completed')).map((i) => i.instance));
  await converge(ledger, app, reason);
  const out = d.result();
  for (const i of out.instances) {
    if (!undone.has(i.instance)) continue;
    i.updates = i.updates.map((u) => (u.outcome === 'completed' ? { ...u, outcome: 'rolledback', error: `undone: ${reason}` } : u));
  }
  return out;
}

/** While the update waits for the lock, every instance is pending (an exit 1, never a success). */
function queued(ledger: Ledger, job: UpdateJob, update_id: string, sha256: string): UpdateResult {
  const instances = ledger.targets(job.app).map((i) => ({ instance: i.index, pid: i.pid, answered: false, updates: [] }));
  return { update_id, app: job.app, file: job.file, sha256, instances };
}

export function updateApp(ledger: Ledger, job: UpdateJob, progress: (e: LogEvent) => void): Promise<UpdateResult> {
  if (!ledger.host.instancesOf(job.app).some((i) => i.channel && (i.status === 'online' || i.status === 'launching'))) {
    throw new DaemonError('ENOTRUNNING', `no instance of ${job.app} is online`);
  }
  const prepared = ledger.router.prepare(job);
  const what = `${job.patch ? 'patch' : 'update'} ${prepared.name}`;
  return new Promise<UpdateResult>((resolve, reject) => {
    let delivery: Delivery | null = null;
    let answered = false;
    const answer = (r: UpdateResult): void => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => answer(delivery ? delivery.result() : queued(ledger, job, prepared.update_id, prepared.sha256)), job.wait ? job.timeoutMs : 0);
    const waiting = (holder: string): void => {
      ledger.host.log.write('update.waiting', `${what} for ${job.app} waits for the ${holder} under way`, { app: job.app, update: prepared.name, update_id: prepared.update_id, reason: holder });
    };
    ledger.locks.run(job.app, what, 'change', async () => {
      await untilLeavingGone(ledger, job.app, waiting);
      const targets = ledger.targets(job.app);
      if (!targets.length) throw new DaemonError('ENOTRUNNING', `no instance of ${job.app} is online`);
      delivery = ledger.router.deliver(prepared, targets, progress);
      answer(await settle(ledger, delivery));
    }, { waiting }).catch((err: Error) => {
      if (!answered) {
        answered = true;
        clearTimeout(timer);
        reject(err);
      } else {
        ledger.host.log.write('daemon.warning', `${what} for ${job.app}: ${err.message}`, { app: job.app, error: err.message }, 'warn');
      }
    });
  });
}
