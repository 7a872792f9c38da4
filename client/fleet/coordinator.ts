// Drives a rollout from its plan in etcd (SPEC 8), wave by wave, holding its app's lock (one
// rollout per app at a time; app-lock.ts fences every write). Everything it knows is in etcd: a
// coordinator killed at any point is replaced by `fleet resume` or `fleet abort` from any machine,
// which goes on from the plan, the progress record and the hosts' results. Per host it writes one
// order (in transactions of 64) and, rarely, a silent verdict: never the whole record again.
// When the rollout must stop (failures past --max-failures, an abort, a newer --supersede, etcd
// losing the record), the app's pointer turns `reverting` and every host that got the update
// undoes it at once; the rollout ends when each has reported or its deadline passed, in a state
// that follows from what the hosts reported (host-states.ts).
import type { Etcd3, IOperation } from 'etcd3';
import type { FleetKeys, Order, OrderAction, RolloutPointer } from '../../protocol/fleet';
import type { RolloutCause, RolloutHost, RolloutPlan, RolloutProgress, RolloutView } from '../../protocol/fleet-rollout';
import { checkProgress } from '../../protocol/fleet-records';
import { CliError } from '../errors';
import type { AppLock } from './app-lock';
import { EtcdOutages } from './etcd-outages';
import { RolloutFeed } from './rollout-feed';
import { forwardAction, hostState, rolloutView } from './host-states';
import { endTxn, type Fencing } from './rollout-end';
import { describeHold, holdBefore, pastProgressDeadline, withHold } from './wave-holds';

type Txn = ReturnType<Etcd3['if']>;

export type DriveEvent =
  | { kind: 'wave'; wave: number; hosts: string[] }
  | { kind: 'host'; wave: number; host: string; state: string; error?: string }
  | { kind: 'held'; wave: number; why: string }
  | { kind: 'reverting'; reason: string }
  | { kind: 'rollback'; host: string; state: string; error?: string }
  | { kind: 'done'; record: RolloutView };

/** A fenced write failed and the lock was taken again: go on from what etcd holds now. */
class Retaken extends Error {
  constructor(readonly wasGone: boolean) {
    super('the lock was taken again');
  }
}

const FAILED = new Set(['failed', 'refused', 'silent', 'rollback-failed']);

export class Coordinator implements Fencing {
  private readonly reported = new Set<string>();
  private emittedWave = -1;

  constructor(private readonly client: Etcd3, private readonly keys: FleetKeys, private readonly emit: (e: DriveEvent) => void, readonly outages = new EtcdOutages()) {}

  /** A transaction that commits only while `lock` is held; a lost lock is taken again (Retaken) or ends this coordinator. */
  private async write(lock: AppLock, ops: IOperation[], also?: (t: Txn) => Txn): Promise<boolean> {
    if (lock.needsRetake) throw new Retaken((await lock.retake()).wasGone);
    const r = await this.outages.retry(() => (also ? also(lock.txn()) : lock.txn()).then(...ops).commit());
    if (r.succeeded) return true;
    if (also && (await this.outages.retry(() => this.client.get(lock.key).string())) === lock.value) return false;
    throw new Retaken((await lock.retake()).wasGone);
  }

  /** The progress this coordinator last wrote: what it restores from if etcd loses the record. */
  private current: RolloutProgress | null = null;

  private putProgress(p: RolloutProgress): IOperation {
    this.current = p;
    return this.client.put(this.keys.progress(p.app, p.id)).value(JSON.stringify(p));
  }

  private putPointer(plan: RolloutPlan, phase: RolloutPointer['phase']): IOperation {
    const pointer: RolloutPointer = { rollout: plan.id, generation: plan.generation, phase };
    return this.client.put(this.keys.pointer(plan.app)).value(JSON.stringify(pointer));
  }

