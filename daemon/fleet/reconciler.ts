// One app's reconcile loop on a host (SPEC 8, Reconciliation; issue 19 item 1): poked whenever
// etcd or the app changes (and every 30 s), it asks desired-state.ts what to do next, does it, and
// asks again until nothing is left, one action at a time (an app is never changed by two fleet
// actions at once). An action that failed is not tried again until something it depends on changed
// (an undo blocked by a local update on top waits for that update to go, not for a timer).
import { fleetUpdateId, type OrderResult, type ReleaseEntry, type ResultAction, type RetiredEntry, type RolloutPointer, type StoredUpdate } from '../../protocol/fleet';
import type { AgentDeps } from './host-port';
import type { Checked } from './etcd-records';
import { isRunning, nextActions, type Action, type AppInputs, type OrderSeen } from './desired-state';
import { isUpdateOf } from './local-release';

export interface ReconcileContext {
  host: string;
  deps: AgentDeps;
  stopped(): boolean;
  view(app: string): { release: ReleaseEntry[] | null; retired: RetiredEntry[]; pointer: RolloutPointer | null; releaseProblem: string | null };
  orders(app: string): Promise<OrderSeen[]>;
  storedUpdate(sha256: string): Promise<Checked<StoredUpdate>>;
  writeResult(seen: OrderSeen, action: ResultAction, result: OrderResult): Promise<void>;
  /** The app's pointer as the watch has it now (a --min-healthy wait is cut short when it moves). */
  pointer(app: string): RolloutPointer | null;
  /** etcd still has the rollout's plan (a revert result of a pruned rollout would never be deleted). */
  rolloutKnown(rollout: string): Promise<boolean>;
  /** The app's pointer read from etcd now (and kept in the view). */
  readPointer(app: string): Promise<RolloutPointer | null>;
}

/** Bound on one pass: a loop that never settles says so instead of spinning. */
const MAX_STEPS = 100;

const actionKey = (a: Action): string => {
  switch (a.kind) {
    case 'undo': return `undo ${a.target.update_id}`;
    case 'catch-up': return `catch-up ${fleetUpdateId(a.entry.rollout, a.entry.sha256)}`;
    case 'verify': return 'verify';
    default: return `${a.kind} ${a.seen.key}`;
  }
};

export class Reconciler {
  private running = false;
  private again = false;
  private stoppedHere = false;
  /** Actions that failed, with the inputs they failed under: not tried again under the same ones. */
  private readonly failedUnder = new Map<string, string>();
  private lastReleaseProblem: string | null = null;

  constructor(private readonly app: string, private readonly ctx: ReconcileContext) {}

  stop(): void {
    this.stoppedHere = true;
  }

