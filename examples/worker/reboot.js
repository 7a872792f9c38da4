// moult update worker examples/worker/reboot.js
// At its next update point the worker task is rebooted with a new main loop. The new loop takes
// batches of jobs and keeps counting from the shared state: no job is lost or done twice.
const { TaskRebootUpdate, log, updatePoint } = require('moult/runtime');
const { setTimeout: sleep } = require('node:timers/promises');

async function batchMain(state, batch) {
  for (;;) {
    await updatePoint('between-jobs', state);
    const first = state.done + 1;
    const jobs = Array.from({ length: batch }, (_, i) => first + i);
    log(`v2 jobs ${jobs.join(',')} -> ${jobs.map((j) => j * j).join(',')}`);
    state.done += batch;
    await sleep(1000);
  }
}

module.exports = (ctx) => {
  const { task, state } = ctx.main;
  // TaskRebootUpdate waits until the task is held at an update point, switches its main to
  // batchMain(state, 3) and reboots it there.
  return new TaskRebootUpdate(task, batchMain, [state, 3], { name: 'batch-worker' });
};