  async drive(plan: RolloutPlan, lock: AppLock): Promise<RolloutView> {
    const feed = new RolloutFeed(this.client, this.keys, plan.id);
    await this.outages.retry(() => feed.start());
    let progress = await this.readProgress(plan);
    if (!progress) progress = await this.restore(plan, lock, feed, 'its progress record is not in etcd');
    try {
      while (progress.phase !== 'over') {
        try {
          if (progress.phase === 'reverting') {
            await this.settleRevert(plan, progress, feed, lock);
            progress = await endTxn(this, plan, progress, feed, lock);
          } else if (feed.abort) {
            const by = feed.abort.by ? `superseded by ${feed.abort.by}` : 'superseded by a newer rollout';
            progress = await this.beginRevert(plan, progress, lock, feed.abort.cause, feed.abort.cause === 'abort' ? 'aborted by `moult fleet abort`' : by);
          } else if (progress.wave >= plan.waves.length) {
            progress = await endTxn(this, plan, { ...progress, cause: 'success' }, feed, lock);
          } else if (pastProgressDeadline(plan, progress, this.outages)) {
            progress = await this.beginRevert(plan, progress, lock, 'progress-deadline', pastProgressDeadline(plan, progress, this.outages) ?? '');
          } else if (progress.held || holdBefore(plan, progress, feed.control, Date.now())) {
            progress = await this.hold(plan, progress, feed, lock);
          } else {
            progress = await this.runWave(plan, progress, feed, lock);
          }
        } catch (err) {
          if (!(err instanceof Retaken)) throw err;
          progress = await this.afterRetake(plan, this.current ?? progress, feed, lock, err.wasGone);
        }
      }
      const view = rolloutView(plan, progress, feed.facts);
      this.emit({ kind: 'done', record: view });
      return view;
    } finally {
      await feed.stop().catch(() => {});
    }
  }

  // What rollout-end.ts needs (Fencing): the fenced write, the client and the records it puts.
  fenced(lock: AppLock, ops: IOperation[], also?: (t: Txn) => Txn): Promise<boolean> {
    return this.write(lock, ops, also);
  }
  get etcd(): Etcd3 {
    return this.client;
  }
  get fleetKeys(): FleetKeys {
    return this.keys;
  }
  progressOp(p: RolloutProgress): IOperation {
    return this.putProgress(p);
  }
  pointerOp(plan: RolloutPlan, phase: RolloutPointer['phase']): IOperation {
    return this.putPointer(plan, phase);
  }

  private async readProgress(plan: RolloutPlan): Promise<RolloutProgress | null> {
    const text = await this.outages.retry(() => this.client.get(this.keys.progress(plan.app, plan.id)).string());
    if (text === null) return null;
    const c = checkProgress(text, `rollout ${plan.id}'s progress`);
    if (!c.ok) throw new CliError(1, c.problem);
    return c.value;
  }

  /** After the lock was taken again: the record as etcd holds it now, or restored if etcd lost it. */
  private async afterRetake(plan: RolloutPlan, mine: RolloutProgress, feed: RolloutFeed, lock: AppLock, wasGone: boolean): Promise<RolloutProgress> {
    const now = await this.readProgress(plan);
    const pointer = await this.outages.retry(() => this.client.get(this.keys.pointer(plan.app)).string());
    const renewed = feed.renewed;
    feed.renewed = null;
    if (!now || pointer === null) {
      return this.restore(plan, lock, feed, `${renewed ? `a new etcd: ${renewed}` : wasGone ? 'its lock and record are gone from etcd' : 'its record is gone from etcd'}`, mine);
    }
    return now;
  }

  /**
   * SPEC 8, Reconciliation: etcd lost the rollout's record mid-way (a new or restored etcd, audit
   * row 3e): it is written again from what this coordinator knows, and the rollout is reverted,
   * so that it is reported, and the hosts that got the update undo it, instead of a silent split.
   */
  private async restore(plan: RolloutPlan, lock: AppLock, feed: RolloutFeed, why: string, mine?: RolloutProgress): Promise<RolloutProgress> {
    const reason = `etcd lost this rollout's record mid-way (${why}): restored from its coordinator and reverted`;
    const now = Date.now();
    const progress: RolloutProgress = {
      id: plan.id, app: plan.app, kind: plan.kind, name: plan.name, phase: 'reverting', wave: mine?.wave ?? 0, ordered_at: mine?.ordered_at ?? [],
      cause: 'etcd-lost', reason, state: 'reverting', created_at: plan.created_at, updated_at: now,
    };
    this.emit({ kind: 'reverting', reason });
    await this.write(lock, [this.client.put(this.keys.rollout(plan.id)).value(JSON.stringify(plan)), this.putProgress(progress), this.putPointer(plan, 'reverting')]);
    // The orders went with the data: written again, so that each host ordered so far answers
    // (it refuses a stale order, or reports what it did) instead of looking silent.
    for (const [w, at] of progress.ordered_at.entries()) if (at !== undefined && plan.waves[w]) await this.orderWave(plan, plan.waves[w], at, lock);
    return progress;
  }

