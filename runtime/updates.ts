// The ready-made updates of Pymoult's high-level API.
import { Update, type UpdateOptions } from './dsu/update';
import { checkQuiescenceOfFunction, waitQuiescenceOfFunction, setupWaitStaticPoints, waitStaticPoints, checkStaticPointsReached, cleanFailedStaticPoints } from './mechanisms/alterability';
import { redefineFunction } from './mechanisms/relink';
import { startEagerUpdate, startLazyUpdate } from './mechanisms/data';
import { traverseHeap, type HeapWalker } from './mechanisms/heap-walker';
import { resetTask, switchMain } from './mechanisms/stack';
import { MoultRuntimeError } from './core/errors';
import type { DsuTask } from './dsu/task';

type Fn = (...args: any[]) => any;
type Class = abstract new (...args: any[]) => object;

/** Waits until f is quiescent, then every reference to f runs g. */
export class SafeRedefineUpdate extends Update {
  constructor(readonly module: unknown, readonly f: Fn, readonly g: Fn, opts: UpdateOptions = {}) {
    super(opts);
    if (typeof f !== 'function' || typeof g !== 'function') throw new MoultRuntimeError('EBADARG', `SafeRedefineUpdate ${this.name}: f and g must be functions`);
  }
  override checkAlterability(): boolean { return checkQuiescenceOfFunction(this.f); }
  override waitAlterability(): Promise<boolean> { return waitQuiescenceOfFunction(this.f); }
  override apply(): void { redefineFunction(this.module, this.f, this.g); }
}

/** The same for a method of a class: instances, stored bound references and subclasses follow. */
export class SafeRedefineMethodUpdate extends SafeRedefineUpdate {
  constructor(cls: Class, method: string | Fn, newMethod: Fn, opts: UpdateOptions = {}) {
    const f = typeof method === 'string' ? (cls.prototype as Record<string, Fn>)[method] : method;
    if (typeof f !== 'function') throw new MoultRuntimeError('EBADARG', `SafeRedefineMethodUpdate: ${cls.name} has no method ${String(method)}`);
    // Pymoult sets the class attribute: here the prototype's property (a static one: the class's).
    const proto = cls.prototype as object;
    super(Object.values(Object.getOwnPropertyDescriptors(proto)).some((d) => d.value === f) ? proto : cls, f, newMethod, opts);
  }
}

export interface ConversionOptions extends UpdateOptions {
  /** A module whose bindings to the old class move to the new one. */
  module?: unknown;
}

/** Converts every live instance of cls when the update applies. */
export class EagerConversionUpdate extends Update {
  readonly module: unknown;
  converted = 0;
  constructor(readonly cls: Class, readonly newCls: Class, readonly transformer?: (obj: any) => void, opts: ConversionOptions = {}) {
    super(opts);
    this.module = opts.module;
  }
  override checkAlterability(): boolean { return true; }
  override apply(): void { this.converted = startEagerUpdate(this.cls, this.newCls, this.transformer, this.module); }
}

/** Converts each live instance of cls on its first use after the update. */
export class LazyConversionUpdate extends Update {
  readonly module: unknown;
  constructor(readonly cls: Class, readonly newCls: Class, readonly transformer?: (obj: any) => void, opts: ConversionOptions = {}) {
    super(opts);
    this.module = opts.module;
  }
  override checkAlterability(): boolean { return true; }
  override apply(): void { startLazyUpdate(this.cls, this.newCls, this.transformer, this.module); }
}

/** At its next update point the task restarts with a new main (Pymoult's ThreadRebootUpdate). */
export class TaskRebootUpdate extends Update {
  constructor(readonly task: DsuTask, readonly newMain: Fn, readonly args: unknown[] = [], opts: UpdateOptions = {}) {
    super({ tasks: [task], ...opts });
  }
  override preupdateSetup(): void { setupWaitStaticPoints([this.task]); }
  override checkAlterability(): boolean { return checkStaticPointsReached([this.task]); }
  override waitAlterability(): Promise<boolean> { return waitStaticPoints([this.task]); }
  override cleanFailedAlterability(): void { cleanFailedStaticPoints([this.task]); }
  override apply(): void {
    switchMain(this.task, this.newMain, this.args);
    resetTask(this.task);
  }
}

export interface HeapTraversalOptions extends UpdateOptions {
  /** Where the traversal starts: module exports objects (default: the app's entry module). */
  modules?: unknown[];
}

export class HeapTraversalUpdate extends Update {
  readonly modules: unknown[];
  visited = 0;
  constructor(readonly walker: HeapWalker, opts: HeapTraversalOptions = {}) {
    super(opts);
    this.modules = opts.modules ?? [(process as { mainModule?: NodeJS.Module }).mainModule?.exports].filter(Boolean);
  }
  override checkAlterability(): boolean { return true; }
  override apply(): void { this.visited = traverseHeap(this.walker, this.modules); }
}
