// An update module as a user writes it in TypeScript (CommonJS project): moult/runtime's types.
import { SafeRedefineUpdate, Update, ThreadedManager, DsuTask, updatePoint, log, redefineFunction, type UpdateContext, type Requirement } from 'moult/runtime';

class Migrate extends Update {
  override checkRequirements(): Requirement {
    return 'yes';
  }
  override apply(): void {
    log('migrated');
  }
}

const manager = new ThreadedManager({ name: 'web' });
const task = new DsuTask({ name: 'loop', main: async () => { await updatePoint('tick', { n: 1 }); } });
task.start();

export default (ctx: UpdateContext): Update[] => {
  const render = ctx.fn('server.js', 'render');
  redefineFunction(ctx.main, render, (n: number) => `v2 ${n}`);
  return [new SafeRedefineUpdate(ctx.main, ctx.main.render, (n: number) => `v2 ${n}`), new Migrate({ name: 'migrate' })];
};
void manager;
