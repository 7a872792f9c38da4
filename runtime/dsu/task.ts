// DsuTask: Pymoult's DSU_Thread on the event loop. A task is a long-running async function whose
// update points (`await updatePoint()`) are where it may be suspended, rebooted, or run an
// active update. The current task is found through AsyncLocalStorage, so updatePoint() needs no
// argument, as in Pymoult.
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { scriptPath, stackFrames, type CallSiteLike } from '../core/call-sites';
import { emit } from '../core/events';
import { RebootError, errorMessage } from '../core/errors';
import { holdAlive, sleepUnref } from '../core/timers';

type Main = (...args: any[]) => unknown;

/** A frame of a task's stack (Pymoult's frames, without their locals: see getCurrentFrames). */
export interface TaskFrame {
  functionName: string;
  file: string | undefined;
  /** Where the frame is now (1-based). */
  line: number;
  column: number;
  /** Where its function begins (1-based): what identifies the function. */
  functionLine: number;
  functionColumn: number;
  /** A caller suspended in an await. */
  async: boolean;
}

const RUNTIME_DIR = path.dirname(__dirname);

/** The current stack as TaskFrames, without the runtime's own frames. */
export function heldStack(): TaskFrame[] {
  const out: TaskFrame[] = [];
  for (const c of stackFrames() ?? []) {
    const site = c as CallSiteLike & { getFunctionName?(): string | null; getLineNumber?(): number | null; getColumnNumber?(): number | null; isAsync?(): boolean };
    const file = scriptPath(site.getScriptNameOrSourceURL?.() ?? site.getFileName?.());
    if (file && (file.startsWith(RUNTIME_DIR + path.sep) || file.startsWith('node:'))) continue;
    out.push({
      functionName: site.getFunctionName?.() ?? '', file,
      line: site.getLineNumber?.() ?? 0, column: site.getColumnNumber?.() ?? 0,
      functionLine: site.getEnclosingLineNumber?.() ?? 0, functionColumn: site.getEnclosingColumnNumber?.() ?? 0,
      async: site.isAsync?.() ?? false,
    });
  }
  return out;
}

export interface TaskOptions {
  name?: string;
  main: Main;
  args?: unknown[];
  /** Active tasks run the active update function themselves at their update points. */
  active?: boolean;
}

/** Raised at an update point by rebootFunction: the rest of `f` is replaced by `g(captured)`. */
export class FunctionReboot {
  constructor(readonly f: Main, readonly run: () => unknown) {}
}

interface PendingFunctionReboot {
  f: Main;
  g: (captured: unknown) => unknown;
  captureState: (state: unknown) => unknown;
}

const current = new AsyncLocalStorage<DsuTask>();
const byName = new Map<string, DsuTask>();
/** Every task created and not finished (Pymoult's threading.enumerate()). */
const live = new Set<DsuTask>();
let activeUpdateFunction: ((task: DsuTask) => unknown) | null = null;
let taskCounter = 0;

export class DsuTask {
  readonly name: string;
  main: Main;
  args: unknown[];
  /** Active: runs the active update function itself at its update points (setActive/setPassive). */
  active: boolean;
  /** Set by setActiveUpdateFunction(fn, task): run once at this task's next update point. */
  activeUpdateFunction: ((task: DsuTask) => unknown) | null = null;
  suspended = false;
  /** Where the task is waiting, when it is held at an update point. */
  atPoint: { name?: string; state?: unknown } | null = null;
  /**
   * The task's stack while it is held (at an update point or in task.sleep): its frames, the
   * suspended async callers included, innermost first, the runtime's own left out. JavaScript
   * shows a stack only while code runs: this one is taken as the task stops.
   */
  heldFrames: TaskFrame[] | null = null;
  /** An update asked this task to stop at its next update point (static points). */
  pointRequestedBy: string | null = null;
  /** The daemon's id of the update that asked for the point or the reboot (streamed by `moult update`). */
  requestedByUpdateId: string | undefined;
  rebootRequested = false;
  functionReboot: PendingFunctionReboot | null = null;
  activeUpdatePending = false;
  private resumeWaiters: (() => void)[] = [];
  private pointWaiters = new Set<() => void>();
  private sleepAbort = new AbortController();
  private runPromise: Promise<unknown> | null = null;
  private released: (() => void) | null = null;

  constructor(opts: TaskOptions) {
    if (!opts || typeof opts.main !== 'function') throw new TypeError('new DsuTask({main}): main must be a function');
    this.name = opts.name ?? `task-${++taskCounter}`;
    this.main = opts.main;
    this.args = opts.args ?? [];
    this.active = opts.active ?? false;
    byName.set(this.name, this);
    live.add(this);
  }

  start(): this {
    if (!this.runPromise) this.runPromise = current.run(this, () => this.run());
    return this;
  }

  join(): Promise<unknown> {
    return this.runPromise ?? Promise.resolve(undefined);
  }

  get started(): boolean {
    return this.runPromise !== null;
  }

