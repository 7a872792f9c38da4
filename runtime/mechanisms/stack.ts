// Stack manipulation for tasks: reboot a task, switch its main, reboot a function from the
// state captured at an update point.
import { MoultRuntimeError } from '../core/errors';
import { journal } from '../core/journal';
import type { DsuTask } from '../dsu/task';
import { currentUpdate } from '../dsu/manager';

type Main = (...args: any[]) => unknown;

/** The task restarts its main at its next update point (at once if it is held at one). */
export function resetTask(task: DsuTask): void {
  task.rebootRequested = true;
  task.requestedByUpdateId = currentUpdate()?.updateId ?? task.requestedByUpdateId;
  task.interruptSleep();
  journal(`reset task ${task.name}`, () => { task.rebootRequested = false; });
}

export function switchMain(task: DsuTask, main: Main, args?: unknown[]): void {
  if (typeof main !== 'function') throw new MoultRuntimeError('EBADARG', 'switchMain(task, main): main must be a function');
  const before = { main: task.main, args: task.args };
  task.main = main;
  if (args) task.args = args;
  journal(`switch main of ${task.name}`, () => { task.main = before.main; task.args = before.args; });
}

/**
 * At the update point inside f where the task is held when it resumes (else at its next one),
 * captureState receives that point's state and g(captured) runs in place of the rest of f.
 * In JavaScript a frame cannot be unwound to from outside, so f must be the task's main.
 */
export function rebootFunction(task: DsuTask, f: Main, g: (captured: any) => unknown, captureState: (state: any) => unknown = (s) => s): void {
  if (f !== task.main) {
    throw new MoultRuntimeError('EUNSUPPORTED', `rebootFunction: ${f.name || 'f'} is not the main of task ${task.name}; only a task's main can be rebooted`);
  }
  task.functionReboot = { f, g, captureState };
  journal(`reboot ${f.name} in ${task.name}`, () => { task.functionReboot = null; });
}
