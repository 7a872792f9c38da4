// Pymoult's generatePreconfiguredManager(managerClass, updateClass, **attributes): a manager class
// bound to one kind of update, whose addUpdate takes a bundle of that update's arguments
// ({args: [...]}) and makes the update itself. (Pymoult's own version refers to an undefined
// `update` and cannot run; this is what its docstring describes.)
import { MoultRuntimeError } from '../core/errors';
import { ManagerBase, type ManagerOptions } from './manager';
import { Update } from './update';

export interface UpdateBundle { args: unknown[] }

type ManagerClass = new (opts?: ManagerOptions) => ManagerBase;
type UpdateClass = new (...args: any[]) => Update;

export function generatePreconfiguredManager<M extends ManagerClass>(managerClass: M, updateClass: UpdateClass, attributes: Record<string, unknown> = {}): M {
  if (typeof managerClass !== 'function' || !(managerClass.prototype instanceof ManagerBase)) {
    throw new MoultRuntimeError('EBADARG', 'generatePreconfiguredManager: the first argument must be a manager class (Manager, ThreadedManager or a subclass)');
  }
  if (typeof updateClass !== 'function' || (updateClass !== Update && !(updateClass.prototype instanceof Update))) {
    throw new MoultRuntimeError('EBADARG', 'generatePreconfiguredManager: the second argument must be an Update class');
  }
  const Base = managerClass as ManagerClass;
  class PreconfiguredManager extends Base {
    constructor(opts?: ManagerOptions) {
      super(opts);
      Object.assign(this, attributes);
    }

    /** A bundle of the update class's arguments ({args}), or an update made already. */
    override addUpdate(bundle: UpdateBundle | Update): void {
      if (bundle instanceof Update) return super.addUpdate(bundle);
      if (!bundle || !Array.isArray(bundle.args)) throw new MoultRuntimeError('EBADARG', `manager ${this.name}: addUpdate expects a bundle {args: [...]} for ${updateClass.name}`);
      const update = new updateClass(...bundle.args) as Update & { bundle?: UpdateBundle };
      update.bundle = bundle;
      super.addUpdate(update);
    }
  }
  return PreconfiguredManager as unknown as M;
}