  private async run(): Promise<unknown> {
    let rebooted = false;
    for (;;) {
      try {
        if (rebooted) emit('task.rebooted', `task ${this.name} rebooted`, { task: this.name, ...(this.requestedByUpdateId ? { update_id: this.requestedByUpdateId } : {}) });
        rebooted = false;
        return await this.main(...this.args);
      } catch (err) {
        if (err instanceof RebootError) {
          rebooted = true;
          continue;
        }
        if (err instanceof FunctionReboot && err.f === this.main) return await err.run();
        throw err;
      } finally {
        if (!rebooted) {
          if (byName.get(this.name) === this) byName.delete(this.name);
          live.delete(this);
        }
      }
    }
  }

  /** Logical pause: the task does not run past its next update point or task.sleep() until resumed. */
  suspend(): void {
    if (this.suspended) return;
    this.suspended = true;
  }

  setActive(): void {
    this.active = true;
  }

  setPassive(): void {
    this.active = false;
  }

  resume(): void {
    this.suspended = false;
    this.pointRequestedBy = null;
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    for (const w of waiters) w();
  }

  /** An abortable sleep that honours suspension and reboots. */
  async sleep(ms: number): Promise<void> {
    await sleepUnrefOrRef(ms, this.sleepAbort.signal);
    await this.checkpoint(undefined, undefined, false);
  }

  /** Resolves when the task is held at an update point (or false after timeoutMs). */
  waitForPoint(timeoutMs: number): Promise<boolean> {
    if (this.atPoint) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (v: boolean): void => {
        this.pointWaiters.delete(onPoint);
        clearTimeout(t);
        resolve(v);
      };
      const onPoint = (): void => done(true);
      const t = setTimeout(() => done(false), timeoutMs);
      t.unref();
      this.pointWaiters.add(onPoint);
    });
  }

  /** Interrupts a task.sleep() so that a reboot takes effect now. */
  interruptSleep(): void {
    this.sleepAbort.abort();
    this.sleepAbort = new AbortController();
  }

  /** The body of updatePoint() for this task. */
  async checkpoint(name: string | undefined, state: unknown, isPoint = true): Promise<void> {
    if (this.rebootRequested) {
      this.rebootRequested = false;
      throw new RebootError();
    }
    const own = this.activeUpdateFunction;
    if (isPoint && this.active && (own || (this.activeUpdatePending && activeUpdateFunction))) {
      // Pymoult's start_update: the thread's own function, run once; else the global one.
      const fn = own ?? activeUpdateFunction!;
      if (own) this.activeUpdateFunction = null;
      else this.activeUpdatePending = false;
      try {
        await fn(this);
      } catch (err) {
        emit('update.failed', `active update function failed in task ${this.name}: ${errorMessage(err)}`, { task: this.name, error: errorMessage(err) }, 'error');
      }
    }
    if (isPoint && this.pointRequestedBy !== null) {
      emit('update.point.arrived', `task ${this.name} reached update point${name ? ` ${name}` : ''}`, {
        task: this.name, ...(name ? { point: name } : {}), update: this.pointRequestedBy,
        ...(this.requestedByUpdateId ? { update_id: this.requestedByUpdateId } : {}),
      });
      this.suspended = true;
      this.atPoint = { name, state };
      for (const w of [...this.pointWaiters]) w();
    }
    if (this.suspended) {
      this.atPoint ??= { name, state };
      this.heldFrames = heldStack();
      const release = holdAlive();
      try {
        await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
      } finally {
        release();
      }
    }
    const heldAt = this.atPoint;
    this.atPoint = null;
    this.heldFrames = null;
    if (this.rebootRequested) {
      this.rebootRequested = false;
      throw new RebootError();
    }
    const fr = this.functionReboot;
    if (fr && isPoint) {
      this.functionReboot = null;
      const captured = fr.captureState(heldAt ? heldAt.state : state);
      throw new FunctionReboot(fr.f, () => fr.g(captured));
    }
  }
}

function sleepUnrefOrRef(ms: number, signal: AbortSignal): Promise<void> {
  // A task's own sleep is the app's work, so it keeps the app alive like any timer would.
  const release = holdAlive();
  return sleepUnref(ms, signal).finally(release);
}

export function currentTask(): DsuTask | undefined {
  return current.getStore();
}

/** Where the current task may be suspended, rebooted, or run its active update. */
export async function updatePoint(name?: string, state?: unknown): Promise<void> {
  const task = current.getStore();
  if (!task) return;
  if (!task.rebootRequested && !task.suspended && task.pointRequestedBy === null && !task.functionReboot && !task.activeUpdatePending && !task.activeUpdateFunction) return;
  await task.checkpoint(name, state);
}

/** Every task that exists and has not finished. */
export function allTasks(): DsuTask[] {
  return [...live];
}

export function getTaskByName(name: string): DsuTask | undefined {
  return byName.get(name);
}

/**
 * The function active tasks run at an update point. With a task (Pymoult's
 * set_active_update_function(function, thread)): that task's own, run once at its next update
 * point if it is active; without: the one every active task runs after startActiveUpdate().
 */
export function setActiveUpdateFunction(fn: ((task: DsuTask) => unknown) | null, task?: DsuTask): void {
  if (task) task.activeUpdateFunction = fn;
  else activeUpdateFunction = fn;
}

/** Active tasks run the active update function at their next update point. */
export function startActiveUpdate(): void {
  for (const t of live) if (t.active) t.activeUpdatePending = true;
}
