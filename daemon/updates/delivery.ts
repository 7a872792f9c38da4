// One update module on its way into some instances (SPEC 6.1, 6.6): what the daemon sends (a job,
// read and checked once: a prepared update), and each instance's outcome as its events come in,
// until every one of them is over (completed, aborted, failed, rejected) or left on purpose. The
// router feeds it the instances' messages; the ledger reads its result, and may override an
// instance's outcome with an app-level verdict (a crash blamed on the update, an undo).
import type { InstanceUpdateResult, UpdateOutcome, UpdateResult } from '../../protocol/control';
import type { LogEvent } from '../../protocol/events';
import type { Instance } from '../instances/instance';
import type { UpdateJob } from './prepare';

/** An update read and checked, ready to be sent to instances (once or, for replays, again). */
export interface ReadyUpdate {
  job: UpdateJob;
  name: string;
  /** What the instances load (TypeScript already stripped), and the local files it loads. */
  source: string;
  files: Record<string, string>;
  sha256: string;
  update_id: string;
}

interface Tracking {
  inst: Instance;
  loaded: string[] | null;
  outcomes: Map<string, { outcome: UpdateOutcome; error?: string }>;
  rejected?: string;
  /** Stopped on purpose (reload, scale down, stop) before it was done: no longer counted. */
  left?: boolean;
}

/** One module on its way into some instances; `settled` once every one of them is done with it. */
export interface Delivery {
  readonly update_id: string;
  /** The update's name (the file's, or `patch:<target>`). */
  readonly name: string;
  readonly job: UpdateJob;
  /** Each instance's outcome so far (`pending` where it is not over). */
  result(): UpdateResult;
  readonly settled: Promise<UpdateResult>;
  /** An app-level verdict replaces an instance's outcome (a crash blamed on it, an undo). */
  override(inst: Instance, outcome: UpdateOutcome, error: string): void;
}

export class Tracked implements Delivery {
  readonly tracks: Map<Instance, Tracking>;
  readonly settled: Promise<UpdateResult>;
  private done!: (r: UpdateResult) => void;
  private over = false;
  readonly sentAt = Date.now();

  constructor(private readonly prepared: ReadyUpdate, instances: Instance[], readonly progress: (e: LogEvent) => void, private readonly onOver: (d: Tracked) => void) {
    this.tracks = new Map(instances.map((inst) => [inst, { inst, loaded: null, outcomes: new Map() }]));
    this.settled = new Promise((resolve) => { this.done = resolve; });
  }

  get update_id(): string { return this.prepared.update_id; }
  get job(): UpdateJob { return this.prepared.job; }
  get name(): string { return this.prepared.name; }

  result(): UpdateResult {
    const { job, sha256, update_id } = this.prepared;
    return {
      update_id, app: job.app, file: job.file, sha256,
      instances: [...this.tracks.values()].filter((t) => !t.left).map((t): InstanceUpdateResult => ({
        instance: t.inst.index,
        pid: t.inst.pid,
        answered: t.loaded !== null || t.rejected !== undefined,
        ...(t.rejected ? { rejected: t.rejected } : {}),
        updates: (t.loaded ?? []).map((n) => ({ name: n, outcome: t.outcomes.get(n)?.outcome ?? 'pending', ...(t.outcomes.get(n)?.error ? { error: t.outcomes.get(n)!.error } : {}) })),
      })),
    };
  }

  private static isSettled(t: Tracking): boolean {
    return t.left === true || t.rejected !== undefined || (t.loaded !== null && t.loaded.every((n) => t.outcomes.has(n)));
  }

  check(): void {
    if (this.over || ![...this.tracks.values()].every(Tracked.isSettled)) return;
    this.over = true;
    this.onOver(this);
    this.done(this.result());
  }

  override(inst: Instance, outcome: UpdateOutcome, error: string): void {
    const t = this.tracks.get(inst);
    if (!t) return;
    if (t.loaded === null) t.rejected ??= error;
    else for (const n of t.loaded) t.outcomes.set(n, { outcome, error });
    this.check();
  }

  /** The instance's process ended: on purpose (it leaves the count), or not (what was pending failed). */
  exited(inst: Instance, onPurpose: boolean): void {
    const t = this.tracks.get(inst);
    if (!t || Tracked.isSettled(t)) return;
    if (onPurpose) t.left = true;
    else if (t.loaded === null) t.rejected = 'the instance exited before loading the update';
    else for (const n of t.loaded) if (!t.outcomes.has(n)) t.outcomes.set(n, { outcome: 'failed', error: 'the instance exited' });
    this.check();
  }
}

/** The delivery's result once it is over, or as it stands after `ms` (then some are pending). */
export function answerWithin(d: Delivery, ms: number): Promise<UpdateResult> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(d.result()), ms);
    void d.settled.then((r) => { clearTimeout(timer); resolve(r); });
  });
}