  private async beginRevert(plan: RolloutPlan, progress: RolloutProgress, lock: AppLock, cause: RolloutCause, reason: string): Promise<RolloutProgress> {
    const next: RolloutProgress = { ...progress, phase: 'reverting', cause, reason, state: 'reverting', updated_at: Date.now() };
    await this.write(lock, [this.putProgress(next), this.putPointer(plan, 'reverting')]);
    this.emit({ kind: 'reverting', reason });
    return next;
  }

  private orderFor(plan: RolloutPlan, at: number): Order {
    const action: OrderAction = forwardAction(plan);
    return { rollout: plan.id, generation: plan.generation, app: plan.app, action, sha256: plan.sha256, issued_at: at, deadline_ms: plan.options.deadline_ms, min_healthy_ms: action === 'apply' ? plan.options.min_healthy_ms : 0 };
  }

  /** The wave's orders, created once each (a resumed coordinator finds them made), in transactions of 64. */
  private async orderWave(plan: RolloutPlan, hosts: string[], at: number, lock: AppLock): Promise<void> {
    const order = JSON.stringify(this.orderFor(plan, at));
    const action = forwardAction(plan);
    for (let i = 0; i < hosts.length; i += 64) {
      const chunk = hosts.slice(i, i + 64);
      const keys = chunk.map((h) => this.keys.order(h, plan.id, action));
      const all = await this.write(lock, keys.map((k) => this.client.put(k).value(order)), (t) => keys.reduce((x, k) => x.and(k, 'Create', '==', 0), t));
      if (all) continue;
      // Some were made before (a coordinator killed after writing them): the others one by one.
      for (const k of keys) await this.write(lock, [this.client.put(k).value(order)], (t) => t.and(k, 'Create', '==', 0));
    }
  }

  private states(plan: RolloutPlan, progress: RolloutProgress, feed: RolloutFeed, hosts: string[]): [string, RolloutHost][] {
    return hosts.map((h) => [h, hostState(plan, progress, h, feed.facts.get(h))]);
  }

  /**
   * Holds the rollout before its next wave while a pause, a --pause-after gate or --interval says
   * so (wave-holds.ts); each hold begins and ends with one write of the progress record.
   */
  private async hold(plan: RolloutPlan, progress: RolloutProgress, feed: RolloutFeed, lock: AppLock): Promise<RolloutProgress> {
    for (;;) {
      await this.checkLock(lock, feed);
      const now = Date.now();
      const why = holdBefore(plan, progress, feed.control, now);
      if (why !== (progress.held?.why ?? null)) {
        progress = withHold(progress, why, now);
        await this.write(lock, [this.putProgress(progress)]);
        if (why) this.emit({ kind: 'held', wave: progress.wave, why: describeHold(plan, progress) ?? why });
      }
      if (!why || feed.abort) return progress;
      const left = why === 'interval' && progress.held ? progress.held.since + (plan.options.interval_ms ?? 0) - now : 500;
      await feed.next(Math.max(10, Math.min(500, left)));
    }
  }

