// moult/runtime: the API that managed apps and update modules use (SPEC section 5).
export { log, ready } from './core/log';
export { RebootError, MoultRuntimeError } from './core/errors';
export { DsuTask, updatePoint, getTaskByName, setActiveUpdateFunction, startActiveUpdate, currentTask } from './dsu/task';
export { Update, type Requirement, type UpdateOptions } from './dsu/update';
export { Manager, type ManagerOptions } from './dsu/manager';
export { ThreadedManager } from './dsu/threaded-manager';
export { fetchManager } from './dsu/manager';
export { isApplied } from './dsu/ledger';
export {
  SafeRedefineUpdate, SafeRedefineMethodUpdate, EagerConversionUpdate, LazyConversionUpdate,
  TaskRebootUpdate, HeapTraversalUpdate,
} from './updates';
export { Listener, PipeListener } from './host/listeners';
export {
  isFunctionActive, checkQuiescenceOfFunction, checkQuiescenceOfFunctions, waitQuiescenceOfFunction,
  waitQuiescenceOfFunctions, setupForceQuiescence, waitForceQuiescence, checkForceQuiescence,
  cleanForceQuiescence, cleanFailedForceQuiescence, setupWaitStaticPoints, waitStaticPoints,
  checkStaticPointsReached, cleanFailedStaticPoints, resumeSuspendedTasks,
} from './mechanisms/alterability';
export { redefineFunction } from './mechanisms/relink';
export {
  DataAccessor, startEagerUpdate, startLazyUpdate, updateToClass, addFieldToClass, addMethodToClass,
  redefineClass, applyMixinToObject, instancesOf,
} from './mechanisms/data';
export { HeapWalker, traverseHeap } from './mechanisms/heap-walker';
export { updateLocalVar, updateLocalVarInTask } from './mechanisms/local-vars';
export { resetTask, switchMain, rebootFunction } from './mechanisms/stack';
export type { UpdateContext } from './dsu/update-loader';
