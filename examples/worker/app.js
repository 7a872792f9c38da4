// A worker: a DsuTask that takes a job, does it, and passes an update point between jobs. Its
// progress lives in `state`, outside the task, so a rebooted task carries on where it stopped.
const { DsuTask, log, updatePoint } = require('moult/runtime');
const { setTimeout: sleep } = require('node:timers/promises');

const state = { done: 0 };

// Async, and awaited by its caller: that is what lets an update hold new calls of it at its
// entry (forced quiescence, see docs/update-authoring.md).
async function work(job) {
  return job * job;
}

async function main() {
  let delay = 1000; // ms between jobs
  for (;;) {
    // Between two jobs nothing is half done: a safe place to suspend or reboot the task.
    await updatePoint('between-jobs', state);
    const job = state.done + 1;
    log(`v1 job ${job} -> ${await work(job)}`);
    state.done = job;
    await sleep(delay);
  }
}

const task = new DsuTask({ name: 'worker', main });
module.exports = { state, work, main, task };
task.start();
