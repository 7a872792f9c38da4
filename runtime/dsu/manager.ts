// Pymoult's manager algorithm, in steps shared by the polled Manager (polled-manager.ts) and the
// ThreadedManager (threaded-manager.ts): begin → requirements (yes / no → postpone / never →
// abort) → preupdateSetup → alterability (→ cleanFailedAlterability + postpone) → suspend tasks →
// apply → preresumeSetup → resume tasks → over → cleanup → completed. A failure inside
// apply/preresumeSetup, or an over condition never met, undoes the journal.
import { emit } from '../core/events';
import { errorMessage, MoultRuntimeError } from '../core/errors';
import { runHook } from './hook-deadline';
import { Journal, openJournal } from '../core/journal';
import { markApplied, recordCompleted } from './ledger';
import type { DsuTask } from './task';
import { noteAdded, type Update } from './update';
import type { FieldsOf, UpdateEventName } from '../../protocol/events';

export interface ManagerOptions {
  name?: string;
  tasks?: DsuTask[];
}

/**
 * What one call of a manager's algorithm ended with. `waiting`: the polled Manager keeps the update
 * (its setup in place) and checks again at the next poll.
 */
export type Attempt = 'completed' | 'aborted' | 'postponed' | 'failed' | 'waiting';

/** An update that has been applied and is waiting for its over condition. */
export interface Applied { journal: Journal; tasks: DsuTask[] }

let running: Update | null = null;
/** The update whose hooks are running now (low-level mechanisms read its maxTries / sleepTime). */
export function currentUpdate(): Update | null {
  return running;
}

// Process-wide registry of managers by name (Pymoult's fetchManager), and the default one.
const managers = new Map<string, ManagerBase>();
let firstManager: ManagerBase | null = null;
let makeDefault: (() => ManagerBase) | null = null;

function registerManager(m: ManagerBase): void {
  managers.set(m.name, m);
  if (!firstManager && m.name !== 'default') firstManager = m;
}

export function setDefaultManagerFactory(f: () => ManagerBase): void {
  makeDefault = f;
}

export function fetchManager(name: string): ManagerBase | undefined {
  if (name === 'default' && !managers.has('default') && makeDefault) return makeDefault();
  return managers.get(name);
}

/** SPEC 6.1: the named manager, else the first the app created, else the default one. */
export function targetManager(name?: string): ManagerBase | undefined {
  if (name) return fetchManager(name);
  return firstManager ?? fetchManager('default');
}

let managerCounter = 0;

export abstract class ManagerBase {
  readonly name: string;
  tasks: DsuTask[];
  protected queue: Update[] = [];
  readonly applied: string[] = [];

  constructor(opts: ManagerOptions = {}) {
    this.name = opts.name ?? `manager-${++managerCounter}`;
    this.tasks = opts.tasks ?? [];
    registerManager(this);
  }

  addUpdate(update: Update): void {
    if (!update || typeof update.apply !== 'function') throw new MoultRuntimeError('EBADUPDATE', `manager ${this.name}: addUpdate expects an Update`);
    if (!update.definesAlterability()) {
      throw new MoultRuntimeError('ENOALTERABILITY', `update ${update.name} defines neither waitAlterability nor checkAlterability: the manager cannot know when it may apply it`);
    }
    noteAdded(update);
    this.queue.push(update);
    this.emitFor(update, 'update.queued', `update ${update.name} added to manager ${this.name}'s queue`);
    this.wake();
  }

  get pending(): readonly Update[] {
    return this.queue;
  }

  protected wake(): void {}

  protected emitFor<E extends UpdateEventName>(u: Update, event: E, msg: string, extra?: FieldsOf<E>, level: 'info' | 'warn' | 'error' = 'info'): void {
    emit<E>(event, msg, { update: u.name, manager: this.name, ...(u.updateId ? { update_id: u.updateId } : {}), ...extra } as FieldsOf<E>, level);
  }

  /** Runs fn with `u` as the running update (low-level mechanisms read its patience). */
  protected async as<T>(u: Update, fn: () => Promise<T>): Promise<T> {
    running = u;
    try {
      return await fn();
    } finally {
      running = null;
    }
  }