  poke(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void (async () => {
      // After the events of the same etcd revision (a release and a pointer written together) are all in.
      await new Promise((r) => setImmediate(r));
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again && !this.done());
      } catch (err) {
        this.ctx.deps.event('daemon.warning', `fleet: reconcile of ${this.app}: ${(err as Error).message}; tried again at the next change`, { host: this.ctx.host, app: this.app, error: (err as Error).message }, 'warn');
      } finally {
        this.running = false;
      }
    })();
  }

  private done(): boolean {
    return this.stoppedHere || this.ctx.stopped();
  }

  private async inputs(): Promise<AppInputs> {
    const { deps } = this.ctx;
    const orders = await this.ctx.orders(this.app);
    const view = this.ctx.view(this.app);
    if (view.releaseProblem && view.releaseProblem !== this.lastReleaseProblem) {
      deps.event('fleet.result', `${this.app}: cannot catch up with the fleet release: ${view.releaseProblem}`, { host: this.ctx.host, app: this.app }, 'warn');
    }
    this.lastReleaseProblem = view.releaseProblem;
    return {
      app: this.app, release: view.release, retired: view.retired, pointer: view.pointer,
      orders,
      inForce: deps.release.inForce(this.app),
      failedHere: new Set(deps.memory.failedHere(this.app).map((f) => f.update_id)),
      unverified: deps.memory.unverified(this.app),
      claimed: (key) => deps.memory.claimed(claimOf(key)),
      settled: deps.release.settled(this.app),
      online: deps.release.online(this.app),
    };
  }

  private async pass(): Promise<void> {
    for (let step = 0; step < MAX_STEPS && !this.done(); step++) {
      const s = await this.inputs();
      const under = JSON.stringify([this.ctx.deps.release.fingerprint(this.app), s.pointer, s.retired.length, s.release?.length, s.online, s.settled]);
      const next = nextActions(s).find((a) => this.failedUnder.get(actionKey(a)) !== under);
      if (!next) return;
      const ok = await this.run(next, s);
      if (ok) this.failedUnder.delete(actionKey(next));
      else this.failedUnder.set(actionKey(next), under);
    }
  }

  private fields(extra: Record<string, string | undefined> = {}) {
    return { host: this.ctx.host, app: this.app, ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)) };
  }

  /** Carries one action out; false when it failed (not tried again under the same inputs). */
  private async run(a: Action, s: AppInputs): Promise<boolean> {
    const { deps } = this.ctx;
    const at = Date.now();
    switch (a.kind) {
      case 'refuse':
        // The pointer as etcd has it now, not as the watch last said (an order can arrive first).
        if (isRunning(await this.ctx.readPointer(this.app), a.seen.order)) return true;
        await this.ctx.writeResult(a.seen, a.seen.order.action, { outcome: 'refused', error: `stale order, not applied: ${a.why}`, at });
        return true;
      case 'complete':
        await this.ctx.writeResult(a.seen, a.seen.order.action, { outcome: 'completed', note: a.note, at });
        return true;
      case 'recover':
        await this.ctx.writeResult(a.seen, a.seen.order.action, recovered(a.seen, s));
        return true;
      case 'report-revert':
        await this.ctx.writeResult(a.seen, 'revert', { outcome: 'rolledback', at });
        return true;
      case 'report-failure': {
        const id = fleetUpdateId(a.seen.order.rollout, a.seen.order.sha256);
        const why = deps.memory.failedHere(this.app).find((f) => f.update_id === id)?.error ?? 'failed on this host';
        await this.ctx.writeResult(a.seen, 'apply', { outcome: 'failed', error: `failed after it completed: ${why}`, at });
        return true;
      }
      case 'apply':
      case 'remove':
        return this.order(a);
      case 'undo': {
        deps.event('fleet.order', `undoing ${a.target.names.join(', ')} of rollout ${a.target.rollout} on ${this.app}: ${a.why}`, this.fields({ rollout: a.target.rollout }));
        const error = await deps.undo(this.app, a.target) ?? stillInForce(deps, this.app, a.target.update_id);
        // The rollout that was reverted learns it from its hosts, order or not (etcd may have lost
        // the orders with its data: row 3e), as long as etcd still knows the rollout (not pruned).
        const reverted = (s.pointer?.phase !== 'running' && s.pointer?.rollout === a.target.rollout) || s.retired.some((r) => r.rollout === a.target.rollout && r.by === r.rollout);
        const seenOrder = s.orders.find((o) => o.order.rollout === a.target.rollout && o.order.action === 'apply')
          ?? (reverted && (await this.ctx.rolloutKnown(a.target.rollout)) ? { key: '', order: { rollout: a.target.rollout, generation: 0, app: this.app, action: 'apply' as const, sha256: '', issued_at: 0, deadline_ms: 0, min_healthy_ms: 0 } } : undefined);
        if (!error) {
          if (seenOrder && seenOrder.revert?.outcome !== 'rolledback') await this.ctx.writeResult(seenOrder, 'revert', { outcome: 'rolledback', updates: a.target.names, at: Date.now() });
          return true;
        }
        deps.event('fleet.result', `${this.app}: could not undo ${a.target.names.join(', ')} of rollout ${a.target.rollout}: ${error}`, this.fields({ rollout: a.target.rollout, outcome: 'rollback-failed', error }), 'warn');
        if (seenOrder && !seenOrder.revert) await this.ctx.writeResult(seenOrder, 'revert', { outcome: 'rollback-failed', error, at: Date.now() });
        return false;
      }
      case 'catch-up': return this.catchUp(a.entry);
      case 'verify': return this.verify(a.ids, s);
    }
  }

  /** The running rollout's order for this host: applied (or, `fleet rollback`, undone) once. */
  private async order(a: Extract<Action, { kind: 'apply' | 'remove' }>): Promise<boolean> {
    const { deps } = this.ctx;
    const o = a.seen.order;
    // Read before the claim: past the claim nothing may throw, or the order would look interrupted.
    const stored = o.action === 'apply' ? await this.ctx.storedUpdate(o.sha256) : null;
    if (!deps.memory.claim(claimOf(a.seen.key))) return true; // taken before a restart: reported by `recover`
    deps.event('fleet.order', `${o.action} order for ${o.app} from rollout ${o.rollout}`, this.fields({ rollout: o.rollout, sha256: o.sha256 }));
    let result: OrderResult;
    if (a.kind === 'remove') {
      const error = await deps.undo(this.app, a.target) ?? stillInForce(deps, this.app, a.target.update_id);
      result = error ? { outcome: 'failed', error, at: Date.now() } : { outcome: 'completed', updates: a.target.names, at: Date.now() };
    } else {
      const id = fleetUpdateId(o.rollout, o.sha256);
      const out = await deps.apply(this.app, stored!, id, {
        minHealthyMs: o.min_healthy_ms, deadlineMs: o.deadline_ms,
        cutShort: () => (isRunning(this.ctx.pointer(this.app), o) ? null : `rollout ${o.rollout} is no longer running`),
      });
      if (out.ok) {
        deps.memory.clearFailed(id);
        result = { outcome: 'completed', updates: out.names, at: Date.now(), ...(out.note ? { note: out.note } : {}) };
      } else {
        deps.memory.markFailed(this.app, id, out.error);
        result = { outcome: out.inForce ? 'rollback-failed' : 'failed', error: out.error, updates: out.names, at: Date.now() };
      }
    }
    await this.ctx.writeResult(a.seen, o.action, result);
    return true;
  }

  /** A release entry the app lacks, through the health gate; one that fails here is marked, not retried. */
  private async catchUp(e: ReleaseEntry): Promise<boolean> {
    const { deps } = this.ctx;
    const id = fleetUpdateId(e.rollout, e.sha256);
    const fields = this.fields({ rollout: e.rollout, sha256: e.sha256 });
    deps.event('fleet.order', `catching up with the fleet release of ${this.app}: ${e.name} (rollout ${e.rollout})`, fields);
    let out = await deps.apply(this.app, await this.ctx.storedUpdate(e.sha256), id, { minHealthyMs: 0, deadlineMs: 60_000, cutShort: () => null });
    if (out.ok && !deps.release.inForce(this.app).some((u) => u.update_id === id)) {
      out = { ok: false, error: 'it completed, but the app\'s release does not have it', names: out.names, inForce: false };
    }
    if (out.ok) deps.memory.clearFailed(id);
    else deps.memory.markFailed(this.app, id, out.error);
    deps.event('fleet.result', `${this.app}: caught up with ${e.name}: ${out.ok ? 'completed' : `failed (${out.error})`}`, { ...fields, outcome: out.ok ? 'completed' : 'failed', ...(out.ok ? {} : { error: out.error }) }, out.ok ? 'info' : 'warn');
    return out.ok;
  }

  /**
   * Fleet updates a starting instance got before it was online (no health check could run then):
   * the app's health now, and the newest of them undone (and marked failed here) while it is not.
   */
  private async verify(ids: string[], s: AppInputs): Promise<boolean> {
    const { deps } = this.ctx;
    const why = await deps.unhealthy(this.app);
    if (!why) {
      deps.memory.setUnverified(this.app, []);
      return true;
    }
    const newest = ids[ids.length - 1];
    const target = s.inForce.find((u) => u.update_id === newest);
    deps.event('fleet.result', `${this.app}: unhealthy after catching up with the fleet release (${why}): undoing rollout ${target?.rollout ?? newest}'s update`, this.fields({ rollout: target?.rollout, outcome: 'failed', error: why }), 'warn');
    deps.memory.markFailed(this.app, newest, why);
    const error = target ? await deps.undo(this.app, target) : null;
    deps.memory.setUnverified(this.app, ids.slice(0, -1));
    return error === null;
  }
}

