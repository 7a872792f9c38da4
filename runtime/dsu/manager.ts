// Pymoult's manager algorithm, shared by the polled Manager and the ThreadedManager:
// begin → requirements (yes / no → postpone / never → abort) → preupdateSetup → alterability
// (→ cleanFailedAlterability + postpone) → suspend tasks → apply → preresumeSetup → resume tasks
// → over → cleanup → completed. A failure inside apply/preresumeSetup undoes the journal.
import { emit } from '../core/events';
import { errorMessage, MoultRuntimeError } from '../core/errors';
import { runHook } from './hook-deadline';
import { Journal, openJournal } from '../core/journal';
import { markApplied, recordCompleted } from './ledger';
import type { DsuTask } from './task';
import { noteAdded, type Update } from './update';
import type { EventFields } from '../../protocol/events';

export interface ManagerOptions {
  name?: string;
  tasks?: DsuTask[];
}

export type Attempt = 'completed' | 'aborted' | 'postponed' | 'failed';

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

  protected emitFor(u: Update, event: Parameters<typeof emit>[0], msg: string, extra: EventFields = {}, level: 'info' | 'warn' | 'error' = 'info'): void {
    emit(event, msg, { update: u.name, manager: this.name, ...(u.updateId ? { update_id: u.updateId } : {}), ...extra }, level);
  }

  /** One try at `u`, in Pymoult's order; `style` picks the wait… or check… hooks. */
  protected async attempt(u: Update, style: 'wait' | 'check'): Promise<Attempt> {
    running = u;
    try {
      this.emitFor(u, 'update.begin', `manager ${this.name} beginning update ${u.name}`);
      const req = await runHook(u, 'checkRequirements', () => u.checkRequirements());
      if (req === 'never') {
        this.emitFor(u, 'update.aborted', `update ${u.name} could not meet its requirements: aborting`, { reason: 'requirements' });
        return 'aborted';
      }
      if (req !== 'yes') return this.postpone(u, 'requirements');
      await runHook(u, 'preupdateSetup', () => u.preupdateSetup());
      let reached: boolean;
      try {
        reached = style === 'wait'
          ? await runHook(u, 'waitAlterability', () => u.waitAlterability(), u.maxTries * u.sleepTime)
          : await runHook(u, 'checkAlterability', () => u.checkAlterability());
      } catch (err) {
        await this.quietly(() => runHook(u, 'cleanFailedAlterability', () => u.cleanFailedAlterability()));
        throw err;
      }
      if (!reached) {
        await this.quietly(() => runHook(u, 'cleanFailedAlterability', () => u.cleanFailedAlterability()));
        return this.postpone(u, 'alterability');
      }
      this.emitFor(u, 'update.alterability.reached', `alterability for update ${u.name} reached`);
      return await this.applyReached(u, style);
    } catch (err) {
      this.emitFor(u, 'update.failed', `update ${u.name} failed: ${errorMessage(err)}`, { error: errorMessage(err) }, 'error');
      return 'failed';
    } finally {
      running = null;
    }
  }

  private async applyReached(u: Update, style: 'wait' | 'check'): Promise<Attempt> {
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
      this.emitFor(u, 'update.applied', `update ${u.name} applied${via ? ` (via ${via})` : ''}`, via ? { via } : {});
      await runHook(u, 'preresumeSetup', () => u.preresumeSetup());
    } catch (err) {
      await this.undo(u, journal, tasks, `it failed: ${errorMessage(err)}`, true);
      this.emitFor(u, 'update.failed', `update ${u.name} failed: ${errorMessage(err)}`, { error: errorMessage(err) }, 'error');
      return 'failed';
    }
    await this.quietly(() => runHook(u, 'resumeHook', () => u.resumeHook()));
    this.resumeTasks(u, tasks);
    let over: boolean;
    try {
      over = style === 'wait'
        ? await runHook(u, 'waitOver', () => u.waitOver(), u.maxTries * u.sleepTime)
        : await runHook(u, 'checkOver', () => this.pollOver(u), u.maxTries * u.sleepTime);
    } catch (err) {
      await this.undo(u, journal, tasks, `its over check threw: ${errorMessage(err)}`, false);
      this.emitFor(u, 'update.failed', `update ${u.name} failed: ${errorMessage(err)}`, { error: errorMessage(err) }, 'error');
      return 'failed';
    }
    if (!over) {
      await this.undo(u, journal, tasks, 'its over condition was never met', false);
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

  /** The polled manager checks the over condition each time it is polled; here: until it holds. */
  protected async pollOver(u: Update): Promise<boolean> {
    return u.waitOver();
  }

  private postpone(u: Update, reason: 'requirements' | 'alterability'): Attempt {
    u.tries++;
    if (u.tries >= u.maxTries) {
      this.emitFor(u, 'update.aborted', `update ${u.name} gave up after ${u.tries} tries (${reason})`, { reason, tries: u.tries }, 'warn');
      return 'aborted';
    }
    this.emitFor(u, 'update.postponed', `update ${u.name} postponed (${reason})`, { reason, tries: u.tries });
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

/** Pymoult's non-threaded manager: the app calls applyNextUpdate() at its own points. */
export class Manager extends ManagerBase {
  private busy = false;

  async applyNextUpdate(): Promise<Attempt | null> {
    if (this.busy) return null;
    const u = this.queue.shift();
    if (!u) return null;
    this.busy = true;
    try {
      const r = await this.attempt(u, 'check');
      if (r === 'postponed') this.queue.push(u);
      return r;
    } finally {
      this.busy = false;
    }
  }

  protected override async pollOver(u: Update): Promise<boolean> {
    // Pymoult's polled manager asks checkOver; keep asking every sleepTime up to maxTries.
    for (let i = 0; i < u.maxTries; i++) {
      if (await u.checkOver()) return true;
      await new Promise<void>((r) => setTimeout(r, u.sleepTime));
    }
    return false;
  }
}