  protected begin(u: Update): void {
    this.underWay = u;
    this.emitFor(u, 'update.begin', `manager ${this.name} beginning update ${u.name}`);
  }

  /** The update begun last, until it ends for good (a postponed one is still under way). */
  protected underWay: Update | null = null;
  private overWaiters = new Map<Update, ((r: Attempt) => void)[]>();

  /** Called with each outcome of an update: completed, failed and aborted end it for good. */
  protected outcome(u: Update, r: Attempt): Attempt {
    if (r === 'completed' || r === 'failed' || r === 'aborted') {
      if (u === this.underWay) this.underWay = null;
      const waiters = this.overWaiters.get(u);
      this.overWaiters.delete(u);
      for (const w of waiters ?? []) w(r);
    }
    return r;
  }

  /**
   * Pymoult's wait_current_update(): resolves when the update under way (else the first one
   * queued) has ended for good, with its outcome; at once with null when there is none. Waiting
   * does not keep the app alive.
   */
  waitCurrentUpdate(): Promise<Attempt | null> {
    const u = this.underWay ?? this.queue[0];
    if (!u) return Promise.resolve(null);
    return new Promise((resolve) => {
      const list = this.overWaiters.get(u) ?? [];
      list.push(resolve);
      this.overWaiters.set(u, list);
    });
  }

  /** Requirements, then preupdateSetup: 'setup' when the update may go on waiting for alterability. */
  protected async requirements(u: Update): Promise<'setup' | Attempt> {
    const req = await runHook(u, 'checkRequirements', () => u.checkRequirements());
    if (req === 'never') {
      this.emitFor(u, 'update.aborted', `update ${u.name} could not meet its requirements: aborting`, { reason: 'requirements' });
      return 'aborted';
    }
    if (req !== 'yes') return this.postpone(u, 'requirements');
    await runHook(u, 'preupdateSetup', () => u.preupdateSetup());
    return 'setup';
  }

  /** Alterability was not reached: undo the setup, and the update waits its turn again. */
  protected async alterabilityFailed(u: Update, err?: unknown): Promise<Attempt> {
    await this.quietly(() => runHook(u, 'cleanFailedAlterability', () => u.cleanFailedAlterability()));
    if (err !== undefined) return this.failed(u, err);
    return this.postpone(u, 'alterability');
  }

  protected failed(u: Update, err: unknown): 'failed' {
    this.emitFor(u, 'update.failed', `update ${u.name} failed: ${errorMessage(err)}`, { error: errorMessage(err) }, 'error');
    return 'failed';
  }

  /** Alterability reached: tasks held, apply (journaled), preresumeSetup, tasks resumed. */
  protected async applyReached(u: Update): Promise<Applied | 'failed'> {
    this.emitFor(u, 'update.alterability.reached', `alterability for update ${u.name} reached`);
    const tasks = u.tasks ?? this.tasks;
    const journal = new Journal();
    this.suspendTasks(u, tasks);
    await this.quietly(() => runHook(u, 'pauseHook', () => u.pauseHook()));
    try {
      openJournal(journal);
      try {
        await runHook(u, 'apply', () => u.apply());
      } finally {
        openJournal(null);
      }
      const via = [...u.via].join('+');
      this.emitFor(u, 'update.applied', `update ${u.name} applied${via ? ` (via ${via})` : ''}`, { ...(via ? { via } : {}), ...u.appliedDetail() });
      await runHook(u, 'preresumeSetup', () => u.preresumeSetup());
    } catch (err) {
      await this.undo(u, journal, tasks, `it failed: ${errorMessage(err)}`, true);
      return this.failed(u, err);
    }
    await this.quietly(() => runHook(u, 'resumeHook', () => u.resumeHook()));
    this.resumeTasks(u, tasks);
    return { journal, tasks };
  }

