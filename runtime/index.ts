// moult/runtime: the API that managed apps and update modules use (SPEC section 5).
export { log, ready } from './core/log';
export { RebootError, MoultRuntimeError } from './core/errors';
export { DsuTask, updatePoint, getTaskByName, setActiveUpdateFunction, startActiveUpdate, currentTask } from './dsu/task';
export { Update, type Requirement, type UpdateOptions } from './dsu/update';
export { Manager } from './dsu/polled-manager';
export type { ManagerOptions } from './dsu/manager';
export { ThreadedManager } from './dsu/threaded-manager';
export { fetchManager } from './dsu/manager';
export { generatePreconfiguredManager, type UpdateBundle } from './dsu/preconfigured-manager';
export { isApplied } from './dsu/ledger';
export {
  SafeRedefineUpdate, SafeRedefineMethodUpdate, EagerConversionUpdate, LazyConversionUpdate,
  TaskRebootUpdate, HeapTraversalUpdate,
} from './updates';
export { Listener, PipeListener } from './host/listeners';
export {
  isFunctionActive, checkQuiescenceOfFunction, checkQuiescenceOfFunctions, waitQuiescenceOfFunction,
  waitQuiescenceOfFunctions, setupWaitStaticPoints, waitStaticPoints,
  checkStaticPointsReached, cleanFailedStaticPoints, resumeSuspendedTasks,
} from './mechanisms/alterability';
export {
  setupForceQuiescence, waitForceQuiescence, checkForceQuiescence, cleanForceQuiescence, cleanFailedForceQuiescence,
  type ForceQuiescenceHandle,
} from './mechanisms/forced-quiescence';
export { redefineFunction } from './mechanisms/relink';
export {
  getCurrentFrames, isFunctionInStack, isFunctionInAnyStack, isAnyCodeInAnyStack, isClassInAnyStack,
} from './mechanisms/stack-inspection';
export type { TaskFrame } from './dsu/task';
export {
  DataAccessor, startEagerUpdate, startLazyUpdate, updateToClass, addFieldToClass, addMethodToClass,
  redefineClass, instancesOf,
} from './mechanisms/data';
export { applyMixinToObject, generateMixinUser } from './mechanisms/mixins';
export { HeapWalker, traverseHeap } from './mechanisms/heap-walker';
export {
  GetItemRouter, SetItemRouter, addGetterRouter, addSetterRouter, removeRouters,
  type GetterRouterOptions, type SetterRouterOptions,
} from './mechanisms/routers';
export { updateLocalVar, updateLocalVarInTask } from './mechanisms/local-vars';
export { resetTask, switchMain, rebootFunction } from './mechanisms/stack';
export type { UpdateContext } from './dsu/update-loader';