/** An undo that said it worked, checked against the app's release (else the loop would undo it forever). */
function stillInForce(deps: AgentDeps, app: string, updateId: string): string | null {
  return deps.release.inForce(app).some((u) => u.update_id === updateId) ? 'undone, but the app\'s release still has it' : null;
}

/** The claim of an order key (`…/orders/<host>/<rollout>/<action>` → `<rollout>/<action>`). */
export const claimOf = (key: string): string => key.split('/').slice(-2).join('/');

/** An order taken before this daemon restarted, reported from what is in force, never applied again. */
function recovered(seen: OrderSeen, s: AppInputs): OrderResult {
  const o = seen.order;
  const inForce = s.inForce.some((u) => isUpdateOf(u, o.rollout, o.sha256));
  const at = Date.now();
  if (o.action === 'apply') {
    if (inForce) return { outcome: 'completed', at, note: 'reported after a daemon restart' };
    // Applied, then undone when its rollout reverted (its result was lost with etcd's data: row 3e).
    if (seen.revert?.outcome === 'rolledback') return { outcome: 'completed', at, note: 'applied, then reverted (its first result was lost)' };
    return { outcome: 'failed', error: 'the daemon stopped while applying this order; it is not applied again', at };
  }
  return s.inForce.some((u) => o.sha256.startsWith(u.sha16)) ? { outcome: 'failed', error: 'the daemon stopped while rolling back; the update is still in force', at } : { outcome: 'completed', at };
}