  /** The over condition held (completed), was never met or threw (undone, failed). */
  protected async finish(u: Update, applied: Applied, over: boolean | { error: unknown }): Promise<Attempt> {
    const { journal, tasks } = applied;
    if (over !== true) {
      const error = over === false ? undefined : over.error;
      await this.undo(u, journal, tasks, error === undefined ? 'its over condition was never met' : `its over check threw: ${errorMessage(error)}`, false);
      if (error !== undefined) return this.failed(u, error);
      this.emitFor(u, 'update.failed', `update ${u.name} never met its over condition`, { error: 'over condition not met' }, 'error');
      return 'failed';
    }
    this.emitFor(u, 'update.over', `update ${u.name} over condition met`);
    await runHook(u, 'cleanup', () => u.cleanup());
    this.applied.push(u.name);
    markApplied(u.name);
    recordCompleted({ update: u, journal, manager: this });
    this.emitFor(u, 'update.completed', `update ${u.name} successfully completed`);
    if (u.replay) this.emitFor(u, 'update.replayed', `update ${u.name} re-applied after a restart`);
    return 'completed';
  }

  /**
   * Undoes an update's journal in reverse with its tasks held, then runs its rollback() hook
   * (SPEC 6.2). An irreversible journal cannot be undone in place: `cold` asks the daemon to
   * restart the instance without the update.
   */
  async undo(u: Update, journal: Journal, tasks: DsuTask[], why: string, tasksHeld: boolean): Promise<void> {
    const mode = journal.reversible ? 'hot' : 'cold';
    if (!tasksHeld) {
      this.suspendTasks(u, tasks);
      await this.quietly(() => runHook(u, 'pauseHook', () => u.pauseHook()));
    }
    let steps = 0;
    let error: string | undefined;
    try {
      steps = mode === 'hot' ? journal.undo() : 0;
    } catch (err) {
      error = errorMessage(err);
    }
    await this.quietly(() => runHook(u, 'rollback', () => u.rollback()));
    this.emitFor(u, 'update.rolledback', `update ${u.name} rolled back ${mode} (${steps} step${steps === 1 ? '' : 's'} undone) because ${why}${error ? `; undo failed: ${error}` : ''}`,
      { mode, steps, ...(error ? { error } : {}) }, 'warn');
    await this.quietly(() => runHook(u, 'resumeHook', () => u.resumeHook()));
    this.resumeTasks(u, tasks);
    if (this.applied.includes(u.name) && !tasksHeld) this.applied.splice(this.applied.lastIndexOf(u.name), 1);
  }

  /** `moult rollback`: undoes a completed update of this manager. */
  async rollbackCompleted(u: Update, journal: Journal, reason: string): Promise<void> {
    await this.undo(u, journal, u.tasks ?? this.tasks, reason, false);
  }

  /**
   * Pymoult's postpone(): the update goes to the back of the queue, to be tried again however
   * many times it was postponed (neither of Pymoult's managers counts postponements; SPEC 4: only
   * requirements answered `never` abort). maxTries bounds one wait, not the update's life.
   */
  protected postpone(u: Update, reason: 'requirements' | 'alterability'): Attempt {
    u.tries++;
    this.emitFor(u, 'update.postponed', `update ${u.name} postponed (${reason})`, { reason, tries: u.tries });
    // Pymoult's postpone() adds the update again, which logs it as queued.
    this.queue.push(u);
    this.emitFor(u, 'update.queued', `update ${u.name} added to manager ${this.name}'s queue again`, { tries: u.tries });
    return 'postponed';
  }

  private suspendTasks(u: Update, tasks: DsuTask[]): void {
    for (const t of tasks) {
      if (t.suspended) {
        this.emitFor(u, 'task.already_suspended', `manager ${this.name} found task ${t.name} already suspended`, { task: t.name });
      } else {
        t.suspend();
        this.emitFor(u, 'task.suspended', `manager ${this.name} suspended task ${t.name}`, { task: t.name });
      }
    }
  }

  private resumeTasks(u: Update, tasks: DsuTask[]): void {
    for (const t of tasks) {
      t.resume();
      this.emitFor(u, 'task.resumed', `manager ${this.name} resumed task ${t.name}`, { task: t.name });
    }
  }

  /** Hooks whose failure must not mask the outcome already decided. */
  private async quietly(fn: () => unknown): Promise<void> {
    try {
      await fn();
    } catch (err) {
      emit('runtime.warning', `a hook of update ${running?.name} threw: ${errorMessage(err)}`, { update: running?.name, error: errorMessage(err) }, 'warn');
    }
  }
}