  /** Orders the wave, then waits until each host reported or is silent past --deadline, or the rollout must stop. */
  private async runWave(plan: RolloutPlan, progress: RolloutProgress, feed: RolloutFeed, lock: AppLock): Promise<RolloutProgress> {
    const w = progress.wave;
    const hosts = plan.waves[w];
    if (progress.ordered_at[w] === undefined) {
      const ordered_at = [...progress.ordered_at];
      ordered_at[w] = Date.now();
      progress = { ...progress, ordered_at, updated_at: Date.now() };
      // Written before the orders: a coordinator killed in between is resumed at this wave, whose hosts it then orders.
      await this.write(lock, [this.putProgress(progress)]);
    }
    if (this.emittedWave !== w) {
      this.emittedWave = w;
      this.emit({ kind: 'wave', wave: w, hosts });
    }
    const at = progress.ordered_at[w];
    const fwd = forwardAction(plan);
    await this.orderWave(plan, hosts.filter((h) => !feed.facts.get(h)?.results[fwd]), at, lock);
    const upTo = plan.waves.slice(0, w + 1).flat();
    for (;;) {
      await this.checkLock(lock, feed);
      for (const [h, s] of this.states(plan, progress, feed, hosts)) {
        if (s.state === 'ordered' && this.outages.pastDeadline(at, plan.options.deadline_ms)) {
          const error = `silent past --deadline ${plan.options.deadline_ms / 1000} s (etcd outages not counted)`;
          const verdictAt = Date.now();
          if (await this.write(lock, [this.client.put(this.keys.verdict(plan.id, h)).value(JSON.stringify({ at: verdictAt, error }))], (t) => t.and(this.keys.result(plan.id, h, fwd), 'Create', '==', 0))) {
            feed.noteVerdict(h, verdictAt, error);
          }
        }
      }
      const states = this.states(plan, progress, feed, upTo);
      for (const [h, s] of states) {
        if (s.state === 'ordered' || s.state === 'pending' || this.reported.has(h)) continue;
        this.reported.add(h);
        this.emit({ kind: 'host', wave: s.wave, host: h, state: s.state, ...('error' in s ? { error: s.error } : {}) });
      }
      const failures = states.filter(([, s]) => FAILED.has(s.state)).length;
      if (failures > plan.options.max_failures) {
        return this.beginRevert(plan, progress, lock, 'failures', `${failures} host(s) failed, over --max-failures ${plan.options.max_failures}`);
      }
      const late = pastProgressDeadline(plan, progress, this.outages);
      if (late) return this.beginRevert(plan, progress, lock, 'progress-deadline', late);
      if (feed.abort) return progress;
      if (!states.some(([, s]) => s.state === 'ordered')) break;
      await feed.next(500);
    }
    // The wave passed: the next one is written with its orders (or the end), one write a wave.
    return { ...progress, wave: w + 1 };
  }

  /** Waits until every host that got the update reverted (or reported it could not), or --deadline passed. */
  private async settleRevert(plan: RolloutPlan, progress: RolloutProgress, feed: RolloutFeed, lock: AppLock): Promise<void> {
    const started = Date.now();
    const hosts = plan.waves.flat();
    const fwd = forwardAction(plan);
    for (;;) {
      await this.checkLock(lock, feed);
      const waiting: string[] = [];
      for (const [h, s] of this.states(plan, progress, feed, hosts)) {
        const f = feed.facts.get(h);
        const reverted = f?.results.revert;
        if (reverted && !this.reported.has(`revert:${h}`)) {
          this.reported.add(`revert:${h}`);
          this.emit({ kind: 'rollback', host: h, state: s.state, ...('error' in s ? { error: s.error } : {}) });
        }
        const forward = f?.results[fwd]?.outcome;
        const mayHaveIt = forward === 'completed' || forward === 'rollback-failed' || s.state === 'ordered';
        if (!reverted && mayHaveIt && !(plan.kind === 'rollback' && forward === 'rollback-failed')) waiting.push(h);
      }
      if (!waiting.length) return;
      if (this.outages.pastDeadline(started, plan.options.deadline_ms)) {
        for (const h of waiting) {
          if (hostState(plan, progress, h, feed.facts.get(h)).state !== 'ordered') continue;
          const error = `silent past --deadline ${plan.options.deadline_ms / 1000} s: it undoes the update when it is back`;
          if (await this.write(lock, [this.client.put(this.keys.verdict(plan.id, h)).value(JSON.stringify({ at: Date.now(), error }))])) feed.noteVerdict(h, Date.now(), error);
        }
        return;
      }
      await feed.next(500);
    }
  }

  /** A cheap look at etcd each turn: an outage is noticed (and not counted), a lost lock is taken again. */
  private async checkLock(lock: AppLock, feed: RolloutFeed): Promise<void> {
    const value = await this.outages.retry(() => this.client.get(lock.key).string());
    if (value !== lock.value || lock.needsRetake) throw new Retaken((await lock.retake()).wasGone);
    if (feed.renewed) throw new Retaken(true);
  }
}
