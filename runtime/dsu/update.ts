// Update: Pymoult's Update and its hooks. A manager drives the hooks in Pymoult's order; every
// hook may be async. The polled Manager uses the check… hooks, the ThreadedManager the wait… ones.
import { MoultRuntimeError } from '../core/errors';
import { sleepUnref } from '../core/timers';
import { defaultHookTimeout } from './hook-deadline';
import type { DsuTask } from './task';

export type Requirement = 'yes' | 'no' | 'never';
type MaybePromise<T> = T | Promise<T>;

export interface UpdateOptions {
  name?: string;
  tasks?: DsuTask[];
}

/** Set while an update module loads, so that an unnamed update is named after its file. */
export interface LoadingContext { defaultName: string; updateId: string; added: Update[] }
let loading: LoadingContext | null = null;
export function setLoadingContext(ctx: LoadingContext | null): void {
  loading = ctx;
}

/** Managers call this from addUpdate: the loader reports which updates a module produced. */
export function noteAdded(u: Update): void {
  if (loading && !loading.added.includes(u)) loading.added.push(u);
}

export class Update {
  name: string;
  tasks: DsuTask[] | undefined;
  maxTries = 10;
  sleepTime = 1000;
  /** The daemon's id for the `moult update` that brought this update in, if any. */
  updateId: string | undefined;
  /** Times the update was postponed so far. */
  tries = 0;
  /** Re-applied after a restart of the app (durability, SPEC 6.3). */
  replay = false;
  /** How long one of its hooks may take (ms): `updates.hook_timeout`, 30 s by default. */
  hookTimeout = defaultHookTimeout();
  /**
   * How its redefinitions reached the code: through slots, through LiveEdit, or both; `recompute`:
   * a release's hooks re-ran start-up code; `instance`: a new instance of a module, forwarded to.
   */
  readonly via = new Set<'slot' | 'liveedit' | 'recompute' | 'instance'>();

  constructor(opts: UpdateOptions = {}) {
    this.name = opts.name ?? loading?.defaultName ?? this.constructor.name;
    this.tasks = opts.tasks;
    this.updateId = loading?.updateId;
  }

  setMaxTries(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new MoultRuntimeError('EBADARG', `setMaxTries: expected a positive integer, got ${n}`);
    this.maxTries = n;
  }

  setHookTimeout(ms: number): void {
    if (!(ms > 0) || ms > 2 ** 31 - 1) throw new MoultRuntimeError('EBADARG', `setHookTimeout: expected milliseconds between 1 and ${2 ** 31 - 1}, got ${ms}`);
    this.hookTimeout = ms;
  }

  setSleepTime(ms: number): void {
    if (!(ms >= 0)) throw new MoultRuntimeError('EBADARG', `setSleepTime: expected milliseconds >= 0, got ${ms}`);
    this.sleepTime = ms;
  }

  checkRequirements(): MaybePromise<Requirement> {
    return 'yes';
  }

  preupdateSetup(): MaybePromise<void> {}

  /** By default, polls checkAlterability() every sleepTime, maxTries times. */
  async waitAlterability(): Promise<boolean> {
    for (let i = 0; i < this.maxTries; i++) {
      const ok = await this.checkAlterability();
      if (ok) return true;
      if (i < this.maxTries - 1) await sleepUnref(this.sleepTime);
    }
    return false;
  }

  checkAlterability(): MaybePromise<boolean> {
    throw new MoultRuntimeError('ENOALTERABILITY', `update ${this.name} defines neither waitAlterability nor checkAlterability`);
  }

  cleanFailedAlterability(): MaybePromise<void> {}

  apply(): MaybePromise<void> {}

  preresumeSetup(): MaybePromise<void> {}

  async waitOver(): Promise<boolean> {
    for (let i = 0; i < this.maxTries; i++) {
      if (await this.checkOver()) return true;
      if (i < this.maxTries - 1) await sleepUnref(this.sleepTime);
    }
    return false;
  }

  checkOver(): MaybePromise<boolean> {
    return true;
  }

  cleanup(): MaybePromise<void> {}

  pauseHook(): MaybePromise<void> {}

  resumeHook(): MaybePromise<void> {}

  /** Runs after the journal of a failed or rolled-back update has been undone. */
  rollback(): MaybePromise<void> {}

  /** Fields added to its `update.applied` event (a release: the path each file took). */
  appliedDetail(): Partial<import('../../protocol/events').EventFields> {
    return {};
  }

  /** An update must say how it reaches alterability: Pymoult's rule, checked when it is added. */
  definesAlterability(): boolean {
    const proto = Update.prototype;
    return this.waitAlterability !== proto.waitAlterability || this.checkAlterability !== proto.checkAlterability;
  }
}
