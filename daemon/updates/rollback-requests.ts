// `moult rollback` and health-gated rollbacks: one request per instance, answered by its runtime.
// A cold rollback (irreversible update) restarts the instance, but only once it has answered, so
// that the command still gets its outcome; an instance that exits first answers "exited".
import crypto from 'node:crypto';
import type { RollbackOutcome } from '../../protocol/control';
import type { FromRuntime } from '../../protocol/runtime-channel';
import type { Instance } from '../instances/instance';

type Answer = { ok: boolean; update?: string; update_id?: string; mode?: 'hot' | 'cold'; error?: string };

const ANSWER_TIMEOUT_MS = 60_000;

export class RollbackRequests {
  private readonly waiters = new Map<string, { inst: Instance; done: (r: Answer) => void }>();
  /** Instances whose cold rollback waits for their answer before the restart. */
  private readonly coldPending = new Map<Instance, string>();

  constructor(private readonly restartWithout: (inst: Instance, update: string) => Promise<void>) {}

  request(instances: Instance[], update?: string, reason?: string): Promise<RollbackOutcome[]> {
    return Promise.all(instances.map((inst) => new Promise<RollbackOutcome>((resolve) => {
      const request_id = crypto.randomUUID();
      const timer = setTimeout(() => done({ ok: false, error: `no answer within ${ANSWER_TIMEOUT_MS / 1000} s` }), ANSWER_TIMEOUT_MS);
      const done = (r: Answer): void => {
        clearTimeout(timer);
        if (!this.waiters.delete(request_id)) return;
        const cold = this.coldPending.get(inst);
        if (cold !== undefined) {
          this.coldPending.delete(inst);
          void this.restartWithout(inst, cold);
        }
        resolve({ instance: inst.index, ok: r.ok, ...(r.update ? { update: r.update } : {}), ...(r.update_id ? { update_id: r.update_id } : {}), ...(r.mode ? { mode: r.mode } : {}), ...(r.error ? { error: r.error } : {}) });
      };
      this.waiters.set(request_id, { inst, done });
      if (!inst.send({ type: 'rollback', request_id, ...(update ? { update } : {}), ...(reason ? { reason } : {}) })) done({ ok: false, error: 'the instance is not attached' });
    })));
  }

  onResult(msg: Extract<FromRuntime, { type: 'rollback.result' }>): void {
    this.waiters.get(msg.request_id)?.done(msg);
  }

  /** The runtime rolled an update back cold: restart now, or after the pending answer. */
  onCold(inst: Instance, update: string): void {
    if ([...this.waiters.values()].some((w) => w.inst === inst)) this.coldPending.set(inst, update);
    else void this.restartWithout(inst, update);
  }

  /** The instance is gone: its pending requests can no longer be answered. */
  onExit(inst: Instance): void {
    for (const w of [...this.waiters.values()]) if (w.inst === inst) w.done({ ok: false, error: 'the instance exited before answering' });
  }
}
