// moult/runtime: the API that managed apps and update modules use (SPEC section 5).
export { log, ready } from './log';
export { RebootError, MoultRuntimeError } from './errors';
export { DsuTask, updatePoint, getTaskByName, setActiveUpdateFunction, startActiveUpdate, currentTask } from './task';
export { Update, type Requirement, type UpdateOptions } from './update';
export { Manager, type ManagerOptions } from './manager';
export { ThreadedManager } from './threaded-manager';
export { fetchManager, isApplied } from './registry';
export {
  SafeRedefineUpdate, SafeRedefineMethodUpdate, EagerConversionUpdate, LazyConversionUpdate,
  TaskRebootUpdate, HeapTraversalUpdate,
} from './updates';
export { Listener, PipeListener } from './listeners';
export {
  isFunctionActive, checkQuiescenceOfFunction, checkQuiescenceOfFunctions, waitQuiescenceOfFunction,
  waitQuiescenceOfFunctions, setupForceQuiescence, waitForceQuiescence, checkForceQuiescence,
  cleanForceQuiescence, cleanFailedForceQuiescence, setupWaitStaticPoints, waitStaticPoints,
  checkStaticPointsReached, cleanFailedStaticPoints, resumeSuspendedTasks,
} from './alterability';
export { redefineFunction } from './relink';
export {
  DataAccessor, startEagerUpdate, startLazyUpdate, updateToClass, addFieldToClass, addMethodToClass,
  redefineClass, applyMixinToObject, instancesOf,
} from './data';
export { HeapWalker, traverseHeap } from './heap-walker';
export { updateLocalVar, updateLocalVarInTask } from './local-vars';
export { resetTask, switchMain, rebootFunction } from './stack';
export type { UpdateContext } from './update-loader';
